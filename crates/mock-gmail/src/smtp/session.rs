//! The SMTP submission session (sans I/O): a [`Phase`] and the dispatcher
//! that hands each input to the handlers of the phase it arrives in
//! (`phase/`, one file per phase). It never touches a socket.
//!
//! ```text
//!  greeting ──► Connected
//!  Connected, Greeted{*}  ── EHLO/HELO 250 ─────────────────► Greeted { account kept }
//!  Connected, Greeted{None} ─ STARTTLS 220 (submission port,
//!                             plaintext; RFC 3207 §4.2) ────► Connected
//!  Greeted{None} ── AUTH, no initial response: 334 ─────────► Sasl(pending)
//!  Sasl          ── line: 334 (LOGIN password, XOAUTH2 JSON) ► Sasl(next)
//!  Sasl          ── line: 235 ──────────────────────────────► Greeted { account: Some }
//!  Sasl          ── line: the denial, or 501 (`*`, bad base64) ► Greeted { account: None }
//!  Greeted{None} ── AUTH with initial response ─────────────► as that line in Sasl
//!  Greeted{Some} ── MAIL 250 ───────────────────────────────► Mail(tx)
//!  Mail(tx)      ── RCPT 250 / 553 ─────────────────────────► Mail(tx)
//!  Mail(tx)      ── DATA 354 (needs a RCPT) ────────────────► Data(tx)
//!  Data(tx)      ── lines, then "." 250 OK / 552 too big ───► Greeted { account: Some }
//!  Mail(tx)      ── BDAT n (needs a RCPT) ──────────────────► Chunk(tx, n)
//!  Chunk(tx, n)  ── n bytes: 250 n bytes received ──────────► Mail(tx)
//!                ── n bytes of LAST: 250 OK / 552 too big ──► Greeted { account: Some }
//!  Mail(tx)      ── EHLO/HELO, RSET ────────────────────────► Greeted { account: Some }
//!  any command phase ── BDAT n refused (no MAIL, no RCPT) ──► Discard(n)
//!  Discard(n)    ── n bytes read and dropped, then 503 ─────► the phase it came from
//! ```
//!
//! Every other command leaves the phase as it is, answered or refused.
//!
//! The rules the diagram encodes, as Gmail applies them: on the submission
//! port AUTH and MAIL need STARTTLS first (530); AUTH needs EHLO/HELO and
//! is refused once signed in; MAIL needs EHLO/HELO, then AUTH (530) — on
//! the SMTP relay listener AUTH is optional and the relay's settings
//! decide instead (`Greeted { account: None }` may start a transaction
//! there) —, and a
//! second MAIL inside a transaction is refused ("Nested MAIL command.");
//! RCPT needs MAIL; DATA and BDAT need a recipient. EHLO, HELO and RSET end
//! a transaction but keep the sign-in (RFC 5321 §4.1.4). A message over
//! `Options::smtp_max_message` is read to its end, dropped, and answered
//! with Gmail's 552. Authentication and sending decisions come from
//! `crate::model`; the handlers only render them with Gmail's replies.

use std::sync::Arc;

use gmail_wire::smtp::{Command, CommandParseError, Reply};

use super::phase::chunk::{Chunk, Discard};
use super::phase::sasl::AuthPending;
use super::phase::transaction::Transaction;
use super::phase::{chunk, connected, data, greeted, mail, sasl};
use crate::responses::smtp as text;
use crate::shared::{ConnInfo, Shared};
use crate::transcript::Recorder;
use crate::wire_style::{Stage, Vars};

pub(crate) use crate::sans_io::Action;

/// SMTP replies to send plus the next action.
pub(crate) type Output = crate::sans_io::Output<Reply>;

/// What the next client bytes are: the driver frames them accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NextInput {
    /// A command line.
    Command,
    /// A SASL response line.
    SaslLine,
    /// A DATA line, or the lone `.` that ends the message.
    DataLine,
    /// This many bytes of a BDAT chunk.
    Chunk(u64),
}

