//! Splitting an mbox into messages (mboxo and mboxrd; see the module docs
//! of [`super`] for the rules and why).
//!
//! Messages that need neither unescaping nor line-end changes are slices
//! of the file's one buffer, so a large mbox is held once.

use bytes::Bytes;
use chrono::{DateTime, FixedOffset, NaiveDateTime};

use super::lines::is_header_field;

/// One message of an mbox.
#[derive(Debug)]
pub(crate) struct MboxMessage {
    /// The bytes between its `From ` line and the next, unescaped, without
    /// the separating blank line (line ends not yet normalised).
    pub raw: Bytes,
    /// 1-based number in the file.
    pub number: usize,
    /// 1-based line of its `From ` line.
    pub line: usize,
    /// The date on the `From ` line.
    pub date: Option<DateTime<FixedOffset>>,
}

/// Whether a line starts a message: `From ` and not a `From :` header
/// field written in the obsolete syntax.
pub(crate) fn is_from_line(line: &[u8]) -> bool {
    line.starts_with(b"From ") && !is_header_field(line)
}

/// Splits an mbox whose first line is a `From ` line. Empty messages are
/// returned as such (the caller reports them with their position).
pub(crate) fn split(data: &Bytes) -> Vec<MboxMessage> {
    let mut out = Vec::new();
    // (body start offset, From_ line number, date)
    let mut current: Option<(usize, usize, Option<DateTime<FixedOffset>>)> = None;
    let mut pos = 0;
    let mut line_no = 0;
    while pos < data.len() {
        let end = data[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |p| pos + p);
        let next = (end + 1).min(data.len());
        line_no += 1;
        let line = &data[pos..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if is_from_line(line) {
            if let Some((start, at, date)) = current.take() {
                out.push(finish(data, start, pos, out.len() + 1, at, date));
            }
            current = Some((next, line_no, from_line_date(line)));
        }
        pos = next;
    }
    if let Some((start, at, date)) = current {
        out.push(finish(data, start, data.len(), out.len() + 1, at, date));
    }
    out
}

fn finish(
    data: &Bytes,
    start: usize,
    end: usize,
    number: usize,
    line: usize,
    date: Option<DateTime<FixedOffset>>,
) -> MboxMessage {
    let body = &data[start..end];
    // The blank line before the next `From ` line is the separator.
    let trim = if body.ends_with(b"\r\n\r\n") {
        2
    } else if body.ends_with(b"\n\n") || body.ends_with(b"\n\r\n") {
        1 + usize::from(body.ends_with(b"\r\n"))
    } else {
        0
    };
    let raw = unescape(data.slice(start..end - trim));
    MboxMessage {
        raw,
        number,
        line,
        date,
    }
}

/// mboxrd unescaping: one `>` less on every line matching `>+From `.
/// Returns the same buffer when no line needs it.
fn unescape(raw: Bytes) -> Bytes {
    let needs = |line: &[u8]| {
        let gt = line.iter().take_while(|&&b| b == b'>').count();
        gt > 0 && line[gt..].starts_with(b"From ")
    };
    if !raw.split(|&b| b == b'\n').any(needs) {
        return raw;
    }
    let mut out = Vec::with_capacity(raw.len());
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(if needs(line) { &line[1..] } else { line });
    }
    Bytes::from(out)
}

/// The date of a `From sender Mon Jun  1 10:00:00 2020` line (asctime,
/// UTC), also with a zone as Google Takeout writes it
/// (`Fri Nov 25 16:14:04 +0000 2022`). The sender may be missing.
fn from_line_date(line: &[u8]) -> Option<DateTime<FixedOffset>> {
    let text = std::str::from_utf8(line.get(5..)?).ok()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    let parse = |w: &[&str]| -> Option<DateTime<FixedOffset>> {
        let s = w.join(" ");
        if let Ok(d) = DateTime::parse_from_str(&s, "%a %b %d %H:%M:%S %z %Y") {
            return Some(d);
        }
        if let Ok(d) = DateTime::parse_from_str(&s, "%a %b %d %H:%M:%S %Y %z") {
            return Some(d);
        }
        NaiveDateTime::parse_from_str(&s, "%a %b %d %H:%M:%S %Y")
            .ok()
            .map(|n| n.and_utc().fixed_offset())
    };
    words.get(1..).and_then(parse).or_else(|| parse(&words))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(data: &'static [u8]) -> Vec<(Vec<u8>, usize, usize)> {
        split(&Bytes::from_static(data))
            .into_iter()
            .map(|m| (m.raw.to_vec(), m.number, m.line))
            .collect()
    }

    #[test]
    fn splits_strips_separator_and_unescapes() {
        let got = bodies(
            b"From a@b Mon Jun  1 10:00:00 2020\nSubject: 1\n\n>From here\n>>From there\n> From not\n\nFrom c@d Tue Jun  2 10:00:00 2020\nSubject: 2\n\nlast\n",
        );
        assert_eq!(
            got,
            [
                (
                    b"Subject: 1\n\nFrom here\n>From there\n> From not\n".to_vec(),
                    1,
                    1
                ),
                (b"Subject: 2\n\nlast\n".to_vec(), 2, 8),
            ]
        );
    }

    #[test]
    fn crlf_mbox_and_empty_messages() {
        let got = bodies(b"From a\r\nA: 1\r\n\r\nx\r\n\r\nFrom b\r\nFrom c\r\nB: 2\r\n");
        assert_eq!(
            got,
            [
                (b"A: 1\r\n\r\nx\r\n".to_vec(), 1, 1),
                (b"".to_vec(), 2, 6),
                (b"B: 2\r\n".to_vec(), 3, 7),
            ]
        );
    }

    #[test]
    fn unchanged_messages_share_the_file_buffer() {
        let data = Bytes::from_static(b"From a\nA: 1\n\nFrom b\nB: 2\n");
        let msgs = split(&data);
        let inside = |b: &Bytes| {
            let r = data.as_ptr_range();
            r.contains(&b.as_ptr())
        };
        assert!(msgs.iter().all(|m| inside(&m.raw)));
    }

    #[test]
    fn from_line_dates() {
        let d = |l: &[u8]| from_line_date(l).map(|d| d.to_rfc3339());
        assert_eq!(
            d(b"From a@b Mon Jun  1 10:00:00 2020").as_deref(),
            Some("2020-06-01T10:00:00+00:00")
        );
        assert_eq!(
            d(b"From 1669391419312435000@xxx Fri Nov 25 16:14:04 +0000 2022").as_deref(),
            Some("2022-11-25T16:14:04+00:00")
        );
        assert_eq!(
            d(b"From - Mon Jun 01 10:00:00 2020").as_deref(),
            Some("2020-06-01T10:00:00+00:00")
        );
        assert_eq!(d(b"From a@b yesterday"), None);
        assert!(is_from_line(b"From a@b Mon Jun  1 10:00:00 2020"));
        assert!(!is_from_line(b"From : obsolete header"));
    }
}
