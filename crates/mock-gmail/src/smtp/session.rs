//! The SMTP submission session state machine (sans I/O).
//!
//! ```text
//!  greeting ─► Ready ──EHLO──► Greeted ──STARTTLS──► (TLS) Ready
//!                                │ AUTH (+ 334 continuations) ─► Authed
//!                                ▼
//!                      Authed ─MAIL─► Mail ─RCPT─► Rcpt ─DATA/BDAT─► Data ─► Authed
//! ```
//! Authentication and sending decisions come from `crate::model`; this file
//! renders them with Gmail's replies.

use std::sync::Arc;

use base64::Engine as _;
use bytes::Bytes;
use gmail_wire::sasl;
use gmail_wire::smtp::{Command, CommandParseError, Reply};
use tracing::info;

use crate::model::{may_send, Credential, Decision, Denial, Service};
use crate::responses::imap::XOAUTH2_ERROR_JSON;
use crate::responses::smtp as text;
use crate::shared::{ConnInfo, Shared};
use crate::transcript::{ListenerKind, Recorder};
use crate::wire::{Stage, Vars, WebLoginStyle};

/// What the connection should do after sending the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Continue,
    StartTls,
    Close,
    /// Answer nothing more, but keep the connection open (a fault).
    Stall,
}

/// Replies plus the next action.
#[derive(Debug)]
pub(crate) struct Output {
    pub replies: Vec<Reply>,
    pub action: Action,
}

impl Output {
    fn one(r: Reply) -> Self {
        Output {
            replies: vec![r],
            action: Action::Continue,
        }
    }

    fn close(r: Reply) -> Self {
        Output {
            replies: vec![r],
            action: Action::Close,
        }
    }

    pub fn none() -> Self {
        Output {
            replies: Vec::new(),
            action: Action::Continue,
        }
    }
}

/// What the next client bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// A command line.
    Command,
    /// A SASL response line.
    AuthLine,
    /// DATA lines until `.`.
    Data,
    /// This many BDAT bytes.
    Chunk(u64),
}

#[derive(Debug)]
enum AuthPending {
    Plain,
    LoginUser,
    LoginPass(String),
    XOAuth2,
    XOAuth2Failed,
}

#[derive(Debug)]
struct Envelope {
    from: String,
    rcpts: Vec<String>,
}

/// One SMTP connection's state.
#[derive(Debug)]
pub(crate) struct Session {
    shared: Arc<Shared>,
    info: ConnInfo,
    rec: Recorder,
    pub tls: bool,
    greeted: bool,
    /// Account key after a successful AUTH.
    authed: Option<String>,
    pending: Option<AuthPending>,
    envelope: Option<Envelope>,
    data: Vec<u8>,
    data_too_big: bool,
    in_data: bool,
    chunk: Option<(u64, bool)>,
    /// The reply for a refused BDAT, sent once its chunk has been read.
    chunk_refusal: Option<Reply>,
}

impl Session {
    pub fn new(shared: Arc<Shared>, info: ConnInfo, rec: Recorder, tls: bool) -> Self {
        Session {
            shared,
            info,
            rec,
            tls,
            greeted: false,
            authed: None,
            pending: None,
            envelope: None,
            data: Vec::new(),
            data_too_big: false,
            in_data: false,
            chunk: None,
            chunk_refusal: None,
        }
    }

    fn id(&self) -> String {
        self.shared.smtp_id()
    }

    fn overridden(&self, stage: Stage, id: &str, email: &str, webalert: &str) -> Option<Reply> {
        let vars = Vars {
            id,
            ip: &self.info.peer_ip,
            email,
            webalert,
        };
        self.shared.world().wire.overrides.smtp(stage, &vars)
    }

    /// A fresh Gmail reply token.
    pub fn reply_id(&self) -> String {
        self.shared.smtp_id()
    }

    /// The connection's transcript recorder.
    pub fn rec(&self) -> &Recorder {
        &self.rec
    }

    pub fn greeting(&self) -> Reply {
        let id = self.id();
        self.overridden(Stage::SmtpGreeting, &id, "", "")
            .unwrap_or_else(|| text::greeting(&id))
    }

    pub fn expect(&self) -> Expect {
        if self.pending.is_some() {
            Expect::AuthLine
        } else if self.in_data {
            Expect::Data
        } else if let Some((n, _)) = self.chunk {
            Expect::Chunk(n)
        } else {
            Expect::Command
        }
    }

    /// Gmail's reply to an unparseable line.
    pub fn on_parse_error(&mut self, e: CommandParseError) -> Output {
        let id = self.id();
        match e {
            CommandParseError::EmptyHelo => Output::close(text::empty_helo(&id)),
            CommandParseError::Unrecognized(_) => Output::one(text::unrecognized(&id)),
            _ => Output::one(text::syntax_error(&id)),
        }
    }

