//! Who may be the sender of a CRM's mail through smtp.gmail.com, and how
//! much mail an account may send (DESIGN.md "Sending").
//!
//! Gmail's rules, as Google documents them and as they look on the wire:
//!
//! - the account's own address, and every address in the organisation's
//!   domains (primary, secondary and alias domains), always send;
//! - a verified "Send mail as" address sends as itself; when that address
//!   is set up to go through its own domain's SMTP server, the Workspace
//!   admin must allow it ("Allow per-user outbound gateways"), or Gmail
//!   refuses the envelope;
//! - any other From address is *not* refused: Gmail replaces it with the
//!   account's own address in the delivered copy (the recipient, and the
//!   CRM's customers, see the wrong sender);
//! - an account sends at most about 2,000 messages a day (Workspace) or
//!   500 (personal), over a rolling 24 hours.
//!
//! Pure functions over [`Account`] and [`Policy`]: the SMTP session asks,
//! then does what the answer says.

use serde::{Deserialize, Serialize};

use super::account::{Account, AccountKind};
use super::policy::Policy;

/// Gmail → Settings → Accounts → "Send mail as": how mail for an added
/// address leaves Google.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SendVia {
    /// "Send through Gmail" (the default, and the only choice today for
    /// most users): Gmail sends it itself.
    #[default]
    Gmail,
    /// "Send through <domain> SMTP servers": Gmail hands the message to
    /// the address's own server, a per-user outbound gateway the
    /// Workspace admin must allow.
    OwnServer,
}

/// One verified "Send mail as" address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SendAs {
    /// The address (compared case-insensitively).
    pub address: String,
    /// Through Gmail or through its own server.
    #[serde(default)]
    pub via: SendVia,
}

/// What Gmail does with a sender address at `MAIL FROM` (and with the
/// `From:` header of the message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SenderDecision {
    /// The address is the account's, in the organisation's domains, or a
    /// verified alias Gmail may send as: kept as is.
    Keep,
    /// Not refused, but replaced by the account's own address in the
    /// delivered copy.
    Rewrite {
        /// What the address becomes.
        to: String,
    },
    /// Refused: a "Send mail as" address through its own SMTP server while
    /// the admin has not allowed per-user outbound gateways.
    Refuse(SendDenial),
}

/// Why a sender is refused after authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendDenial {
    /// The address is a "Send mail as" address that goes through its own
    /// SMTP server, and the Workspace does not allow per-user outbound
    /// gateways (the article's step 4).
    ExternalSmtpNotAllowed,
}

/// The domain of an address, lower-cased (`None` without an `@`).
pub fn domain_of(address: &str) -> Option<String> {
    address
        .trim()
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').to_ascii_lowercase())
        .filter(|d| !d.is_empty())
}

