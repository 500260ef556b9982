//! The SMTP reply parser (the doctor's) never panics and never claims more
//! bytes than it was given.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some((reply, used))) = gmail_wire::smtp::parse_reply(data) {
        assert!(used <= data.len());
        let _ = reply.to_bytes();
    }
});
