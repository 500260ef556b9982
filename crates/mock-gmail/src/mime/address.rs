//! RFC 5322 §3.4 address lists (with the obsolete forms of §4.4) as
//! ENVELOPE address structures (RFC 3501 §7.4.2).
//!
//! Display names stay raw (still RFC 2047-encoded, as servers send them);
//! quoted strings lose their quotes and escapes; a comment stands in for a
//! missing display name (`a@b (Alice)`); groups become RFC 3501's start
//! (`mailbox` = group name, `host` = NIL) and end (all NIL) markers. A
//! mailbox without a domain gets c-client's `.MISSING-HOST-NAME.` rather
//! than NIL, which RFC 3501 reserves for group markers.

use gmail_wire::imap::body::Address;

/// The host reported for an address without `@domain` (c-client's, the
/// reference implementation's, choice; NIL would read as a group marker).
pub(crate) const MISSING_HOST: &[u8] = b".MISSING-HOST-NAME.";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// An atom or dot-atom (RFC 2047 words included).
    Word(Vec<u8>),
    /// A quoted string's content, unescaped.
    Quoted(Vec<u8>),
    /// A comment's content.
    Comment(Vec<u8>),
    /// A domain literal, with its brackets.
    Literal(Vec<u8>),
    /// One of `< > : ; @ ,`.
    Special(u8),
}

fn lex(v: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let b = v[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'<' | b'>' | b':' | b';' | b'@' | b',' => {
                out.push(Tok::Special(b));
                i += 1;
            }
            b'"' => {
                let (s, used) = delimited(&v[i + 1..], b'"', None);
                out.push(Tok::Quoted(s));
                i += 1 + used;
            }
            b'(' => {
                let (s, used) = delimited(&v[i + 1..], b')', Some(b'('));
                out.push(Tok::Comment(s));
                i += 1 + used;
            }
            b'[' => {
                let end = v[i..]
                    .iter()
                    .position(|&c| c == b']')
                    .map_or(v.len(), |p| i + p + 1);
                out.push(Tok::Literal(v[i..end].to_vec()));
                i = end;
            }
            _ => {
                let s = i;
                while i < v.len() && !b" \t\r\n<>:;@,\"([".contains(&v[i]) {
                    i += 1;
                }
                out.push(Tok::Word(v[s..i].to_vec()));
            }
        }
    }
    out
}

/// Content up to the unescaped `close` (nesting on `open` for comments),
/// and the bytes used including the close.
fn delimited(v: &[u8], close: u8, open: Option<u8>) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < v.len() {
        let b = v[i];
        if b == b'\\' && i + 1 < v.len() {
            out.push(v[i + 1]);
            i += 2;
            continue;
        }
        if Some(b) == open {
            depth += 1;
        } else if b == close {
            if depth == 0 {
                return (out, i + 1);
            }
            depth -= 1;
        }
        if b != b'\r' && b != b'\n' {
            out.push(b);
        }
        i += 1;
    }
    (out, v.len())
}

/// Parses an address-list header value (unfolded).
pub(crate) fn parse_list(v: &[u8]) -> Vec<Address> {
    let toks = lex(v);
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_group = false;
    while i < toks.len() {
        // The phrase (or local part) up to the next special.
        let start = i;
        while i < toks.len() && !matches!(toks[i], Tok::Special(_)) {
            i += 1;
        }
        let words = &toks[start..i];
        match toks.get(i) {
            Some(Tok::Special(b':')) if !in_group => {
                i += 1;
                in_group = true;
                out.push(Address {
                    mailbox: Some(phrase(words).unwrap_or_default()),
                    ..Address::default()
                });
            }
            Some(Tok::Special(b'<')) => {
                let close = toks[i..]
                    .iter()
                    .position(|t| *t == Tok::Special(b'>'))
                    .map_or(toks.len(), |p| i + p);
                let mut inner = &toks[i + 1..close];
                // obs-route: `@a,@b:` before the addr-spec.
                if let Some(c) = inner.iter().position(|t| *t == Tok::Special(b':')) {
                    inner = &inner[c + 1..];
                }
                i = (close + 1).min(toks.len());
                let name = phrase(words).or_else(|| trailing_comment(&toks, &mut i));
                out.extend(mailbox(name, inner));
            }
            _ => {
                // addr-spec: local "@" domain, up to `,` / `;` / end.
                let end = toks[i..]
                    .iter()
                    .position(|t| matches!(t, Tok::Special(b',' | b';')))
                    .map_or(toks.len(), |p| i + p);
                let spec = &toks[start..end];
                let name = spec.iter().rev().find_map(|t| match t {
                    Tok::Comment(c) if !c.trim_ascii().is_empty() => Some(c.trim_ascii().to_vec()),
                    _ => None,
                });
                out.extend(mailbox(name, spec));
                i = end;
            }
        }
        match toks.get(i) {
            Some(Tok::Special(b',')) => i += 1,
            Some(Tok::Special(b';')) => {
                i += 1;
                if in_group {
                    in_group = false;
                    out.push(Address::default());
                }
            }
            _ => {}
        }
    }
    if in_group {
        out.push(Address::default());
    }
    out
}

