//! Fixing a setting while the mock runs: the same client settings go from
//! Gmail's failure to success, after the propagation delay if there is one.

use std::time::Duration;

use chrono::NaiveDate;
use mock_gmail::model::preset;
use mock_gmail::model::preset::*;
use mock_gmail::{LessSecureApps, MockGmail, MockHandle, Propagation};

use crate::support::{mask_ids, plain, Wire};

const DOMAIN_DISABLED: &str = "NO [ALERT] IMAP access is disabled for your domain.  Please contact your domain administrator for questions about this feature. (Failure)";
const WEB_LOGIN: &str = "NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)";

/// One IMAP LOGIN on a new connection; the tagged reply line.
async fn imap_login(mock: &MockHandle, secret: &str) -> String {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    w.line().await;
    let r = w
        .cmd("a1", &format!("LOGIN {WORKSPACE_EMAIL} \"{secret}\""))
        .await;
    let tagged = r.last().unwrap().strip_prefix("a1 ").unwrap().to_owned();
    if tagged.starts_with("OK") {
        assert_eq!(
            tagged,
            format!("OK {WORKSPACE_EMAIL} authenticated (Success)")
        );
        return "OK".to_owned();
    }
    tagged
}

/// SMTP over TLS: AUTH PLAIN and MAIL FROM; the first line of the last reply.
async fn smtp_send_start(mock: &MockHandle, secret: &str) -> String {
    smtp_send_as(mock, secret, WORKSPACE_EMAIL).await
}

/// As [`smtp_send_start`], sending as `from`.
async fn smtp_send_as(mock: &MockHandle, secret: &str, from: &str) -> String {
    let mut w = Wire::tls(mock.smtps_addr(), mock.ca_pem()).await;
    w.reply().await;
    w.smtp("EHLO crm.example").await;
    let auth = w
        .smtp(&format!("AUTH PLAIN {}", plain(WORKSPACE_EMAIL, secret)))
        .await;
    if auth[0] != "235 2.7.0 Accepted" {
        return mask_ids(&auth[0]);
    }
    mask_ids(&w.smtp(&format!("MAIL FROM:<{from}>")).await[0])
}

#[tokio::test]
async fn admin_fixes_take_effect_immediately() {
    // enable-imap: the admin unchecks "Disable POP and IMAP access".
    let mock = MockGmail::builder()
        .mode("imap-disabled")
        .start()
        .await
        .unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, DOMAIN_DISABLED);
    mock.update_policy(|p| p.imap_pop_disabled_for_all = false);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    // ... and breaking it again works the same way.
    mock.update_policy(|p| p.imap_pop_disabled_for_all = true);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, DOMAIN_DISABLED);
    mock.shutdown().await;

    // allow-less-secure-apps, option (b): enforce for all users.
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .start()
        .await
        .unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, WEB_LOGIN);
    assert!(smtp_send_start(&mock, WORKSPACE_PASSWORD)
        .await
        .starts_with("534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt="));
    mock.update_policy(|p| p.less_secure_apps = LessSecureApps::Enforced);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    assert_eq!(
        smtp_send_start(&mock, WORKSPACE_PASSWORD).await,
        "250 2.1.0 OK <id> - gsmtp"
    );
    mock.shutdown().await;

    // allow-external-smtp.
    let mock = MockGmail::builder()
        .mode("external-smtp-denied")
        .start()
        .await
        .unwrap();
    assert_eq!(smtp_send_as(&mock, WORKSPACE_PASSWORD, GATEWAY_ALIAS).await, "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited");
    // The account's own address sends all along (DESIGN.md "Sending").
    assert_eq!(
        smtp_send_start(&mock, WORKSPACE_PASSWORD).await,
        "250 2.1.0 OK <id> - gsmtp"
    );
    mock.update_policy(|p| p.external_smtp_allowed = true);
    assert_eq!(
        smtp_send_as(&mock, WORKSPACE_PASSWORD, GATEWAY_ALIAS).await,
        "250 2.1.0 OK <id> - gsmtp"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn user_fixes_take_effect_immediately() {
    // enable-imap-user.
    let mock = MockGmail::builder()
        .mode("imap-disabled-user")
        .start()
        .await
        .unwrap();
    assert!(imap_login(&mock, WORKSPACE_PASSWORD)
        .await
        .contains("Your account is not enabled for IMAP use."));
    mock.update_account(WORKSPACE_EMAIL, |a| a.imap_enabled = true)
        .unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    mock.shutdown().await;

    // allow-less-secure-apps, option (a): the admin lets users manage it,
    // then the user turns their own switch on. Both steps are needed.
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .start()
        .await
        .unwrap();
    mock.update_policy(|p| p.less_secure_apps = LessSecureApps::UserManaged);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, WEB_LOGIN);
    mock.update_account(WORKSPACE_EMAIL, |a| a.less_secure_toggle = true)
        .unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    mock.shutdown().await;

    // use-app-password: the user generates one; the CRM now uses it.
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .start()
        .await
        .unwrap();
    let app = "abcd efgh ijkl mnop";
    assert_eq!(
        imap_login(&mock, app).await,
        "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"
    );
    mock.update_account(WORKSPACE_EMAIL, |a| {
        a.two_step_verification = true;
        a.app_passwords.push(mock_gmail::model::AppPassword {
            name: "Livespace CRM".into(),
            secret: app.into(),
        });
    })
    .unwrap();
    assert_eq!(imap_login(&mock, app).await, "OK");
    mock.shutdown().await;
}

