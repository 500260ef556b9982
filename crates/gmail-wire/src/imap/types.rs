//! Typed IMAP commands: the subset of RFC 3501 plus the extensions Gmail
//! offers (IDLE, ID, ENABLE, NAMESPACE, XLIST, UNSELECT, MOVE, UIDPLUS,
//! QUOTA, SASL-IR, X-GM-EXT-1).
//!
//! Values are stored decoded (an astring is a `String` whatever its wire
//! form); [`super::encode`] picks the wire form (atom, quoted or literal), so
//! `parse(encode(c)) == c` holds for every command (a proptest checks it).

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::secret::Secret;

/// A command tag (`tag = 1*<any ASTRING-CHAR except "+">`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag(pub String);

impl Tag {
    /// The tag text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A complete command: tag plus body.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The client's tag, echoed in the completion response.
    pub tag: Tag,
    /// What the client asked for.
    pub body: CommandBody,
}

/// Every command the mock understands. Commands Gmail does not offer (SORT,
/// THREAD, …) are not here: they fail to parse with
/// [`super::parse::ParseErrorKind::UnknownCommand`], as on Gmail.
#[derive(Debug, Clone, PartialEq)]
pub enum CommandBody {
    // Any state.
    /// `CAPABILITY`
    Capability,
    /// `NOOP`
    Noop,
    /// `LOGOUT`
    Logout,
    /// `ID NIL` or `ID ("name" "value" …)` (RFC 2971).
    Id(Option<Vec<(String, Option<String>)>>),
    // Not authenticated.
    /// `STARTTLS`
    StartTls,
    /// `LOGIN user password`
    Login {
        /// The user name (Gmail: the full address).
        username: String,
        /// The password or app password.
        password: Secret<String>,
    },
    /// `AUTHENTICATE mech [initial-response]` (RFC 3501, RFC 4959 SASL-IR).
    Authenticate {
        /// Upper-cased mechanism name, e.g. `PLAIN`, `XOAUTH2`.
        mechanism: String,
        /// Base64 initial response; `=` stands for an empty one.
        initial_response: Option<Secret<String>>,
    },
    // Authenticated.
    /// `ENABLE cap…` (RFC 5161).
    Enable(Vec<String>),
    /// `NAMESPACE` (RFC 2342).
    Namespace,
    /// `LIST`, `LSUB` or `XLIST reference pattern`.
    List {
        /// Which of the three list commands.
        kind: ListKind,
        /// Reference name (usually empty).
        reference: String,
        /// Mailbox pattern with `*` / `%` wildcards.
        pattern: String,
    },
    /// `STATUS mailbox (items)`
    Status {
        /// The mailbox asked about.
        mailbox: String,
        /// Requested counters.
        items: Vec<StatusItem>,
    },
    /// `SELECT mailbox` (`read_only = false`) or `EXAMINE mailbox`.
    Select {
        /// The mailbox to open.
        mailbox: String,
        /// `true` for EXAMINE.
        read_only: bool,
    },
    /// `CREATE mailbox`
    Create(String),
    /// `DELETE mailbox`
    Delete(String),
    /// `RENAME from to`
    Rename {
        /// Existing name.
        from: String,
        /// New name.
        to: String,
    },
    /// `SUBSCRIBE mailbox`
    Subscribe(String),
    /// `UNSUBSCRIBE mailbox`
    Unsubscribe(String),
    /// `APPEND mailbox [(flags)] [date-time] literal`
    Append {
        /// Target mailbox.
        mailbox: String,
        /// Flags to set on the new message.
        flags: Vec<String>,
        /// Internal date to record.
        date: Option<DateTime<FixedOffset>>,
        /// The message, byte for byte.
        message: Vec<u8>,
    },
    /// `IDLE` (RFC 2177); ended by the client sending `DONE`.
    Idle,
    /// `GETQUOTA root` (RFC 2087).
    GetQuota(String),
    /// `GETQUOTAROOT mailbox` (RFC 2087).
    GetQuotaRoot(String),
    // Selected.
    /// `CHECK`
    Check,
    /// `CLOSE`
    Close,
    /// `UNSELECT` (RFC 3691).
    Unselect,
    /// `EXPUNGE`
    Expunge,
    /// `UID EXPUNGE set` (RFC 4315).
    UidExpunge(SequenceSet),
    /// `[UID] SEARCH [CHARSET c] keys…`
    Search {
        /// `UID SEARCH` returns UIDs.
        uid: bool,
        /// Declared charset (Gmail accepts UTF-8 and US-ASCII).
        charset: Option<String>,
        /// The keys, implicitly ANDed.
        criteria: Vec<SearchKey>,
    },
    /// `[UID] FETCH set items`
    Fetch {
        /// `UID FETCH`: the set holds UIDs and UID is always returned.
        uid: bool,
        /// Messages to fetch.
        set: SequenceSet,
        /// What to return.
        items: FetchItems,
    },
    /// `[UID] STORE set [+|-]FLAGS[.SILENT] (…)` and `X-GM-LABELS`.
    Store {
        /// `UID STORE`.
        uid: bool,
        /// Messages to change.
        set: SequenceSet,
        /// Replace, add or remove.
        mode: StoreMode,
        /// `.SILENT`: no untagged FETCH back.
        silent: bool,
        /// Flags or Gmail labels.
        target: StoreTarget,
        /// The flag or label values.
        values: Vec<String>,
    },
    /// `[UID] COPY set mailbox`
    Copy {
        /// `UID COPY`.
        uid: bool,
        /// Messages to copy.
        set: SequenceSet,
        /// Destination.
        mailbox: String,
    },
    /// `[UID] MOVE set mailbox` (RFC 6851).
    Move {
        /// `UID MOVE`.
        uid: bool,
        /// Messages to move.
        set: SequenceSet,
        /// Destination.
        mailbox: String,
    },
}

