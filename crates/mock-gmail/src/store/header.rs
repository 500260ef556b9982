//! Just enough RFC 5322 header reading for threading and SEARCH: unfolded
//! fields and the `Date`. Full MIME parsing lives elsewhere; this never
//! allocates the body.

use chrono::{DateTime, FixedOffset};

/// Offset just past the blank line that ends the header (or the end).
pub fn header_end(raw: &[u8]) -> usize {
    let crlf = raw.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4);
    let lf = raw.windows(2).position(|w| w == b"\n\n").map(|p| p + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(raw.len()),
    }
}

/// Every header field as `(name, unfolded value)`, in order; bytes that are
/// not UTF-8 are replaced.
pub fn fields(raw: &[u8]) -> Vec<(String, String)> {
    let header = String::from_utf8_lossy(&raw[..header_end(raw)]);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in header.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = out.last_mut() {
                v.push_str(line);
            }
            continue;
        }
        if let Some((n, v)) = line.split_once(':') {
            out.push((n.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

/// The first field called `name` (case-insensitive).
pub fn field(raw: &[u8], name: &str) -> Option<String> {
    fields(raw)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// The `Date` field, if present and parseable (RFC 5322, tolerating a
/// trailing comment such as `(CEST)`).
pub fn date(raw: &[u8]) -> Option<DateTime<FixedOffset>> {
    parse_date(&field(raw, "Date")?)
}

/// Parses an RFC 5322 date-time.
pub fn parse_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let v = match value.find('(') {
        Some(p) => &value[..p],
        None => value,
    };
    DateTime::parse_from_rfc2822(v.trim()).ok()
}

/// The `<id>` tokens of a Message-ID / In-Reply-To / References value.
pub fn message_ids(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let id = rest[start + 1..start + len].trim();
        if !id.is_empty() {
            out.push(id.to_owned());
        }
        rest = &rest[start + len + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolds_and_finds() {
        let raw = b"Subject: a\r\n  b\r\nFrom: x@y\r\nDate: Mon, 1 Jun 2020 10:00:00 +0200 (CEST)\r\n\r\nBody: no\r\n";
        assert_eq!(field(raw, "subject").as_deref(), Some("a  b"));
        assert_eq!(field(raw, "Body"), None);
        assert_eq!(date(raw).unwrap().to_rfc3339(), "2020-06-01T10:00:00+02:00");
        assert_eq!(field(b"A: 1\n\nB: 2\n", "b"), None);
        assert_eq!(message_ids("<a@b> <c@d>\r\n <e>"), ["a@b", "c@d", "e"]);
    }
}