/// Where the session stands. Each variant holds exactly what that phase
/// needs, so no combination of leftovers (a transaction without a
/// sign-in, a chunk without a transaction) can be represented.
#[derive(Debug)]
pub(crate) enum Phase {
    /// Waiting for a command line.
    Command(CommandPhase),
    /// AUTH sent a 334 challenge; the next line is the client's answer.
    Sasl(AuthPending),
    /// After DATA's 354: message lines until the lone `.`.
    Data(Transaction),
    /// Reading the bytes of an accepted BDAT chunk.
    Chunk(Chunk),
    /// Reading the bytes of a refused BDAT chunk, only to drop them.
    Discard(Discard),
}

/// A new connection, and one after STARTTLS, starts here.
impl Default for Phase {
    fn default() -> Self {
        Phase::Command(CommandPhase::Connected)
    }
}

/// The phases in which the next input is a command line.
#[derive(Debug)]
pub(crate) enum CommandPhase {
    /// Before EHLO/HELO (again after STARTTLS).
    Connected,
    /// After EHLO/HELO; `account` is the account key once AUTH succeeded.
    Greeted { account: Option<String> },
    /// MAIL accepted: collecting recipients (and BDAT chunks).
    Mail(Transaction),
}

impl CommandPhase {
    /// After EHLO/HELO, RSET or a finished message: greeted, signed in as
    /// before, no transaction.
    pub fn greeted(self) -> CommandPhase {
        let account = match self {
            CommandPhase::Connected => None,
            CommandPhase::Greeted { account } => account,
            CommandPhase::Mail(tx) => tx.account,
        };
        CommandPhase::Greeted { account }
    }
}

impl From<CommandPhase> for Phase {
    fn from(p: CommandPhase) -> Phase {
        Phase::Command(p)
    }
}

/// What every handler may consult: the mock, the connection's facts and
/// its transcript. Kept apart from the phase so a handler can own the
/// phase's data while reading these.
#[derive(Debug)]
pub(crate) struct Context {
    pub shared: Arc<Shared>,
    pub info: ConnInfo,
    pub rec: Recorder,
    /// TLS is active (implicit TLS, or after STARTTLS).
    pub tls: bool,
}

impl Context {
    /// The server's name in the greeting and EHLO: smtp.gmail.com, or the
    /// relay service's own.
    pub fn host(&self) -> &'static str {
        if self.info.listener.is_relay() {
            text::RELAY_HOST
        } else {
            text::HOST
        }
    }

    /// A fresh Gmail reply token.
    pub fn id(&self) -> String {
        self.shared.smtp_id()
    }

    /// The scenario's verbatim reply for `stage`, if it set one.
    pub fn overridden(&self, stage: Stage, id: &str, email: &str, webalert: &str) -> Option<Reply> {
        let vars = Vars {
            id,
            ip: &self.info.peer_ip,
            email,
            webalert,
        };
        self.shared.world().wire.overrides.smtp(stage, &vars)
    }
}

/// One SMTP connection's session.
#[derive(Debug)]
pub(crate) struct Session {
    ctx: Context,
    phase: Phase,
}

impl Session {
    pub fn new(shared: Arc<Shared>, info: ConnInfo, rec: Recorder, tls: bool) -> Self {
        Session {
            ctx: Context {
                shared,
                info,
                rec,
                tls,
            },
            phase: Phase::default(),
        }
    }

    /// A fresh Gmail reply token.
    pub fn reply_id(&self) -> String {
        self.ctx.id()
    }

    /// The connection's transcript recorder.
    pub fn rec(&self) -> &Recorder {
        &self.ctx.rec
    }

    pub fn greeting(&self) -> Reply {
        let id = self.ctx.id();
        self.ctx
            .overridden(Stage::SmtpGreeting, &id, "", "")
            .unwrap_or_else(|| text::greeting(self.ctx.host(), &id))
    }

    /// What the next client bytes are, given the phase.
    pub fn next_input(&self) -> NextInput {
        match &self.phase {
            Phase::Command(_) => NextInput::Command,
            Phase::Sasl(_) => NextInput::SaslLine,
            Phase::Data(_) => NextInput::DataLine,
            Phase::Chunk(c) => NextInput::Chunk(c.remaining),
            Phase::Discard(d) => NextInput::Chunk(d.remaining),
        }
    }

