//! The SMTP probe: connect → TLS or STARTTLS → greeting → EHLO → AUTH →
//! envelope (MAIL FROM self, RCPT TO self, RSET) → optional test message.
//! Also the transport opening shared with the IMAP probe.
//!
//! Why this order and these commands:
//!
//! - **The greeting must be `220`**: a `421`/`554` greeting is Gmail
//!   refusing the connection (throttling), an IMAP `* OK` means the SMTP
//!   setting points at an IMAP port.
//! - **EHLO before and after STARTTLS**: STARTTLS is used only when EHLO
//!   advertises it, and RFC 3207 §4.2 requires a fresh EHLO after the
//!   handshake — Gmail lists `AUTH` only then.
//! - **AUTH PLAIN with the initial response** (XOAUTH2 for a token), the
//!   mechanisms Gmail offers and a CRM's library (lettre) uses. Its reply
//!   carries the enhanced code the classifier reads (`535 5.7.8`, `534
//!   5.7.9`, `534 5.7.14`). Without TLS, or when no mechanism is offered,
//!   the probe asks for the mechanism *without* a secret, so the server
//!   still says why it refuses (`530 5.7.0 Must issue a STARTTLS command
//!   first`), then cancels with `*` if it would have accepted.
//! - **The envelope, MAIL FROM the CRM's sender (`--from`, default the
//!   login) and RCPT TO the account itself, then RSET**: a sending refusal
//!   by policy comes at MAIL FROM (`550 5.7.1` for a "Send mail as"
//!   address through its own server, the relay service's `550 5.7.0 Mail
//!   relay denied`), so the envelope proves sending is allowed without
//!   sending anything.
//! - **An optional real message** (`--send-test`) to the account itself,
//!   whose arrival the IMAP side then checks: only a delivered copy shows
//!   what Gmail does with the message (it rewrites an unverified outside
//!   From address instead of refusing it), and only the end of DATA shows
//!   the daily sending limit.
//!
//! # What a healthy run looks like
//!
//! On port 465 with a password, against Gmail (the mock's replies are
//! Gmail's):
//!
//! ```text
//! S: 220 smtp.gmail.com ESMTP [smtp-id] - gsmtp
//! C: EHLO mail-doctor.localhost
//! S: 250-smtp.gmail.com at your service, [127.0.0.1]
//! S: 250-SIZE 35882577
//! S: 250-8BITMIME
//! S: 250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH
//! S: 250-ENHANCEDSTATUSCODES
//! S: 250-PIPELINING
//! S: 250-CHUNKING
//! S: 250 SMTPUTF8
//! C: AUTH PLAIN [REDACTED]
//! S: 235 2.7.0 Accepted
//! C: MAIL FROM:<anna.nowak@firma.example>
//! S: 250 2.1.0 OK [smtp-id] - gsmtp
//! C: RCPT TO:<anna.nowak@firma.example>
//! S: 250 2.1.5 OK [smtp-id] - gsmtp
//! C: RSET
//! S: 250 2.1.5 Flushed [smtp-id] - gsmtp
//! C: QUIT
//! S: 221 2.0.0 closing connection [smtp-id] - gsmtp
//! ```
//!
//! # Why the replies are kept whole
//!
//! Gmail's refusals are multi-line and repeat the enhanced code on every
//! line (`535-5.7.8 Username and Password not accepted. Learn more at` /
//! `535 5.7.8 https://support.google.com/mail/…`). The basic code says
//! little (`535` is "authentication failed" for a wrong password and for a
//! blocked "less secure app" alike); the enhanced code and, failing that, the
//! words on the *first* line decide. A library such as lettre joins the
//! lines and drops the repeated codes, so the probe keeps the typed
//! [`Reply`] — code, enhanced code and lines — and quotes it line by line.
//!
//! # Why no secret is ever sent unencrypted
//!
//! With security "none", or when the server offers no AUTH mechanism on the
//! plaintext connection, a real client would send the password anyway and
//! learn from the refusal. The doctor asks for the mechanism *without* the
//! initial response instead: Gmail then still says why it refuses (`530
//! 5.7.0 Must issue a STARTTLS command first`), which is all the diagnosis
//! needs, and a server that would accept gets `*` (cancel) and no secret.
//!
//! # Why the envelope and not a message
//!
//! `MAIL FROM` and `RCPT TO` the account itself, then `RSET`, prove that the
//! account may send without sending anything: Workspace's "allow sending
//! through an external SMTP server" policy refuses at `MAIL FROM` with
//! `550 5.7.1`, before any data. A real message is sent only when asked
//! (`--send-test`), because it lands in the customer's mailbox.

