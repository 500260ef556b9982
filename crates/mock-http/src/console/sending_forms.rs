//! POST handlers of the console's sending forms (DESIGN.md "Sending"): the
//! organisation's domains, the SMTP relay service, and an account's "Send
//! mail as" addresses. Like [`super::forms`], each maps its form onto the
//! JSON API's patch, applies it through [`crate::control`] (so a bad IP or
//! domain is refused with the same message) and redirects back (303).

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use mock_gmail::model::sending::same_address;
use mock_gmail::{RelaySenders, SendVia};
use serde::Deserialize;

use super::forms::with_form;
use super::render::seg;
use crate::control;
use crate::error::Error;
use crate::extract::ApiPath;
use crate::schema::sending::{SendAsJson, SmtpRelayPatch};
use crate::schema::{AccountPatch, PolicyPatch};
use crate::state::AppState;

/// Splits a text field into entries: one per line, or separated by commas
/// or spaces (what people paste from a spreadsheet or a DNS panel).
fn entries(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Account › Domains › Manage domains: the secondary and alias domains.
#[derive(Debug, Deserialize)]
pub(crate) struct DomainsForm {
    domains: String,
}

/// `POST /console/policy/domains`.
pub(crate) async fn policy_domains(
    State(s): State<AppState>,
    form: Result<Form<DomainsForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let patch = PolicyPatch {
            domains: Some(entries(&f.domains)),
            ..PolicyPatch::default()
        };
        control::update_policy(&s.mock, patch)?;
        tracing::info!("console: domains saved");
        Ok(Redirect::to("/#domains").into_response())
    })
}

/// Apps › Gmail › Routing › SMTP relay service: the whole setting (an
/// unchecked box is absent from the form).
#[derive(Debug, Deserialize)]
pub(crate) struct SmtpRelayForm {
    enabled: Option<String>,
    allowed_senders: RelaySenders,
    only_allowlisted_ips: Option<String>,
    #[serde(default)]
    allowed_ips: String,
    require_auth: Option<String>,
    require_tls: Option<String>,
}

/// `POST /console/policy/smtp-relay`.
pub(crate) async fn policy_smtp_relay(
    State(s): State<AppState>,
    form: Result<Form<SmtpRelayForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let relay = SmtpRelayPatch {
            enabled: Some(f.enabled.is_some()),
            allowed_senders: Some(f.allowed_senders),
            only_allowlisted_ips: Some(f.only_allowlisted_ips.is_some()),
            allowed_ips: Some(entries(&f.allowed_ips)),
            require_auth: Some(f.require_auth.is_some()),
            require_tls: Some(f.require_tls.is_some()),
        };
        let patch = PolicyPatch {
            smtp_relay: Some(relay),
            ..PolicyPatch::default()
        };
        control::update_policy(&s.mock, patch)?;
        tracing::info!("console: SMTP relay service saved");
        Ok(Redirect::to("/#smtp-relay").into_response())
    })
}

/// Gmail › Settings › Accounts › "Add another email address".
#[derive(Debug, Deserialize)]
pub(crate) struct AddSendAsForm {
    address: String,
    via: SendVia,
}

/// `POST /console/accounts/{email}/send-as`: adds one address to the list.
pub(crate) async fn add_send_as(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    form: Result<Form<AddSendAsForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let mut list = current(&s, &email)?;
        list.push(SendAsJson {
            address: f.address,
            via: f.via,
        });
        let a = set_send_as(&s, &email, list)?;
        tracing::info!(email = %a.email, "console: send-as address added");
        Ok(Redirect::to(&format!("/#acct-{}", seg(&a.email))).into_response())
    })
}

/// One "Send mail as" address.
#[derive(Debug, Deserialize)]
pub(crate) struct AddressForm {
    address: String,
}

/// `POST /console/accounts/{email}/send-as/remove`.
pub(crate) async fn remove_send_as(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    form: Result<Form<AddressForm>, FormRejection>,
) -> Response {
    with_form(&s, form, |f| {
        let mut list = current(&s, &email)?;
        let before = list.len();
        list.retain(|x| !same_address(&x.address, &f.address));
        if list.len() == before {
            return Err(Error::field(
                "address",
                format!(
                    "{:?} is not a \"Send mail as\" address of {email}",
                    f.address
                ),
            ));
        }
        let a = set_send_as(&s, &email, list)?;
        tracing::info!(email = %a.email, "console: send-as address removed");
        Ok(Redirect::to(&format!("/#acct-{}", seg(&a.email))).into_response())
    })
}

fn current(s: &AppState, email: &str) -> Result<Vec<SendAsJson>, Error> {
    let a = control::account(&s.mock, email)?;
    Ok(a.send_as.iter().map(SendAsJson::from).collect())
}

fn set_send_as(
    s: &AppState,
    email: &str,
    list: Vec<SendAsJson>,
) -> Result<mock_gmail::Account, Error> {
    let patch = AccountPatch {
        send_as: Some(list),
        ..AccountPatch::default()
    };
    control::update_account(&s.mock, email, patch)
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries_split_on_lines_commas_and_spaces() {
        assert_eq!(
            super::entries("a.pl, b.pl\r\n c.pl;d.pl\n\n"),
            ["a.pl", "b.pl", "c.pl", "d.pl"]
        );
        assert!(super::entries("  \n").is_empty());
    }
}
