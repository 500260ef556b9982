//! `/api/policy`: the Workspace admin console's settings.

use axum::extract::State;
use axum::Json;

use crate::control;
use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::schema::{PolicyPatch, PolicyView};
use crate::state::AppState;

/// `GET /api/policy`.
pub(crate) async fn get(State(s): State<AppState>) -> Json<PolicyView> {
    Json(PolicyView::new(&s.mock))
}

/// `PATCH /api/policy`: the admin saves; propagation as configured. A
/// refused value (a domain, an allowlist entry) changes nothing.
pub(crate) async fn patch(
    State(s): State<AppState>,
    ApiJson(p): ApiJson<PolicyPatch>,
) -> ApiResult<Json<PolicyView>> {
    control::update_policy(&s.mock, p)?;
    Ok(Json(PolicyView::new(&s.mock)))
}
