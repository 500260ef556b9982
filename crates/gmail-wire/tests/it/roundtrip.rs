//! Round trips: every value the generators produce survives
//! `parse(encode(v))` unchanged.
//!
//! The generators follow the wire grammar, not just the types: where a type
//! can hold a value the grammar cannot express (an empty `ENABLE`, a tagged
//! `PREAUTH`, …) the generator leaves it out and a comment names the rule.
//! Everything a real client or Gmail may send is generated, including the
//! awkward strings (spaces, quotes, backslashes, UTF-8, and CR/LF, which
//! force a literal).

use bytes::Bytes;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use gmail_wire::imap::{
    self, Code, Command, CommandBody, Data, FetchAttr, FetchItems, FetchValue, Fragment,
    FrameEvent, FrameLimits, Framer, ListKind, Response, SearchKey, Section, SectionText, SeqNum,
    SeqRange, SequenceSet, StatusItem, StatusKind, StatusResponse, StoreMode, StoreTarget, Tag,
};
use gmail_wire::sasl::encode_base64;
use gmail_wire::smtp::{self, EnhancedCode, Param, Reply};
use gmail_wire::Secret;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

// ---------------------------------------------------------------------------
// Lexical pieces.

/// The printable ASCII bytes `keep` accepts, as chars to pick from.
fn ascii_where(keep: fn(u8) -> bool) -> Vec<char> {
    (0x20u8..0x7f)
        .filter(|&b| keep(b))
        .map(char::from)
        .collect()
}

/// Strings of `len` characters drawn from `chars`.
fn string_of(chars: Vec<char>, len: std::ops::Range<usize>) -> BoxedStrategy<String> {
    vec(select(chars), len)
        .prop_map(|v| v.into_iter().collect())
        .boxed()
}

/// `ATOM-CHAR`: printable ASCII except the atom-specials `(){ %*"\]`.
fn is_atom_char(b: u8) -> bool {
    b.is_ascii_graphic() && !b"(){%*\"\\]".contains(&b)
}

/// `atom = 1*ATOM-CHAR`
fn atom() -> BoxedStrategy<String> {
    string_of(ascii_where(is_atom_char), 1..10)
}

/// `tag = 1*<any ASTRING-CHAR except "+">`
fn tag() -> BoxedStrategy<Tag> {
    prop_oneof![
        3 => (1u32..10_000).prop_map(|n| format!("a{n}")),
        1 => string_of(ascii_where(|b| (is_atom_char(b) || b == b']') && b != b'+'), 1..8),
    ]
    .prop_map(Tag)
    .boxed()
}

/// Pieces of astrings that need the atom or the quoted form: spaces,
/// quotes, backslashes, 8-bit UTF-8, brackets, wildcards, things that look
/// like literals. ([`astring`] adds the CR/LF that forces a literal.)
fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        3 => atom(),
        2 => select(vec![
            " ", "\"", "\\", "]", "[", "{3}", "{5+}", "%", "*", "(", ")", "\t", "ü", "日本語",
            "😀", "NIL", "Inbox", "a b", "\\Seen", "=?UTF-8?B?w7w=?=", "\u{7f}",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{1,6}",
    ]
    .boxed()
}

/// Any `astring` value a client might send.
fn astring() -> BoxedStrategy<String> {
    let with_line_break = (
        vec(piece(), 0..3),
        select(vec!["\r\n", "\n", "\r"]),
        vec(piece(), 0..3),
    )
        .prop_map(|(a, brk, b)| format!("{}{brk}{}", a.concat(), b.concat()));
    prop_oneof![
        4 => atom(),
        4 => vec(piece(), 0..5).prop_map(|v| v.concat()),
        2 => "\\PC{0,12}",
        1 => with_line_break,
    ]
    .boxed()
}

/// Mailbox names. The parser normalises every spelling of INBOX to
/// `INBOX` (RFC 3501 §5.1: INBOX is case-insensitive), so other spellings
/// cannot round-trip and are not generated.
fn mailbox() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just("INBOX".to_owned()),
        1 => select(vec!["[Gmail]/All Mail", "[Gmail]/Sent Mail", "[Gmail]/Drafts", "Work/2024", "Ünïcödé"])
            .prop_map(str::to_owned),
        4 => astring().prop_filter("INBOX is normalised", |m| m == "INBOX"
            || !m.eq_ignore_ascii_case("INBOX")),
    ]
    .boxed()
}

