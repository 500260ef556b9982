//! SMTP replies (RFC 5321 §4.2) with RFC 3463 enhanced status codes, and
//! their parser and encoder.
//!
//! Unlike lettre, the line boundaries and the enhanced code are kept: Gmail
//! splits its explanations over several `534-5.7.14 …` lines and the
//! doctor quotes them as sent.

use std::fmt;

/// `class.subject.detail`, e.g. `5.7.8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnhancedCode {
    /// 2, 4 or 5.
    pub class: u8,
    /// 0–999.
    pub subject: u16,
    /// 0–999.
    pub detail: u16,
}

impl EnhancedCode {
    /// Builds a code.
    pub const fn new(class: u8, subject: u16, detail: u16) -> Self {
        EnhancedCode {
            class,
            subject,
            detail,
        }
    }

    /// Parses `d.ddd.ddd` (class 2, 4 or 5).
    pub fn parse(s: &str) -> Option<Self> {
        let mut it = s.split('.');
        let class: u8 = it.next()?.parse().ok()?;
        let sub = it.next()?;
        let det = it.next()?;
        if it.next().is_some() || !matches!(class, 2 | 4 | 5) {
            return None;
        }
        let ok = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
        if !ok(sub) || !ok(det) {
            return None;
        }
        Some(EnhancedCode::new(
            class,
            sub.parse().ok()?,
            det.parse().ok()?,
        ))
    }
}

impl fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// A complete (possibly multi-line) reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The three-digit code.
    pub code: u16,
    /// The enhanced code, when every line carries the same one.
    pub enhanced: Option<EnhancedCode>,
    /// Text of each line after the code (and after the enhanced code and
    /// one space, if present). Never empty.
    pub lines: Vec<String>,
}

impl Reply {
    /// A reply with an enhanced code on every line.
    pub fn new(code: u16, enhanced: Option<EnhancedCode>, lines: &[&str]) -> Self {
        Reply {
            code,
            enhanced,
            lines: if lines.is_empty() {
                vec![String::new()]
            } else {
                lines.iter().map(|s| (*s).to_owned()).collect()
            },
        }
    }

    /// 2xx
    pub fn is_positive(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// 3xx (intermediate: `334` challenges, `354` start data).
    pub fn is_intermediate(&self) -> bool {
        (300..400).contains(&self.code)
    }

    /// 4xx
    pub fn is_transient(&self) -> bool {
        (400..500).contains(&self.code)
    }

    /// 5xx
    pub fn is_permanent(&self) -> bool {
        self.code >= 500
    }

    /// All lines' text joined by single spaces (for matching; quote
    /// [`Reply::lines`] when showing evidence).
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Appends the wire form.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let last = self.lines.len().saturating_sub(1);
        for (n, line) in self.lines.iter().enumerate() {
            let sep = if n == last { ' ' } else { '-' };
            out.extend_from_slice(format!("{}", self.code).as_bytes());
            match &self.enhanced {
                Some(e) => {
                    out.extend_from_slice(format!("{sep}{e}").as_bytes());
                    if !line.is_empty() {
                        out.push(b' ');
                        out.extend_from_slice(line.as_bytes());
                    }
                }
                None => {
                    // RFC 4954 §4: `continue-req = "334" SP [base64] CRLF`
                    // — the space is there even without a challenge
                    // (Gmail's `334 ` after `AUTH PLAIN`).
                    if !line.is_empty() || n != last || self.code == 334 {
                        out.push(sep as u8);
                        out.extend_from_slice(line.as_bytes());
                    }
                }
            }
            out.extend_from_slice(b"\r\n");
        }
    }

    /// The wire form as a new buffer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    /// The wire lines without CRLF (for transcripts and evidence).
    pub fn wire_lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.to_bytes())
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Why bytes are not an SMTP reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplyParseError {
    /// A line does not start with a three-digit code and `-`/space.
    #[error("not an SMTP reply line: {0:?}")]
    BadLine(String),
    /// Continuation lines changed the reply code.
    #[error("reply code changed within a multi-line reply: {0:?}")]
    MixedCodes(String),
}

