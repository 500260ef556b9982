//! Real clients against `gmail-harness serve`, one child per preset, over
//! TLS with the mock's CA: Python's `imaplib` and `smtplib`, `curl`
//! (imaps/smtps and STARTTLS), `swaks`, and `openssl s_client`. In every
//! preset each client must see Gmail's own text for that failure (or
//! succeed where Gmail would), and the healthy flows work end to end.
//!
//! A client whose binary is missing is skipped with a message, unless
//! `GMAIL_HARNESS_REQUIRE_CLIENTS=1` (set by `.ci/run`, which installs them
//! all): then a missing client is a failure.

mod support;

use std::process::{Command, Output, Stdio};

use mock_gmail::model::preset::{WORKSPACE_APP_PASSWORD, WORKSPACE_EMAIL, WORKSPACE_OAUTH_TOKEN};
use mock_gmail::model::{preset, PRESETS};
use support::Served;

const RCPT: &str = "ewa@klient.example";

/// What a preset must show a client signing in with the customer's secret.
struct Case {
    mode: &'static str,
    /// `None`: IMAP sign-in works; else Gmail's text the client must show.
    imap: Option<&'static str>,
    /// `None`: sending works; else Gmail's text (AUTH or MAIL FROM).
    smtp: Option<&'static str>,
}

const ALERT_DOMAIN: &str =
    "[ALERT] IMAP access is disabled for your domain.  Please contact your domain administrator";
const ALERT_USER: &str = "[ALERT] Your account is not enabled for IMAP use.";
const ALERT_WEB: &str =
    "[ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)";
const ALERT_APP: &str = "[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)";
const AUTH_FAILED: &str = "[AUTHENTICATIONFAILED] Invalid credentials (Failure)";
const TOO_MANY: &str = "[ALERT] Too many simultaneous connections. (Failure)";
const SMTP_WEB: &str = "5.7.14 Please log in via your web browser and";
const SMTP_APP: &str = "5.7.9 Application-specific password required.";
const SMTP_POLICY: &str =
    "5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited";
const SMTP_BAD: &str = "5.7.8 Username and Password not accepted.";

const CASES: &[Case] = &[
    Case {
        mode: "healthy",
        imap: None,
        smtp: None,
    },
    Case {
        mode: "imap-disabled",
        imap: Some(ALERT_DOMAIN),
        smtp: None,
    },
    Case {
        mode: "imap-disabled-user",
        imap: Some(ALERT_USER),
        smtp: None,
    },
    Case {
        mode: "less-secure-rejected",
        imap: Some(ALERT_WEB),
        smtp: Some(SMTP_WEB),
    },
    Case {
        mode: "app-password-required",
        imap: Some(ALERT_APP),
        smtp: Some(SMTP_APP),
    },
    Case {
        mode: "external-smtp-denied",
        imap: None,
        smtp: Some(SMTP_POLICY),
    },
    Case {
        mode: "bad-password",
        imap: Some(AUTH_FAILED),
        smtp: Some(SMTP_BAD),
    },
    Case {
        mode: "too-many-connections",
        imap: Some(TOO_MANY),
        smtp: None,
    },
];

/// The address the preset's CRM sends as: the account's own, or the
/// "Send mail as" alias whose refusal the preset is about.
fn sender(mode: &str) -> &'static str {
    preset(mode)
        .and_then(|p| p.customer_from)
        .unwrap_or(WORKSPACE_EMAIL)
}

/// Every preset, with the secret its customer types.
fn cases() -> impl Iterator<Item = (&'static Case, &'static str)> {
    assert_eq!(
        CASES.iter().map(|c| c.mode).collect::<Vec<_>>(),
        PRESETS.iter().map(|p| p.name).collect::<Vec<_>>(),
        "every preset has a case"
    );
    CASES
        .iter()
        .map(|c| (c, preset(c.mode).unwrap().customer_secret))
}

