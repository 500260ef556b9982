//! Byte-level helpers: line-end normalisation and the "is this a message"
//! check.

use bytes::Bytes;

/// Returns `raw` with every bare LF turned into CRLF, as IMAP requires
/// (RFC 3501 §2.2: lines end in CRLF). CRLF stays, a lone CR is left
/// alone. When nothing needs changing the same buffer comes back, so
/// already-CRLF messages are never copied.
pub fn to_crlf(raw: Bytes) -> Bytes {
    let bare = bare_lf_count(&raw);
    if bare == 0 {
        return raw;
    }
    let mut out = Vec::with_capacity(raw.len() + bare);
    let mut prev = 0u8;
    for &b in raw.iter() {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    Bytes::from(out)
}

/// Number of LFs not preceded by a CR.
fn bare_lf_count(raw: &[u8]) -> usize {
    let mut n = 0;
    let mut prev = 0u8;
    for &b in raw {
        if b == b'\n' && prev != b'\r' {
            n += 1;
        }
        prev = b;
    }
    n
}

/// The first line, without its line end.
pub(crate) fn first_line(raw: &[u8]) -> &[u8] {
    let end = raw.iter().position(|&b| b == b'\n').unwrap_or(raw.len());
    raw[..end].strip_suffix(b"\r").unwrap_or(&raw[..end])
}

/// Whether a line is an RFC 5322 header field: a name of printable ASCII
/// without `:` (optionally followed by blanks, the obsolete syntax), then
/// `:`.
pub(crate) fn is_header_field(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    let name = &line[..colon];
    let name_end = name
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |p| p + 1);
    name_end > 0 && name[..name_end].iter().all(|&b| (33..=126).contains(&b))
}

/// A line for an error message: lossy UTF-8, at most 60 characters.
pub(crate) fn shown(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(line);
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_only_where_missing() {
        let same = Bytes::from_static(b"A: 1\r\n\r\nx\r\n");
        let out = to_crlf(same.clone());
        assert_eq!(out.as_ptr(), same.as_ptr(), "no copy when already CRLF");
        assert_eq!(
            &to_crlf(Bytes::from_static(b"A: 1\n\r\nx\ry\n"))[..],
            b"A: 1\r\n\r\nx\ry\r\n"
        );
    }

    #[test]
    fn header_fields() {
        assert!(is_header_field(b"From: a@b"));
        assert!(is_header_field(b"X-Odd-Name_1:"));
        assert!(is_header_field(b"Subject :obsolete form"));
        assert!(!is_header_field(b"From a@b Mon Jun  1 10:00:00 2020"));
        assert!(!is_header_field(b": no name"));
        assert!(!is_header_field(b"two words: no"));
        assert!(!is_header_field(b"\xff\xfe: binary"));
        assert_eq!(first_line(b"a\r\nb"), b"a");
        assert_eq!(shown("ż".repeat(70).as_bytes()).chars().count(), 61);
    }
}
