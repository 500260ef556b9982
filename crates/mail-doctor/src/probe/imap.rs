//! The IMAP probe: connect → TLS or STARTTLS → greeting → CAPABILITY →
//! LOGIN or AUTHENTICATE XOAUTH2 → SELECT INBOX → LOGOUT, keeping every line.
//!
//! The order is the order in which a mail client meets each problem, so
//! the first failing step is the one to fix (DESIGN.md "Diagnosis"):
//!
//! - **Transport first** (shared with SMTP: [`super::smtp::open_transport`]):
//!   a wrong host, port or security mode fails before any IMAP is spoken.
//! - **The greeting** is read with its own wait: an SSL port reached with
//!   STARTTLS stays silent (it waits for a ClientHello), and that silence
//!   is the evidence for "993 with STARTTLS". A `* BYE` greeting (Gmail's
//!   `[OVERQUOTA]`, a server shutting down) is kept, not discarded as the
//!   `imap` crate's builder would.
//! - **CAPABILITY before STARTTLS**: STARTTLS is used only if advertised;
//!   asking first turns "the server does not offer STARTTLS" into a
//!   finding instead of a `BAD`. After the handshake CAPABILITY is asked
//!   again, because RFC 3501 §6.2.1 lets a server change it (Gmail lists
//!   its AUTH mechanisms only over TLS) and `SASL-IR` decides how XOAUTH2
//!   is sent.
//! - **No secret without TLS**: with security "none" the probe stops before
//!   LOGIN; sending the password in plaintext to find out whether it works
//!   would be the very leak the diagnosis warns about.
//! - **LOGIN or AUTHENTICATE XOAUTH2**: the refusal's untagged lines are
//!   kept with the tagged one, since Gmail's newer web-login refusal is an
//!   untagged `* NO [WEBALERT url]` before a plain tagged `NO`.
//! - **SELECT INBOX read-only** (EXAMINE semantics): proves the mailbox
//!   opens after sign-in without changing any `\Seen` flag.
//!
//! Each step is recorded with its outcome and timing ([`Recorder`]); after
//! the first failure the later steps are marked skipped, so the report
//! shows how far the probe got.
//!
//! # What a healthy run looks like
//!
//! Against Gmail (here the mock, Gmail's own greeting and capability list)
//! with a password on port 993, the transcript the report shows is:
//!
//! ```text
//! S: * OK Gimap ready for requests from 127.0.0.1 [imap-id]
//! C: d1 CAPABILITY
//! S: * CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST … AUTH=XOAUTH2 AUTH=PLAIN …
//! S: d1 OK Thats all she wrote! [imap-id]
//! C: d2 LOGIN anna.nowak@firma.example [REDACTED]
//! S: * CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST … UIDPLUS ENABLE MOVE …
//! S: d2 OK anna.nowak@firma.example authenticated (Success)
//! C: d3 EXAMINE INBOX
//! S: * 5 EXISTS
//! S: d3 OK [READ-ONLY] INBOX selected. (Success)
//! C: d4 LOGOUT
//! S: * BYE LOGOUT Requested
//! S: d4 OK 73 good day (Success)
//! ```
//!
//! Three things in it shaped the code below:
//!
//! - Gmail sends an untagged `* CAPABILITY` *during* LOGIN. It is data, not
//!   the answer: only the tagged `d2 …` line ends the command, so
//!   [`Imap::finish`] collects untagged lines until its own tag comes back.
//! - `* BYE` before the tagged `OK` of LOGOUT is normal. Everywhere else a
//!   `BYE` is a refusal (`[OVERQUOTA]`, `[UNAVAILABLE]`) and becomes the
//!   step's failure, even if the server closes without a tagged line.
//! - The password never appears: the transcript line of a command comes from
//!   `Command::transcript_line`, which prints `[REDACTED]` for the secret,
//!   and the bytes on the wire from `Command::fragments`, which nobody logs.
//!
//! # What failures look like
//!
//! The failure recorded is the first one; its typed form (see
//! [`super::Failure`]) is what the classifier reads, and the step detail is
//! what the reader sees:
//!
//! - a silent port (STARTTLS typed for 993): the greeting step fails with
//!   `NetFailure::Timeout` after the configured timeout — no bytes at all;
//! - an SMTP server on the IMAP setting: the greeting is `220 …`, which the
//!   IMAP grammar cannot parse, so it is `NetFailure::Garbage` with that line,
//!   and the classifier recognises the other protocol's greeting;
//! - a refusal: `d2 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)`
//!   is kept whole, with any `* NO [WEBALERT …]` before it, because the
//!   untagged line carries the sign-in URL Google wants the user to open;
//! - an OAuth refusal: Google sends `+ <base64 JSON>` instead of a tagged
//!   `NO`; the probe must answer with an empty line to get the tagged answer,
//!   and keeps the decoded JSON (status and scope) as the evidence.
//!
//! # Why not the `imap` crate here
//!
//! The crate hides exactly what the diagnosis needs: it discards a `BYE`
//! greeting, does not surface untagged `NO` lines, and cannot answer the
//! OAuth JSON challenge. The probe therefore speaks IMAP itself with the
//! shared `gmail-wire` grammar, and the crate is used afterwards only to see
//! what a CRM built on it would see (`crate::client_libraries`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use gmail_wire::imap::{
    Code, Command, CommandBody, Data, FetchAttr, FetchItems, FetchValue, Fragment, Response,
    SearchKey, Section, SectionText, SequenceSet, StatusKind, StatusResponse, Tag,
};
use gmail_wire::sasl;
use rustls::ClientConfig;

