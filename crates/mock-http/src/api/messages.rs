//! `/api/messages`: what the CRM sent through the mock's SMTP servers.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use mock_gmail::CapturedMessage;

use crate::error::{ApiResult, Error};
use crate::extract::{parse_id, ApiPath};
use crate::schema::MessageView;
use crate::state::AppState;

/// `GET /api/messages`, oldest first.
pub(crate) async fn list(State(s): State<AppState>) -> Json<Vec<MessageView>> {
    Json(s.mock.messages().iter().map(MessageView::from).collect())
}

/// `GET /api/messages/{id}`.
pub(crate) async fn get(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<MessageView>> {
    Ok(Json(MessageView::from(&find(&s, &id)?)))
}

/// `GET /api/messages/{id}/raw`: the exact bytes, as `message/rfc822`.
pub(crate) async fn raw(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<impl IntoResponse> {
    let m = find(&s, &id)?;
    Ok(([(header::CONTENT_TYPE, "message/rfc822")], m.raw))
}

/// The captured message with the id in the path.
pub(crate) fn find(s: &AppState, id: &str) -> Result<CapturedMessage, Error> {
    let id = parse_id("id", id)?;
    s.mock
        .messages()
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(Error::NoSuchMessage(id))
}
