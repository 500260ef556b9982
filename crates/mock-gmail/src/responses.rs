//! Every text Gmail sends, in one place, each with the public source it was
//! seen in. Protocol handlers never write protocol text themselves: they
//! call these constructors, which return typed responses.
//!
//! `<id>` in Gmail's texts is a per-connection/per-reply token (IMAP:
//! `p111mb294215025wrb`; SMTP: `s87sm12973072pfa.89`); see [`crate::ids`].
//! Texts marked *representative* have no public verbatim source: they follow
//! Gmail's style and scenarios can override them (`crate::wire_style`).

use gmail_wire::imap::{Code, Data, Response, StatusKind, StatusResponse, Tag};
use gmail_wire::smtp::{EnhancedCode, Reply};

use crate::model::Denial;

/// IMAP texts.
pub mod imap {
    use super::*;

    /// Pre-authentication capabilities.
    /// Source: DESIGN.md "Wire texts"; the same list (older, without
    /// OAUTHBEARER) in MailCore/mailcore2#975's log.
    pub const CAPABILITIES_PRE_AUTH: &[&str] = &[
        "IMAP4rev1",
        "UNSELECT",
        "IDLE",
        "NAMESPACE",
        "QUOTA",
        "ID",
        "XLIST",
        "CHILDREN",
        "X-GM-EXT-1",
        "XYZZY",
        "SASL-IR",
        "AUTH=XOAUTH2",
        "AUTH=PLAIN",
        "AUTH=PLAIN-CLIENTTOKEN",
        "AUTH=OAUTHBEARER",
        "AUTH=XOAUTH",
    ];

    /// The plaintext listener also offers STARTTLS and LOGINDISABLED-free
    /// login (Gmail itself has no port 143; this mirrors what a
    /// STARTTLS-capable Gmail would say).
    pub const STARTTLS: &str = "STARTTLS";

    /// Post-authentication capabilities: Gmail's list minus what the mock
    /// does not implement (COMPRESS=DEFLATE, CONDSTORE, ESEARCH,
    /// LIST-EXTENDED, LIST-STATUS). Source: Gmail's post-login CAPABILITY as
    /// quoted in public client logs; issue #6 excludes CONDSTORE.
    pub const CAPABILITIES_POST_AUTH: &[&str] = &[
        "IMAP4rev1",
        "UNSELECT",
        "IDLE",
        "NAMESPACE",
        "QUOTA",
        "ID",
        "XLIST",
        "CHILDREN",
        "X-GM-EXT-1",
        "UIDPLUS",
        "ENABLE",
        "MOVE",
        "UTF8=ACCEPT",
        "LITERAL-",
        "SPECIAL-USE",
        "APPENDLIMIT=35651584",
    ];

    /// `* OK Gimap ready for requests from <ip> <id>`.
    /// Source: techsneeze/dmarcts-report-parser#45, MailCore/mailcore2#975.
    pub fn greeting(peer_ip: &str, id: &str) -> Response {
        untagged(
            StatusKind::Ok,
            None,
            format!("Gimap ready for requests from {peer_ip} {id}"),
        )
    }

    /// `<tag> OK Thats all she wrote! <id>` after CAPABILITY.
    /// Source: MailCore/mailcore2#975.
    pub fn capability_done(tag: &Tag, id: &str) -> Response {
        tagged(
            tag,
            StatusKind::Ok,
            None,
            format!("Thats all she wrote! {id}"),
        )
    }

    /// `<tag> OK <email> authenticated (Success)`. Source: DESIGN.md.
    pub fn authenticated(tag: &Tag, email: &str) -> Response {
        tagged(
            tag,
            StatusKind::Ok,
            None,
            format!("{email} authenticated (Success)"),
        )
    }

    /// `<tag> OK Success` — Gmail's generic completion.
    pub fn success(tag: &Tag) -> Response {
        tagged(tag, StatusKind::Ok, None, "Success")
    }

    /// `<tag> OK <text> (Success)`.
    pub fn ok_text(tag: &Tag, code: Option<Code>, text: &str) -> Response {
        tagged(tag, StatusKind::Ok, code, format!("{text} (Success)"))
    }

    /// `<tag> NO <text> (Failure)`.
    pub fn no_text(tag: &Tag, code: Option<Code>, text: &str) -> Response {
        tagged(tag, StatusKind::No, code, format!("{text} (Failure)"))
    }

    /// `<tag> BAD Unknown command <id>`: a command not valid in the current
    /// state (e.g. SELECT before login, LOGIN after it, STARTTLS on port
    /// 993); a command Gmail does not implement at all gets
    /// [`unknown_command_name`]. Source: dmarcts-report-parser#45,
    /// gmailgem/gmail#275.
    pub fn unknown_command(tag: &Tag, id: &str) -> Response {
        tagged(tag, StatusKind::Bad, None, format!("Unknown command {id}"))
    }

    /// `<tag> BAD Unknown command: <NAME>`: a command Gmail does not
    /// implement at all (SORT, UID SORT, THREAD, SETQUOTA, …), named back.
    /// Source: pimalaya/himalaya#311 (`a3 BAD Unknown command: SORT`),
    /// pimalaya/himalaya#698 (`… BAD Unknown command: UID SORT`),
    /// zammad/zammad#568.
    pub fn unknown_command_name(tag: &Tag, name: &str) -> Response {
        tagged(
            tag,
            StatusKind::Bad,
            None,
            format!("Unknown command: {name}"),
        )
    }