/// `list-mailbox`: like a mailbox, with `*` and `%` wildcards.
fn list_pattern() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(vec!["*", "%", "[Gmail]/%", "INBOX", "Work/*", ""]).prop_map(str::to_owned),
        3 => astring(),
    ]
    .boxed()
}

/// `flag = "\" atom / atom` (system flags, extension flags, keywords).
fn flag() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(vec!["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "$Forwarded", "Junk"])
            .prop_map(str::to_owned),
        1 => atom().prop_map(|a| format!("\\{a}")),
        2 => atom(),
    ]
    .boxed()
}

/// A flag in a response's flag list, where `\*` may also appear.
fn response_flag() -> BoxedStrategy<String> {
    prop_oneof![9 => flag(), 1 => Just("\\*".to_owned())].boxed()
}

/// A Gmail label: a system label (`\Important`) or any astring
/// (`[Gmail]/Drafts`, `Work Stuff`, UTF-8, …).
fn label() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(vec!["\\Inbox", "\\Important", "\\Sent", "\\Starred", "\\Draft", "[Gmail]/Drafts", "[Gmail]/Sent Mail", "Work]"])
            .prop_map(str::to_owned),
        3 => astring(),
    ]
    .boxed()
}

/// Sequence numbers are non-zero (`nz-number`) or `*`.
fn seq_num() -> BoxedStrategy<SeqNum> {
    prop_oneof![
        4 => (1u32..200).prop_map(SeqNum::Value),
        1 => (1u32..=u32::MAX).prop_map(SeqNum::Value),
        1 => Just(SeqNum::Largest),
    ]
    .boxed()
}

/// `sequence-set` holds at least one number or range.
fn seq_set() -> BoxedStrategy<SequenceSet> {
    vec(
        (seq_num(), option::weighted(0.5, seq_num()))
            .prop_map(|(start, end)| SeqRange { start, end }),
        1..4,
    )
    .prop_map(SequenceSet)
    .boxed()
}

/// Dates with four-digit years (`date-year = 4DIGIT`).
fn date() -> BoxedStrategy<NaiveDate> {
    (1900i32..2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("real calendar day", |(y, m, d)| {
            NaiveDate::from_ymd_opt(y, m, d)
        })
        .boxed()
}

prop_compose! {
    /// `date-time`: whole seconds and a `zone` of whole minutes (`±HHMM`).
    fn date_time()(
        d in date(),
        h in 0u32..24,
        m in 0u32..60,
        s in 0u32..60,
        zone_minutes in -(23 * 60 + 59)..=(23 * 60 + 59),
    ) -> DateTime<FixedOffset> {
        let zone = FixedOffset::east_opt(zone_minutes * 60).expect("zone below a day");
        zone.from_local_datetime(&d.and_hms_opt(h, m, s).expect("valid time"))
            .single()
            .expect("fixed offsets are unambiguous")
    }
}

/// Upper-case SASL mechanism names (`auth-type = atom`; the parser
/// upper-cases it).
fn mechanism() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(vec!["PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER", "PLAIN-CLIENTTOKEN", "XOAUTH"])
            .prop_map(str::to_owned),
        1 => "[A-Z][A-Z0-9_-]{0,15}",
    ]
    .boxed()
}

/// A SASL initial response: base64 of arbitrary bytes, `=` when empty.
fn base64_response() -> BoxedStrategy<Secret<String>> {
    vec(any::<u8>(), 0..48)
        .prop_map(|b| Secret::new(encode_base64(&b)))
        .boxed()
}

// ---------------------------------------------------------------------------
// IMAP commands.

/// RFC 5322 `ftext`: header field names are printable ASCII without `:`.
/// They never need a literal, and [`Section`]'s `Display` has no literal
/// form, so none is generated.
fn header_name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(vec!["From", "Subject", "To", "Cc", "Message-ID", "DKIM-Signature", "X-GM-THRID"])
            .prop_map(str::to_owned),
        // Legal but awkward: brackets, quotes, backslashes, wildcards.
        1 => select(vec!["X]Y", "]", "Odd\"Name", "Back\\slash", "(paren)", "Wild*%", "{3}"])
            .prop_map(str::to_owned),
        1 => string_of(ascii_where(|b| b.is_ascii_graphic() && b != b':'), 1..10),
    ]
    .boxed()
}

