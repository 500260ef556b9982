//! Sans-I/O IMAP driver: bytes in, typed responses out. It owns the input
//! buffer, the framer and the session, so the connection loop only moves
//! bytes and waits — and tests and fuzz targets can drive a whole session
//! with no socket at all.

use bytes::BytesMut;
use gmail_wire::imap::{parse_command, FrameEvent, Framer, Tag};

use super::session::{Action, Expect, Output, Session};
use crate::model::faults::{FaultStage, ListenerFaults};
use crate::responses::imap as text;

/// One connection's protocol state.
#[derive(Debug)]
pub(crate) struct Driver {
    pub session: Session,
    buf: BytesMut,
    framer: Framer,
    max_line: usize,
    /// Bytes of an oversized non-synchronising literal still to drop.
    discard: u64,
    /// The rest of an over-long line is still arriving: drop it up to its
    /// line end, so its tail is never taken for a new command.
    skipping_line: bool,
    /// Injected misbehaviour for this connection.
    faults: ListenerFaults,
}

impl Driver {
    pub fn new(session: Session, faults: ListenerFaults) -> Self {
        let limits = session.shared.options.imap_limits;
        Driver {
            session,
            buf: BytesMut::with_capacity(512),
            framer: Framer::for_commands(limits),
            max_line: limits.max_line,
            discard: 0,
            skipping_line: false,
            faults,
        }
    }

    /// What to send first, and what to do then (faults may close or stall).
    pub fn greeting(&self) -> Output {
        let f = &self.faults;
        let rec = &self.session.rec;
        if f.close_at == Some(FaultStage::Greeting) {
            rec.event("fault: closed before the greeting");
            return Output::close(Vec::new());
        }
        if f.stall_at == Some(FaultStage::Greeting) {
            rec.event("fault: stalled before the greeting");
            return Output {
                responses: Vec::new(),
                action: Action::Stall,
            };
        }
        if f.unavailable {
            rec.event("fault: service unavailable");
            return Output::close(vec![text::unavailable()]);
        }
        let greeting = self.session.greeting();
        if f.close_after_greeting {
            rec.event("fault: closed after the greeting");
            return Output::close(greeting);
        }
        Output::many(greeting)
    }

    /// The fault (if any) that strikes when a command `name` arrives.
    fn fault_for(&self, name: &str) -> Option<Output> {
        if self.faults.is_clear() {
            return None;
        }
        let stage = FaultStage::of_imap(name);
        if self.faults.close_at == Some(stage) {
            self.session
                .rec
                .event(&format!("fault: closed at {stage:?}"));
            return Some(Output::close(Vec::new()));
        }
        if self.faults.stall_at == Some(stage) {
            self.session
                .rec
                .event(&format!("fault: stalled at {stage:?}"));
            return Some(Output {
                responses: Vec::new(),
                action: Action::Stall,
            });
        }
        None
    }

    /// The session and the input buffer at once, so the connection can wait
    /// on the session's update signal while reading into the buffer.
    pub fn parts(&mut self) -> (&mut Session, &mut BytesMut) {
        (&mut self.session, &mut self.buf)
    }

    /// After STARTTLS: anything pipelined behind the command arrived in
    /// plaintext and must not be executed as if it were protected
    /// (the CVE-2011-0411 class of bugs).
    pub fn start_tls(&mut self) {
        self.buf.clear();
        self.framer.reset();
        self.session.tls = true;
    }

    /// Processes buffered input. Returns the next output, or `None` when more
    /// bytes are needed. Call until `None` or until the action is not
    /// `Continue`.
    pub fn step(&mut self) -> Option<Output> {
        if self.discard > 0 {
            let n = self.discard.min(self.buf.len() as u64) as usize;
            let _ = self.buf.split_to(n);
            self.discard -= n as u64;
            if self.discard > 0 {
                return None;
            }
        }
        if self.skipping_line {
            match Framer::discard_line(&self.buf) {
                Some(n) => {
                    let _ = self.buf.split_to(n);
                    self.skipping_line = false;
                }
                None => {
                    self.buf.clear();
                    return None;
                }
            }
        }
        let rec = self.session.rec.clone();
        match self.session.expect() {
            Expect::Command => match self.framer.next(&self.buf) {
                FrameEvent::Incomplete => None,
                FrameEvent::LiteralAnnounced { .. } => Some(Output::one(text::literal_continue())),
                FrameEvent::Complete { len } => {
                    let frame = self.buf.split_to(len);
                    self.framer.reset();
                    Some(match parse_command(&frame) {
                        Ok(cmd) => {
                            rec.client(&cmd.transcript_line());
                            if let Some(o) = self.fault_for(cmd.body.name()) {
                                return Some(o);
                            }
                            self.session.on_command(cmd)
                        }
                        Err(e) => {
                            rec.client_raw(&frame);
                            self.session.on_parse_error(e)
                        }
                    })
                }
                FrameEvent::LineTooLong => {
                    // Answer with the tag if one is readable, drop the line
                    // (now, or as its bytes keep arriving), keep the session.
                    let tag = leading_tag(&self.buf);
                    match Framer::discard_line(&self.buf) {
                        Some(n) => {
                            let _ = self.buf.split_to(n);
                        }
                        None => {
                            self.buf.clear();
                            self.skipping_line = true;
                        }
                    }
                    self.framer.reset();
                    rec.event("command line too long; discarded");
                    Some(Output::one(text::line_too_long(tag.as_ref())))
                }
                FrameEvent::LiteralTooLarge { length, line_end } => {
                    let line = self.buf.split_to(line_end);
                    self.framer.reset();
                    rec.client_raw(&line);
                    let tag = line
                        .iter()
                        .position(|&b| b == b' ')
                        .map(|p| String::from_utf8_lossy(&line[..p]).into_owned())
                        .unwrap_or_else(|| "*".to_owned());
                    // A non-synchronising literal's data follows anyway.
                    // A non-synchronising literal's data follows anyway, and
                    // then the rest of the command line: drop both.
                    if line.ends_with(b"+}\r\n") || line.ends_with(b"+}\n") {
                        self.discard = length;
                        self.skipping_line = true;
                    }
                    Some(Output::one(text::literal_too_large(&Tag(tag))))
                }
            },
            Expect::Line => {
                let Some(pos) = self.buf.iter().position(|&b| b == b'\n') else {
                    if self.buf.len() > self.max_line {
                        self.buf.clear();
                    }
                    return None;
                };
                let line = self.buf.split_to(pos + 1);
                Some(self.session.on_line(&line))
            }
        }
    }

    /// Runs the session over `input` entirely in memory (tests, fuzzing):
    /// returns every response byte the server would send. Stops at the
    /// first Close; STARTTLS is treated as completed.
    pub fn run_in_memory(mut self, input: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let greeting = self.greeting();
        for r in &greeting.responses {
            r.encode(&mut out);
        }
        if greeting.action != Action::Continue {
            return out;
        }
        for piece in input.chunks(chunk.max(1)) {
            self.buf.extend_from_slice(piece);
            while let Some(o) = self.step() {
                for r in &o.responses {
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

/// The tag at the start of a (too long to parse) line, if it looks like one.
fn leading_tag(buf: &[u8]) -> Option<Tag> {
    let end = buf.iter().take(64).position(|&b| b == b' ')?;
    let t = &buf[..end];
    let valid = !t.is_empty()
        && t.iter()
            .all(|&b| b.is_ascii_graphic() && !b"(){%*\"+]".contains(&b));
    valid.then(|| Tag(String::from_utf8_lossy(t).into_owned()))
}