use std::sync::Arc;
use std::time::Instant;

use base64::Engine as _;
use gmail_wire::sasl;
use gmail_wire::smtp::{Command, Reply};
use rustls::ClientConfig;

use super::conn::{self, Conn, NetFailure};
use super::{Detail, Failure, OfferedBy, ProtocolRun, Recorder, StepKind};
use crate::config::{Config, Credential, Endpoint, Security};
use crate::Protocol;

/// The steps after the greeting, marked skipped when an earlier one fails.
///
/// The test message is listed last and only shown when one was asked for;
/// the other rows are always shown so every report has the same table.
const LATER: [StepKind; 4] = [
    StepKind::Ehlo,
    StepKind::SmtpAuth,
    StepKind::Envelope,
    StepKind::SendTest,
];

/// Resolve → connect → (TLS). Records the steps; `None` on failure.
///
/// Shared by both probes: reaching a server does not depend on the
/// protocol. With security SSL the handshake comes before any byte of the
/// protocol, so its failure is recorded as the TLS step with the typed
/// [`super::tls::TlsFailure`] — the classifier tells "this port is not TLS"
/// from "the certificate was refused" by it. With STARTTLS or none the
/// stream stays plain here; the protocol probe upgrades it.
///
/// Every step is timed separately, because a slow DNS, a slow connect and
/// a slow handshake point at different parts of the network, and the
/// report shows each step's milliseconds.
pub(crate) async fn open_transport(
    cfg: &Config,
    ep: &Endpoint,
    tls: &Arc<ClientConfig>,
    rec: &mut Recorder,
) -> Option<Conn> {
    let t = cfg.timeout;
    let started = Instant::now();
    let addrs = match conn::resolve(&cfg.network, cfg.dns_server, &ep.host, ep.port, t).await {
        Ok(a) => {
            rec.ok(
                StepKind::Resolve,
                started,
                Detail::Resolved {
                    host: ep.host.clone(),
                    addrs: a.iter().map(|a| a.ip()).collect(),
                },
            );
            a
        }
        Err(e) => {
            rec.fail(
                StepKind::Resolve,
                started,
                Detail::Unresolved {
                    host: ep.host.clone(),
                    problem: e.clone(),
                },
                Failure::Net { problem: e },
            );
            return None;
        }
    };
    let started = Instant::now();
    let (tcp, addr) = match conn::connect(&addrs, t).await {
        Ok(x) => x,
        Err(e) => {
            rec.fail(
                StepKind::Connect,
                started,
                Detail::NotConnected {
                    port: ep.port,
                    problem: e.clone(),
                },
                Failure::Net { problem: e },
            );
            return None;
        }
    };
    rec.run.connected_to = Some(addr);
    rec.ok(
        StepKind::Connect,
        started,
        Detail::Connected { port: ep.port },
    );
    if ep.security != Security::Ssl {
        return Some(Conn::new(conn::plain(tcp), t));
    }
    let started = Instant::now();
    match super::tls::handshake(tcp, &ep.host, tls.clone(), t).await {
        Ok(s) => {
            let (_, session) = s.get_ref();
            let version = session
                .protocol_version()
                .map(|v| format!("{v:?}"))
                .unwrap_or_default();
            rec.ok(
                StepKind::TlsHandshake,
                started,
                Detail::Tls {
                    version,
                    host: ep.host.clone(),
                },
            );
            Some(Conn::new(conn::secured(s), t))
        }
        Err(e) => {
            rec.fail(
                StepKind::TlsHandshake,
                started,
                Detail::failed(&e),
                Failure::Net { problem: e },
            );
            None
        }
    }
}

/// An SMTP conversation (the connection; SMTP has no tags).
///
/// SMTP replies carry no tag, so a reply always belongs to the last
/// command sent: the probe never pipelines, even when `PIPELINING` is
/// offered, so that each reply in the transcript follows its command.
struct Smtp {
    conn: Conn,
}

impl Smtp {
    /// Sends a command (its redacted transcript line first) and reads the
    /// reply.
    async fn cmd(&mut self, rec: &mut Recorder, cmd: &Command) -> Result<Reply, NetFailure> {
        rec.client(cmd.transcript_line());
        self.conn.write(&cmd.to_bytes()).await?;
        self.reply(rec).await
    }

