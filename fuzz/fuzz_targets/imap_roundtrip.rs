//! decode → encode → decode: any response the parser accepts encodes to
//! bytes that parse to the same value (for the typed subset).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = gmail_wire::imap::parse_response(data) {
        if matches!(r, gmail_wire::imap::Response::Data(gmail_wire::imap::Data::Other(_))) {
            return;
        }
        let bytes = r.to_bytes();
        let again = gmail_wire::imap::parse_response(&bytes).expect("re-encoded response parses");
        assert_eq!(again, r);
    }
});
