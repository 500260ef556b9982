//! Text (EN, PL) and JSON reports, snapshot-tested; the test password
//! appears in none of them.

use mail_doctor::report::{json, text, SNAPSHOT_FILTERS};
use mail_doctor::{Lang, Security};
use mock_gmail::model::preset::{
    preset, WORKSPACE_APP_PASSWORD, WORKSPACE_EMAIL, WORKSPACE_PASSWORD,
};
use mock_gmail::MockGmail;

use crate::support::{config, ep};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    for (re, with) in SNAPSHOT_FILTERS {
        s.add_filter(re, *with);
    }
    s.set_prepend_module_to_snapshot(false);
    s
}

fn assert_no_secrets(out: &str) {
    for secret in [
        WORKSPACE_PASSWORD,
        WORKSPACE_APP_PASSWORD,
        &WORKSPACE_APP_PASSWORD.replace(' ', ""),
        "Zima-2019",
    ] {
        assert!(
            !out.contains(secret),
            "secret {secret:?} leaked into:\n{out}"
        );
    }
    // Nor their base64 forms (AUTH PLAIN payloads).
    let b64 = gmail_wire::sasl::encode_plain(WORKSPACE_EMAIL, WORKSPACE_PASSWORD);
    assert!(!out.contains(b64.expose().as_str()));
}

async fn reports(
    mode: &str,
    edit: impl FnOnce(&mut mail_doctor::Config),
) -> (String, String, String) {
    let mock = MockGmail::builder()
        .mode(mode)
        .seed(7)
        .start()
        .await
        .unwrap();
    let state = preset(mode).unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, state.customer_secret);
    // The preset's customer sends as the preset's sender, if it has one.
    cfg.from = state.customer_from.map(str::to_owned);
    edit(&mut cfg);
    // One diagnosis, every rendering.
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    mock.shutdown().await;
    (
        text::render(&r, Lang::En, true),
        text::render(&r, Lang::Pl, false),
        json::render(&r, Lang::En),
    )
}

async fn snapshot(name: &str, mode: &str, edit: impl FnOnce(&mut mail_doctor::Config)) {
    let (en, pl, js) = reports(mode, edit).await;
    for out in [&en, &pl, &js] {
        assert_no_secrets(out);
    }
    settings().bind(|| {
        insta::assert_snapshot!(format!("{name}.en"), en);
        insta::assert_snapshot!(format!("{name}.pl"), pl);
        insta::assert_snapshot!(format!("{name}.json"), js);
    });
}

#[tokio::test]
async fn healthy() {
    snapshot("healthy", "healthy", |_| {}).await;
}

#[tokio::test]
async fn less_secure_rejected() {
    snapshot("less-secure-rejected", "less-secure-rejected", |_| {}).await;
}

#[tokio::test]
async fn app_password_required() {
    snapshot("app-password-required", "app-password-required", |_| {}).await;
}

#[tokio::test]
async fn external_smtp_denied() {
    snapshot("external-smtp-denied", "external-smtp-denied", |_| {}).await;
}

#[tokio::test]
async fn ssl_on_port_143() {
    snapshot("ssl-on-143", "healthy", |c| {
        c.imap = ep("imap.gmail.com", 143, Security::Ssl)
    })
    .await;
}

#[tokio::test]
async fn app_password_typed_with_spaces_never_leaks() {
    let mock = MockGmail::builder()
        .mode("app-password-required")
        .start()
        .await
        .unwrap();
    let cfg = config(&mock, WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD);
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, mail_doctor::RemediationId::None);
    for out in [
        text::render(&r, Lang::En, true),
        text::render(&r, Lang::Pl, true),
        json::render(&r, Lang::En),
        json::render(&r, Lang::Pl),
        format!("{r:?}"),
        format!("{cfg:?}"),
    ] {
        assert_no_secrets(&out);
    }
    mock.shutdown().await;
}

/// Diagnoses `mode` with `edit` applied and renders the text report in
/// both languages.
async fn texts(mode: &str, edit: impl FnOnce(&mut mail_doctor::Config)) -> (String, String) {
    let (en, pl, _) = reports(mode, edit).await;
    (en, pl)
}

/// Each English phrase is in the English report (so the check can fail)
/// and absent from the Polish one, which has the Polish phrase instead.
fn assert_said_in_polish(en: &str, pl: &str, pairs: &[(&str, &str)]) {
    for (english, polish) in pairs {
        assert!(en.contains(english), "EN lacks {english:?}:\n{en}");
        assert!(!pl.contains(english), "PL still says {english:?}:\n{pl}");
        assert!(pl.contains(polish), "PL lacks {polish:?}:\n{pl}");
    }
}

/// Point 6 of issue 13: the probe details and the doctor's own evidence
/// lines are translated, while the servers' lines stay verbatim. A TLS
/// failure (the mock's CA not given), a network failure (a closed port)
/// and a healthy run, each in both languages.
#[tokio::test]
async fn polish_reports_say_the_probe_details_in_polish() {
    let (en, pl) = texts("healthy", |c| c.ca_pem = None).await;
    assert_said_in_polish(
        &en,
        &pl,
        &[
            (
                "TLS: the certificate is signed by an issuer this machine does not trust",
                "TLS: certyfikat podpisał wystawca, któremu ten komputer nie ufa",
            ),
            (
                "Evidence:\n  > TLS: the certificate",
                "  > TLS: certyfikat podpisał",
            ),
        ],
    );

    let (en, pl) = texts("healthy", |c| {
        c.imap = ep("imap.gmail.com", 995, Security::Ssl)
    })
    .await;
    assert_said_in_polish(
        &en,
        &pl,
        &[
            (
                "port 995: TCP: connection refused",
                "port 995: TCP: połączenie odrzucone",
            ),
            (
                "  > TCP: connection refused",
                "  > TCP: połączenie odrzucone",
            ),
        ],
    );

    let (en, pl) = texts("healthy", |_| {}).await;
    assert_said_in_polish(
        &en,
        &pl,
        &[
            (
                ", certificate: imap.gmail.com",
                ", certyfikat: imap.gmail.com",
            ),
            ("INBOX (EXAMINE): ", "INBOX (tylko do odczytu): "),
            (" EXISTS", " wiadomo"),
        ],
    );
    // The servers' own words stay as received in both languages.
    for quoted in ["* OK Gimap ready", "235 2.7.0 Accepted"] {
        assert!(en.contains(quoted) && pl.contains(quoted), "{quoted}");
    }
}
