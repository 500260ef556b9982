//! A mail transaction: the signed-in account, the envelope (MAIL FROM,
//! RCPT TO) and the body as it arrives, and what happens when it is
//! complete (delivered, or dropped for its size).

use bytes::Bytes;
use gmail_wire::smtp::Reply;

use crate::mime::from_header;
use crate::model::sending::{self, SenderDecision};
use crate::model::AccountKind;
use crate::responses::smtp as text;
use crate::smtp::session::{CommandPhase, Context, Output, Phase};
use crate::wire_style::Stage;

/// One message from MAIL FROM to its end.
#[derive(Debug)]
pub(crate) struct Transaction {
    /// The key of the account that signed in (and sends); `None` only on
    /// the relay listener, for a client identified by its IP address.
    pub account: Option<String>,
    /// MAIL FROM.
    pub from: String,
    /// The address Gmail sends as instead of `from` (an address the
    /// account may not send as: DESIGN.md "Sending").
    pub rewritten: Option<String>,
    /// Through the SMTP relay service (no Sent Mail copy, no rewriting,
    /// no per-user daily limit).
    pub relay: bool,
    /// RCPT TOs, in order.
    pub rcpts: Vec<String>,
    pub body: Body,
}

impl Transaction {
    pub fn new(
        account: Option<String>,
        from: String,
        rewritten: Option<String>,
        relay: bool,
    ) -> Self {
        Transaction {
            account,
            from,
            rewritten,
            relay,
            rcpts: Vec::new(),
            body: Body::default(),
        }
    }

    /// DATA and BDAT need one.
    pub fn has_recipients(&self) -> bool {
        !self.rcpts.is_empty()
    }

    /// DATA starts the message again.
    pub fn restart_body(&mut self) {
        self.body = Body::default();
    }
}

/// The message received so far.
#[derive(Debug)]
pub(crate) enum Body {
    /// Every byte so far: within the size limit.
    Within(Vec<u8>),
    /// Over the limit: the rest is read to its end but not stored (the
    /// reply comes after the final dot or the LAST chunk). `kept` is how
    /// much had been stored, which BDAT's "bytes received" still counts.
    OverLimit { kept: usize },
}

impl Default for Body {
    fn default() -> Self {
        Body::Within(Vec::new())
    }
}

impl Body {
    /// Appends `bytes`, unless the message would grow over `max`: then
    /// the message is over the limit for good and its bytes are freed.
    pub fn push(&mut self, bytes: &[u8], max: usize) {
        if let Body::Within(raw) = self {
            if raw.len() + bytes.len() > max {
                *self = Body::OverLimit { kept: raw.len() };
            } else {
                raw.extend_from_slice(bytes);
            }
        }
    }

    /// Bytes stored.
    pub fn len(&self) -> usize {
        match self {
            Body::Within(raw) => raw.len(),
            Body::OverLimit { kept } => *kept,
        }
    }
}

/// The message is complete: deliver it (250), drop it for its size
/// (552), or refuse it for the account's daily sending limit (550 5.4.5,
/// which Gmail says after the message, not at MAIL FROM). Either way the
/// transaction ends and the sign-in stays.
pub(crate) fn complete(ctx: &Context, tx: Transaction) -> (Phase, Output) {
    let id = ctx.id();
    let Transaction {
        account,
        from,
        rewritten,
        relay,
        rcpts,
        body,
    } = tx;
    let reply = match body {
        Body::OverLimit { .. } => {
            ctx.rec.event("message over the size limit discarded");
            text::too_big(&id)
        }
        Body::Within(mut raw) => {
            // The buffer grew by doubling; the stored message lives as long
            // as the capture and the mailboxes keep it, so give back the
            // slack now rather than hold it for days.
            raw.shrink_to_fit();
            match over_daily_limit(ctx, account.as_deref(), relay, &id) {
                Some(refusal) => {
                    ctx.rec
                        .event("daily sending limit reached: message refused");
                    refusal
                }
                None => {
                    ctx.rec
                        .event(&format!("message received: {} bytes", raw.len()));
                    let raw = Bytes::from(raw);
                    let (raw, envelope_from) = if relay {
                        (raw, from)
                    } else {
                        sent_as(ctx, account.as_deref(), raw, rewritten.unwrap_or(from))
                    };
                    ctx.shared
                        .deliver(account.as_deref(), &envelope_from, &rcpts, raw, !relay);
                    let now = ctx.shared.wall_now().timestamp();
                    text::message_accepted(now, &id)
                }
            }
        }
    };
    let at = CommandPhase::Greeted { account };
    (at.into(), Output::one(reply))
}

/// The daily limit's refusal when the signed-in account has sent its
/// day's worth (`model::sending::daily_limit`), in its kind's words.
fn over_daily_limit(ctx: &Context, account: Option<&str>, relay: bool, id: &str) -> Option<Reply> {
    let key = account.filter(|_| !relay)?;
    let now = ctx.shared.clock.now();
    let kind = {
        let mut w = ctx.shared.world();
        let e = w.accounts.get_mut(key)?;
        let sent = e.sent_in_last_day(now);
        if !sending::over_daily_limit(&e.account, sent) {
            return None;
        }
        e.account.kind()
    };
    tracing::info!(
        service = "smtp",
        rule = "daily sending limit",
        "send decision"
    );
    Some(
        ctx.overridden(Stage::SmtpDailyLimit, id, "", "")
            .unwrap_or_else(|| match kind {
                AccountKind::Workspace => text::daily_limit_workspace(id),
                AccountKind::Consumer => text::daily_limit_personal(id),
            }),
    )
}

/// The message as Gmail sends it: a `From:` header naming an address the
/// account may not send as is rewritten to the account's own (keeping the
/// display name). The envelope sender was decided at MAIL FROM.
fn sent_as(
    ctx: &Context,
    account: Option<&str>,
    raw: Bytes,
    envelope_from: String,
) -> (Bytes, String) {
    let Some(key) = account else {
        return (raw, envelope_from);
    };
    let Some(header_from) = from_header::address(&raw) else {
        return (raw, envelope_from);
    };
    // The common case — a CRM sending as the login itself (the account key
    // is its lower-cased address) — needs no look at the world.
    if sending::same_address(&header_from, key) {
        return (raw, envelope_from);
    }
    let now = ctx.shared.clock.now();
    let own = {
        let mut guard = ctx.shared.world();
        // Field borrows of the guarded world: no copy of the policy per
        // message.
        let w = &mut *guard;
        let policy = w.policy.effective(now);
        w.accounts.get(key).and_then(
            |e| match sending::sender(&e.account, policy, &header_from) {
                SenderDecision::Keep => None,
                // A "Send mail as" address refused by the gateway rule never
                // reaches here as the envelope; in the header alone Gmail
                // cannot hand it to that server either, so it goes out as
                // the account.
                SenderDecision::Rewrite { .. } | SenderDecision::Refuse(_) => {
                    Some(e.account.email.clone())
                }
            },
        )
    };
    match own {
        Some(to) => {
            ctx.rec.event(&format!(
                "From rewritten: {header_from} is not an address this account may send as"
            ));
            (from_header::rewrite(&raw, &to), envelope_from)
        }
        None => (raw, envelope_from),
    }
}
