//! Shared by the process-level tests: a `gmail-harness serve` child and
//! its ready line, and a Rust IMAP client that trusts its CA.
//!
//! Each test starts its own child on ephemeral ports, so tests share no
//! process state and run the same under `cargo test` (threads of one
//! process) and `cargo nextest` (one process per test).

#![allow(dead_code)] // each test binary uses its own subset

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gmail-harness"))
}

/// A `serve` child, its ready line and its stderr (a file, read at the end).
pub struct Served {
    child: Child,
    pub ready: serde_json::Value,
    stderr: tempfile::NamedTempFile,
}

impl Served {
    /// `gmail-harness serve ARGS` with `RUST_LOG=info`; panics (with the
    /// child's stderr) if it does not print a ready line.
    pub fn start(args: &[&str]) -> Served {
        Served::start_in(args, None)
    }

    /// Like [`Served::start`], in `dir`.
    pub fn start_in(args: &[&str], dir: Option<&Path>) -> Served {
        Served::try_start_in(args, dir).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`Served::start_in`], but a serve that exits before its ready
    /// line (say, a port taken meanwhile) is an `Err` with its stderr.
    pub fn try_start_in(args: &[&str], dir: Option<&Path>) -> Result<Served, String> {
        let stderr = tempfile::NamedTempFile::new().unwrap();
        let mut cmd = bin();
        cmd.arg("serve")
            .args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(stderr.reopen().unwrap());
        if let Some(d) = dir {
            cmd.current_dir(d);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        match serde_json::from_str(&line) {
            Ok(ready) => Ok(Served {
                child,
                ready,
                stderr,
            }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!(
                    "no ready line ({e}): {line:?}\nstderr:\n{}",
                    std::fs::read_to_string(stderr.path()).unwrap_or_default()
                ))
            }
        }
    }

    /// `host:port` of a listener (`imaps`, `imap`, `smtps`, `submission`).
    pub fn addr(&self, key: &str) -> String {
        self.ready[key].as_str().unwrap().to_owned()
    }

    pub fn port(&self, key: &str) -> u16 {
        self.addr(key).rsplit(':').next().unwrap().parse().unwrap()
    }

    /// The CA file to trust.
    pub fn ca(&self) -> String {
        self.ready["ca_cert"].as_str().unwrap().to_owned()
    }

    /// What the child logged so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.stderr.path()).unwrap_or_default()
    }

    /// SIGTERM, then wait (graceful shutdown within a bound); returns the
    /// exit status and everything logged.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return (st, self.stderr());
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
        let _ = self.child.wait();
        // A failing test shows what the server logged, so a rare failure
        // can be read from the one run that had it.
        if std::thread::panicking() {
            eprintln!("--- serve's log ---\n{}", self.stderr());
        }
    }
}

pub type ImapSession =
    imap::Session<rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream>>;

/// A rustls client configuration trusting only `ca_file`.
fn client_config(ca_file: &str) -> std::sync::Arc<rustls::ClientConfig> {
    use rustls::pki_types::pem::PemObject;
    let pem = std::fs::read(ca_file).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    for c in rustls::pki_types::CertificateDer::pem_slice_iter(&pem) {
        roots.add(c.unwrap()).unwrap();
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    std::sync::Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// Everything an implicit-TLS server sends until it closes (or 5 s pass).
pub fn tls_read_all(addr: &str, ca_file: &str) -> String {
    let tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let name = rustls::pki_types::ServerName::try_from("imap.gmail.com").unwrap();
    let conn = rustls::ClientConnection::new(client_config(ca_file), name).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut out = Vec::new();
    let _ = std::io::Read::read_to_end(&mut tls, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The `imap` crate over implicit TLS to `addr`, trusting only `ca_file`,
/// greeting read: ready for LOGIN or AUTHENTICATE.
pub fn imap_client(
    addr: &str,
    ca_file: &str,
) -> imap::Result<imap::Client<rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream>>>
{
    let tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let name = rustls::pki_types::ServerName::try_from("imap.gmail.com").unwrap();
    let conn = rustls::ClientConnection::new(client_config(ca_file), name).unwrap();
    let mut client = imap::Client::new(rustls::StreamOwned::new(conn, tcp));
    client.read_greeting()?;
    Ok(client)
}

/// [`imap_client`], then LOGIN.
pub fn imap_login(
    addr: &str,
    ca_file: &str,
    user: &str,
    password: &str,
) -> imap::Result<ImapSession> {
    imap_client(addr, ca_file)?
        .login(user, password)
        .map_err(|(e, _)| e)
}

/// Waits until `f` holds (files written when a connection ends appear a
/// moment after the client has gone).
pub fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One HTTP/1.1 request to `addr` over a plain socket, with `Host: host`
/// and `extra` headers (each ending in CRLF): the status code and the
/// whole response (head and body) as text.
pub fn http_raw(addr: &str, host: &str, method: &str, path: &str, extra: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        tcp,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}Content-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    tcp.read_to_string(&mut out).unwrap();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {out:?}"));
    (status, out)
}

/// `Authorization: Basic …` for `user:pass`, as a header line.
pub fn basic_auth(user_pass: &str) -> String {
    use base64::Engine as _;
    format!(
        "Authorization: Basic {}\r\n",
        base64::engine::general_purpose::STANDARD.encode(user_pass)
    )
}
