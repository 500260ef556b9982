//! The CLI as users run it: real processes, real sockets.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gmail-harness"))
}

/// A `serve` child and its ready line.
struct Served {
    child: Child,
    ready: serde_json::Value,
}

impl Served {
    fn start(args: &[&str]) -> Served {
        let mut child = bin()
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("ready line {line:?}: {e}"));
        Served { child, ready }
    }

    fn port(&self, key: &str) -> u16 {
        self.ready[key]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// SIGTERM, then wait: a graceful shutdown exits 0 within a bound.
    fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn serve_prints_the_ready_line_and_stops_on_sigterm() {
    let s = Served::start(&["--mode", "app-password-required"]);
    for key in ["imaps", "imap", "smtps", "submission"] {
        assert!(
            s.ready[key].as_str().unwrap().starts_with("127.0.0.1:"),
            "{key}: {}",
            s.ready
        );
    }
    let ca = s.ready["ca_cert"].as_str().unwrap();
    assert!(std::fs::read_to_string(ca)
        .unwrap()
        .contains("BEGIN CERTIFICATE"));
    let accounts = s.ready["accounts"].as_array().unwrap();
    assert_eq!(accounts[0]["email"], "anna.nowak@firma.example");
    assert_eq!(accounts[0]["app_passwords"][0], "qwer tyui asdf ghjk");
    assert!(s.terminate().success());
}

#[test]
fn diagnose_against_serve_exits_1_with_the_remediation() {
    // With the mock's DNS: the MX step must not depend on this machine's
    // resolver (firma.example is NXDOMAIN on the real Internet).
    let s = Served::start(&["--mode", "app-password-required", "--dns-port", "0"]);
    let dns = s.ready["dns"].as_str().unwrap().to_owned();
    let ca = s.ready["ca_cert"].as_str().unwrap().to_owned();
    let out = bin()
        .args([
            "diagnose",
            "--email",
            "anna.nowak@firma.example",
            "--password-env",
            "DOCTOR_TEST_PW",
            "--format",
            "json",
            "--as-of",
            "2020-06-01",
        ])
        .args([
            "--connect-to",
            &format!("imap.gmail.com:993:127.0.0.1:{}", s.port("imaps")),
        ])
        .args([
            "--connect-to",
            &format!("smtp.gmail.com:465:127.0.0.1:{}", s.port("smtps")),
        ])
        .args(["--ca-file", &ca, "--dns-server", &dns])
        .env("DOCTOR_TEST_PW", "Wiosna-2020")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["remediation"], "use-app-password");
    // The texts keep their fields; the plan behind them is added.
    assert_eq!(report["lang"], "en");
    assert_eq!(report["title"], "Create an app password for the CRM");
    assert_eq!(report["plan"]["title"]["id"], "app-password-title");
    // The MX step asked serve's DNS: firma.example is at Google.
    assert_eq!(report["probes"][0]["protocol"], "dns");
    assert_eq!(report["probes"][0]["step"], "mx");
    assert_eq!(report["probes"][0]["outcome"], "ok");
    assert!(
        report["probes"][0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("firma.example: mail goes to 1 aspmx.l.google.com"),
        "{}",
        report["probes"][0]
    );
    assert!(
        !stdout.contains("Wiosna-2020"),
        "the password leaked into the JSON report"
    );
    // The app password makes it healthy: exit 0, text report.
    let out = bin()
        .args([
            "diagnose",
            "--email",
            "anna.nowak@firma.example",
            "--password-env",
            "DOCTOR_TEST_PW",
            "--lang",
            "pl",
            "--as-of",
            "2020-06-01",
        ])
        .args([
            "--connect-to",
            &format!("imap.gmail.com:993:127.0.0.1:{}", s.port("imaps")),
        ])
        .args([
            "--connect-to",
            &format!("smtp.gmail.com:465:127.0.0.1:{}", s.port("smtps")),
        ])
        .args(["--ca-file", &ca, "--dns-server", &dns])
        .env("DOCTOR_TEST_PW", "qwer tyui asdf ghjk")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("qwer"));
    assert!(s.terminate().success());
}