use super::conn::{self, Conn, NetFailure};
use super::{Detail, Failure, OfferedBy, ProtocolRun, Recorder, StepKind};
use crate::config::{Config, Credential, Endpoint, Security};
use crate::Protocol;

/// The steps after the transport, marked skipped when an earlier one fails.
///
/// Delivery is listed so a send test's row can be skipped too; the other
/// three are the steps a reader expects to see after a transport failure,
/// so the report's table always has the same rows and shows where it stopped.
const LATER: [StepKind; 4] = [
    StepKind::Capability,
    StepKind::ImapLogin,
    StepKind::SelectInbox,
    StepKind::Delivery,
];

/// An IMAP conversation in progress: the connection and the tag counter
/// (`d1`, `d2`, …: the `d` marks the doctor's commands in transcripts).
///
/// Tags are the doctor's own counter rather than random: a transcript is
/// then the same on every run, which keeps the scenario snapshots stable,
/// and a reader can match each tagged answer to its command at a glance.
struct Imap {
    conn: Conn,
    next_tag: u32,
}

/// The server's answer to one command: the tagged completion, the
/// untagged status lines before it (where Gmail puts `[WEBALERT]` and
/// `BYE`), and the untagged data (CAPABILITY, EXISTS, SEARCH).
///
/// The untagged status lines are kept apart from the data because they
/// decide: a `* NO [WEBALERT …]` or `* BYE` before a tagged `NO` is read
/// before the tagged line by the classifier.
struct Answer {
    tagged: StatusResponse,
    untagged: Vec<StatusResponse>,
    data: Vec<Data>,
}

/// Why a command got no tagged completion.
///
/// A tagged `NO`/`BAD` is *not* an error here: it is an [`Answer`], and
/// the caller decides whether it fails its step (a `NO` to STARTTLS fails
/// the STARTTLS step, a `NO` to LOGIN the sign-in step).
enum CmdError {
    /// The connection failed (closed, timed out, garbled).
    Net(NetFailure),
    /// `* BYE` instead of a tagged answer.
    Bye(StatusResponse, Vec<StatusResponse>),
    /// Google's OAuth JSON challenge (already answered with an empty line),
    /// plus the final answer if one came.
    OAuth(String, Option<Answer>),
}