    /// `<tag> BAD Could not parse command`: a known command with bad
    /// arguments. Source: mscdex/node-imap#739.
    pub fn could_not_parse(tag: &Tag) -> Response {
        tagged(tag, StatusKind::Bad, None, "Could not parse command")
    }

    /// `* BAD Invalid tag` for a line without a usable tag. *Representative.*
    pub fn invalid_tag() -> Response {
        untagged(StatusKind::Bad, None, "Invalid tag")
    }

    /// `* BYE LOGOUT Requested` then `<tag> OK 73 good day (Success)`.
    /// Source: Gmail LOGOUT as quoted in public IMAP transcripts.
    pub fn logout(tag: &Tag) -> Vec<Response> {
        vec![
            untagged(StatusKind::Bye, None, "LOGOUT Requested"),
            tagged(tag, StatusKind::Ok, None, "73 good day (Success)"),
        ]
    }

    /// `<tag> OK Begin TLS negotiation now`. *Representative* (Gmail has no
    /// STARTTLS port).
    pub fn starttls_ok(tag: &Tag) -> Response {
        tagged(tag, StatusKind::Ok, None, "Begin TLS negotiation now")
    }

    /// `* BYE` sent to open sessions when the mock shuts down.
    /// *Representative.*
    pub fn shutting_down() -> Response {
        untagged(
            StatusKind::Bye,
            Some(Code::Unavailable),
            "Server shutting down",
        )
    }

    /// `* BYE [UNAVAILABLE]` instead of a greeting (fault injection: the
    /// service is down). *Representative.*
    pub fn unavailable() -> Response {
        untagged(
            StatusKind::Bye,
            Some(Code::Unavailable),
            "Service temporarily unavailable. Try again later.",
        )
    }

    /// `* BYE` after the auto-logout timer. *Representative.*
    pub fn autologout() -> Response {
        untagged(
            StatusKind::Bye,
            None,
            "Temporary System Problem. Try again later.",
        )
    }

    /// `+ ` (empty continuation) for SASL exchanges without an initial
    /// response.
    pub fn sasl_continue() -> Response {
        Response::Continue(String::new())
    }

    /// `+ go ahead` for synchronising literals. *Representative.*
    pub fn literal_continue() -> Response {
        Response::Continue("go ahead".into())
    }

    /// The JSON error challenge Gmail sends for a bad XOAUTH2 token
    /// (base64 of `{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}`).
    /// Source: Google's XOAUTH2 protocol documentation; DESIGN.md.
    pub const XOAUTH2_ERROR_JSON: &str =
        r#"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#;

