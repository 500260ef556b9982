//! A lean load-generating IMAP/SMTP client (tokio + rustls): it reads
//! whole responses with the shared framer but does not parse them beyond
//! the completion status, so it stays cheaper than the server it measures.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::BytesMut;
use gmail_wire::imap::{FrameEvent, FrameLimits, Framer};
use rustls::ClientConfig;
use rustls_pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// Where to send load.
#[derive(Debug, Clone)]
pub struct Target {
    /// IMAP over TLS.
    pub imaps: SocketAddr,
    /// SMTP over TLS.
    pub smtps: SocketAddr,
    /// Trust configuration.
    pub tls: Arc<ClientConfig>,
    /// Name to verify the certificate against.
    pub server_name: ServerName<'static>,
}

type Stream = TlsStream<TcpStream>;

async fn connect(t: &Target, addr: SocketAddr) -> Result<Stream, String> {
    let tcp = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let _ = tcp.set_nodelay(true);
    TlsConnector::from(t.tls.clone())
        .connect(t.server_name.clone(), tcp)
        .await
        .map_err(|e| format!("tls: {e}"))
}

/// An IMAP connection with a response buffer.
#[derive(Debug)]
pub struct Imap {
    s: Stream,
    buf: BytesMut,
    framer: Framer,
    tag: u32,
}

impl Imap {
    /// Connects and reads the greeting.
    pub async fn connect(t: &Target) -> Result<Imap, String> {
        let s = connect(t, t.imaps).await?;
        let mut c = Imap {
            s,
            buf: BytesMut::with_capacity(2048),
            framer: Framer::for_responses(FrameLimits::default()),
            tag: 0,
        };
        let greeting = c.frame().await?;
        if !greeting.starts_with(b"* OK") {
            return Err(format!(
                "greeting: {}",
                String::from_utf8_lossy(&greeting).trim()
            ));
        }
        Ok(c)
    }

    async fn frame(&mut self) -> Result<Vec<u8>, String> {
        loop {
            match self.framer.next(&self.buf) {
                FrameEvent::Complete { len } => {
                    self.framer.reset();
                    return Ok(self.buf.split_to(len).to_vec());
                }
                FrameEvent::Incomplete | FrameEvent::LiteralAnnounced { .. } => {
                    let n = self
                        .s
                        .read_buf(&mut self.buf)
                        .await
                        .map_err(|e| format!("read: {e}"))?;
                    if n == 0 {
                        return Err("connection closed".into());
                    }
                }
                other => return Err(format!("framing: {other:?}")),
            }
        }
    }

    /// Sends one command and waits for its tagged completion; errors on
    /// anything but OK.
    pub async fn cmd(&mut self, command: &str) -> Result<(), String> {
        self.tag += 1;
        let tag = format!("b{}", self.tag);
        self.s
            .write_all(format!("{tag} {command}\r\n").as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        let prefix = format!("{tag} ");
        loop {
            let f = self.frame().await?;
            if f.starts_with(prefix.as_bytes()) {
                return if f[prefix.len()..].starts_with(b"OK") {
                    Ok(())
                } else {
                    Err(format!("{command}: {}", String::from_utf8_lossy(&f).trim()))
                };
            }
        }
    }
}

/// The IMAPS session workload: TLS connect → greeting → LOGIN → SELECT INBOX
/// → FETCH 1:10 (FLAGS RFC822.SIZE ENVELOPE) → LOGOUT.
pub async fn imap_session(t: &Target, user: &str, pass: &str) -> Result<(), String> {
    let mut c = Imap::connect(t).await?;
    c.cmd(&format!("LOGIN {user} {pass}")).await?;
    c.cmd("SELECT INBOX").await?;
    c.cmd("FETCH 1:10 (FLAGS RFC822.SIZE ENVELOPE)").await?;
    c.cmd("LOGOUT").await?;
    Ok(())
}

/// Logs in and returns the open connection (memory workload).
pub async fn imap_hold(t: &Target, user: &str, pass: &str) -> Result<Imap, String> {
    let mut c = Imap::connect(t).await?;
    c.cmd(&format!("LOGIN {user} {pass}")).await?;
    Ok(c)
}

async fn smtp_reply(s: &mut Stream, buf: &mut BytesMut) -> Result<u16, String> {
    loop {
        if let Some((code, used)) = complete_reply(buf) {
            let _ = buf.split_to(used);
            return Ok(code);
        }
        let n = s.read_buf(buf).await.map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("connection closed".into());
        }
    }
}