    /// Reply to an over-long command line.
    pub fn line_too_long(&self) -> Output {
        Output::one(text::line_too_long(&self.id()))
    }

    pub fn on_command(&mut self, cmd: Command) -> Output {
        let id = self.id();
        match cmd {
            Command::Ehlo(_) => {
                self.greeted = true;
                self.envelope = None;
                let starttls = self.info.listener == ListenerKind::Submission;
                Output::one(text::ehlo(&self.info.peer_ip, self.tls, starttls))
            }
            Command::Helo(_) => {
                self.greeted = true;
                self.envelope = None;
                Output::one(text::helo())
            }
            Command::StartTls => {
                if self.tls || self.info.listener != ListenerKind::Submission {
                    return Output::one(text::bad_sequence("TLS is already active.", &id));
                }
                Output {
                    replies: vec![text::starttls_ready()],
                    action: Action::StartTls,
                }
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => self.auth(
                &id,
                &mechanism,
                initial_response.as_ref().map(|s| s.expose().as_str()),
            ),
            Command::Mail { from, params } => self.mail(&id, from, &params),
            Command::Rcpt { to, .. } => self.rcpt(&id, to),
            Command::Data => match &self.envelope {
                Some(e) if !e.rcpts.is_empty() => {
                    self.in_data = true;
                    self.data.clear();
                    self.data_too_big = false;
                    Output::one(text::go_ahead(&id))
                }
                Some(_) => Output::one(text::bad_sequence("RCPT first.", &id)),
                None => Output::one(text::bad_sequence("MAIL first.", &id)),
            },
            Command::Bdat { size, last } => {
                let refusal = match &self.envelope {
                    Some(e) if !e.rcpts.is_empty() => None,
                    Some(_) => Some(text::bad_sequence("RCPT first.", &id)),
                    None => Some(text::bad_sequence("MAIL first.", &id)),
                };
                if refusal.is_none() && self.chunk.is_none() && self.data.is_empty() {
                    self.data_too_big = false;
                }
                // RFC 3030 §2: the chunk follows the command whatever the
                // reply will be; its bytes are read (and, when refused,
                // thrown away) so they are never taken for commands.
                self.chunk_refusal = refusal;
                self.chunk = Some((size, last));
                if size == 0 {
                    return self.chunk_done();
                }
                Output::none()
            }
            Command::Rset => {
                self.envelope = None;
                self.data.clear();
                Output::one(text::flushed(&id))
            }
            Command::Noop(_) => Output::one(text::noop(&id)),
            Command::Vrfy(_) => Output::one(text::vrfy(&id)),
            Command::Expn(_) => Output::one(text::unrecognized(&id)),
            Command::Help(_) => Output::one(text::help(&id)),
            Command::Quit => Output::close(text::closing(&id)),
        }
    }

    fn must_starttls(&self, id: &str) -> Option<Reply> {
        if self.tls {
            return None;
        }
        Some(
            self.overridden(Stage::SmtpMustStarttls, id, "", "")
                .unwrap_or_else(|| text::must_starttls(id)),
        )
    }

    fn auth(&mut self, id: &str, mechanism: &str, ir: Option<&str>) -> Output {
        if let Some(r) = self.must_starttls(id) {
            return Output::one(r);
        }
        if !self.greeted {
            return Output::one(text::bad_sequence("EHLO/HELO first.", id));
        }
        if self.authed.is_some() {
            return Output::one(text::bad_sequence("Already authenticated.", id));
        }
        match (mechanism, ir) {
            ("PLAIN", None) => self.ask(AuthPending::Plain, text::challenge("")),
            ("PLAIN", Some(b64)) => self.plain(id, b64),
            ("LOGIN", None) => self.ask(
                AuthPending::LoginUser,
                text::challenge(sasl::LOGIN_USERNAME_CHALLENGE),
            ),
            ("LOGIN", Some(b64)) => self.login_user(id, b64),
            ("XOAUTH2" | "OAUTHBEARER", None) => {
                self.ask(AuthPending::XOAuth2, text::challenge(""))
            }
            ("XOAUTH2" | "OAUTHBEARER", Some(b64)) => self.oauth(id, b64),
            _ => Output::one(text::unknown_mechanism(id)),
        }
    }

    fn ask(&mut self, pending: AuthPending, challenge: Reply) -> Output {
        self.pending = Some(pending);
        Output::one(challenge)
    }

    /// A SASL response line.
    pub fn on_auth_line(&mut self, line: &[u8]) -> Output {
        self.rec.client_secret();
        let id = self.id();
        let Some(pending) = self.pending.take() else {
            return Output::none();
        };
        let text_line = String::from_utf8_lossy(line).trim().to_owned();
        if text_line == "*" {
            return Output::one(text::auth_cancelled(&id));
        }
        match pending {
            AuthPending::Plain => self.plain(&id, &text_line),
            AuthPending::LoginUser => self.login_user(&id, &text_line),
            AuthPending::LoginPass(user) => match sasl::decode_base64(&text_line)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            {
                Some(pass) => self.decide(&id, &user, Credential::Password(&pass)),
                None => Output::one(text::cannot_decode(&id)),
            },
            AuthPending::XOAuth2 => self.oauth(&id, &text_line),
            AuthPending::XOAuth2Failed => self.render_denial(&id, Denial::InvalidToken),
        }
    }

    fn plain(&mut self, id: &str, b64: &str) -> Output {
        match sasl::decode_plain(b64) {
            Ok(c) => self.decide(id, &c.username, Credential::Password(c.password.expose())),
            Err(_) => Output::one(text::cannot_decode(id)),
        }
    }

    fn login_user(&mut self, id: &str, b64: &str) -> Output {
        match sasl::decode_base64(b64)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            Some(user) => self.ask(
                AuthPending::LoginPass(user),
                text::challenge(sasl::LOGIN_PASSWORD_CHALLENGE),
            ),
            None => Output::one(text::cannot_decode(id)),
        }
    }

