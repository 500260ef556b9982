//! GET handlers of the console: collect views from the mock, render.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;

use super::render::layout::Counts;
use super::render::{messages, notice, overview, transcripts};
use crate::error::Error;
use crate::extract::ApiPath;
use crate::schema::{AccountView, MessageView, PolicyView, ServerView};
use crate::state::AppState;

/// The navigation counts of `s`.
pub(crate) fn counts(s: &AppState) -> Counts {
    let c = s.mock.captures();
    Counts {
        messages: c.messages,
        transcripts: c.transcripts,
    }
}

/// An error as an HTML page with the API's status code.
pub(crate) fn html_error(s: &AppState, e: Error) -> Response {
    let status = e.status();
    (
        status,
        notice::error(counts(s), status.as_u16(), &e.to_string()),
    )
        .into_response()
}

/// `?refresh=N` (seconds, 1 to 3600) on pages that watch a CRM.
#[derive(Debug, Deserialize)]
pub(crate) struct Refresh {
    refresh: Option<u32>,
}

fn refresh(q: Result<Query<Refresh>, QueryRejection>) -> Option<u32> {
    q.ok()
        .and_then(|Query(r)| r.refresh)
        .map(|n| n.clamp(1, 3600))
}

/// `GET /`.
pub(crate) async fn overview(State(s): State<AppState>) -> Markup {
    let m = &s.mock;
    let accounts: Vec<AccountView> = m
        .accounts()
        .iter()
        .map(|a| AccountView::new(m, a))
        .collect();
    overview::page_html(&overview::Overview {
        counts: counts(&s),
        server: &ServerView::new(m),
        policy: &PolicyView::new(m),
        accounts: &accounts,
    })
}

/// `GET /messages`.
pub(crate) async fn messages(
    State(s): State<AppState>,
    q: Result<Query<Refresh>, QueryRejection>,
) -> Markup {
    let list: Vec<MessageView> = s.mock.messages().iter().map(MessageView::from).collect();
    messages::list(counts(&s), refresh(q), &list)
}

/// `GET /messages/{id}`.
pub(crate) async fn message(State(s): State<AppState>, ApiPath(id): ApiPath<String>) -> Response {
    match crate::api::messages::find(&s, &id) {
        Ok(m) => messages::detail(counts(&s), &MessageView::from(&m)).into_response(),
        Err(e) => html_error(&s, e),
    }
}

/// `GET /transcripts`.
pub(crate) async fn transcripts(
    State(s): State<AppState>,
    q: Result<Query<Refresh>, QueryRejection>,
) -> Markup {
    transcripts::list(counts(&s), refresh(q), &s.mock.transcripts())
}

/// `GET /transcripts/{id}`.
pub(crate) async fn transcript(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Response {
    match crate::api::transcripts::find(&s, &id) {
        Ok(t) => transcripts::detail(counts(&s), &t).into_response(),
        Err(e) => html_error(&s, e),
    }
}

/// `GET /console.css`.
pub(crate) async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        super::CSS,
    )
}
