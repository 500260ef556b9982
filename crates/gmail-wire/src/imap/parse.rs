//! nom parser for IMAP commands (RFC 3501 §9 plus Gmail's extensions).
//!
//! Input is one complete message as found by [`super::frame::Framer`]
//! (literal data inline), so the parser uses `complete` combinators: running
//! out of input here is a syntax error, not a reason to wait.
//!
//! Functions are named after the ABNF rule they implement.

use chrono::{DateTime, FixedOffset, NaiveDate};
use nom::{
    branch::alt,
    bytes::complete::{tag, tag_no_case, take, take_while1},
    character::complete::{char, digit1},
    combinator::{map, map_res, opt, recognize, value},
    multi::{separated_list0, separated_list1},
    sequence::{delimited, preceded, separated_pair, terminated},
    IResult, Parser,
};

use super::types::*;
use crate::secret::Secret;

/// Why a command could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct ParseError {
    /// The tag, when the line started with a valid one (the reply is then
    /// tagged; otherwise Gmail answers `* BAD`).
    pub tag: Option<Tag>,
    /// What went wrong.
    pub kind: ParseErrorKind,
}

/// Classes of command errors; each maps to a distinct Gmail reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// No valid tag at the start of the line.
    #[error("missing or invalid tag")]
    MissingTag,
    /// The command name is not one this server implements (Gmail: `BAD
    /// Unknown command`).
    #[error("unknown command {0:?}")]
    UnknownCommand(String),
    /// A known command with bad arguments (Gmail: `BAD Could not parse
    /// command`).
    #[error("could not parse arguments of {0}")]
    Syntax(String),
}

type Res<'a, T> = IResult<&'a [u8], T>;

/// Parses one complete command, including its final line end.
pub fn parse_command(input: &[u8]) -> Result<Command, ParseError> {
    let Ok((rest, tag)) = terminated(tag_rule, char(' ')).parse(input) else {
        return Err(ParseError {
            tag: None,
            kind: ParseErrorKind::MissingTag,
        });
    };
    let tag = Tag(tag.to_owned());
    let err = |kind| ParseError {
        tag: Some(tag.clone()),
        kind,
    };
    let (rest, name) = match atom(rest) {
        Ok(v) => v,
        Err(_) => return Err(err(ParseErrorKind::UnknownCommand(String::new()))),
    };
    let name = name.to_ascii_uppercase();
    let (rest, uid) = if name == "UID" {
        let Ok((rest, sub)) = preceded(char(' '), atom).parse(rest) else {
            return Err(err(ParseErrorKind::Syntax("UID".into())));
        };
        (rest, Some(sub.to_ascii_uppercase()))
    } else {
        (rest, None)
    };
    let full_name = match &uid {
        Some(sub) => format!("UID {sub}"),
        None => name.clone(),
    };
    let Some(body_parser) = command_parser(&name, uid.as_deref()) else {
        return Err(err(ParseErrorKind::UnknownCommand(full_name)));
    };
    match terminated(body_parser, crlf).parse(rest) {
        Ok(([], body)) => Ok(Command { tag, body }),
        _ => Err(err(ParseErrorKind::Syntax(full_name))),
    }
}

type BodyParser = fn(&[u8]) -> Res<'_, CommandBody>;

