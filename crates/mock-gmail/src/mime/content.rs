//! The `Content-*` fields of one part (RFC 2045, 2183, 3066, 2557), with
//! parameters (RFC 2045 §5.1) and RFC 2231 continuations and charsets.

use super::decode;
use super::scan::{self, Field};

/// What a part without a (valid) Content-Type is (RFC 2045 §5.2,
/// RFC 2046 §5.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefaultType {
    /// `text/plain; charset=us-ascii`: everywhere but in a digest.
    TextPlain,
    /// `message/rfc822`: a part of `multipart/digest`.
    MessageRfc822,
}

/// The MIME description of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Content {
    /// Media type, lower case (`text`).
    pub media_type: String,
    /// Subtype, lower case (`plain`).
    pub subtype: String,
    /// Content-Type parameters in header order; names lower case, values
    /// unquoted and RFC 2231-decoded to UTF-8.
    pub params: Vec<(String, String)>,
    /// Whether the type is a default (no Content-Type, or an invalid one).
    pub defaulted: bool,
    /// `Content-Transfer-Encoding`, lower case (`None` = 7bit).
    pub encoding: Option<String>,
    /// `Content-ID`.
    pub id: Option<String>,
    /// `Content-Description` (raw, possibly RFC 2047-encoded).
    pub description: Option<String>,
    /// `Content-MD5`.
    pub md5: Option<String>,
    /// `Content-Disposition`: type (lower case) and parameters.
    pub disposition: Option<(String, Vec<(String, String)>)>,
    /// `Content-Language` tags.
    pub language: Vec<String>,
    /// `Content-Location`.
    pub location: Option<String>,
}

