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
        protocol: protocol.into(),
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
    // Today (the default date) the same words greet a correct password:
    // an app password first.
    assert_eq!(
        (d.remediation, d.rule, d.recognised),
        (
            R::UseAppPassword,
            Rule::AuthInvalidCredentialsAfterCutoff,
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
        (535, (5, 7, 8), "Username and Password not accepted.", R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff),
        (535, (5, 7, 1), "Username and Password not accepted.", R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff),
        (535, (5, 7, 9), "Username and Password not accepted.", R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff),
        (534, (5, 7, 9), "Application-specific password required.", R::UseAppPassword, Rule::AuthAppPasswordRequired),
        (534, (5, 7, 9), "Please log in with your web browser and then try again.", R::UseAppPassword, Rule::AuthWebLoginAppPassword),
        (534, (5, 7, 14), "Please log in via your web browser and", R::UseAppPassword, Rule::AuthWebLoginAppPassword),
        (534, (5, 7, 14), "<https://accounts.google.com/signin/continue?sarp=1>", R::UseAppPassword, Rule::AuthWebLoginAppPassword),
        (535, (5, 7, 0), "Your account has been suspended.", R::AccountSuspended, Rule::AuthSuspended),
        (535, (5, 7, 1), "Invalid credentials for relay [1.2.3.4].", R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff),
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
    assert_eq!(got.rule, Rule::AuthInvalidCredentialsAfterCutoff);
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

/// Diagnoses an SMTP failure at `step` while IMAP signed in, with the
/// CRM sending as `from` (`None`: as the login).
fn sending_failure(step: StepKind, from: Option<&str>, reply: Reply) -> Diagnosis {
    let imap = run(Protocol::Imap, true);
    let mut smtp = run(Protocol::Smtp, true);
    smtp.failure = Some(Failed {
        step,
        failure: Failure::Smtp { reply },
    });
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: Vec::new(),
    };
    let mut cfg = cfg();
    cfg.from = from.map(str::to_owned);
    classify(&ev, &cfg)
}

/// A reply with one enhanced code on every line.
fn reply(code: u16, (c, s, d): (u8, u16, u16), lines: &[&str]) -> Reply {
    Reply::new(code, Some(EnhancedCode::new(c, s, d)), lines)
}

/// The daily limit is `sending-limit-reached` for the customer to wait
/// out, at MAIL and at the end of DATA, whatever the sender — never the
/// admin's setting, never a password rung.
#[test]
fn the_daily_limit_is_never_the_policy_or_the_password() {
    let workspace = reply(
        550,
        (5, 4, 5),
        &[
            "Daily user sending limit exceeded. For more information on Gmail",
            "sending limits go to",
            " https://support.google.com/a/answer/166852 x - gsmtp",
        ],
    );
    let personal = reply(
        550,
        (5, 4, 5),
        &["Daily user sending quota exceeded. x - gsmtp"],
    );
    for r in [workspace, personal] {
        for step in [StepKind::Envelope, StepKind::SendTest] {
            for from in [None, Some("sales@partner.example")] {
                let d = sending_failure(step, from, r.clone());
                assert_eq!(
                    (d.remediation, d.rule, d.actor),
                    (R::SendingLimitReached, Rule::SendDailyLimit, Actor::User),
                    "{step:?} {from:?}"
                );
                assert!(d.recognised);
            }
        }
    }
}

/// Each relay refusal is `configure-smtp-relay` for the Workspace admin,
/// with the setting it names in the facts; the relay's 5.7.1 at AUTH
/// stays a credentials rung.
#[test]
fn relay_refusals_name_their_setting() {
    let cases = [
        (
            reply(550, (5, 7, 0), &[
                "Mail relay denied [203.0.113.7]. Invalid credentials for relay for one of the domains in: firma.pl",
                " https://support.google.com/a/answer/6140680#maildenied x - gsmtp",
            ]),
            RelayRefusal::NotAllowed,
            Rule::SendRelayDenied,
        ),
        (
            reply(550, (5, 7, 1), &[
                "Invalid credentials for relay [203.0.113.7]. The IP address you've registered in your Google Workspace SMTP Relay service doesn't match domain of the account this email is being sent from.",
                " https://support.google.com/a/answer/6140680#invalidcred x - gsmtp",
            ]),
            RelayRefusal::SenderNotInDomains,
            Rule::SendRelaySenderNotInDomains,
        ),
        (
            reply(550, (5, 7, 1), &[
                "Invalid credentials for relay [203.0.113.7]. This SMTP relay service requires SMTP AUTH.",
                " https://support.google.com/a/answer/6140680#invalidcred x - gsmtp",
            ]),
            RelayRefusal::AuthRequired,
            Rule::SendRelayAuthRequired,
        ),
    ];
    for (r, kind, rule) in cases {
        let d = sending_failure(StepKind::Envelope, None, r.clone());
        assert_eq!(
            (d.remediation, d.rule, d.actor, d.facts.relay),
            (
                R::ConfigureSmtpRelay,
                rule,
                Actor::WorkspaceAdmin,
                Some(kind)
            )
        );
        let at_auth = sending_failure(StepKind::SmtpAuth, None, r);
        // A credentials refusal; today the app-password rung comes first.
        assert_eq!(at_auth.remediation, R::UseAppPassword, "{kind:?} at AUTH");
        assert_eq!(at_auth.facts.relay, None);
    }
    // RFC 4954's 535 with the relay's words at AUTH: the credentials,
    // recognised as such.
    let d = sending_failure(
        StepKind::SmtpAuth,
        None,
        reply(
            535,
            (5, 7, 1),
            &["Invalid credentials for relay [203.0.113.7]."],
        ),
    );
    assert_eq!(
        (d.remediation, d.rule),
        (R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff)
    );
}

/// Gmail's per-user-gateway refusal in its words is `allow-external-smtp`;
/// an unworded 5.7.x is that only when the CRM sends as another address;
/// anything else unrecognised at the envelope is reported, not guessed.
#[test]
fn envelope_refusals_weigh_the_sender() {
    let policy = reply(
        550,
        (5, 7, 1),
        &[
            "The user or domain that you are sending to (or from) has a policy that prohibited",
            "the mail that you sent. Please contact your domain administrator for further",
            "details. x - gsmtp",
        ],
    );
    let d = sending_failure(StepKind::Envelope, Some("anna@biuro.example"), policy);
    assert_eq!(
        (d.remediation, d.rule, d.actor),
        (
            R::AllowExternalSmtp,
            Rule::SendRefusedByPolicy,
            Actor::WorkspaceAdmin
        )
    );
    assert_eq!(
        d.facts.from_requested.as_deref(),
        Some("anna@biuro.example")
    );

    let unworded = reply(550, (5, 7, 1), &["Not today. x - gsmtp"]);
    let d = sending_failure(
        StepKind::Envelope,
        Some("anna@biuro.example"),
        unworded.clone(),
    );
    assert_eq!(
        (d.remediation, d.rule, d.recognised),
        (R::AllowExternalSmtp, Rule::SendPolicyCodeSendAs, true)
    );
    let d = sending_failure(StepKind::Envelope, None, unworded);
    assert_eq!(
        (d.remediation, d.rule, d.recognised, d.facts.temporary),
        (
            R::RetryLater,
            Rule::SendUnrecognised,
            false,
            Some(Temporary::ServerError)
        )
    );
    assert_eq!(
        d.quote,
        vec![EvidenceLine::Quote("550 5.7.1 Not today. x - gsmtp".into())]
    );

    for from in [None, Some("anna@biuro.example")] {
        let d = sending_failure(
            StepKind::Envelope,
            from,
            reply(553, (5, 1, 8), &["Sender address rejected. x - gsmtp"]),
        );
        assert_eq!(
            (d.remediation, d.rule, d.recognised),
            (R::RetryLater, Rule::SendUnrecognised, false),
            "{from:?}"
        );
    }

    let d = sending_failure(
        StepKind::Envelope,
        None,
        reply(
            530,
            (5, 7, 0),
            &["Must issue a STARTTLS command first. x - gsmtp"],
        ),
    );
    assert_eq!(d.remediation, R::FixConnectionSettings);
}

/// A delivered copy with another From is `add-send-as-address` for the
/// user, with both addresses in the facts and the evidence.
#[test]
fn a_rewritten_from_is_add_send_as_address() {
    let imap = run(Protocol::Imap, true);
    let mut smtp = run(Protocol::Smtp, true);
    smtp.failure = Some(Failed {
        step: StepKind::Delivery,
        failure: Failure::FromRewritten {
            requested: "oferty@partner.example".into(),
            delivered: "anna@firma.pl".into(),
        },
    });
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: Vec::new(),
    };
    let mut cfg = cfg();
    cfg.from = Some("oferty@partner.example".into());
    cfg.send_test = true;
    let d = classify(&ev, &cfg);
    assert_eq!(
        (d.remediation, d.rule, d.actor),
        (R::AddSendAsAddress, Rule::SendFromRewritten, Actor::User)
    );
    assert_eq!(
        d.facts.from_requested.as_deref(),
        Some("oferty@partner.example")
    );
    assert_eq!(d.facts.from_delivered.as_deref(), Some("anna@firma.pl"));
    assert_eq!(
        d.quote,
        vec![EvidenceLine::FromRewritten {
            from_requested: "oferty@partner.example".into(),
            from_delivered: "anna@firma.pl".into(),
        }]
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

/// Sending as another address without a test message: the report says
/// what only a test message can show; as the login it says nothing.
#[test]
fn another_sender_without_a_test_message_is_noted() {
    let (imap, smtp) = (run(Protocol::Imap, true), run(Protocol::Smtp, true));
    let ev = Evidence {
        imap: &imap,
        smtp: &smtp,
        library: Vec::new(),
    };
    let mut cfg = cfg();
    assert!(classify(&ev, &cfg).notes.is_empty());
    cfg.from = Some("oferty@partner.example".into());
    assert_eq!(
        classify(&ev, &cfg).notes,
        vec![Note::FromNeedsSendTest {
            from: "oferty@partner.example".into()
        }]
    );
    cfg.send_test = true;
    assert!(classify(&ev, &cfg).notes.is_empty());
}

/// "Invalid credentials" for an account password follows the date
/// (DESIGN.md "Time"): before the cut-off for the account's kind the
/// article's order (the password first), after it an app password first
/// and the password next; a personal account's cut-off is 2022-05-30, a
/// Workspace account's 2024-09-30.
#[test]
fn invalid_credentials_follow_the_date() {
    let reply = Reply::new(
        535,
        Some(EnhancedCode::new(5, 7, 8)),
        &["Username and Password not accepted. Learn more at"],
    );
    let at = |email: &str, date: (i32, u32, u32), tried: &[R]| {
        let imap = run(Protocol::Imap, true);
        let mut smtp = run(Protocol::Smtp, false);
        smtp.failure = Some(Failed {
            step: StepKind::SmtpAuth,
            failure: Failure::Smtp {
                reply: reply.clone(),
            },
        });
        let ev = Evidence {
            imap: &imap,
            smtp: &smtp,
            library: Vec::new(),
        };
        let mut c = Config::new(email, Credential::Password("pw".to_string().into()));
        c.as_of = chrono::NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
        c.tried = tried.to_vec();
        let d = classify(&ev, &c);
        (d.remediation, d.rule)
    };
    let ws = "anna@firma.pl";
    let personal = "jan@gmail.com";
    assert_eq!(
        at(ws, (2024, 9, 29), &[]),
        (R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword)
    );
    assert_eq!(
        at(ws, (2024, 9, 30), &[]),
        (R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff)
    );
    assert_eq!(
        at(ws, (2024, 9, 30), &[R::UseAppPassword]),
        (R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword)
    );
    // 2023: the company account still has the article's ladder, the
    // private one does not.
    assert_eq!(
        at(ws, (2023, 3, 1), &[]),
        (R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword)
    );
    assert_eq!(
        at(personal, (2023, 3, 1), &[]),
        (R::UseAppPassword, Rule::AuthInvalidCredentialsAfterCutoff)
    );
    assert_eq!(
        at(personal, (2022, 5, 29), &[]),
        (R::CheckPassword, Rule::AuthInvalidCredentialsCheckPassword)
    );
}

/// The ladder's verdict for `signal` on `date` with `tried`, through
/// [`ladder::rung`] with the facts `classify` would compute.
fn rung_on(
    email: &str,
    signal: Signal,
    step: StepKind,
    date: (i32, u32, u32),
    tried: &[R],
) -> (R, Rule, Option<AdminSetting>) {
    let mut c = Config::new(email, Credential::Password("pw".to_string().into()));
    c.as_of = chrono::NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
    c.tried = tried.to_vec();
    let protocol = match step {
        StepKind::ImapLogin => Protocol::Imap,
        _ => Protocol::Smtp,
    };
    let v = ladder::rung(signal, step, protocol, &c, &base_facts(&c));
    (v.id, v.rule, v.propagating)
}

/// Every admin setting propagates (Google: up to 24 hours): when its
/// refusal persists after its step was tried, `retry-later` naming the
/// setting; after waiting was tried too, the step again (noted as tried).
#[test]
fn admin_changes_propagate_before_the_step_repeats() {
    let ws = "anna@firma.pl";
    let day = (2020, 6, 1);
    for (signal, step, id, fresh, waiting, setting) in [
        (
            Signal::ImapDisabledDomain,
            StepKind::ImapLogin,
            R::EnableImap,
            Rule::AuthImapDisabledDomain,
            Rule::AuthImapDisabledDomainPropagating,
            AdminSetting::Imap,
        ),
        (
            Signal::SendingRefused,
            StepKind::Envelope,
            R::AllowExternalSmtp,
            Rule::SendRefusedByPolicy,
            Rule::SendRefusedByPolicyPropagating,
            AdminSetting::ExternalSmtp,
        ),
        (
            Signal::RelayRefused(RelayRefusal::NotAllowed),
            StepKind::Envelope,
            R::ConfigureSmtpRelay,
            Rule::SendRelayDenied,
            Rule::SendRelayPropagating,
            AdminSetting::SmtpRelay,
        ),
        (
            Signal::WebLoginRequired,
            StepKind::ImapLogin,
            R::AllowLessSecureApps,
            Rule::AuthWebLoginLessSecure,
            Rule::AuthWebLoginPropagating,
            AdminSetting::LessSecureApps,
        ),
    ] {
        assert_eq!(rung_on(ws, signal, step, day, &[]), (id, fresh, None));
        assert_eq!(
            rung_on(ws, signal, step, day, &[id]),
            (R::RetryLater, waiting, Some(setting)),
            "{id}"
        );
        assert_eq!(setting.remediation(), id);
        // Waiting alone (for something else) does not count as the step.
        assert_eq!(
            rung_on(ws, signal, step, day, &[R::RetryLater]),
            (id, fresh, None)
        );
    }
    // After waiting, IMAP and the sending settings come back as they were.
    assert_eq!(
        rung_on(
            ws,
            Signal::ImapDisabledDomain,
            StepKind::ImapLogin,
            day,
            &[R::EnableImap, R::RetryLater]
        ),
        (R::EnableImap, Rule::AuthImapDisabledDomain, None)
    );
    // The unworded policy code while sending as another address too.
    let mut c = cfg();
    c.as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
    c.from = Some("sprzedaz@partner.example".into());
    c.tried = vec![R::AllowExternalSmtp];
    let v = ladder::rung(
        Signal::SendingPolicyCode,
        StepKind::Envelope,
        Protocol::Smtp,
        &c,
        &base_facts(&c),
    );
    assert_eq!(
        (v.id, v.rule, v.propagating),
        (
            R::RetryLater,
            Rule::SendPolicyCodeSendAsPropagating,
            Some(AdminSetting::ExternalSmtp)
        )
    );
}

/// "Please log in via your web browser" on every date: less secure apps
/// while they can be turned on, then waiting, then again in the right
/// account (the article's warning), then an app password; between
/// 2024-06-15 and 2024-09-29 a Workspace domain that was not using them
/// cannot turn them on, so an app password at once; after the cut-off an
/// app password.
#[test]
fn web_login_follows_the_windows_and_the_account() {
    let ws = "anna@firma.pl";
    let personal = "jan@gmail.com";
    let web = |email: &str, date, tried: &[R]| {
        let (id, rule, _) = rung_on(
            email,
            Signal::WebLoginRequired,
            StepKind::ImapLogin,
            date,
            tried,
        );
        (id, rule)
    };
    let lsa = R::AllowLessSecureApps;
    // 2023: the company account can still allow them.
    assert_eq!(
        web(ws, (2023, 3, 1), &[]),
        (lsa, Rule::AuthWebLoginLessSecure)
    );
    // A personal account in 2023 has none.
    assert_eq!(
        web(personal, (2023, 3, 1), &[]),
        (R::UseAppPassword, Rule::AuthWebLoginAppPassword)
    );
    // The 2024 window, from its first day to its last.
    for date in [(2024, 6, 15), (2024, 7, 15), (2024, 9, 29)] {
        assert_eq!(
            web(ws, date, &[]),
            (R::UseAppPassword, Rule::AuthWebLoginSettingGone),
            "{date:?}"
        );
    }
    assert_eq!(
        web(ws, (2024, 6, 14), &[]),
        (lsa, Rule::AuthWebLoginLessSecure)
    );
    assert_eq!(
        web(ws, (2024, 9, 30), &[]),
        (R::UseAppPassword, Rule::AuthWebLoginAppPassword)
    );
    // The wrong account: allowed, waited, still refused → allow again,
    // checking the account; after that an app password.
    let day = (2020, 6, 1);
    assert_eq!(
        web(ws, day, &[lsa, R::RetryLater]),
        (lsa, Rule::AuthWebLoginCheckAccount)
    );
    assert_eq!(
        web(personal, (2021, 3, 1), &[lsa, R::RetryLater]),
        (lsa, Rule::AuthWebLoginCheckAccount)
    );
    assert_eq!(
        web(ws, day, &[lsa, R::RetryLater, lsa]),
        (R::UseAppPassword, Rule::AuthWebLoginAppPassword)
    );
}

/// The ambiguous "Invalid credentials" ladder in the 2024 window skips
/// less secure apps for a Workspace account: after the password, an app
/// password.
#[test]
fn invalid_credentials_ladder_skips_the_removed_setting() {
    let ws = "anna@firma.pl";
    let ic = |date, tried: &[R]| {
        let (id, rule, _) = rung_on(
            ws,
            Signal::InvalidCredentials,
            StepKind::ImapLogin,
            date,
            tried,
        );
        (id, rule)
    };
    assert_eq!(
        ic((2024, 7, 15), &[R::CheckPassword]),
        (R::UseAppPassword, Rule::AuthLadderAppPassword)
    );
    assert_eq!(
        ic((2024, 6, 14), &[R::CheckPassword]),
        (R::AllowLessSecureApps, Rule::AuthLadderLessSecure)
    );
}

/// `classify` carries the propagating setting into the facts (for the
/// advice and the JSON) and notes a step that comes back after waiting.
#[test]
fn propagation_reaches_the_facts() {
    let reply = reply(
        550,
        (5, 7, 0),
        &["Mail relay denied [127.0.0.1]. Invalid credentials for relay for one of the domains in: firma.pl (as obtained from HELO and MAIL FROM). Email is being sent from a domain or IP address which isn't registered in your Workspace account. Please login to your Workspace account and verify that your sending device IP address has been registered within the Workspace SMTP Relay Settings. For more information, please visit https://support.google.com/a/answer/6140680#maildenied"],
    );
    let at = |tried: &[R]| {
        let imap = run(Protocol::Imap, true);
        let mut smtp = run(Protocol::Smtp, false);
        smtp.failure = Some(Failed {
            step: StepKind::Envelope,
            failure: Failure::Smtp {
                reply: reply.clone(),
            },
        });
        let ev = Evidence {
            imap: &imap,
            smtp: &smtp,
            library: Vec::new(),
        };
        let mut c = cfg();
        c.tried = tried.to_vec();
        classify(&ev, &c)
    };
    let d = at(&[]);
    assert_eq!(d.remediation, R::ConfigureSmtpRelay, "{:?}", d.rule);
    assert_eq!(d.facts.propagating, None);
    let d = at(&[R::ConfigureSmtpRelay]);
    assert_eq!(
        (d.remediation, d.rule, d.facts.propagating),
        (
            R::RetryLater,
            Rule::SendRelayPropagating,
            Some(AdminSetting::SmtpRelay)
        )
    );
    assert_eq!(d.facts.temporary, Some(Temporary::Propagation));
    let d = at(&[R::ConfigureSmtpRelay, R::RetryLater]);
    assert_eq!(d.remediation, R::ConfigureSmtpRelay);
    assert!(d.notes.contains(&Note::AlreadyTried {
        id: R::ConfigureSmtpRelay
    }));
}
