//! The IMAP session state machine. It never touches a socket: the
//! connection feeds it typed commands (or raw continuation lines) and
//! writes the typed responses it returns.
//!
//! ```text
//!   greeting ──► NotAuthenticated ──LOGIN/AUTHENTICATE ok──► Authenticated
//!                   │    ▲  AUTHENTICATE without IR: Sasl (wait for a line)
//!                   │    └──────────────── failure ─────┘
//!                   │                                SELECT/EXAMINE │ ▲ CLOSE/UNSELECT
//!                   │                                               ▼ │
//!                   │                                            Selected ──IDLE──► Idle ──DONE──┐
//!                   │                                               ▲────────────────────────────┘
//!                   └──────────── LOGOUT (any state) ──────────► Logout
//! ```
//!
//! Handlers live in `state/`, one file per state; this file dispatches.

use std::sync::Arc;

use gmail_wire::imap::{Command, CommandBody, ParseError, ParseErrorKind, Response, Tag};
use tokio::sync::watch;
use tracing::debug;

use super::folder_view::FolderView;
use crate::responses::imap as text;
use crate::shared::{ConnInfo, ImapLease, Shared};
use crate::transcript::Recorder;
use crate::wire_style::{Stage, Vars};

pub(crate) use crate::sans_io::Action;

/// IMAP responses to send plus the next action.
pub(crate) type Output = crate::sans_io::Output<Response>;

/// What the next client bytes are: the driver frames them accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NextInput {
    /// A tagged command.
    Command,
    /// One line: a SASL response or `DONE` after IDLE.
    Line,
}

/// A signed-in user.
#[derive(Debug)]
pub(crate) struct Authed {
    pub email: String,
    pub lease: ImapLease,
    pub watch: watch::Receiver<u64>,
}

impl Authed {
    pub fn key(&self) -> &str {
        self.lease.key()
    }
}

/// A SASL exchange waiting for the client's next line.
#[derive(Debug)]
pub(crate) enum Sasl {
    /// `AUTHENTICATE PLAIN` without an initial response.
    Plain { tag: Tag },
    /// `AUTHENTICATE XOAUTH2` without an initial response.
    XOAuth2 { tag: Tag },
    /// Gmail sent the XOAUTH2 error JSON; the client's (empty) answer gets
    /// the final `NO`.
    XOAuth2Failed { tag: Tag },
}

/// Session states.
#[derive(Debug)]
pub(crate) enum Phase {
    NotAuthenticated,
    Authenticating(Sasl),
    Authenticated(Authed),
    Selected(Authed, FolderView),
    Idle {
        tag: Tag,
        authed: Authed,
        selected: Option<FolderView>,
    },
    Logout,
}

/// One connection's IMAP session.
#[derive(Debug)]
pub(crate) struct Session {
    pub shared: Arc<Shared>,
    pub info: ConnInfo,
    pub rec: Recorder,
    /// Gmail's per-connection token (greeting, `Unknown command <id>`).
    pub id: String,
    pub tls: bool,
    pub phase: Phase,
}

impl Session {
    pub fn new(shared: Arc<Shared>, info: ConnInfo, rec: Recorder, tls: bool) -> Self {
        let id = shared.imap_id();
        Session {
            shared,
            info,
            rec,
            id,
            tls,
            phase: Phase::NotAuthenticated,
        }
    }