fn section_text() -> BoxedStrategy<SectionText> {
    prop_oneof![
        Just(SectionText::Header),
        Just(SectionText::Text),
        Just(SectionText::Mime),
        // `"(" header-fld-name *(SP header-fld-name) ")"`: at least one name.
        vec(header_name(), 1..4).prop_map(SectionText::HeaderFields),
        vec(header_name(), 1..4).prop_map(SectionText::HeaderFieldsNot),
    ]
    .boxed()
}

prop_compose! {
    /// `section-spec`: a part path (non-zero numbers) and an optional text.
    fn section()(part in vec(1u32..30, 0..4), text in option::of(section_text())) -> Section {
        // `MIME` is a `section-text`, allowed only after a part number.
        let text = match text {
            Some(SectionText::Mime) if part.is_empty() => Some(SectionText::Text),
            t => t,
        };
        Section { part, text }
    }
}

fn fetch_attr() -> BoxedStrategy<FetchAttr> {
    prop_oneof![
        2 => select(vec![
            FetchAttr::Envelope,
            FetchAttr::Flags,
            FetchAttr::InternalDate,
            FetchAttr::Rfc822,
            FetchAttr::Rfc822Header,
            FetchAttr::Rfc822Size,
            FetchAttr::Rfc822Text,
            FetchAttr::Body,
            FetchAttr::BodyStructure,
            FetchAttr::Uid,
            FetchAttr::XGmMsgId,
            FetchAttr::XGmThrId,
            FetchAttr::XGmLabels,
        ]),
        // The classic: BODY.PEEK[1.2.HEADER.FIELDS (From Subject)]<0.100>.
        1 => Just(FetchAttr::BodySection {
            peek: true,
            section: Section {
                part: vec![1, 2],
                text: Some(SectionText::HeaderFields(vec!["From".into(), "Subject".into()])),
            },
            partial: Some((0, 100)),
        }),
        // `partial = "<" number "." nz-number ">"`: the count is non-zero.
        2 => (any::<bool>(), section(), option::of((0u32..100_000, 1u32..=u32::MAX)))
            .prop_map(|(peek, section, partial)| FetchAttr::BodySection { peek, section, partial }),
    ]
    .boxed()
}

fn fetch_items() -> BoxedStrategy<FetchItems> {
    prop_oneof![
        1 => Just(FetchItems::All),
        1 => Just(FetchItems::Fast),
        1 => Just(FetchItems::Full),
        // A parenthesised list holds at least one `fetch-att`.
        5 => vec(fetch_attr(), 1..5).prop_map(FetchItems::List),
    ]
    .boxed()
}

/// Search keys without nesting.
fn search_leaf() -> BoxedStrategy<SearchKey> {
    use SearchKey as K;
    let text_keys: Vec<fn(String) -> SearchKey> =
        vec![K::Bcc, K::Body, K::Cc, K::From, K::Subject, K::Text, K::To];
    let date_keys: Vec<fn(NaiveDate) -> SearchKey> = vec![
        K::Before,
        K::On,
        K::Since,
        K::SentBefore,
        K::SentOn,
        K::SentSince,
    ];
    prop_oneof![
        3 => select(vec![
            K::All, K::Answered, K::Deleted, K::Draft, K::Flagged, K::New, K::Old, K::Recent,
            K::Seen, K::Unanswered, K::Undeleted, K::Undraft, K::Unflagged, K::Unseen,
        ]),
        3 => (select(text_keys), astring()).prop_map(|(k, s)| k(s)),
        2 => (select(date_keys), date()).prop_map(|(k, d)| k(d)),
        1 => (astring(), astring()).prop_map(|(n, v)| K::Header(n, v)),
        // `KEYWORD flag-keyword`, and `flag-keyword = atom`.
        1 => (any::<bool>(), atom()).prop_map(|(un, a)| if un { K::Unkeyword(a) } else { K::Keyword(a) }),
        1 => (any::<bool>(), any::<u32>()).prop_map(|(l, n)| if l { K::Larger(n) } else { K::Smaller(n) }),
        1 => (any::<bool>(), any::<u64>()).prop_map(|(m, n)| if m { K::XGmMsgId(n) } else { K::XGmThrId(n) }),
        1 => (any::<bool>(), seq_set()).prop_map(|(u, s)| if u { K::Uid(s) } else { K::SequenceSet(s) }),
        2 => prop_oneof![
            select(vec!["is:unread", "from:bob@example.com has:attachment", "subject:\"q3 report\"", "in:anywhere older_than:1y"])
                .prop_map(str::to_owned),
            astring(),
        ]
        .prop_map(K::XGmRaw),
        1 => label().prop_map(K::XGmLabels),
    ]
    .boxed()
}

