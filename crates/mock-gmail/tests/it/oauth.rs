//! The mock's authorization server through the handle, and its tokens on
//! the wire: a refreshed access token signs in with XOAUTH2 on IMAPS (the
//! `imap` crate) and SMTPS (lettre), an expired, under-scoped or foreign
//! one gets Gmail's JSON challenge, and each invalidation cause makes the
//! refresh token fail with `invalid_grant`.

use std::time::Duration;

use lettre::transport::smtp::authentication::Mechanism;
use mock_gmail::model::oauth::{AppAccess, GrantDeath, Revocation, TokenError, MAIL_SCOPE};
use mock_gmail::model::preset::*;
use mock_gmail::{MockGmail, MockHandle};

use crate::support::{xoauth2, xoauth2_error_b64, Wire};

fn refresh(mock: &MockHandle, token: &str) -> Result<String, TokenError> {
    mock.oauth_refresh(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, token)
        .map(|t| t.access_token.expose().clone())
}

/// AUTHENTICATE XOAUTH2 with SASL-IR on IMAPS: the tagged answer, after
/// answering a JSON challenge (if any) with an empty line.
async fn imap_xoauth2(mock: &MockHandle, user: &str, token: &str) -> Vec<String> {
    let mut w = Wire::tls(mock.imaps_addr(), mock.ca_pem()).await;
    assert!(w.line().await.starts_with("* OK Gimap ready"));
    w.send(&format!(
        "a1 AUTHENTICATE XOAUTH2 {}\r\n",
        xoauth2(user, token)
    ))
    .await;
    let first = w.line().await;
    if first.starts_with("+ ") {
        assert_eq!(first, format!("+ {}", xoauth2_error_b64()));
        w.send("\r\n").await;
        let mut out = vec![first];
        out.extend(w.until_tagged("a1").await);
        return out;
    }
    let mut out = vec![first.clone()];
    if !first.starts_with("a1 ") {
        out.extend(w.until_tagged("a1").await);
    }
    out
}

#[tokio::test]
async fn refreshed_token_signs_in_on_imaps_and_smtps_until_it_expires() {
    let mock = std::sync::Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    let access = refresh(&mock, WORKSPACE_REFRESH_TOKEN).expect("preset refresh token works");
    assert!(access.starts_with("ya29."), "{access}");
    let info = mock.oauth_token_info(&access).expect("tokeninfo");
    assert_eq!(
        (
            info.client_id.as_str(),
            info.scope.as_str(),
            info.email.as_str()
        ),
        (OAUTH_CLIENT_ID, MAIL_SCOPE, WORKSPACE_EMAIL)
    );

    // The imap crate's XOAUTH2 (no initial response).
    let (m, t) = (mock.clone(), access.clone());
    tokio::task::spawn_blocking(move || {
        struct Bearer(String);
        impl imap::Authenticator for Bearer {
            type Response = String;
            fn process(&self, _: &[u8]) -> String {
                format!("user={WORKSPACE_EMAIL}\x01auth=Bearer {}\x01\x01", self.0)
            }
        }
        let client = crate::support::imap_client(m.imaps_addr(), m.ca_pem());
        let mut s = client
            .authenticate("XOAUTH2", &Bearer(t))
            .map_err(|(e, _)| e)
            .expect("issued access token signs in");
        s.select("INBOX").unwrap();
        s.logout().unwrap();
    })
    .await
    .unwrap();

    // lettre with Mechanism::Xoauth2 on SMTPS.
    let t = crate::support::lettre_transport_with(
        &mock,
        WORKSPACE_EMAIL,
        &access,
        &[Mechanism::Xoauth2],
    );
    assert!(t.test_connection().await.expect("XOAUTH2 on SMTPS"));

    // 3599 seconds later the same token gets the JSON challenge.
    mock.advance(Duration::from_secs(3599));
    let r = imap_xoauth2(&mock, WORKSPACE_EMAIL, &access).await;
    assert_eq!(
        r.last().map(String::as_str),
        Some("a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"),
        "{r:?}"
    );
    assert!(mock.oauth_token_info(&access).is_none());
    let t = crate::support::lettre_transport_with(
        &mock,
        WORKSPACE_EMAIL,
        &access,
        &[Mechanism::Xoauth2],
    );
    assert!(t.test_connection().await.is_err(), "expired token on SMTPS");
    // A fresh refresh works again.
    let fresh = refresh(&mock, WORKSPACE_REFRESH_TOKEN).unwrap();
    let r = imap_xoauth2(&mock, WORKSPACE_EMAIL, &fresh).await;
    assert!(r.last().unwrap().starts_with("a1 OK "), "{r:?}");
    std::sync::Arc::try_unwrap(mock)
        .ok()
        .unwrap()
        .shutdown()
        .await;
}