    fn oauth(&mut self, id: &str, b64: &str) -> Output {
        // XOAUTH2 or OAUTHBEARER (RFC 7628): curl sends the latter after a
        // bare `AUTH OAUTHBEARER` and its `334 ` continuation.
        let Ok(x) = sasl::decode_oauth(b64) else {
            return Output::one(text::cannot_decode(id));
        };
        let (decision, key) = self.shared.authenticate(
            Service::Smtp,
            &x.username,
            Credential::OAuthToken(x.token.expose()),
        );
        log(&x.username, &decision);
        if decision.outcome == Err(Denial::InvalidToken) {
            // Gmail answers a bad token with a JSON challenge first.
            let json = base64::engine::general_purpose::STANDARD.encode(XOAUTH2_ERROR_JSON);
            return self.ask(AuthPending::XOAuth2Failed, text::xoauth2_challenge(&json));
        }
        self.finish(id, decision, key)
    }

    fn decide(&mut self, id: &str, user: &str, credential: Credential<'_>) -> Output {
        let (decision, key) = self.shared.authenticate(Service::Smtp, user, credential);
        log(user, &decision);
        self.finish(id, decision, key)
    }

    fn finish(&mut self, id: &str, decision: Decision, key: Option<String>) -> Output {
        match (decision.outcome, key) {
            (Ok(grant), Some(key)) => {
                self.rec.set_account(&grant.email);
                self.authed = Some(key);
                Output::one(
                    self.overridden(Stage::SmtpAuthOk, id, &grant.email, "")
                        .unwrap_or_else(text::auth_ok),
                )
            }
            (Ok(_), None) => self.render_denial(id, Denial::InvalidCredentials),
            (Err(d), _) => self.render_denial(id, d),
        }
    }

    fn render_denial(&self, id: &str, denial: Denial) -> Output {
        let url = self.shared.webalert_url();
        if let Some(r) = self.overridden(Stage::SmtpDenial(denial), id, "", &url) {
            return Output::one(r);
        }
        // The IMAP-only "invalid credentials" era style has an SMTP twin:
        // Gmail answered 535 5.7.8 for blocked less-secure sign-ins too.
        let style = self.shared.world().wire.web_login;
        let denial = match (denial, style) {
            (Denial::WebLoginRequired, WebLoginStyle::InvalidCredentials) => {
                Denial::InvalidCredentials
            }
            _ => denial,
        };
        Output::one(text::denial(denial, id, &url))
    }

