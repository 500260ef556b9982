//! Gmail's texts (DESIGN.md "Wire texts") and realistic variants, fed to
//! the recogniser: older and newer wordings, multi-line SMTP splits, extra
//! whitespace, lower case, other languages' clients.

use gmail_wire::imap::Code;
use mail_doctor::classify::{recognise, Signal};

fn imap(text: &str, code: Option<Code>) -> Signal {
    recognise(text, code.as_ref(), None, None)
}

fn smtp(code: u16, enh: (u8, u16, u16), lines: &[&str]) -> Signal {
    recognise(&lines.join("\n"), None, Some(code), Some(enh))
}

#[test]
fn imap_texts() {
    use Signal::*;
    let cases: &[(&str, Option<Code>, Signal)] = &[
        ("Invalid credentials (Failure)", Some(Code::AuthenticationFailed), InvalidCredentials),
        ("[AUTHENTICATIONFAILED] Invalid credentials (Failure)", None, InvalidCredentials),
        ("invalid   CREDENTIALS", None, InvalidCredentials),
        ("Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)", Some(Code::Alert), AppPasswordRequired),
        ("application specific password required", Some(Code::Alert), AppPasswordRequired),
        ("Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)", Some(Code::Alert), WebLoginRequired),
        ("Web login required.", Some(Code::WebAlert("https://accounts.google.com/signin/continue?sarp=1".into())), WebLoginRequired),
        ("Please log in with your web browser and then try again.", None, WebLoginRequired),
        ("Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)", Some(Code::Alert), ImapDisabledUser),
        ("IMAP access is disabled for your domain.  Please contact your domain administrator for questions about this feature. (Failure)", Some(Code::Alert), ImapDisabledDomain),
        ("IMAP access is disabled for your domain. Please contact your domain administrator", None, ImapDisabledDomain),
        ("Too many simultaneous connections. (Failure)", Some(Code::Alert), TooManyConnections),
        ("Account exceeded command or bandwidth limits.", Some(Code::OverQuota), Temporary),
        ("Success [THROTTLED]", None, Temporary),
        ("Temporary System Problem. Try again later.", Some(Code::Unavailable), Temporary),
        ("Your account is suspended. Sign in at https://accounts.google.com to see why. (Failure)", Some(Code::Alert), Suspended),
        // A Polish client's wording of a pasted refusal.
        ("Zaloguj się przez przeglądarkę internetową", None, WebLoginRequired),
        ("Wymagane hasło aplikacji", None, AppPasswordRequired),
        ("Something entirely different", None, Unknown),
    ];
    for (text, code, want) in cases {
        assert_eq!(imap(text, code.clone()), *want, "{text:?}");
    }
}

#[test]
fn smtp_texts_and_line_splits() {
    use Signal::*;
    assert_eq!(
        smtp(
            535,
            (5, 7, 8),
            &[
                "Username and Password not accepted. Learn more at",
                " https://support.google.com/mail/?p=BadCredentials x - gsmtp"
            ]
        ),
        InvalidCredentials
    );
    assert_eq!(
        smtp(
            534,
            (5, 7, 9),
            &[
                "Application-specific password required. Learn more at",
                " https://support.google.com/mail/?p=InvalidSecondFactor x - gsmtp"
            ]
        ),
        AppPasswordRequired
    );
    // The 2026 wording ("For more information, go to").
    assert_eq!(
        smtp(
            534,
            (5, 7, 9),
            &[
                "Application-specific password required. For more information, go to",
                " https://support.google.com/mail/?p=InvalidSecondFactor x - gsmtp"
            ]
        ),
        AppPasswordRequired
    );
    // 5.7.9 alone is not "app password": read the text.
    assert_eq!(
        smtp(
            534,
            (5, 7, 9),
            &[
                "Please log in with your web browser and then try again. Learn more at",
                " https://support.google.com/mail/?p=WebLoginRequired x - gsmtp"
            ]
        ),
        WebLoginRequired
    );
    // The five-line 5.7.14 reply, split mid-sentence, and a lower-cased copy.
    let lines = [
        "<https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbt>",
        "Please log in via your web",
        "browser and then try again.",
        " Learn more at",
        " https://support.google.com/mail/answer/78754 x - gsmtp",
    ];
    assert_eq!(smtp(534, (5, 7, 14), &lines), WebLoginRequired);
    assert_eq!(
        recognise(
            "534-5.7.14 please log in via your web browser",
            None,
            Some(534),
            None
        ),
        WebLoginRequired
    );
    assert_eq!(
        smtp(
            454,
            (4, 7, 0),
            &["Too many login attempts, please try again later. x - gsmtp"]
        ),
        Temporary
    );
    assert_eq!(
        smtp(
            421,
            (4, 7, 0),
            &["Try again later, closing connection. (EHLO) x - gsmtp"]
        ),
        Temporary
    );
    assert_eq!(
        smtp(
            530,
            (5, 7, 0),
            &["Must issue a STARTTLS command first. x - gsmtp"]
        ),
        MustStarttls
    );
    assert_eq!(
        smtp(
            550,
            (5, 7, 1),
            &[
                "The user or domain that you are sending to (or from) has a policy that prohibited",
                "the mail that you sent. Please contact your domain administrator for further",
                "details. x - gsmtp"
            ]
        ),
        SendingRefused
    );
    assert_eq!(
        smtp(
            550,
            (5, 7, 0),
            &["Mail relay denied [1.2.3.4]. Invalid credentials for relay for one of the domains"]
        ),
        SendingRefused
    );
    assert_eq!(smtp(554, (5, 0, 0), &["Unexpected"]), Unknown);
}