/// Whether a client is installed; skips (false) with a message, or fails
/// when `GMAIL_HARNESS_REQUIRE_CLIENTS=1`.
fn have(client: &str, probe: &[&str]) -> bool {
    let found = Command::new(client)
        .args(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        let required = std::env::var("GMAIL_HARNESS_REQUIRE_CLIENTS").as_deref() == Ok("1")
            || (client == "python3"
                && std::env::var("GMAIL_HARNESS_REQUIRE_PYTHON").as_deref() == Ok("1"));
        assert!(
            !required,
            "{client} is required (GMAIL_HARNESS_REQUIRE_CLIENTS=1) but not found on PATH"
        );
        eprintln!("SKIPPED {client}: not found on PATH (install it, or set GMAIL_HARNESS_REQUIRE_CLIENTS=1 to fail instead)");
    }
    found
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs a client with a bound on its time (a hung client fails the test
/// instead of hanging it).
fn run(cmd: &mut Command, input: Option<&str>) -> Output {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(i) = input {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(i.as_bytes()).unwrap();
    }
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(30));
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    });
    let out = child.wait_with_output().unwrap();
    drop(watchdog);
    out
}

fn message_file(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("message.eml");
    std::fs::write(
        &p,
        format!(
            "From: {WORKSPACE_EMAIL}\r\nTo: {RCPT}\r\nSubject: curl test\r\n\r\nSent by curl.\r\n"
        ),
    )
    .unwrap();
    p
}

// ---------------------------------------------------------------- Python

#[test]
fn python_imaplib_and_smtplib_against_every_preset() {
    if !have("python3", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("python_client.py");
    std::fs::write(&script, include_str!("clients/python_client.py")).unwrap();
    let python = |s: &Served, secret: &str, mode: &str| -> serde_json::Value {
        let cfg = dir.path().join("cfg.json");
        let c = serde_json::json!({
            "imaps": s.addr("imaps"), "imap": s.addr("imap"),
            "smtps": s.addr("smtps"), "submission": s.addr("submission"),
            "ca": s.ca(), "user": WORKSPACE_EMAIL, "secret": secret, "rcpt": RCPT,
            "from": sender(mode),
        });
        std::fs::write(&cfg, c.to_string()).unwrap();
        let out = run(Command::new("python3").arg(&script).arg(&cfg), None);
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
    };
    for (case, secret) in cases() {
        let s = Served::start(&["--mode", case.mode]);
        let r = python(&s, secret, case.mode);
        for (step, want) in [
            ("imaps", case.imap),
            ("imap", case.imap),
            ("smtps", case.smtp),
            ("submission", case.smtp),
        ] {
            let got = &r[step];
            match want {
                None => assert_eq!(got["ok"], true, "{}: {step}: {got}", case.mode),
                Some(t) => {
                    assert_eq!(got["ok"], false, "{}: {step}: {got}", case.mode);
                    let e = got["error"].as_str().unwrap();
                    assert!(e.contains(t), "{}: {step}: {e:?} lacks {t:?}", case.mode);
                }
            }
        }
        if case.mode == "healthy" {
            assert_eq!(r["imaps"]["detail"], 5, "the sample INBOX");
        }
        if case.mode == "app-password-required" {
            // The remediation: the same client with the app password.
            let r = python(&s, WORKSPACE_APP_PASSWORD, case.mode);
            for step in ["imaps", "imap", "smtps", "submission"] {
                assert_eq!(r[step]["ok"], true, "app password, {step}: {}", r[step]);
            }
        }
        assert!(s.terminate().0.success());
    }
}

// ------------------------------------------------------------------ curl

/// `curl -v`: curl itself only says "Login denied"; the server's words are
/// in its verbose `<` lines, which is where a user looks.
fn curl(s: &Served, args: &[&str]) -> Output {
    run(
        Command::new("curl")
            .args(["-v", "-sS", "--max-time", "20", "--cacert"])
            .arg(s.ca())
            .args(args),
        None,
    )
}

#[test]
fn curl_imaps_and_smtps_against_every_preset() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let msg = message_file(dir.path());
    let msg = msg.to_str().unwrap();
    for (case, secret) in cases() {
        let s = Served::start(&["--mode", case.mode]);
        let login = format!("{WORKSPACE_EMAIL}:{secret}");
        let imap_urls = [
            (format!("imaps://{}/INBOX", s.addr("imaps")), false),
            (format!("imap://{}/INBOX", s.addr("imap")), true),
        ];
        for (url, starttls) in &imap_urls {
            let mut args = vec![url.as_str(), "-u", &login];
            if *starttls {
                args.push("--ssl-reqd");
            }
            let out = curl(&s, &args);
            let t = text(&out);
            match case.imap {
                None => assert!(out.status.success(), "{}: {url}: {t}", case.mode),
                Some(want) => {
                    assert_eq!(
                        out.status.code(),
                        Some(67),
                        "{}: {url}: login denied\n{t}",
                        case.mode
                    );
                    assert!(
                        t.contains(want),
                        "{}: {url} lacks {want:?}:\n{t}",
                        case.mode
                    );
                }
            }
        }
        let smtp_urls = [
            (format!("smtps://{}", s.addr("smtps")), false),
            (format!("smtp://{}", s.addr("submission")), true),
        ];
        for (url, starttls) in &smtp_urls {
            let mut args = vec![
                url.as_str(),
                "--mail-from",
                sender(case.mode),
                "--mail-rcpt",
                RCPT,
                "-T",
                msg,
                "-u",
                &login,
            ];
            if *starttls {
                args.push("--ssl-reqd");
            }
            let out = curl(&s, &args);
            let t = text(&out);
            match case.smtp {
                None => {
                    assert!(out.status.success(), "{}: {url}: {t}", case.mode);
                    assert!(t.contains("< 250 2.0.0 OK"), "{t}");
                }
                Some(want) => {
                    assert!(!out.status.success(), "{}: {url}: {t}", case.mode);
                    assert!(
                        t.contains(want),
                        "{}: {url} lacks {want:?}:\n{t}",
                        case.mode
                    );
                }
            }
        }
        if case.mode == "app-password-required" {
            let login = format!("{WORKSPACE_EMAIL}:{WORKSPACE_APP_PASSWORD}");
            let out = curl(&s, &[&imap_urls[0].0, "-u", &login]);
            assert!(out.status.success(), "app password: {}", text(&out));
        }
        assert!(s.terminate().0.success());
    }
}