    fn mail(&mut self, id: &str, from: String, params: &[gmail_wire::smtp::Param]) -> Output {
        if let Some(r) = self.must_starttls(id) {
            return Output::one(r);
        }
        if !self.greeted {
            return Output::one(text::bad_sequence("EHLO/HELO first.", id));
        }
        let Some(key) = self.authed.clone() else {
            return Output::one(text::auth_required(id));
        };
        if self.envelope.is_some() {
            return Output::one(text::bad_sequence("Nested MAIL command.", id));
        }
        for p in params {
            match p.keyword.as_str() {
                "SIZE" => {
                    let size: Option<u64> = p.value.as_deref().and_then(|v| v.parse().ok());
                    match size {
                        Some(n) if n > self.shared.options.smtp_max_message as u64 => {
                            return Output::one(text::too_big(id))
                        }
                        Some(_) => {}
                        None => return Output::one(text::syntax_error(id)),
                    }
                }
                "BODY" => {
                    let v = p.value.as_deref().unwrap_or("").to_ascii_uppercase();
                    if v != "7BIT" && v != "8BITMIME" && v != "BINARYMIME" {
                        return Output::one(text::syntax_error(id));
                    }
                }
                "SMTPUTF8" | "AUTH" | "RET" | "ENVID" => {}
                _ => return Output::one(text::syntax_error(id)),
            }
        }
        let now = self.shared.clock.now();
        let denied = {
            let mut w = self.shared.world();
            let policy = w.policy.effective(now).clone();
            w.accounts
                .get(&key)
                .map(|e| may_send(&e.account, &policy))
                .unwrap_or(Ok(()))
        };
        if denied.is_err() {
            info!(
                service = "smtp",
                rule = "external SMTP not allowed for the Workspace",
                "send decision"
            );
            let r = self
                .overridden(Stage::SmtpExternalDenied, id, "", "")
                .unwrap_or_else(|| text::external_smtp_denied(id));
            return Output::one(r);
        }
        self.envelope = Some(Envelope {
            from,
            rcpts: Vec::new(),
        });
        Output::one(text::mail_ok(id))
    }

    fn rcpt(&mut self, id: &str, to: String) -> Output {
        let Some(env) = &mut self.envelope else {
            return Output::one(text::bad_sequence("MAIL first.", id));
        };
        let valid = to
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'));
        if !valid {
            return Output::one(text::bad_recipient(&to, id));
        }
        env.rcpts.push(to);
        Output::one(text::rcpt_ok(id))
    }

    /// A line of DATA (already without its dot-stuffing); `None` = the
    /// terminating `.`.
    pub fn on_data_line(&mut self, line: Option<&[u8]>) -> Output {
        match line {
            Some(l) => {
                if self.data.len() + l.len() > self.shared.options.smtp_max_message {
                    // Keep reading to the end, but stop storing.
                    self.data_too_big = true;
                } else if !self.data_too_big {
                    self.data.extend_from_slice(l);
                }
                Output::none()
            }
            None => {
                self.in_data = false;
                self.complete_message()
            }
        }
    }

    /// BDAT bytes.
    pub fn on_chunk(&mut self, bytes: &[u8]) -> Output {
        let Some((remaining, last)) = self.chunk else {
            return Output::none();
        };
        if self.chunk_refusal.is_some() {
            // Discarded.
        } else if self.data.len() + bytes.len() > self.shared.options.smtp_max_message {
            self.data_too_big = true;
        } else if !self.data_too_big {
            self.data.extend_from_slice(bytes);
        }
        let left = remaining - bytes.len() as u64;
        self.chunk = Some((left, last));
        if left == 0 {
            return self.chunk_done();
        }
        Output::none()
    }

    fn chunk_done(&mut self) -> Output {
        let Some((_, last)) = self.chunk.take() else {
            return Output::none();
        };
        if let Some(refusal) = self.chunk_refusal.take() {
            return Output::one(refusal);
        }
        if last {
            return self.complete_message();
        }
        let id = self.id();
        Output::one(Reply::new(
            250,
            Some(gmail_wire::smtp::EnhancedCode::new(2, 0, 0)),
            &[&format!("{} bytes received {id} - gsmtp", self.data.len())],
        ))
    }

    fn complete_message(&mut self) -> Output {
        let id = self.id();
        let mut raw = std::mem::take(&mut self.data);
        let env = self.envelope.take();
        if self.data_too_big {
            self.data_too_big = false;
            self.rec.event("message over the size limit discarded");
            return Output::one(text::too_big(&id));
        }
        let (Some(env), Some(key)) = (env, self.authed.clone()) else {
            return Output::one(text::bad_sequence("MAIL first.", &id));
        };
        self.rec
            .event(&format!("message received: {} bytes", raw.len()));
        // The buffer grew by doubling; the stored message lives as long as
        // the capture and the mailboxes keep it, so give back the slack (up
        // to half of it) now rather than hold it for days.
        raw.shrink_to_fit();
        self.shared
            .deliver(&key, &env.from, &env.rcpts, Bytes::from(raw));
        let now = self.shared.wall_now().timestamp();
        Output::one(text::message_accepted(now, &id))
    }

    /// After STARTTLS: forget everything said in plaintext (RFC 3207 §4.2).
    pub fn reset_after_tls(&mut self) {
        self.tls = true;
        self.greeted = false;
        self.envelope = None;
        self.pending = None;
    }
}

fn log(user: &str, d: &Decision) {
    info!(service = "smtp", user, rule = d.rule, outcome = %d.outcome_text(), "auth decision");
}
