//! Stage 0: is the mailbox at Google at all? The login domain's MX
//! records decide before any Gmail rung.
//!
//! Every rung of the support article's ladder (less secure apps, app
//! passwords, the admin's IMAP switch) assumes Google hosts the mailbox. A
//! `firma.pl` whose mail goes to another provider gets nothing from them,
//! so when DNS says so the diagnosis stops here, whatever the IMAP and
//! SMTP probes said (`classify` below). What each answer means:
//!
//! | MX answer | diagnosis |
//! |---|---|
//! | at least one exchanger is Google's | the ladder ([`super::classify`]) |
//! | exchangers, none Google's | `not-a-google-mailbox` (`mx.elsewhere`) |
//! | NODATA (domain, no MX) | `not-a-google-mailbox` (`mx.none`), unless Gmail signed the account in |
//! | NXDOMAIN | `check-password` (`mx.no-such-domain`), unless Gmail signed the account in |
//! | no answer / not checked | the ladder, with a note |
//!
//! Why these choices:
//!
//! - **Mixed exchangers** (some Google's, some not) count as Google: a
//!   domain in migration or with a filtering service in front still has
//!   its mailboxes at Google, and the ladder is what helps.
//! - **NODATA**: RFC 5321 §5.1 then delivers mail to the domain's own
//!   address (its A record), which is a web server, never Google's mail
//!   exchangers — so not at Google. But a Gmail sign-in that worked proves
//!   Google hosts the account (a Workspace used before its MX was
//!   switched): then the ladder goes on and a note says DNS disagrees.
//! - **NXDOMAIN**: the domain does not exist, so the address itself is
//!   wrong (a typo such as `firma.pl` → `frima.pl`). The id is
//!   `check-password` — the address is the user name, typed in the same
//!   sign-in fields as the password, and that id's step is to re-type
//!   them — not `fix-connection-settings`, whose meaning DESIGN.md fixes to
//!   the host, port and security mode. The rule `mx.no-such-domain` makes
//!   the advice say "check the address" rather than "the password".
//! - **No answer** (timeout, SERVFAIL, no resolver configuration): the
//!   DNS is broken, which says nothing about where the mailbox is, so it
//!   never blocks the ladder; the report notes that the check was not made.

use super::{base_facts, classify as ladder_classify, Diagnosis, Evidence, EvidenceLine, Note};
use crate::config::Config;
use crate::probe::mx::{Exchanger, MxCheck, MxFinding};
use crate::remedy::{Actor, RemediationId as R};

use super::rule::Rule;

/// Whether an exchanger is one of Google's: a host in `google.com` or
/// `googlemail.com` (`aspmx.l.google.com`, `alt1.aspmx.l.google.com`,
/// `smtp.google.com`, `gmail-smtp-in.l.google.com`), compared by whole
/// labels so `notgoogle.com` is not Google's.
pub fn is_google_exchanger(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    ["google.com", "googlemail.com"]
        .iter()
        .any(|d| h == *d || h.ends_with(&format!(".{d}")))
}

/// Where DNS says the mailbox is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailHost {
    /// At Google (or unknown): the ladder applies, with these notes.
    Ladder(Vec<Note>),
    /// Not at Google: the diagnosis ends with this rule.
    NotGoogle(Rule),
    /// The domain does not exist: the address is wrong.
    NoSuchDomain,
}

/// Reads the MX check (see the module's table). `signed_in`: a probe's
/// Gmail sign-in worked.
pub fn mail_host(mx: &MxCheck, signed_in: bool) -> MailHost {
    let disagrees = || Note::MxDisagrees {
        domain: mx.domain.clone(),
        finding: mx.finding.clone(),
    };
    match &mx.finding {
        MxFinding::Exchangers { hosts } if hosts.iter().any(|h| is_google_exchanger(&h.host)) => {
            MailHost::Ladder(Vec::new())
        }
        MxFinding::Exchangers { .. } => MailHost::NotGoogle(Rule::MxElsewhere),
        MxFinding::NoExchangers if signed_in => MailHost::Ladder(vec![disagrees()]),
        MxFinding::NoExchangers => MailHost::NotGoogle(Rule::MxNone),
        MxFinding::NoSuchDomain if signed_in => MailHost::Ladder(vec![disagrees()]),
        MxFinding::NoSuchDomain => MailHost::NoSuchDomain,
        MxFinding::Unknown { problem } => MailHost::Ladder(vec![Note::MxUnchecked {
            domain: mx.domain.clone(),
            problem: problem.clone(),
        }]),
        // Hermetic runs without a DNS server: nothing to say.
        MxFinding::NotChecked => MailHost::Ladder(Vec::new()),
    }
}

