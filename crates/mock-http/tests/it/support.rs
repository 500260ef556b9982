//! A mock with its HTTP server on an ephemeral port, an HTTP client, and
//! the real peer clients (the `imap` crate, lettre) trusting the mock's CA.

#![allow(dead_code)]

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use mock_gmail::{MockGmail, MockGmailBuilder, MockHandle};
use reqwest::{Method, StatusCode};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const ANNA: &str = mock_gmail::model::preset::WORKSPACE_EMAIL;
pub const ANNA_PASSWORD: &str = mock_gmail::model::preset::WORKSPACE_PASSWORD;

/// A running mock plus its HTTP server.
pub struct Harness {
    pub mock: Arc<MockHandle>,
    pub base: String,
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), mock_http::Error>>>,
}

impl Harness {
    /// A mock in `mode`.
    pub async fn mode(mode: &str) -> Harness {
        Harness::start(MockGmail::builder().mode(mode)).await
    }

    /// A mock from a builder.
    pub async fn start(b: MockGmailBuilder) -> Harness {
        Harness::start_with(b, mock_http::Access::default()).await
    }

    /// A mock from a builder, its HTTP server guarded by `access`.
    pub async fn start_with(b: MockGmailBuilder, access: mock_http::Access) -> Harness {
        let mock = Arc::new(b.start().await.expect("mock starts"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(mock_http::serve_with(
            mock.clone(),
            listener,
            access,
            async {
                let _ = stopped.await;
            },
        ));
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Harness {
            mock,
            base: format!("http://{addr}"),
            addr,
            http,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; a `Some(body)` is sent as JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.http.request(method, self.url(path));
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let res = rb.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.unwrap();
        let v = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, v)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    /// A request with a raw body and content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: &str,
    ) -> (StatusCode, Value) {
        let mut rb = self
            .http
            .request(method, self.url(path))
            .body(body.to_owned());
        if let Some(ct) = content_type {
            rb = rb.header("content-type", ct);
        }
        let res = rb.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// GETs an HTML page: (status, body).
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        let status = res.status();
        (status, res.text().await.unwrap())
    }

    /// POSTs a console form: (status, Location or body).
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let res = self
            .http
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let loc = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = res.text().await.unwrap();
        (status, loc.unwrap_or(body))
    }

    /// Sends `head` (request line and headers, CRLF-separated, without
    /// the blank line) and `body` as they are over a plain socket, so a
    /// test chooses every header, `Host` included.
    pub async fn wire(&self, head: &str, body: &str) -> WireResponse {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut tcp = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let req = format!(
            "{head}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        tcp.write_all(req.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        tokio::time::timeout(TIMEOUT, tcp.read_to_end(&mut out))
            .await
            .expect("the server answers and closes")
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").expect("a complete response");
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .expect("a status line");
        WireResponse {
            status,
            headers: lines
                .filter_map(|l| l.split_once(": "))
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
                .collect(),
            body: body.to_owned(),
        }
    }

    /// Stops the HTTP server, then the mock.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap().unwrap();
        }
        if let Ok(m) = Arc::try_unwrap(self.mock) {
            m.shutdown().await;
        }
    }
}

/// A response read off the socket.
#[derive(Debug)]
pub struct WireResponse {
    pub status: u16,
    /// Lower-cased names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl WireResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Asserts a JSON error: status, `error` present, `field` as expected.
#[track_caller]
pub fn assert_error(got: &(StatusCode, Value), status: u16, field: Option<&str>) {
    assert_eq!(got.0.as_u16(), status, "{:?}", got.1);
    assert!(
        got.1["error"].as_str().is_some_and(|e| !e.is_empty()),
        "no error text: {:?}",
        got.1
    );
    assert_eq!(got.1["field"].as_str(), field, "{:?}", got.1);
    let keys: Vec<&String> = got.1.as_object().unwrap().keys().collect();
    assert!(
        keys.iter().all(|k| *k == "error" || *k == "field"),
        "{keys:?}"
    );
}

/// A rustls client config trusting only `ca_pem` (ring provider).
pub fn client_config(ca_pem: &str) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// A blocking rustls stream for the `imap` crate.
pub type SyncTls = StreamOwned<ClientConnection, TcpStream>;

/// What a CRM has configured: server, CA, login and password. It never
/// changes during a test; only the mock's state does.
#[derive(Debug, Clone)]
pub struct CrmImap {
    pub addr: SocketAddr,
    pub ca: String,
    pub user: String,
    pub password: String,
}

impl CrmImap {
    pub fn for_mock(mock: &MockHandle, user: &str, password: &str) -> CrmImap {
        CrmImap {
            addr: mock.imaps_addr(),
            ca: mock.ca_pem().to_owned(),
            user: user.to_owned(),
            password: password.to_owned(),
        }
    }

    /// Connects with the `imap` crate (blocking).
    pub fn connect(&self) -> imap::Client<SyncTls> {
        let tcp = TcpStream::connect(self.addr).unwrap();
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        let conn = ClientConnection::new(
            client_config(&self.ca),
            ServerName::try_from("localhost").unwrap(),
        )
        .unwrap();
        let mut client = imap::Client::new(StreamOwned::new(conn, tcp));
        client.read_greeting().unwrap();
        client
    }

    /// Connects and logs in on a fresh connection; `Ok(())` or Gmail's text.
    pub async fn login(&self) -> Result<(), String> {
        let crm = self.clone();
        tokio::task::spawn_blocking(
            move || match crm.connect().login(&crm.user, &crm.password) {
                Ok(mut s) => {
                    s.select("INBOX").map_err(|e| e.to_string())?;
                    let _ = s.logout();
                    Ok(())
                }
                Err((e, _)) => Err(e.to_string()),
            },
        )
        .await
        .unwrap()
    }
}

/// Sends a message through the mock's SMTPS with lettre.
pub async fn send_mail(
    mock: &MockHandle,
    user: &str,
    secret: &str,
    raw_to: &str,
    subject: &str,
    body: &str,
) {
    use lettre::message::header::ContentType;
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
    use lettre::AsyncTransport;
    let params = TlsParameters::builder("localhost".to_owned())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(mock.ca_pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    let t = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("localhost")
        .port(mock.smtps_addr().port())
        .tls(Tls::Wrapper(params))
        .credentials(Credentials::new(user.to_owned(), secret.to_owned()))
        .timeout(Some(TIMEOUT))
        .build();
    let m = lettre::Message::builder()
        .from(user.parse().unwrap())
        .to(raw_to.parse().unwrap())
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .unwrap();
    t.send(m).await.expect("lettre sends through the mock");
}
