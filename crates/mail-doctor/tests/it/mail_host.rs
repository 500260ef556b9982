//! The MX step against a real DNS server (`mock_dns`) and the mock: where
//! the mailbox is decides before any Gmail rung, and a DNS that cannot
//! answer never blocks the ladder.

use std::time::{Duration, Instant};

use mail_doctor::classify::Note;
use mail_doctor::probe::mx::{MxFinding, MxProblem};
use mail_doctor::probe::{Channel, Detail, Outcome, StepKind};
use mail_doctor::report::text;
use mail_doctor::{Actor, Lang, RemediationId as R};
use mock_dns::Mx;
use mock_gmail::model::preset::{WORKSPACE_EMAIL, WORKSPACE_PASSWORD};
use mock_gmail::MockGmail;

use crate::support::{config, dns, ep};

/// A healthy mock in the article's era, its DNS edited by `zones`, and the
/// doctor (signing in with `password`) asking that DNS.
async fn run(
    password: &str,
    zones: impl FnOnce(&mut mock_dns::Zones),
    edit: impl FnOnce(&mut mail_doctor::Config),
) -> mail_doctor::Report {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let server = dns(&mock, zones).await;
    let mut cfg = config(&mock, WORKSPACE_EMAIL, password);
    cfg.dns_server = Some(server.addr());
    edit(&mut cfg);
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    server.shutdown().await;
    mock.shutdown().await;
    r
}

fn mx_row(r: &mail_doctor::Report) -> &mail_doctor::probe::Step {
    let row = &r.probes[0];
    assert_eq!((row.protocol, row.step), (Channel::Dns, StepKind::Mx));
    row
}

#[tokio::test]
async fn mx_at_google_lets_the_ladder_decide() {
    for mx in [
        Mx::Google,
        Mx::Hosts(vec![(1, "smtp.google.com".into())]),
        // A filtering service in front of Google still means Google.
        Mx::Hosts(vec![
            (5, "mx.filter.example".into()),
            (10, "aspmx.l.google.com".into()),
        ]),
    ] {
        let r = run(
            WORKSPACE_PASSWORD,
            |z| {
                z.set_mail("firma.example", mx.clone());
            },
            |_| {},
        )
        .await;
        assert_eq!(r.remediation, R::None, "{mx:?}: {:#?}", r.probes);
        assert_eq!(mx_row(&r).outcome, Outcome::Ok);
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }
}

#[tokio::test]
async fn mx_elsewhere_ends_the_diagnosis_whatever_gmail_said() {
    // Gmail's probes pass (the mock hosts the account), yet the domain's
    // mail goes to home.pl: the doctor says so before any Gmail rung.
    let r = run(
        WORKSPACE_PASSWORD,
        |z| {
            z.set_mail(
                "firma.example",
                Mx::Hosts(vec![(10, "mx.home.pl".into()), (20, "mx2.home.pl".into())]),
            );
        },
        |_| {},
    )
    .await;
    assert_eq!(
        (r.remediation, r.rule.as_str(), r.who),
        (R::NotAGoogleMailbox, "mx.elsewhere", Actor::MailAdmin)
    );
    assert_eq!(
        r.evidence_text(Lang::En),
        ["firma.example: mail goes to 10 mx.home.pl, 20 mx2.home.pl"]
    );
    let en = text::render(&r, Lang::En, false);
    assert!(
        en.contains("The mail of firma.example is not hosted by Google [not-a-google-mailbox]"),
        "{en}"
    );
    assert!(en.contains("Ask the provider that runs mx.home.pl"), "{en}");
    assert!(en.contains("  DNS  MX records"), "{en}");
    assert!(r.ruled_out.is_empty());
    // A wrong password changes nothing: the MX decides first.
    let r = run(
        "Niepoprawne-1",
        |z| {
            z.set_mail("firma.example", Mx::elsewhere("mx.home.pl"));
        },
        |_| {},
    )
    .await;
    assert_eq!(r.remediation, R::NotAGoogleMailbox);
}

#[tokio::test]
async fn a_domain_that_does_not_exist_is_a_wrong_address() {
    let r = run(
        "Niepoprawne-1",
        |z| {
            z.remove_mail("firma.example");
        },
        |_| {},
    )
    .await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::CheckPassword, "mx.no-such-domain")
    );
    assert_eq!(mx_row(&r).outcome, Outcome::Failed);
    let pl = text::render(&r, Lang::Pl, false);
    assert!(
        pl.contains("Sprawdź adres: domena firma.example nie istnieje"),
        "{pl}"
    );
    // Gmail signing the account in outweighs a DNS that says otherwise.
    let r = run(
        WORKSPACE_PASSWORD,
        |z| {
            z.remove_mail("firma.example");
        },
        |_| {},
    )
    .await;
    assert_eq!(r.remediation, R::None);
    assert!(
        matches!(
            &r.notes[..],
            [Note::MxDisagrees {
                finding: MxFinding::NoSuchDomain,
                ..
            }]
        ),
        "{:?}",
        r.notes
    );
}