/// Maps a command name to its argument parser; `None` = unknown command.
fn command_parser(name: &str, uid: Option<&str>) -> Option<BodyParser> {
    if let Some(sub) = uid {
        return Some(match sub {
            "FETCH" => |i| fetch(i, true),
            "SEARCH" => |i| search(i, true),
            "STORE" => |i| store(i, true),
            "COPY" => |i| copy_move(i, true, false),
            "MOVE" => |i| copy_move(i, true, true),
            "EXPUNGE" => {
                |i| map(preceded(char(' '), sequence_set), CommandBody::UidExpunge).parse(i)
            }
            _ => return None,
        });
    }
    Some(match name {
        "CAPABILITY" => |i| Ok((i, CommandBody::Capability)),
        "NOOP" => |i| Ok((i, CommandBody::Noop)),
        "LOGOUT" => |i| Ok((i, CommandBody::Logout)),
        "STARTTLS" => |i| Ok((i, CommandBody::StartTls)),
        "NAMESPACE" => |i| Ok((i, CommandBody::Namespace)),
        "IDLE" => |i| Ok((i, CommandBody::Idle)),
        "CHECK" => |i| Ok((i, CommandBody::Check)),
        "CLOSE" => |i| Ok((i, CommandBody::Close)),
        "UNSELECT" => |i| Ok((i, CommandBody::Unselect)),
        "EXPUNGE" => |i| Ok((i, CommandBody::Expunge)),
        "ID" => id,
        "LOGIN" => login,
        "AUTHENTICATE" => authenticate,
        "ENABLE" => |i| {
            map(
                nom::multi::many1(preceded(char(' '), atom)),
                |v: Vec<&str>| CommandBody::Enable(v.into_iter().map(str::to_owned).collect()),
            )
            .parse(i)
        },
        "LIST" => |i| list(i, ListKind::List),
        "LSUB" => |i| list(i, ListKind::Lsub),
        "XLIST" => |i| list(i, ListKind::Xlist),
        "STATUS" => status,
        "SELECT" => |i| {
            map(preceded(char(' '), mailbox), |mailbox| {
                CommandBody::Select {
                    mailbox,
                    read_only: false,
                }
            })
            .parse(i)
        },
        "EXAMINE" => |i| {
            map(preceded(char(' '), mailbox), |mailbox| {
                CommandBody::Select {
                    mailbox,
                    read_only: true,
                }
            })
            .parse(i)
        },
        "CREATE" => |i| map(preceded(char(' '), mailbox), CommandBody::Create).parse(i),
        "DELETE" => |i| map(preceded(char(' '), mailbox), CommandBody::Delete).parse(i),
        "SUBSCRIBE" => |i| map(preceded(char(' '), mailbox), CommandBody::Subscribe).parse(i),
        "UNSUBSCRIBE" => |i| map(preceded(char(' '), mailbox), CommandBody::Unsubscribe).parse(i),
        "GETQUOTA" => |i| map(preceded(char(' '), astring), CommandBody::GetQuota).parse(i),
        "GETQUOTAROOT" => |i| map(preceded(char(' '), mailbox), CommandBody::GetQuotaRoot).parse(i),
        "RENAME" => |i| {
            map(
                (preceded(char(' '), mailbox), preceded(char(' '), mailbox)),
                |(from, to)| CommandBody::Rename { from, to },
            )
            .parse(i)
        },
        "APPEND" => append,
        "SEARCH" => |i| search(i, false),
        "FETCH" => |i| fetch(i, false),
        "STORE" => |i| store(i, false),
        "COPY" => |i| copy_move(i, false, false),
        "MOVE" => |i| copy_move(i, false, true),
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Lexical rules.

/// `CRLF` (a bare LF is accepted too: netcat users and some scripts send it).
fn crlf(i: &[u8]) -> Res<'_, ()> {
    value((), alt((tag("\r\n"), tag("\n")))).parse(i)
}

/// `ATOM-CHAR = <any CHAR except atom-specials>`
pub(crate) fn is_atom_char(b: u8) -> bool {
    b.is_ascii()
        && !b.is_ascii_control()
        && !matches!(
            b,
            b'(' | b')' | b'{' | b' ' | b'%' | b'*' | b'"' | b'\\' | b']'
        )
}

/// `ASTRING-CHAR = ATOM-CHAR / resp-specials`
pub(crate) fn is_astring_char(b: u8) -> bool {
    is_atom_char(b) || b == b']'
}

/// `list-char = ATOM-CHAR / list-wildcards / resp-specials`
pub(crate) fn is_list_char(b: u8) -> bool {
    is_astring_char(b) || b == b'%' || b == b'*'
}

/// `tag = 1*<any ASTRING-CHAR except "+">`
fn tag_rule(i: &[u8]) -> Res<'_, &str> {
    map_res(
        take_while1(|b| is_astring_char(b) && b != b'+'),
        std::str::from_utf8,
    )
    .parse(i)
}

/// `atom = 1*ATOM-CHAR`
pub(crate) fn atom(i: &[u8]) -> Res<'_, &str> {
    map_res(take_while1(is_atom_char), std::str::from_utf8).parse(i)
}

/// `number = 1*DIGIT` (fits in 32 bits)
pub(crate) fn number(i: &[u8]) -> Res<'_, u32> {
    map_res(digit1, |d: &[u8]| {
        std::str::from_utf8(d).unwrap_or("x").parse::<u32>()
    })
    .parse(i)
}

/// A 64-bit number (X-GM-MSGID / X-GM-THRID).
pub(crate) fn number64(i: &[u8]) -> Res<'_, u64> {
    map_res(digit1, |d: &[u8]| {
        std::str::from_utf8(d).unwrap_or("x").parse::<u64>()
    })
    .parse(i)
}

/// `nz-number = digit-nz *DIGIT`
pub(crate) fn nz_number(i: &[u8]) -> Res<'_, u32> {
    map_res(number, |n| if n == 0 { Err(()) } else { Ok(n) }).parse(i)
}

