//! Gmail's texts (DESIGN.md "Wire texts") and realistic variants, fed to
//! the recogniser as the bytes a server sends, without a network: older
//! and newer wordings, multi-line SMTP splits, extra whitespace, lower
//! case, other languages' clients — and the same reply at different
//! stages, since the stage is read first.

use gmail_wire::imap::{parse_response, Response, StatusResponse};
use gmail_wire::smtp::parse_reply;
use mail_doctor::classify::{imap_signal, smtp_signal, text_signal, Signal};
use mail_doctor::probe::StepKind;

/// Parses IMAP status lines (untagged first, the tagged answer last).
fn imap_lines(lines: &[&str]) -> (StatusResponse, Vec<StatusResponse>) {
    let mut statuses: Vec<StatusResponse> = lines
        .iter()
        .map(|l| match parse_response(format!("{l}\r\n").as_bytes()) {
            Ok(Response::Status(s)) => s,
            other => panic!("{l:?} is not a status line: {other:?}"),
        })
        .collect();
    let tagged = statuses.pop().expect("at least one line");
    (tagged, statuses)
}

fn imap_at_login(lines: &[&str]) -> Signal {
    let (tagged, untagged) = imap_lines(lines);
    imap_signal(StepKind::ImapLogin, &tagged, &untagged)
}

/// Parses one SMTP reply from its wire lines.
fn smtp_at(stage: StepKind, lines: &[&str]) -> Signal {
    let wire: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
    let (reply, _) = parse_reply(wire.as_bytes())
        .expect("a valid reply")
        .expect("a complete reply");
    smtp_signal(stage, &reply)
}

#[test]
fn imap_replies_at_login() {
    use Signal::*;
    let cases: &[(&[&str], Signal)] = &[
        (&["d1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"], InvalidCredentials),
        // RFC 5530 code alone, words unknown: still the credentials family.
        (&["d1 NO [AUTHENTICATIONFAILED] Nope"], InvalidCredentials),
        (&["d1 NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)"], AppPasswordRequired),
        (&["d1 NO [ALERT] application specific password required"], AppPasswordRequired),
        (&["d1 NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)"], WebLoginRequired),
        // The newer form: an untagged WEBALERT before a plain tagged NO.
        (&["* NO [WEBALERT https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AK] Web login required.", "d1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"], WebLoginRequired),
        (&["d1 NO Please log in with your web browser and then try again."], WebLoginRequired),
        (&["d1 NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)"], ImapDisabledUser),
        (&["d1 NO [ALERT] IMAP access is disabled for your domain.  Please contact your domain administrator for questions about this feature. (Failure)"], ImapDisabledDomain),
        (&["d1 NO [ALERT] Too many simultaneous connections. (Failure)"], TooManyConnections),
        (&["* BYE [OVERQUOTA] Account exceeded command or bandwidth limits."], Temporary),
        (&["d1 NO [UNAVAILABLE] Temporary System Problem. Try again later."], Temporary),
        (&["d1 NO [THROTTLED] Slow down"], Temporary),
        (&["d1 NO [PRIVACYREQUIRED] Use TLS"], MustStarttls),
        (&["d1 NO [ALERT] Your account is suspended. Sign in at https://accounts.google.com to see why. (Failure)"], Suspended),
        // A BYE nobody recognises is the server hanging up: temporary.
        (&["* BYE Something entirely different"], Temporary),
        (&["d1 NO Something entirely different"], Unknown),
        // Sending-policy words cannot refuse an IMAP sign-in.
        (&["d1 NO Mail relay denied"], InvalidCredentials),
    ];
    for (lines, want) in cases {
        assert_eq!(imap_at_login(lines), *want, "{lines:?}");
    }
}