/// The whole classification: the MX stage, then (when the mailbox is at
/// Google or DNS cannot tell) the protocols' ladder.
pub fn classify(ev: &Evidence<'_>, mx: &MxCheck, cfg: &Config) -> Diagnosis {
    let signed_in = ev.imap.authenticated || ev.smtp.authenticated;
    let (id, rule, actor) = match mail_host(mx, signed_in) {
        MailHost::Ladder(notes) => {
            let mut d = ladder_classify(ev, cfg);
            d.notes.extend(notes);
            return d;
        }
        MailHost::NotGoogle(rule) => (R::NotAGoogleMailbox, rule, Actor::MailAdmin),
        MailHost::NoSuchDomain => (R::CheckPassword, Rule::MxNoSuchDomain, Actor::User),
    };
    let mut facts = base_facts(cfg);
    if let MxFinding::Exchangers { hosts } = &mx.finding {
        facts.mail_exchangers = hosts.clone();
    }
    Diagnosis {
        remediation: id,
        actor,
        rule,
        recognised: true,
        decided_by: None,
        quote: vec![EvidenceLine::Mx {
            domain: mx.domain.clone(),
            finding: mx.finding.clone(),
        }],
        facts,
        ruled_out: Vec::new(),
        notes: Vec::new(),
    }
}

/// The exchanger a customer should ask about: the most preferred one.
pub fn primary(hosts: &[Exchanger]) -> Option<&Exchanger> {
    hosts.iter().min_by_key(|h| h.preference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::mx::MxProblem;

    fn check(finding: MxFinding) -> MxCheck {
        MxCheck {
            domain: "firma.example".into(),
            finding,
            elapsed_ms: 0,
        }
    }

    fn hosts(h: &[(u16, &str)]) -> MxFinding {
        MxFinding::Exchangers {
            hosts: h
                .iter()
                .map(|(p, n)| Exchanger {
                    preference: *p,
                    host: (*n).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn googles_exchangers_in_every_published_form() {
        for h in [
            "aspmx.l.google.com.",
            "ALT1.ASPMX.L.GOOGLE.COM.",
            "alt4.aspmx.l.google.com",
            "smtp.google.com.",
            "gmail-smtp-in.l.google.com.",
            "aspmx2.googlemail.com.",
        ] {
            assert!(is_google_exchanger(h), "{h}");
        }
        for h in [
            "mx.home.pl.",
            "notgoogle.com.",
            "google.com.evil.example.",
            "firma-pl.mail.protection.outlook.com.",
            "aspmx.l.google.co.",
        ] {
            assert!(!is_google_exchanger(h), "{h}");
        }
    }

    #[test]
    fn each_answer_leads_where_the_table_says() {
        let at_google = check(hosts(&[(1, "smtp.google.com.")]));
        assert_eq!(mail_host(&at_google, false), MailHost::Ladder(vec![]));
        let mixed = check(hosts(&[
            (10, "mx.filter.example."),
            (20, "aspmx.l.google.com."),
        ]));
        assert_eq!(mail_host(&mixed, false), MailHost::Ladder(vec![]));
        let elsewhere = check(hosts(&[(10, "mx.home.pl."), (20, "mx2.home.pl.")]));
        assert_eq!(
            mail_host(&elsewhere, false),
            MailHost::NotGoogle(Rule::MxElsewhere)
        );
        // MX elsewhere decides even when Gmail signed the account in.
        assert_eq!(
            mail_host(&elsewhere, true),
            MailHost::NotGoogle(Rule::MxElsewhere)
        );
        let nxdomain = check(MxFinding::NoSuchDomain);
        assert_eq!(mail_host(&nxdomain, false), MailHost::NoSuchDomain);
        let nodata = check(MxFinding::NoExchangers);
        assert_eq!(mail_host(&nodata, false), MailHost::NotGoogle(Rule::MxNone));
        for signed_in in [&nxdomain, &nodata] {
            assert!(matches!(
                mail_host(signed_in, true),
                MailHost::Ladder(n) if matches!(n[..], [Note::MxDisagrees { .. }])
            ));
        }
    }

    #[test]
    fn a_dns_failure_is_a_note_never_a_verdict() {
        for problem in [
            MxProblem::Timeout,
            MxProblem::ServerFailure("Server Failure".into()),
            MxProblem::NoSystemConfig("no /etc/resolv.conf".into()),
        ] {
            let c = check(MxFinding::Unknown {
                problem: problem.clone(),
            });
            assert_eq!(
                mail_host(&c, false),
                MailHost::Ladder(vec![Note::MxUnchecked {
                    domain: "firma.example".into(),
                    problem
                }])
            );
        }
        assert_eq!(
            mail_host(&check(MxFinding::NotChecked), false),
            MailHost::Ladder(vec![])
        );
    }
}