/// Search keys with NOT / OR / parenthesised lists, a few levels deep.
fn search_key() -> BoxedStrategy<SearchKey> {
    search_leaf()
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|k| SearchKey::Not(Box::new(k))),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| SearchKey::Or(Box::new(a), Box::new(b))),
                // `"(" search-key *(SP search-key) ")"`: never empty.
                vec(inner, 1..4).prop_map(SearchKey::And),
            ]
        })
        .boxed()
}

/// The value of an ID command or response: `NIL` or key/value pairs.
type IdParams = Option<Vec<(String, Option<String>)>>;

/// `id-params-list`: string keys with nstring values.
fn id_params() -> BoxedStrategy<IdParams> {
    let key = prop_oneof![
        2 => select(vec!["name", "version", "vendor", "support-url", "os"]).prop_map(str::to_owned),
        1 => astring(),
    ];
    option::weighted(0.8, vec((key, option::weighted(0.8, astring())), 0..4)).boxed()
}

/// Commands that take no arguments or only simple ones.
fn imap_body_simple() -> BoxedStrategy<CommandBody> {
    use CommandBody as B;
    prop_oneof![
        3 => select(vec![
            B::Capability, B::Noop, B::Logout, B::StartTls, B::Namespace, B::Idle, B::Check,
            B::Close, B::Unselect, B::Expunge,
        ]),
        1 => id_params().prop_map(B::Id),
        2 => (astring(), astring()).prop_map(|(username, password)| B::Login {
            username,
            password: Secret::new(password),
        }),
        2 => (mechanism(), option::of(base64_response())).prop_map(|(mechanism, initial_response)| {
            B::Authenticate { mechanism, initial_response }
        }),
        // `enable = "ENABLE" 1*(SP capability)`, `capability = atom`.
        1 => vec(
            prop_oneof![
                select(vec!["CONDSTORE", "UTF8=ACCEPT", "QRESYNC", "X-GM-EXT-1"]).prop_map(str::to_owned),
                atom(),
            ],
            1..4,
        )
        .prop_map(B::Enable),
        1 => seq_set().prop_map(B::UidExpunge),
    ]
    .boxed()
}

/// APPEND data: any bytes (the literal is 8-bit clean), sometimes empty.
fn message() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        1 => Just(Vec::new()),
        1 => Just(b"From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n".to_vec()),
        4 => vec(any::<u8>(), 0..200),
    ]
    .boxed()
}

/// Commands about mailboxes.
fn imap_body_mailbox() -> BoxedStrategy<CommandBody> {
    use CommandBody as B;
    let status_items = select(vec![
        StatusItem::Messages,
        StatusItem::Recent,
        StatusItem::UidNext,
        StatusItem::UidValidity,
        StatusItem::Unseen,
    ]);
    let one_mailbox: Vec<fn(String) -> CommandBody> = vec![
        B::Create,
        B::Delete,
        B::Subscribe,
        B::Unsubscribe,
        B::GetQuotaRoot,
        B::GetQuota,
    ];
    prop_oneof![
        2 => (select(vec![ListKind::List, ListKind::Lsub, ListKind::Xlist]), astring(), list_pattern())
            .prop_map(|(kind, reference, pattern)| B::List { kind, reference, pattern }),
        // `"(" status-att *(SP status-att) ")"`: at least one item.
        1 => (mailbox(), vec(status_items, 1..5)).prop_map(|(mailbox, items)| B::Status { mailbox, items }),
        2 => (mailbox(), any::<bool>()).prop_map(|(mailbox, read_only)| B::Select { mailbox, read_only }),
        2 => (select(one_mailbox), mailbox()).prop_map(|(k, m)| k(m)),
        1 => (mailbox(), mailbox()).prop_map(|(from, to)| B::Rename { from, to }),
        2 => (mailbox(), vec(flag(), 0..4), option::of(date_time()), message())
            .prop_map(|(mailbox, flags, date, message)| B::Append { mailbox, flags, date, message }),
    ]
    .boxed()
}