/// `quoted = DQUOTE *QUOTED-CHAR DQUOTE`; UTF-8 is accepted (UTF8=ACCEPT).
pub(crate) fn quoted(i: &[u8]) -> Res<'_, String> {
    let (mut i, _) = char('"').parse(i)?;
    let mut out = Vec::new();
    loop {
        match i.first() {
            None => return Err(nom_err(i)),
            Some(b'"') => {
                i = &i[1..];
                break;
            }
            Some(b'\\') => match i.get(1) {
                Some(&c @ (b'"' | b'\\')) => {
                    out.push(c);
                    i = &i[2..];
                }
                _ => return Err(nom_err(i)),
            },
            Some(b'\r' | b'\n' | 0) => return Err(nom_err(i)),
            Some(&c) => {
                out.push(c);
                i = &i[1..];
            }
        }
    }
    match String::from_utf8(out) {
        Ok(s) => Ok((i, s)),
        Err(_) => Err(nom_err(i)),
    }
}

/// `literal = "{" number ["+"] "}" CRLF *CHAR8` (data inline).
pub(crate) fn literal(i: &[u8]) -> Res<'_, &[u8]> {
    let (i, n) = delimited(char('{'), number64, (opt(char('+')), char('}'))).parse(i)?;
    let (i, _) = crlf(i)?;
    let n = usize::try_from(n).map_err(|_| nom_err(i))?;
    take(n).parse(i)
}

fn literal_utf8(i: &[u8]) -> Res<'_, String> {
    map_res(literal, |b: &[u8]| String::from_utf8(b.to_vec())).parse(i)
}

/// `string = quoted / literal`
pub(crate) fn string(i: &[u8]) -> Res<'_, String> {
    alt((quoted, literal_utf8)).parse(i)
}

/// `nstring = string / nil`
pub(crate) fn nstring(i: &[u8]) -> Res<'_, Option<String>> {
    alt((value(None, tag_no_case("NIL")), map(string, Some))).parse(i)
}

/// `astring = 1*ASTRING-CHAR / string`
pub(crate) fn astring(i: &[u8]) -> Res<'_, String> {
    alt((
        map(
            map_res(take_while1(is_astring_char), std::str::from_utf8),
            str::to_owned,
        ),
        string,
    ))
    .parse(i)
}

/// `mailbox = "INBOX" / astring` (INBOX is case-insensitive; we normalise).
pub(crate) fn mailbox(i: &[u8]) -> Res<'_, String> {
    map(astring, |m| {
        if m.eq_ignore_ascii_case("INBOX") {
            "INBOX".to_owned()
        } else {
            m
        }
    })
    .parse(i)
}

/// `list-mailbox = 1*list-char / string`
fn list_mailbox(i: &[u8]) -> Res<'_, String> {
    alt((
        map(
            map_res(take_while1(is_list_char), std::str::from_utf8),
            str::to_owned,
        ),
        string,
    ))
    .parse(i)
}

/// `flag = "\Answered" / … / flag-keyword / flag-extension`
pub(crate) fn flag(i: &[u8]) -> Res<'_, String> {
    alt((
        map(recognize((char('\\'), atom)), |b: &[u8]| {
            String::from_utf8_lossy(b).into_owned()
        }),
        map(atom, str::to_owned),
    ))
    .parse(i)
}

/// Whether `s` is written as a flag (`\Important`) rather than as an
/// astring inside X-GM-LABELS: a backslash followed by an atom.
pub(crate) fn is_flag_label(s: &str) -> bool {
    s.strip_prefix('\\').is_some_and(is_atom)
}

/// One X-GM-LABELS value: a system label in flag form (`\Important`) or an
/// astring (`[Gmail]/Drafts`, `"Work Stuff"`).
///
/// The flag form is tried only after a backslash: as a first alternative,
/// `flag` would take the `[Gmail` of `[Gmail]/Drafts` as an atom, stop at
/// the `]` (an ASTRING-CHAR but not an ATOM-CHAR) and leave `]/Drafts` to
/// fail the rest of the command.
pub(crate) fn label(i: &[u8]) -> Res<'_, String> {
    if i.first() == Some(&b'\\') {
        map(recognize((char('\\'), atom)), |b: &[u8]| {
            String::from_utf8_lossy(b).into_owned()
        })
        .parse(i)
    } else {
        astring(i)
    }
}

/// `flag-list = "(" [flag *(SP flag)] ")"`
fn flag_list(i: &[u8]) -> Res<'_, Vec<String>> {
    delimited(char('('), separated_list0(char(' '), flag), char(')')).parse(i)
}

/// `seq-number = nz-number / "*"`
fn seq_number(i: &[u8]) -> Res<'_, SeqNum> {
    alt((
        map(nz_number, SeqNum::Value),
        value(SeqNum::Largest, char('*')),
    ))
    .parse(i)
}