impl CommandBody {
    /// The command name as sent on the wire (for logs and transcripts).
    pub fn name(&self) -> &'static str {
        match self {
            CommandBody::Capability => "CAPABILITY",
            CommandBody::Noop => "NOOP",
            CommandBody::Logout => "LOGOUT",
            CommandBody::Id(_) => "ID",
            CommandBody::StartTls => "STARTTLS",
            CommandBody::Login { .. } => "LOGIN",
            CommandBody::Authenticate { .. } => "AUTHENTICATE",
            CommandBody::Enable(_) => "ENABLE",
            CommandBody::Namespace => "NAMESPACE",
            CommandBody::List { kind, .. } => kind.as_str(),
            CommandBody::Status { .. } => "STATUS",
            CommandBody::Select {
                read_only: false, ..
            } => "SELECT",
            CommandBody::Select {
                read_only: true, ..
            } => "EXAMINE",
            CommandBody::Create(_) => "CREATE",
            CommandBody::Delete(_) => "DELETE",
            CommandBody::Rename { .. } => "RENAME",
            CommandBody::Subscribe(_) => "SUBSCRIBE",
            CommandBody::Unsubscribe(_) => "UNSUBSCRIBE",
            CommandBody::Append { .. } => "APPEND",
            CommandBody::Idle => "IDLE",
            CommandBody::GetQuota(_) => "GETQUOTA",
            CommandBody::GetQuotaRoot(_) => "GETQUOTAROOT",
            CommandBody::Check => "CHECK",
            CommandBody::Close => "CLOSE",
            CommandBody::Unselect => "UNSELECT",
            CommandBody::Expunge => "EXPUNGE",
            CommandBody::UidExpunge(_) => "UID EXPUNGE",
            CommandBody::Search { uid: false, .. } => "SEARCH",
            CommandBody::Search { uid: true, .. } => "UID SEARCH",
            CommandBody::Fetch { uid: false, .. } => "FETCH",
            CommandBody::Fetch { uid: true, .. } => "UID FETCH",
            CommandBody::Store { uid: false, .. } => "STORE",
            CommandBody::Store { uid: true, .. } => "UID STORE",
            CommandBody::Copy { uid: false, .. } => "COPY",
            CommandBody::Copy { uid: true, .. } => "UID COPY",
            CommandBody::Move { uid: false, .. } => "MOVE",
            CommandBody::Move { uid: true, .. } => "UID MOVE",
        }
    }
}

