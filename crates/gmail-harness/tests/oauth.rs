//! `serve --http-port`: the ready line carries the mock's OAuth client and
//! each account's refresh token (DESIGN.md "Interfaces"), and they work
//! against the token endpoint on that port and then with XOAUTH2 on
//! IMAPS, as a CRM's test suite would use them with no manual step. The
//! child's logs never carry the client secret or a token.

mod support;

use std::io::{Read, Write};
use std::time::Duration;

use support::Served;

/// A form POST to the `serve` child's HTTP port: status line and body.
fn post_form(s: &Served, path: &str, body: &str) -> (String, String) {
    let addr = s.addr("http");
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        tcp,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
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

/// Form-urlencodes a value (enough for tokens, ids and `/`).
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// XOAUTH2 with the `imap` crate over implicit TLS to the child.
fn imap_xoauth2(s: &Served, user: &str, token: &str) -> Result<(), String> {
    struct Bearer(String);
    impl imap::Authenticator for Bearer {
        type Response = String;
        fn process(&self, _: &[u8]) -> String {
            self.0.clone()
        }
    }
    let client = support::imap_client(&s.addr("imaps"), &s.ca()).unwrap();
    let payload = format!("user={user}\x01auth=Bearer {token}\x01\x01");
    match client.authenticate("XOAUTH2", &Bearer(payload)) {
        Ok(mut session) => {
            let _ = session.logout();
            Ok(())
        }
        Err((e, _)) => Err(e.to_string()),
    }
}

#[test]
fn ready_line_carries_the_oauth_client_and_refresh_tokens_that_work() {
    let plain = Served::start(&["--mode", "healthy"]);
    assert!(plain.ready.get("oauth_client").is_none(), "{}", plain.ready);
    assert!(
        plain.ready["accounts"][0]
            .get("oauth_refresh_token")
            .is_none(),
        "{}",
        plain.ready
    );
    drop(plain);

    let s = Served::start(&["--mode", "healthy", "--http-port", "0"]);
    let client = &s.ready["oauth_client"];
    let id = client["client_id"].as_str().unwrap().to_owned();
    let secret = client["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(id, "gmail-harness-crm.apps.googleusercontent.com");
    let accounts = s.ready["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2, "{}", s.ready);
    let mut tokens = Vec::new();
    for a in accounts {
        let email = a["email"].as_str().unwrap().to_owned();
        let rt = a["oauth_refresh_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{email} has a refresh token: {}", s.ready))
            .to_owned();
        let (status, body) = post_form(
            &s,
            "/token",
            &format!(
                "grant_type=refresh_token&refresh_token={}&client_id={}&client_secret={}",
                enc(&rt),
                enc(&id),
                enc(&secret)
            ),
        );
        assert!(status.contains(" 200 "), "{status} {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let access = v["access_token"].as_str().unwrap().to_owned();
        assert_eq!(v["expires_in"], 3599);
        imap_xoauth2(&s, &email, &access).unwrap_or_else(|e| panic!("{email}: {e}"));
        tokens.push(rt);
        tokens.push(access);
    }
    // A wrong secret is Google's invalid_client.
    let (status, body) = post_form(
        &s,
        "/token",
        &format!(
            "grant_type=refresh_token&refresh_token={}&client_id={}&client_secret=nope",
            enc(&tokens[0]),
            enc(&id)
        ),
    );
    assert!(status.contains(" 401 "), "{status}");
    assert!(body.contains(r#""error":"invalid_client""#), "{body}");

    let (_, logs) = s.terminate();
    assert!(!logs.is_empty(), "the child logged something");
    for secret in tokens.iter().chain([&secret]) {
        assert!(!logs.contains(secret.as_str()), "a secret reached the logs");
    }
}

/// `[policy.api_controls]` in a config file reaches the token endpoint:
/// the admin blocks the CRM's client, the Workspace user's refresh gets
/// Google's `admin_policy_enforced`, the personal account's still works.
#[test]
fn config_api_controls_block_the_client_for_workspace_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mock.toml");
    std::fs::write(
        &path,
        "mode = \"healthy\"\n\n[policy.api_controls.apps]\n\
         \"gmail-harness-crm.apps.googleusercontent.com\" = \"blocked\"\n",
    )
    .unwrap();
    let s = Served::start(&["--config", path.to_str().unwrap(), "--http-port", "0"]);
    let id = s.ready["oauth_client"]["client_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret = s.ready["oauth_client"]["client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut answers = Vec::new();
    for a in s.ready["accounts"].as_array().unwrap() {
        let rt = a["oauth_refresh_token"].as_str().unwrap();
        let (status, body) = post_form(
            &s,
            "/token",
            &format!(
                "grant_type=refresh_token&refresh_token={}&client_id={}&client_secret={}",
                enc(rt),
                enc(&id),
                enc(&secret)
            ),
        );
        answers.push((a["email"].as_str().unwrap().to_owned(), status, body));
    }
    let anna = &answers[0];
    assert_eq!(anna.0, "anna.nowak@firma.example");
    assert!(anna.1.contains(" 400 "), "{anna:?}");
    assert!(
        anna.2.contains(r#""error":"admin_policy_enforced""#),
        "{anna:?}"
    );
    assert!(answers[1].1.contains(" 200 "), "{answers:?}");
}