impl Imap {
    /// The next command tag.
    fn tag(&mut self) -> Tag {
        self.next_tag += 1;
        Tag(format!("d{}", self.next_tag))
    }

    /// Sends a command (waiting for `+` before synchronising literals) and
    /// reads until its tagged completion.
    ///
    /// A password with characters IMAP cannot quote travels as a literal
    /// (`{n}` then the bytes); a synchronising literal may only be sent
    /// after the server's `+`, and a server that refuses instead answers
    /// with the tagged `NO` at once — which is then the answer, and the
    /// secret is never sent. `LITERAL+` (`{n+}`) needs no wait.
    async fn run(&mut self, rec: &mut Recorder, body: CommandBody) -> Result<Answer, CmdError> {
        let cmd = Command {
            tag: self.tag(),
            body,
        };
        rec.client(cmd.transcript_line());
        let frags = cmd.fragments();
        let mut untagged = Vec::new();
        let mut data = Vec::new();
        let mut i = 0;
        while i < frags.len() {
            match &frags[i] {
                Fragment::Line(l) => {
                    self.conn.write(l).await.map_err(CmdError::Net)?;
                    let announces = matches!(frags.get(i + 1), Some(Fragment::Literal(_)));
                    if announces && !l.ends_with(b"+}\r\n") {
                        // Wait for the continuation before sending literal data.
                        loop {
                            let (r, raw) = self
                                .conn
                                .imap_response(self.conn.timeout)
                                .await
                                .map_err(CmdError::Net)?;
                            rec.server(&raw);
                            match r {
                                Response::Continue(_) => break,
                                Response::Status(s) if s.tag.is_some() => {
                                    return Ok(Answer {
                                        tagged: s,
                                        untagged,
                                        data,
                                    })
                                }
                                Response::Status(s) if s.kind == StatusKind::Bye => {
                                    return Err(CmdError::Bye(s, untagged))
                                }
                                Response::Status(s) => untagged.push(s),
                                Response::Data(d) => data.push(d),
                            }
                        }
                    }
                }
                Fragment::Literal(b) => self.conn.write(b).await.map_err(CmdError::Net)?,
            }
            i += 1;
        }
        self.finish(rec, &cmd.tag, untagged, data).await
    }

    /// Reads responses until the tagged one for `tag`, collecting the
    /// untagged lines on the way. A server that sends `* BYE` and closes
    /// without a tagged answer has still answered: the `BYE` is returned as
    /// the refusal (Gmail's `[OVERQUOTA]`, a shutting-down server).
    async fn finish(
        &mut self,
        rec: &mut Recorder,
        tag: &Tag,
        mut untagged: Vec<StatusResponse>,
        mut data: Vec<Data>,
    ) -> Result<Answer, CmdError> {
        loop {
            let (r, raw) = match self.conn.imap_response(self.conn.timeout).await {
                Ok(x) => x,
                Err(NetFailure::Closed) => {
                    // A BYE followed by a close is the answer.
                    if let Some(pos) = untagged.iter().rposition(|s| s.kind == StatusKind::Bye) {
                        let bye = untagged.remove(pos);
                        return Err(CmdError::Bye(bye, untagged));
                    }
                    return Err(CmdError::Net(NetFailure::Closed));
                }
                Err(e) => return Err(CmdError::Net(e)),
            };
            rec.server(&raw);
            match r {
                Response::Status(s) if s.tag.as_ref() == Some(tag) => {
                    return Ok(Answer {
                        tagged: s,
                        untagged,
                        data,
                    })
                }
                Response::Status(s) => untagged.push(s),
                Response::Data(d) => data.push(d),
                Response::Continue(_) => {}
            }
        }
    }

