//! Safe to leave running: a foreign `Host` (DNS rebinding) is refused on
//! every method, a state-changing request from another site's page is
//! refused, clients that are not browsers pass, basic auth guards a
//! server beyond loopback, and such a server will not start without it.
//! Every request is written byte by byte on a socket, so each test picks
//! its own `Host`, `Origin`, `Referer` and `Authorization`.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use gmail_wire::Secret;
use mock_gmail::MockGmail;
use mock_http::{Access, Credentials};
use serde_json::Value;

use crate::support::{Harness, WireResponse};

const POLICY_PATCH: &str = r#"{"less_secure_apps":"enforced"}"#;

/// `PATCH /api/policy` (allow less secure apps) with extra headers.
async fn patch_policy(h: &Harness, host: &str, extra: &str) -> WireResponse {
    let head = format!(
        "PATCH /api/policy HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json{extra}"
    );
    h.wire(&head, POLICY_PATCH).await
}

/// The console's "Gmail advanced settings" form, ticking "Disable POP and
/// IMAP access for all users".
async fn gmail_form(h: &Harness, extra: &str) -> WireResponse {
    let head = format!(
        "POST /console/policy/gmail HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded{extra}",
        h.addr
    );
    h.wire(&head, "imap_pop_disabled_for_all=on").await
}

async fn policy(h: &Harness) -> Value {
    let (status, p) = h.get("/api/policy").await;
    assert_eq!(status, 200, "{p}");
    p
}

async fn get(h: &Harness, path: &str, host: &str, extra: &str) -> WireResponse {
    h.wire(&format!("GET {path} HTTP/1.1\r\nHost: {host}{extra}"), "")
        .await
}

#[tokio::test]
async fn a_foreign_host_is_refused_on_get_and_on_patch() {
    let h = Harness::mode("less-secure-rejected").await;
    let evil = format!("evil.example:{}", h.addr.port());
    // Reading the fixture passwords is what a DNS-rebinding page is after.
    let res = get(&h, "/api/accounts", &evil, "").await;
    assert_eq!(res.status, 403, "{}", res.body);
    let err: Value = serde_json::from_str(&res.body).expect("the API's JSON error shape");
    let text = err["error"].as_str().unwrap();
    assert!(
        text.contains(&format!("{evil:?}"))
            && text.contains(&format!("127.0.0.1:{}", h.addr.port()))
            && text.contains("--http-allowed-host"),
        "{text}"
    );
    assert!(!res.body.contains(crate::support::ANNA_PASSWORD));
    // The console and unknown paths: text, no page with the mock's state.
    for path in ["/", "/no/such/page"] {
        let res = get(&h, path, &evil, "").await;
        assert_eq!(res.status, 403, "{path}: {}", res.body);
        assert!(
            res.header("content-type")
                .unwrap()
                .starts_with("text/plain")
                && !res.body.contains(crate::support::ANNA),
            "{path}: {res:?}"
        );
    }
    // A change with a foreign Host (and its own Origin) does nothing.
    let before = policy(&h).await;
    let res = patch_policy(&h, &evil, &format!("\r\nOrigin: http://{evil}")).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(policy(&h).await, before);
    // An absolute-form target names the host too, whatever `Host` says.
    let res = h
        .wire(
            &format!(
                "GET http://{evil}/api/accounts HTTP/1.1\r\nHost: {}",
                h.addr
            ),
            "",
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.body);
    // No Host at all (HTTP/1.0 style) is refused as well.
    let res = h.wire("GET /api/accounts HTTP/1.0", "").await;
    assert_eq!(res.status, 400, "{}", res.body);
    h.stop().await;
}