    /// `<tag> BAD Invalid SASL argument.` for malformed AUTHENTICATE data.
    /// *Representative.*
    pub fn bad_sasl(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::Bad,
            None,
            "Invalid SASL argument. (Failure)",
        )
    }

    /// `<tag> NO [CANNOT] Unsupported authentication mechanism.`
    /// *Representative.*
    pub fn unsupported_mechanism(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::No,
            Some(Code::Cannot),
            "Unsupported authentication mechanism. (Failure)",
        )
    }

    /// The responses for a refused sign-in: zero or more untagged lines and
    /// the tagged completion (or a `BYE` for throttling).
    pub fn denial(tag: &Tag, denial: Denial, webalert_url: Option<&str>) -> Vec<Response> {
        let alert = |text: &str| tagged(tag, StatusKind::No, Some(Code::Alert), text.to_owned());
        match denial {
            // Source: DESIGN.md; pimalaya/himalaya#52, eikek/docspell#520.
            Denial::InvalidCredentials | Denial::InvalidToken => vec![tagged(
                tag,
                StatusKind::No,
                Some(Code::AuthenticationFailed),
                "Invalid credentials (Failure)",
            )],
            // Source: DESIGN.md (two spaces after "domain." as in a user's log).
            Denial::ImapDisabledForDomain => vec![alert(
                "IMAP access is disabled for your domain.  Please contact your domain administrator for questions about this feature. (Failure)",
            )],
            // Source: DESIGN.md; Gmail's user-level IMAP switch message.
            Denial::ImapDisabledForUser => vec![alert(
                "Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)",
            )],
            // Source: LukeSmithxyz/mutt-wizard#831, imapsync/imapsync#175.
            Denial::AppPasswordRequired => vec![alert(
                "Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)",
            )],
            // Source: byt3bl33d3r/gcat#2 (tagged form); DESIGN.md (WEBALERT form).
            Denial::WebLoginRequired => {
                let mut v = Vec::new();
                if let Some(url) = webalert_url {
                    v.push(untagged(
                        StatusKind::No,
                        Some(Code::WebAlert(url.to_owned())),
                        "Web login required.",
                    ));
                }
                v.push(alert(
                    "Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)",
                ));
                v
            }
            // Source: zone-eu/wildduck#35; mordak/runt#1.
            Denial::TooManyConnections => vec![alert("Too many simultaneous connections. (Failure)")],
            // Source: DESIGN.md ("Account exceeded command or bandwidth limits").
            Denial::Throttled => vec![untagged(
                StatusKind::Bye,
                Some(Code::OverQuota),
                "Account exceeded command or bandwidth limits.",
            )],
            // *Representative*: no public verbatim text.
            Denial::AccountSuspended => vec![alert(
                "Your account is suspended. Sign in at https://accounts.google.com to see why. (Failure)",
            )],
        }
    }

    /// `* LIST` attributes for Gmail's folders (SPECIAL-USE, RFC 6154) and
    /// the XLIST variant, sorted as Gmail sends them. Source: Gmail's LIST
    /// and XLIST output in public transcripts (e.g. `* LIST (\HasNoChildren
    /// \Sent) "/" "[Gmail]/Sent Mail"`, `* XLIST (\HasNoChildren \Inbox) "/"
    /// "Inbox"`).
    pub fn list_attributes(
        special_use: Option<&str>,
        has_children: bool,
        noselect: bool,
        xlist: bool,
        inbox: bool,
    ) -> Vec<String> {
        let mut v = Vec::new();
        if xlist && inbox {
            v.push("\\Inbox".to_owned());
        }
        if let Some(su) = special_use {
            let name = if xlist {
                match su {
                    "\\All" => "\\AllMail",
                    "\\Junk" => "\\Spam",
                    "\\Flagged" => "\\Starred",
                    other => other,
                }
            } else {
                su
            };
            v.push(name.to_owned());
        }
        v.push(
            if has_children {
                "\\HasChildren"
            } else {
                "\\HasNoChildren"
            }
            .to_owned(),
        );
        if noselect {
            v.push("\\Noselect".to_owned());
        }
        // Gmail lists the attributes in byte order:
        // `(\HasNoChildren \Sent)`, `(\All \HasNoChildren)`.
        v.sort();
        v
    }

    /// `* ID (...)` for Gmail. Source: Gmail's ID response as seen in
    /// public transcripts ("GImap", "Google, Inc.").
    pub fn id_data() -> Data {
        Data::Id(Some(vec![
            ("name".into(), Some("GImap".into())),
            ("vendor".into(), Some("Google, Inc.".into())),
            (
                "support-url".into(),
                Some("https://support.google.com/mail".into()),
            ),
        ]))
    }

    /// Flags Gmail announces on SELECT.
    pub const FLAGS: &[&str] = &[
        "\\Answered",
        "\\Flagged",
        "\\Draft",
        "\\Deleted",
        "\\Seen",
        "$NotPhishing",
        "$Phishing",
    ];

    /// `<tag> BAD Command received in Invalid state.`: a selected-state
    /// command (FETCH, STORE, COPY, MOVE, EXPUNGE, CLOSE, …) with no folder
    /// selected. The wording Gmail shares with Exchange's IMAP server, as
    /// quoted in client logs.
    pub fn invalid_state(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::Bad,
            None,
            "Command received in Invalid state.",
        )
    }

    /// `<tag> NO [NONEXISTENT] Unknown Mailbox: <name> (Failure)` (STATUS,
    /// DELETE, RENAME, GETQUOTAROOT, SUBSCRIBE of a folder that does not
    /// exist). Source: Gmail's reply to SELECT of a missing folder as
    /// quoted in client logs; the same text is used for the other commands
    /// (*representative* there).
    pub fn unknown_mailbox(tag: &Tag, name: &str) -> Response {
        no_text(
            tag,
            Some(Code::NonExistent),
            &format!("Unknown Mailbox: {name}"),
        )
    }

    /// SELECT/EXAMINE of a missing folder (the session stays
    /// authenticated). Source: as [`unknown_mailbox`].
    pub fn select_failed(tag: &Tag, name: &str) -> Response {
        no_text(
            tag,
            Some(Code::NonExistent),
            &format!("Unknown Mailbox: {name} (now in authenticated state)"),
        )
    }

    /// `<tag> OK [READ-WRITE] <name> selected. (Success)`. Source: Gmail
    /// SELECT output in public transcripts (e.g. jstedfast/MailKit#28).
    pub fn selected(tag: &Tag, name: &str, read_only: bool) -> Response {
        let code = if read_only {
            Code::ReadOnly
        } else {
            Code::ReadWrite
        };
        ok_text(tag, Some(code), &format!("{name} selected."))
    }

    /// SELECT's untagged lines: `* FLAGS`, PERMANENTFLAGS, UIDVALIDITY,
    /// EXISTS, RECENT (always 0 on Gmail), UNSEEN, UIDNEXT, in Gmail's
    /// order. Source: jstedfast/MailKit#28 (a Gmail SELECT transcript).
    pub fn select_data(
        read_only: bool,
        uid_validity: u32,
        exists: u32,
        first_unseen: Option<u32>,
        uid_next: u32,
    ) -> Vec<Response> {
        let flag_list: Vec<String> = FLAGS.iter().map(|s| (*s).to_owned()).collect();
        let mut perm = flag_list.clone();
        perm.push("\\*".to_owned());
        let mut out = vec![
            Response::Data(Data::Flags(flag_list)),
            untagged(
                StatusKind::Ok,
                Some(Code::PermanentFlags(if read_only {
                    Vec::new()
                } else {
                    perm
                })),
                "Flags permitted.",
            ),
            untagged(
                StatusKind::Ok,
                Some(Code::UidValidity(uid_validity)),
                "UIDs valid.",
            ),
            Response::Data(Data::Exists(exists)),
            Response::Data(Data::Recent(0)),
        ];
        if let Some(u) = first_unseen {
            out.push(untagged(
                StatusKind::Ok,
                Some(Code::Unseen(u)),
                format!("Message {u} is first unseen"),
            ));
        }
        out.push(untagged(
            StatusKind::Ok,
            Some(Code::UidNext(uid_next)),
            "Predicted next UID.",
        ));
        out
    }

    /// `<tag> OK Returned to authenticated state. (Success)` (CLOSE,
    /// UNSELECT). Source: Gmail's CLOSE reply as quoted in client logs.
    pub fn returned_to_authenticated(tag: &Tag) -> Response {
        ok_text(tag, None, "Returned to authenticated state.")
    }

    /// `+ idling`. Source: Gmail's IDLE continuation in public transcripts.
    pub fn idling() -> Response {
        Response::Continue("idling".into())
    }

    /// `<tag> OK IDLE terminated (Success)`. Source: as [`idling`].
    pub fn idle_terminated(tag: &Tag) -> Response {
        ok_text(tag, None, "IDLE terminated")
    }

    /// `<tag> OK SEARCH completed (Success)`. Source: jstedfast/MailKit#28.
    pub fn search_completed(tag: &Tag) -> Response {
        ok_text(tag, None, "SEARCH completed")
    }

    /// `<tag> NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset
    /// (Failure)` for SEARCH CHARSET other than the two Gmail accepts.
    /// *Representative* (the code is RFC 3501's; no public Gmail text).
    pub fn bad_charset(tag: &Tag) -> Response {
        no_text(
            tag,
            Some(Code::Other(
                "BADCHARSET".into(),
                Some("(UTF-8 US-ASCII)".into()),
            )),
            "Unsupported charset",
        )
    }

    /// `<tag> NO [ALREADYEXISTS] Folder name conflicts with existing folder
    /// name. (Failure)` (CREATE/RENAME onto a taken name).
    /// Source: OfflineIMAP/offlineimap#256.
    pub fn already_exists(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::No,
            Some(Code::AlreadyExists),
            "Folder name conflicts with existing folder name. (Failure)",
        )
    }

    /// `<tag> NO [TRYCREATE] Folder doesn't exist. (Failure)` (APPEND, COPY,
    /// MOVE to a missing folder). Source: soywod/iris.vim#31,
    /// chadxz/imap-simple#48 (APPEND); *representative* for COPY/MOVE.
    pub fn try_create(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::No,
            Some(Code::TryCreate),
            "Folder doesn't exist. (Failure)",
        )
    }

    /// `<tag> NO [CANNOT] Cannot modify system folder. (Failure)` (DELETE or
    /// RENAME of INBOX or a `[Gmail]/…` folder). *Representative.*
    pub fn system_folder(tag: &Tag) -> Response {
        no_text(tag, Some(Code::Cannot), "Cannot modify system folder.")
    }

    /// `<tag> NO [CANNOT] Invalid folder name. (Failure)` (an empty name or
    /// hierarchy level). *Representative.*
    pub fn invalid_folder_name(tag: &Tag) -> Response {
        no_text(tag, Some(Code::Cannot), "Invalid folder name.")
    }

    /// `<tag> OK [APPENDUID <uidvalidity> <uid>] (Success)`.
    /// Source: mscdex/node-imap#45 (`A8 OK [APPENDUID 641429830 111] (Success)`).
    pub fn append_ok(tag: &Tag, uid_validity: u32, uid: u32) -> Response {
        tagged(
            tag,
            StatusKind::Ok,
            Some(Code::AppendUid(uid_validity, uid)),
            "(Success)",
        )
    }

    /// `<tag> OK [COPYUID <uidvalidity> <src> <dst>] (Success)` — for COPY
    /// and, as Gmail does, for MOVE too: Gmail sends COPYUID in the tagged
    /// reply after the EXPUNGEs rather than in an untagged OK before them
    /// (RFC 6851's advice). Source: jakartaee/mail-api#150 (COPY),
    /// ruby/net-imap#398 (MOVE).
    pub fn copy_ok(tag: &Tag, uid_validity: u32, src: &str, dst: &str) -> Response {
        tagged(
            tag,
            StatusKind::Ok,
            Some(Code::CopyUid(uid_validity, src.to_owned(), dst.to_owned())),
            "(Success)",
        )
    }

    /// `<tag> NO STORE attempt on READ-ONLY folder (Failure)` after EXAMINE.
    /// Source: mscdex/node-imap#408 (STORE); the same pattern is assumed
    /// for EXPUNGE and MOVE (*representative*).
    pub fn read_only(tag: &Tag, command: &str) -> Response {
        no_text(tag, None, &format!("{command} attempt on READ-ONLY folder"))
    }

    /// `<tag> BAD Command line too long` (untagged when no tag is readable)
    /// for a line over the framing limit; the line is discarded and the
    /// session goes on. *Representative.*
    pub fn line_too_long(tag: Option<&Tag>) -> Response {
        match tag {
            Some(t) => tagged(t, StatusKind::Bad, None, "Command line too long"),
            None => untagged(StatusKind::Bad, None, "Command line too long"),
        }
    }

    /// `<tag> NO [TOOBIG] Literal too large (Failure)` for a literal over
    /// `APPENDLIMIT` (RFC 7889's code). *Representative.*
    pub fn literal_too_large(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::No,
            Some(Code::Other("TOOBIG".into(), None)),
            "Literal too large (Failure)",
        )
    }

    /// `<tag> BAD Authentication cancelled. (Failure)` after a client's
    /// `*` in a SASL exchange. *Representative.*
    pub fn sasl_cancelled(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::Bad,
            None,
            "Authentication cancelled. (Failure)",
        )
    }

    /// The single quota root of a Gmail account (its whole storage).
    pub const QUOTA_ROOT: &str = "";

    /// Gmail's free storage: 15 GB, in KiB as RFC 2087 counts STORAGE.
    /// Source: Google's storage policy (15 GB shared across Gmail, Drive
    /// and Photos).
    pub const QUOTA_STORAGE_KIB: u64 = 15 * 1024 * 1024;

    /// `* QUOTAROOT <mailbox> ""`. *Representative* shape: RFC 2087 with
    /// Gmail's one account-wide root.
    pub fn quota_root(mailbox: &str) -> Response {
        Response::Data(Data::QuotaRoot {
            mailbox: mailbox.to_owned(),
            roots: vec![QUOTA_ROOT.to_owned()],
        })
    }

    /// `* QUOTA "" (STORAGE <used KiB> 15728640)`.
    pub fn quota(used_kib: u64) -> Response {
        Response::Data(Data::Quota {
            root: QUOTA_ROOT.to_owned(),
            resources: vec![("STORAGE".to_owned(), used_kib, QUOTA_STORAGE_KIB)],
        })
    }

    /// `<tag> NO [NONEXISTENT] Unknown quota root (Failure)` for GETQUOTA
    /// of a root other than `""`. *Representative.*
    pub fn unknown_quota_root(tag: &Tag) -> Response {
        no_text(tag, Some(Code::NonExistent), "Unknown quota root")
    }

    /// `<tag> BAD Could not parse search query (Failure)` for an X-GM-RAW
    /// query the mock cannot read (unbalanced brackets; a bad age, date or
    /// size). *Representative.*
    pub fn bad_search_query(tag: &Tag) -> Response {
        tagged(
            tag,
            StatusKind::Bad,
            None,
            "Could not parse search query (Failure)",
        )
    }

    /// An untagged status response.
    pub fn untagged(kind: StatusKind, code: Option<Code>, text: impl Into<String>) -> Response {
        Response::Status(StatusResponse::untagged(kind, code, text))
    }

    /// A tagged status response.
    pub fn tagged(
        tag: &Tag,
        kind: StatusKind,
        code: Option<Code>,
        text: impl Into<String>,
    ) -> Response {
        Response::Status(StatusResponse::tagged(tag, kind, code, text))
    }
}

