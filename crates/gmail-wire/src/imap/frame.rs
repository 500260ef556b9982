//! Framing: finding where one IMAP command (or response) ends in a byte
//! buffer, before any grammar is applied.
//!
//! An IMAP message is a line, except that a line ending in `{n}` (or the
//! non-synchronising `{n+}`) is followed by `n` raw bytes and then the rest
//! of the message. The framer finds that end without parsing the grammar, so
//! the nom parser always sees a complete message, and the connection knows
//! when to send `+ ` for a synchronising literal. Needing more bytes is
//! control flow ([`FrameEvent::Incomplete`]), never an error (mini-redis,
//! imap-next's fragmentizer).
//!
//! Limits live in [`FrameLimits`]: a line longer than the limit or a literal
//! larger than allowed is reported, so the caller can answer `BAD`/`NO` and
//! discard the input instead of buffering without bound.

/// Size caps applied while framing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameLimits {
    /// Longest line (without literals). 64 KiB is Dovecot's
    /// `imap_max_line_length`; Gmail's exact cap is not public but commands
    /// longer than that are not seen from real clients.
    pub max_line: usize,
    /// Largest literal. Gmail advertises `APPENDLIMIT=35651584`.
    pub max_literal: u64,
    /// Largest whole message (lines + literals).
    pub max_message: u64,
}

impl Default for FrameLimits {
    fn default() -> Self {
        FrameLimits {
            max_line: 64 * 1024,
            max_literal: 35_651_584,
            max_message: 35_651_584 + 64 * 1024,
        }
    }
}

/// What the framer found in the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameEvent {
    /// More bytes are needed.
    Incomplete,
    /// A synchronising literal was announced and its data is not here yet:
    /// the server must send a continuation (`+ …`) before the client sends
    /// it. Reported once per literal.
    LiteralAnnounced {
        /// Announced size.
        length: u64,
    },
    /// A complete message occupies `buf[..len]` (including its final CRLF).
    Complete {
        /// Bytes to take from the front of the buffer.
        len: usize,
    },
    /// The current line exceeds [`FrameLimits::max_line`]. The caller
    /// should discard up to and including the next line end (see
    /// [`Framer::discard_line`]).
    LineTooLong,
    /// A literal larger than [`FrameLimits::max_literal`] was announced; the
    /// message can never complete. `line_end` is where the announcing line
    /// ends (the caller rejects the command and discards that far).
    LiteralTooLarge {
        /// Announced size.
        length: u64,
        /// Offset just past the announcing line's CRLF.
        line_end: usize,
    },
}

/// Incremental framer state for one connection direction.
#[derive(Debug, Clone, Default)]
pub struct Framer {
    limits: FrameLimits,
    /// How far into the buffer the current message has been framed.
    scanned: usize,
    /// Start offset of the literal whose continuation was already requested.
    acked: Option<usize>,
    /// Responses never wait for a continuation; commands may.
    responses: bool,
}

impl Framer {
    /// A framer for client commands (synchronising literals need a `+`).
    pub fn for_commands(limits: FrameLimits) -> Self {
        Framer {
            limits,
            ..Framer::default()
        }
    }

    /// A framer for server responses (literals are sent without asking).
    pub fn for_responses(limits: FrameLimits) -> Self {
        Framer {
            limits,
            responses: true,
            ..Framer::default()
        }
    }

    /// Resets the state after the caller consumed or discarded a message.
    pub fn reset(&mut self) {
        self.scanned = 0;
        self.acked = None;
    }

    /// Looks for the end of the message that starts at `buf[0]`.
    ///
    /// After [`FrameEvent::Complete`] the caller must drain `len` bytes and
    /// call [`Framer::reset`] before framing the next message.
    pub fn next(&mut self, buf: &[u8]) -> FrameEvent {
        loop {
            let start = self.scanned;
            let Some(rel) = memchr_lf(&buf[start..]) else {
                if buf.len() - start > self.limits.max_line {
                    return FrameEvent::LineTooLong;
                }
                return FrameEvent::Incomplete;
            };
            let lf = start + rel;
            if lf - start > self.limits.max_line {
                return FrameEvent::LineTooLong;
            }
            let line = &buf[start..lf];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            match trailing_literal(line) {
                None => {
                    return FrameEvent::Complete { len: lf + 1 };
                }
                Some((length, non_sync)) => {
                    let data_start = lf + 1;
                    if length > self.limits.max_literal
                        || data_start as u64 + length > self.limits.max_message
                    {
                        return FrameEvent::LiteralTooLarge {
                            length,
                            line_end: data_start,
                        };
                    }
                    let data_end = data_start + length as usize;
                    // A client waits for `+` even before sending zero bytes
                    // (`APPEND INBOX {0}`): with nothing yet after the
                    // announcing line, it is waiting, although the (empty)
                    // data is technically "here".
                    let waiting = buf.len() < data_end || (length == 0 && buf.len() == data_start);
                    if waiting {
                        if !self.responses && !non_sync && self.acked != Some(data_start) {
                            self.acked = Some(data_start);
                            return FrameEvent::LiteralAnnounced { length };
                        }
                        if buf.len() < data_end {
                            return FrameEvent::Incomplete;
                        }
                    }
                    self.scanned = data_end;
                }
            }
        }
    }

