//! Sans-I/O SMTP driver: bytes in, typed replies out — command lines, SASL
//! lines, DATA (dot-unstuffed, RFC 5321 §4.5.2) and BDAT chunks (RFC 3030).
//! The connection loop only moves bytes; tests and fuzz targets drive whole
//! sessions in memory.

use bytes::BytesMut;
use gmail_wire::smtp::parse_command;

use super::session::{Action, NextInput, Output, Session};
use crate::model::faults::{FaultStage, ListenerFaults};
use crate::responses::smtp as text;
use crate::sans_io::fault_gate::FaultGate;
use crate::sans_io::in_memory::SansIo;

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
    faults: FaultGate,
}

impl Driver {
    pub fn new(session: Session, max_line: usize, faults: ListenerFaults) -> Self {
        Driver {
            session,
            buf: BytesMut::with_capacity(512),
            max_line,
            skipping_line: false,
            data_mid_line: false,
            faults: FaultGate::new(faults),
        }
    }

    /// What to send first, and what to do then (faults may close or stall).
    pub fn greeting(&self) -> Output {
        let s = &self.session;
        self.faults.greeting(
            s.rec(),
            || text::unavailable(&s.reply_id()),
            || vec![s.greeting()],
        )
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
        self.session.after_tls();
    }

    /// Processes buffered input; `None` when more bytes are needed.
    pub fn step(&mut self) -> Option<Output> {
        loop {
            let next = self.session.next_input();
            if let NextInput::Chunk(n) = next {
                if self.buf.is_empty() {
                    return None;
                }
                let take = n.min(self.buf.len() as u64) as usize;
                let chunk = self.buf.split_to(take);
                return Some(self.session.on_chunk(&chunk));
            }
            let Some(pos) = self.buf.iter().position(|&b| b == b'\n') else {
                if self.buf.len() > self.max_line && next != NextInput::DataLine {
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
                    if !out.responses.is_empty() {
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
            let out = match next {
                NextInput::Command if line.len() > self.max_line => {
                    self.session.rec().event("command line too long");
                    self.session.line_too_long()
                }
                NextInput::Command => match parse_command(&line) {
                    Ok(cmd) => {
                        let rec = self.session.rec();
                        rec.client(&cmd.transcript_line());
                        let stage = || FaultStage::of_smtp(cmd.verb());
                        if let Some(o) = self.faults.at_command(rec, stage) {
                            return Some(o);
                        }
                        self.session.on_command(cmd)
                    }
                    Err(e) => {
                        self.session.rec().client_raw(&line);
                        self.session.on_parse_error(e)
                    }
                },
                NextInput::SaslLine => self.session.on_sasl_line(&line),
                NextInput::DataLine if self.data_mid_line => {
                    self.data_mid_line = false;
                    self.session.on_data_line(Some(&line))
                }
                NextInput::DataLine => {
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
                // Read above, before looking for a line end.
                NextInput::Chunk(_) => Output::none(),
            };
            // DATA lines produce no reply until the end; keep going.
            if out.responses.is_empty() && out.action == Action::Continue {
                continue;
            }
            return Some(out);
        }
    }

    /// Runs the session over `input` in memory (tests, fuzzing); returns the
    /// reply bytes.
    pub fn run_in_memory(self, input: &[u8], chunk: usize) -> Vec<u8> {
        crate::sans_io::in_memory::run(self, input, chunk)
    }
}

impl SansIo for Driver {
    type Response = gmail_wire::smtp::Reply;

    fn greeting(&self) -> Output {
        Driver::greeting(self)
    }

    fn input(&mut self) -> &mut BytesMut {
        &mut self.buf
    }

    fn step(&mut self) -> Option<Output> {
        Driver::step(self)
    }

    fn start_tls(&mut self) {
        Driver::start_tls(self)
    }

    fn encode(r: &Self::Response, out: &mut Vec<u8>) {
        r.encode(out)
    }
}