/// Parses one reply from the front of `buf`.
///
/// Returns `Ok(None)` when more bytes are needed, or the reply and the
/// number of bytes it used. A bare LF is accepted as a line end.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, ReplyParseError> {
    let mut pos = 0;
    let mut code: Option<u16> = None;
    let mut raw_lines: Vec<String> = Vec::new();
    loop {
        let Some(rel) = buf[pos..].iter().position(|&b| b == b'\n') else {
            return Ok(None);
        };
        let line = &buf[pos..pos + rel];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        pos += rel + 1;
        let text = String::from_utf8_lossy(line).into_owned();
        let (c, last, rest) =
            split_line(&text).ok_or_else(|| ReplyParseError::BadLine(text.clone()))?;
        match code {
            None => code = Some(c),
            Some(prev) if prev != c => return Err(ReplyParseError::MixedCodes(text)),
            Some(_) => {}
        }
        raw_lines.push(rest.to_owned());
        if last {
            break;
        }
    }
    let code = code.unwrap_or_default();
    Ok(Some((from_raw_lines(code, raw_lines), pos)))
}

/// Splits `250-text` into (250, is_last, "text").
fn split_line(line: &str) -> Option<(u16, bool, &str)> {
    let b = line.as_bytes();
    if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code: u16 = line[..3].parse().ok()?;
    match b.get(3) {
        None => Some((code, true, "")),
        Some(b' ') => Some((code, true, &line[4..])),
        Some(b'-') => Some((code, false, &line[4..])),
        _ => None,
    }
}

/// Extracts the enhanced code if every line carries the same one.
fn from_raw_lines(code: u16, raw: Vec<String>) -> Reply {
    let split = |l: &str| -> Option<(EnhancedCode, String)> {
        let (head, rest) = match l.split_once(' ') {
            Some((h, r)) => (h, r.to_owned()),
            None => (l, String::new()),
        };
        let e = EnhancedCode::parse(head)?;
        // The class must agree with the reply code's first digit.
        (u16::from(e.class) == code / 100).then_some((e, rest))
    };
    let parsed: Vec<_> = raw.iter().map(|l| split(l)).collect();
    if let Some(Some((first, _))) = parsed.first() {
        let first = *first;
        if parsed
            .iter()
            .all(|p| matches!(p, Some((e, _)) if *e == first))
        {
            return Reply {
                code,
                enhanced: Some(first),
                lines: parsed
                    .into_iter()
                    .map(|p| p.map(|(_, t)| t).unwrap_or_default())
                    .collect(),
            };
        }
    }
    Reply {
        code,
        enhanced: None,
        lines: raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_multiline() {
        let wire = "534-5.7.9 Application-specific password required. Learn more at\r\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor abc - gsmtp\r\n";
        let (r, n) = parse_reply(wire.as_bytes()).unwrap().unwrap();
        assert_eq!(n, wire.len());
        assert_eq!(r.code, 534);
        assert_eq!(r.enhanced, Some(EnhancedCode::new(5, 7, 9)));
        assert_eq!(
            r.lines[1],
            " https://support.google.com/mail/?p=InvalidSecondFactor abc - gsmtp"
        );
        assert_eq!(String::from_utf8(r.to_bytes()).unwrap(), wire);
    }

    #[test]
    fn ehlo_has_no_enhanced_code() {
        let wire = "250-smtp.gmail.com at your service, [127.0.0.1]\r\n250-SIZE 35882577\r\n250 SMTPUTF8\r\n";
        let (r, _) = parse_reply(wire.as_bytes()).unwrap().unwrap();
        assert_eq!(r.enhanced, None);
        assert_eq!(r.lines.len(), 3);
        assert_eq!(String::from_utf8(r.to_bytes()).unwrap(), wire);
    }

    #[test]
    fn incomplete_and_errors() {
        assert_eq!(parse_reply(b"250-a\r\n250 b").unwrap(), None);
        assert!(parse_reply(b"hello\r\n").is_err());
        assert!(parse_reply(b"250-a\r\n251 b\r\n").is_err());
        let (r, _) = parse_reply(b"220\r\n").unwrap().unwrap();
        assert_eq!(r.lines, vec![String::new()]);
        assert_eq!(r.to_bytes(), b"220\r\n");
    }

    #[test]
    fn empty_sasl_challenge_keeps_its_space() {
        assert_eq!(Reply::new(334, None, &[""]).to_bytes(), b"334 \r\n");
        let (r, _) = parse_reply(b"334 \r\n").unwrap().unwrap();
        assert_eq!(r.to_bytes(), b"334 \r\n");
    }
}