impl Content {
    /// Reads the `Content-*` fields of a header.
    pub(crate) fn from_fields(raw: &[u8], fields: &[Field], default: DefaultType) -> Content {
        let text = |name| scan::first(raw, fields, name).map(|v| lossy(&v));
        let typed = scan::first(raw, fields, "Content-Type").and_then(|v| parse_type(&v));
        let (media_type, subtype, params, defaulted) = match typed {
            Some((t, s, p)) => (t, s, p, false),
            None => match default {
                DefaultType::TextPlain => (
                    "text".into(),
                    "plain".into(),
                    vec![("charset".into(), "us-ascii".into())],
                    true,
                ),
                DefaultType::MessageRfc822 => ("message".into(), "rfc822".into(), vec![], true),
            },
        };
        let disposition = scan::first(raw, fields, "Content-Disposition").and_then(|v| {
            let (kind, rest) = split_first_param(&v);
            let kind = lossy(strip_comments(kind).trim_ascii()).to_ascii_lowercase();
            (!kind.is_empty()).then(|| (kind, params_2231(parse_params(rest))))
        });
        let language = text("Content-Language")
            .map(|v| {
                let v = lossy(&strip_comments(v.as_bytes()));
                v.split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let encoding = scan::first(raw, fields, "Content-Transfer-Encoding")
            .map(|v| lossy(strip_comments(&v).trim_ascii()).to_ascii_lowercase())
            .filter(|e| !e.is_empty());
        Content {
            media_type,
            subtype,
            params,
            defaulted,
            encoding,
            id: text("Content-ID"),
            description: text("Content-Description"),
            md5: text("Content-MD5"),
            disposition,
            language,
            location: text("Content-Location"),
        }
    }

    /// Whether the type is `t/s` (lower case arguments).
    pub(crate) fn is(&self, t: &str, s: &str) -> bool {
        self.media_type == t && self.subtype == s
    }

    /// A Content-Type parameter by (lower case) name.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the body is in an identity encoding (7bit, 8bit, binary or
    /// none): only then are nested boundaries and messages visible.
    pub(crate) fn identity_encoding(&self) -> bool {
        matches!(
            self.encoding.as_deref(),
            None | Some("7bit" | "8bit" | "binary")
        )
    }
}

/// Parameters: (lower-case name, value).
pub(crate) type Params = Vec<(String, String)>;

/// One RFC 2231 segment: (index, percent-encoded, bytes).
type Segment = (u32, bool, Vec<u8>);

/// UTF-8 text of header bytes (invalid sequences replaced).
pub(crate) fn lossy(v: &[u8]) -> String {
    String::from_utf8_lossy(v).into_owned()
}

/// `type "/" subtype *(";" parameter)`; `None` if the type is not valid
/// (RFC 2045 §5.2: then the default applies).
fn parse_type(v: &[u8]) -> Option<(String, String, Params)> {
    let (ty, rest) = split_first_param(v);
    let ty = strip_comments(ty);
    let ty = lossy(ty.trim_ascii());
    let (t, s) = ty.split_once('/')?;
    let (t, s) = (t.trim(), s.trim());
    let token = |x: &str| !x.is_empty() && x.bytes().all(is_token_char);
    if !token(t) || !token(s) {
        return None;
    }
    let params = params_2231(parse_params(rest));
    Some((t.to_ascii_lowercase(), s.to_ascii_lowercase(), params))
}

/// RFC 2045 `token` characters.
fn is_token_char(b: u8) -> bool {
    b > b' ' && b < 0x7f && !b"()<>@,;:\\\"/[]?=".contains(&b)
}

/// Splits at the first `;` (a type or disposition token holds no quotes).
fn split_first_param(v: &[u8]) -> (&[u8], &[u8]) {
    match v.iter().position(|&b| b == b';') {
        Some(p) => (&v[..p], &v[p + 1..]),
        None => (v, &[]),
    }
}

/// Removes RFC 822 comments `( … )` (nested, with quoted pairs) outside
/// quoted strings.
pub(crate) fn strip_comments(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let (mut depth, mut quoted, mut esc) = (0usize, false, false);
    for &b in v {
        if esc {
            esc = false;
            if depth == 0 {
                out.push(b);
            }
            continue;
        }
        match b {
            b'\\' if quoted || depth > 0 => {
                esc = true;
                if depth == 0 {
                    out.push(b);
                }
            }
            b'"' if depth == 0 => {
                quoted = !quoted;
                out.push(b);
            }
            b'(' if !quoted => depth += 1,
            b')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(b),
            _ => {}
        }
    }
    out
}

/// `*(";" attribute "=" value)`, leniently: unquoted values run to the next
/// `;` (real mail has `name=my file.pdf`), a trailing comment is dropped.
fn parse_params(v: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        while i < v.len() && (v[i].is_ascii_whitespace() || v[i] == b';') {
            i += 1;
        }
        let start = i;
        while i < v.len() && v[i] != b'=' && v[i] != b';' {
            i += 1;
        }
        let name = lossy(v[start..i].trim_ascii()).to_ascii_lowercase();
        if i >= v.len() || v[i] == b';' {
            continue; // no value
        }
        i += 1;
        while i < v.len() && matches!(v[i], b' ' | b'\t') {
            i += 1;
        }
        let mut value = Vec::new();
        if v.get(i) == Some(&b'"') {
            i += 1;
            while i < v.len() && v[i] != b'"' {
                if v[i] == b'\\' && i + 1 < v.len() {
                    i += 1;
                }
                value.push(v[i]);
                i += 1;
            }
            while i < v.len() && v[i] != b';' {
                i += 1;
            }
        } else {
            let s = i;
            while i < v.len() && v[i] != b';' {
                i += 1;
            }
            value = strip_comments(&v[s..i]).trim_ascii().to_vec();
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// Merges RFC 2231 continuations (`name*0*=`, `name*1=`) and decodes
/// extended values (`charset'lang'%XX`) to UTF-8. A plain `name` that also
/// has an extended form is dropped (RFC 2231 §4 prefers the extended one).
fn params_2231(list: Vec<(String, Vec<u8>)>) -> Vec<(String, String)> {
    // (base name, segments (index, encoded, bytes)) in first-seen order.
    let mut groups: Vec<(String, bool, Vec<Segment>)> = Vec::new();
    for (name, value) in list {
        let (base, seg) = match name.split_once('*') {
            None => (name.clone(), None),
            Some((b, rest)) => {
                let encoded = rest.ends_with('*') || rest.is_empty();
                let idx = rest.trim_end_matches('*');
                let idx = if idx.is_empty() {
                    Some(0)
                } else {
                    idx.parse().ok()
                };
                match idx {
                    Some(n) => (b.to_owned(), Some((n, encoded))),
                    None => (name.clone(), None),
                }
            }
        };
        let pos = groups.iter().position(|g| g.0 == base);
        let g = match pos {
            Some(p) => &mut groups[p],
            None => {
                groups.push((base, seg.is_some(), Vec::new()));
                groups.last_mut().expect("just pushed")
            }
        };
        match seg {
            Some((n, enc)) => {
                if !g.1 {
                    // An extended form replaces an earlier plain value.
                    g.1 = true;
                    g.2.clear();
                }
                g.2.push((n, enc, value));
            }
            None if !g.1 && g.2.is_empty() => g.2.push((0, false, value)),
            None => {}
        }
    }
    groups
        .into_iter()
        .map(|(base, extended, mut segs)| {
            if !extended {
                let v = segs.pop().map(|s| s.2).unwrap_or_default();
                return (base, lossy(&v));
            }
            segs.sort_by_key(|s| s.0);
            let mut charset = String::new();
            let mut bytes = Vec::new();
            for (n, (_, enc, v)) in segs.into_iter().enumerate() {
                if !enc {
                    bytes.extend_from_slice(&v);
                    continue;
                }
                let mut v = v.as_slice();
                if n == 0 {
                    let mut it = v.splitn(3, |&b| b == b'\'');
                    if let (Some(cs), Some(_lang), Some(rest)) = (it.next(), it.next(), it.next()) {
                        charset = lossy(cs);
                        v = rest;
                    }
                }
                bytes.extend(percent_decode(v));
            }
            (base, decode::charset_to_utf8(&charset, &bytes))
        })
        .collect()
}

fn percent_decode(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'%' && i + 2 < v.len() {
            if let (Some(h), Some(l)) = (decode::hex(v[i + 1]), decode::hex(v[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(v[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(header: &str) -> Content {
        let raw = header.as_bytes();
        let (h, _) = scan::split_header(raw, 0, raw.len());
        let f = scan::fields(raw, h);
        Content::from_fields(raw, &f, DefaultType::TextPlain)
    }

    #[test]
    fn type_and_params() {
        let c = content(
            "Content-Type: Text/HTML; charset=\"UTF-8\" (c); format=flowed\r\n\
             Content-Transfer-Encoding: Quoted-Printable\r\n\r\n",
        );
        assert!(c.is("text", "html"));
        assert_eq!(c.param("charset"), Some("UTF-8"));
        assert_eq!(c.param("format"), Some("flowed"));
        assert_eq!(c.encoding.as_deref(), Some("quoted-printable"));
        assert!(!c.defaulted);
    }

    #[test]
    fn defaults_when_missing_or_invalid() {
        let c = content("Subject: x\r\n\r\n");
        assert!(c.is("text", "plain") && c.defaulted);
        assert_eq!(c.param("charset"), Some("us-ascii"));
        let c = content("Content-Type: garbage\r\n\r\n");
        assert!(c.is("text", "plain") && c.defaulted);
    }

    #[test]
    fn rfc2231_continuations_and_charset() {
        let c = content(
            "Content-Disposition: attachment;\r\n filename*0*=utf-8''%C5%BC%C3%B3%C5%82w;\r\n \
             filename*1=\".pdf\"; filename=\"fallback.pdf\"; size=12\r\n\r\n",
        );
        let (kind, params) = c.disposition.unwrap();
        assert_eq!(kind, "attachment");
        assert_eq!(
            params,
            vec![
                ("filename".into(), "żółw.pdf".into()),
                ("size".into(), "12".into())
            ]
        );
    }

    #[test]
    fn language_and_ids() {
        let c = content(
            "Content-Language: pl, en-GB\r\nContent-ID: <a@b>\r\nContent-Location: x.png\r\n\r\n",
        );
        assert_eq!(c.language, vec!["pl", "en-GB"]);
        assert_eq!(c.id.as_deref(), Some("<a@b>"));
        assert_eq!(c.location.as_deref(), Some("x.png"));
    }
}
