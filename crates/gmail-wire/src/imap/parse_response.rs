//! nom parser for IMAP server responses (RFC 3501 §9 `response`), used by
//! the doctor's probes so that nothing the server said is lost: the
//! greeting, untagged `[WEBALERT]` and `BYE` lines, RFC 5530 codes.
//!
//! Input is one complete response as found by
//! [`super::frame::Framer::for_responses`]. Untagged data that is not typed
//! here is kept verbatim in [`Data::Other`] rather than rejected, because a
//! diagnostic client must tolerate whatever a real server sends.

use nom::{
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_till, take_while1},
    character::complete::char,
    combinator::{map, opt, recognize, value},
    multi::separated_list0,
    sequence::{delimited, preceded, separated_pair},
    IResult, Parser,
};

use super::code::Code;
use super::parse::{
    astring, atom, date_time, flag, is_atom_char, label, nstring, number, number64, section_spec,
    string,
};
use super::response::{Data, FetchValue, Response, StatusKind, StatusResponse};
use super::types::{ListKind, StatusItem, Tag};

type Res<'a, T> = IResult<&'a [u8], T>;

/// Why a response could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed IMAP response: {line:?}")]
pub struct ResponseParseError {
    /// The offending line (lossy UTF-8, at most 200 chars).
    pub line: String,
}

/// Parses one complete response (including CRLF).
pub fn parse_response(input: &[u8]) -> Result<Response, ResponseParseError> {
    let body = strip_crlf(input);
    let err = || ResponseParseError {
        line: String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
    };
    if let Some(rest) = body.strip_prefix(b"+") {
        let text = rest.strip_prefix(b" ").unwrap_or(rest);
        return Ok(Response::Continue(lossy(text)));
    }
    if let Some(rest) = body.strip_prefix(b"* ") {
        if let Ok((_, s)) = status_body(None, rest) {
            return Ok(Response::Status(s));
        }
        return Ok(Response::Data(
            untagged_data(rest)
                .ok()
                .filter(|(r, _)| r.is_empty())
                .map(|(_, d)| d)
                .unwrap_or_else(|| Data::Other(lossy(rest))),
        ));
    }
    let (rest, t) = take_while1::<_, _, nom::error::Error<&[u8]>>(|b: u8| {
        super::parse::is_astring_char(b) && b != b'+'
    })
    .parse(body)
    .map_err(|_| err())?;
    let rest = rest.strip_prefix(b" ").ok_or_else(err)?;
    let tag = Tag(lossy(t));
    match status_body(Some(tag), rest) {
        Ok((_, s)) if s.kind != StatusKind::PreAuth && s.kind != StatusKind::Bye => {
            Ok(Response::Status(s))
        }
        _ => Err(err()),
    }
}

fn strip_crlf(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `resp-cond-state / resp-cond-bye / resp-cond-auth` after the tag.
fn status_body(tag: Option<Tag>, i: &[u8]) -> Res<'_, StatusResponse> {
    let (i, kind) = alt((
        value(StatusKind::Ok, tag_no_case("OK")),
        value(StatusKind::No, tag_no_case("NO")),
        value(StatusKind::Bad, tag_no_case("BAD")),
        value(StatusKind::PreAuth, tag_no_case("PREAUTH")),
        value(StatusKind::Bye, tag_no_case("BYE")),
    ))
    .parse(i)?;
    // The keyword must end here or be followed by a space.
    if let Some(&b) = i.first() {
        if b != b' ' {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Tag,
            )));
        }
    }
    let i = i.strip_prefix(b" ").unwrap_or(i);
    let (code, text) = resp_text(i);
    Ok((
        &[],
        StatusResponse {
            tag,
            kind,
            code,
            text,
        },
    ))
}

