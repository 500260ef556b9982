//! Decoding: transfer encodings (quoted-printable, base64), charsets to
//! UTF-8 (via `encoding_rs`, the WHATWG labels mail clients use), RFC 2047
//! encoded words; and the one encoder the structure needs (a UTF-8 value
//! as an RFC 2047 word).

use base64::Engine as _;

/// The value of a hex digit.
pub(crate) fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `bytes` in charset `label` as UTF-8, best effort: an empty or unknown
/// label is read as UTF-8, invalid sequences become U+FFFD.
pub(crate) fn charset_to_utf8(label: &str, bytes: &[u8]) -> String {
    let label = label.trim();
    let enc = if label.is_empty() || label.eq_ignore_ascii_case("us-ascii") {
        encoding_rs::UTF_8
    } else {
        encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8)
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Undoes a Content-Transfer-Encoding (lower-case name); other encodings
/// (7bit, 8bit, binary, unknown) pass through.
pub(crate) fn transfer_decode(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    match encoding {
        Some("base64") => base64_lenient(body),
        Some("quoted-printable") => quoted_printable(body, false),
        _ => body.to_vec(),
    }
}

/// Base64 ignoring line breaks and any byte outside the alphabet, and
/// tolerating missing padding (RFC 2045 §6.8: decoders ignore them).
pub(crate) fn base64_lenient(body: &[u8]) -> Vec<u8> {
    let clean: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        .collect();
    // A trailing single sextet cannot encode a byte; drop it.
    let usable = clean.len() - usize::from(clean.len() % 4 == 1);
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(&clean[..usable])
        .unwrap_or_default()
}

/// Quoted-printable (RFC 2045 §6.7); `q_word` selects RFC 2047's "Q"
/// variant (`_` is a space, no soft line breaks). Malformed escapes are
/// kept literally.
pub(crate) fn quoted_printable(body: &[u8], q_word: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b == b'_' && q_word {
            out.push(b' ');
        } else if b == b'=' {
            let rest = &body[i + 1..];
            if let [h, l, ..] = rest {
                if let (Some(h), Some(l)) = (hex(*h), hex(*l)) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
            // Soft line break: `=` [whitespace] CRLF / LF.
            let ws = rest
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            match &rest[ws..] {
                [b'\r', b'\n', ..] => i += 1 + ws + 2,
                [b'\n', ..] => i += 1 + ws + 1,
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
            continue;
        } else {
            out.push(b);
        }
        i += 1;
    }
    out
}

/// Decodes RFC 2047 encoded words in a header value (unfolded); the
/// whitespace between two adjacent encoded words is dropped (§6.2).
pub(crate) fn decode_words(v: &[u8]) -> String {
    let mut out = String::new();
    let mut pending_ws = String::new();
    let mut last_was_word = false;
    let mut i = 0;
    while i < v.len() {
        if v[i].is_ascii_whitespace() {
            let s = i;
            while i < v.len() && v[i].is_ascii_whitespace() {
                i += 1;
            }
            pending_ws = String::from_utf8_lossy(&v[s..i]).into_owned();
            continue;
        }
        if let Some((text, used)) = encoded_word(&v[i..]) {
            if !last_was_word {
                out.push_str(&pending_ws);
            }
            out.push_str(&text);
            pending_ws.clear();
            last_was_word = true;
            i += used;
            continue;
        }
        let s = i;
        while i < v.len() && !v[i].is_ascii_whitespace() {
            i += 1;
        }
        out.push_str(&pending_ws);
        pending_ws.clear();
        out.push_str(&String::from_utf8_lossy(&v[s..i]));
        last_was_word = false;
    }
    out
}

/// `=?charset[*lang]?B|Q?text?=` at the start of `v`: the text and the
/// bytes used.
fn encoded_word(v: &[u8]) -> Option<(String, usize)> {
    let rest = v.strip_prefix(b"=?")?;
    let q1 = rest.iter().position(|&b| b == b'?')?;
    let charset = std::str::from_utf8(&rest[..q1]).ok()?;
    let charset = charset.split('*').next().unwrap_or(charset);
    let enc = *rest.get(q1 + 1)?;
    if rest.get(q1 + 2) != Some(&b'?') {
        return None;
    }
    let text_start = q1 + 3;
    let len = rest[text_start..].windows(2).position(|w| w == b"?=")?;
    let text = &rest[text_start..text_start + len];
    if text.iter().any(u8::is_ascii_whitespace) {
        return None;
    }
    let bytes = match enc {
        b'B' | b'b' => base64_lenient(text),
        b'Q' | b'q' => quoted_printable(text, true),
        _ => return None,
    };
    Some((charset_to_utf8(charset, &bytes), 2 + text_start + len + 2))
}

/// A UTF-8 value as one RFC 2047 "B" word when it is not ASCII (for a
/// structure string, which IMAP wants in 7 bits); ASCII passes through.
pub(crate) fn encode_word_if_needed(v: &str) -> String {
    if v.is_ascii() {
        return v.to_owned();
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(v.as_bytes());
    format!("=?UTF-8?B?{b64}?=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qp_and_base64() {
        assert_eq!(
            quoted_printable(b"Za=C5=BC=C3=B3=\r\n\xc5\x82=zz=\n!", false),
            "Zażó\u{142}=zz!".as_bytes()
        );
        assert_eq!(base64_lenient(b"aGVs\r\nbG8=\r\n"), b"hello");
        assert_eq!(base64_lenient(b"aGVsbG8"), b"hello");
        assert_eq!(base64_lenient(b"!!"), b"");
    }

    #[test]
    fn encoded_words() {
        assert_eq!(
            decode_words(b"=?UTF-8?Q?Zg=C5=82oszenie_nr?= =?ISO-8859-2?B?sQ==?= end"),
            "Zgłoszenie nrą end"
        );
        assert_eq!(
            decode_words(b"=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?="),
            "日本語"
        );
        assert_eq!(decode_words(b"plain  =?bogus"), "plain  =?bogus");
        assert_eq!(encode_word_if_needed("a.pdf"), "a.pdf");
        assert_eq!(encode_word_if_needed("ż"), "=?UTF-8?B?xbw=?=");
    }

    #[test]
    fn charsets() {
        assert_eq!(charset_to_utf8("iso-8859-2", b"\xb1"), "ą");
        assert_eq!(charset_to_utf8("windows-1250", b"\xb9"), "ą");
        assert_eq!(charset_to_utf8("x-unknown", "ż".as_bytes()), "ż");
    }
}