/// SMTP texts.
pub mod smtp {
    use super::*;

    const fn e(class: u8, subject: u16, detail: u16) -> Option<EnhancedCode> {
        Some(EnhancedCode::new(class, subject, detail))
    }

    fn gsmtp(id: &str) -> String {
        format!("{id} - gsmtp")
    }

    /// The submission service's name.
    pub const HOST: &str = "smtp.gmail.com";
    /// The Workspace SMTP relay service's name (support.google.com/a/answer/2956491).
    pub const RELAY_HOST: &str = "smtp-relay.gmail.com";

    /// `220 smtp.gmail.com ESMTP <id> - gsmtp`. Source: PHPMailer/PHPMailer#667.
    /// The relay greets with its own name in the same form (Ombi-app/Ombi#1442
    /// shows its `gsmtp` replies).
    pub fn greeting(host: &str, id: &str) -> Reply {
        Reply::new(220, None, &[&format!("{host} ESMTP {}", gsmtp(id))])
    }

    /// The EHLO reply. Source: PHPMailer/PHPMailer#1106 (before and after
    /// STARTTLS); DESIGN.md.
    pub fn ehlo(host: &str, peer_ip: &str, tls_active: bool, starttls_offered: bool) -> Reply {
        let first = format!("{host} at your service, [{peer_ip}]");
        let mut lines = vec![first.as_str(), "SIZE 35882577", "8BITMIME"];
        if !tls_active && starttls_offered {
            lines.push("STARTTLS");
        }
        if tls_active {
            lines.push("AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH");
        }
        lines.extend(["ENHANCEDSTATUSCODES", "PIPELINING", "CHUNKING", "SMTPUTF8"]);
        Reply::new(250, None, &lines)
    }