#[tokio::test]
async fn foreign_and_under_scoped_tokens_get_the_challenge() {
    let mock = MockGmail::builder()
        .mode("healthy")
        .oauth_grant(
            WORKSPACE_EMAIL,
            OAUTH_CLIENT_ID,
            "1//calendar-only",
            vec!["https://www.googleapis.com/auth/calendar".into()],
            Duration::ZERO,
        )
        .start()
        .await
        .unwrap();
    let narrow = refresh(&mock, "1//calendar-only").unwrap();
    let r = imap_xoauth2(&mock, WORKSPACE_EMAIL, &narrow).await;
    assert_eq!(r[0], format!("+ {}", xoauth2_error_b64()), "{r:?}");
    // Jan's token presented as Anna.
    let jans = refresh(&mock, CONSUMER_REFRESH_TOKEN).unwrap();
    let r = imap_xoauth2(&mock, WORKSPACE_EMAIL, &jans).await;
    assert_eq!(r[0], format!("+ {}", xoauth2_error_b64()), "{r:?}");
    let r = imap_xoauth2(&mock, CONSUMER_EMAIL, &jans).await;
    assert!(r.last().unwrap().starts_with("a1 OK "), "{r:?}");
    // The static token of the preset still works beside issued ones.
    let r = imap_xoauth2(&mock, WORKSPACE_EMAIL, WORKSPACE_OAUTH_TOKEN).await;
    assert!(r.last().unwrap().starts_with("a1 OK "), "{r:?}");
    mock.shutdown().await;
}