/// A comment right after `>` (`<a@b> (Alice)`), consumed.
fn trailing_comment(toks: &[Tok], i: &mut usize) -> Option<Vec<u8>> {
    match toks.get(*i) {
        Some(Tok::Comment(c)) if !c.trim_ascii().is_empty() => {
            *i += 1;
            Some(c.trim_ascii().to_vec())
        }
        _ => None,
    }
}

/// A display name: words and quoted strings joined by single spaces.
fn phrase(words: &[Tok]) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    for t in words {
        let w = match t {
            Tok::Word(w) | Tok::Quoted(w) => w,
            _ => continue,
        };
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(w);
    }
    let trimmed = out.trim_ascii();
    (!trimmed.is_empty()).then(|| trimmed.to_vec())
}

/// One mailbox from the tokens of an addr-spec (comments ignored).
fn mailbox(name: Option<Vec<u8>>, spec: &[Tok]) -> Option<Address> {
    let at = spec.iter().position(|t| *t == Tok::Special(b'@'));
    let (local, domain) = match at {
        Some(a) => (&spec[..a], &spec[a + 1..]),
        None => (spec, &spec[spec.len()..]),
    };
    let mut l = Vec::new();
    for t in local {
        match t {
            Tok::Word(w) => l.extend_from_slice(w),
            Tok::Quoted(q) => {
                l.push(b'"');
                for &b in q {
                    if b == b'"' || b == b'\\' {
                        l.push(b'\\');
                    }
                    l.push(b);
                }
                l.push(b'"');
            }
            _ => {}
        }
    }
    let mut d = Vec::new();
    for t in domain {
        match t {
            Tok::Word(w) | Tok::Literal(w) => d.extend_from_slice(w),
            Tok::Special(b'@') => {}
            _ => {}
        }
    }
    if l.is_empty() && d.is_empty() && name.is_none() {
        return None;
    }
    Some(Address {
        name,
        adl: None,
        mailbox: Some(l),
        host: Some(if d.is_empty() {
            MISSING_HOST.to_vec()
        } else {
            d
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(name: Option<&str>, mailbox: &str, host: &str) -> Address {
        Address {
            name: name.map(|n| n.as_bytes().to_vec()),
            adl: None,
            mailbox: Some(mailbox.as_bytes().to_vec()),
            host: Some(host.as_bytes().to_vec()),
        }
    }

    #[test]
    fn common_forms() {
        assert_eq!(
            parse_list(
                b"\"Doe, John\" <john@x.com>, jane@y.org (Jane Roe), =?UTF-8?Q?Zofia?= <z@p.pl>"
            ),
            vec![
                a(Some("Doe, John"), "john", "x.com"),
                a(Some("Jane Roe"), "jane", "y.org"),
                a(Some("=?UTF-8?Q?Zofia?="), "z", "p.pl"),
            ]
        );
        assert_eq!(parse_list(b"<a@b>"), vec![a(None, "a", "b")]);
        assert_eq!(
            parse_list(b"\"quoted \\\" local\"@ex.com"),
            vec![a(None, "\"quoted \\\" local\"", "ex.com")]
        );
        assert_eq!(parse_list(b"<@route,@r2:x@y>"), vec![a(None, "x", "y")]);
        assert_eq!(
            parse_list(b"root"),
            vec![a(None, "root", ".MISSING-HOST-NAME.")]
        );
        assert_eq!(parse_list(b""), vec![]);
    }

    #[test]
    fn groups() {
        let start = |n: &str| Address {
            mailbox: Some(n.as_bytes().to_vec()),
            ..Address::default()
        };
        assert_eq!(
            parse_list(b"undisclosed-recipients:;"),
            vec![start("undisclosed-recipients"), Address::default()]
        );
        assert_eq!(
            parse_list(b"Team: a@x, \"B\" <b@y>; c@z"),
            vec![
                start("Team"),
                a(None, "a", "x"),
                a(Some("B"), "b", "y"),
                Address::default(),
                a(None, "c", "z"),
            ]
        );
    }
}
