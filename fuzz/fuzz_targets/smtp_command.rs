//! The SMTP command parser never panics; accepted commands round-trip.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cmd) = gmail_wire::smtp::parse_command(data) {
        let again = gmail_wire::smtp::parse_command(&cmd.to_bytes()).expect("re-encoded command parses");
        assert_eq!(again, cmd);
    }
});