    /// `250 smtp.gmail.com at your service`. *Representative* HELO reply.
    pub fn helo(host: &str) -> Reply {
        Reply::new(250, None, &[&format!("{host} at your service")])
    }

    /// `220 2.0.0 Ready to start TLS`. Source: PHPMailer/PHPMailer#1106.
    pub fn starttls_ready() -> Reply {
        Reply::new(220, e(2, 0, 0), &["Ready to start TLS"])
    }

    /// `530 5.7.0 Must issue a STARTTLS command first. <id> - gsmtp`.
    /// Source: DESIGN.md.
    pub fn must_starttls(id: &str) -> Reply {
        Reply::new(
            530,
            e(5, 7, 0),
            &[&format!(
                "Must issue a STARTTLS command first. {}",
                gsmtp(id)
            )],
        )
    }

    /// `530-5.7.0 Authentication Required. Learn more at` … Source: Gmail's
    /// reply to MAIL without AUTH as quoted in public logs.
    pub fn auth_required(id: &str) -> Reply {
        Reply::new(
            530,
            e(5, 7, 0),
            &[
                "Authentication Required. Learn more at",
                &format!(
                    " https://support.google.com/mail/?p=WantAuthError {}",
                    gsmtp(id)
                ),
            ],
        )
    }

    /// `334 VXNlcm5hbWU6` / `334 UGFzc3dvcmQ6` (AUTH LOGIN). Source:
    /// PHPMailer/PHPMailer#1106.
    pub fn challenge(b64: &str) -> Reply {
        Reply::new(334, None, &[b64])
    }