/// `sequence-set = (seq-number / seq-range) ["," sequence-set]`
pub(crate) fn sequence_set(i: &[u8]) -> Res<'_, SequenceSet> {
    map(
        separated_list1(
            char(','),
            map(
                (seq_number, opt(preceded(char(':'), seq_number))),
                |(start, end)| SeqRange { start, end },
            ),
        ),
        SequenceSet,
    )
    .parse(i)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(i: &[u8]) -> Res<'_, u32> {
    let (rest, m) = take(3usize).parse(i)?;
    MONTHS
        .iter()
        .position(|name| name.as_bytes().eq_ignore_ascii_case(m))
        .map(|p| (rest, p as u32 + 1))
        .ok_or_else(|| nom_err(i))
}

/// `date-text = date-day "-" date-month "-" date-year`
fn date_text(i: &[u8]) -> Res<'_, NaiveDate> {
    map_res(
        (number, char('-'), month, char('-'), number),
        |(d, _, m, _, y)| NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(()),
    )
    .parse(i)
}

/// `date = date-text / DQUOTE date-text DQUOTE`
fn date(i: &[u8]) -> Res<'_, NaiveDate> {
    alt((delimited(char('"'), date_text, char('"')), date_text)).parse(i)
}

/// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`
pub(crate) fn date_time(i: &[u8]) -> Res<'_, DateTime<FixedOffset>> {
    let (i, _) = char('"').parse(i)?;
    let (i, _) = opt(char(' ')).parse(i)?;
    let (i, day) = date_text(i)?;
    let (i, _) = char(' ').parse(i)?;
    let (i, (h, _, m, _, s)) = (number, char(':'), number, char(':'), number).parse(i)?;
    let (i, _) = char(' ').parse(i)?;
    let (i, sign) = alt((value(1i32, char('+')), value(-1i32, char('-')))).parse(i)?;
    let (i, zone) = map_res(take(4usize), |z: &[u8]| {
        std::str::from_utf8(z).map_err(|_| ()).and_then(|s| {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<i32>().map_err(|_| ())
            } else {
                Err(())
            }
        })
    })
    .parse(i)?;
    let (i, _) = char('"').parse(i)?;
    let offset = FixedOffset::east_opt(sign * ((zone / 100) * 3600 + (zone % 100) * 60))
        .ok_or_else(|| nom_err(i))?;
    let naive = day.and_hms_opt(h, m, s).ok_or_else(|| nom_err(i))?;
    let dt = naive
        .and_local_timezone(offset)
        .single()
        .ok_or_else(|| nom_err(i))?;
    Ok((i, dt))
}

fn nom_err(i: &[u8]) -> nom::Err<nom::error::Error<&[u8]>> {
    nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))
}

// ---------------------------------------------------------------------------
// Command arguments.

/// `id = "ID" SP id-params-list`
fn id(i: &[u8]) -> Res<'_, CommandBody> {
    let pair = separated_pair(string, char(' '), nstring);
    preceded(
        char(' '),
        alt((
            value(CommandBody::Id(None), tag_no_case("NIL")),
            map(
                delimited(char('('), separated_list0(char(' '), pair), char(')')),
                |v| CommandBody::Id(Some(v)),
            ),
        )),
    )
    .parse(i)
}

/// `login = "LOGIN" SP userid SP password`
fn login(i: &[u8]) -> Res<'_, CommandBody> {
    map(
        (preceded(char(' '), astring), preceded(char(' '), astring)),
        |(username, password)| CommandBody::Login {
            username,
            password: Secret::new(password),
        },
    )
    .parse(i)
}

/// `authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")]`
fn authenticate(i: &[u8]) -> Res<'_, CommandBody> {
    let base64 = map_res(
        take_while1(|b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')),
        std::str::from_utf8,
    );
    map(
        (preceded(char(' '), atom), opt(preceded(char(' '), base64))),
        |(mech, ir): (&str, Option<&str>)| CommandBody::Authenticate {
            mechanism: mech.to_ascii_uppercase(),
            initial_response: ir.map(|s| Secret::new(s.to_owned())),
        },
    )
    .parse(i)
}

/// `list = "LIST" SP mailbox SP list-mailbox`
fn list(i: &[u8], kind: ListKind) -> Res<'_, CommandBody> {
    map(
        (
            preceded(char(' '), mailbox_or_empty),
            preceded(char(' '), list_mailbox),
        ),
        move |(reference, pattern)| CommandBody::List {
            kind,
            reference,
            pattern,
        },
    )
    .parse(i)
}

/// The reference of LIST is a mailbox, but `""` must not become INBOX.
fn mailbox_or_empty(i: &[u8]) -> Res<'_, String> {
    astring(i)
}

