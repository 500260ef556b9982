//! Lines and header fields: where a header block ends, and where each field
//! (name, value, folded continuation lines) lies in the raw bytes.
//!
//! Everything works on byte offsets into the original message and accepts
//! both CRLF and bare LF line ends.

use std::ops::Range;

/// The end (exclusive) of the line starting at `pos`, including its LF; or
/// `end` when the last line has no line end.
pub(crate) fn line_end(raw: &[u8], pos: usize, end: usize) -> usize {
    raw[pos..end]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(end, |p| pos + p + 1)
}

/// Whether `line` (with its line end) is empty: `\r\n` or `\n`.
pub(crate) fn is_blank(line: &[u8]) -> bool {
    line == b"\r\n" || line == b"\n"
}

/// Splits `raw[start..end]` into a header block and a body.
///
/// The header runs up to and including the first empty line (RFC 3501:
/// `HEADER` and `MIME` include the blank line). A part that starts with
/// an empty line has a header of just that line; one without any empty
/// line is all header, with an empty body at `end`.
pub(crate) fn split_header(raw: &[u8], start: usize, end: usize) -> (Range<usize>, usize) {
    let mut pos = start;
    while pos < end {
        let le = line_end(raw, pos, end);
        if is_blank(&raw[pos..le]) {
            return (start..le, le);
        }
        pos = le;
    }
    (start..end, end)
}

/// One header field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// The name, without the colon and surrounding whitespace.
    pub name: Range<usize>,
    /// The value: after the colon up to (not including) the field's final
    /// line end, folded lines included.
    pub value: Range<usize>,
    /// The whole field including its final line end.
    pub whole: Range<usize>,
}

/// The fields of a header block (`header` as returned by
/// [`split_header`]). Lines without a colon that are not continuations
/// come back as fields whose name is the whole line and whose value is
/// empty, so HEADER.FIELDS.NOT keeps them as real servers do.
pub(crate) fn fields(raw: &[u8], header: Range<usize>) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let mut pos = header.start;
    while pos < header.end {
        let le = line_end(raw, pos, header.end);
        let line = &raw[pos..le];
        if is_blank(line) {
            break;
        }
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        match out.last_mut() {
            Some(f) if continuation => {
                f.whole.end = le;
                f.value.end = trim_eol(raw, pos, le);
            }
            _ => {
                let content_end = trim_eol(raw, pos, le);
                let (name, value) = match line.iter().position(|&b| b == b':') {
                    Some(c) => {
                        let name_end = trim_end_ws(raw, pos, pos + c);
                        (pos..name_end, pos + c + 1..content_end)
                    }
                    None => (pos..content_end, content_end..content_end),
                };
                out.push(Field {
                    name,
                    value,
                    whole: pos..le,
                });
            }
        }
        pos = le;
    }
    out
}

/// `le` minus a trailing LF or CRLF (never before `start`).
fn trim_eol(raw: &[u8], start: usize, le: usize) -> usize {
    let mut e = le;
    if e > start && raw[e - 1] == b'\n' {
        e -= 1;
        if e > start && raw[e - 1] == b'\r' {
            e -= 1;
        }
    }
    e
}

fn trim_end_ws(raw: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(raw[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    end
}

/// A field value unfolded (CR and LF removed, the folding whitespace kept)
/// and trimmed: what ENVELOPE and BODYSTRUCTURE report.
pub(crate) fn unfold(value: &[u8]) -> Vec<u8> {
    let v: Vec<u8> = value
        .iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect();
    v.trim_ascii().to_vec()
}

/// The first field named `name` (ASCII case-insensitive), unfolded.
pub(crate) fn first(raw: &[u8], fields: &[Field], name: &str) -> Option<Vec<u8>> {
    fields
        .iter()
        .find(|f| raw[f.name.clone()].eq_ignore_ascii_case(name.as_bytes()))
        .map(|f| unfold(&raw[f.value.clone()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_split_and_fields() {
        let raw = b"From: a@b\r\nSubject: hi\r\n there\r\nBad line\r\n\r\nbody";
        let (h, b) = split_header(raw, 0, raw.len());
        assert_eq!(&raw[h.clone()], &raw[..raw.len() - 4]);
        assert_eq!(&raw[b..], b"body");
        let f = fields(raw, h);
        assert_eq!(f.len(), 3);
        assert_eq!(&raw[f[1].name.clone()], b"Subject");
        assert_eq!(&raw[f[1].value.clone()], b" hi\r\n there");
        assert_eq!(&raw[f[1].whole.clone()], b"Subject: hi\r\n there\r\n");
        assert_eq!(unfold(&raw[f[1].value.clone()]), b"hi there");
        assert_eq!(&raw[f[2].name.clone()], b"Bad line");
        assert_eq!(first(raw, &f, "SUBJECT").unwrap(), b"hi there");
    }

    #[test]
    fn blank_first_line_and_no_blank_line() {
        let raw = b"\nbody";
        assert_eq!(split_header(raw, 0, raw.len()), (0..1, 1));
        let raw = b"Subject: only";
        assert_eq!(split_header(raw, 0, raw.len()), (0..13, 13));
        assert_eq!(split_header(b"", 0, 0), (0..0, 0));
    }
}
