//! `/api/accounts`: list, create, read and change accounts; generate and
//! revoke app passwords; delete an account's mail.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;

use crate::control;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::schema::{
    AccountPatch, AccountView, GeneratedAppPassword, MailboxCleared, NewAccount, NewAppPassword,
};
use crate::state::AppState;

/// `GET /api/accounts`.
pub(crate) async fn list(State(s): State<AppState>) -> Json<Vec<AccountView>> {
    let m = &s.mock;
    Json(
        m.accounts()
            .iter()
            .map(|a| AccountView::new(m, a))
            .collect(),
    )
}

/// `POST /api/accounts` → 201 with a `Location`.
pub(crate) async fn create(
    State(s): State<AppState>,
    ApiJson(new): ApiJson<NewAccount>,
) -> ApiResult<impl IntoResponse> {
    let a = control::create_account(&s.mock, new)?;
    let location = format!("/api/accounts/{}", crate::routes::segment(&a.email));
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(AccountView::new(&s.mock, &a)),
    ))
}

/// `GET /api/accounts/{email}`.
pub(crate) async fn get(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
) -> ApiResult<Json<AccountView>> {
    let a = control::account(&s.mock, &email)?;
    Ok(Json(AccountView::new(&s.mock, &a)))
}

/// `PATCH /api/accounts/{email}`.
pub(crate) async fn patch(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    ApiJson(p): ApiJson<AccountPatch>,
) -> ApiResult<Json<AccountView>> {
    let a = control::update_account(&s.mock, &email, p)?;
    Ok(Json(AccountView::new(&s.mock, &a)))
}

/// `POST /api/accounts/{email}/app-passwords` → 201, the secret shown once.
pub(crate) async fn generate_app_password(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
    ApiJson(body): ApiJson<NewAppPassword>,
) -> ApiResult<impl IntoResponse> {
    let (name, password) = control::generate_app_password(&s.mock, &email, &body.name)?;
    Ok((
        StatusCode::CREATED,
        Json(GeneratedAppPassword { name, password }),
    ))
}

/// `DELETE /api/accounts/{email}/app-passwords/{name}` → 204.
pub(crate) async fn revoke_app_password(
    State(s): State<AppState>,
    ApiPath((email, name)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    control::revoke_app_password(&s.mock, &email, &name)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/accounts/{email}/messages` → 200 with the count: every
/// message of the account's mailbox, deleted for ever. Mail is not a
/// capture (it is never dropped on its own, as on Gmail), so a suite that
/// runs for days clears it between test cases.
pub(crate) async fn clear_messages(
    State(s): State<AppState>,
    ApiPath(email): ApiPath<String>,
) -> ApiResult<Json<MailboxCleared>> {
    let (account, deleted) = control::clear_mailbox(&s.mock, &email)?;
    tracing::info!(%account, deleted, "mailbox cleared");
    Ok(Json(MailboxCleared { account, deleted }))
}