/// `status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"`
fn status(i: &[u8]) -> Res<'_, CommandBody> {
    let item = alt((
        value(StatusItem::Messages, tag_no_case("MESSAGES")),
        value(StatusItem::Recent, tag_no_case("RECENT")),
        value(StatusItem::UidNext, tag_no_case("UIDNEXT")),
        value(StatusItem::UidValidity, tag_no_case("UIDVALIDITY")),
        value(StatusItem::Unseen, tag_no_case("UNSEEN")),
    ));
    map(
        (
            preceded(char(' '), mailbox),
            preceded(
                char(' '),
                delimited(char('('), separated_list1(char(' '), item), char(')')),
            ),
        ),
        |(mailbox, items)| CommandBody::Status { mailbox, items },
    )
    .parse(i)
}

/// `append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal`
fn append(i: &[u8]) -> Res<'_, CommandBody> {
    map(
        (
            preceded(char(' '), mailbox),
            opt(preceded(char(' '), flag_list)),
            opt(preceded(char(' '), date_time)),
            preceded(char(' '), literal),
        ),
        |(mailbox, flags, date, message)| CommandBody::Append {
            mailbox,
            flags: flags.unwrap_or_default(),
            date,
            message: message.to_vec(),
        },
    )
    .parse(i)
}

/// `copy = "COPY" SP sequence-set SP mailbox` (MOVE has the same shape).
fn copy_move(i: &[u8], uid: bool, is_move: bool) -> Res<'_, CommandBody> {
    map(
        (
            preceded(char(' '), sequence_set),
            preceded(char(' '), mailbox),
        ),
        move |(set, mailbox)| {
            if is_move {
                CommandBody::Move { uid, set, mailbox }
            } else {
                CommandBody::Copy { uid, set, mailbox }
            }
        },
    )
    .parse(i)
}

/// `store = "STORE" SP sequence-set SP store-att-flags`
fn store(i: &[u8], uid: bool) -> Res<'_, CommandBody> {
    let (i, set) = preceded(char(' '), sequence_set).parse(i)?;
    let (i, _) = char(' ').parse(i)?;
    let (i, mode) = alt((
        value(StoreMode::Add, char('+')),
        value(StoreMode::Remove, char('-')),
        value(StoreMode::Replace, tag("")),
    ))
    .parse(i)?;
    let (i, target) = alt((
        value(StoreTarget::Flags, tag_no_case("FLAGS")),
        value(StoreTarget::GmLabels, tag_no_case("X-GM-LABELS")),
    ))
    .parse(i)?;
    let (i, silent) = map(opt(tag_no_case(".SILENT")), |s| s.is_some()).parse(i)?;
    let (i, _) = char(' ').parse(i)?;
    let (i, values) = match target {
        StoreTarget::Flags => alt((flag_list, separated_list1(char(' '), flag))).parse(i)?,
        StoreTarget::GmLabels => alt((
            delimited(char('('), separated_list0(char(' '), label), char(')')),
            separated_list1(char(' '), label),
        ))
        .parse(i)?,
    };
    Ok((
        i,
        CommandBody::Store {
            uid,
            set,
            mode,
            silent,
            target,
            values,
        },
    ))
}

/// `fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")`
fn fetch(i: &[u8], uid: bool) -> Res<'_, CommandBody> {
    let items = alt((
        value(
            FetchItems::All,
            terminated(tag_no_case("ALL"), not_atom_char),
        ),
        value(
            FetchItems::Full,
            terminated(tag_no_case("FULL"), not_atom_char),
        ),
        value(
            FetchItems::Fast,
            terminated(tag_no_case("FAST"), not_atom_char),
        ),
        map(
            delimited(char('('), separated_list1(char(' '), fetch_att), char(')')),
            FetchItems::List,
        ),
        map(fetch_att, |a| FetchItems::List(vec![a])),
    ));
    map(
        (
            preceded(char(' '), sequence_set),
            preceded(char(' '), items),
        ),
        move |(set, items)| CommandBody::Fetch { uid, set, items },
    )
    .parse(i)
}

/// Succeeds (consuming nothing) unless the next byte continues an atom.
fn not_atom_char(i: &[u8]) -> Res<'_, ()> {
    match i.first() {
        Some(&b) if is_atom_char(b) || b == b'[' => Err(nom_err(i)),
        _ => Ok((i, ())),
    }
}