    /// `235 2.7.0 Accepted`. Source: DESIGN.md.
    pub fn auth_ok() -> Reply {
        Reply::new(235, e(2, 7, 0), &["Accepted"])
    }

    /// `504 5.7.4 Unrecognized authentication type.` *Representative.*
    pub fn unknown_mechanism(id: &str) -> Reply {
        Reply::new(
            504,
            e(5, 7, 4),
            &[&format!("Unrecognized authentication type. {}", gsmtp(id))],
        )
    }

    /// `501 5.5.2 Cannot Decode response` for malformed SASL data.
    /// *Representative.*
    pub fn cannot_decode(id: &str) -> Reply {
        Reply::new(
            501,
            e(5, 5, 2),
            &[&format!("Cannot Decode response {}", gsmtp(id))],
        )
    }

    /// `501 5.7.0 Authentication cancelled` after `*`. *Representative.*
    pub fn auth_cancelled(id: &str) -> Reply {
        Reply::new(
            501,
            e(5, 7, 0),
            &[&format!("Authentication cancelled {}", gsmtp(id))],
        )
    }

    /// `503 5.5.1` out-of-sequence replies. *Representative* wording in
    /// Gmail's style.
    pub fn bad_sequence(what: &str, id: &str) -> Reply {
        Reply::new(503, e(5, 5, 1), &[&format!("{what} {}", gsmtp(id))])
    }

    /// `502 5.5.1 Unrecognized command. <id> - gsmtp`. Source: Gmail's reply
    /// to unknown verbs as quoted in public SMTP logs.
    pub fn unrecognized(id: &str) -> Reply {
        Reply::new(
            502,
            e(5, 5, 1),
            &[&format!("Unrecognized command. {}", gsmtp(id))],
        )
    }

    /// `555 5.5.2 Syntax error. <id> - gsmtp`. Source: public SMTP logs.
    pub fn syntax_error(id: &str) -> Reply {
        Reply::new(555, e(5, 5, 2), &[&format!("Syntax error. {}", gsmtp(id))])
    }

    /// `501-5.5.4 Empty HELO/EHLO argument not allowed, closing connection.`
    /// Source: Gmail's reply as quoted in public SMTP logs.
    pub fn empty_helo(id: &str) -> Reply {
        Reply::new(
            501,
            e(5, 5, 4),
            &[
                "Empty HELO/EHLO argument not allowed, closing connection.",
                &format!(" https://support.google.com/mail/?p=helo {}", gsmtp(id)),
            ],
        )
    }

    /// `250 2.1.0 OK <id> - gsmtp` (MAIL FROM accepted).
    pub fn mail_ok(id: &str) -> Reply {
        Reply::new(250, e(2, 1, 0), &[&format!("OK {}", gsmtp(id))])
    }

    /// `250 2.1.5 OK <id> - gsmtp` (RCPT TO accepted).
    pub fn rcpt_ok(id: &str) -> Reply {
        Reply::new(250, e(2, 1, 5), &[&format!("OK {}", gsmtp(id))])
    }

    /// `553-5.1.3 The recipient address <x> is not a valid RFC 5321 address.`
    /// Source: Gmail's reply as quoted in public SMTP logs.
    pub fn bad_recipient(addr: &str, id: &str) -> Reply {
        Reply::new(
            553,
            e(5, 1, 3),
            &[
                &format!("The recipient address <{addr}> is not a valid RFC 5321 address. Learn"),
                &format!(
                    "more at https://support.google.com/mail/answer/6596 {}",
                    gsmtp(id)
                ),
            ],
        )
    }

    /// `354 Go ahead <id> - gsmtp`. Source: Gmail DATA reply in public logs.
    pub fn go_ahead(id: &str) -> Reply {
        Reply::new(354, None, &[&format!("Go ahead {}", gsmtp(id))])
    }

    /// `250 2.0.0 OK  <unix-time> <id> - gsmtp` after the message.
    /// Source: Gmail's end-of-data reply in public logs (two spaces).
    pub fn message_accepted(unix_time: i64, id: &str) -> Reply {
        Reply::new(
            250,
            e(2, 0, 0),
            &[&format!("OK  {unix_time} {}", gsmtp(id))],
        )
    }

