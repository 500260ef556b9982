//! POST handlers of the console's forms. Each one maps its form onto the
//! same patch the JSON API takes, applies it through [`crate::control`],
//! and redirects back to where the form was (303 See Other).

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use mock_gmail::model::LessSecureApps;
use serde::Deserialize;

use super::pages::{counts, html_error};
use super::render::{notice, seg};
use crate::control;
use crate::error::Error;
use crate::extract::ApiPath;
use crate::schema::{AccountPatch, NewAccount, PolicyPatch};
use crate::state::AppState;

/// Runs `f` on a parsed form, or renders the error.
pub(crate) fn with_form<T>(
    s: &AppState,
    form: Result<Form<T>, FormRejection>,
    f: impl FnOnce(T) -> Result<Response, Error>,
) -> Response {
    let r = form
        .map_err(|e| Error::field("form", e.body_text()))
        .and_then(|Form(t)| f(t));
    r.unwrap_or_else(|e| html_error(s, e))
}

/// Apps › Gmail: "Disable POP and IMAP access for all users" and "Allow
/// per-user outbound gateways" (an unchecked box is simply absent from the
/// form).
#[derive(Debug, Deserialize)]
pub(crate) struct GmailForm {
    imap_pop_disabled_for_all: Option<String>,
    external_smtp_allowed: Option<String>,
}

/// `POST /console/policy/gmail`.
pub(crate) async fn policy_gmail(
    State(s): State<AppState>,
    form: Result<Form<GmailForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        control::update_policy(
            &s.mock,
            PolicyPatch {
                imap_pop_disabled_for_all: Some(f.imap_pop_disabled_for_all.is_some()),
                external_smtp_allowed: Some(f.external_smtp_allowed.is_some()),
                ..PolicyPatch::default()
            },
        )?;
        tracing::info!("console: Gmail advanced settings saved");
        Ok(Redirect::to("/#policy").into_response())
    })
}

/// Security › Less secure apps: the radio group.
#[derive(Debug, Deserialize)]
pub(crate) struct LessSecureForm {
    less_secure_apps: LessSecureApps,
}

/// `POST /console/policy/less-secure-apps`.
pub(crate) async fn policy_less_secure_apps(
    State(s): State<AppState>,
    form: Result<Form<LessSecureForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        control::update_policy(
            &s.mock,
            PolicyPatch {
                less_secure_apps: Some(f.less_secure_apps),
                ..PolicyPatch::default()
            },
        )?;
        tracing::info!(setting = ?f.less_secure_apps, "console: less secure apps saved");
        Ok(Redirect::to("/#policy").into_response())
    })
}

/// "Add an account".
#[derive(Debug, Deserialize)]
pub(crate) struct NewAccountForm {
    email: String,
    password: String,
}

/// `POST /console/accounts`.
pub(crate) async fn create_account(
    State(s): State<AppState>,
    form: Result<Form<NewAccountForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let a = control::create_account(
            &s.mock,
            NewAccount {
                email: f.email,
                password: f.password,
                kind: None,
                two_step_verification: false,
                imap_enabled: true,
                less_secure_toggle: false,
                suspended: false,
                throttled: false,
                max_connections: None,
                other_clients_connected: 0,
                send_as: Vec::new(),
                daily_sending_limit: None,
                sent_last_24h: 0,
            },
        )?;
        tracing::info!(email = %a.email, "console: account added");
        Ok(Redirect::to(&format!("/#acct-{}", seg(&a.email))).into_response())
    })
}

/// One switch of an account: `setting` and its new `value` (`on`/`off`,
/// or a number; for the daily limit, empty means Google's default).
#[derive(Debug, Deserialize)]
pub(crate) struct SettingForm {
    setting: String,
    value: String,
}

/// `POST /console/accounts/{email}/settings`.
pub(crate) async fn account_setting(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    form: Result<Form<SettingForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let patch = setting_patch(&f.setting, &f.value)?;
        let a = control::update_account(&s.mock, &email, patch)?;
        tracing::info!(email = %a.email, setting = %f.setting, value = %f.value, "console: account setting changed");
        Ok(Redirect::to(&format!("/#acct-{}", seg(&a.email))).into_response())
    })
}

/// The patch one switch stands for.
fn setting_patch(setting: &str, value: &str) -> Result<AccountPatch, Error> {
    let flag = || match value {
        "on" => Ok(Some(true)),
        "off" => Ok(Some(false)),
        _ => Err(Error::field("value", "expected on or off")),
    };
    let number = || {
        value
            .trim()
            .parse::<u32>()
            .map(Some)
            .map_err(|_| Error::field("value", "expected a whole number"))
    };
    let mut p = AccountPatch::default();
    match setting {
        "two_step_verification" => p.two_step_verification = flag()?,
        "less_secure_toggle" => p.less_secure_toggle = flag()?,
        "imap_enabled" => p.imap_enabled = flag()?,
        "suspended" => p.suspended = flag()?,
        "throttled" => p.throttled = flag()?,
        "other_clients_connected" => p.other_clients_connected = number()?,
        "max_connections" => p.max_connections = number()?,
        "sent_last_24h" => p.sent_last_24h = number()?,
        "daily_sending_limit" => {
            p.daily_sending_limit = match value.trim() {
                "" | "default" => Some(None),
                _ => Some(number()?),
            }
        }
        _ => {
            return Err(Error::field(
                "setting",
                "not a setting this console changes",
            ))
        }
    }
    Ok(p)
}

/// An app password's name.
#[derive(Debug, Deserialize)]
pub(crate) struct NameForm {
    name: String,
}

/// `POST /console/accounts/{email}/app-passwords`: the secret is shown on
/// the answer page itself (not after a redirect), once.
pub(crate) async fn generate_app_password(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    form: Result<Form<NameForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let (name, password) = control::generate_app_password(&s.mock, &email, &f.name)?;
        tracing::info!(%email, %name, "console: app password generated");
        let a = control::account(&s.mock, &email)?;
        Ok(notice::app_password(counts(&s), &a.email, &name, &password).into_response())
    })
}

/// `POST /console/accounts/{email}/app-passwords/revoke`.
pub(crate) async fn revoke_app_password(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    form: Result<Form<NameForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        control::revoke_app_password(&s.mock, &email, &f.name)?;
        tracing::info!(%email, name = %f.name, "console: app password revoked");
        Ok(Redirect::to(&format!("/#acct-{}", seg(&email))).into_response())
    })
}

/// "Advance the mock's clock by N hours".
#[derive(Debug, Deserialize)]
pub(crate) struct ClockForm {
    hours: String,
}

/// `POST /console/clock`.
pub(crate) async fn clock(
    State(s): State<AppState>,
    form: Result<Form<ClockForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let hours: u64 = f
            .hours
            .trim()
            .parse()
            .map_err(|_| Error::field("hours", "expected a whole number of hours"))?;
        control::advance_clock(&s.mock, hours.saturating_mul(3600))
            .map_err(|_| Error::field("hours", "between 1 and 87600 (ten years)"))?;
        tracing::info!(hours, "console: clock advanced");
        Ok(Redirect::to("/#policy").into_response())
    })
}

/// `POST /console/reset`.
pub(crate) async fn reset(State(s): State<AppState>) -> Response {
    s.mock.reset();
    tracing::info!("console: state reset to the start");
    Redirect::to("/").into_response()
}