/// LIST, LSUB or Gmail's pre-SPECIAL-USE XLIST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `LIST`
    List,
    /// `LSUB`
    Lsub,
    /// `XLIST` (Gmail's deprecated but still answered variant).
    Xlist,
}

impl ListKind {
    /// Wire name, also the untagged response name.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::List => "LIST",
            ListKind::Lsub => "LSUB",
            ListKind::Xlist => "XLIST",
        }
    }
}

/// STATUS data items (no HIGHESTMODSEQ: Gmail's mock offers no CONDSTORE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusItem {
    /// `MESSAGES`
    Messages,
    /// `RECENT`
    Recent,
    /// `UIDNEXT`
    UidNext,
    /// `UIDVALIDITY`
    UidValidity,
    /// `UNSEEN`
    Unseen,
}

impl StatusItem {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusItem::Messages => "MESSAGES",
            StatusItem::Recent => "RECENT",
            StatusItem::UidNext => "UIDNEXT",
            StatusItem::UidValidity => "UIDVALIDITY",
            StatusItem::Unseen => "UNSEEN",
        }
    }
}

/// One end of a sequence range: a number or `*` (the largest in use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqNum {
    /// A concrete (non-zero) number.
    Value(u32),
    /// `*`
    Largest,
}

impl SeqNum {
    /// Resolves `*` against the largest number in use.
    pub fn resolve(self, largest: u32) -> u32 {
        match self {
            SeqNum::Value(v) => v,
            SeqNum::Largest => largest,
        }
    }
}

/// `seq-range` or a single `seq-number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqRange {
    /// First end (as written; may be larger than `end`).
    pub start: SeqNum,
    /// Second end, if this is a range.
    pub end: Option<SeqNum>,
}

/// `sequence-set = (seq-number / seq-range) ["," sequence-set]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceSet(pub Vec<SeqRange>);

impl SequenceSet {
    /// Whether `n` is in the set, where `*` means `largest`.
    ///
    /// RFC 3501: `*` in a UID set on an empty mailbox still names the
    /// largest UID; with `largest = 0` nothing matches, which is what clients
    /// expect for an empty mailbox.
    pub fn contains(&self, n: u32, largest: u32) -> bool {
        self.0.iter().any(|r| {
            let a = r.start.resolve(largest);
            match r.end {
                None => a == n,
                Some(end) => {
                    let b = end.resolve(largest);
                    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                    (lo..=hi).contains(&n)
                }
            }
        })
    }

    /// A set holding one range `a:b`.
    pub fn range(a: u32, b: SeqNum) -> Self {
        SequenceSet(vec![SeqRange {
            start: SeqNum::Value(a),
            end: Some(b),
        }])
    }

    /// A set holding the single number `n`.
    pub fn single(n: u32) -> Self {
        SequenceSet(vec![SeqRange {
            start: SeqNum::Value(n),
            end: None,
        }])
    }
}

/// FETCH items: a macro or an explicit list.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchItems {
    /// `ALL` = FLAGS INTERNALDATE RFC822.SIZE ENVELOPE
    All,
    /// `FAST` = FLAGS INTERNALDATE RFC822.SIZE
    Fast,
    /// `FULL` = ALL + BODY
    Full,
    /// A single attribute or a parenthesised list.
    List(Vec<FetchAttr>),
}

impl FetchItems {
    /// Expands macros into attributes (RFC 3501 §6.4.5).
    pub fn expand(&self) -> Vec<FetchAttr> {
        let fast = [
            FetchAttr::Flags,
            FetchAttr::InternalDate,
            FetchAttr::Rfc822Size,
        ];
        match self {
            FetchItems::Fast => fast.to_vec(),
            FetchItems::All => {
                let mut v = fast.to_vec();
                v.push(FetchAttr::Envelope);
                v
            }
            FetchItems::Full => {
                let mut v = fast.to_vec();
                v.push(FetchAttr::Envelope);
                v.push(FetchAttr::Body);
                v
            }
            FetchItems::List(v) => v.clone(),
        }
    }
}

