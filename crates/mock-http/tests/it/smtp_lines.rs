//! A blocking SMTP client that speaks line by line, so a test sees
//! Gmail's replies byte for byte (lettre joins multi-line replies and
//! drops the repeated enhanced codes). Run it inside `spawn_blocking`:
//! the mock serves on the test's own runtime.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use base64::Engine as _;
use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};

use crate::support::{client_config, TIMEOUT};

enum Conn {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
    Gone,
}

/// One SMTP connection.
pub struct Smtp {
    conn: Conn,
    ca: String,
}

/// The replies to one message: MAIL FROM, RCPT TO, DATA and the end of
/// the data (the last two only when the one before was accepted).
#[derive(Debug)]
pub struct Sent {
    pub mail: String,
    pub rcpt: Option<String>,
    pub data: Option<String>,
    pub end: Option<String>,
}

impl Smtp {
    /// smtp.gmail.com over implicit TLS (the mock's smtps), after EHLO.
    pub fn smtps(addr: SocketAddr, ca: &str) -> (Smtp, String) {
        let tcp = tcp(addr);
        let tls = tls(tcp, ca);
        let mut s = Smtp {
            conn: Conn::Tls(Box::new(tls)),
            ca: ca.to_owned(),
        };
        let greeting = s.reply();
        s.cmd("EHLO crm.example");
        (s, greeting)
    }

    /// A STARTTLS listener (the relay service): greeting, EHLO, STARTTLS,
    /// EHLO again. Returns the greeting.
    pub fn starttls(addr: SocketAddr, ca: &str) -> (Smtp, String) {
        let mut s = Smtp {
            conn: Conn::Plain(tcp(addr)),
            ca: ca.to_owned(),
        };
        let greeting = s.reply();
        s.cmd("EHLO crm.example");
        let go = s.cmd("STARTTLS");
        assert!(go.starts_with("220 "), "STARTTLS refused: {go}");
        let Conn::Plain(tcp) = std::mem::replace(&mut s.conn, Conn::Gone) else {
            unreachable!("plain before STARTTLS")
        };
        s.conn = Conn::Tls(Box::new(tls(tcp, &s.ca)));
        s.cmd("EHLO crm.example");
        (s, greeting)
    }

    /// `AUTH PLAIN` with an initial response; the reply.
    pub fn auth_plain(&mut self, user: &str, secret: &str) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{secret}"));
        self.cmd(&format!("AUTH PLAIN {b64}"))
    }

    /// Sends one command line; the whole reply, lines joined with CRLF.
    pub fn cmd(&mut self, line: &str) -> String {
        self.write(format!("{line}\r\n").as_bytes());
        self.reply()
    }

    /// One message, as far as the server lets it go.
    pub fn send(&mut self, from: &str, to: &str, subject: &str) -> Sent {
        let mail = self.cmd(&format!("MAIL FROM:<{from}>"));
        let mut sent = Sent {
            mail,
            rcpt: None,
            data: None,
            end: None,
        };
        if !sent.mail.starts_with("250") {
            return sent;
        }
        let rcpt = self.cmd(&format!("RCPT TO:<{to}>"));
        let ok = rcpt.starts_with("250");
        sent.rcpt = Some(rcpt);
        if !ok {
            return sent;
        }
        let data = self.cmd("DATA");
        let ok = data.starts_with("354");
        sent.data = Some(data);
        if !ok {
            return sent;
        }
        let msg = format!(
            "From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\n\r\nHello from the CRM.\r\n.\r\n"
        );
        self.write(msg.as_bytes());
        sent.end = Some(self.reply());
        sent
    }

    fn write(&mut self, bytes: &[u8]) {
        let r = match &mut self.conn {
            Conn::Plain(t) => t.write_all(bytes).and_then(|_| t.flush()),
            Conn::Tls(t) => t.write_all(bytes).and_then(|_| t.flush()),
            Conn::Gone => unreachable!("no connection"),
        };
        r.expect("the server takes the command");
    }

    /// Reads one reply: lines until `NNN ` (not `NNN-`).
    fn reply(&mut self) -> String {
        let mut lines = Vec::new();
        loop {
            let line = self.line();
            let last = line.as_bytes().get(3) != Some(&b'-');
            lines.push(line);
            if last {
                return lines.join("\r\n");
            }
        }
    }

    fn line(&mut self) -> String {
        let mut out = Vec::new();
        let mut byte = [0u8; 1];
        while !out.ends_with(b"\r\n") {
            let n = match &mut self.conn {
                Conn::Plain(t) => t.read(&mut byte),
                Conn::Tls(t) => t.read(&mut byte),
                Conn::Gone => unreachable!("no connection"),
            }
            .expect("the server answers");
            assert!(
                n == 1,
                "the server closed mid-reply after {:?}",
                String::from_utf8_lossy(&out)
            );
            out.push(byte[0]);
        }
        out.truncate(out.len() - 2);
        String::from_utf8(out).expect("replies are UTF-8")
    }
}

fn tcp(addr: SocketAddr) -> TcpStream {
    let tcp = TcpStream::connect(addr).expect("the listener accepts");
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    tcp
}

fn tls(tcp: TcpStream, ca: &str) -> StreamOwned<ClientConnection, TcpStream> {
    let conn = ClientConnection::new(
        client_config(ca),
        ServerName::try_from("localhost").unwrap(),
    )
    .unwrap();
    StreamOwned::new(conn, tcp)
}
