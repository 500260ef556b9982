//! Sans-I/O SMTP driver: bytes in, typed replies out — command lines, SASL
//! lines, DATA (dot-unstuffed, RFC 5321 §4.5.2) and BDAT chunks (RFC 3030).
//! The connection loop only moves bytes; tests and fuzz targets drive whole
//! sessions in memory.

use bytes::BytesMut;
use gmail_wire::smtp::parse_command;

use super::session::{Action, Expect, Output, Session};
use crate::model::faults::{FaultStage, ListenerFaults};
use crate::responses::smtp as text;

/// One connection's protocol state.
#[derive(Debug)]
pub(crate) struct Driver {
    pub session: Session,
    buf: BytesMut,
    max_line: usize,
    /// Set while the rest of an over-long command line is being dropped.
    skipping_line: bool,
    /// Set while an over-long DATA line is being passed on in pieces: the
    /// next bytes continue that line, so they are neither the end-of-data
    /// `.` nor dot-stuffed.
    data_mid_line: bool,
    /// Injected misbehaviour for this connection.
    faults: ListenerFaults,
}

impl Driver {
    pub fn new(session: Session, max_line: usize, faults: ListenerFaults) -> Self {
        Driver {
            session,
            buf: BytesMut::with_capacity(512),
            max_line,
            skipping_line: false,
            data_mid_line: false,
            faults,
        }
    }

    /// What to send first, and what to do then (faults may close or stall).
    pub fn greeting(&self) -> Output {
        let f = &self.faults;
        let rec = self.session.rec();
        if f.close_at == Some(FaultStage::Greeting) {
            rec.event("fault: closed before the greeting");
            return Output {
                replies: Vec::new(),
                action: Action::Close,
            };
        }
        if f.stall_at == Some(FaultStage::Greeting) {
            rec.event("fault: stalled before the greeting");
            return Output {
                replies: Vec::new(),
                action: Action::Stall,
            };
        }
        if f.unavailable {
            rec.event("fault: service unavailable");
            return Output {
                replies: vec![text::unavailable(&self.session.reply_id())],
                action: Action::Close,
            };
        }
        let greeting = vec![self.session.greeting()];
        if f.close_after_greeting {
            rec.event("fault: closed after the greeting");
            return Output {
                replies: greeting,
                action: Action::Close,
            };
        }
        Output {
            replies: greeting,
            action: Action::Continue,
        }
    }

    /// The fault (if any) that strikes when a command arrives.
    fn fault_for(&self, verb: &str) -> Option<Output> {
        if self.faults.is_clear() {
            return None;
        }
        let stage = FaultStage::of_smtp(verb);
        if self.faults.close_at == Some(stage) {
            self.session
                .rec()
                .event(&format!("fault: closed at {stage:?}"));
            return Some(Output {
                replies: Vec::new(),
                action: Action::Close,
            });
        }
        if self.faults.stall_at == Some(stage) {
            self.session
                .rec()
                .event(&format!("fault: stalled at {stage:?}"));
            return Some(Output {
                replies: Vec::new(),
                action: Action::Stall,
            });
        }
        None
    }

    /// The input buffer, for the connection to read into.
    pub fn input(&mut self) -> &mut BytesMut {
        &mut self.buf
    }

    /// After STARTTLS: forget what was pipelined in plaintext (injection) and
    /// what was said before (RFC 3207 §4.2).
    pub fn start_tls(&mut self) {
        self.buf.clear();
        self.skipping_line = false;
        self.data_mid_line = false;
        self.session.reset_after_tls();
    }

    /// Processes buffered input; `None` when more bytes are needed.
    pub fn step(&mut self) -> Option<Output> {
        loop {
            let expect = self.session.expect();
            if let Expect::Chunk(n) = expect {
                if self.buf.is_empty() {
                    return None;
                }
                let take = n.min(self.buf.len() as u64) as usize;
                let chunk = self.buf.split_to(take);
                return Some(self.session.on_chunk(&chunk));
            }
            let Some(pos) = self.buf.iter().position(|&b| b == b'\n') else {
                if self.buf.len() > self.max_line && expect != Expect::Data {
                    self.buf.clear();
                    self.skipping_line = true;
                    self.session.rec().event("command line too long; discarded");
                } else if self.buf.len() > self.max_line {
                    // An endless DATA line: keep its bytes flowing into the
                    // message (size is enforced there), unstuffing once.
                    let chunk = self.buf.split_to(self.buf.len());
                    let piece = if !self.data_mid_line && chunk.starts_with(b".") {
                        &chunk[1..]
                    } else {
                        &chunk[..]
                    };
                    let out = self.session.on_data_line(Some(piece));
                    self.data_mid_line = true;
                    if !out.replies.is_empty() {
                        return Some(out);
                    }
                }
                return None;
            };
            let line = self.buf.split_to(pos + 1);
            if self.skipping_line {
                self.skipping_line = false;
                return Some(self.session.line_too_long());
            }
            let out = match expect {
                Expect::Command if line.len() > self.max_line => {
                    self.session.rec().event("command line too long");
                    self.session.line_too_long()
                }
                Expect::Command => match parse_command(&line) {
                    Ok(cmd) => {
                        self.session.rec().client(&cmd.transcript_line());
                        if let Some(o) = self.fault_for(cmd.verb()) {
                            return Some(o);
                        }
                        self.session.on_command(cmd)
                    }
                    Err(e) => {
                        self.session.rec().client_raw(&line);
                        self.session.on_parse_error(e)
                    }
                },
                Expect::AuthLine => self.session.on_auth_line(&line),
                Expect::Data if self.data_mid_line => {
                    self.data_mid_line = false;
                    self.session.on_data_line(Some(&line))
                }
                Expect::Data => {
                    let bare = line
                        .strip_suffix(b"\n")
                        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
                        .unwrap_or(&line);
                    if bare == b"." {
                        self.session.on_data_line(None)
                    } else {
                        // "If the first character is a period and there are
                        // other characters on the line, the first character
                        // is deleted."
                        let unstuffed = if line.starts_with(b".") {
                            &line[1..]
                        } else {
                            &line[..]
                        };
                        self.session.on_data_line(Some(unstuffed))
                    }
                }
                Expect::Chunk(_) => unreachable!("handled above"),
            };
            // DATA lines produce no reply until the end; keep going.
            if out.replies.is_empty() && out.action == Action::Continue {
                continue;
            }
            return Some(out);
        }
    }

    /// Runs the session over `input` in memory (tests, fuzzing); returns the
    /// reply bytes. Stops at the first Close; STARTTLS counts as done.
    pub fn run_in_memory(mut self, input: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let greeting = self.greeting();
        for r in &greeting.replies {
            r.encode(&mut out);
        }
        if greeting.action != Action::Continue {
            return out;
        }
        for piece in input.chunks(chunk.max(1)) {
            self.buf.extend_from_slice(piece);
            while let Some(o) = self.step() {
                for r in &o.replies {
                    r.encode(&mut out);
                }
                match o.action {
                    Action::Continue => {}
                    Action::StartTls => self.start_tls(),
                    Action::Close | Action::Stall => return out,
                }
            }
        }
        out
    }
}