    /// `250 2.0.0 <n> bytes received <id> - gsmtp` after a BDAT chunk that
    /// is not the last; `n` counts the message so far. Representative, not
    /// verbatim: no public transcript shows Gmail's reply to a non-final
    /// chunk, so this follows its other `250 2.0.0` replies.
    pub fn chunk_received(n: usize, id: &str) -> Reply {
        Reply::new(
            250,
            e(2, 0, 0),
            &[&format!("{n} bytes received {}", gsmtp(id))],
        )
    }

    /// `250 2.1.5 Flushed <id> - gsmtp` (RSET).
    pub fn flushed(id: &str) -> Reply {
        Reply::new(250, e(2, 1, 5), &[&format!("Flushed {}", gsmtp(id))])
    }

    /// `250 2.0.0 OK <id> - gsmtp` (NOOP).
    pub fn noop(id: &str) -> Reply {
        Reply::new(250, e(2, 0, 0), &[&format!("OK {}", gsmtp(id))])
    }

    /// `252 2.1.5 Send some mail, I'll try my best <id> - gsmtp` (VRFY).
    /// Source: Gmail's VRFY reply as quoted in public SMTP logs.
    pub fn vrfy(id: &str) -> Reply {
        Reply::new(
            252,
            e(2, 1, 5),
            &[&format!("Send some mail, I'll try my best {}", gsmtp(id))],
        )
    }

    /// `214 2.0.0  https://www.google.com/search?btnI&q=RFC+5321 <id> - gsmtp`.
    pub fn help(id: &str) -> Reply {
        Reply::new(
            214,
            e(2, 0, 0),
            &[&format!(
                " https://www.google.com/search?btnI&q=RFC+5321 {}",
                gsmtp(id)
            )],
        )
    }

    /// `221 2.0.0 closing connection <id> - gsmtp`.
    pub fn closing(id: &str) -> Reply {
        Reply::new(
            221,
            e(2, 0, 0),
            &[&format!("closing connection {}", gsmtp(id))],
        )
    }

    /// `552 5.3.4` size limit replies. Source: Gmail's MaxSizeError text.
    pub fn too_big(id: &str) -> Reply {
        Reply::new(
            552,
            e(5, 3, 4),
            &[
                "Your message exceeded Google's message size limits. Please visit",
                " https://support.google.com/mail/?p=MaxSizeError to view our size",
                &format!("guidelines. {}", gsmtp(id)),
            ],
        )
    }

    /// `500 5.5.2` for an over-long command line (RFC 5321 §4.5.3.1.4).
    /// *Representative.*
    pub fn line_too_long(id: &str) -> Reply {
        Reply::new(500, e(5, 5, 2), &[&format!("Line too long. {}", gsmtp(id))])
    }

    /// `421 4.7.0 Try again later, closing connection. (EHLO) <id> - gsmtp`.
    /// Source: DESIGN.md.
    pub fn try_again_later(stage: &str, id: &str) -> Reply {
        Reply::new(
            421,
            e(4, 7, 0),
            &[&format!(
                "Try again later, closing connection. ({stage}) {}",
                gsmtp(id)
            )],
        )
    }

    /// `421 4.3.0 Temporary System Problem.  Try again later (10). <id> - gsmtp`
    /// instead of a greeting (fault injection). Source: DESIGN.md.
    pub fn unavailable(id: &str) -> Reply {
        Reply::new(
            421,
            e(4, 3, 0),
            &[&format!(
                "Temporary System Problem.  Try again later (10). {}",
                gsmtp(id)
            )],
        )
    }

    /// `421 4.7.0` when the server shuts down. *Representative.*
    pub fn shutting_down(id: &str) -> Reply {
        Reply::new(
            421,
            e(4, 7, 0),
            &[&format!(
                "Server shutting down, closing connection. {}",
                gsmtp(id)
            )],
        )
    }

    /// The XOAUTH2 failure challenge: `334 <base64 JSON>`.
    pub fn xoauth2_challenge(b64_json: &str) -> Reply {
        Reply::new(334, None, &[b64_json])
    }

    /// The reply for a refused sign-in.
    pub fn denial(denial: Denial, id: &str, webalert_url: &str) -> Reply {
        match denial {
            // Source: DESIGN.md.
            Denial::InvalidCredentials | Denial::InvalidToken => Reply::new(
                535,
                e(5, 7, 8),
                &[
                    "Username and Password not accepted. Learn more at",
                    &format!(
                        " https://support.google.com/mail/?p=BadCredentials {}",
                        gsmtp(id)
                    ),
                ],
            ),
            // Source: DESIGN.md; bberkay/openmail#1 shows a newer wording.
            Denial::AppPasswordRequired => Reply::new(
                534,
                e(5, 7, 9),
                &[
                    "Application-specific password required. Learn more at",
                    &format!(
                        " https://support.google.com/mail/?p=InvalidSecondFactor {}",
                        gsmtp(id)
                    ),
                ],
            ),
            // Source: node-red/node-red-nodes#284, PHPMailer/PHPMailer#667.
            Denial::WebLoginRequired => Reply::new(
                534,
                e(5, 7, 14),
                &[
                    &format!("<{webalert_url}>"),
                    "Please log in via your web browser and",
                    "then try again.",
                    " Learn more at",
                    &format!(
                        " https://support.google.com/mail/answer/78754 {}",
                        gsmtp(id)
                    ),
                ],
            ),
            // Source: DESIGN.md.
            Denial::Throttled => Reply::new(
                454,
                e(4, 7, 0),
                &[&format!(
                    "Too many login attempts, please try again later. {}",
                    gsmtp(id)
                )],
            ),
            // *Representative*.
            Denial::AccountSuspended => Reply::new(
                535,
                e(5, 7, 0),
                &[
                    "Your account has been suspended. Sign in at",
                    &format!(" https://accounts.google.com to see why. {}", gsmtp(id)),
                ],
            ),
            // SMTP has no connection cap or IMAP switch; these never reach
            // SMTP, but answer like a temporary problem if they do.
            Denial::TooManyConnections
            | Denial::ImapDisabledForDomain
            | Denial::ImapDisabledForUser => try_again_later("AUTH", id),
        }
    }