/// `fetch-att` (RFC 3501) plus X-GM-MSGID / X-GM-THRID / X-GM-LABELS.
fn fetch_att(i: &[u8]) -> Res<'_, FetchAttr> {
    let (rest, name) = map_res(
        take_while1(|b: u8| is_atom_char(b) && b != b'[' && b != b'<'),
        std::str::from_utf8,
    )
    .parse(i)?;
    let upper = name.to_ascii_uppercase();
    let simple = match upper.as_str() {
        "ENVELOPE" => Some(FetchAttr::Envelope),
        "FLAGS" => Some(FetchAttr::Flags),
        "INTERNALDATE" => Some(FetchAttr::InternalDate),
        "RFC822" => Some(FetchAttr::Rfc822),
        "RFC822.HEADER" => Some(FetchAttr::Rfc822Header),
        "RFC822.SIZE" => Some(FetchAttr::Rfc822Size),
        "RFC822.TEXT" => Some(FetchAttr::Rfc822Text),
        "BODYSTRUCTURE" => Some(FetchAttr::BodyStructure),
        "UID" => Some(FetchAttr::Uid),
        "X-GM-MSGID" => Some(FetchAttr::XGmMsgId),
        "X-GM-THRID" => Some(FetchAttr::XGmThrId),
        "X-GM-LABELS" => Some(FetchAttr::XGmLabels),
        "BODY" | "BODY.PEEK" => None,
        _ => return Err(nom_err(i)),
    };
    if let Some(attr) = simple {
        return Ok((rest, attr));
    }
    let peek = upper == "BODY.PEEK";
    if !rest.starts_with(b"[") {
        return if peek {
            Err(nom_err(i))
        } else {
            Ok((rest, FetchAttr::Body))
        };
    }
    let (rest, section) = delimited(char('['), section_spec, char(']')).parse(rest)?;
    let (rest, partial) = opt(delimited(
        char('<'),
        separated_pair(number, char('.'), nz_number),
        char('>'),
    ))
    .parse(rest)?;
    Ok((
        rest,
        FetchAttr::BodySection {
            peek,
            section,
            partial,
        },
    ))
}

/// `section-spec = section-msgtext / (section-part ["." section-text])`
pub(crate) fn section_spec(i: &[u8]) -> Res<'_, Section> {
    let (i, part) = separated_list0(char('.'), nz_number).parse(i)?;
    let i = if part.is_empty() {
        i
    } else {
        match opt(char('.')).parse(i)? {
            (rest, Some(_)) => rest,
            (rest, None) => return Ok((rest, Section { part, text: None })),
        }
    };
    let header_list = || {
        preceded(
            char(' '),
            delimited(char('('), separated_list1(char(' '), astring), char(')')),
        )
    };
    let (i, text) = opt(alt((
        map(
            preceded(tag_no_case("HEADER.FIELDS.NOT"), header_list()),
            SectionText::HeaderFieldsNot,
        ),
        map(
            preceded(tag_no_case("HEADER.FIELDS"), header_list()),
            SectionText::HeaderFields,
        ),
        value(SectionText::Header, tag_no_case("HEADER")),
        value(SectionText::Text, tag_no_case("TEXT")),
        value(SectionText::Mime, tag_no_case("MIME")),
    )))
    .parse(i)?;
    if !part.is_empty() && text.is_none() {
        // "1." with nothing after the dot.
        return Err(nom_err(i));
    }
    if part.is_empty() && text == Some(SectionText::Mime) {
        return Err(nom_err(i));
    }
    Ok((i, Section { part, text }))
}

/// `search = "SEARCH" [SP "CHARSET" SP astring] 1*(SP search-key)`
fn search(i: &[u8], uid: bool) -> Res<'_, CommandBody> {
    let (i, charset) = opt(preceded(
        (char(' '), tag_no_case("CHARSET"), char(' ')),
        astring,
    ))
    .parse(i)?;
    let (i, criteria) = nom::multi::many1(preceded(char(' '), search_key)).parse(i)?;
    Ok((
        i,
        CommandBody::Search {
            uid,
            charset,
            criteria,
        },
    ))
}

/// How deep `NOT`, `OR` and parenthesised lists may nest in one SEARCH.
///
/// Real clients nest a few levels. Without a cap, a client sending a line
/// of 60 000 `(` (well within the framer's line limit) makes the recursive
/// parser overflow the stack, which aborts the whole server process rather
/// than failing one command.
pub const MAX_SEARCH_DEPTH: usize = 32;

/// `search-key` (RFC 3501 §9) plus Gmail's X-GM-RAW, X-GM-MSGID, X-GM-THRID, X-GM-LABELS.
pub(crate) fn search_key(i: &[u8]) -> Res<'_, SearchKey> {
    search_key_at(i, 0)
}

