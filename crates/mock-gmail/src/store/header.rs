//! The few header facts threading and SEARCH read: decoded fields (RFC
//! 2047 words decoded, folding undone) and the `Date`. Parsing is the MIME
//! module's; this is a small adapter over it.

use chrono::{DateTime, FixedOffset};

/// Offset just past the blank line that ends the header (or the end).
pub fn header_end(raw: &[u8]) -> usize {
    crate::mime::top_level(raw).body.start
}

/// Every top-level header field as `(name, decoded value)`, in order.
pub fn fields(raw: &[u8]) -> Vec<(String, String)> {
    let text = crate::mime::header_text(raw, &crate::mime::top_level(raw));
    text.lines()
        .map(|l| match l.split_once(':') {
            Some((n, v)) => (n.trim().to_owned(), v.trim().to_owned()),
            None => (l.trim().to_owned(), String::new()),
        })
        .collect()
}

/// The first field called `name` (case-insensitive).
pub fn field(raw: &[u8], name: &str) -> Option<String> {
    fields(raw)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// The `Date` field, if present and parseable.
pub fn date(raw: &[u8]) -> Option<DateTime<FixedOffset>> {
    parse_date(&field(raw, "Date")?)
}

/// Parses an RFC 5322 date-time, tolerating a trailing comment such as
/// `(CEST)`.
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
    fn unfolds_decodes_and_finds() {
        let raw = b"Subject: =?UTF-8?Q?Zg=C5=82oszenie?=\r\n  nr 5\r\nFrom: x@y\r\nDate: Mon, 1 Jun 2020 10:00:00 +0200 (CEST)\r\n\r\nBody: no\r\n";
        assert_eq!(field(raw, "subject").as_deref(), Some("Zgłoszenie  nr 5"));
        assert_eq!(field(raw, "Body"), None);
        assert_eq!(date(raw).unwrap().to_rfc3339(), "2020-06-01T10:00:00+02:00");
        assert_eq!(field(b"A: 1\n\nB: 2\n", "b"), None);
        assert_eq!(header_end(b"A: 1\n\nB"), 6);
        assert_eq!(message_ids("<a@b> <c@d>\r\n <e>"), ["a@b", "c@d", "e"]);
    }
}
