//! The classifier's rules: one typed value per way of reaching a
//! remediation.
//!
//! A rule names *why* the classifier chose what it chose, at a finer grain
//! than the remediation id: `check-tls-interception` can be
//! [`Rule::TlsExpired`] or [`Rule::TlsCaUsedAsEndEntity`], and the report
//! words them differently. The rule is stable API — it appears in JSON
//! reports, scenario snapshots and support tickets — so each variant keeps
//! the dotted string it has always had (`tls.expired`). Being an enum, the
//! compiler checks every place that reads one (rustls's `Error` variants
//! and clippy's lint names are the models): a rename cannot silently leave
//! a report text behind, which is what a source-scanning test used to
//! check.
//!
//! The strings read `area.finding[.detail]`: `auth.*` for sign-in
//! refusals, `auth.invalid-credentials.ladder.*` for the rungs of the
//! ambiguous "Invalid credentials" ladder, `tls.*` for the handshake,
//! `dns.*`/`connect.*`/`greeting.*` for reaching the server, `send.*` for
//! the envelope.

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`Rule`] from one table, so the variant, its documentation and
/// its stable string cannot drift apart, and [`Rule::ALL`] lists every one.
macro_rules! rules {
    ($( $(#[doc = $doc:literal])* $variant:ident => $id:literal, )*) => {
        /// Why the classifier chose its remediation (see the module docs).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable dotted id (`"tls.expired"`), as in JSON and
            /// snapshots.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Rule::$variant => $id, )*
                }
            }
        }
    };
}