/// The whole chain in real processes: `serve --scenario` with its DNS on
/// an ephemeral port, and `diagnose --dns-server` at it. The scenario's
/// domain has its MX at home.pl, so the doctor stops before any Gmail
/// rung, although Gmail's listeners answer.
#[test]
fn diagnose_with_dns_server_finds_a_mailbox_hosted_elsewhere() {
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/mailbox-hosted-elsewhere-2026.toml"
    );
    let s = Served::start(&["--scenario", scenario, "--dns-port", "0"]);
    let ca = s.ready["ca_cert"].as_str().unwrap().to_owned();
    let run = |lang: &str, format: &str| {
        bin()
            .args(["diagnose", "--email", "anna.nowak@firma.example"])
            .args(["--password-env", "DOCTOR_TEST_PW", "--as-of", "2026-11-28"])
            .args(["--lang", lang, "--format", format])
            .args([
                "--dns-server",
                s.ready["dns"].as_str().unwrap(),
                "--ca-file",
                &ca,
            ])
            .args([
                "--connect-to",
                &format!("imap.gmail.com:993:127.0.0.1:{}", s.port("imaps")),
            ])
            .args([
                "--connect-to",
                &format!("smtp.gmail.com:465:127.0.0.1:{}", s.port("smtps")),
            ])
            .env("DOCTOR_TEST_PW", "Wiosna-2020")
            .output()
            .unwrap()
    };
    let out = run("en", "json");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["remediation"], "not-a-google-mailbox");
    assert_eq!(report["rule"], "mx.elsewhere");
    assert_eq!(report["who"], "mail-admin");
    assert_eq!(
        report["evidence"][0],
        "firma.example: mail goes to 10 mx.home.pl"
    );
    assert_eq!(report["facts"]["mail_exchangers"][0]["host"], "mx.home.pl.");
    let out = run("pl", "text");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Poczty domeny firma.example nie obsługuje Google [not-a-google-mailbox]"),
        "{text}"
    );
    assert!(text.contains("  DNS  rekordy MX"), "{text}");
    assert!(!text.contains("Wiosna-2020"));
    assert!(s.terminate().success());
}