    /// AUTHENTICATE XOAUTH2, with SASL-IR when offered, answering Google's
    /// JSON error challenge with an empty line as the protocol requires.
    ///
    /// Without SASL-IR the first `+` asks for the payload; any later `+` is
    /// Google's refusal — base64 JSON such as `{"status":"400",…}` — which
    /// must be answered with an empty line before the tagged `NO` arrives.
    /// The decoded JSON is the evidence (`Failure::OAuth`); the payload
    /// itself is recorded as `[REDACTED]`.
    async fn xoauth2(
        &mut self,
        rec: &mut Recorder,
        user: &str,
        token: &str,
        sasl_ir: bool,
    ) -> Result<Answer, CmdError> {
        let payload = sasl::encode_xoauth2(user, token);
        let tag = self.tag();
        let cmd = Command {
            tag: tag.clone(),
            body: CommandBody::Authenticate {
                mechanism: "XOAUTH2".into(),
                initial_response: sasl_ir.then(|| payload.clone()),
            },
        };
        rec.client(cmd.transcript_line());
        self.conn
            .write(&cmd.to_bytes())
            .await
            .map_err(CmdError::Net)?;
        let mut untagged = Vec::new();
        let mut sent_payload = sasl_ir;
        loop {
            let (r, raw) = self
                .conn
                .imap_response(self.conn.timeout)
                .await
                .map_err(CmdError::Net)?;
            rec.server(&raw);
            match r {
                Response::Continue(text) if !sent_payload => {
                    let _ = text;
                    rec.client(gmail_wire::secret::REDACTED);
                    self.conn
                        .write(format!("{}\r\n", payload.expose()).as_bytes())
                        .await
                        .map_err(CmdError::Net)?;
                    sent_payload = true;
                }
                Response::Continue(text) => {
                    let json = base64::engine::general_purpose::STANDARD
                        .decode(text.trim())
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok())
                        .unwrap_or(text);
                    rec.client("");
                    self.conn.write(b"\r\n").await.map_err(CmdError::Net)?;
                    let fin = self.finish(rec, &tag, untagged, Vec::new()).await;
                    return Err(CmdError::OAuth(json, fin.ok()));
                }
                Response::Status(s) if s.tag.as_ref() == Some(&tag) => {
                    return Ok(Answer {
                        tagged: s,
                        untagged,
                        data: Vec::new(),
                    })
                }
                Response::Status(s) if s.kind == StatusKind::Bye => {
                    return Err(CmdError::Bye(s, untagged))
                }
                Response::Status(s) => untagged.push(s),
                Response::Data(_) => {}
            }
        }
    }
}

/// A status response as its wire line, for step details.
///
/// The line is re-serialised from the parsed response rather than copied
/// from the raw bytes, so a literal inside it is summarised and the line
/// is the same whether it arrived in one read or several.
fn wire_line(s: &StatusResponse) -> String {
    String::from_utf8_lossy(&Response::Status(s.clone()).to_bytes())
        .trim_end()
        .to_owned()
}

/// A status response quoted as a step's detail.
///
/// Server lines are never translated: they are quoted as
/// [`Detail::Server`] in every language.
fn describe(s: &StatusResponse) -> Detail {
    Detail::server(wire_line(s))
}

/// A refused command's answer as the probe's failure (tagged line plus the
/// untagged status lines the classifier reads first).
///
/// Keeping the untagged lines matters for Gmail's web-login refusal,
/// whose URL is only in the untagged `* NO [WEBALERT url]`.
fn status_failure(a: Answer) -> Failure {
    Failure::Imap {
        response: a.tagged,
        untagged: a.untagged,
    }
}

/// Records a command that got no tagged completion as the step's failure.
///
/// The step detail and the failure are recorded together so they cannot
/// disagree: the detail says what the reader sees, the failure what the
/// classifier reads, both from the same value.
fn record_cmd_error(rec: &mut Recorder, step: StepKind, started: Instant, e: CmdError) {
    match e {
        CmdError::Net(n) => rec.fail(
            step,
            started,
            Detail::failed(&n),
            Failure::Net { problem: n },
        ),
        CmdError::Bye(bye, untagged) => rec.fail(
            step,
            started,
            describe(&bye),
            Failure::Imap {
                response: bye,
                untagged,
            },
        ),
        CmdError::OAuth(json, fin) => {
            let reply = fin
                .as_ref()
                .map(|a| wire_line(&a.tagged))
                .unwrap_or_default();
            rec.fail(
                step,
                started,
                Detail::OAuthRefused {
                    json: json.clone(),
                    reply,
                },
                Failure::OAuth { json },
            )
        }
    }
}