/// Whether two addresses are the same mailbox (case-insensitive; Gmail
/// ignores case in the whole address).
pub fn same_address(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The organisation's domains as the servers see them: the policy's list
/// plus the account's own domain for a Workspace account (its primary
/// domain is always one of them, whether or not a scenario lists it).
/// A personal account belongs to no organisation.
pub fn organisation_domains(account: &Account, policy: &Policy) -> Vec<String> {
    if account.kind() != AccountKind::Workspace {
        return Vec::new();
    }
    let mut out: Vec<String> = policy
        .domains
        .iter()
        .map(|d| d.to_ascii_lowercase())
        .collect();
    let own = account.domain();
    if !own.is_empty() && !out.contains(&own) {
        out.push(own);
    }
    out
}

/// The sending decision for `from` (the `MAIL FROM` address or the
/// address in the `From:` header). An empty address (the null sender
/// `<>`) becomes the account's own, as Gmail fills in its own.
pub fn sender(account: &Account, policy: &Policy, from: &str) -> SenderDecision {
    let from = from.trim();
    if from.is_empty() || same_address(from, &account.email) {
        return if from.is_empty() {
            SenderDecision::Rewrite {
                to: account.email.clone(),
            }
        } else {
            SenderDecision::Keep
        };
    }
    if let Some(d) = domain_of(from) {
        if organisation_domains(account, policy).contains(&d) {
            return SenderDecision::Keep;
        }
    }
    match account
        .send_as
        .iter()
        .find(|s| same_address(&s.address, from))
    {
        Some(SendAs {
            via: SendVia::Gmail,
            ..
        }) => SenderDecision::Keep,
        Some(SendAs {
            via: SendVia::OwnServer,
            ..
        }) => {
            // Personal accounts have no admin: their own gateway is theirs
            // to use.
            if account.kind() == AccountKind::Workspace && !policy.external_smtp_allowed {
                SenderDecision::Refuse(SendDenial::ExternalSmtpNotAllowed)
            } else {
                SenderDecision::Keep
            }
        }
        None => SenderDecision::Rewrite {
            to: account.email.clone(),
        },
    }
}

/// Google's daily sending limit per account kind: "2,000 messages per day"
/// for Google Workspace (support.google.com/a/answer/166852), "500" for a
/// personal account (support.google.com/mail/answer/22839). The account's
/// own override wins (trial Workspace accounts have 500, for example).
pub fn daily_limit(account: &Account) -> u32 {
    account.daily_sending_limit.unwrap_or(match account.kind() {
        AccountKind::Workspace => 2_000,
        AccountKind::Consumer => 500,
    })
}

/// Whether one more message is over the limit, given how many were sent
/// in the last 24 hours.
pub fn over_daily_limit(account: &Account, sent_last_24h: usize) -> bool {
    sent_last_24h >= daily_limit(account) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anna() -> Account {
        let mut a = Account::new("anna@firma.pl", "pw");
        a.send_as = vec![
            SendAs {
                address: "Biuro@Partner.com".into(),
                via: SendVia::Gmail,
            },
            SendAs {
                address: "crm@agencja.pl".into(),
                via: SendVia::OwnServer,
            },
        ];
        a
    }

    fn policy(domains: &[&str]) -> Policy {
        Policy {
            domains: domains.iter().map(|d| d.to_string()).collect(),
            ..Policy::default()
        }
    }

    #[test]
    fn own_address_and_organisation_domains_always_send() {
        let p = policy(&["firma-handel.pl"]);
        assert_eq!(sender(&anna(), &p, "ANNA@firma.pl"), SenderDecision::Keep);
        assert_eq!(sender(&anna(), &p, "biuro@firma.pl"), SenderDecision::Keep);
        assert_eq!(
            sender(&anna(), &p, "sprzedaz@Firma-Handel.pl"),
            SenderDecision::Keep
        );
        // The default policy: a Workspace user sends normally.
        assert!(!Policy::default().external_smtp_allowed);
        assert_eq!(
            sender(&anna(), &Policy::default(), "anna@firma.pl"),
            SenderDecision::Keep
        );
    }

    #[test]
    fn aliases_by_route() {
        let mut p = policy(&[]);
        assert_eq!(
            sender(&anna(), &p, "biuro@partner.com"),
            SenderDecision::Keep
        );
        assert_eq!(
            sender(&anna(), &p, "crm@agencja.pl"),
            SenderDecision::Refuse(SendDenial::ExternalSmtpNotAllowed)
        );
        p.external_smtp_allowed = true;
        assert_eq!(sender(&anna(), &p, "crm@agencja.pl"), SenderDecision::Keep);
        // A personal account has no admin to ask.
        let mut jan = Account::new("jan@gmail.com", "pw");
        jan.send_as = anna().send_as;
        assert_eq!(
            sender(&jan, &policy(&[]), "crm@agencja.pl"),
            SenderDecision::Keep
        );
    }

    #[test]
    fn other_addresses_are_rewritten_not_refused() {
        let p = policy(&["firma-handel.pl"]);
        let rewritten = SenderDecision::Rewrite {
            to: "anna@firma.pl".into(),
        };
        assert_eq!(sender(&anna(), &p, "kontakt@inna.pl"), rewritten);
        assert_eq!(sender(&anna(), &p, ""), rewritten);
        // A personal account's domain is nobody's organisation.
        let jan = Account::new("jan@gmail.com", "pw");
        assert_eq!(
            sender(&jan, &p, "other@gmail.com"),
            SenderDecision::Rewrite {
                to: "jan@gmail.com".into()
            }
        );
    }

    #[test]
    fn limits_per_kind() {
        let mut a = anna();
        assert_eq!(daily_limit(&a), 2_000);
        assert!(!over_daily_limit(&a, 1_999));
        assert!(over_daily_limit(&a, 2_000));
        assert_eq!(daily_limit(&Account::new("j@gmail.com", "x")), 500);
        a.daily_sending_limit = Some(3);
        assert!(over_daily_limit(&a, 3));
    }
}
