//! Response codes (`resp-text-code`, RFC 3501 §7.1, RFC 5530, RFC 4315,
//! plus Gmail's `WEBALERT` and `THROTTLED`).
//!
//! Unknown codes are kept as [`Code::Other`] so the doctor can quote them.

use std::fmt;

/// A bracketed response code such as `[ALERT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// `ALERT`: the text must be shown to the user.
    Alert,
    /// `AUTHENTICATIONFAILED` (RFC 5530).
    AuthenticationFailed,
    /// `AUTHORIZATIONFAILED` (RFC 5530).
    AuthorizationFailed,
    /// `UNAVAILABLE` (RFC 5530): temporary failure.
    Unavailable,
    /// `OVERQUOTA` (RFC 5530): Gmail's bandwidth limits.
    OverQuota,
    /// `LIMIT` (RFC 5530).
    Limit,
    /// `PRIVACYREQUIRED` (RFC 5530).
    PrivacyRequired,
    /// `CONTACTADMIN` (RFC 5530).
    ContactAdmin,
    /// `NONEXISTENT` (RFC 5530).
    NonExistent,
    /// `ALREADYEXISTS` (RFC 5530).
    AlreadyExists,
    /// `CANNOT` (RFC 5530).
    Cannot,
    /// `TRYCREATE`
    TryCreate,
    /// `READ-ONLY`
    ReadOnly,
    /// `READ-WRITE`
    ReadWrite,
    /// `PARSE`
    Parse,
    /// `THROTTLED` (Gmail).
    Throttled,
    /// `CLIENTBUG` (RFC 5530).
    ClientBug,
    /// `SERVERBUG` (RFC 5530).
    ServerBug,
    /// `UIDNEXT n`
    UidNext(u32),
    /// `UIDVALIDITY n`
    UidValidity(u32),
    /// `UNSEEN n`
    Unseen(u32),
    /// `HIGHESTMODSEQ n` (only parsed; the mock offers no CONDSTORE).
    HighestModSeq(u64),
    /// `PERMANENTFLAGS (flags)`
    PermanentFlags(Vec<String>),
    /// `CAPABILITY caps…`
    Capability(Vec<String>),
    /// `APPENDUID uidvalidity uid` (RFC 4315).
    AppendUid(u32, u32),
    /// `COPYUID uidvalidity source-set dest-set` (RFC 4315), sets as text.
    CopyUid(u32, String, String),
    /// `WEBALERT url` (Gmail: the user must sign in on the web first).
    WebAlert(String),
    /// Any other code, with its optional argument text.
    Other(String, Option<String>),
}

