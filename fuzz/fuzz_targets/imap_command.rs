//! The IMAP command parser never panics, and what it accepts re-encodes to
//! something it parses to the same command.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cmd) = gmail_wire::imap::parse_command(data) {
        let again = gmail_wire::imap::parse_command(&cmd.to_bytes()).expect("re-encoded command parses");
        assert_eq!(format!("{again:?}"), format!("{cmd:?}"));
        let _ = cmd.transcript_line();
    }
});