/// `resp-text = ["[" resp-text-code "]" SP] text`, leniently: a `[` that
/// does not close is plain text.
pub fn resp_text(i: &[u8]) -> (Option<Code>, String) {
    if let Some(rest) = i.strip_prefix(b"[") {
        if let Some(close) = rest.iter().position(|&b| b == b']') {
            let inner = lossy(&rest[..close]);
            let (name, arg) = match inner.split_once(' ') {
                Some((n, a)) => (n.to_owned(), Some(a.to_owned())),
                None => (inner.clone(), None),
            };
            if !name.is_empty() && name.bytes().all(is_atom_char) {
                let after = &rest[close + 1..];
                let after = after.strip_prefix(b" ").unwrap_or(after);
                return (Some(Code::from_parts(&name, arg.as_deref())), lossy(after));
            }
        }
    }
    (None, lossy(i))
}

fn sp(i: &[u8]) -> Res<'_, char> {
    char(' ').parse(i)
}

fn words(i: &[u8]) -> Res<'_, Vec<String>> {
    map(
        nom::multi::many0(preceded(sp, take_while1(|b: u8| b != b' '))),
        |v: Vec<&[u8]>| v.into_iter().map(lossy).collect(),
    )
    .parse(i)
}

fn paren_flags(i: &[u8]) -> Res<'_, Vec<String>> {
    delimited(char('('), separated_list0(sp, flag_or_star), char(')')).parse(i)
}

fn flag_or_star(i: &[u8]) -> Res<'_, String> {
    alt((map(tag("\\*"), |_| "\\*".to_owned()), flag)).parse(i)
}

fn untagged_data(i: &[u8]) -> Res<'_, Data> {
    if i.first().is_some_and(u8::is_ascii_digit) {
        let (i, n) = number(i)?;
        let (i, _) = sp(i)?;
        return alt((
            value(Data::Exists(n), tag_no_case("EXISTS")),
            value(Data::Recent(n), tag_no_case("RECENT")),
            value(Data::Expunge(n), tag_no_case("EXPUNGE")),
            map(
                preceded(
                    (tag_no_case("FETCH"), sp),
                    delimited(char('('), separated_list0(sp, fetch_value), char(')')),
                ),
                move |items| Data::Fetch { seq: n, items },
            ),
        ))
        .parse(i);
    }
    let (rest, name) = atom(i)?;
    let rest_owned = rest;
    match name.to_ascii_uppercase().as_str() {
        "CAPABILITY" => map(words, Data::Capability).parse(rest_owned),
        "ENABLED" => map(words, Data::Enabled).parse(rest_owned),
        "SEARCH" => map(nom::multi::many0(preceded(sp, number)), Data::Search).parse(rest_owned),
        "FLAGS" => map(preceded(sp, paren_flags), Data::Flags).parse(rest_owned),
        "LIST" => list_data(rest_owned, ListKind::List),
        "LSUB" => list_data(rest_owned, ListKind::Lsub),
        "XLIST" => list_data(rest_owned, ListKind::Xlist),
        "STATUS" => status_data(rest_owned),
        "ID" => id_data(rest_owned),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

fn delimiter(i: &[u8]) -> Res<'_, Option<char>> {
    alt((
        value(None, tag_no_case("NIL")),
        map(string, |s| s.chars().next()),
    ))
    .parse(i)
}

fn list_data(i: &[u8], kind: ListKind) -> Res<'_, Data> {
    map(
        (
            preceded(sp, paren_flags),
            preceded(sp, delimiter),
            preceded(sp, astring),
        ),
        move |(attributes, delimiter, mailbox)| Data::List {
            kind,
            attributes,
            delimiter,
            mailbox,
        },
    )
    .parse(i)
}

fn status_data(i: &[u8]) -> Res<'_, Data> {
    let item = alt((
        value(StatusItem::Messages, tag_no_case("MESSAGES")),
        value(StatusItem::Recent, tag_no_case("RECENT")),
        value(StatusItem::UidNext, tag_no_case("UIDNEXT")),
        value(StatusItem::UidValidity, tag_no_case("UIDVALIDITY")),
        value(StatusItem::Unseen, tag_no_case("UNSEEN")),
    ));
    map(
        (
            preceded(sp, astring),
            preceded(
                sp,
                delimited(
                    char('('),
                    separated_list0(sp, separated_pair(item, sp, number)),
                    char(')'),
                ),
            ),
        ),
        |(mailbox, items)| Data::Status { mailbox, items },
    )
    .parse(i)
}

