//! The frame around every page: title, navigation, stylesheet.

use maud::{html, Markup, DOCTYPE};
use mock_gmail::Retention;

/// Which tab is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tab {
    Overview,
    Messages,
    Transcripts,
    None,
}

/// The counts shown in the navigation (kept) and on the list pages
/// (kept, bound, dropped).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counts {
    /// Captured messages.
    pub messages: Retention,
    /// Transcripts.
    pub transcripts: Retention,
}

/// What the frame shows besides the page itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'a> {
    pub title: &'a str,
    pub tab: Tab,
    pub counts: Counts,
    /// Reload the page every N seconds (`?refresh=N`).
    pub refresh: Option<u32>,
}

/// A full HTML document.
pub(crate) fn page(f: &Frame<'_>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(s) = f.refresh {
                    meta http-equiv="refresh" content=(s);
                }
                title { (f.title) " · mock Gmail console" }
                link rel="stylesheet" href="/console.css";
            }
            body {
                header {
                    h1 { "mock Gmail console" }
                    nav {
                        a.active[f.tab == Tab::Overview] href="/" { "Accounts & policy" }
                        a.active[f.tab == Tab::Messages] href="/messages" { "Messages (" (f.counts.messages.kept) ")" }
                        a.active[f.tab == Tab::Transcripts] href="/transcripts" { "Transcripts (" (f.counts.transcripts.kept) ")" }
                        a href="/api/openapi.yaml" { "HTTP API" }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// "Refresh every 3 s" / "Stop refreshing" for pages that watch a CRM.
pub(crate) fn refresh_toggle(path: &str, refresh: Option<u32>) -> Markup {
    html! {
        @if refresh.is_some() {
            a href=(path) { "Stop refreshing" }
        } @else {
            a href={ (path) "?refresh=3" } { "Refresh every 3 s" }
        }
    }
}

/// What a list page keeps: "the newest 500 are kept; 12 older ones were
/// dropped". Without it a user looking for an old capture could not tell
/// "never sent" from "dropped to keep memory bounded".
pub(crate) fn retention_note(what: &str, flag: &str, r: Retention) -> Markup {
    html! {
        p.hint #retention {
            @if r.max == 0 {
                "Every " (what) " is kept (" code { (flag) " 0" } ": no bound)."
            } @else {
                "The newest " (r.max) " " (what) "s are kept (" code { (flag) } "). "
            }
            @if r.dropped > 0 {
                strong #dropped { (r.dropped) " older " (what) (if r.dropped == 1 { "" } else { "s" }) " dropped" }
                " since the start or the last reset."
            } @else if r.max > 0 {
                "None dropped so far."
            }
        }
    }
}
