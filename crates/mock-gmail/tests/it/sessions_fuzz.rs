//! Whole IMAP and SMTP sessions fed arbitrary bytes, in memory (the same
//! framing → parsing → session path as a socket): nothing panics, output is
//! bounded, and everything the server says is well-formed protocol — every
//! IMAP response frames and parses, every SMTP reply parses.

use std::sync::OnceLock;

use gmail_wire::imap::{parse_response, FrameEvent, FrameLimits, Framer};
use mock_gmail::fuzzing::SessionHarness;
use mock_gmail::MockGmail;
use proptest::prelude::*;

fn harness() -> &'static SessionHarness {
    static H: OnceLock<SessionHarness> = OnceLock::new();
    H.get_or_init(|| SessionHarness::new(MockGmail::builder().mode("healthy")).unwrap())
}

/// Every byte the IMAP server sent is a sequence of valid responses.
fn assert_imap_wellformed(out: &[u8]) {
    let mut f = Framer::for_responses(FrameLimits::default());
    let mut rest = out;
    while !rest.is_empty() {
        match f.next(rest) {
            FrameEvent::Complete { len } => {
                let frame = &rest[..len];
                parse_response(frame)
                    .unwrap_or_else(|e| panic!("server sent an unparseable response: {e}"));
                rest = &rest[len..];
                f.reset();
            }
            other => panic!(
                "server output does not frame ({other:?}): {:?}",
                String::from_utf8_lossy(&rest[..rest.len().min(200)])
            ),
        }
    }
}

/// Every byte the SMTP server sent is a sequence of valid replies.
fn assert_smtp_wellformed(out: &[u8]) {
    let mut rest = out;
    while !rest.is_empty() {
        match gmail_wire::smtp::parse_reply(rest) {
            Ok(Some((_, used))) => rest = &rest[used..],
            other => panic!(
                "server sent an invalid reply ({other:?}): {:?}",
                String::from_utf8_lossy(&rest[..rest.len().min(200)])
            ),
        }
    }
}

const IMAP_WORDS: &[&str] = &[
    "a1 ",
    "a2 ",
    "* ",
    "LOGIN ",
    "anna.nowak@firma.example ",
    "Wiosna-2020",
    "AUTHENTICATE PLAIN ",
    "AUTHENTICATE XOAUTH2 ",
    "SELECT INBOX",
    "EXAMINE \"[Gmail]/All Mail\"",
    "FETCH 1:* (FLAGS BODY[] ENVELOPE BODYSTRUCTURE)",
    "UID FETCH 1:* BODY.PEEK[1.2.MIME]<0.10>",
    "SEARCH ",
    "X-GM-RAW \"is:unread\"",
    "OR ",
    "NOT ",
    "(",
    ")",
    "{5}\r\n",
    "{3+}\r\n",
    "\"",
    "\\",
    "IDLE",
    "DONE",
    "STORE 1 +FLAGS (\\Seen)",
    "COPY 1 foo",
    "MOVE 1 bar",
    "APPEND INBOX {10}\r\n",
    "EXPUNGE",
    "CREATE x/y",
    "RENAME x z",
    "LIST \"\" *",
    "STATUS INBOX (MESSAGES UIDNEXT)",
    "STARTTLS",
    "LOGOUT",
    "NOOP",
    "=",
    "AGFubmEubm93YWtAZmlybWEuZXhhbXBsZQBXaW9zbmEtMjAyMA==",
    "\r\n",
    "\n",
    "\u{0}",
    "ż",
];

const SMTP_WORDS: &[&str] = &[
    "EHLO x",
    "HELO",
    "STARTTLS",
    "AUTH PLAIN ",
    "AUTH LOGIN",
    "AUTH XOAUTH2 ",
    "AGFubmEubm93YWtAZmlybWEuZXhhbXBsZQBXaW9zbmEtMjAyMA==",
    "MAIL FROM:<anna.nowak@firma.example>",
    " SIZE=99999999999",
    " BODY=8BITMIME",
    "RCPT TO:<jan.kowalski@gmail.com>",
    "DATA",
    ".",
    "..x",
    "BDAT 5",
    " LAST",
    "RSET",
    "NOOP",
    "VRFY x",
    "QUIT",
    "*",
    "\r\n",
    "\n",
    "\u{0}",
];

fn biased(words: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop_oneof![3 => prop::sample::select(words).prop_map(|w| w.as_bytes().to_vec()), 1 => prop::collection::vec(any::<u8>(), 0..12)], 0..40)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn imap_sessions_survive_arbitrary_bytes(input in prop_oneof![prop::collection::vec(any::<u8>(), 0..1024), biased(IMAP_WORDS)], chunk in 1usize..64, tls in any::<bool>()) {
        let out = harness().imap(&input, chunk, tls);
        prop_assert!(out.len() < 4 * 1024 * 1024, "unbounded output");
        assert_imap_wellformed(&out);
    }

    #[test]
    fn smtp_sessions_survive_arbitrary_bytes(input in prop_oneof![prop::collection::vec(any::<u8>(), 0..1024), biased(SMTP_WORDS)], chunk in 1usize..64, tls in any::<bool>()) {
        let out = harness().smtp(&input, chunk, tls);
        prop_assert!(out.len() < 1024 * 1024, "unbounded output");
        assert_smtp_wellformed(&out);
    }
}

#[test]
fn a_logged_in_session_in_memory() {
    let out = harness().imap(
        b"a1 LOGIN anna.nowak@firma.example Wiosna-2020\r\na2 SELECT INBOX\r\na3 LOGOUT\r\n",
        5,
        true,
    );
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("a1 OK anna.nowak@firma.example authenticated (Success)"),
        "{text}"
    );
    assert!(
        text.contains("a2 OK [READ-WRITE] INBOX selected. (Success)"),
        "{text}"
    );
    assert!(text.contains("a3 OK 73 good day (Success)"), "{text}");
    assert_imap_wellformed(&out);
}