/// Opens the transport and reads the greeting; on failure everything is
/// recorded and `None` returned.
///
/// `* OK` and `* PREAUTH` greet; a `* BYE` (or any status) is a refusal
/// kept as IMAP evidence; anything else — an SMTP `220`, an HTTP banner —
/// is `Garbage` with its text, which the classifier reads as "the other
/// protocol's port".
///
/// The greeting wait is a parameter because the delivery check opens a
/// second session with the same code and the same limit; a silent server
/// therefore costs at most one timeout per session.
async fn open(
    cfg: &Config,
    ep: &Endpoint,
    tls: &Arc<ClientConfig>,
    rec: &mut Recorder,
    greeting_wait: Duration,
) -> Option<Imap> {
    let conn = super::smtp::open_transport(cfg, ep, tls, rec).await?;
    let mut imap = Imap { conn, next_tag: 0 };
    let started = Instant::now();
    match imap.conn.imap_response(greeting_wait).await {
        Ok((r, raw)) => {
            rec.server(&raw);
            match r {
                Response::Status(s)
                    if s.tag.is_none()
                        && matches!(s.kind, StatusKind::Ok | StatusKind::PreAuth) =>
                {
                    rec.ok(StepKind::Greeting, started, describe(&s));
                    Some(imap)
                }
                Response::Status(s) => {
                    rec.fail(
                        StepKind::Greeting,
                        started,
                        describe(&s),
                        Failure::Imap {
                            response: s,
                            untagged: Vec::new(),
                        },
                    );
                    None
                }
                other => {
                    let text = String::from_utf8_lossy(&other.to_bytes())
                        .trim_end()
                        .to_owned();
                    rec.fail(
                        StepKind::Greeting,
                        started,
                        Detail::server(text.clone()),
                        Failure::Net {
                            problem: NetFailure::Garbage(text),
                        },
                    );
                    None
                }
            }
        }
        Err(e) => {
            rec.fail(
                StepKind::Greeting,
                started,
                Detail::failed(&e),
                Failure::Net { problem: e },
            );
            None
        }
    }
}

/// Runs the IMAP probe (see the module docs for the order and why).
///
/// Never fails: everything that happens, including a crash of the
/// connection, is recorded in the returned run. The diagnosis must be able
/// to say "the IMAP side failed at the greeting" rather than return an
/// error with no report.
pub(crate) async fn probe(cfg: &Config, tls: &Arc<ClientConfig>) -> ProtocolRun {
    let mut rec = Recorder::new(Protocol::Imap, cfg.imap.clone());
    if run_steps(cfg, tls, &mut rec).await.is_none() {
        skip_rest(&mut rec);
    }
    rec.run
}

/// The probe's steps in order; `None` as soon as one fails (its failure is
/// already recorded), so the caller marks the rest skipped.
///
/// `?` on `Option` keeps the order readable: each helper records its own
/// success or failure and returns `None` to stop, so this function reads
/// as the list of steps in the order a mail client meets them.
async fn run_steps(cfg: &Config, tls: &Arc<ClientConfig>, rec: &mut Recorder) -> Option<()> {
    let mut imap = open(cfg, &cfg.imap, tls, rec, cfg.timeout).await?;
    let mut caps = capability(&mut imap, rec).await?;
    if cfg.imap.security == Security::Starttls {
        imap = starttls(imap, &caps, cfg, tls, rec).await?;
        caps = capability_after_tls(&mut imap, rec).await?;
    }
    rec.run.capabilities = caps.clone();
    sign_in(&mut imap, &caps, cfg, rec).await?;
    select_inbox(&mut imap, rec).await;
    let _ = imap.run(rec, CommandBody::Logout).await;
    Some(())
}

