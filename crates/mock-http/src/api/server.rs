//! `/api/server` (where to connect, which CA to trust) and
//! `/api/openapi.yaml` (this API's description).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

use crate::schema::ServerView;
use crate::state::AppState;

/// The API description, compiled in so the running server and the file
/// in the repository cannot differ.
pub const OPENAPI_YAML: &str = include_str!("../../../../docs/openapi.yaml");

/// `GET /api/server`.
pub(crate) async fn get(State(s): State<AppState>) -> Json<ServerView> {
    Json(ServerView::new(&s.mock))
}

/// `GET /api/openapi.yaml`.
pub(crate) async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI_YAML)
}

/// `GET /api/ca.pem`: the CA certificate clients must trust.
pub(crate) async fn ca_pem(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/x-pem-file")],
        s.mock.ca_pem().to_owned(),
    )
}