    /// Gmail's reply to an unparseable line; the phase stays.
    pub fn on_parse_error(&mut self, e: CommandParseError) -> Output {
        let id = self.ctx.id();
        match e {
            CommandParseError::EmptyHelo => Output::close(vec![text::empty_helo(&id)]),
            CommandParseError::Unrecognized(_) => Output::one(text::unrecognized(&id)),
            _ => Output::one(text::syntax_error(&id)),
        }
    }

    /// Reply to an over-long command line; the phase stays.
    pub fn line_too_long(&self) -> Output {
        Output::one(text::line_too_long(&self.ctx.id()))
    }

    /// Dispatches one command (the driver reads commands only in a
    /// command phase).
    pub fn on_command(&mut self, cmd: Command) -> Output {
        let id = self.ctx.id();
        self.advance(|ctx, phase| match phase {
            Phase::Command(at) => dispatch(ctx, at, cmd, &id),
            other => (other, Output::none()),
        })
    }

    /// A SASL response line.
    pub fn on_sasl_line(&mut self, line: &[u8]) -> Output {
        self.advance(|ctx, phase| match phase {
            Phase::Sasl(pending) => sasl::line(ctx, pending, line),
            other => (other, Output::none()),
        })
    }

    /// A line of DATA (already without its dot-stuffing); `None` = the
    /// terminating `.`.
    pub fn on_data_line(&mut self, line: Option<&[u8]>) -> Output {
        self.advance(|ctx, phase| match phase {
            Phase::Data(tx) => data::line(ctx, tx, line),
            other => (other, Output::none()),
        })
    }

    /// BDAT bytes (at most what `next_input` asked for).
    pub fn on_chunk(&mut self, bytes: &[u8]) -> Output {
        self.advance(|ctx, phase| match phase {
            Phase::Chunk(c) => chunk::bytes(ctx, c, bytes),
            Phase::Discard(d) => chunk::discard(d, bytes),
            other => (other, Output::none()),
        })
    }

    /// The STARTTLS handshake succeeded (STARTTLS already moved the session
    /// back to `Connected`).
    pub fn after_tls(&mut self) {
        self.ctx.tls = true;
    }

    /// Runs one handler on the phase it takes by value, and keeps the
    /// phase it hands back: every transition is the handler's return value.
    fn advance(&mut self, handler: impl FnOnce(&Context, Phase) -> (Phase, Output)) -> Output {
        let phase = std::mem::take(&mut self.phase);
        let (next, out) = handler(&self.ctx, phase);
        self.phase = next;
        out
    }
}

/// One command in a command phase → the next phase and the reply.
fn dispatch(ctx: &Context, at: CommandPhase, cmd: Command, id: &str) -> (Phase, Output) {
    let stay = |at: CommandPhase, r: Reply| (Phase::Command(at), Output::one(r));
    match cmd {
        Command::Ehlo(_) => connected::ehlo(ctx, at),
        Command::Helo(_) => connected::helo(ctx, at),
        Command::StartTls => connected::starttls(ctx, at, id),
        Command::Auth {
            mechanism,
            initial_response,
        } => greeted::auth(
            ctx,
            at,
            id,
            &mechanism,
            initial_response.as_ref().map(|s| s.expose().as_str()),
        ),
        Command::Mail { from, params } => greeted::mail(ctx, at, id, from, &params),
        Command::Rcpt { to, .. } => mail::rcpt(at, id, to),
        Command::Data => mail::data(at, id),
        Command::Bdat { size, last } => mail::bdat(ctx, at, id, size, last),
        Command::Rset => mail::rset(at, id),
        Command::Noop(_) => stay(at, text::noop(id)),
        Command::Vrfy(_) => stay(at, text::vrfy(id)),
        Command::Expn(_) => stay(at, text::unrecognized(id)),
        Command::Help(_) => stay(at, text::help(id)),
        Command::Quit => (at.into(), Output::close(vec![text::closing(id)])),
    }
}