/// Commands on the selected mailbox's messages.
fn imap_body_messages() -> BoxedStrategy<CommandBody> {
    use CommandBody as B;
    let store = (
        any::<bool>(),
        seq_set(),
        select(vec![StoreMode::Replace, StoreMode::Add, StoreMode::Remove]),
        any::<bool>(),
        prop_oneof![
            vec(flag(), 0..4).prop_map(|v| (StoreTarget::Flags, v)),
            vec(label(), 0..4).prop_map(|v| (StoreTarget::GmLabels, v)),
        ],
    )
        .prop_map(|(uid, set, mode, silent, (target, values))| B::Store {
            uid,
            set,
            mode,
            silent,
            target,
            values,
        });
    prop_oneof![
        3 => (
            any::<bool>(),
            option::weighted(
                0.3,
                prop_oneof![
                    3 => select(vec!["UTF-8", "US-ASCII", "utf-8"]).prop_map(str::to_owned),
                    1 => astring(),
                ],
            ),
            vec(search_key(), 1..4),
        )
            .prop_map(|(uid, charset, criteria)| B::Search { uid, charset, criteria }),
        3 => (any::<bool>(), seq_set(), fetch_items()).prop_map(|(uid, set, items)| B::Fetch { uid, set, items }),
        2 => store,
        1 => (any::<bool>(), seq_set(), mailbox()).prop_map(|(uid, set, mailbox)| B::Copy { uid, set, mailbox }),
        1 => (any::<bool>(), seq_set(), mailbox()).prop_map(|(uid, set, mailbox)| B::Move { uid, set, mailbox }),
    ]
    .boxed()
}

fn imap_command() -> BoxedStrategy<Command> {
    (
        tag(),
        prop_oneof![
            imap_body_simple(),
            imap_body_mailbox(),
            imap_body_messages()
        ],
    )
        .prop_map(|(tag, body)| Command { tag, body })
        .boxed()
}

// ---------------------------------------------------------------------------
// IMAP responses.

/// `text = 1*TEXT-CHAR` after a status: no CR/LF, and it must not start with
/// `[` when no code precedes it, or it would read as a code.
fn resp_text() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(vec![
            "Invalid credentials (Failure)",
            "Gimap ready for requests from 127.0.0.1 z12mb3",
            "Success [THROTTLED]",
            "IMAP access is disabled for your domain.  Please contact your domain administrator.",
            "",
        ])
        .prop_map(str::to_owned),
        3 => "\\PC{0,30}",
    ]
    .prop_filter("a leading [ would be a code", |t| !t.starts_with('['))
    .boxed()
}

/// The text of a code argument: `1*<any TEXT-CHAR except "]">`.
fn code_arg() -> BoxedStrategy<String> {
    "[^\\]\\p{Cc}]{0,20}".boxed()
}

/// Codes known to [`Code::from_parts`]: an `Other` with one of these names
/// would come back typed.
const KNOWN_CODES: &[&str] = &[
    "ALERT",
    "AUTHENTICATIONFAILED",
    "AUTHORIZATIONFAILED",
    "UNAVAILABLE",
    "OVERQUOTA",
    "LIMIT",
    "PRIVACYREQUIRED",
    "CONTACTADMIN",
    "NONEXISTENT",
    "ALREADYEXISTS",
    "CANNOT",
    "TRYCREATE",
    "READ-ONLY",
    "READ-WRITE",
    "PARSE",
    "THROTTLED",
    "CLIENTBUG",
    "SERVERBUG",
    "UIDNEXT",
    "UIDVALIDITY",
    "UNSEEN",
    "HIGHESTMODSEQ",
    "PERMANENTFLAGS",
    "CAPABILITY",
    "APPENDUID",
    "COPYUID",
    "WEBALERT",
];

fn code() -> BoxedStrategy<Code> {
    prop_oneof![
        3 => select(vec![
            Code::Alert, Code::AuthenticationFailed, Code::AuthorizationFailed, Code::Unavailable,
            Code::OverQuota, Code::Limit, Code::PrivacyRequired, Code::ContactAdmin,
            Code::NonExistent, Code::AlreadyExists, Code::Cannot, Code::TryCreate, Code::ReadOnly,
            Code::ReadWrite, Code::Parse, Code::Throttled, Code::ClientBug, Code::ServerBug,
        ]),
        1 => any::<u32>().prop_map(Code::UidNext),
        1 => any::<u32>().prop_map(Code::UidValidity),
        1 => any::<u32>().prop_map(Code::Unseen),
        1 => any::<u64>().prop_map(Code::HighestModSeq),
        1 => vec(response_flag(), 0..4).prop_map(Code::PermanentFlags),
        1 => vec(atom(), 0..5).prop_map(Code::Capability),
        1 => (any::<u32>(), any::<u32>()).prop_map(|(v, u)| Code::AppendUid(v, u)),
        1 => (any::<u32>(), seq_set(), seq_set())
            .prop_map(|(v, s, d)| Code::CopyUid(v, s.to_string(), d.to_string())),
        2 => prop_oneof![
            "[a-zA-Z0-9]{4,20}"
                .prop_map(|t| format!("https://accounts.google.com/signin/continue?sarp=1&scc=1&plt={t}")),
            code_arg(),
        ]
        .prop_map(Code::WebAlert),
        2 => (
            atom().prop_filter("known names parse as typed codes", |n| {
                !KNOWN_CODES.contains(&n.to_ascii_uppercase().as_str())
            }),
            option::of(code_arg()),
        )
            .prop_map(|(name, arg)| Code::Other(name, arg)),
    ]
    .boxed()
}