    /// Reads one complete (possibly multi-line) reply, recording its lines.
    async fn reply(&mut self, rec: &mut Recorder) -> Result<Reply, NetFailure> {
        let (r, raw) = self.conn.smtp_reply(self.conn.timeout).await?;
        rec.server(&raw);
        Ok(r)
    }
}

/// Records a refusing reply as the step's failure, keeping the typed reply
/// (code, enhanced code, line breaks) for the classifier.
///
/// The detail joins the lines with ` / ` for the one-line probe table; the
/// evidence and the JSON keep them as separate lines.
fn fail_reply(rec: &mut Recorder, step: StepKind, started: Instant, reply: Reply) {
    rec.fail(
        step,
        started,
        Detail::server(reply.wire_lines().join(" / ")),
        Failure::Smtp { reply },
    );
}

/// Records a connection failure as the step's failure.
///
/// The same [`NetFailure`] goes into the detail and the failure, so the
/// step table and the classifier cannot tell different stories.
fn fail_net(rec: &mut Recorder, step: StepKind, started: Instant, e: NetFailure) {
    rec.fail(
        step,
        started,
        Detail::failed(&e),
        Failure::Net { problem: e },
    );
}

/// Marks the steps after a failure as skipped (the test message only when
/// one was requested).
///
/// Mirrors the IMAP probe's skipping, so both protocols' rows line up in
/// the report.
fn skip_rest(rec: &mut Recorder, send_test: bool) {
    rec.run.stopped_early = true;
    let done: Vec<StepKind> = rec.run.steps.iter().map(|s| s.step).collect();
    for s in LATER {
        if !done.contains(&s) && (s != StepKind::SendTest || send_test) {
            rec.skip(s);
        }
    }
}

/// Result of the SMTP probe plus the Message-ID of a sent test message.
///
/// The Message-ID is returned rather than stored in the run because only
/// the caller ([`crate::diagnose`]) can start the IMAP delivery check: it
/// needs both protocols' results.
pub(crate) struct SmtpOutcome {
    /// The probe's steps, failure and transcript.
    pub run: ProtocolRun,
    /// The Message-ID of the `--send-test` message Gmail accepted, for the
    /// IMAP side's delivery check; `None` when none was sent.
    pub sent_message_id: Option<String>,
}

/// The name the doctor gives in EHLO (RFC 5321 wants the client's domain;
/// a `.localhost` name says plainly that this is a diagnostic client).
///
/// Not the machine's host name: that would put the CRM server's name into
/// every report and snapshot, and would differ between runs.
const EHLO_NAME: &str = "mail-doctor.localhost";

/// Runs the SMTP probe (see the module docs for the order and why).
///
/// Like the IMAP probe it never fails; a failure is a recorded step.
pub(crate) async fn probe(cfg: &Config, tls: &Arc<ClientConfig>) -> SmtpOutcome {
    let mut rec = Recorder::new(Protocol::Smtp, cfg.smtp.clone());
    let sent = run_steps(cfg, tls, &mut rec).await;
    if sent.is_none() {
        skip_rest(&mut rec, cfg.send_test);
    }
    SmtpOutcome {
        run: rec.run,
        sent_message_id: sent.flatten(),
    }
}

/// The probe's steps in order; `None` as soon as one fails (its failure is
/// already recorded), else the Message-ID of the test message if one was
/// sent.
///
/// The envelope step is timed from before MAIL FROM to after RSET, so its
/// milliseconds include both commands and the reset.
async fn run_steps(
    cfg: &Config,
    tls: &Arc<ClientConfig>,
    rec: &mut Recorder,
) -> Option<Option<String>> {
    let conn = open_transport(cfg, &cfg.smtp, tls, rec).await?;
    let mut smtp = Smtp { conn };
    greeting(&mut smtp, rec).await?;
    let ehlo = Command::Ehlo(EHLO_NAME.into());
    let mut caps = ehlo_step(&mut smtp, rec, &ehlo).await?;
    if cfg.smtp.security == Security::Starttls {
        smtp = starttls(smtp, &caps, cfg, tls, rec).await?;
        caps = ehlo_step(&mut smtp, rec, &ehlo).await?;
    }
    rec.run.capabilities = caps.clone();
    auth(&mut smtp, &caps, cfg, rec).await?;
    let started = Instant::now();
    if !envelope(&mut smtp, rec, cfg, started).await {
        return None;
    }
    let _ = smtp.cmd(rec, &Command::Rset).await;
    rec.ok(
        StepKind::Envelope,
        started,
        Detail::Envelope {
            email: cfg.email.clone(),
            from: cfg.sends_as_other().then(|| cfg.sender().to_owned()),
        },
    );
    let sent = if cfg.send_test {
        send_test(&mut smtp, rec, cfg).await
    } else {
        None
    };
    let _ = smtp.cmd(rec, &Command::Quit).await;
    Some(sent)
}