    /// Override variables for this connection.
    pub fn vars<'a>(&'a self, email: &'a str, webalert: &'a str) -> Vars<'a> {
        Vars {
            id: &self.id,
            ip: &self.info.peer_ip,
            email,
            webalert,
        }
    }

    /// The greeting.
    pub fn greeting(&self) -> Vec<Response> {
        let w = self.shared.world();
        let tag = Tag("*".into());
        w.wire
            .overrides
            .imap(Stage::ImapGreeting, &tag, &self.vars("", ""))
            .unwrap_or_else(|| vec![text::greeting(&self.info.peer_ip, &self.id)])
    }

    /// What the next client bytes are, given the phase.
    pub fn next_input(&self) -> NextInput {
        match self.phase {
            Phase::Authenticating(_) | Phase::Idle { .. } => NextInput::Line,
            _ => NextInput::Command,
        }
    }

    /// The receiver to wait on for updates to push: only while idling in a
    /// folder. Between commands nothing is pushed (RFC 3501 §7.4.1 forbids
    /// EXPUNGE then, and Gmail, like most servers, reports changes on the
    /// next command instead).
    pub fn watcher(&mut self) -> Option<&mut watch::Receiver<u64>> {
        match &mut self.phase {
            Phase::Idle {
                authed,
                selected: Some(_),
                ..
            } => Some(&mut authed.watch),
            _ => None,
        }
    }

    /// Whether the session has ended.
    pub fn is_logout(&self) -> bool {
        matches!(self.phase, Phase::Logout)
    }

    /// Dispatches one command.
    pub fn on_command(&mut self, cmd: Command) -> Output {
        let Command { tag, body } = cmd;
        // Commands valid in every state.
        match &body {
            CommandBody::Capability => return self.capability(&tag),
            CommandBody::Noop => return self.noop(&tag),
            CommandBody::Logout => {
                if let Some(a) = super::state::authenticated::authed(self) {
                    debug!(user = %a.email, "IMAP logout");
                }
                self.phase = Phase::Logout;
                return Output::close(text::logout(&tag));
            }
            CommandBody::Id(_) => {
                return Output::many(vec![Response::Data(text::id_data()), text::success(&tag)])
            }
            _ => {}
        }
        match &self.phase {
            Phase::NotAuthenticated => super::state::not_authenticated::handle(self, tag, body),
            Phase::Authenticated(_) => super::state::authenticated::handle(self, tag, body),
            Phase::Selected(..) => super::state::selected::handle(self, tag, body),
            // Lines in these phases never reach on_command.
            Phase::Authenticating(_) | Phase::Idle { .. } | Phase::Logout => {
                Output::one(text::unknown_command(&tag, &self.id))
            }
        }
    }

    /// A command that did not parse.
    pub fn on_parse_error(&mut self, e: ParseError) -> Output {
        match (e.tag, e.kind) {
            (None, _) => Output::one(text::invalid_tag()),
            // After login Gmail names a command it does not implement;
            // before login every other command is just "Unknown command".
            (Some(tag), ParseErrorKind::UnknownCommand(name))
                if !name.is_empty() && self.is_authenticated() =>
            {
                Output::one(text::unknown_command_name(&tag, &name))
            }
            (Some(tag), ParseErrorKind::UnknownCommand(_)) => {
                Output::one(text::unknown_command(&tag, &self.id))
            }
            (Some(tag), _) => Output::one(text::could_not_parse(&tag)),
        }
    }

    /// A raw line while a SASL exchange or IDLE is in progress.
    pub fn on_line(&mut self, line: &[u8]) -> Output {
        match std::mem::replace(&mut self.phase, Phase::Logout) {
            Phase::Authenticating(sasl) => {
                super::state::not_authenticated::sasl_line(self, sasl, line)
            }
            Phase::Idle {
                tag,
                authed,
                selected,
            } => super::state::idle::line(self, tag, authed, selected, line),
            other => {
                self.phase = other;
                Output::many(Vec::new())
            }
        }
    }

    /// The store changed while idling in a folder: the updates to push.
    pub fn on_store_change(&mut self) -> Output {
        super::state::idle::store_changed(self)
    }

    fn capability(&self, tag: &Tag) -> Output {
        Output::many(vec![
            Response::Data(gmail_wire::imap::Data::Capability(self.capabilities())),
            text::capability_done(tag, &self.id),
        ])
    }

    /// Whether a user has signed in on this connection.
    pub fn is_authenticated(&self) -> bool {
        !matches!(
            self.phase,
            Phase::NotAuthenticated | Phase::Authenticating(_)
        )
    }

    /// Capabilities for the current state and transport.
    pub fn capabilities(&self) -> Vec<String> {
        let authed = self.is_authenticated();
        let list = if authed {
            text::CAPABILITIES_POST_AUTH
        } else {
            text::CAPABILITIES_PRE_AUTH
        };
        let mut v: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        if !authed && !self.tls {
            v.insert(1, text::STARTTLS.to_owned());
        }
        v
    }

    fn noop(&mut self, tag: &Tag) -> Output {
        let mut out = super::state::selected::unsolicited(self);
        out.responses.push(text::success(tag));
        out
    }
}