fn id_data(i: &[u8]) -> Res<'_, Data> {
    preceded(
        sp,
        alt((
            value(Data::Id(None), tag_no_case("NIL")),
            map(
                delimited(
                    char('('),
                    separated_list0(sp, separated_pair(string, sp, nstring)),
                    char(')'),
                ),
                |v| Data::Id(Some(v)),
            ),
        )),
    )
    .parse(i)
}

fn fetch_value(i: &[u8]) -> Res<'_, FetchValue> {
    let (rest, name) = take_till(|b| b == b' ' || b == b'[' || b == b'(' || b == b')').parse(i)?;
    let upper = String::from_utf8_lossy(name).to_ascii_uppercase();
    match upper.as_str() {
        "FLAGS" => map(preceded(sp, paren_flags), FetchValue::Flags).parse(rest),
        "UID" => map(preceded(sp, number), FetchValue::Uid).parse(rest),
        "RFC822.SIZE" => map(preceded(sp, number), FetchValue::Rfc822Size).parse(rest),
        "INTERNALDATE" => map(preceded(sp, date_time), FetchValue::InternalDate).parse(rest),
        "X-GM-MSGID" => map(preceded(sp, number64), FetchValue::XGmMsgId).parse(rest),
        "X-GM-THRID" => map(preceded(sp, number64), FetchValue::XGmThrId).parse(rest),
        "X-GM-LABELS" => map(
            preceded(
                sp,
                delimited(char('('), separated_list0(sp, label), char(')')),
            ),
            FetchValue::XGmLabels,
        )
        .parse(rest),
        "RFC822" | "RFC822.HEADER" | "RFC822.TEXT" => {
            let name = upper.clone();
            map(preceded(sp, nstring_bytes), move |data| {
                FetchValue::Section {
                    name: name.clone(),
                    origin: None,
                    data,
                }
            })
            .parse(rest)
        }
        "BODY" if rest.starts_with(b"[") => {
            let (rest, section) = body_section(rest)?;
            let name = format!("BODY{}", String::from_utf8_lossy(section));
            let (rest, origin) = opt(delimited(char('<'), number, char('>'))).parse(rest)?;
            let (rest, data) = preceded(sp, nstring_bytes).parse(rest)?;
            Ok((rest, FetchValue::Section { name, origin, data }))
        }
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// The `[section]` after `BODY`, returned verbatim (brackets included).
///
/// The section is read with the command grammar's `section-spec`, because
/// header field names may contain `]` (RFC 5322 `ftext`), as an atom
/// (`BODY[HEADER.FIELDS (X]Y)]`) or quoted: cutting at the first `]` would
/// split the name and lose the whole FETCH line. A section the grammar does
/// not know still ends at the first `]`, so odd servers stay readable.
fn body_section(i: &[u8]) -> Res<'_, &[u8]> {
    if let Ok(ok) = recognize(delimited(char('['), section_spec, char(']'))).parse(i) {
        return Ok(ok);
    }
    match i.iter().position(|&b| b == b']') {
        Some(close) => Ok((&i[close + 1..], &i[..=close])),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Char,
        ))),
    }
}