    /// Finds the end of the current (over-long) line so the caller can drop
    /// it; returns the number of bytes to discard, or `None` if no line end
    /// is in the buffer yet (discard everything and call again later).
    pub fn discard_line(buf: &[u8]) -> Option<usize> {
        memchr_lf(buf).map(|i| i + 1)
    }
}

fn memchr_lf(buf: &[u8]) -> Option<usize> {
    buf.iter().position(|&b| b == b'\n')
}

/// Recognises `{123}` or `{123+}` at the end of a line.
pub(crate) fn trailing_literal(line: &[u8]) -> Option<(u64, bool)> {
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let mut digits = &inner[open + 1..];
    // `{n+}` is both LITERAL+ and LITERAL- (RFC 7888) syntax.
    let non_sync = match digits.strip_suffix(b"+") {
        Some(d) => {
            digits = d;
            true
        }
        None => false,
    };
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some((n, non_sync))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_line() {
        let mut f = Framer::for_commands(FrameLimits::default());
        assert_eq!(f.next(b"a1 NOOP"), FrameEvent::Incomplete);
        assert_eq!(f.next(b"a1 NOOP\r\n"), FrameEvent::Complete { len: 9 });
    }

    #[test]
    fn sync_literal_is_announced_once() {
        let mut f = Framer::for_commands(FrameLimits::default());
        let mut buf = b"a LOGIN {3}\r\n".to_vec();
        assert_eq!(f.next(&buf), FrameEvent::LiteralAnnounced { length: 3 });
        assert_eq!(f.next(&buf), FrameEvent::Incomplete);
        buf.extend_from_slice(b"bob {2+}\r\npw");
        assert_eq!(f.next(&buf), FrameEvent::Incomplete);
        buf.extend_from_slice(b"\r\n");
        assert_eq!(f.next(&buf), FrameEvent::Complete { len: buf.len() });
    }

    /// A client sends `{0}` and waits for `+` like for any synchronising
    /// literal; the framer used to see the (empty) data as present and wait
    /// for the rest of the line, so both sides waited for ever.
    #[test]
    fn empty_sync_literal_is_announced() {
        let mut f = Framer::for_commands(FrameLimits::default());
        let mut buf = b"a APPEND INBOX {0}\r\n".to_vec();
        assert_eq!(f.next(&buf), FrameEvent::LiteralAnnounced { length: 0 });
        assert_eq!(f.next(&buf), FrameEvent::Incomplete);
        buf.extend_from_slice(b"\r\n");
        assert_eq!(f.next(&buf), FrameEvent::Complete { len: buf.len() });
        // A client that did not wait (or LITERAL+) needs no continuation.
        let mut f = Framer::for_commands(FrameLimits::default());
        let buf = b"a APPEND INBOX {0}\r\n\r\n";
        assert_eq!(f.next(buf), FrameEvent::Complete { len: buf.len() });
        let mut f = Framer::for_commands(FrameLimits::default());
        assert_eq!(f.next(b"a APPEND INBOX {0+}\r\n"), FrameEvent::Incomplete);
        let mut f = Framer::for_responses(FrameLimits::default());
        assert_eq!(f.next(b"* 1 FETCH (BODY[] {0}\r\n"), FrameEvent::Incomplete);
    }

    #[test]
    fn responses_never_ask() {
        let mut f = Framer::for_responses(FrameLimits::default());
        let buf = b"* 1 FETCH (BODY[] {5}\r\nhel";
        assert_eq!(f.next(buf), FrameEvent::Incomplete);
        let buf = b"* 1 FETCH (BODY[] {5}\r\nhello)\r\n";
        assert_eq!(f.next(buf), FrameEvent::Complete { len: buf.len() });
    }

    #[test]
    fn limits() {
        let limits = FrameLimits {
            max_line: 10,
            max_literal: 5,
            max_message: 100,
        };
        let mut f = Framer::for_commands(limits);
        assert_eq!(f.next(b"a1 NOOP NOOP NOOP"), FrameEvent::LineTooLong);
        let mut f = Framer::for_commands(limits);
        assert_eq!(
            f.next(b"a {6}\r\n"),
            FrameEvent::LiteralTooLarge {
                length: 6,
                line_end: 7
            }
        );
    }

    #[test]
    fn braces_that_are_not_literals() {
        assert_eq!(trailing_literal(b"a LOGIN {x}"), None);
        assert_eq!(trailing_literal(b"a LOGIN {}"), None);
        assert_eq!(trailing_literal(b"a {12+}"), Some((12, true)));
    }
}
