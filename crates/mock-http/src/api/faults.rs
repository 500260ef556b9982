//! `/api/faults`: server or network misbehaviour for new connections, in
//! the same form as scenario files (`{"listener":"imaps","kind":"stall-at","stage":"auth"}`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use mock_gmail::model::faults::Fault;

use crate::extract::ApiJson;
use crate::schema::FaultView;
use crate::state::AppState;

/// `GET /api/faults`.
pub(crate) async fn list(State(s): State<AppState>) -> Json<Vec<FaultView>> {
    Json(s.mock.faults().iter().map(FaultView::from).collect())
}

/// `PUT /api/faults`: replaces the list (mock-gmail validates each entry).
pub(crate) async fn put(
    State(s): State<AppState>,
    ApiJson(faults): ApiJson<Vec<Fault>>,
) -> Json<Vec<FaultView>> {
    s.mock.set_faults(faults);
    list(State(s)).await
}

/// `DELETE /api/faults` → 204.
pub(crate) async fn clear(State(s): State<AppState>) -> StatusCode {
    s.mock.set_faults(Vec::new());
    StatusCode::NO_CONTENT
}
