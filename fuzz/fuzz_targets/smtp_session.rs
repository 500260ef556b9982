//! A whole SMTP session fed arbitrary bytes: never panics, and every byte
//! the server sends is a valid reply.
#![no_main]
use std::sync::OnceLock;

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
    let out = harness().smtp(input, chunk, true);
    let mut rest = &out[..];
    while !rest.is_empty() {
        match gmail_wire::smtp::parse_reply(rest) {
            Ok(Some((_, used))) => rest = &rest[used..],
            other => panic!("server sent an invalid reply: {other:?}"),
        }
    }
});