/// Records a refused or unanswered command as `step`'s failure.
///
/// Used for every command whose tagged answer is not `OK`: the answer is
/// quoted as the step's detail and kept whole as the failure.
fn record_answer_failure(
    rec: &mut Recorder,
    step: StepKind,
    started: Instant,
    result: Result<Answer, CmdError>,
) {
    match result {
        Ok(a) => rec.fail(step, started, describe(&a.tagged), status_failure(a)),
        Err(e) => record_cmd_error(rec, step, started, e),
    }
}

/// CAPABILITY on the connection as opened: what the server offers before
/// any upgrade (STARTTLS, and on a TLS port everything).
///
/// On a TLS port this list is final; with STARTTLS it is asked again
/// after the handshake (see [`capability_after_tls`]).
async fn capability(imap: &mut Imap, rec: &mut Recorder) -> Option<Vec<String>> {
    let started = Instant::now();
    match imap.run(rec, CommandBody::Capability).await {
        Ok(a) if a.tagged.kind == StatusKind::Ok => {
            let caps = capabilities(&a);
            rec.ok(
                StepKind::Capability,
                started,
                Detail::server(caps.join(" ")),
            );
            Some(caps)
        }
        other => {
            record_answer_failure(rec, StepKind::Capability, started, other);
            None
        }
    }
}

