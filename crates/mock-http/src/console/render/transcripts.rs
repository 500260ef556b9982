//! Connection transcripts (already redacted by mock-gmail): a list with
//! each connection's outcome, and one connection's lines.

use maud::{html, Markup};
use mock_gmail::transcript::Line;
use mock_gmail::{Direction, Transcript};

use super::layout::{page, refresh_toggle, retention_note, Counts, Frame, Tab};

/// `/transcripts`.
pub(crate) fn list(counts: Counts, refresh: Option<u32>, ts: &[Transcript]) -> Markup {
    let frame = Frame {
        title: "Transcripts",
        tab: Tab::Transcripts,
        counts,
        refresh,
    };
    page(
        &frame,
        html! {
            div.row {
                h2 { "Connections" }
                (refresh_toggle("/transcripts", refresh))
            }
            p.hint { "One transcript per IMAP or SMTP connection, newest first. Passwords, app passwords, tokens and SASL payloads are redacted when recorded." }
            (retention_note("transcript", "--max-transcripts", counts.transcripts))
            @if ts.is_empty() {
                div.card { p.muted #no-transcripts { "No connections yet." } }
            } @else {
                div.card {
                    table #transcripts {
                        tr { th { "#" } th { "Listener" } th { "Client" } th { "Account" } th { "Outcome" } th {} }
                        @for t in ts.iter().rev() {
                            tr {
                                td { a href={ "/transcripts/" (t.id) } { (t.id) } }
                                td { (t.listener.as_str()) }
                                td.mono { (t.peer) }
                                td { (t.account.as_deref().unwrap_or("—")) }
                                td.mono { (outcome(t)) }
                                td { @if t.closed { span.chip.off { "closed" } } @else { span.chip.on { "open" } } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The server line that says how the connection went: the first refusal
/// (IMAP `NO`/`BAD`/`BYE`, SMTP 4xx/5xx), else the sign-in success, else
/// the last line.
fn outcome(t: &Transcript) -> &str {
    let server = || t.lines.iter().filter(|l| l.dir == Direction::Server);
    server()
        .find(|l| is_refusal(&l.text))
        .or_else(|| {
            server()
                .find(|l| l.text.contains("authenticated (Success)") || l.text.starts_with("235 "))
        })
        .or_else(|| server().next_back())
        .map(|l| l.text.as_str())
        .unwrap_or("")
}

/// `/transcripts/{id}`.
pub(crate) fn detail(counts: Counts, t: &Transcript) -> Markup {
    let title = format!("Transcript {}", t.id);
    let frame = Frame {
        title: &title,
        tab: Tab::Transcripts,
        counts,
        refresh: None,
    };
    page(
        &frame,
        html! {
            h2 { "Connection " (t.id) " · " (t.listener.as_str()) " from " (t.peer) }
            p.muted {
                "Account: " (t.account.as_deref().unwrap_or("not signed in")) " · "
                @if t.closed { "closed" } @else { "still open" }
                " · " a href={ "/api/transcripts/" (t.id) } { "JSON" }
            }
            pre.transcript #transcript {
                @for l in &t.lines { (line(l)) }
            }
        },
    )
}

fn line(l: &Line) -> Markup {
    let (class, prefix) = match l.dir {
        Direction::Client => ("c", "C: "),
        Direction::Server => ("s", "S: "),
        Direction::Event => ("e", "-- "),
    };
    let refused = l.dir == Direction::Server && is_refusal(&l.text);
    let class = if refused { "s no" } else { class };
    html! {
        span class=(class) { (format!("{:>6} ms ", l.at_ms)) (prefix) (l.text) }
    }
}

/// IMAP `NO`/`BAD`, a `BYE` the client did not ask for, or an SMTP
/// 4xx/5xx reply.
fn is_refusal(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    matches!(second, "NO" | "BAD")
        || second == "BYE" && !text.contains("LOGOUT")
        || first.starts_with(['4', '5'])
            && first.len() >= 3
            && first[..3].bytes().all(|b| b.is_ascii_digit())
}