/// [`search_key`] nested `depth` levels inside NOT / OR / `( … )`.
fn search_key_at(i: &[u8], depth: usize) -> Res<'_, SearchKey> {
    if depth > MAX_SEARCH_DEPTH {
        return Err(nom::Err::Failure(nom::error::Error::new(
            i,
            nom::error::ErrorKind::TooLarge,
        )));
    }
    let nested = move |i| search_key_at(i, depth + 1);
    if i.first() == Some(&b'(') {
        return map(
            delimited(char('('), separated_list1(char(' '), nested), char(')')),
            SearchKey::And,
        )
        .parse(i);
    }
    if matches!(i.first(), Some(b'0'..=b'9' | b'*')) {
        return map(sequence_set, SearchKey::SequenceSet).parse(i);
    }
    let (rest, word) = atom(i)?;
    let word = word.to_ascii_uppercase();
    let sp = |i| char(' ').parse(i);
    let arg = |i| preceded(sp, astring).parse(i);
    let date_arg = |i| preceded(sp, date).parse(i);
    let num_arg = |i| preceded(sp, number).parse(i);
    Ok(match word.as_str() {
        "ALL" => (rest, SearchKey::All),
        "ANSWERED" => (rest, SearchKey::Answered),
        "DELETED" => (rest, SearchKey::Deleted),
        "DRAFT" => (rest, SearchKey::Draft),
        "FLAGGED" => (rest, SearchKey::Flagged),
        "NEW" => (rest, SearchKey::New),
        "OLD" => (rest, SearchKey::Old),
        "RECENT" => (rest, SearchKey::Recent),
        "SEEN" => (rest, SearchKey::Seen),
        "UNANSWERED" => (rest, SearchKey::Unanswered),
        "UNDELETED" => (rest, SearchKey::Undeleted),
        "UNDRAFT" => (rest, SearchKey::Undraft),
        "UNFLAGGED" => (rest, SearchKey::Unflagged),
        "UNSEEN" => (rest, SearchKey::Unseen),
        "BCC" => map(arg, SearchKey::Bcc).parse(rest)?,
        "BODY" => map(arg, SearchKey::Body).parse(rest)?,
        "CC" => map(arg, SearchKey::Cc).parse(rest)?,
        "FROM" => map(arg, SearchKey::From).parse(rest)?,
        "SUBJECT" => map(arg, SearchKey::Subject).parse(rest)?,
        "TEXT" => map(arg, SearchKey::Text).parse(rest)?,
        "TO" => map(arg, SearchKey::To).parse(rest)?,
        "KEYWORD" => map(preceded(sp, flag), SearchKey::Keyword).parse(rest)?,
        "UNKEYWORD" => map(preceded(sp, flag), SearchKey::Unkeyword).parse(rest)?,
        "X-GM-RAW" => map(arg, SearchKey::XGmRaw).parse(rest)?,
        "X-GM-LABELS" => map(preceded(sp, label), SearchKey::XGmLabels).parse(rest)?,
        "X-GM-MSGID" => map(preceded(sp, number64), SearchKey::XGmMsgId).parse(rest)?,
        "X-GM-THRID" => map(preceded(sp, number64), SearchKey::XGmThrId).parse(rest)?,
        "HEADER" => map((arg, arg), |(k, v)| SearchKey::Header(k, v)).parse(rest)?,
        "BEFORE" => map(date_arg, SearchKey::Before).parse(rest)?,
        "ON" => map(date_arg, SearchKey::On).parse(rest)?,
        "SINCE" => map(date_arg, SearchKey::Since).parse(rest)?,
        "SENTBEFORE" => map(date_arg, SearchKey::SentBefore).parse(rest)?,
        "SENTON" => map(date_arg, SearchKey::SentOn).parse(rest)?,
        "SENTSINCE" => map(date_arg, SearchKey::SentSince).parse(rest)?,
        "LARGER" => map(num_arg, SearchKey::Larger).parse(rest)?,
        "SMALLER" => map(num_arg, SearchKey::Smaller).parse(rest)?,
        "UID" => map(preceded(sp, sequence_set), SearchKey::Uid).parse(rest)?,
        "NOT" => map(preceded(sp, nested), |k| SearchKey::Not(Box::new(k))).parse(rest)?,
        "OR" => map((preceded(sp, nested), preceded(sp, nested)), |(a, b)| {
            SearchKey::Or(Box::new(a), Box::new(b))
        })
        .parse(rest)?,
        _ => return Err(nom_err(i)),
    })
}

/// Parses a continuation line of a SASL exchange: base64 text or `*`
/// (cancel). Returns `None` for `*`.
pub fn parse_sasl_line(line: &[u8]) -> Option<Option<&str>> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line == b"*" {
        return Some(None);
    }
    let ok = line
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    if ok {
        std::str::from_utf8(line).ok().map(Some)
    } else {
        None
    }
}

