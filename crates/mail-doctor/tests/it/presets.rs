//! Every built-in preset, diagnosed over real sockets.

use mail_doctor::RemediationId as R;
use mock_gmail::model::preset::{
    preset, CONSUMER_EMAIL, CONSUMER_PASSWORD, WORKSPACE_EMAIL, WORKSPACE_OAUTH_TOKEN,
};
use mock_gmail::MockGmail;

use crate::support::config;

async fn diagnose_preset(name: &str) -> mail_doctor::Report {
    let mock = MockGmail::builder().mode(name).start().await.unwrap();
    let state = preset(name).unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, state.customer_secret);
    // A preset about sending as another address is that situation only
    // when the CRM sends as it.
    cfg.from = state.customer_from.map(str::to_owned);
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    mock.shutdown().await;
    r
}

#[tokio::test]
async fn every_preset_gets_its_remediation() {
    let expect = [
        ("healthy", R::None, "all-probes-passed"),
        ("imap-disabled", R::EnableImap, "auth.imap-disabled-domain"),
        (
            "imap-disabled-user",
            R::EnableImapUser,
            "auth.imap-disabled-user",
        ),
        (
            "less-secure-rejected",
            R::AllowLessSecureApps,
            "auth.web-login.less-secure",
        ),
        (
            "app-password-required",
            R::UseAppPassword,
            "auth.app-password-required",
        ),
        (
            "external-smtp-denied",
            R::AllowExternalSmtp,
            "send.refused-by-policy",
        ),
        (
            "bad-password",
            R::CheckPassword,
            "auth.invalid-credentials.check-password",
        ),
        (
            "too-many-connections",
            R::RetryLater,
            "auth.too-many-connections",
        ),
    ];
    assert_eq!(
        expect.len(),
        mock_gmail::model::PRESETS.len(),
        "a preset is missing from this test"
    );
    for (name, id, rule) in expect {
        let r = diagnose_preset(name).await;
        assert_eq!(
            (r.remediation, r.rule.as_str()),
            (id, rule),
            "preset {name}: {:#?}",
            r.probes
        );
        assert!(r.recognised, "{name}");
        assert_eq!(r.exit_code(), u8::from(id != R::None), "{name}");
    }
}

#[tokio::test]
async fn the_same_customer_in_2026_needs_an_app_password() {
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .start()
        .await
        .unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, "Wiosna-2020");
    cfg.as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, R::UseAppPassword);
    assert_eq!(r.rule.as_str(), "auth.web-login.app-password");
    assert!(r.ruled_out.iter().any(|x| x.id == R::AllowLessSecureApps));
    mock.shutdown().await;
}

#[tokio::test]
async fn oauth_tokens_valid_and_expired() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, "");
    cfg.credential = mail_doctor::Credential::OAuthToken(WORKSPACE_OAUTH_TOKEN.to_string().into());
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, R::None, "{:#?}", r.probes);
    cfg.credential = mail_doctor::Credential::OAuthToken("ya29.expired".to_string().into());
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, R::ReauthorizeOauth);
    assert!(
        r.evidence_text(mail_doctor::Lang::En)
            .iter()
            .any(|e| e.contains("\"status\":\"400\"")),
        "{:?}",
        r.evidence
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn personal_account_in_the_article_era() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    mock.update_account(CONSUMER_EMAIL, |a| a.less_secure_toggle = false)
        .unwrap();
    let cfg = config(&mock, CONSUMER_EMAIL, CONSUMER_PASSWORD);
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, R::AllowLessSecureApps);
    assert_eq!(
        r.who,
        mail_doctor::Actor::User,
        "a personal account has no admin"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn send_test_delivers_to_self() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let mut cfg = config(&mock, WORKSPACE_EMAIL, "Wiosna-2020");
    cfg.send_test = true;
    let r = mail_doctor::diagnose(&cfg).await.unwrap();
    assert_eq!(r.remediation, R::None);
    assert!(
        r.probes
            .iter()
            .any(|p| p.step == mail_doctor::probe::StepKind::Delivery
                && p.outcome == mail_doctor::probe::Outcome::Ok),
        "{:#?}",
        r.probes
    );
    assert_eq!(mock.messages().len(), 1);
    mock.shutdown().await;
}
