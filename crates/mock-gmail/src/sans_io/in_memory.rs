//! A whole session driven with no socket (tests, fuzz targets): the same
//! framing, parsing and session code as a connection's, fed from a byte
//! slice in pieces of a chosen size.

use bytes::BytesMut;

use super::{Action, Output};

/// A protocol's sans-I/O driver, as the in-memory loop sees it.
pub(crate) trait SansIo {
    /// IMAP `Response` or SMTP `Reply`.
    type Response;

    /// What to send first (faults may close or stall).
    fn greeting(&self) -> Output<Self::Response>;
    /// The input buffer to append client bytes to.
    fn input(&mut self) -> &mut BytesMut;
    /// Processes buffered input; `None` when more bytes are needed.
    fn step(&mut self) -> Option<Output<Self::Response>>;
    /// The TLS handshake succeeded (in memory it always does).
    fn start_tls(&mut self);
    /// The response's wire bytes.
    fn encode(r: &Self::Response, out: &mut Vec<u8>);
}

/// Feeds `input` to `driver` in `chunk`-byte pieces and returns every byte
/// the server would send. Stops at the first Close or Stall; STARTTLS
/// counts as done.
pub(crate) fn run<D: SansIo>(mut driver: D, input: &[u8], chunk: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let greeting = driver.greeting();
    for r in &greeting.responses {
        D::encode(r, &mut out);
    }
    if greeting.action != Action::Continue {
        return out;
    }
    for piece in input.chunks(chunk.max(1)) {
        driver.input().extend_from_slice(piece);
        while let Some(o) = driver.step() {
            for r in &o.responses {
                D::encode(r, &mut out);
            }
            match o.action {
                Action::Continue => {}
                Action::StartTls => driver.start_tls(),
                Action::Close | Action::Stall => return out,
            }
        }
    }
    out
}