rules! {
    /// Every probe passed: nothing to fix.
    AllProbesPassed => "all-probes-passed",

    // Sign-in refusals that name their cause.

    /// Gmail said "Application-specific password required" (IMAP `[ALERT]`,
    /// SMTP `534 5.7.9` with that text): 2-Step Verification is on.
    AuthAppPasswordRequired => "auth.app-password-required",
    /// "IMAP access is disabled for your domain": the Workspace admin's
    /// switch.
    AuthImapDisabledDomain => "auth.imap-disabled-domain",
    /// "Your account is not enabled for IMAP use": the user's own switch.
    AuthImapDisabledUser => "auth.imap-disabled-user",
    /// "Too many simultaneous connections": other clients hold the
    /// account's IMAP connections.
    AuthTooManyConnections => "auth.too-many-connections",
    /// The account is suspended or disabled.
    AuthSuspended => "auth.suspended",
    /// `530 5.7.0 Must issue a STARTTLS command first` (or IMAP
    /// `[PRIVACYREQUIRED]`): the security mode is wrong.
    AuthMustStarttls => "auth.must-starttls",
    /// "IMAP access is disabled for your domain" again after the admin
    /// enabled IMAP: the change may still be propagating (up to 24 h).
    AuthImapDisabledDomainPropagating => "auth.imap-disabled-domain.propagating",
    /// Security "none" was typed: the doctor refuses to send a secret in
    /// plaintext, and so would any sane client.
    AuthUnencrypted => "auth.unencrypted",

    // "Please log in via your web browser" (WEBALERT, 5.7.14): a password
    // sign-in blocked as a less secure app. What helps depends on the era.

    /// Web login required while less secure apps still exist: allow them.
    AuthWebLoginLessSecure => "auth.web-login.less-secure",
    /// Web login required after less secure apps were allowed: the change
    /// may still be propagating (up to 24 h).
    AuthWebLoginPropagating => "auth.web-login.propagating",
    /// Web login required when less secure apps are gone (or did not help):
    /// an app password.
    AuthWebLoginAppPassword => "auth.web-login.app-password",
    /// Web login required for a Workspace account between 2024-06-15 and
    /// the cut-off: the Admin console no longer offers the setting to a
    /// domain that was not using it, so an app password.
    AuthWebLoginSettingGone => "auth.web-login.setting-gone",
    /// Web login required although less secure apps were allowed and the
    /// change had time to propagate: most often the switch was turned on
    /// in another (private) Google account; allow them again, signed in as
    /// the right one.
    AuthWebLoginCheckAccount => "auth.web-login.check-account",

    // "Invalid credentials" (`[AUTHENTICATIONFAILED]`, `535 5.7.8`): a wrong
    // secret *or* a blocked sign-in — Gmail used the same words for both.

    /// The secret was an OAuth token and Gmail answered "Invalid
    /// credentials": sign in with Google again.
    AuthInvalidCredentialsOauth => "auth.invalid-credentials.oauth",
    /// The secret looked like an app password: it was revoked or mistyped.
    AuthInvalidCredentialsAppPassword => "auth.invalid-credentials.app-password",
    /// The first rung: check the password itself.
    AuthInvalidCredentialsCheckPassword => "auth.invalid-credentials.check-password",
    /// After the cut-off for the account's kind, a correct account
    /// password gets the same "Invalid credentials" as a wrong one: the
    /// first rung is an app password, the password itself the next.
    AuthInvalidCredentialsAfterCutoff => "auth.invalid-credentials.after-cut-off",
    /// The password was checked; less secure apps still exist: allow them.
    AuthLadderLessSecure => "auth.invalid-credentials.ladder.less-secure",
    /// Less secure apps were allowed; the change may still be propagating.
    AuthLadderPropagating => "auth.invalid-credentials.ladder.propagating",
    /// The earlier rungs were tried (or no longer exist): an app password.
    AuthLadderAppPassword => "auth.invalid-credentials.ladder.app-password",
    /// Every rung was tried and the secret is still refused: the password
    /// or the address itself must be wrong.
    AuthLadderExhausted => "auth.invalid-credentials.ladder.exhausted",

    // OAuth.

    /// Google answered XOAUTH2 with its JSON error challenge: the token is
    /// expired, revoked or lacks the mail scope.
    OauthTokenRefused => "oauth.token-refused",

    // Where the mailbox is (the login domain's MX records).

    /// The domain's mail exchangers are all outside Google: the mailbox is
    /// hosted elsewhere.
    MxElsewhere => "mx.elsewhere",
    /// The domain exists without MX records: its mail goes to the
    /// domain's own address (RFC 5321 §5.1), not to Google.
    MxNone => "mx.none",
    /// The login's domain does not exist (NXDOMAIN): the address is wrong.
    MxNoSuchDomain => "mx.no-such-domain",

    // Reaching the server.

    /// The typed host does not exist (and it is not Gmail's).
    DnsNoSuchHost => "dns.no-such-host",
    /// Gmail's own host name does not resolve: the network's DNS.
    DnsFailed => "dns.failed",
    /// Nothing listens on the typed (non-Gmail) port.
    ConnectRefused => "connect.refused",
    /// No answer to the connection attempt on non-Gmail settings.
    ConnectTimeout => "connect.timeout",
    /// Gmail's settings, yet the connection is refused (or fails
    /// otherwise): a firewall that rejects outgoing mail ports.
    ConnectBlocked => "connect.blocked",
    /// Gmail's settings, yet the connection attempt gets no answer: a
    /// firewall that silently drops outgoing mail ports.
    ConnectFiltered => "connect.filtered",
    /// The server closed the connection on correct settings.
    ConnectionDropped => "connection.dropped",
    /// The server's bytes could not be read as the protocol mid-session.
    ConnectionGarbled => "connection.garbled",

    // The greeting.

    /// The server closed before greeting, on non-Gmail settings.
    GreetingClosed => "greeting.closed",
    /// The greeting is the other protocol's (`220` on the IMAP setting,
    /// `* OK` on the SMTP one).
    GreetingOtherProtocol => "greeting.other-protocol",
    /// The greeting is neither protocol.
    GreetingGarbage => "greeting.garbage",
    /// STARTTLS or none was chosen, and the server says nothing: it waits
    /// for a TLS ClientHello (993 or 465).
    GreetingSilentTlsPort => "greeting.silent-tls-port",

    // STARTTLS.

    /// STARTTLS was chosen but the server does not offer it.
    StarttlsNotOffered => "starttls.not-offered",
    /// The server refused the STARTTLS command.
    StarttlsRefused => "starttls.refused",

    // The TLS handshake (see `probe::tls::TlsFailure`).

    /// Gmail's SSL port answered in plaintext: something on the network
    /// answers instead of Google.
    TlsPlaintextOnSslPort => "tls.plaintext-on-ssl-port",
    /// SSL was chosen, but the port's first bytes are not TLS: it is a
    /// STARTTLS or plaintext port.
    TlsPlaintextPort => "tls.plaintext-port",
    /// The server closed the connection on the ClientHello without a
    /// word, on non-Gmail settings (what plaintext servers do).
    TlsClosed => "tls.closed",
    /// The certificate's issuer is not trusted (interception, or a test CA
    /// not given with `--ca-file`).
    TlsUnknownIssuer => "tls.unknown-issuer",
    /// The certificate has expired (or the local clock is wrong).
    TlsExpired => "tls.expired",
    /// The certificate is not valid yet (the local clock is behind).
    TlsNotYetValid => "tls.not-yet-valid",
    /// The certificate is for another name although the host is Gmail's.
    TlsNameMismatch => "tls.name-mismatch",
    /// The certificate is for another name and the typed host is not
    /// Gmail's: the host setting is wrong.
    TlsNameMismatchHost => "tls.name-mismatch.host",
    /// The server presents a CA certificate as its own (a self-signed
    /// certificate with `CA:TRUE`, as Dovecot's test certificate is).
    TlsCaUsedAsEndEntity => "tls.ca-used-as-end-entity",
    /// The certificate has been revoked (or its revocation status cannot
    /// be known).
    TlsRevoked => "tls.revoked",
    /// The certificate cannot be used: malformed, not for servers, no
    /// certificate at all, or signed with an algorithm that cannot be
    /// checked.
    TlsBadCertificate => "tls.bad-certificate",
    /// The server refused the handshake with a TLS alert.
    TlsHandshakeRefused => "tls.handshake-refused",
    /// Client and server share no TLS version or cipher suite.
    TlsIncompatible => "tls.incompatible",
    /// The handshake failed otherwise (the peer speaks TLS badly, or a
    /// local problem).
    TlsFailed => "tls.failed",
    /// Gmail's settings, and the handshake did not finish in time.
    TlsTimeout => "tls.timeout",
    /// The handshake did not finish in time on non-Gmail settings.
    TlsTimeoutNonGmailSettings => "tls.timeout.non-gmail-settings",

    // Waiting for answers.

    /// No answer within the time limit on Gmail's settings.
    ServerTimeout => "server.timeout",
    /// No answer within the time limit on non-Gmail settings.
    TimeoutNonGmailSettings => "timeout.non-gmail-settings",
    /// A recognised temporary condition (4xx, `[UNAVAILABLE]`,
    /// `[THROTTLED]`, `* BYE`, "try again later").
    ServerTemporary => "server.temporary",
    /// A refusal nobody recognised outside sign-in and sending.
    ServerUnrecognised => "server.unrecognised",

    // Sending.

    /// MAIL/RCPT/DATA refused by policy (`550 5.7.1`, relay denied): the
    /// admin's external-SMTP setting.
    SendRefusedByPolicy => "send.refused-by-policy",
    /// MAIL/RCPT/DATA refused in words nobody recognised (since 2026-12
    /// `retry-later` with the reply quoted, no longer `allow-external-smtp`).
    SendUnrecognised => "send.unrecognised",
    /// The same sending refusal after the admin allowed per-user outbound
    /// gateways: the change may still be propagating (up to 24 h).
    SendRefusedByPolicyPropagating => "send.refused-by-policy.propagating",
    /// A `5.7.x` policy refusal in unknown words while the CRM sends as
    /// another address than the login: most likely the admin's per-user
    /// gateway setting.
    SendPolicyCodeSendAs => "send.policy-code.send-as",
    /// The unworded policy refusal again after the admin allowed per-user
    /// outbound gateways: the change may still be propagating.
    SendPolicyCodeSendAsPropagating => "send.policy-code.send-as.propagating",
    /// `550 5.4.5 Daily user sending limit exceeded` (or `… quota
    /// exceeded`): the account's daily sending limit.
    SendDailyLimit => "send.daily-limit",
    /// The SMTP relay service: "Mail relay denied" (not set up for this
    /// client or its IP).
    SendRelayDenied => "send.relay.denied",
    /// The SMTP relay service: the sender is not in the organisation's
    /// domains ("Invalid credentials for relay … doesn't match domain").
    SendRelaySenderNotInDomains => "send.relay.sender-not-in-domains",
    /// The SMTP relay service requires SMTP AUTH and the client did not
    /// authenticate.
    SendRelayAuthRequired => "send.relay.auth-required",
    /// The relay service refused again after the admin configured it: the
    /// change may still be propagating (up to 24 h).
    SendRelayPropagating => "send.relay.propagating",
    /// The test message was sent but never arrived in the INBOX.
    SendTestNotDelivered => "send-test.not-delivered",
    /// The test message arrived with the account's own From address
    /// instead of the one it was sent as: Gmail rewrote it.
    SendFromRewritten => "send-test.from-rewritten",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialises as the stable dotted id, exactly as the `&'static str` rules
/// of earlier versions did, so JSON reports and snapshots do not change.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Rule {
    /// The rule with this stable id (`"tls.expired"`), for tools that read
    /// reports and for tests; `None` for an id no rule has.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids are unique and round-trip through `from_id`, and serde writes
    /// the bare string (no enum tagging), as the old `&str` did.
    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.as_str()), "duplicate id {r}");
            assert_eq!(Rule::from_id(r.as_str()), Some(*r));
            assert_eq!(
                serde_json::to_string(r).ok(),
                Some(format!("\"{}\"", r.as_str()))
            );
        }
        assert_eq!(Rule::from_id("tls.nonsense"), None);
    }

    /// The ids that reports and snapshots carried before the enum existed
    /// are still produced, spelled the same.
    #[test]
    fn historic_ids_are_kept() {
        for id in [
            "all-probes-passed",
            "auth.app-password-required",
            "auth.invalid-credentials.ladder.exhausted",
            "auth.web-login.less-secure",
            "greeting.silent-tls-port",
            "send.refused-by-policy",
            "send-test.not-delivered",
            "tls.name-mismatch.host",
            "tls.plaintext-on-ssl-port",
            "tls.timeout.non-gmail-settings",
            "timeout.non-gmail-settings",
        ] {
            assert!(Rule::from_id(id).is_some(), "{id}");
        }
    }
}