#[tokio::test]
async fn the_servers_own_names_pass() {
    let access = Access::default()
        .allow_host("mock")
        .unwrap()
        .allow_host("proxy.example:8443")
        .unwrap();
    let h = Harness::start_with(MockGmail::builder().mode("healthy"), access).await;
    let port = h.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        "mock".to_owned(),
        "mock:9000".to_owned(),
        "proxy.example:8443".to_owned(),
    ] {
        let res = get(&h, "/api/policy", &host, "").await;
        assert_eq!(res.status, 200, "{host}: {}", res.body);
    }
    for host in [
        "localhost".to_owned(),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("127.0.0.2.evil.example:{port}"),
        "proxy.example:443".to_owned(),
        format!("mock.evil.example:{port}"),
    ] {
        let res = get(&h, "/api/policy", &host, "").await;
        assert_eq!(res.status, 403, "{host}: {}", res.body);
    }
    // A bad entry names itself.
    let e = Access::default().allow_host("http://mock/").unwrap_err();
    assert!(e.to_string().contains("\"http://mock/\""), "{e}");
    h.stop().await;
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused_and_changes_nothing() {
    let h = Harness::mode("healthy").await;
    assert_eq!(policy(&h).await["imap_pop_disabled_for_all"], false);
    let res = gmail_form(&h, "\r\nOrigin: http://evil.example").await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(
        res.body.contains("POST refused") && res.body.contains("\"http://evil.example\""),
        "{}",
        res.body
    );
    assert_eq!(
        policy(&h).await["imap_pop_disabled_for_all"],
        false,
        "the policy is unchanged"
    );
    // The console's own page posting the same form (what a browser sends).
    let res = gmail_form(&h, &format!("\r\nOrigin: http://{}", h.addr)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(policy(&h).await["imap_pop_disabled_for_all"], true);
    h.stop().await;
}

#[tokio::test]
async fn a_foreign_referer_without_origin_is_refused() {
    let h = Harness::mode("less-secure-rejected").await;
    let own = h.addr.to_string();
    let res = patch_policy(&h, &own, "\r\nReferer: http://evil.example/attack?x=1").await;
    assert_eq!(res.status, 403, "{}", res.body);
    let err: Value = serde_json::from_str(&res.body).unwrap();
    let text = err["error"].as_str().unwrap();
    assert!(
        text.contains("Referer \"http://evil.example\"") && !text.contains("attack"),
        "{text}"
    );
    assert_eq!(policy(&h).await["less_secure_apps"], "disabled");
    // `Origin: null` (a sandboxed frame, a file: page) is not this server.
    let res = patch_policy(&h, &own, "\r\nOrigin: null").await;
    assert_eq!(res.status, 403, "{}", res.body);
    // A page of the console itself as the Referer.
    let res = patch_policy(&h, &own, &format!("\r\nReferer: http://{own}/#policy")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    h.stop().await;
}

#[tokio::test]
async fn requests_without_origin_or_referer_pass() {
    let h = Harness::mode("less-secure-rejected").await;
    let res = patch_policy(&h, &h.addr.to_string(), "").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(policy(&h).await["less_secure_apps"], "enforced");
    let res = gmail_form(&h, "").await;
    assert_eq!(res.status, 303, "{}", res.body);
    // A GET from another site's page (a link, an image) is not a change.
    let res = get(
        &h,
        "/api/policy",
        &h.addr.to_string(),
        "\r\nOrigin: http://evil.example",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    h.stop().await;
}

fn basic(user_pass: &str) -> String {
    format!("\r\nAuthorization: Basic {}", STANDARD.encode(user_pass))
}

/// That the credentials never reach the logs is tested in
/// `tests/logs.rs`, a binary of its own (tracing's state is per process).
#[tokio::test]
async fn basic_auth_is_required_accepted_and_refused() {
    let password = "Auth-Secret-0815";
    let creds = Credentials::parse(&Secret::new(format!("dev:{password}"))).unwrap();
    let h = Harness::start_with(
        MockGmail::builder().mode("less-secure-rejected"),
        Access::default().credentials(creds),
    )
    .await;
    let own = h.addr.to_string();
    for (what, extra) in [
        ("no credentials", String::new()),
        ("a wrong password", basic("dev:Auth-Secret-0816")),
        ("a wrong user", basic(&format!("root:{password}"))),
        ("no password", basic("dev")),
        ("another scheme", "\r\nAuthorization: Bearer x".to_owned()),
    ] {
        for path in ["/api/accounts", "/"] {
            let res = get(&h, path, &own, &extra).await;
            assert_eq!(res.status, 401, "{what} {path}: {}", res.body);
            assert_eq!(
                res.header("www-authenticate"),
                Some(r#"Basic realm="gmail-harness", charset="UTF-8""#),
                "{what} {path}"
            );
            assert!(!res.body.contains(crate::support::ANNA), "{what} {path}");
        }
        let res = patch_policy(&h, &own, &extra).await;
        assert_eq!(res.status, 401, "{what}: {}", res.body);
    }
    assert_eq!(h.get("/api/policy").await.0, 401, "reqwest without auth");
    let good = basic(&format!("dev:{password}"));
    let res = get(&h, "/api/accounts", &own, &good).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = get(&h, "/", &own, &good).await;
    assert_eq!(res.status, 200);
    let res = patch_policy(&h, &own, &good).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // The right password does not let a foreign Host or Origin in.
    let evil = format!("evil.example:{}", h.addr.port());
    assert_eq!(get(&h, "/api/accounts", &evil, &good).await.status, 403);
    let res = patch_policy(&h, &own, &format!("{good}\r\nOrigin: http://evil.example")).await;
    assert_eq!(res.status, 403, "{}", res.body);
    h.stop().await;
}

#[tokio::test]
async fn a_non_loopback_listener_needs_credentials() {
    let mock = Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let e = mock_http::serve_with(
        mock.clone(),
        listener,
        Access::default(),
        std::future::ready(()),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, mock_http::Error::Unprotected { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains(&format!("0.0.0.0:{port}")) && text.contains("without credentials"),
        "{text}"
    );
    // With credentials the same address serves.
    let creds = Credentials::parse(&Secret::new("dev:pw".to_owned())).unwrap();
    let access = Access::default().credentials(creds);
    assert!(access.check_exposure(([0, 0, 0, 0], port).into()).is_ok());
    assert!(Access::default()
        .check_exposure(([127, 0, 0, 1], port).into())
        .is_ok());
    assert!(Access::default()
        .check_exposure("[::1]:80".parse().unwrap())
        .is_ok());
    let Ok(mock) = Arc::try_unwrap(mock) else {
        panic!("serve_with kept the mock")
    };
    mock.shutdown().await;
}

/// A server on 0.0.0.0 (with credentials) answers to the address a client
/// connected to: a container reached by its IP. Skipped on a machine
/// without a non-loopback IPv4 address.
#[tokio::test]
async fn a_server_on_all_addresses_answers_to_the_address_connected_to() {
    // The route a UDP "connection" would take names this machine's
    // address; nothing is sent.
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    let ip = match probe
        .connect("192.0.2.1:9")
        .and_then(|_| probe.local_addr())
    {
        Ok(a) if !a.ip().is_loopback() && !a.ip().is_unspecified() => a.ip(),
        _ => {
            eprintln!("skipped: no non-loopback IPv4 address");
            return;
        }
    };
    let mock = Arc::new(MockGmail::builder().mode("healthy").start().await.unwrap());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let creds = Credentials::parse(&Secret::new("dev:pw".to_owned())).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(mock_http::serve_with(
        mock.clone(),
        listener,
        Access::default().credentials(creds),
        async {
            let _ = stopped.await;
        },
    ));
    let ask = |host: String| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut tcp = tokio::net::TcpStream::connect((ip, port)).await.unwrap();
        let req = format!(
            "GET /api/policy HTTP/1.1\r\nHost: {host}\r\nConnection: close{}\r\n\r\n",
            basic("dev:pw")
        );
        tcp.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        tcp.read_to_string(&mut out).await.unwrap();
        out
    };
    let res = ask(format!("{ip}:{port}")).await;
    assert!(res.starts_with("HTTP/1.1 200 "), "{res}");
    let res = ask(format!("192.0.2.1:{port}")).await;
    assert!(res.starts_with("HTTP/1.1 403 "), "{res}");
    let _ = stop.send(());
    task.await.unwrap().unwrap();
    let Ok(mock) = Arc::try_unwrap(mock) else {
        panic!("the server kept the mock")
    };
    mock.shutdown().await;
}