#[tokio::test]
async fn moving_the_date_past_googles_cutoff() {
    // Healthy in 2020; in 2025 a Workspace password is refused whatever the
    // admin sets — with the plain refusal, as Gmail answers today (DESIGN.md
    // "Time") — while the same account's app password keeps working.
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    mock.update_policy(|p| p.as_of = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    assert_eq!(
        imap_login(&mock, WORKSPACE_PASSWORD).await,
        "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"
    );
    mock.update_account(WORKSPACE_EMAIL, |a| {
        a.two_step_verification = true;
        a.app_passwords.push(mock_gmail::model::AppPassword {
            name: "CRM".into(),
            secret: WORKSPACE_APP_PASSWORD.into(),
        });
    })
    .unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_APP_PASSWORD).await, "OK");
    mock.shutdown().await;
}

#[tokio::test]
async fn propagation_after_attempts() {
    let mut policy = preset("imap-disabled").unwrap().policy;
    policy.propagation = Propagation::Attempts(2);
    let mock = MockGmail::builder()
        .mode("imap-disabled")
        .policy(policy)
        .start()
        .await
        .unwrap();
    mock.update_policy(|p| p.imap_pop_disabled_for_all = false);
    // The console shows the new setting at once; the servers lag.
    assert!(!mock.policy().imap_pop_disabled_for_all);
    assert!(mock.effective_policy().imap_pop_disabled_for_all);
    assert_eq!(
        imap_login(&mock, WORKSPACE_PASSWORD).await,
        DOMAIN_DISABLED,
        "attempt 1 still sees the old policy"
    );
    assert_eq!(
        imap_login(&mock, WORKSPACE_PASSWORD).await,
        DOMAIN_DISABLED,
        "attempt 2 still sees the old policy"
    );
    assert_eq!(
        imap_login(&mock, WORKSPACE_PASSWORD).await,
        "OK",
        "attempt 3 sees the fix"
    );
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    assert!(!mock.effective_policy().imap_pop_disabled_for_all);
    mock.shutdown().await;
}

#[tokio::test]
async fn propagation_after_a_day_with_the_mock_clock() {
    let mut policy = preset("less-secure-rejected").unwrap().policy;
    policy.propagation = Propagation::After(Duration::from_secs(86_400));
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .policy(policy)
        .start()
        .await
        .unwrap();
    mock.update_policy(|p| p.less_secure_apps = LessSecureApps::Enforced);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, WEB_LOGIN);
    assert!(smtp_send_start(&mock, WORKSPACE_PASSWORD)
        .await
        .starts_with("534-5.7.14 "));
    // A minute short of 24 hours: still the old policy (attempts do not
    // count here, only time).
    mock.advance(Duration::from_secs(86_400 - 60));
    for _ in 0..3 {
        assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, WEB_LOGIN);
    }
    mock.advance(Duration::from_secs(60));
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    assert_eq!(
        smtp_send_start(&mock, WORKSPACE_PASSWORD).await,
        "250 2.1.0 OK <id> - gsmtp"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn propagation_applies_to_sending_policy_too() {
    let mut policy = preset("external-smtp-denied").unwrap().policy;
    policy.propagation = Propagation::After(Duration::from_secs(3_600));
    let mock = MockGmail::builder()
        .mode("external-smtp-denied")
        .policy(policy)
        .start()
        .await
        .unwrap();
    mock.update_policy(|p| p.external_smtp_allowed = true);
    assert!(smtp_send_as(&mock, WORKSPACE_PASSWORD, GATEWAY_ALIAS)
        .await
        .starts_with("550-5.7.1 "));
    mock.advance(Duration::from_secs(3_600));
    assert_eq!(
        smtp_send_as(&mock, WORKSPACE_PASSWORD, GATEWAY_ALIAS).await,
        "250 2.1.0 OK <id> - gsmtp"
    );
    mock.shutdown().await;
}

/// The 2024 window on real sockets: in July 2024 a domain that had less
/// secure apps disabled gets the web-login alert, and the Admin console
/// refuses to turn them on (the error names the setting and the date,
/// nothing changes); a domain that already had them on keeps signing in
/// with the password until the cut-off, and on 2024-09-30 gets the plain
/// refusal.
#[tokio::test]
async fn the_2024_window_refuses_turning_less_secure_apps_on() {
    let july = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
    let mut policy = preset("less-secure-rejected").unwrap().policy;
    policy.as_of = july;
    let mock = MockGmail::builder()
        .mode("less-secure-rejected")
        .policy(policy)
        .as_of(july)
        .start()
        .await
        .unwrap();
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, WEB_LOGIN);
    let e = mock
        .try_update_policy(|p| p.less_secure_apps = LessSecureApps::Enforced)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("less_secure_apps") && e.contains("2024-07-15") && e.contains("2024-06-15"),
        "{e}"
    );
    assert_eq!(mock.policy().less_secure_apps, LessSecureApps::Disabled);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, WEB_LOGIN);
    // Other settings can still be saved through the console.
    mock.try_update_policy(|p| p.external_smtp_allowed = false)
        .unwrap();
    mock.shutdown().await;

    let mut policy = preset("healthy").unwrap().policy;
    policy.as_of = july;
    let mock = MockGmail::builder()
        .mode("healthy")
        .policy(policy)
        .as_of(july)
        .start()
        .await
        .unwrap();
    assert_eq!(mock.policy().less_secure_apps, LessSecureApps::Enforced);
    assert_eq!(imap_login(&mock, WORKSPACE_PASSWORD).await, "OK");
    mock.update_policy(|p| p.as_of = NaiveDate::from_ymd_opt(2024, 9, 30).unwrap());
    assert_eq!(
        imap_login(&mock, WORKSPACE_PASSWORD).await,
        "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"
    );
    mock.shutdown().await;
}
