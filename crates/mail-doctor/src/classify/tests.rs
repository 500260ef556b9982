//! The classifier over hand-made evidence (no network): cross-protocol
//! choices, the AUTH-stage reading of SMTP codes, and the TLS verdicts.

use gmail_wire::smtp::{EnhancedCode, Reply};

use super::*;
use crate::config::{Credential, Security};
use crate::probe::{Failed, NetFailure, Outcome, Step, TlsFailure};

/// A probe run on Gmail's settings that got past its greeting (and signed
/// in when `authenticated`); tests add the failure they need.
fn run(protocol: Protocol, authenticated: bool) -> ProtocolRun {
    let endpoint = match protocol {
        Protocol::Imap => Endpoint::gmail_imap(),
        Protocol::Smtp => Endpoint::gmail_smtp(),
    };
    let step = |step| Step {
        protocol,
        step,
        outcome: Outcome::Ok,
        detail: crate::probe::Detail::None,
        elapsed_ms: 0,
    };
    ProtocolRun {
        protocol,
        endpoint,
        connected_to: None,
        steps: vec![step(StepKind::Greeting)],
        failure: None,
        transcript: Vec::new(),
        capabilities: Vec::new(),
        authenticated,
        stopped_early: false,
    }
}

/// A password (not an app password) and the doctor's default date, today:
/// past every cut-off, so a web-login refusal means an app password.
fn cfg() -> Config {
    Config::new(
        "anna@firma.pl",
        Credential::Password("pw".to_string().into()),
    )
}

/// Diagnoses an SMTP failure at `step` while IMAP signed in.
fn smtp_failure(step: StepKind, failure: Failure) -> Diagnosis {
    let imap = run(Protocol::Imap, true);
    let mut smtp = run(Protocol::Smtp, false);
    smtp.failure = Some(Failed { step, failure });
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: Vec::new(),
    };
    classify(&ev, &cfg())
}

/// Diagnoses an IMAP TLS handshake failure on the given settings.
fn imap_tls(endpoint: Endpoint, failure: TlsFailure) -> Diagnosis {
    let mut imap = run(Protocol::Imap, false);
    imap.steps.clear();
    imap.endpoint = endpoint;
    imap.failure = Some(Failed {
        step: StepKind::TlsHandshake,
        failure: Failure::Net {
            problem: NetFailure::Tls(failure),
        },
    });
    let smtp = run(Protocol::Smtp, true);
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: Vec::new(),
    };
    classify(&ev, &cfg())
}

/// The probe logs in but the CRM's library cannot: a finding, not a
/// different remediation.
#[test]
fn library_disagreement_is_a_note() {
    let cfg = cfg();
    let (imap, smtp) = (run(Protocol::Imap, true), run(Protocol::Smtp, true));
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: vec![
            (Protocol::Imap, Err("Bad Response: unexpected token".into())),
            (Protocol::Smtp, Ok(())),
        ],
    };
    let d = classify(&ev, &cfg);
    assert_eq!((d.remediation, d.rule), (R::None, Rule::AllProbesPassed));
    assert_eq!(
        d.notes,
        vec![Note::LibraryDisagrees {
            protocol: Protocol::Imap,
            library: "Bad Response: unexpected token".into(),
            probe_ok: true
        }]
    );
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: vec![(Protocol::Imap, Ok(())), (Protocol::Smtp, Ok(()))],
    };
    assert!(classify(&ev, &cfg).notes.is_empty());
}

/// `535 5.7.1 Username and Password not accepted` at AUTH is a sign-in
/// refusal: before the stage was read first, its 5.7.1 made it the
/// sending policy (`allow-external-smtp`). The same 5.7.1 at MAIL FROM
/// still is the policy.
#[test]
fn smtp_535_5_7_1_at_auth_is_about_credentials_not_sending() {
    let reply = Reply::new(
        535,
        Some(EnhancedCode::new(5, 7, 1)),
        &[
            "Username and Password not accepted. Learn more at",
            " https://support.google.com/mail/?p=BadCredentials x - gsmtp",
        ],
    );
    let d = smtp_failure(
        StepKind::SmtpAuth,
        Failure::Smtp {
            reply: reply.clone(),
        },
    );
    assert_eq!(
        (d.remediation, d.rule, d.recognised),
        (
            R::CheckPassword,
            Rule::AuthInvalidCredentialsCheckPassword,
            true
        )
    );
    assert!(d.facts.ambiguous);
    let policy = Reply::new(
        550,
        Some(EnhancedCode::new(5, 7, 1)),
        &["The user or domain that you are sending to (or from) has a policy that prohibited"],
    );
    let d = smtp_failure(StepKind::Envelope, Failure::Smtp { reply: policy });
    assert_eq!(
        (d.remediation, d.rule),
        (R::AllowExternalSmtp, Rule::SendRefusedByPolicy)
    );
}