/// The greeting, which must be `220`; anything else is recorded as the
/// refusal (a `421` is Gmail's throttling, a `554` a server refusing
/// service).
///
/// The greeting is read without sending anything: on an SSL port reached
/// in plaintext the server is silent (it waits for a ClientHello), and the
/// timeout here is the evidence for "465 typed with STARTTLS".
async fn greeting(smtp: &mut Smtp, rec: &mut Recorder) -> Option<()> {
    let started = Instant::now();
    match smtp.reply(rec).await {
        Ok(r) if r.code == 220 => {
            rec.ok(
                StepKind::Greeting,
                started,
                Detail::server(r.wire_lines().join(" / ")),
            );
            Some(())
        }
        Ok(r) => {
            fail_reply(rec, StepKind::Greeting, started, r);
            None
        }
        Err(e) => {
            fail_net(rec, StepKind::Greeting, started, e);
            None
        }
    }
}

/// STARTTLS, when chosen: refused unless EHLO advertised it, then the
/// command (`220` expected), a check that nothing was sent ahead of the
/// handshake, and the handshake itself.
///
/// The same injection check as the IMAP probe: bytes buffered after the
/// `220` would be read as if they had arrived encrypted.
async fn starttls(
    smtp: Smtp,
    caps: &[String],
    cfg: &Config,
    tls: &Arc<ClientConfig>,
    rec: &mut Recorder,
) -> Option<Smtp> {
    let mut smtp = smtp;
    let started = Instant::now();
    if !caps.iter().any(|c| c.eq_ignore_ascii_case("STARTTLS")) {
        rec.fail(
            StepKind::Starttls,
            started,
            Detail::NoStarttls {
                offered_by: OfferedBy::Ehlo,
            },
            Failure::NoStarttls,
        );
        return None;
    }
    match smtp.cmd(rec, &Command::StartTls).await {
        Ok(r) if r.code == 220 => {}
        Ok(r) => {
            fail_reply(rec, StepKind::Starttls, started, r);
            return None;
        }
        Err(e) => {
            fail_net(rec, StepKind::Starttls, started, e);
            return None;
        }
    }
    let (tcp, timeout) = match smtp.conn.into_plain_for_tls() {
        Ok(plain) => plain,
        Err(problem) => {
            fail_net(rec, StepKind::Starttls, started, problem);
            return None;
        }
    };
    match super::tls::handshake(tcp, &cfg.smtp.host, tls.clone(), timeout).await {
        Ok(s) => {
            rec.ok(StepKind::Starttls, started, Detail::Upgraded);
            Some(Smtp {
                conn: Conn::new(conn::secured(s), timeout),
            })
        }
        Err(e) => {
            fail_net(rec, StepKind::TlsHandshake, started, e);
            None
        }
    }
}

/// The AUTH mechanisms EHLO offers (`AUTH PLAIN LOGIN …`, or the old
/// `AUTH=` form), upper-cased.
///
/// An empty list on a plaintext connection is normal for Gmail (it offers
/// AUTH only after STARTTLS) and is itself evidence: see
/// [`auth_without_secret`].
fn offered_mechanisms(caps: &[String]) -> Vec<String> {
    caps.iter()
        .find_map(|c| {
            c.strip_prefix("AUTH ")
                .or_else(|| c.strip_prefix("AUTH="))
                .map(|m| m.split_whitespace().map(str::to_ascii_uppercase).collect())
        })
        .unwrap_or_default()
}