/// Wordings read when no typed code decides: clients that strip the
/// bracketed code (the `imap` crate's `information`), lower-case or
/// translate what they show.
#[test]
fn wordings() {
    use Signal::*;
    let cases: &[(&str, Signal)] = &[
        (
            "[AUTHENTICATIONFAILED] Invalid credentials (Failure)",
            InvalidCredentials,
        ),
        ("invalid   CREDENTIALS", InvalidCredentials),
        ("Success [THROTTLED]", Temporary),
        (
            "IMAP access is disabled for your domain. Please contact your domain administrator",
            ImapDisabledDomain,
        ),
        (
            "534-5.7.14 please log in via your web browser",
            WebLoginRequired,
        ),
        // A Polish client's wording of a pasted refusal.
        (
            "Zaloguj się przez przeglądarkę internetową",
            WebLoginRequired,
        ),
        ("Wymagane hasło aplikacji", AppPasswordRequired),
        ("Something entirely different", Unknown),
    ];
    for (text, want) in cases {
        assert_eq!(text_signal(text), *want, "{text:?}");
    }
}

#[test]
fn smtp_replies_at_auth() {
    use Signal::*;
    let auth = |lines: &[&str]| smtp_at(StepKind::SmtpAuth, lines);
    assert_eq!(
        auth(&[
            "535-5.7.8 Username and Password not accepted. Learn more at",
            "535 5.7.8  https://support.google.com/mail/?p=BadCredentials x - gsmtp",
        ]),
        InvalidCredentials
    );
    // Gmail's older answer: 5.7.1 at AUTH is about the credentials, not
    // the sending policy that 5.7.1 at MAIL FROM means.
    assert_eq!(
        auth(&["535 5.7.1 Username and Password not accepted. x - gsmtp"]),
        InvalidCredentials
    );
    assert_eq!(
        auth(&[
            "534-5.7.9 Application-specific password required. Learn more at",
            "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor x - gsmtp",
        ]),
        AppPasswordRequired
    );
    // The 2026 wording ("For more information, go to").
    assert_eq!(
        auth(&[
            "534-5.7.9 Application-specific password required. For more information, go to",
            "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor x - gsmtp",
        ]),
        AppPasswordRequired
    );
    // 5.7.9 alone is not "app password": read the text.
    assert_eq!(
        auth(&[
            "534-5.7.9 Please log in with your web browser and then try again. Learn more at",
            "534 5.7.9  https://support.google.com/mail/?p=WebLoginRequired x - gsmtp",
        ]),
        WebLoginRequired
    );
    // 5.7.9 with words nobody knows: neither can be assumed.
    assert_eq!(auth(&["534 5.7.9 Go away. x - gsmtp"]), Unknown);
    // The five-line 5.7.14 reply, split mid-sentence.
    assert_eq!(
        auth(&[
            "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbt>",
            "534-5.7.14 Please log in via your web",
            "534-5.7.14 browser and then try again.",
            "534-5.7.14  Learn more at",
            "534 5.7.14  https://support.google.com/mail/answer/78754 x - gsmtp",
        ]),
        WebLoginRequired
    );
    // 5.7.14 is web login whatever the words.
    assert_eq!(auth(&["534 5.7.14 x - gsmtp"]), WebLoginRequired);
    assert_eq!(
        auth(&[
            "535-5.7.0 Your account has been suspended. Sign in at",
            "535 5.7.0  https://accounts.google.com to see why. x - gsmtp",
        ]),
        Suspended
    );
    assert_eq!(
        auth(&["454 4.7.0 Too many login attempts, please try again later. x - gsmtp"]),
        Temporary
    );
    assert_eq!(
        auth(&["530 5.7.0 Must issue a STARTTLS command first. x - gsmtp"]),
        MustStarttls
    );
}

#[test]
fn smtp_replies_at_other_stages() {
    use Signal::*;
    let policy = [
        "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited",
        "550-5.7.1 the mail that you sent. Please contact your domain administrator for further",
        "550 5.7.1 details. x - gsmtp",
    ];
    assert_eq!(smtp_at(StepKind::Envelope, &policy), SendingRefused);
    // A 5.7.x policy code in words nobody knows: a policy refusal that does
    // not name its cause (since 2026-12 no longer the per-user gateway
    // setting by default; the ladder weighs the sender).
    assert_eq!(
        smtp_at(StepKind::Envelope, &["550 5.7.1 Not today. x - gsmtp"]),
        SendingPolicyCode
    );
    assert_eq!(
        smtp_at(
            StepKind::Envelope,
            &["530 5.7.0 Must issue a STARTTLS command first. x - gsmtp"]
        ),
        MustStarttls
    );
    assert_eq!(
        smtp_at(
            StepKind::Ehlo,
            &["421 4.7.0 Try again later, closing connection. (EHLO) x - gsmtp"]
        ),
        Temporary
    );
    assert_eq!(
        smtp_at(StepKind::Greeting, &["554 5.0.0 Unexpected"]),
        Unknown
    );
}