/// An SMTP AUTH refusal (code, enhanced code, text) and what it must
/// lead to.
type AuthCase = (u16, (u8, u16, u16), &'static str, R, Rule);

/// Every enhanced code Gmail has used at AUTH leads into the sign-in
/// rungs, the words telling app password from web login.
#[test]
fn every_auth_stage_refusal_is_a_sign_in_rung() {
    // One line per reply: code, enhanced code, words → id, rule.
    #[rustfmt::skip]
    let cases: &[AuthCase] = &[
        (535, (5, 7, 8), "Username and Password not accepted.", R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword),
        (535, (5, 7, 1), "Username and Password not accepted.", R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword),
        (535, (5, 7, 9), "Username and Password not accepted.", R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword),
        (534, (5, 7, 9), "Application-specific password required.", R::UseAppPassword, Rule::AuthAppPasswordRequired),
        (534, (5, 7, 9), "Please log in with your web browser and then try again.", R::UseAppPassword, Rule::AuthWebLoginAppPassword),
        (534, (5, 7, 14), "Please log in via your web browser and", R::UseAppPassword, Rule::AuthWebLoginAppPassword),
        (534, (5, 7, 14), "<https://accounts.google.com/signin/continue?sarp=1>", R::UseAppPassword, Rule::AuthWebLoginAppPassword),
        (535, (5, 7, 0), "Your account has been suspended.", R::AccountSuspended, Rule::AuthSuspended),
        (535, (5, 7, 1), "Invalid credentials for relay [1.2.3.4].", R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword),
        (530, (5, 7, 0), "Must issue a STARTTLS command first.", R::FixConnectionSettings, Rule::AuthMustStarttls),
        (454, (4, 7, 0), "Too many login attempts, please try again later.", R::RetryLater, Rule::ServerTemporary),
    ];
    for (code, (c, s, d), text, id, rule) in cases {
        let reply = Reply::new(*code, Some(EnhancedCode::new(*c, *s, *d)), &[text]);
        let got = smtp_failure(StepKind::SmtpAuth, Failure::Smtp { reply });
        // The default `as_of` is today: web login means an app password.
        assert_eq!(
            (got.remediation, got.rule),
            (*id, *rule),
            "{code} {c}.{s}.{d} {text}"
        );
        assert!(got.recognised, "{code} {c}.{s}.{d} {text}");
    }
    // 534 5.7.9 with words nobody knows: neither app password nor web
    // login can be assumed; the ladder decides, marked unrecognised.
    let reply = Reply::new(534, Some(EnhancedCode::new(5, 7, 9)), &["Something else."]);
    let got = smtp_failure(StepKind::SmtpAuth, Failure::Smtp { reply });
    assert_eq!(got.rule, Rule::AuthInvalidCredentialsCheckPassword);
    assert!(!got.recognised);
}

/// TLS verdicts: only plaintext means "this port does not begin
/// encrypted"; a refused certificate names its defect.
#[test]
fn tls_failures_on_gmail_and_other_settings() {
    let gmail = Endpoint::gmail_imap();
    let custom = Endpoint {
        host: "mail.example.org".into(),
        port: 10993,
        security: Security::Ssl,
    };
    let wrong_name = || TlsFailure::WrongName {
        presented: vec!["localhost".into()],
    };
    // Settings, the typed failure → id, rule.
    #[rustfmt::skip]
    let cases: Vec<(&Endpoint, TlsFailure, R, Rule)> = vec![
        (&gmail, TlsFailure::NotTls, R::CheckNetwork, Rule::TlsPlaintextOnSslPort),
        (&custom, TlsFailure::NotTls, R::FixConnectionSettings, Rule::TlsPlaintextPort),
        (&custom, TlsFailure::CaUsedAsEndEntity, R::CheckTlsInterception, Rule::TlsCaUsedAsEndEntity),
        (&gmail, TlsFailure::CaUsedAsEndEntity, R::CheckTlsInterception, Rule::TlsCaUsedAsEndEntity),
        (&custom, TlsFailure::UntrustedIssuer, R::CheckTlsInterception, Rule::TlsUnknownIssuer),
        (&custom, TlsFailure::Expired, R::CheckTlsInterception, Rule::TlsExpired),
        (&custom, TlsFailure::NotYetValid, R::CheckTlsInterception, Rule::TlsNotYetValid),
        (&gmail, wrong_name(), R::CheckTlsInterception, Rule::TlsNameMismatch),
        (&custom, wrong_name(), R::FixConnectionSettings, Rule::TlsNameMismatchHost),
        (&custom, TlsFailure::Revoked, R::CheckTlsInterception, Rule::TlsRevoked),
        (&custom, TlsFailure::WrongPurpose, R::CheckTlsInterception, Rule::TlsBadCertificate),
        (&custom, TlsFailure::NoCertificate, R::CheckTlsInterception, Rule::TlsBadCertificate),
        (&custom, TlsFailure::Unusable("BadEncoding".into()), R::CheckTlsInterception, Rule::TlsBadCertificate),
        (&custom, TlsFailure::HandshakeRefused("HandshakeFailure".into()), R::CheckTlsInterception, Rule::TlsHandshakeRefused),
        (&custom, TlsFailure::Incompatible("NoCipherSuitesInCommon".into()), R::CheckTlsInterception, Rule::TlsIncompatible),
        (&custom, TlsFailure::Broken("DecryptError".into()), R::CheckTlsInterception, Rule::TlsFailed),
        (&custom, TlsFailure::Closed, R::FixConnectionSettings, Rule::TlsClosed),
        (&gmail, TlsFailure::Closed, R::CheckTlsInterception, Rule::TlsFailed),
    ];
    for (ep, failure, id, rule) in cases {
        let d = imap_tls(ep.clone(), failure.clone());
        assert_eq!((d.remediation, d.rule), (id, rule), "{failure:?} on {ep}");
        let plaintext = d.facts.settings == Some(SettingsIssue::PlaintextPort);
        assert_eq!(
            plaintext,
            matches!(failure, TlsFailure::NotTls | TlsFailure::Closed) && ep == &custom,
            "only a non-TLS reply may say the port does not begin encrypted: {failure:?}"
        );
        assert_eq!(d.quote, vec![EvidenceLine::Net(NetFailure::Tls(failure))]);
    }
}