/// AUTH: PLAIN for a password, XOAUTH2 for a token, with the initial
/// response — unless the connection is unencrypted or offers no
/// mechanism, where [`auth_without_secret`] finds out why instead. The
/// SMTP relay service over TLS without AUTH on offer is the exception: its
/// admin may admit clients by IP address, so the step is skipped and the
/// envelope decides.
///
/// PLAIN rather than LOGIN because it sends the initial response in one
/// line, so the transcript has one redacted line per attempt and no
/// base64 challenge/response pairs to redact.
async fn auth(smtp: &mut Smtp, caps: &[String], cfg: &Config, rec: &mut Recorder) -> Option<()> {
    let started = Instant::now();
    let (mech, ir) = match &cfg.credential {
        Credential::Password(p) => ("PLAIN", sasl::encode_plain(&cfg.email, p.expose())),
        Credential::OAuthToken(t) => ("XOAUTH2", sasl::encode_xoauth2(&cfg.email, t.expose())),
    };
    if cfg.smtp.security != Security::None
        && cfg.smtp.is_smtp_relay()
        && offered_mechanisms(caps).is_empty()
    {
        // The relay service may admit a client by its IP address alone
        // and then need no SMTP AUTH: nothing to sign in with, and nothing
        // wrong with that. The envelope shows whether the relay admits us.
        rec.skip(StepKind::SmtpAuth);
        return Some(());
    }
    if cfg.smtp.security == Security::None || offered_mechanisms(caps).is_empty() {
        auth_without_secret(smtp, mech, rec, started).await;
        return None;
    }
    let auth = Command::Auth {
        mechanism: mech.into(),
        initial_response: Some(ir),
    };
    match smtp.cmd(rec, &auth).await {
        Ok(r) if r.code == 235 => {
            rec.ok(
                StepKind::SmtpAuth,
                started,
                Detail::server(r.wire_lines().join(" / ")),
            );
            rec.run.authenticated = true;
            Some(())
        }
        Ok(r) if r.code == 334 => {
            oauth_challenge(smtp, rec, started, &r).await;
            None
        }
        Ok(r) => {
            fail_reply(rec, StepKind::SmtpAuth, started, r);
            None
        }
        Err(e) => {
            fail_net(rec, StepKind::SmtpAuth, started, e);
            None
        }
    }
}

/// Never sends a secret in plaintext: asks for the mechanism without an
/// initial response, so the server says why it refuses (`530 5.7.0 Must
/// issue a STARTTLS command first`), and cancels with `*` if it would
/// accept. Always records a failure.
///
/// The recorded failure is typed `NoAuth` whatever the server said, since
/// the doctor, not the server, decided not to sign in; the server's reply
/// stays in the transcript.
async fn auth_without_secret(smtp: &mut Smtp, mech: &str, rec: &mut Recorder, started: Instant) {
    let ask = Command::Auth {
        mechanism: mech.into(),
        initial_response: None,
    };
    match smtp.cmd(rec, &ask).await {
        Ok(r) if r.code == 334 => {
            rec.client("*");
            let _ = smtp.conn.write(b"*\r\n").await;
            let _ = smtp.reply(rec).await;
            rec.fail(
                StepKind::SmtpAuth,
                started,
                Detail::NoSecretWithoutTls,
                Failure::NoAuth,
            );
        }
        Ok(r) if r.is_positive() => rec.fail(
            StepKind::SmtpAuth,
            started,
            Detail::AcceptedWithoutSecret,
            Failure::NoAuth,
        ),
        Ok(r) => fail_reply(rec, StepKind::SmtpAuth, started, r),
        Err(e) => fail_net(rec, StepKind::SmtpAuth, started, e),
    }
}

/// Google's OAuth error challenge: a `334` with base64 JSON, answered with
/// an empty line; the final `535` follows. The JSON is the evidence.
///
/// Without the empty line the server would wait for the client and the
/// final `535` would never come; with it, the transcript shows the
/// challenge and the final refusal in order.
async fn oauth_challenge(smtp: &mut Smtp, rec: &mut Recorder, started: Instant, r: &Reply) {
    let json = base64::engine::general_purpose::STANDARD
        .decode(r.text().trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| r.text());
    rec.client("");
    let _ = smtp.conn.write(b"\r\n").await;
    let reply = smtp
        .reply(rec)
        .await
        .ok()
        .map(|r| r.wire_lines().join(" / "))
        .unwrap_or_default();
    rec.fail(
        StepKind::SmtpAuth,
        started,
        Detail::OAuthRefused {
            json: json.clone(),
            reply,
        },
        Failure::OAuth { json },
    );
}