/// The healthy flows a CRM's scripts use: fetch a message by UID, APPEND,
/// SEARCH, and OAuth 2.0 (curl's `--oauth2-bearer` speaks OAUTHBEARER,
/// with a bare `AUTH OAUTHBEARER` and a `334` continuation over SMTP).
#[test]
fn curl_healthy_mail_flows_and_oauth() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let msg = message_file(dir.path());
    let msg = msg.to_str().unwrap();
    let s = Served::start(&["--mode", "healthy"]);
    let login = format!("{WORKSPACE_EMAIL}:Wiosna-2020");
    let imaps = s.addr("imaps");
    let out = curl(&s, &[&format!("imaps://{imaps}/INBOX;UID=1"), "-u", &login]);
    assert!(out.status.success(), "{}", text(&out));
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(
        body.contains("Message-ID:") || body.contains("Message-Id:"),
        "{body}"
    );
    let out = curl(
        &s,
        &[&format!("imaps://{imaps}/INBOX"), "-T", msg, "-u", &login],
    );
    assert!(out.status.success(), "APPEND: {}", text(&out));
    let out = curl(
        &s,
        &[
            &format!("imaps://{imaps}/INBOX?SUBJECT%20%22curl%20test%22"),
            "-u",
            &login,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "* SEARCH 6");
    for (url, starttls) in [
        (format!("imaps://{imaps}/INBOX"), false),
        (format!("smtps://{}", s.addr("smtps")), false),
        (format!("smtp://{}", s.addr("submission")), true),
    ] {
        let smtp = url.starts_with("smtp");
        let args = [url.as_str(), "-u", WORKSPACE_EMAIL, "--oauth2-bearer"];
        let envelope = [
            "--mail-from",
            WORKSPACE_EMAIL,
            "--mail-rcpt",
            RCPT,
            "-T",
            msg,
        ];
        for (token, works) in [(WORKSPACE_OAUTH_TOKEN, true), ("ya29.expired", false)] {
            let mut a = args.to_vec();
            a.push(token);
            if smtp {
                a.extend(envelope);
            }
            if starttls {
                a.push("--ssl-reqd");
            }
            let out = curl(&s, &a);
            let t = text(&out);
            assert!(t.contains("OAUTHBEARER"), "{t}");
            if works {
                assert!(out.status.success(), "{url} OAuth: {t}");
            } else {
                assert_eq!(out.status.code(), Some(67), "{url}: {t}");
                let want = if smtp { SMTP_BAD } else { AUTH_FAILED };
                assert!(t.contains(want), "{url}: {t}");
                // Gmail's JSON error challenge reached the client first.
                assert!(t.contains("eyJzdGF0dXMiOiI0MDAi"), "{url}: {t}");
            }
        }
    }
    assert!(s.terminate().0.success());
}

