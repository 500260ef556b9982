//! Evaluating a parsed X-GM-RAW [`Query`] against one message of the
//! selected folder.

use std::cell::OnceCell;

use chrono::{DateTime, FixedOffset, Months, TimeDelta};

use super::{Field, Is, Query, Term};
use crate::imap::search_text as st;
use crate::store::{names, Message, Store};

/// What a query is evaluated against.
pub(crate) struct Ctx<'a> {
    pub store: &'a Store,
    pub msg: &'a Message,
    pub now: DateTime<FixedOffset>,
    /// The signed-in address (`from:me`).
    pub me: &'a str,
    /// From, To, Cc, Subject and the body, built on first use.
    text: OnceCell<String>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        store: &'a Store,
        msg: &'a Message,
        now: DateTime<FixedOffset>,
        me: &'a str,
    ) -> Self {
        Ctx {
            store,
            msg,
            now,
            me,
            text: OnceCell::new(),
        }
    }

    fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let mut t = String::new();
            for (n, v) in crate::store::header::fields(&self.msg.raw) {
                if ["from", "to", "cc", "subject"].contains(&n.to_ascii_lowercase().as_str()) {
                    t.push_str(&v);
                    t.push('\n');
                }
            }
            t.push_str(&st::body_text(&self.msg.raw));
            t
        })
    }

    fn in_folder(&self, folder: &str) -> bool {
        self.store
            .mailbox(folder)
            .is_some_and(|m| m.contains(self.msg.msgid))
    }

    /// `label:`/`in:` names: system folders by their search names, user
    /// labels lower-cased with `-` for spaces and `/`.
    fn has_label(&self, wanted: &str) -> bool {
        let norm = |s: &str| s.to_lowercase().replace([' ', '/'], "-");
        let system = match wanted {
            "inbox" => Some(names::INBOX),
            "sent" => Some(names::SENT),
            "starred" => Some(names::STARRED),
            "important" => Some(names::IMPORTANT),
            "draft" | "drafts" => Some(names::DRAFTS),
            "spam" => Some(names::SPAM),
            "trash" => Some(names::TRASH),
            _ => None,
        };
        if let Some(f) = system {
            return self.in_folder(f);
        }
        let wanted = norm(wanted);
        self.store
            .mailboxes()
            .filter(|m| !m.system && m.contains(self.msg.msgid))
            .any(|m| norm(&m.name) == wanted)
    }
}

impl Query {
    /// Whether the message matches.
    pub fn matches(&self, ctx: &Ctx<'_>) -> bool {
        match self {
            Query::And(v) => v.iter().all(|q| q.matches(ctx)),
            Query::Or(v) => v.iter().any(|q| q.matches(ctx)),
            Query::Not(q) => !q.matches(ctx),
            Query::Term(t) => t.matches(ctx),
        }
    }
}

impl Term {
    fn matches(&self, ctx: &Ctx<'_>) -> bool {
        let msg = ctx.msg;
        let flag = |f: &str| msg.flags.contains(f);
        match self {
            Term::Field(field, v) => {
                let name = match field {
                    Field::From => "From",
                    Field::To => "To",
                    Field::Cc => "Cc",
                    Field::Bcc => "Bcc",
                    Field::Subject => "Subject",
                };
                let v = if v.eq_ignore_ascii_case("me") && *field != Field::Subject {
                    ctx.me
                } else {
                    v
                };
                st::header_contains(&msg.raw, name, v)
            }
            Term::Label(l) => ctx.has_label(l),
            Term::In(l) => l == "anywhere" || ctx.has_label(l),
            Term::Is(Is::Unread) => !flag("\\Seen"),
            Term::Is(Is::Read) => flag("\\Seen"),
            Term::Is(Is::Starred) => flag("\\Flagged"),
            Term::Is(Is::Important) => ctx.in_folder(names::IMPORTANT),
            Term::HasAttachment => st::has_attachment(&msg.raw),
            Term::Age { newer, n, unit } => {
                let cutoff = match unit {
                    'd' => ctx.now.checked_sub_signed(TimeDelta::days(i64::from(*n))),
                    'm' => ctx.now.checked_sub_months(Months::new(*n)),
                    _ => ctx
                        .now
                        .checked_sub_months(Months::new(n.saturating_mul(12))),
                };
                match cutoff {
                    Some(c) if *newer => msg.internal_date > c,
                    Some(c) => msg.internal_date < c,
                    None => !newer,
                }
            }
            Term::Date { after, date } => {
                let d = msg.internal_date.date_naive();
                if *after {
                    d >= *date
                } else {
                    d < *date
                }
            }
            Term::Size { larger, bytes } => {
                let len = msg.raw.len() as u64;
                if *larger {
                    len > *bytes
                } else {
                    len < *bytes
                }
            }
            Term::Words(w) => st::has_words(ctx.text(), w),
        }
    }
}