/// `--send-test`: a real message to the account itself, with a unique
/// Message-ID the IMAP side then searches for; that ID once Gmail accepted
/// the message.
///
/// The envelope is repeated for the real message (the earlier one was
/// reset), so the message's own MAIL FROM and RCPT TO replies are in the
/// transcript too.
async fn send_test(smtp: &mut Smtp, rec: &mut Recorder, cfg: &Config) -> Option<String> {
    let started = Instant::now();
    let id = format!(
        "<mail-doctor.{}.{}@localhost>",
        chrono::Utc::now().timestamp_millis(),
        fastrand::u32(..)
    );
    if !envelope(smtp, rec, cfg, started).await {
        return None;
    }
    match send_data(smtp, rec, cfg, &id).await {
        Ok(r) if r.is_positive() => {
            rec.ok(
                StepKind::SendTest,
                started,
                Detail::Sent {
                    message_id: id.clone(),
                },
            );
            Some(id)
        }
        Ok(r) => {
            fail_reply(rec, StepKind::SendTest, started, r);
            None
        }
        Err(e) => {
            fail_net(rec, StepKind::SendTest, started, e);
            None
        }
    }
}

/// EHLO, recording the step; the extension keywords (the lines after the
/// first), or `None` after recording a refusal.
///
/// The first line of an EHLO reply is the server's name and greeting, not
/// an extension, so it is skipped.
async fn ehlo_step(smtp: &mut Smtp, rec: &mut Recorder, ehlo: &Command) -> Option<Vec<String>> {
    let started = Instant::now();
    match smtp.cmd(rec, ehlo).await {
        Ok(r) if r.code == 250 => {
            let caps: Vec<String> = r.lines.iter().skip(1).cloned().collect();
            rec.ok(StepKind::Ehlo, started, Detail::server(caps.join(", ")));
            Some(caps)
        }
        Ok(r) => {
            fail_reply(rec, StepKind::Ehlo, started, r);
            None
        }
        Err(e) => {
            fail_net(rec, StepKind::Ehlo, started, e);
            None
        }
    }
}

/// MAIL FROM the sender the CRM uses (`--from`, default the login) and
/// RCPT TO the account itself; records a failure.
///
/// The recipient is always the account, so a refusal is about the sender
/// or the account, never about someone else's mailbox. The sender is the
/// CRM's: the account's own address is one Gmail always accepts, while a
/// "Send mail as" address sent through its own server is refused here
/// unless the admin allows per-user outbound gateways, and the relay
/// service judges the sender's domain here too (DESIGN.md "Sending").
async fn envelope(smtp: &mut Smtp, rec: &mut Recorder, cfg: &Config, started: Instant) -> bool {
    let step = StepKind::Envelope;
    for cmd in [
        Command::Mail {
            from: cfg.sender().into(),
            params: Vec::new(),
        },
        Command::Rcpt {
            to: cfg.email.clone(),
            params: Vec::new(),
        },
    ] {
        match smtp.cmd(rec, &cmd).await {
            Ok(r) if r.is_positive() => {}
            Ok(r) => {
                fail_reply(rec, step, started, r);
                return false;
            }
            Err(e) => {
                fail_net(rec, step, started, e);
                return false;
            }
        }
    }
    true
}

/// DATA with a minimal message to the account itself, `From:` the sender
/// the CRM uses, carrying the `Message-ID` the delivery check searches
/// for; the final reply (where Gmail's daily sending limit answers).
///
/// The message body is not recorded — only its size — since it is the
/// doctor's own text and would make the transcript long; the Message-ID is
/// in the step detail instead.
async fn send_data(
    smtp: &mut Smtp,
    rec: &mut Recorder,
    cfg: &Config,
    message_id: &str,
) -> Result<Reply, NetFailure> {
    let r = smtp.cmd(rec, &Command::Data).await?;
    if r.code != 354 {
        return Ok(r);
    }
    let date = chrono::Utc::now().to_rfc2822();
    let (from, email) = (cfg.sender(), &cfg.email);
    let body = format!(
        "From: <{from}>\r\nTo: <{email}>\r\nSubject: mail-doctor test message\r\nDate: {date}\r\nMessage-ID: {message_id}\r\n\r\nThis message was sent by mail-doctor to check that sending works.\r\n.\r\n"
    );
    rec.client(format!("<test message, {} bytes>", body.len()));
    smtp.conn.write(body.as_bytes()).await?;
    smtp.reply(rec).await
}