/// Finds the end of a complete (multi-line) reply: (code, bytes used).
fn complete_reply(buf: &[u8]) -> Option<(u16, usize)> {
    let mut pos = 0;
    while let Some(rel) = buf[pos..].iter().position(|&b| b == b'\n') {
        let line = &buf[pos..pos + rel];
        pos += rel + 1;
        if line.len() >= 3 && (line.len() == 3 || line[3] == b' ' || line.len() == 4) {
            let code = std::str::from_utf8(&line[..3]).ok()?.parse().ok()?;
            return Some((code, pos));
        }
    }
    None
}

async fn expect(s: &mut Stream, buf: &mut BytesMut, what: &str, want: u16) -> Result<(), String> {
    let code = smtp_reply(s, buf).await?;
    if code == want {
        Ok(())
    } else {
        Err(format!("{what}: {code}"))
    }
}

/// The SMTP submission workload over implicit TLS with AUTH PLAIN.
pub async fn smtp_submit(
    t: &Target,
    user: &str,
    pass: &str,
    rcpt: &str,
    message: &[u8],
) -> Result<(), String> {
    let mut s = connect(t, t.smtps).await?;
    let mut buf = BytesMut::with_capacity(1024);
    expect(&mut s, &mut buf, "greeting", 220).await?;
    let auth = gmail_wire::sasl::encode_plain(user, pass);
    let steps: [(String, u16); 4] = [
        ("EHLO bench.localhost".into(), 250),
        (format!("AUTH PLAIN {}", auth.expose()), 235),
        (format!("MAIL FROM:<{user}> SIZE={}", message.len()), 250),
        (format!("RCPT TO:<{rcpt}>"), 250),
    ];
    for (line, want) in steps {
        s.write_all(format!("{line}\r\n").as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        expect(&mut s, &mut buf, line.split(' ').next().unwrap_or(""), want).await?;
    }
    s.write_all(b"DATA\r\n").await.map_err(|e| e.to_string())?;
    expect(&mut s, &mut buf, "DATA", 354).await?;
    s.write_all(message).await.map_err(|e| e.to_string())?;
    s.write_all(b".\r\n").await.map_err(|e| e.to_string())?;
    expect(&mut s, &mut buf, "end of data", 250).await?;
    s.write_all(b"QUIT\r\n").await.map_err(|e| e.to_string())?;
    let _ = smtp_reply(&mut s, &mut buf).await;
    Ok(())
}

/// A 10 KiB test message (CRLF lines, no line starting with a dot).
pub fn message(size: usize, from: &str, to: &str, n: usize) -> Vec<u8> {
    let mut m = format!("From: <{from}>\r\nTo: <{to}>\r\nSubject: bench message {n}\r\nMessage-ID: <bench.{n}@bench.localhost>\r\nDate: Mon, 1 Jun 2020 10:00:00 +0000\r\n\r\n").into_bytes();
    let line =
        b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n";
    while m.len() + line.len() <= size {
        m.extend_from_slice(line);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies() {
        assert_eq!(complete_reply(b"250-a\r\n250 b\r\n"), Some((250, 14)));
        assert_eq!(complete_reply(b"250-a\r\n"), None);
        assert!(message(10 * 1024, "a@b", "c@d", 1).len() <= 10 * 1024);
    }
}