impl Code {
    /// Builds a code from its name and optional argument text (as parsed).
    pub fn from_parts(name: &str, arg: Option<&str>) -> Code {
        let upper = name.to_ascii_uppercase();
        let num = || arg.and_then(|a| a.trim().parse::<u32>().ok());
        let words = || {
            arg.map(|a| a.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        // PERMANENTFLAGS takes exactly one parenthesised list.
        let paren_list = || {
            arg.and_then(|a| a.trim().strip_prefix('(').and_then(|a| a.strip_suffix(')')))
                .map(|inner| {
                    inner
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
        };
        let plain = |c: Code| if arg.is_none() { Some(c) } else { None };
        let known = match upper.as_str() {
            "ALERT" => plain(Code::Alert),
            "AUTHENTICATIONFAILED" => plain(Code::AuthenticationFailed),
            "AUTHORIZATIONFAILED" => plain(Code::AuthorizationFailed),
            "UNAVAILABLE" => plain(Code::Unavailable),
            "OVERQUOTA" => plain(Code::OverQuota),
            "LIMIT" => plain(Code::Limit),
            "PRIVACYREQUIRED" => plain(Code::PrivacyRequired),
            "CONTACTADMIN" => plain(Code::ContactAdmin),
            "NONEXISTENT" => plain(Code::NonExistent),
            "ALREADYEXISTS" => plain(Code::AlreadyExists),
            "CANNOT" => plain(Code::Cannot),
            "TRYCREATE" => plain(Code::TryCreate),
            "READ-ONLY" => plain(Code::ReadOnly),
            "READ-WRITE" => plain(Code::ReadWrite),
            "PARSE" => plain(Code::Parse),
            "THROTTLED" => plain(Code::Throttled),
            "CLIENTBUG" => plain(Code::ClientBug),
            "SERVERBUG" => plain(Code::ServerBug),
            "UIDNEXT" => num().map(Code::UidNext),
            "UIDVALIDITY" => num().map(Code::UidValidity),
            "UNSEEN" => num().map(Code::Unseen),
            "HIGHESTMODSEQ" => arg
                .and_then(|a| a.trim().parse().ok())
                .map(Code::HighestModSeq),
            "PERMANENTFLAGS" => paren_list().map(Code::PermanentFlags),
            "CAPABILITY" => arg.map(|_| Code::Capability(words())),
            "APPENDUID" => arg.and_then(|a| {
                let mut it = a.split(' ');
                let v = it.next()?.parse().ok()?;
                let u = it.next()?.parse().ok()?;
                it.next().is_none().then_some(Code::AppendUid(v, u))
            }),
            "COPYUID" => arg.and_then(|a| {
                let mut it = a.split(' ');
                let v = it.next()?.parse().ok()?;
                let s = it.next()?.to_owned();
                let d = it.next()?.to_owned();
                it.next().is_none().then_some(Code::CopyUid(v, s, d))
            }),
            "WEBALERT" => arg.map(|a| Code::WebAlert(a.to_owned())),
            _ => None,
        };
        // Known names are normalised to upper case; unknown ones keep the
        // server's spelling so the doctor can quote it exactly.
        known.unwrap_or_else(|| Code::Other(name.to_owned(), arg.map(str::to_owned)))
    }
}

impl fmt::Display for Code {
    /// The text between the brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Alert => f.write_str("ALERT"),
            Code::AuthenticationFailed => f.write_str("AUTHENTICATIONFAILED"),
            Code::AuthorizationFailed => f.write_str("AUTHORIZATIONFAILED"),
            Code::Unavailable => f.write_str("UNAVAILABLE"),
            Code::OverQuota => f.write_str("OVERQUOTA"),
            Code::Limit => f.write_str("LIMIT"),
            Code::PrivacyRequired => f.write_str("PRIVACYREQUIRED"),
            Code::ContactAdmin => f.write_str("CONTACTADMIN"),
            Code::NonExistent => f.write_str("NONEXISTENT"),
            Code::AlreadyExists => f.write_str("ALREADYEXISTS"),
            Code::Cannot => f.write_str("CANNOT"),
            Code::TryCreate => f.write_str("TRYCREATE"),
            Code::ReadOnly => f.write_str("READ-ONLY"),
            Code::ReadWrite => f.write_str("READ-WRITE"),
            Code::Parse => f.write_str("PARSE"),
            Code::Throttled => f.write_str("THROTTLED"),
            Code::ClientBug => f.write_str("CLIENTBUG"),
            Code::ServerBug => f.write_str("SERVERBUG"),
            Code::UidNext(n) => write!(f, "UIDNEXT {n}"),
            Code::UidValidity(n) => write!(f, "UIDVALIDITY {n}"),
            Code::Unseen(n) => write!(f, "UNSEEN {n}"),
            Code::HighestModSeq(n) => write!(f, "HIGHESTMODSEQ {n}"),
            Code::PermanentFlags(v) => write!(f, "PERMANENTFLAGS ({})", v.join(" ")),
            Code::Capability(v) => write!(f, "CAPABILITY {}", v.join(" ")),
            Code::AppendUid(v, u) => write!(f, "APPENDUID {v} {u}"),
            Code::CopyUid(v, s, d) => write!(f, "COPYUID {v} {s} {d}"),
            Code::WebAlert(url) => write!(f, "WEBALERT {url}"),
            Code::Other(name, None) => f.write_str(name),
            Code::Other(name, Some(arg)) => write!(f, "{name} {arg}"),
        }
    }
}