/// `nstring` as raw bytes (message data need not be UTF-8).
fn nstring_bytes(i: &[u8]) -> Res<'_, Option<bytes::Bytes>> {
    alt((
        value(None, tag_no_case("NIL")),
        map(super::parse::literal, |b| {
            Some(bytes::Bytes::copy_from_slice(b))
        }),
        map(super::parse::quoted, |s| {
            Some(bytes::Bytes::from(s.into_bytes()))
        }),
    ))
    .parse(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Response {
        parse_response(s.as_bytes()).unwrap()
    }

    #[test]
    fn gmail_texts() {
        let Response::Status(s) = p("* OK Gimap ready for requests from 127.0.0.1 z12mb3\r\n")
        else {
            panic!()
        };
        assert_eq!(s.kind, StatusKind::Ok);
        assert_eq!(s.text, "Gimap ready for requests from 127.0.0.1 z12mb3");
        let Response::Status(s) =
            p("a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n")
        else {
            panic!()
        };
        assert_eq!(s.code, Some(Code::AuthenticationFailed));
        assert_eq!(s.tag.unwrap().0, "a1");
        let Response::Status(s) = p(
            "* NO [WEBALERT https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgn] Web login required.\r\n",
        ) else {
            panic!()
        };
        assert!(matches!(s.code, Some(Code::WebAlert(ref u)) if u.contains("sarp=1")));
        assert_eq!(s.text, "Web login required.");
        assert_eq!(p("+ \r\n"), Response::Continue(String::new()));
        assert_eq!(p("+\r\n"), Response::Continue(String::new()));
        let Response::Status(s) = p("a2 OK Success [THROTTLED]\r\n") else {
            panic!()
        };
        assert_eq!(s.code, None);
    }

    #[test]
    fn data() {
        assert_eq!(p("* 3 EXISTS\r\n"), Response::Data(Data::Exists(3)));
        let Response::Data(Data::Capability(c)) = p("* CAPABILITY IMAP4rev1 IDLE\r\n") else {
            panic!()
        };
        assert_eq!(c, ["IMAP4rev1", "IDLE"]);
        let Response::Data(Data::List {
            mailbox,
            attributes,
            ..
        }) = p("* LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"\r\n")
        else {
            panic!()
        };
        assert_eq!(mailbox, "[Gmail]/Sent Mail");
        assert_eq!(attributes.len(), 2);
        let Response::Data(Data::Fetch { items, .. }) =
            p("* 1 FETCH (UID 4 FLAGS (\\Seen) BODY[] {5}\r\nhello)\r\n")
        else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert!(matches!(p("* FOO bar\r\n"), Response::Data(Data::Other(ref s)) if s == "FOO bar"));
    }

    /// Labels such as `[Gmail]/Drafts` were cut at `]` (and the FETCH fell
    /// back to `Data::Other`); a label with a leading backslash that is not
    /// a flag was written raw and read back as two labels.
    #[test]
    fn fetch_labels() {
        let labels = vec![
            "\\Important".to_owned(),
            "[Gmail]/Drafts".to_owned(),
            "\\not a flag".to_owned(),
        ];
        let r = Response::Data(Data::Fetch {
            seq: 1,
            items: vec![FetchValue::XGmLabels(labels)],
        });
        let wire = r.to_bytes();
        assert_eq!(
            wire,
            b"* 1 FETCH (X-GM-LABELS (\\Important [Gmail]/Drafts \"\\\\not a flag\"))\r\n"
        );
        assert_eq!(parse_response(&wire), Ok(r));
    }

    /// Header field names may contain `]`; the section name used to end at
    /// the first one, losing the whole FETCH line.
    #[test]
    fn section_names_with_brackets() {
        let Response::Data(Data::Fetch { items, .. }) =
            p("* 2 FETCH (BODY[HEADER.FIELDS (X]Y \"a]b\")]<5> {2}\r\nhi UID 7)\r\n")
        else {
            panic!()
        };
        assert_eq!(
            items,
            [
                FetchValue::Section {
                    name: "BODY[HEADER.FIELDS (X]Y \"a]b\")]".into(),
                    origin: Some(5),
                    data: Some(bytes::Bytes::from_static(b"hi")),
                },
                FetchValue::Uid(7),
            ]
        );
        // A section outside the grammar still ends at the first `]`.
        let Response::Data(Data::Fetch { items, .. }) = p("* 3 FETCH (BODY[X-ODD] NIL)\r\n") else {
            panic!()
        };
        assert!(
            matches!(&items[0], FetchValue::Section { name, data: None, .. } if name == "BODY[X-ODD]")
        );
    }

    /// Found by the `imap_roundtrip` fuzz target: a CAPABILITY code whose
    /// last word ends in `)` lost that character on the way back.
    #[test]
    fn capability_code_words_keep_their_parentheses() {
        let input = b"* byE [CAPABILITY [H 66)\x0b)]\xc6 ";
        let r = parse_response(input).unwrap();
        let again = parse_response(&r.to_bytes()).unwrap();
        assert_eq!(again, r);
    }
}