fn status_response() -> BoxedStrategy<StatusResponse> {
    prop_oneof![
        // `response-tagged`: only OK, NO and BAD (PREAUTH and BYE are
        // untagged by definition, and the parser rejects them tagged).
        (
            tag(),
            select(vec![StatusKind::Ok, StatusKind::No, StatusKind::Bad]),
            option::of(code()),
            resp_text(),
        )
            .prop_map(|(tag, kind, code, text)| StatusResponse::tagged(&tag, kind, code, text)),
        (
            select(vec![
                StatusKind::Ok,
                StatusKind::No,
                StatusKind::Bad,
                StatusKind::PreAuth,
                StatusKind::Bye,
            ]),
            option::of(code()),
            resp_text(),
        )
            .prop_map(|(kind, code, text)| StatusResponse::untagged(kind, code, text)),
    ]
    .boxed()
}

/// A `BODY[…]` / `RFC822…` item name as the server echoes it.
fn section_name() -> BoxedStrategy<(String, Option<u32>)> {
    prop_oneof![
        // `RFC822 …` items carry no origin (`msg-att-static`).
        1 => select(vec!["RFC822", "RFC822.HEADER", "RFC822.TEXT"]).prop_map(|n| (n.to_owned(), None)),
        3 => (section(), option::of(any::<u32>()))
            .prop_map(|(s, origin)| (format!("BODY[{s}]"), origin)),
    ]
    .boxed()
}

fn fetch_value() -> BoxedStrategy<FetchValue> {
    prop_oneof![
        1 => vec(flag(), 0..4).prop_map(FetchValue::Flags),
        1 => any::<u32>().prop_map(FetchValue::Uid),
        1 => any::<u32>().prop_map(FetchValue::Rfc822Size),
        1 => date_time().prop_map(FetchValue::InternalDate),
        4 => (section_name(), option::weighted(0.9, vec(any::<u8>(), 0..100)))
            .prop_map(|((name, origin), data)| FetchValue::Section {
                name,
                origin,
                data: data.map(Bytes::from),
            }),
        1 => any::<u64>().prop_map(FetchValue::XGmMsgId),
        1 => any::<u64>().prop_map(FetchValue::XGmThrId),
        2 => vec(label(), 0..4).prop_map(FetchValue::XGmLabels),
    ]
    .boxed()
}

fn data() -> BoxedStrategy<Data> {
    let caps = || {
        vec(
            prop_oneof![
                select(vec![
                    "IMAP4rev1",
                    "IDLE",
                    "AUTH=XOAUTH2",
                    "X-GM-EXT-1",
                    "SASL-IR"
                ])
                .prop_map(str::to_owned),
                atom(),
            ],
            0..6,
        )
    };
    let status_item = select(vec![
        StatusItem::Messages,
        StatusItem::Recent,
        StatusItem::UidNext,
        StatusItem::UidValidity,
        StatusItem::Unseen,
    ]);
    prop_oneof![
        caps().prop_map(Data::Capability),
        caps().prop_map(Data::Enabled),
        any::<u32>().prop_map(Data::Exists),
        any::<u32>().prop_map(Data::Recent),
        any::<u32>().prop_map(Data::Expunge),
        vec(any::<u32>(), 0..6).prop_map(Data::Search),
        vec(response_flag(), 0..5).prop_map(Data::Flags),
        (
            select(vec![ListKind::List, ListKind::Lsub, ListKind::Xlist]),
            vec(
                prop_oneof![
                    select(vec![
                        "\\HasNoChildren",
                        "\\HasChildren",
                        "\\Noselect",
                        "\\Sent",
                        "\\All"
                    ])
                    .prop_map(str::to_owned),
                    flag(),
                ],
                0..4,
            ),
            option::weighted(
                0.9,
                prop_oneof![3 => Just('/'), 1 => Just('.'), 1 => any::<char>()]
            ),
            mailbox(),
        )
            .prop_map(|(kind, attributes, delimiter, mailbox)| Data::List {
                kind,
                attributes,
                delimiter,
                mailbox,
            }),
        (mailbox(), vec((status_item, any::<u32>()), 0..5))
            .prop_map(|(mailbox, items)| Data::Status { mailbox, items }),
        id_params().prop_map(Data::Id),
        // FETCH has the richest grammar: weigh it up.
        (any::<u32>(), vec(fetch_value(), 0..5))
            .prop_map(|(seq, items)| Data::Fetch { seq, items }),
        (any::<u32>(), vec(fetch_value(), 1..5))
            .prop_map(|(seq, items)| Data::Fetch { seq, items }),
    ]
    .boxed()
}