/// Helper kept for symmetry with the encoder: is `s` a valid IMAP atom?
pub fn is_atom(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_atom_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> CommandBody {
        parse_command(s.as_bytes())
            .unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
            .body
    }

    #[test]
    fn login_forms() {
        let CommandBody::Login { username, password } = ok("a1 LOGIN alice@x.com \"p\\\"w\"\r\n")
        else {
            panic!()
        };
        assert_eq!(username, "alice@x.com");
        assert_eq!(password.expose(), "p\"w");
        let CommandBody::Login { password, .. } = ok("a1 login {5}\r\nalice {3+}\r\nabc\r\n")
        else {
            panic!()
        };
        assert_eq!(password.expose(), "abc");
    }

    #[test]
    fn authenticate_forms() {
        assert_eq!(
            format!("{:?}", ok("a AUTHENTICATE plain\r\n")),
            "Authenticate { mechanism: \"PLAIN\", initial_response: None }"
        );
        let CommandBody::Authenticate {
            initial_response, ..
        } = ok("a AUTHENTICATE XOAUTH2 dXNlcj1h=\r\n")
        else {
            panic!()
        };
        assert_eq!(initial_response.unwrap().expose(), "dXNlcj1h=");
    }

    #[test]
    fn fetch_forms() {
        let CommandBody::Fetch { items, set, uid } =
            ok("a UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.100> UID)\r\n")
        else {
            panic!()
        };
        assert!(uid);
        assert!(set.contains(5, 9));
        assert_eq!(items.expand().len(), 3);
        assert!(matches!(
            ok("a FETCH 1 ALL\r\n"),
            CommandBody::Fetch {
                items: FetchItems::All,
                ..
            }
        ));
        assert!(matches!(
            ok("a FETCH 1 BODY[]\r\n"),
            CommandBody::Fetch { .. }
        ));
        assert!(matches!(
            ok("a FETCH 2 BODY[1.2.MIME]\r\n"),
            CommandBody::Fetch { .. }
        ));
        assert!(parse_command(b"a FETCH 0 FLAGS\r\n").is_err());
    }

    #[test]
    fn search_forms() {
        let CommandBody::Search { criteria, charset, .. } = ok(
            "a UID SEARCH CHARSET UTF-8 OR FROM bob (UNSEEN SINCE 1-Feb-2024) NOT 1:5 X-GM-RAW \"is:unread\"\r\n",
        ) else {
            panic!()
        };
        assert_eq!(charset.as_deref(), Some("UTF-8"));
        assert_eq!(criteria.len(), 3);
    }

    #[test]
    fn errors_are_classified() {
        let e = parse_command(b"a7 SORT (DATE) UTF-8 ALL\r\n").unwrap_err();
        assert_eq!(e.tag, Some(Tag("a7".into())));
        assert!(matches!(e.kind, ParseErrorKind::UnknownCommand(_)));
        let e = parse_command(b"a8 SELECT\r\n").unwrap_err();
        assert!(matches!(e.kind, ParseErrorKind::Syntax(_)));
        let e = parse_command(b"+ foo\r\n").unwrap_err();
        assert_eq!(e.tag, None);
    }

    /// `flag` as the first alternative took `[Gmail` from `[Gmail]/Drafts`
    /// and stopped at `]`, so STORE and SEARCH with such labels failed.
    #[test]
    fn labels_with_brackets() {
        let CommandBody::Store { values, .. } =
            ok("a STORE 1 +X-GM-LABELS ([Gmail]/Drafts \\Important \"a b\")\r\n")
        else {
            panic!()
        };
        assert_eq!(values, ["[Gmail]/Drafts", "\\Important", "a b"]);
        let CommandBody::Search { criteria, .. } =
            ok("a SEARCH X-GM-LABELS [Gmail]/Drafts ALL\r\n")
        else {
            panic!()
        };
        assert_eq!(
            criteria,
            [
                SearchKey::XGmLabels("[Gmail]/Drafts".into()),
                SearchKey::All
            ]
        );
    }

    /// Nesting deeper than [`MAX_SEARCH_DEPTH`] is a syntax error; it used
    /// to recurse until the stack overflowed and the process aborted.
    #[test]
    fn search_nesting_is_capped() {
        let nested = |depth: usize| {
            let mut line = String::from("a SEARCH ");
            line.push_str(&"(NOT ".repeat(depth));
            line.push_str("ALL");
            line.push_str(&")".repeat(depth));
            line.push_str("\r\n");
            parse_command(line.as_bytes())
        };
        // `(` and `NOT` each add a level.
        assert!(nested(MAX_SEARCH_DEPTH / 2).is_ok());
        let e = nested(MAX_SEARCH_DEPTH / 2 + 1).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::Syntax("SEARCH".into()));
        assert!(nested(30_000).is_err());
    }

    #[test]
    fn append_with_date() {
        let CommandBody::Append {
            flags,
            date,
            message,
            ..
        } = ok("a APPEND INBOX (\\Seen) \"05-Mar-2024 10:00:00 +0100\" {2}\r\nhi\r\n")
        else {
            panic!()
        };
        assert_eq!(flags, vec!["\\Seen".to_string()]);
        assert_eq!(date.unwrap().to_rfc3339(), "2024-03-05T10:00:00+01:00");
        assert_eq!(message, b"hi");
    }
}
