//! Sans-I/O IMAP driver: bytes in, typed responses out. It owns the input
//! buffer, the framer and the session, so the connection loop only moves
//! bytes and waits — and tests and fuzz targets can drive a whole session
//! with no socket at all.

use bytes::BytesMut;
use gmail_wire::imap::{parse_command, FrameEvent, Framer, Tag};

use super::session::{NextInput, Output, Session};
use crate::model::faults::{FaultStage, ListenerFaults};
use crate::responses::imap as text;
use crate::sans_io::fault_gate::FaultGate;
use crate::sans_io::in_memory::SansIo;

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
    faults: FaultGate,
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
            faults: FaultGate::new(faults),
        }
    }

    /// What to send first, and what to do then (faults may close or stall).
    pub fn greeting(&self) -> Output {
        let s = &self.session;
        self.faults
            .greeting(&s.rec, text::unavailable, || s.greeting())
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
        match self.session.next_input() {
            NextInput::Command => match self.framer.next(&self.buf) {
                FrameEvent::Incomplete => None,
                FrameEvent::LiteralAnnounced { .. } => Some(Output::one(text::literal_continue())),
                FrameEvent::Complete { len } => {
                    let frame = self.buf.split_to(len);
                    self.framer.reset();
                    Some(match parse_command(&frame) {
                        Ok(cmd) => {
                            rec.client(&cmd.transcript_line());
                            let stage = || FaultStage::of_imap(cmd.body.name());
                            if let Some(o) = self.faults.at_command(&rec, stage) {
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
                    // A non-synchronising literal's data follows anyway, and
                    // then the rest of the command line: drop both.
                    if line.ends_with(b"+}\r\n") || line.ends_with(b"+}\n") {
                        self.discard = length;
                        self.skipping_line = true;
                    }
                    Some(Output::one(text::literal_too_large(&Tag(tag))))
                }
            },
            NextInput::Line => {
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
    /// returns every response byte the server would send.
    pub fn run_in_memory(self, input: &[u8], chunk: usize) -> Vec<u8> {
        crate::sans_io::in_memory::run(self, input, chunk)
    }
}

impl SansIo for Driver {
    type Response = gmail_wire::imap::Response;

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

/// The tag at the start of a (too long to parse) line, if it looks like one.
fn leading_tag(buf: &[u8]) -> Option<Tag> {
    let end = buf.iter().take(64).position(|&b| b == b' ')?;
    let t = &buf[..end];
    let valid = !t.is_empty()
        && t.iter()
            .all(|&b| b.is_ascii_graphic() && !b"(){%*\"+]".contains(&b));
    valid.then(|| Tag(String::from_utf8_lossy(t).into_owned()))
}
