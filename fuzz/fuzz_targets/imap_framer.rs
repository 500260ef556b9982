//! The framer, fed arbitrary chunks, never panics, never reports a length
//! outside the buffer, and always makes progress or asks for more.
#![no_main]
use gmail_wire::imap::{FrameEvent, FrameLimits, Framer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = FrameLimits { max_line: 256, max_literal: 1024, max_message: 4096 };
    for responses in [false, true] {
        let mut f = if responses { Framer::for_responses(limits) } else { Framer::for_commands(limits) };
        let mut buf: Vec<u8> = Vec::new();
        for chunk in data.chunks(7) {
            buf.extend_from_slice(chunk);
            for _ in 0..1000 {
                match f.next(&buf) {
                    FrameEvent::Complete { len } => {
                        assert!(len <= buf.len());
                        buf.drain(..len);
                        f.reset();
                    }
                    FrameEvent::LineTooLong => {
                        let n = Framer::discard_line(&buf).unwrap_or(buf.len());
                        buf.drain(..n);
                        f.reset();
                    }
                    FrameEvent::LiteralTooLarge { line_end, .. } => {
                        assert!(line_end <= buf.len());
                        buf.drain(..line_end);
                        f.reset();
                    }
                    FrameEvent::Incomplete | FrameEvent::LiteralAnnounced { .. } => break,
                }
            }
        }
    }
});