#[tokio::test]
async fn a_domain_without_mx_is_not_at_google_unless_gmail_signs_in() {
    let r = run(
        "Niepoprawne-1",
        |z| {
            z.set_mail("firma.example", Mx::Hosts(Vec::new()));
        },
        |_| {},
    )
    .await;
    assert_eq!(
        (r.remediation, r.rule.as_str()),
        (R::NotAGoogleMailbox, "mx.none")
    );
    let r = run(
        WORKSPACE_PASSWORD,
        |z| {
            z.set_mail("firma.example", Mx::Hosts(Vec::new()));
        },
        |_| {},
    )
    .await;
    assert_eq!(r.remediation, R::None);
    assert!(matches!(
        &r.notes[..],
        [Note::MxDisagrees {
            finding: MxFinding::NoExchangers,
            ..
        }]
    ));
}

#[tokio::test]
async fn servfail_is_a_note_never_a_verdict() {
    let r = run(
        WORKSPACE_PASSWORD,
        |z| {
            z.set_failing("firma.example");
        },
        |_| {},
    )
    .await;
    assert_eq!(r.remediation, R::None);
    assert!(
        matches!(
            &r.notes[..],
            [Note::MxUnchecked {
                problem: MxProblem::ServerFailure(_),
                ..
            }]
        ),
        "{:?}",
        r.notes
    );
    // The ladder still runs on a failing DNS: a wrong password is found.
    let r = run(
        "Niepoprawne-1",
        |z| {
            z.set_failing("firma.example");
        },
        |_| {},
    )
    .await;
    assert_eq!(r.remediation, R::CheckPassword);
    assert_ne!(r.rule.as_str(), "mx.no-such-domain");
}

#[tokio::test]
async fn a_silent_dns_server_times_out_into_a_note() {
    // UDP and TCP on one port, neither ever answering.
    let (udp, tcp) = loop {
        let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        if let Ok(tcp) = std::net::TcpListener::bind(udp.local_addr().unwrap()) {
            break (udp, tcp);
        }
    };
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.dns_server = Some(udp.local_addr().unwrap());
    cfg.timeout = Duration::from_millis(400);
    let started = Instant::now();
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r.remediation, R::None, "{:#?}", r.probes);
    assert!(
        matches!(
            &r.notes[..],
            [Note::MxUnchecked {
                problem: MxProblem::Timeout,
                ..
            }]
        ),
        "{:?}",
        r.notes
    );
    let en = text::render(&r, Lang::En, false);
    assert!(
        en.contains("was not checked (DNS: no answer in time)"),
        "{en}"
    );
    drop((udp, tcp));
    mock.shutdown().await;
}

#[tokio::test]
async fn the_dns_server_resolves_unmapped_hosts_and_the_mapping_still_comes_first() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let port = mock.addrs().imaps.port();
    // A host the mapping does not know resolves through the DNS server
    // (to 127.0.0.1, where the mock's IMAPS listens on `port`).
    let server = dns(&mock, |z| {
        z.add_host("poczta.firma.example", "127.0.0.1".parse().unwrap());
        // Gmail's own names fail in DNS, but the mapping sends them to the
        // mock without asking.
        z.set_failing("imap.gmail.com")
            .set_failing("smtp.gmail.com");
    })
    .await;
    let mut cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    cfg.dns_server = Some(server.addr());
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, R::None, "{:#?}", r.probes);
    cfg.imap = ep("poczta.firma.example", port, mail_doctor::Security::Ssl);
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    let resolve = r
        .probes
        .iter()
        .find(|s| s.protocol == Channel::Imap && s.step == StepKind::Resolve)
        .unwrap();
    assert_eq!(resolve.outcome, Outcome::Ok);
    assert!(
        matches!(&resolve.detail, Detail::Resolved { addrs, .. } if addrs == &["127.0.0.1".parse::<std::net::IpAddr>().unwrap()])
    );
    // It connected and spoke TLS; the certificate is Gmail's, not the
    // typed host's, which is a settings finding.
    assert_eq!(r.remediation, R::FixConnectionSettings, "{:#?}", r.probes);
    server.shutdown().await;
    mock.shutdown().await;
}