#[tokio::test]
async fn imap_disabled_still_refuses_an_oauth_login() {
    let mock = MockGmail::builder()
        .mode("imap-disabled")
        .start()
        .await
        .unwrap();
    let access = refresh(&mock, WORKSPACE_REFRESH_TOKEN).unwrap();
    let r = imap_xoauth2(&mock, WORKSPACE_EMAIL, &access).await;
    assert!(
        r.last()
            .unwrap()
            .contains("IMAP access is disabled for your domain"),
        "{r:?}"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn each_invalidation_cause_gives_invalid_grant() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let dead = |r: Result<String, TokenError>| {
        let e = r.expect_err("refresh refused");
        assert_eq!(
            (e.code(), e.description(), e.status()),
            ("invalid_grant", "Token has been expired or revoked.", 400)
        );
        e
    };
    // A password change (the handle, as the API does it) kills grants
    // holding the mail scope, and their access tokens.
    let access = refresh(&mock, WORKSPACE_REFRESH_TOKEN).unwrap();
    mock.update_account(WORKSPACE_EMAIL, |a| {
        a.password = "Jesien-2026".to_owned().into()
    })
    .unwrap();
    assert_eq!(
        dead(refresh(&mock, WORKSPACE_REFRESH_TOKEN)),
        TokenError::InvalidGrant(GrantDeath::Revoked(Revocation::PasswordChanged))
    );
    assert!(mock.oauth_token_info(&access).is_none());
    // The user removes the app's access.
    refresh(&mock, CONSUMER_REFRESH_TOKEN).unwrap();
    assert_eq!(
        mock.oauth_remove_access(CONSUMER_EMAIL, OAUTH_CLIENT_ID)
            .unwrap(),
        1
    );
    assert_eq!(
        dead(refresh(&mock, CONSUMER_REFRESH_TOKEN)),
        TokenError::InvalidGrant(GrantDeath::Revoked(Revocation::ByUser))
    );
    // /revoke of a refresh token.
    mock.reset();
    assert!(mock.oauth_revoke(WORKSPACE_REFRESH_TOKEN));
    assert!(!mock.oauth_revoke(WORKSPACE_REFRESH_TOKEN));
    dead(refresh(&mock, WORKSPACE_REFRESH_TOKEN));
    // Six months unused.
    mock.reset();
    mock.advance(mock_gmail::model::oauth::UNUSED_LIFETIME);
    assert_eq!(
        dead(refresh(&mock, WORKSPACE_REFRESH_TOKEN)),
        TokenError::InvalidGrant(GrantDeath::Unused)
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn testing_apps_tokens_die_after_seven_days() {
    let mut client = oauth_client();
    client.publishing_status = mock_gmail::model::oauth::PublishingStatus::Testing;
    let mock = MockGmail::builder()
        .mode("healthy")
        .oauth_client(client)
        .start()
        .await
        .unwrap();
    mock.advance(Duration::from_secs(6 * 24 * 3600));
    refresh(&mock, WORKSPACE_REFRESH_TOKEN).expect("day 6 still works");
    mock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(
        refresh(&mock, WORKSPACE_REFRESH_TOKEN),
        Err(TokenError::InvalidGrant(GrantDeath::TestingExpired))
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn the_101st_refresh_token_kills_the_oldest() {
    let mut b = MockGmail::builder().mode("healthy");
    for i in 0..100u64 {
        b = b.oauth_grant(
            CONSUMER_EMAIL,
            OAUTH_CLIENT_ID,
            format!("1//extra-{i}"),
            vec![MAIL_SCOPE.to_owned()],
            Duration::from_secs(100 - i),
        );
    }
    // The preset's grant (issued now) plus 100 older ones: the oldest of
    // all (`extra-0`) died when the 101st was added.
    let mock = b.start().await.unwrap();
    assert_eq!(
        refresh(&mock, "1//extra-0"),
        Err(TokenError::InvalidGrant(GrantDeath::Revoked(
            Revocation::TooManyTokens
        )))
    );
    refresh(&mock, "1//extra-1").expect("the next oldest lives");
    refresh(&mock, CONSUMER_REFRESH_TOKEN).expect("the newest lives");
    mock.shutdown().await;
}

#[tokio::test]
async fn wrong_secret_and_blocked_client() {
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let e = mock
        .oauth_refresh(OAUTH_CLIENT_ID, "wrong", WORKSPACE_REFRESH_TOKEN)
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("invalid_client", 401));
    mock.update_policy(|p| {
        p.api_controls
            .apps
            .insert(OAUTH_CLIENT_ID.to_owned(), AppAccess::Blocked);
    });
    assert_eq!(
        refresh(&mock, WORKSPACE_REFRESH_TOKEN),
        Err(TokenError::AdminPolicyEnforced)
    );
    // A personal account has no admin.
    refresh(&mock, CONSUMER_REFRESH_TOKEN).expect("gmail.com unaffected");
    mock.shutdown().await;
}

#[tokio::test]
async fn bad_grants_are_refused_at_build_time() {
    let e = MockGmail::builder()
        .mode("healthy")
        .oauth_grant(
            WORKSPACE_EMAIL,
            "nope.apps.googleusercontent.com",
            "1//x",
            vec![],
            Duration::ZERO,
        )
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no such OAuth client") && e.contains(OAUTH_CLIENT_ID),
        "{e}"
    );
    let e = MockGmail::builder()
        .mode("healthy")
        .oauth_grant(
            "who@firma.example",
            OAUTH_CLIENT_ID,
            "1//x",
            vec![],
            Duration::ZERO,
        )
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("who@firma.example") && e.contains("no such account"),
        "{e}"
    );
}
