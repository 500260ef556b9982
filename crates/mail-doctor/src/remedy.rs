//! The remediation catalog: stable ids (they appear in JSON, scenario files
//! and snapshots) and who must act.
//!
//! # Why a fixed catalogue
//!
//! Support staff, scenario files and the JSON's consumers all name a
//! remediation by its id (`enable-imap`, `use-app-password`, …), so the ids
//! are a stable API: an id is never renamed or reused, only added. The
//! order follows the support article's ladder after the connection checks:
//! first make the connection work (settings, network, TLS), then the
//! sign-in from the most to the least common cause (password, IMAP
//! switched off, less secure apps, app password), then sending, temporary
//! conditions and account-level problems.
//!
//! # Who acts
//!
//! Each remediation has one [`Actor`] for the kind of account: a Workspace
//! administrator for domain settings, the user for personal settings, the
//! network's administrator for DNS, firewalls and interception. "Admin and
//! user" exists because Google's less-secure-apps switch has two levels in
//! Workspace: the administrator must first let users choose, and each user
//! must then switch it on. The classifier decides the actor
//! (`classify::actor_for`); the advice only says it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One remediation step. The ids are a stable API (DESIGN.md "Diagnosis").
///
/// `fix-connection-settings` covers every settings problem (host, port,
/// security, AUTH before STARTTLS); which one it is travels separately as
/// `classify::SettingsIssue`, so the id stays the one thing to look up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemediationId {
    /// Everything works.
    None,
    /// Wrong host, port or security mode (or AUTH before STARTTLS).
    FixConnectionSettings,
    /// The settings are right but the network does not get through
    /// (DNS, firewall, proxy).
    CheckNetwork,
    /// The certificate is not Google's: TLS is being intercepted (antivirus,
    /// proxy) or the server is not who it claims to be.
    CheckTlsInterception,
    /// The password (or app password) is not accepted: re-enter it.
    CheckPassword,
    /// Workspace admin: untick "Disable POP and IMAP access for all users".
    EnableImap,
    /// User: turn IMAP on in Gmail settings (until 2024-06-15).
    EnableImapUser,
    /// Workspace admin (and user): allow less secure apps (until the
    /// cut-off dates).
    AllowLessSecureApps,
    /// User: create an app password (2-Step Verification first).
    UseAppPassword,
    /// Workspace admin: allow sending through an external SMTP server.
    AllowExternalSmtp,
    /// A temporary condition: throttling, too many connections, Google
    /// errors, settings still propagating.
    RetryLater,
    /// The account is suspended.
    AccountSuspended,
    /// The OAuth token is invalid or expired: sign in with Google again.
    ReauthorizeOauth,
    /// User: Gmail rewrote the From address of the delivered copy to the
    /// account's own; add and verify the address under "Send mail as".
    AddSendAsAddress,
    /// Workspace admin: the SMTP relay service (smtp-relay.gmail.com)
    /// refused the sender, the client's IP or the missing SMTP AUTH.
    ConfigureSmtpRelay,
    /// The account reached Gmail's daily sending limit: wait, spread the
    /// sending, or move bulk mail elsewhere.
    SendingLimitReached,
    /// The domain's MX is not Google's: the mailbox is hosted elsewhere and
    /// the Gmail ladder does not apply (ask the mail provider the MX
    /// names, or point the MX at Google if the company moved there).
    NotAGoogleMailbox,
}

impl RemediationId {
    /// Every id, in catalog order.
    pub const ALL: [RemediationId; 17] = [
        RemediationId::None,
        RemediationId::FixConnectionSettings,
        RemediationId::CheckNetwork,
        RemediationId::CheckTlsInterception,
        RemediationId::CheckPassword,
        RemediationId::EnableImap,
        RemediationId::EnableImapUser,
        RemediationId::AllowLessSecureApps,
        RemediationId::UseAppPassword,
        RemediationId::AllowExternalSmtp,
        RemediationId::RetryLater,
        RemediationId::AccountSuspended,
        RemediationId::ReauthorizeOauth,
        RemediationId::AddSendAsAddress,
        RemediationId::ConfigureSmtpRelay,
        RemediationId::SendingLimitReached,
        RemediationId::NotAGoogleMailbox,
    ];

    /// The stable id text.
    pub fn as_str(self) -> &'static str {
        match self {
            RemediationId::None => "none",
            RemediationId::FixConnectionSettings => "fix-connection-settings",
            RemediationId::CheckNetwork => "check-network",
            RemediationId::CheckTlsInterception => "check-tls-interception",
            RemediationId::CheckPassword => "check-password",
            RemediationId::EnableImap => "enable-imap",
            RemediationId::EnableImapUser => "enable-imap-user",
            RemediationId::AllowLessSecureApps => "allow-less-secure-apps",
            RemediationId::UseAppPassword => "use-app-password",
            RemediationId::AllowExternalSmtp => "allow-external-smtp",
            RemediationId::RetryLater => "retry-later",
            RemediationId::AccountSuspended => "account-suspended",
            RemediationId::ReauthorizeOauth => "reauthorize-oauth",
            RemediationId::AddSendAsAddress => "add-send-as-address",
            RemediationId::ConfigureSmtpRelay => "configure-smtp-relay",
            RemediationId::SendingLimitReached => "sending-limit-reached",
            RemediationId::NotAGoogleMailbox => "not-a-google-mailbox",
        }
    }
}

impl fmt::Display for RemediationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown id is an error that lists every known id, so a typo in a
/// scenario file or a `--tried` flag says at once what was meant.
impl FromStr for RemediationId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RemediationId::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown remediation id {s:?}; known ids: {}",
                    RemediationId::ALL
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

/// Who has to act.
///
/// Stable kebab-case names in the JSON (`workspace-admin`, …), like the
/// remediation ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// Nobody: it works.
    Nobody,
    /// The mailbox owner.
    User,
    /// The Google Workspace administrator.
    WorkspaceAdmin,
    /// The administrator first, then each user.
    AdminAndUser,
    /// Whoever runs the network (IT, the CRM host's administrator).
    NetworkAdmin,
    /// Whoever manages the company's mail and its domain's DNS (the
    /// customer or their IT): for a mailbox that is not at Google, no Google
    /// administrator can help.
    MailAdmin,
}