    /// Sending refused by Workspace policy (at MAIL FROM). *Representative*
    /// (DESIGN.md: no public verbatim text for this case).
    pub fn external_smtp_denied(id: &str) -> Reply {
        Reply::new(
            550,
            e(5, 7, 1),
            &[
                "The user or domain that you are sending to (or from) has a policy that prohibited",
                "the mail that you sent. Please contact your domain administrator for further",
                &format!("details. {}", gsmtp(id)),
            ],
        )
    }

    /// The daily sending limit, after the message's final dot. Workspace:
    /// `550-5.4.5 Daily user sending limit exceeded. For more information on
    /// Gmail` / `550-5.4.5 sending limits go to` / `550 5.4.5
    /// https://support.google.com/a/answer/166852 <id> - gsmtp`. Source:
    /// woowacourse-teams/2025-ah-madda#635, onepub-dev/onepub#543.
    pub fn daily_limit_workspace(id: &str) -> Reply {
        Reply::new(
            550,
            e(5, 4, 5),
            &[
                "Daily user sending limit exceeded. For more information on Gmail",
                "sending limits go to",
                &format!(" https://support.google.com/a/answer/166852 {}", gsmtp(id)),
            ],
        )
    }

    /// The daily sending limit of a personal account: `550 5.4.5 Daily user
    /// sending quota exceeded. <id> - gsmtp`. Source: gen-smtp/gen_smtp#140,
    /// iiuni/projektzapisy#960 (at the end of DATA).
    pub fn daily_limit_personal(id: &str) -> Reply {
        Reply::new(
            550,
            e(5, 4, 5),
            &[&format!("Daily user sending quota exceeded. {}", gsmtp(id))],
        )
    }

    /// The relay service without a setting that admits this client: `550
    /// 5.7.0 Mail relay denied [IP]. …#maildenied`. Source: Ombi-app/Ombi#1442
    /// (2017, "G Suite"; today's consoles say "Google Workspace").
    pub fn relay_denied(peer_ip: &str, domains: &str, id: &str) -> Reply {
        Reply::new(
            550,
            e(5, 7, 0),
            &[
                &format!("Mail relay denied [{peer_ip}]. Invalid credentials for relay for one"),
                &format!("of the domains in: {domains} (as obtained from HELO and MAIL FROM)."),
                "Email is being sent from a domain or IP address which isn't registered",
                "in your Google Workspace account. Please login to your Google Workspace account and",
                "verify that your sending device IP address has been registered within",
                "the Google Workspace SMTP Relay Settings. For more information, please visit",
                &format!(
                    " https://support.google.com/a/answer/6140680#maildenied {}",
                    gsmtp(id)
                ),
            ],
        )
    }

    /// The relay service refusing a sender outside the organisation's
    /// domains: `550 5.7.1 Invalid credentials for relay [IP]. …#invalidcred`.
    /// Source: TreeBASE/treebase#273 ("G Suite" then).
    pub fn relay_sender_not_allowed(peer_ip: &str, id: &str) -> Reply {
        Reply::new(
            550,
            e(5, 7, 1),
            &[
                &format!("Invalid credentials for relay [{peer_ip}]. The IP address you've"),
                "registered in your Google Workspace SMTP Relay service doesn't match domain of",
                "the account this email is being sent from. If you are trying to relay",
                "mail from a domain that isn't registered under your Google Workspace account",
                "or has empty envelope-from, you must configure your mail server",
                "either to use SMTP AUTH to identify the sending domain or to present",
                "one of your domain names in the HELO or EHLO command. For more",
                "information, please visit",
                &format!(
                    " https://support.google.com/a/answer/6140680#invalidcred {}",
                    gsmtp(id)
                ),
            ],
        )
    }

    /// The relay service when the admin requires SMTP AUTH and the client
    /// did not sign in. *Representative* (no public verbatim text; the
    /// same family and help anchor as [`relay_sender_not_allowed`]).
    pub fn relay_auth_required(peer_ip: &str, id: &str) -> Reply {
        Reply::new(
            550,
            e(5, 7, 1),
            &[
                &format!("Invalid credentials for relay [{peer_ip}]. This SMTP relay service"),
                "requires SMTP AUTH: sign in with an account of your Google Workspace",
                "domains before sending. For more information, please visit",
                &format!(
                    " https://support.google.com/a/answer/6140680#invalidcred {}",
                    gsmtp(id)
                ),
            ],
        )
    }
}
