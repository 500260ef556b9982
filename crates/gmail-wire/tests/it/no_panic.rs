//! Robustness: the parsers, the IMAP framer and the SASL decoders read bytes
//! from untrusted peers (clients hitting the mock, servers answering the
//! doctor), so no input may panic them or overflow the stack.
//!
//! Uniformly random bytes rarely get past the first token, so a second
//! generator glues together grammar fragments (tags, command names,
//! literals, brackets, quotes, CRLF) to reach the deeper rules.

use gmail_wire::imap::{self, FrameEvent, FrameLimits, Framer};
use gmail_wire::sasl;
use gmail_wire::smtp;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

/// Pieces of IMAP and SMTP syntax, including broken and hostile ones
/// (huge literals, unbalanced brackets, deep nesting).
const FRAGMENTS: &[&str] = &[
    "a1 ",
    "* ",
    "+ ",
    " ",
    "\r\n",
    "\n",
    "\r",
    "\"",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "{",
    "}",
    "{5}\r\n",
    "{0}\r\n",
    "{3+}\r\n",
    "{99999999999999999999}\r\n",
    "{18446744073709551615}\r\n",
    "LOGIN ",
    "AUTHENTICATE ",
    "XOAUTH2 ",
    "SELECT ",
    "INBOX",
    "APPEND ",
    "UID ",
    "FETCH ",
    "SEARCH ",
    "STORE ",
    "+FLAGS.SILENT ",
    "X-GM-LABELS ",
    "X-GM-RAW ",
    "ID ",
    "NIL",
    "ENABLE ",
    "STATUS ",
    "LIST ",
    "BODY[",
    "BODY.PEEK[",
    "HEADER.FIELDS (",
    "1.2.",
    "MIME",
    "<0.100>",
    "1:*",
    ",",
    "*",
    "NOT ",
    "OR ",
    "CHARSET ",
    "01-Jan-2024",
    "\"05-Mar-2024 10:00:00 +0100\"",
    "\"31-Feb-2024 25:61:61 +9999\"",
    "\\Seen",
    "OK ",
    "NO ",
    "BYE ",
    "PREAUTH ",
    "[ALERT]",
    "[WEBALERT ",
    "[PERMANENTFLAGS (",
    "[CAPABILITY ",
    "[COPYUID 1 1:2 3:4]",
    "3 EXISTS",
    "1 FETCH (",
    "UID 4 ",
    "FLAGS (",
    "RFC822 ",
    "CAPABILITY ",
    "250-",
    "250 ",
    "535 5.7.8 ",
    "5.7.8",
    "EHLO ",
    "MAIL FROM:<",
    "RCPT TO:",
    "AUTH PLAIN ",
    "BDAT 99999999999999999999 ",
    "LAST",
    "=",
    "AGFAYgBj",
    "dXNlcj1h",
    "ü",
    "\u{0}",
    "\u{ff}",
    "4294967296",
    "0",
];

/// Mostly grammar fragments, some raw bytes.
fn grammar_soup() -> BoxedStrategy<Vec<u8>> {
    vec(
        prop_oneof![
            6 => select(FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
            1 => vec(any::<u8>(), 1..4),
        ],
        0..64,
    )
    .prop_map(|v| v.concat())
    .boxed()
}

/// Arbitrary bytes or grammar soup.
fn input() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![vec(any::<u8>(), 0..2048), grammar_soup()].boxed()
}

/// Runs every one-shot parser on `bytes`; only a panic fails.
fn parse_everything(bytes: &[u8]) {
    let _ = imap::parse_command(bytes);
    let _ = imap::parse_response(bytes);
    let _ = smtp::parse_command(bytes);
    if let Ok(Some((_, used))) = smtp::parse_reply(bytes) {
        assert!(
            used <= bytes.len(),
            "parse_reply used more than it was given"
        );
    }
    let text = String::from_utf8_lossy(bytes);
    let _ = sasl::decode_plain(&text);
    let _ = sasl::decode_xoauth2(&text);
    // Valid base64 reaches the payload parsers behind the decoding.
    let b64 = sasl::encode_base64(bytes);
    let _ = sasl::decode_plain(&b64);
    let _ = sasl::decode_xoauth2(&b64);
}

/// Feeds `bytes` to `framer` in chunks the way a connection does: append a
/// chunk, frame until more input is needed, drain each complete message
/// (parsing it) and discard what the limits reject. Checks that every
/// reported length lies within the buffer and that the framer never loops.
fn drive_framer(mut framer: Framer, bytes: &[u8], chunks: &[usize]) {
    let mut buf = Vec::new();
    let mut rest = bytes;
    let mut sizes = chunks.iter().cycle();
    while !rest.is_empty() {
        let n = (*sizes.next().unwrap_or(&1)).clamp(1, rest.len());
        buf.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        // Each event either consumes input or waits for more; a literal is
        // announced at most once per message, so a few steps per byte
        // bound the loop.
        for _ in 0..=2 * buf.len() + 2 {
            match framer.next(&buf) {
                FrameEvent::Incomplete => break,
                FrameEvent::LiteralAnnounced { .. } => {}
                FrameEvent::Complete { len } => {
                    assert!(
                        0 < len && len <= buf.len(),
                        "Complete {{ len: {len} }} of {}",
                        buf.len()
                    );
                    parse_everything(&buf[..len]);
                    buf.drain(..len);
                    framer.reset();
                }
                FrameEvent::LineTooLong => {
                    match Framer::discard_line(&buf) {
                        Some(n) => drop(buf.drain(..n)),
                        None => buf.clear(),
                    }
                    framer.reset();
                }
                FrameEvent::LiteralTooLarge { line_end, .. } => {
                    assert!(
                        line_end <= buf.len(),
                        "line_end {line_end} of {}",
                        buf.len()
                    );
                    buf.drain(..line_end);
                    framer.reset();
                }
            }
        }
    }
}

/// Small limits, so the "too long" / "too large" paths run too.
const SMALL: FrameLimits = FrameLimits {
    max_line: 64,
    max_literal: 32,
    max_message: 128,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No parser or SASL decoder panics, whatever the bytes.
    #[test]
    fn parsers_never_panic(bytes in input()) {
        parse_everything(&bytes);
    }

    /// Both framers survive arbitrary input in arbitrary chunks, with the
    /// default and with tiny limits.
    #[test]
    fn framers_never_panic(bytes in input(), chunks in vec(1usize..64, 1..8)) {
        drive_framer(Framer::for_commands(FrameLimits::default()), &bytes, &chunks);
        drive_framer(Framer::for_responses(FrameLimits::default()), &bytes, &chunks);
        drive_framer(Framer::for_commands(SMALL), &bytes, &chunks);
        drive_framer(Framer::for_responses(SMALL), &bytes, &chunks);
    }
}

/// A client may nest search keys as deep as a line allows (64 KiB of `(` or
/// `NOT `); the parser must refuse that with an error, not recurse until the
/// stack overflows and takes the whole server down.
#[test]
fn deeply_nested_search_is_an_error() {
    for (open, close) in [("(", ")"), ("NOT ", ""), ("OR ALL ", "")] {
        let depth = 60_000 / open.len();
        let mut line = b"a1 SEARCH ".to_vec();
        line.extend(open.repeat(depth).bytes());
        line.extend_from_slice(b"ALL");
        line.extend(close.repeat(depth).bytes());
        line.extend_from_slice(b"\r\n");
        assert!(
            imap::parse_command(&line).is_err(),
            "{open:?} nested {depth} deep"
        );
    }
}