fn imap_response() -> BoxedStrategy<Response> {
    prop_oneof![
        3 => status_response().prop_map(Response::Status),
        // `continue-req = "+" SP (resp-text / base64)`: no CR/LF.
        1 => prop_oneof![
            "\\PC{0,30}",
            vec(any::<u8>(), 0..40).prop_map(|b| encode_base64(&b)),
        ]
        .prop_map(Response::Continue),
        4 => data().prop_map(Response::Data),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// SMTP.

/// Reply text: printable, without CR/LF.
fn reply_line() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[ -~]{0,30}",
        1 => " ?\\PC{0,20}",
        1 => select(vec!["", " ", "smtp.gmail.com at your service, [127.0.0.1]", "SIZE 35882577",
            " https://support.google.com/mail/?p=BadCredentials abc - gsmtp"])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Whether `line` starts with an enhanced code of `class`: with no typed
/// enhanced code such a line would be read back as carrying one.
fn starts_with_enhanced(line: &str, class: u16) -> bool {
    let head = line.split(' ').next().unwrap_or_default();
    EnhancedCode::parse(head).is_some_and(|e| u16::from(e.class) == class)
}

fn smtp_reply() -> BoxedStrategy<Reply> {
    (200u16..=599)
        .prop_flat_map(|code| {
            let class = code / 100;
            // RFC 3463 classes are 2, 4 and 5 only: a 3xx reply has none.
            let enhanced = if matches!(class, 2 | 4 | 5) {
                option::of(
                    (0u16..=999, 0u16..=999)
                        .prop_map(move |(s, d)| EnhancedCode::new(class as u8, s, d)),
                )
                .boxed()
            } else {
                Just(None).boxed()
            };
            (Just(code), enhanced, vec(reply_line(), 1..5))
        })
        .prop_filter(
            "without an enhanced code, no line may start with one of the reply's class",
            |(code, enhanced, lines)| {
                enhanced.is_some() || !lines.iter().any(|l| starts_with_enhanced(l, code / 100))
            },
        )
        .prop_map(|(code, enhanced, lines)| Reply {
            code,
            enhanced,
            lines,
        })
        .boxed()
}

/// Free text after NOOP, HELP, VRFY, EXPN, EHLO: the parser trims it, so
/// generated text has no surrounding white space (and no CR/LF).
fn smtp_text() -> BoxedStrategy<String> {
    prop_oneof![
        2 => "[!-~]([ -~]{0,20}[!-~])?",
        1 => "\\PC{0,20}",
    ]
    .prop_filter("trimmed", |s| s.trim() == s)
    .boxed()
}

/// `Path` contents: the parser accepts any printable bytes but `>`
/// (SMTPUTF8 addresses included); empty is the null reverse path.
fn smtp_path() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-z0-9.+_-]{1,12}@[a-z0-9-]{1,10}\\.(com|org|example)",
        1 => Just(String::new()),
        1 => "[^>\\p{Cc}]{0,20}",
    ]
    .boxed()
}

prop_compose! {
    /// `esmtp-param = esmtp-keyword ["=" esmtp-value]`: the keyword as the
    /// parser normalises it (upper case), the value without `=`.
    fn smtp_param()(
        keyword in "[A-Z0-9][A-Z0-9-]{0,9}",
        value in option::of("[!-<>-~]{1,12}"),
    ) -> Param {
        Param { keyword, value }
    }
}

