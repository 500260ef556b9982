//! A whole IMAP session fed arbitrary bytes (in memory, same code path as a
//! socket): never panics, and every byte the server sends is a valid
//! response.
#![no_main]
use std::sync::OnceLock;

use gmail_wire::imap::{parse_response, FrameEvent, FrameLimits, Framer};
use libfuzzer_sys::fuzz_target;
use mock_gmail::fuzzing::SessionHarness;

fn harness() -> &'static SessionHarness {
    static H: OnceLock<SessionHarness> = OnceLock::new();
    H.get_or_init(|| SessionHarness::new(mock_gmail::MockGmail::builder().mode("healthy")).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let (chunk, input) = match data.split_first() {
        Some((c, rest)) => (usize::from(*c % 32) + 1, rest),
        None => (1, data),
    };
    let out = harness().imap(input, chunk, true);
    let mut f = Framer::for_responses(FrameLimits::default());
    let mut rest = &out[..];
    while !rest.is_empty() {
        match f.next(rest) {
            FrameEvent::Complete { len } => {
                parse_response(&rest[..len]).expect("server response parses");
                rest = &rest[len..];
                f.reset();
            }
            other => panic!("server output does not frame: {other:?}"),
        }
    }
});
