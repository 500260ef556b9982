//! Captured messages: a list, and one message's envelope, headers,
//! decoded text and raw source.

use maud::{html, Markup};

use super::layout::{page, refresh_toggle, retention_note, Counts, Frame, Tab};
use crate::schema::MessageView;

/// `/messages`.
pub(crate) fn list(counts: Counts, refresh: Option<u32>, messages: &[MessageView]) -> Markup {
    let frame = Frame {
        title: "Messages",
        tab: Tab::Messages,
        counts,
        refresh,
    };
    page(
        &frame,
        html! {
            div.row {
                h2 { "Messages sent through the mock" }
                (refresh_toggle("/messages", refresh))
            }
            p.hint { "Every message accepted over SMTP (465/587), newest first. It is also filed in the sender's Sent Mail and in the INBOX of any mock account it is addressed to." }
            (retention_note("message", "--max-messages", counts.messages))
            @if messages.is_empty() {
                div.card { p.muted #no-messages { "Nothing sent yet." } }
            } @else {
                div.card {
                    table #messages {
                        tr { th { "#" } th { "Received" } th { "Account" } th { "MAIL FROM → RCPT TO" } th { "Subject" } th { "Size" } }
                        @for m in messages.iter().rev() {
                            tr {
                                td { a href={ "/messages/" (m.id) } { (m.id) } }
                                td.mono { (m.received_at.format("%Y-%m-%d %H:%M:%S")) }
                                td { (m.account) }
                                td { (m.mail_from) " → " (m.recipients.join(", ")) }
                                td { a href={ "/messages/" (m.id) } { (m.subject.as_deref().unwrap_or("(no subject)")) } }
                                td { (m.size) " B" }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `/messages/{id}`.
pub(crate) fn detail(counts: Counts, m: &MessageView) -> Markup {
    let title = format!("Message {}", m.id);
    let frame = Frame {
        title: &title,
        tab: Tab::Messages,
        counts,
        refresh: None,
    };
    page(
        &frame,
        html! {
            h2 { (m.subject.as_deref().unwrap_or("(no subject)")) }
            div.card {
                table.kv {
                    tr { th { "Signed in as" } td { (m.account) } }
                    tr { th { "MAIL FROM" } td { (m.mail_from) } }
                    tr { th { "RCPT TO" } td { (m.recipients.join(", ")) } }
                    tr { th { "Received" } td { (m.received_at.to_rfc3339()) } }
                    tr { th { "Size" } td { (m.size) " bytes · " a href=(m.raw_url) { "download raw (message/rfc822)" } } }
                }
            }
            h3 { "Headers" }
            div.card {
                table.kv #headers {
                    @for h in &m.headers {
                        tr { th { (h.name) } td { (h.value) } }
                    }
                }
            }
            h3 { "Text" }
            pre #text { (m.text) }
            h3 { "Raw source" }
            pre #raw { (m.raw) }
        },
    )
}