fn smtp_command() -> BoxedStrategy<smtp::Command> {
    use smtp::Command as C;
    let domain = prop_oneof![
        3 => "[a-z0-9-]{1,10}(\\.[a-z0-9-]{1,10}){0,3}",
        1 => Just("[127.0.0.1]".to_owned()),
        1 => smtp_text().prop_filter("HELO needs a domain", |s| !s.is_empty()),
    ];
    prop_oneof![
        (any::<bool>(), domain).prop_map(|(e, d)| if e { C::Ehlo(d) } else { C::Helo(d) }),
        select(vec![C::StartTls, C::Data, C::Rset, C::Quit]),
        // `sasl-mech = 1*20mech-char`, upper-cased by the parser.
        ("[A-Z0-9_-]{1,20}", option::of(base64_response()),).prop_map(
            |(mechanism, initial_response)| C::Auth {
                mechanism,
                initial_response
            }
        ),
        (smtp_path(), vec(smtp_param(), 0..3)).prop_map(|(from, params)| C::Mail { from, params }),
        (smtp_path(), vec(smtp_param(), 0..3)).prop_map(|(to, params)| C::Rcpt { to, params }),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| C::Bdat { size, last }),
        option::of(smtp_text()).prop_map(C::Noop),
        option::of(smtp_text()).prop_map(C::Help),
        smtp_text().prop_map(C::Vrfy),
        smtp_text().prop_map(C::Expn),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `imap::parse_command` reads back exactly what `Command::to_bytes`
    /// wrote, and the framer finds that the encoding is one message.
    #[test]
    fn imap_command_roundtrips(cmd in imap_command()) {
        let wire = cmd.to_bytes();
        let shown = String::from_utf8_lossy(&wire).into_owned();
        let parsed = imap::parse_command(&wire);
        prop_assert_eq!(parsed.as_ref(), Ok(&cmd), "wire: {:?}", shown);
        // chrono's `==` compares instants only; Debug also shows the offset.
        prop_assert_eq!(format!("{:?}", parsed.unwrap()), format!("{cmd:?}"), "wire: {:?}", shown);
        let mut framer = Framer::for_commands(FrameLimits::default());
        prop_assert_eq!(framer.next(&wire), FrameEvent::Complete { len: wire.len() }, "wire: {:?}", shown);
    }

    /// Sent fragment by fragment, as a client waiting for each `+` does,
    /// the command is framed the way the encoder split it: a continuation
    /// is asked for before each literal, and the last fragment completes the
    /// message.
    #[test]
    fn imap_command_frames_like_its_fragments(cmd in imap_command()) {
        let fragments = cmd.fragments();
        let mut framer = Framer::for_commands(FrameLimits::default());
        let mut buf = Vec::new();
        for (n, fragment) in fragments.iter().enumerate() {
            let (Fragment::Line(bytes) | Fragment::Literal(bytes)) = fragment;
            buf.extend_from_slice(bytes);
            let expected = match fragments.get(n + 1) {
                None => FrameEvent::Complete { len: buf.len() },
                Some(Fragment::Literal(data)) => FrameEvent::LiteralAnnounced { length: data.len() as u64 },
                Some(Fragment::Line(_)) => FrameEvent::Incomplete,
            };
            prop_assert_eq!(
                framer.next(&buf),
                expected,
                "after fragment {} of {:?}",
                n,
                String::from_utf8_lossy(&buf)
            );
        }
    }

    /// `imap::parse_response` reads back what `Response::to_bytes` wrote.
    #[test]
    fn imap_response_roundtrips(resp in imap_response()) {
        let wire = resp.to_bytes();
        let shown = String::from_utf8_lossy(&wire).into_owned();
        let parsed = imap::parse_response(&wire);
        prop_assert_eq!(parsed.as_ref(), Ok(&resp), "wire: {:?}", shown);
        prop_assert_eq!(format!("{:?}", parsed.unwrap()), format!("{resp:?}"), "wire: {:?}", shown);
    }

    /// `smtp::parse_reply` reads back a whole encoded reply and reports
    /// every byte as used.
    #[test]
    fn smtp_reply_roundtrips(reply in smtp_reply()) {
        let wire = reply.to_bytes();
        prop_assert_eq!(
            smtp::parse_reply(&wire),
            Ok(Some((reply, wire.len()))),
            "wire: {:?}",
            String::from_utf8_lossy(&wire)
        );
    }

    /// `smtp::parse_command` reads back what `Command::to_bytes` wrote.
    #[test]
    fn smtp_command_roundtrips(cmd in smtp_command()) {
        let wire = cmd.to_bytes();
        prop_assert_eq!(
            smtp::parse_command(&wire),
            Ok(cmd),
            "wire: {:?}",
            String::from_utf8_lossy(&wire)
        );
    }
}