// ----------------------------------------------------------------- swaks

#[test]
fn swaks_against_every_preset() {
    if !have("swaks", &["--version"]) {
        return;
    }
    for (case, secret) in cases() {
        let s = Served::start(&["--mode", case.mode]);
        for (listener, tls, auth) in [
            ("smtps", "--tls-on-connect", "PLAIN"),
            ("submission", "--tls", "LOGIN"),
        ] {
            let out = run(
                Command::new("swaks")
                    .args(["--to", RCPT, "--from", sender(case.mode), "--server"])
                    .arg(s.addr(listener))
                    .args([tls, "--tls-verify", "--tls-ca-path"])
                    .arg(s.ca())
                    .args([
                        "--auth",
                        auth,
                        "--auth-user",
                        WORKSPACE_EMAIL,
                        "--auth-password",
                        secret,
                    ])
                    .args(["--timeout", "20"]),
                None,
            );
            let t = text(&out);
            assert!(t.contains("TLS started"), "{listener}: {t}");
            match case.smtp {
                None => {
                    assert!(out.status.success(), "{}: {listener}: {t}", case.mode);
                    assert!(t.contains("<~  250 2.0.0 OK"), "{t}");
                }
                Some(want) => {
                    assert!(!out.status.success(), "{}: {listener}: {t}", case.mode);
                    assert!(
                        t.contains(want),
                        "{}: {listener} lacks {want:?}:\n{t}",
                        case.mode
                    );
                }
            }
        }
        assert!(s.terminate().0.success());
    }
}

// --------------------------------------------------------- openssl s_client

/// `openssl s_client` verifying against the mock's CA only
/// (`-verify_return_error`: a bad chain ends the connection), with the
/// protocol typed on stdin.
fn s_client(s: &Served, connect: &str, starttls: Option<&str>, input: &str) -> Output {
    let mut cmd = Command::new("openssl");
    cmd.args(["s_client", "-connect", connect, "-CAfile"])
        .arg(s.ca())
        .args([
            "-verify_return_error",
            "-verify_ip",
            "127.0.0.1",
            "-crlf",
            "-quiet",
            "-ign_eof",
        ]);
    if let Some(proto) = starttls {
        cmd.args(["-starttls", proto]);
    }
    run(&mut cmd, Some(input))
}

