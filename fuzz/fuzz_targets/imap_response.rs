//! The IMAP response parser (the doctor's) never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = gmail_wire::imap::parse_response(data) {
        let _ = r.to_bytes();
    }
});