/// STARTTLS, when chosen: refused unless advertised, then the command, a
/// check that nothing was sent ahead of the handshake, and the handshake
/// itself (whose failure is the TLS step's, with the typed reason).
///
/// The check for pending bytes is the defence against the STARTTLS
/// injection class (CVE-2011-0411 and its many successors): anything the
/// server sent after its `OK` and before the handshake would otherwise be
/// read as if it had arrived encrypted.
async fn starttls(
    imap: Imap,
    caps: &[String],
    cfg: &Config,
    tls: &Arc<ClientConfig>,
    rec: &mut Recorder,
) -> Option<Imap> {
    let mut imap = imap;
    let started = Instant::now();
    if !caps.iter().any(|c| c.eq_ignore_ascii_case("STARTTLS")) {
        rec.fail(
            StepKind::Starttls,
            started,
            Detail::NoStarttls {
                offered_by: OfferedBy::Capability,
            },
            Failure::NoStarttls,
        );
        return None;
    }
    match imap.run(rec, CommandBody::StartTls).await {
        Ok(a) if a.tagged.kind == StatusKind::Ok => {}
        other => {
            record_answer_failure(rec, StepKind::Starttls, started, other);
            return None;
        }
    }
    let (tcp, timeout) = match imap.conn.into_plain_for_tls() {
        Ok(plain) => plain,
        Err(problem) => {
            rec.fail(
                StepKind::Starttls,
                started,
                Detail::DataBeforeHandshake,
                Failure::Net { problem },
            );
            return None;
        }
    };
    match super::tls::handshake(tcp, &cfg.imap.host, tls.clone(), timeout).await {
        Ok(s) => {
            rec.ok(StepKind::Starttls, started, Detail::Upgraded);
            Some(Imap {
                conn: Conn::new(conn::secured(s), timeout),
                next_tag: imap.next_tag,
            })
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

/// CAPABILITY again after STARTTLS (RFC 3501 §6.2.1: it may change; Gmail
/// lists its AUTH mechanisms only now). Not a step of its own in the
/// report unless it fails.
///
/// Its failure is recorded as the capability step's, since that is the
/// command that failed; the earlier plaintext row already says it worked
/// once.
async fn capability_after_tls(imap: &mut Imap, rec: &mut Recorder) -> Option<Vec<String>> {
    match imap.run(rec, CommandBody::Capability).await {
        Ok(a) => Some(capabilities(&a)),
        Err(e) => {
            record_cmd_error(rec, StepKind::Capability, Instant::now(), e);
            None
        }
    }
}

/// The sign-in: LOGIN with a password, AUTHENTICATE XOAUTH2 with a token
/// (with SASL-IR when advertised) — never on an unencrypted connection.
///
/// The password is passed to the command as a [`gmail_wire::Secret`], so
/// only the wire bytes contain it; the transcript line is redacted by the
/// command itself, not by the caller remembering to.
async fn sign_in(imap: &mut Imap, caps: &[String], cfg: &Config, rec: &mut Recorder) -> Option<()> {
    let started = Instant::now();
    if cfg.imap.security == Security::None {
        rec.fail(
            StepKind::ImapLogin,
            started,
            Detail::NoSecretWithoutTls,
            Failure::NoAuth,
        );
        return None;
    }
    let result = match &cfg.credential {
        Credential::Password(p) => {
            imap.run(
                rec,
                CommandBody::Login {
                    username: cfg.email.clone(),
                    password: p.clone(),
                },
            )
            .await
        }
        Credential::OAuthToken(t) => {
            let ir = caps.iter().any(|c| c.eq_ignore_ascii_case("SASL-IR"));
            imap.xoauth2(rec, &cfg.email, t.expose(), ir).await
        }
    };
    match result {
        Ok(a) if a.tagged.kind == StatusKind::Ok => {
            rec.ok(StepKind::ImapLogin, started, describe(&a.tagged));
            rec.run.authenticated = true;
            Some(())
        }
        other => {
            record_answer_failure(rec, StepKind::ImapLogin, started, other);
            None
        }
    }
}

/// SELECT INBOX read-only; the step's detail says how many messages it
/// holds. A failure here is recorded but ends nothing: the sign-in, which
/// most advice is about, already worked.
///
/// EXAMINE rather than SELECT so that the diagnosis never marks a message
/// as read in the customer's mailbox: a doctor must not change what it
/// examines.
async fn select_inbox(imap: &mut Imap, rec: &mut Recorder) {
    let started = Instant::now();
    let select = CommandBody::Select {
        mailbox: "INBOX".into(),
        read_only: true,
    };
    match imap.run(rec, select).await {
        Ok(a) if a.tagged.kind == StatusKind::Ok => {
            let exists = a.data.iter().find_map(|d| match d {
                Data::Exists(n) => Some(*n),
                _ => None,
            });
            rec.ok(
                StepKind::SelectInbox,
                started,
                Detail::Inbox {
                    exists: u64::from(exists.unwrap_or(0)),
                },
            );
        }
        other => record_answer_failure(rec, StepKind::SelectInbox, started, other),
    }
}

/// The capabilities from an answer: the untagged `CAPABILITY` data, or the
/// `[CAPABILITY …]` code some servers put in the tagged `OK` instead.
///
/// Both forms occur in the wild; Gmail uses the untagged data, Dovecot
/// often the response code, and the sign-in logic must see either.
fn capabilities(a: &Answer) -> Vec<String> {
    for d in &a.data {
        if let Data::Capability(c) = d {
            return c.clone();
        }
    }
    if let Some(Code::Capability(c)) = &a.tagged.code {
        return c.clone();
    }
    Vec::new()
}

/// Marks the steps after a failure as skipped, so the report shows how far
/// the probe got (delivery is only listed when a test message was sent).
///
/// The rows are skipped rather than omitted so that the report's table has
/// the same shape for every run and the reader sees what was not tried.
fn skip_rest(rec: &mut Recorder) {
    rec.run.stopped_early = true;
    let done: Vec<StepKind> = rec.run.steps.iter().map(|s| s.step).collect();
    for s in LATER {
        if !done.contains(&s) && s != StepKind::Delivery {
            rec.skip(s);
        }
    }
}

/// What the delivery check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// The message did not arrive within the timeout (or the check could
    /// not log in again).
    NotFound,
    /// The message arrived; the address of its `From:` header, when the
    /// header could be read.
    Found {
        /// The delivered copy's From address.
        from: Option<String>,
    },
}

/// After `--send-test`: log in again and wait for the message with this
/// Message-ID to arrive in INBOX; when it did, read its `From:` header.
///
/// A separate session, because the probe's own session ended before the
/// message was sent. It searches by `Message-ID` header (UID SEARCH), so
/// other mail arriving meanwhile cannot be mistaken for the test message,
/// and polls every 200 ms until the timeout: a bounded wait needs no IDLE
/// (one command path fewer, and one fewer capability to depend on).
/// STARTTLS settings are not re-checked here; the main probe already
/// proved them, so the check simply reports "not found".
///
/// The From header is fetched with `BODY.PEEK` (the message stays unread)
/// because Gmail does not refuse an outside sender address it has not
/// verified: it rewrites the delivered copy's From to the account's own
/// address, and only the delivered copy shows it.
///
/// Commands of this session are recorded on `rec` (the caller's
/// recorder), so the transcript shows the search; its connection steps
/// go to a scratch recorder, since they repeat the main probe's rows.
pub(crate) async fn await_delivery(
    cfg: &Config,
    tls: &Arc<ClientConfig>,
    message_id: &str,
    rec: &mut Recorder,
) -> Delivery {
    let mut scratch = Recorder::new(Protocol::Imap, cfg.imap.clone());
    let Some(mut imap) = open(cfg, &cfg.imap, tls, &mut scratch, cfg.timeout).await else {
        return Delivery::NotFound;
    };
    if cfg.imap.security == Security::Starttls {
        // Keep the check simple: the main probe already proved STARTTLS.
        return Delivery::NotFound;
    }
    let login = match &cfg.credential {
        Credential::Password(p) => {
            imap.run(
                rec,
                CommandBody::Login {
                    username: cfg.email.clone(),
                    password: p.clone(),
                },
            )
            .await
        }
        Credential::OAuthToken(t) => imap.xoauth2(rec, &cfg.email, t.expose(), true).await,
    };
    if !matches!(login, Ok(ref a) if a.tagged.kind == StatusKind::Ok) {
        return Delivery::NotFound;
    }
    let deadline = Instant::now() + cfg.timeout;
    loop {
        if !matches!(imap.run(rec, CommandBody::Select { mailbox: "INBOX".into(), read_only: true }).await, Ok(ref a) if a.tagged.kind == StatusKind::Ok)
        {
            return Delivery::NotFound;
        }
        let uid = match imap
            .run(
                rec,
                CommandBody::Search {
                    uid: true,
                    charset: None,
                    criteria: vec![SearchKey::Header("Message-ID".into(), message_id.into())],
                },
            )
            .await
        {
            Ok(a) => a.data.iter().find_map(|d| match d {
                Data::Search(ids) => ids.last().copied(),
                _ => None,
            }),
            Err(_) => None,
        };
        if let Some(uid) = uid {
            let from = delivered_from(&mut imap, rec, uid).await;
            let _ = imap.run(rec, CommandBody::Logout).await;
            return Delivery::Found { from };
        }
        if Instant::now() >= deadline {
            return Delivery::NotFound;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `UID FETCH uid (BODY.PEEK[HEADER.FIELDS (FROM)])`: the address of the
/// delivered copy's `From:` header, `None` if it cannot be read.
async fn delivered_from(imap: &mut Imap, rec: &mut Recorder, uid: u32) -> Option<String> {
    let fetch = CommandBody::Fetch {
        uid: true,
        set: SequenceSet::single(uid),
        items: FetchItems::List(vec![FetchAttr::BodySection {
            peek: true,
            section: Section {
                part: Vec::new(),
                text: Some(SectionText::HeaderFields(vec!["FROM".into()])),
            },
            partial: None,
        }]),
    };
    let answer = imap.run(rec, fetch).await.ok()?;
    answer.data.iter().find_map(|d| match d {
        Data::Fetch { items, .. } => items.iter().find_map(|v| match v {
            FetchValue::Section {
                data: Some(bytes), ..
            } => super::sender::from_header_address(bytes),
            _ => None,
        }),
        _ => None,
    })
}