#[test]
fn diagnose_usage_errors_exit_2_and_name_the_flag() {
    // (arguments after `diagnose`, text the error must contain)
    let cases: [(&[&str], &str); 8] = [
        (
            &[
                "--email",
                "a@b.pl",
                "--password",
                "x",
                "--dns-server",
                "8.8.8.8",
            ],
            "--dns-server \"8.8.8.8\": expected ADDR:PORT",
        ),
        (
            &[
                "--email",
                "a@b.pl",
                "--password",
                "x",
                "--dns-server",
                "dns.example:53",
            ],
            "--dns-server",
        ),
        (
            &["--email", "a@b.c", "--password-env", "NO_SUCH_VAR_FOR_TEST"],
            "--password-env NO_SUCH_VAR_FOR_TEST",
        ),
        (
            &[
                "--email",
                "a@b.c",
                "--password",
                "x",
                "--imap-security",
                "tls13",
            ],
            "--imap-security",
        ),
        (
            &["--email", "a@b.c", "--password", "x", "--tried", "pray"],
            "unknown remediation id",
        ),
        (&["--password", "x"], "--email"),
        (
            &["--email", "a@b.pl", "--password", "x", "--from", "sales"],
            "--from: \"sales\" is not a mail address",
        ),
        (
            &[
                "--email",
                "a@b.pl",
                "--password",
                "x",
                "--from",
                "Sales <s@b.pl>",
            ],
            "--from",
        ),
    ];
    for (args, expected) in cases {
        let out = bin().arg("diagnose").args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn diagnose_help_documents_every_flag() {
    let out = bin().args(["diagnose", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--email",
        "--from",
        "--password",
        "--password-env",
        "--oauth-token-env",
        "--imap-host",
        "--imap-port",
        "--imap-security",
        "--smtp-host",
        "--smtp-port",
        "--smtp-security",
        "--ca-file",
        "--as-of",
        "--lang",
        "--format",
        "--send-test",
        "--connect-to",
        "--dns-server",
        "--tried",
        "--timeout",
    ] {
        assert!(help.contains(flag), "diagnose --help lacks {flag}");
    }
    let out = bin().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for mode in [
        "healthy",
        "imap-disabled",
        "imap-disabled-user",
        "less-secure-rejected",
        "app-password-required",
        "external-smtp-denied",
        "bad-password",
        "too-many-connections",
    ] {
        assert!(help.contains(mode), "serve --help lacks mode {mode}");
    }
    assert!(
        help.contains("anna.nowak@firma.example"),
        "serve --help lists the test users"
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const SCENARIO: &str = r#"
description = "healthy"
as_of = 2020-06-01
mode = "healthy"

[customer]
secret = "account-password"

[expect]
remediation = "none"
"#;

#[test]
fn scenarios_report_mismatches_with_a_diff_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.toml", SCENARIO);
    write(
        dir.path(),
        "wrong.toml",
        &SCENARIO.replace("remediation = \"none\"", "remediation = \"enable-imap\""),
    );
    let out = bin().arg("scenarios").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("PASS") && stdout.contains("FAIL"),
        "{stdout}"
    );
    assert!(
        stdout.contains("expected: enable-imap") && stdout.contains("chosen:   none"),
        "{stdout}"
    );
    assert!(stdout.contains("1 passed, 1 failed"), "{stdout}");
    let out = bin()
        .arg("scenarios")
        .arg(dir.path())
        .args(["--format", "junit"])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("failures=\"1\"") && xml.contains("<failure"),
        "{xml}"
    );
    let out = bin()
        .arg("scenarios")
        .arg(dir.path())
        .args(["--filter", "ok"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn malformed_scenarios_name_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "typo.toml", &SCENARIO.replace("secret = \"account-password\"", "secret = \"account-password\"\nimap = { host = \"imap.gmail.com\", port = \"993\", security = \"ssl\" }"));
    write(
        dir.path(),
        "unknown.toml",
        &SCENARIO.replace("mode = \"healthy\"", "mode = \"healthy\"\nmood = \"sunny\""),
    );
    let out = bin().arg("scenarios").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("typo.toml:8:") && stderr.contains("customer.imap.port"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown.toml:5:") && stderr.contains("mood"),
        "{stderr}"
    );
}

/// The `imap` crate over implicit TLS to a `serve` child, trusting its CA.
fn imap_login(
    s: &Served,
    user: &str,
    password: &str,
) -> imap::Session<rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream>> {
    support::imap_login(
        s.ready["imaps"].as_str().unwrap(),
        s.ready["ca_cert"].as_str().unwrap(),
        user,
        password,
    )
    .unwrap()
}

const MBOX: &str = "From ewa@klient.example Tue Jun  2 09:00:00 2020
From: Ewa <ewa@klient.example>
Subject: Pierwsza
Date: Tue, 2 Jun 2020 09:00:00 +0200

>From the mbox.

From jan@firma.example Wed Jun  3 10:30:00 2020
From: Jan <jan@firma.example>
Subject: Druga

Body.
";

#[test]
fn serve_open_mode_seeds_a_new_account_from_an_mbox() {
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("crm.mbox");
    std::fs::write(&mbox, MBOX).unwrap();
    let s = Served::start(&[
        "--mode",
        "open",
        "--seed",
        mbox.to_str().unwrap(),
        "--seed-account",
        "crm@firma.example",
    ]);
    assert_eq!(s.ready["accounts"][0]["email"], "crm@firma.example");
    // Any password signs in (open mode); the mbox is the INBOX, in CRLF.
    let mut session = imap_login(&s, "crm@firma.example", "cokolwiek");
    assert_eq!(session.select("INBOX").unwrap().exists, 2);
    let f = session.fetch("1", "BODY.PEEK[]").unwrap();
    assert_eq!(
        f.iter().next().unwrap().body().unwrap(),
        b"From: Ewa <ewa@klient.example>\r\nSubject: Pierwsza\r\nDate: Tue, 2 Jun 2020 09:00:00 +0200\r\n\r\nFrom the mbox.\r\n"
    );
    session.logout().unwrap();
    // Any other address signs in too, with an empty INBOX.
    let mut other = imap_login(&s, "ktos@inny.example", "haslo");
    assert_eq!(other.select("INBOX").unwrap().exists, 0);
    other.logout().unwrap();
    assert!(s.terminate().success());
}

#[test]
fn serve_healthy_has_the_sample_unless_seeded_or_turned_off() {
    let exists = |args: &[&str]| {
        let s = Served::start(args);
        let mut session = imap_login(&s, "anna.nowak@firma.example", "Wiosna-2020");
        let n = session.select("INBOX").unwrap().exists;
        session.logout().unwrap();
        assert!(s.terminate().success());
        n
    };
    assert_eq!(exists(&["--mode", "healthy"]), 5, "the sample's INBOX");
    assert_eq!(exists(&["--mode", "healthy", "--no-sample"]), 0);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.eml", "Subject: own\n\nx\n");
    let seeded = exists(&["--mode", "healthy", "--seed", dir.path().to_str().unwrap()]);
    assert_eq!(seeded, 1, "--seed replaces the sample for that account");
}

#[test]
fn serve_names_the_bad_seed_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.mbox");
    std::fs::write(
        &bad,
        "From a\nSubject: ok\n\nx\n\nFrom b\nnot a header line\n",
    )
    .unwrap();
    let out = bin()
        .args(["serve", "--seed", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.mbox (message 2, line 6)") && stderr.contains("not a header line"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no ready line on failure");
    let out = bin()
        .args(["serve", "--mode", "healthy", "--seed-account", "x@y.z"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--seed-account needs --seed");
}

/// One HTTP/1.1 request over a plain socket: (status line, body).
fn http(s: &Served, method: &str, path: &str, json: Option<&str>) -> (String, String) {
    use std::io::{Read, Write};
    let addr = s.ready["http"].as_str().expect("an http address");
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let body = json.unwrap_or("");
    let ct = if json.is_some() {
        "Content-Type: application/json\r\n"
    } else {
        ""
    };
    write!(
        tcp,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{ct}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    tcp.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

#[test]
fn serve_http_port_serves_the_control_api_and_console() {
    let plain = Served::start(&["--mode", "healthy"]);
    assert!(plain.ready.get("http").is_none(), "{}", plain.ready);
    drop(plain);

    let s = Served::start(&["--mode", "less-secure-rejected", "--http-port", "0"]);
    for key in [
        "imaps",
        "imap",
        "smtps",
        "submission",
        "ca_cert",
        "accounts",
    ] {
        assert!(s.ready.get(key).is_some(), "{key} kept: {}", s.ready);
    }
    assert!(s.ready["http"].as_str().unwrap().starts_with("127.0.0.1:"));
    let (status, body) = http(&s, "GET", "/api/policy", None);
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains(r#""less_secure_apps":"disabled""#), "{body}");
    let (status, page) = http(&s, "GET", "/", None);
    assert!(
        status.contains(" 200 ") && page.contains("Less secure apps"),
        "{status}"
    );
    // The admin allows less secure apps over HTTP; the password works.
    let (status, _) = http(
        &s,
        "PATCH",
        "/api/policy",
        Some(r#"{"less_secure_apps":"enforced"}"#),
    );
    assert!(status.contains(" 200 "), "{status}");
    let mut session = imap_login(&s, "anna.nowak@firma.example", "Wiosna-2020");
    session.logout().unwrap();
    assert!(s.terminate().success());
}

/// The Workspace SMTP relay service is a listener of its own, announced
/// as `smtp_relay` in the ready line, greeting as smtp-relay.gmail.com.
#[test]
fn serve_announces_the_smtp_relay_listener() {
    use std::io::Read;
    let s = support::Served::start(&["--mode", "healthy"]);
    let relay = s.addr("smtp_relay");
    assert!(relay.starts_with("127.0.0.1:"), "{}", s.ready);
    for other in ["imaps", "imap", "smtps", "submission"] {
        assert_ne!(s.addr(other), relay, "{other} and smtp_relay share a port");
    }
    let mut tcp = std::net::TcpStream::connect(&relay).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut greeting = Vec::new();
    let mut byte = [0u8; 1];
    while !greeting.ends_with(b"\r\n") {
        assert_eq!(
            tcp.read(&mut byte).unwrap(),
            1,
            "closed before the greeting"
        );
        greeting.push(byte[0]);
    }
    let greeting = String::from_utf8(greeting).unwrap();
    let id = greeting
        .strip_prefix("220 smtp-relay.gmail.com ESMTP ")
        .and_then(|rest| rest.strip_suffix(" - gsmtp\r\n"))
        .unwrap_or_else(|| panic!("{greeting:?}"));
    assert!(
        !id.is_empty() && !id.contains(' '),
        "one session id: {greeting:?}"
    );
    let (status, _) = s.terminate();
    assert!(status.success());
}

/// `--partition`: each shard's JUnit names its shard; the shards together
/// run every scenario once; a bad value is a usage error naming it.
#[test]
fn scenarios_partition_into_shards_with_junit_each() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.toml", "b.toml", "c.toml"] {
        write(dir.path(), name, SCENARIO);
    }
    let mut ran = Vec::new();
    for k in 1..=2 {
        let shard = format!("hash:{k}/2");
        let out = bin()
            .arg("scenarios")
            .arg(dir.path())
            .args(["--partition", &shard, "--format", "junit"])
            .output()
            .unwrap();
        let xml = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{xml}");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let suite = doc
            .descendants()
            .find(|n| n.has_tag_name("testsuite"))
            .unwrap();
        assert_eq!(
            suite.attribute("name"),
            Some(format!("scenarios ({shard})").as_str())
        );
        ran.extend(
            doc.descendants()
                .filter(|n| n.has_tag_name("testcase"))
                .map(|n| n.attribute("name").unwrap().to_owned()),
        );
    }
    ran.sort();
    assert_eq!(
        ran,
        ["a", "b", "c"],
        "every scenario ran in exactly one shard"
    );
    let out = bin()
        .arg("scenarios")
        .arg(dir.path())
        .args(["--partition", "3/2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--partition") && stderr.contains("3/2"),
        "{stderr}"
    );
}

/// The HTTP port beyond loopback without credentials: exit 2 before
/// anything listens, saying why and how to fix it.
#[test]
fn serve_refuses_a_non_loopback_http_port_without_credentials() {
    let out = bin()
        .args(["serve", "--bind", "0.0.0.0", "--http-port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing to serve the HTTP control API on 0.0.0.0 without credentials")
            && stderr.contains("fixture passwords")
            && stderr.contains("--http-auth-file FILE")
            && stderr.contains("--bind 127.0.0.1"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no ready line");
    // Credentials for an HTTP server that is off: say so.
    let out = bin()
        .args(["serve", "--http-auth", "dev:Flag-Secret-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("add --http-port N"), "{stderr}");
    assert!(!stderr.contains("Flag-Secret-1"), "{stderr}");
    // A malformed --http-auth is named, its value never printed.
    let out = bin()
        .args(["serve", "--http-port", "0", "--http-auth", "Flag-Secret-2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--http-auth") && stderr.contains("expected USER:PASS"),
        "{stderr}"
    );
    assert!(!stderr.contains("Flag-Secret-2"), "{stderr}");
    // An unusable auth file is named, its content never printed.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("http-auth");
    std::fs::write(&file, "File-Secret-3\n").unwrap();
    let out = bin()
        .args(["serve", "--http-port", "0", "--http-auth-file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("HTTP credentials file {}", file.display()))
            && stderr.contains("expected USER:PASS"),
        "{stderr}"
    );
    assert!(!stderr.contains("File-Secret-3"), "{stderr}");
}

/// With an auth file the HTTP port may leave loopback: it starts, and
/// every request needs the password, which the ready line never shows.
#[test]
fn serve_http_auth_file_guards_a_non_loopback_http_port() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("http-auth");
    std::fs::write(&file, "dev:File-Secret-4\n").unwrap();
    let s = Served::start(&[
        "--bind",
        "0.0.0.0",
        "--http-port",
        "0",
        "--http-auth-file",
        file.to_str().unwrap(),
    ]);
    let http = s.ready["http"].as_str().unwrap();
    assert!(http.starts_with("0.0.0.0:"), "{http}");
    assert!(!s.ready.to_string().contains("File-Secret-4"));
    let local = format!("127.0.0.1:{}", s.port("http"));
    let (status, refused) = support::http_raw(&local, &local, "GET", "/api/policy", "");
    assert_eq!(status, 401, "{refused}");
    let auth = support::basic_auth("dev:File-Secret-4");
    let (status, ok) = support::http_raw(&local, &local, "GET", "/api/policy", &auth);
    assert_eq!(status, 200, "{ok}");
    assert!(s.terminate().success());
}

#[test]
fn serve_bounds_captures_and_clears_mail_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("harness.toml");
    std::fs::write(&conf, "max_messages = 7\nmax_transcripts = 9\n").unwrap();
    // The file sets both; the flag wins for transcripts.
    let s = Served::start(&[
        "--mode",
        "healthy",
        "--http-port",
        "0",
        "--config",
        conf.to_str().unwrap(),
        "--max-transcripts",
        "3",
    ]);
    for _ in 0..5 {
        imap_login(&s, "anna.nowak@firma.example", "Wiosna-2020")
            .logout()
            .unwrap();
    }
    let (status, body) = http(&s, "GET", "/api/server", None);
    assert!(status.contains(" 200 "), "{status}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v["captures"],
        serde_json::json!({
            "messages": {"kept": 0, "max": 7, "dropped": 0},
            "transcripts": {"kept": 3, "max": 3, "dropped": 2}
        }),
        "{body}"
    );
    // Mail stays until asked: the sample INBOX, then none.
    let mut session = imap_login(&s, "anna.nowak@firma.example", "Wiosna-2020");
    assert!(session.select("INBOX").unwrap().exists > 0);
    session.logout().unwrap();
    let (status, body) = http(
        &s,
        "DELETE",
        "/api/accounts/anna.nowak@firma.example/messages",
        None,
    );
    assert!(status.contains(" 200 "), "{status} {body}");
    assert!(body.contains(r#""deleted":"#), "{body}");
    let mut session = imap_login(&s, "anna.nowak@firma.example", "Wiosna-2020");
    assert_eq!(session.select("INBOX").unwrap().exists, 0);
    session.logout().unwrap();
    let (status, body) = http(
        &s,
        "DELETE",
        "/api/accounts/nobody@x.example/messages",
        None,
    );
    assert!(
        status.contains(" 404 ") && body.contains("nobody@x.example"),
        "{status} {body}"
    );
    assert!(s.terminate().success());
}

#[test]
fn serve_refuses_bad_capture_bounds_naming_the_flag() {
    for (flag, value) in [
        ("--max-messages", "-1"),
        ("--max-messages", "lots"),
        ("--max-transcripts", "1.5"),
    ] {
        let out = bin()
            .args(["serve", "--mode", "healthy", flag, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(flag) && stderr.contains("0 = unlimited"),
            "{flag} {value}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    // In a config file: file, line, column and key.
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("harness.toml");
    std::fs::write(&conf, "mode = \"healthy\"\nmax_messages = -5\n").unwrap();
    let out = bin()
        .args(["serve", "--config", conf.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2:", conf.display())) && stderr.contains("max_messages"),
        "{stderr}"
    );
}

/// The soak workload, two seconds instead of ten minutes: samples, a
/// verdict, every test case through (submit, read, clean up).
#[test]
fn bench_soak_samples_memory_and_gives_a_verdict() {
    let out = bin()
        .args([
            "bench",
            "--workload",
            "soak",
            "--soak-seconds",
            "2",
            "--json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let samples: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("soak t="))
        .collect();
    assert_eq!(samples.len(), 4, "{stdout}");
    assert!(
        samples
            .iter()
            .all(|l| l.contains("RSS") && l.contains("captures: messages")),
        "{stdout}"
    );
    let verdict = stdout
        .lines()
        .find(|l| l.starts_with("soak verdict: RSS "))
        .unwrap_or_else(|| panic!("no verdict: {stdout}"));
    assert!(verdict.contains(", 0 errors"), "{verdict}");
    // The JSON at the end carries the same figures.
    let json = &stdout[stdout.find("\n{").expect("JSON after the lines")..];
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["soak"]["concurrency"], 32);
    assert_eq!(v["soak"]["samples"].as_array().unwrap().len(), 4);
    assert!(v["soak"]["test_cases"].as_u64().unwrap() > 0);
    assert!(v["soak"]["samples"][0]["rss_kib"].as_u64().unwrap() > 0);

    let out = bin()
        .args(["bench", "--workload", "soak", "--soak-seconds", "-1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--soak-seconds -1"));
}

/// `--clear-mail`: the memory workload first deletes the mail the rate
/// workloads left (Gmail keeps mail; only captures are bounded).
#[test]
fn bench_memory_can_clear_the_mail_first() {
    let out = bin()
        .args(["bench", "--workload", "smtp,memory", "--seconds", "0.3"])
        .args(["--concurrency", "1", "--connections", "5", "--clear-mail"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cleared = stdout
        .lines()
        .find(|l| l.starts_with("memory cleared the mail of "))
        .unwrap_or_else(|| panic!("{stdout}"));
    // The sender and the sink, each with every submission.
    assert!(cleared.contains(" of 2 accounts ("), "{cleared}");
    assert!(!cleared.contains("(0 messages)"), "{cleared}");
    assert!(stdout.contains("memory captures: messages "), "{stdout}");
    assert!(stdout.contains("PSS "), "{stdout}");
}
