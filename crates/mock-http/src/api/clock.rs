//! `/api/clock/advance` and `/api/reset`: time and the state as a whole.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::control;
use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::schema::{ClockAdvance, ClockAdvanced, PolicyView};
use crate::state::AppState;

/// `POST /api/clock/advance`: skip time (policy propagation "up to 24 h").
pub(crate) async fn advance(
    State(s): State<AppState>,
    ApiJson(body): ApiJson<ClockAdvance>,
) -> ApiResult<Json<ClockAdvanced>> {
    control::advance_clock(&s.mock, body.seconds)?;
    Ok(Json(ClockAdvanced {
        advanced_seconds: body.seconds,
        policy: PolicyView::new(&s.mock),
    }))
}

/// `POST /api/reset` → 204: the mock as it started (`MockHandle::reset`).
pub(crate) async fn reset(State(s): State<AppState>) -> StatusCode {
    s.mock.reset();
    tracing::info!("state reset to the start");
    StatusCode::NO_CONTENT
}