/// One FETCH attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchAttr {
    /// `ENVELOPE`
    Envelope,
    /// `FLAGS`
    Flags,
    /// `INTERNALDATE`
    InternalDate,
    /// `RFC822` (same as BODY[], sets \Seen)
    Rfc822,
    /// `RFC822.HEADER`
    Rfc822Header,
    /// `RFC822.SIZE`
    Rfc822Size,
    /// `RFC822.TEXT`
    Rfc822Text,
    /// `BODY` (non-extensible BODYSTRUCTURE)
    Body,
    /// `BODYSTRUCTURE`
    BodyStructure,
    /// `UID`
    Uid,
    /// `BODY[section]<partial>` or `BODY.PEEK[…]`.
    BodySection {
        /// `.PEEK` does not set `\Seen`.
        peek: bool,
        /// The section; `BODY[]` is `Section::default()`.
        section: Section,
        /// `<origin.count>`
        partial: Option<(u32, u32)>,
    },
    /// `X-GM-MSGID`
    XGmMsgId,
    /// `X-GM-THRID`
    XGmThrId,
    /// `X-GM-LABELS`
    XGmLabels,
}

/// `section-spec`: a part path plus an optional text specifier.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// `1.2.3` (empty for the whole message).
    pub part: Vec<u32>,
    /// `HEADER`, `TEXT`, … (None with an empty part = the whole message).
    pub text: Option<SectionText>,
}

/// `section-msgtext` / `MIME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionText {
    /// `HEADER`
    Header,
    /// `HEADER.FIELDS (names)`
    HeaderFields(Vec<String>),
    /// `HEADER.FIELDS.NOT (names)`
    HeaderFieldsNot(Vec<String>),
    /// `TEXT`
    Text,
    /// `MIME` (only after a part number)
    Mime,
}

/// `+FLAGS`, `-FLAGS` or `FLAGS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreMode {
    /// `FLAGS`
    Replace,
    /// `+FLAGS`
    Add,
    /// `-FLAGS`
    Remove,
}

/// What STORE changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreTarget {
    /// IMAP flags.
    Flags,
    /// Gmail labels (X-GM-LABELS).
    GmLabels,
}

/// RFC 3501 search keys plus Gmail's X-GM-* keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchKey {
    /// `ALL`
    All,
    /// `ANSWERED`
    Answered,
    /// `BCC s`
    Bcc(String),
    /// `BEFORE date`
    Before(NaiveDate),
    /// `BODY s`
    Body(String),
    /// `CC s`
    Cc(String),
    /// `DELETED`
    Deleted,
    /// `DRAFT`
    Draft,
    /// `FLAGGED`
    Flagged,
    /// `FROM s`
    From(String),
    /// `HEADER name s`
    Header(String, String),
    /// `KEYWORD k`
    Keyword(String),
    /// `LARGER n`
    Larger(u32),
    /// `NEW`
    New,
    /// `NOT key`
    Not(Box<SearchKey>),
    /// `OLD`
    Old,
    /// `ON date`
    On(NaiveDate),
    /// `OR a b`
    Or(Box<SearchKey>, Box<SearchKey>),
    /// `RECENT`
    Recent,
    /// `SEEN`
    Seen,
    /// `SENTBEFORE date`
    SentBefore(NaiveDate),
    /// `SENTON date`
    SentOn(NaiveDate),
    /// `SENTSINCE date`
    SentSince(NaiveDate),
    /// `SINCE date`
    Since(NaiveDate),
    /// `SMALLER n`
    Smaller(u32),
    /// `SUBJECT s`
    Subject(String),
    /// `TEXT s`
    Text(String),
    /// `TO s`
    To(String),
    /// `UID set`
    Uid(SequenceSet),
    /// `UNANSWERED`
    Unanswered,
    /// `UNDELETED`
    Undeleted,
    /// `UNDRAFT`
    Undraft,
    /// `UNFLAGGED`
    Unflagged,
    /// `UNKEYWORD k`
    Unkeyword(String),
    /// `UNSEEN`
    Unseen,
    /// A bare sequence set.
    SequenceSet(SequenceSet),
    /// `( key key … )`
    And(Vec<SearchKey>),
    /// `X-GM-RAW "gmail query"`
    XGmRaw(String),
    /// `X-GM-MSGID n`
    XGmMsgId(u64),
    /// `X-GM-THRID n`
    XGmThrId(u64),
    /// `X-GM-LABELS label`
    XGmLabels(String),
}
