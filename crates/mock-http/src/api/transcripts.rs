//! `/api/transcripts`: each connection's exchange, already redacted at
//! capture by mock-gmail (passwords and SASL payloads never reach here).

use axum::extract::State;
use axum::Json;
use mock_gmail::Transcript;

use crate::error::{ApiResult, Error};
use crate::extract::{parse_id, ApiPath};
use crate::state::AppState;

/// `GET /api/transcripts`, oldest first.
pub(crate) async fn list(State(s): State<AppState>) -> Json<Vec<Transcript>> {
    Json(s.mock.transcripts())
}

/// `GET /api/transcripts/{id}`.
pub(crate) async fn get(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Transcript>> {
    Ok(Json(find(&s, &id)?))
}

/// The transcript with the id in the path.
pub(crate) fn find(s: &AppState, id: &str) -> Result<Transcript, Error> {
    let id = parse_id("id", id)?;
    s.mock
        .transcripts()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(Error::NoSuchTranscript(id))
}