/// Gmail's daily sending limit, both account kinds, at every sending
/// stage: never the policy, never the password — and by the enhanced code
/// alone when the words are new, by the words alone when a client dropped
/// the code.
#[test]
fn daily_sending_limit_at_the_sending_stages() {
    use Signal::*;
    let workspace = [
        "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail",
        "550-5.4.5 sending limits go to",
        "550 5.4.5  https://support.google.com/a/answer/166852 x - gsmtp",
    ];
    let personal = ["550 5.4.5 Daily user sending quota exceeded. x - gsmtp"];
    for stage in [StepKind::Envelope, StepKind::SendTest] {
        assert_eq!(smtp_at(stage, &workspace), SendingLimit, "{stage:?}");
        assert_eq!(smtp_at(stage, &personal), SendingLimit, "{stage:?}");
        assert_eq!(
            smtp_at(stage, &["550 5.4.5 Reworded. x - gsmtp"]),
            SendingLimit
        );
        assert_eq!(
            smtp_at(stage, &["550 Daily sending quota exceeded"]),
            SendingLimit
        );
    }
    assert_eq!(
        text_signal("daily user sending limit exceeded"),
        SendingLimit
    );
}

/// The SMTP relay service's refusals at MAIL FROM, each naming its
/// setting; at AUTH the same words stay a credentials refusal.
#[test]
fn relay_refusals() {
    use mail_doctor::classify::RelayRefusal::*;
    use Signal::*;
    let denied = [
        "550-5.7.0 Mail relay denied [203.0.113.7]. Invalid credentials for relay for one of the domains in: firma.example (as obtained from HELO and MAIL FROM).",
        "550-5.7.0 Email is being sent from a domain or IP address which isn't registered in your Workspace account. Please login to your Workspace account and verify that your sending device IP address has been registered within the Workspace SMTP Relay Settings. For more information, please visit",
        "550 5.7.0  https://support.google.com/a/answer/6140680#maildenied x - gsmtp",
    ];
    let sender = [
        "550-5.7.1 Invalid credentials for relay [203.0.113.7]. The IP address you've registered in your Google Workspace SMTP Relay service doesn't match domain of the account this email is being sent from. If you are trying to relay mail from a domain that isn't registered under your Google Workspace account or has empty envelope-from, you must configure your mail server either to use SMTP AUTH to identify the sending domain or to present one of your domain names in the HELO or EHLO command. For more information, please visit",
        "550 5.7.1  https://support.google.com/a/answer/6140680#invalidcred x - gsmtp",
    ];
    let auth = [
        "550-5.7.1 Invalid credentials for relay [203.0.113.7]. This SMTP relay service requires SMTP AUTH. For more information, please visit",
        "550 5.7.1  https://support.google.com/a/answer/6140680#invalidcred x - gsmtp",
    ];
    for stage in [StepKind::Envelope, StepKind::SendTest] {
        assert_eq!(smtp_at(stage, &denied), RelayRefused(NotAllowed));
        assert_eq!(smtp_at(stage, &sender), RelayRefused(SenderNotInDomains));
        assert_eq!(smtp_at(stage, &auth), RelayRefused(AuthRequired));
    }
    // At AUTH a relay's words are about the credentials.
    assert_eq!(
        smtp_at(
            StepKind::SmtpAuth,
            &["535 5.7.1 Invalid credentials for relay [203.0.113.7]. x - gsmtp"]
        ),
        InvalidCredentials
    );
    // A 550 at AUTH is no sign-in code RFC 4954 defines: unrecognised, and
    // the ladder's fallback for AUTH (the credentials) decides — never the
    // relay rung (see the classifier's unit tests).
    assert_eq!(smtp_at(StepKind::SmtpAuth, &auth), Unknown);
    // And an IMAP sign-in never becomes a relay refusal.
    assert_eq!(
        imap_at_login(&["d1 NO Mail relay denied"]),
        InvalidCredentials
    );
}