#[test]
fn openssl_s_client_against_every_preset() {
    if !have("openssl", &["version"]) {
        return;
    }
    let plain = |secret: &str| {
        gmail_wire::sasl::encode_plain(WORKSPACE_EMAIL, secret)
            .expose()
            .clone()
    };
    for (case, secret) in cases() {
        let s = Served::start(&["--mode", case.mode]);
        let imap = format!("a1 LOGIN {WORKSPACE_EMAIL} \"{secret}\"\na2 SELECT INBOX\na3 LOGOUT\n");
        for (listener, starttls) in [("imaps", None), ("imap", Some("imap"))] {
            let out = s_client(&s, &s.addr(listener), starttls, &imap);
            let t = text(&out);
            assert!(out.status.success(), "{}: {listener}: {t}", case.mode);
            assert!(t.contains("verify return:1"), "{t}");
            match case.imap {
                None => assert!(
                    t.contains(&format!("a1 OK {WORKSPACE_EMAIL} authenticated (Success)")),
                    "{}: {t}",
                    case.mode
                ),
                Some(want) => assert!(
                    t.contains(&format!("a1 NO {want}")),
                    "{}: {listener} lacks {want:?}:\n{t}",
                    case.mode
                ),
            }
            assert!(t.contains("* BYE LOGOUT Requested"), "{t}");
        }
        let smtp = format!(
            "EHLO crm.example\nAUTH PLAIN {}\nMAIL FROM:<{}>\nRCPT TO:<{RCPT}>\nQUIT\n",
            plain(secret),
            sender(case.mode)
        );
        for (listener, starttls) in [("smtps", None), ("submission", Some("smtp"))] {
            let out = s_client(&s, &s.addr(listener), starttls, &smtp);
            let t = text(&out);
            assert!(out.status.success(), "{}: {listener}: {t}", case.mode);
            match case.smtp {
                None => assert!(
                    t.contains("235 2.7.0 Accepted") && t.contains("250 2.1.5 OK"),
                    "{}: {t}",
                    case.mode
                ),
                Some(want) => assert!(
                    t.contains(want),
                    "{}: {listener} lacks {want:?}:\n{t}",
                    case.mode
                ),
            }
            assert!(t.contains("221 2.0.0 closing connection"), "{t}");
        }
        assert!(s.terminate().0.success());
    }
}

/// Without the mock's CA, `-verify_return_error` refuses the handshake:
/// the mock is trusted only explicitly, like any certificate.
#[test]
fn openssl_s_client_refuses_the_mock_without_its_ca() {
    if !have("openssl", &["version"]) {
        return;
    }
    let s = Served::start(&["--mode", "healthy"]);
    let out = run(
        Command::new("openssl")
            .args(["s_client", "-connect", &s.addr("imaps")])
            .args([
                "-no-CAfile",
                "-no-CApath",
                "-no-CAstore",
                "-verify_return_error",
                "-quiet",
            ]),
        Some("a1 LOGOUT\r\n"),
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("verify error"), "{}", text(&out));
    let (status, log) = s.terminate();
    assert!(status.success());
    assert!(log.contains("TLS handshake failed"), "{log}");
}

/// A wrong connection setting: port 587 without STARTTLS. Gmail offers no
/// AUTH before TLS and refuses the envelope with `530 5.7.0 Must issue a
/// STARTTLS command first.`; every client shows that text.
#[test]
fn submission_without_starttls_gets_gmails_530() {
    const MUST: &str = "530 5.7.0 Must issue a STARTTLS command first.";
    let s = Served::start(&["--mode", "healthy"]);
    let sub = s.addr("submission");
    if have("curl", &["--version"]) {
        let dir = tempfile::tempdir().unwrap();
        let msg = message_file(dir.path());
        let out = curl(
            &s,
            &[
                &format!("smtp://{sub}"),
                "--mail-from",
                WORKSPACE_EMAIL,
                "--mail-rcpt",
                RCPT,
                "-T",
                msg.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(55), "{}", text(&out));
        assert!(text(&out).contains(MUST), "{}", text(&out));
    }
    if have("swaks", &["--version"]) {
        let out = run(
            Command::new("swaks").args(["--to", RCPT, "--from", WORKSPACE_EMAIL, "--server", &sub]),
            None,
        );
        assert!(!out.status.success());
        assert!(text(&out).contains(MUST), "{}", text(&out));
    }
    if have("python3", &["--version"]) {
        let (host, port) = sub.rsplit_once(':').unwrap();
        let script = format!(
            "import smtplib\ns = smtplib.SMTP('{host}', {port})\ntry:\n    s.sendmail('{WORKSPACE_EMAIL}', ['{RCPT}'], 'Subject: x\\r\\n\\r\\nx\\r\\n')\nexcept smtplib.SMTPSenderRefused as e:\n    print(e.smtp_code, e.smtp_error.decode())\n"
        );
        let out = run(Command::new("python3").args(["-c", &script]), None);
        assert!(
            text(&out).contains("530 5.7.0 Must issue a STARTTLS command first."),
            "{}",
            text(&out)
        );
    }
    assert!(s.terminate().0.success());
}
