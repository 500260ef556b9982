//! Typed SMTP commands (RFC 5321, RFC 3207 STARTTLS, RFC 4954 AUTH,
//! RFC 3030 CHUNKING/BDAT), with a nom parser and an encoder.

use nom::{
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while, take_while1},
    character::complete::{char, digit1},
    combinator::{map, map_res, opt, rest, value},
    multi::many0,
    sequence::{delimited, preceded},
    IResult, Parser,
};

use crate::secret::{Secret, REDACTED};

/// One SMTP command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `EHLO domain`
    Ehlo(String),
    /// `HELO domain`
    Helo(String),
    /// `STARTTLS`
    StartTls,
    /// `AUTH mechanism [initial-response]`
    Auth {
        /// Upper-cased mechanism (`PLAIN`, `LOGIN`, `XOAUTH2`).
        mechanism: String,
        /// Base64 initial response (`=` for empty).
        initial_response: Option<Secret<String>>,
    },
    /// `MAIL FROM:<path> [params]`
    Mail {
        /// Reverse path without brackets (empty for the null sender).
        from: String,
        /// ESMTP parameters (`SIZE=…`, `BODY=8BITMIME`, `SMTPUTF8`).
        params: Vec<Param>,
    },
    /// `RCPT TO:<path> [params]`
    Rcpt {
        /// Forward path without brackets.
        to: String,
        /// ESMTP parameters.
        params: Vec<Param>,
    },
    /// `DATA`
    Data,
    /// `BDAT size [LAST]`
    Bdat {
        /// Chunk size in bytes.
        size: u64,
        /// Last chunk.
        last: bool,
    },
    /// `RSET`
    Rset,
    /// `NOOP [text]`
    Noop(Option<String>),
    /// `VRFY text`
    Vrfy(String),
    /// `EXPN text`
    Expn(String),
    /// `HELP [topic]`
    Help(Option<String>),
    /// `QUIT`
    Quit,
}

/// An ESMTP parameter `KEYWORD[=value]` (keyword upper-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// `SIZE`, `BODY`, `SMTPUTF8`, …
    pub keyword: String,
    /// The value after `=`.
    pub value: Option<String>,
}

/// Why a command line was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandParseError {
    /// Not a verb this server knows (Gmail: 502 5.5.1).
    #[error("unrecognized command {0:?}")]
    Unrecognized(String),
    /// A known verb with bad arguments (Gmail: 555 5.5.2 / 501 5.5.4).
    #[error("syntax error in {verb} arguments")]
    Syntax {
        /// The verb, upper-cased.
        verb: String,
    },
    /// HELO/EHLO without a domain (Gmail answers 501 5.5.4).
    #[error("empty HELO/EHLO argument")]
    EmptyHelo,
}

type Res<'a, T> = IResult<&'a [u8], T>;

/// Parses one command line (with or without its CRLF).
pub fn parse_command(line: &[u8]) -> Result<Command, CommandParseError> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let verb_end = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
    let verb = String::from_utf8_lossy(&line[..verb_end]).to_ascii_uppercase();
    let args = line.get(verb_end + 1..).unwrap_or(b"");
    let has_args = verb_end < line.len();
    let syntax = || CommandParseError::Syntax { verb: verb.clone() };
    let text = || String::from_utf8_lossy(args).trim().to_owned();
    let cmd = match verb.as_str() {
        "EHLO" | "HELO" => {
            let domain = text();
            if domain.is_empty() {
                return Err(CommandParseError::EmptyHelo);
            }
            if verb == "EHLO" {
                Command::Ehlo(domain)
            } else {
                Command::Helo(domain)
            }
        }
        "STARTTLS" if !has_args => Command::StartTls,
        "DATA" if !has_args => Command::Data,
        "RSET" if !has_args => Command::Rset,
        "QUIT" if !has_args => Command::Quit,
        "STARTTLS" | "DATA" | "RSET" | "QUIT" => return Err(syntax()),
        "NOOP" => Command::Noop(has_args.then(text)),
        "HELP" => Command::Help(has_args.then(text)),
        "VRFY" if has_args => Command::Vrfy(text()),
        "EXPN" if has_args => Command::Expn(text()),
        "VRFY" | "EXPN" => return Err(syntax()),
        "AUTH" => run(auth, args).ok_or_else(syntax)?,
        "MAIL" => run(mail, args).ok_or_else(syntax)?,
        "RCPT" => run(rcpt, args).ok_or_else(syntax)?,
        "BDAT" => run(bdat, args).ok_or_else(syntax)?,
        _ => return Err(CommandParseError::Unrecognized(verb)),
    };
    Ok(cmd)
}

fn run<'a>(p: fn(&'a [u8]) -> Res<'a, Command>, args: &'a [u8]) -> Option<Command> {
    match p(args) {
        Ok((rest, c)) if rest.iter().all(|&b| b == b' ') => Some(c),
        _ => None,
    }
}

fn utf8(b: &[u8]) -> Result<String, std::str::Utf8Error> {
    std::str::from_utf8(b).map(str::to_owned)
}

/// `AUTH SP sasl-mech [SP initial-response]`
fn auth(i: &[u8]) -> Res<'_, Command> {
    let mech = map_res(
        take_while1(|b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        utf8,
    );
    let ir = map_res(
        take_while1(|b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')),
        utf8,
    );
    map((mech, opt(preceded(char(' '), ir))), |(m, ir)| {
        Command::Auth {
            mechanism: m.to_ascii_uppercase(),
            initial_response: ir.map(Secret::new),
        }
    })
    .parse(i)
}

/// `Path = "<" [ A-d-l ":" ] Mailbox ">"`, leniently: any bytes but `>`
/// and controls (validation is the server's job, with Gmail's wording).
fn path(i: &[u8]) -> Res<'_, String> {
    delimited(
        char('<'),
        map_res(
            take_while(|b: u8| b != b'>' && b >= 0x20 && b != 0x7f),
            |b: &[u8]| String::from_utf8(b.to_vec()),
        ),
        char('>'),
    )
    .parse(i)
}

/// `esmtp-param = esmtp-keyword ["=" esmtp-value]`
fn params(i: &[u8]) -> Res<'_, Vec<Param>> {
    let keyword = map_res(
        take_while1(|b: u8| b.is_ascii_alphanumeric() || b == b'-'),
        utf8,
    );
    let val = map_res(
        take_while1(|b: u8| (33..=126).contains(&b) && b != b'='),
        utf8,
    );
    many0(preceded(
        take_while1(|b| b == b' '),
        map((keyword, opt(preceded(char('='), val))), |(k, v)| Param {
            keyword: k.to_ascii_uppercase(),
            value: v,
        }),
    ))
    .parse(i)
}

/// `"MAIL FROM:" Reverse-path [SP Mail-parameters]`
fn mail(i: &[u8]) -> Res<'_, Command> {
    map(
        (
            tag_no_case("FROM:"),
            take_while(|b| b == b' '),
            path,
            params,
        ),
        |(_, _, from, params)| Command::Mail { from, params },
    )
    .parse(i)
}

/// `"RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters]`
fn rcpt(i: &[u8]) -> Res<'_, Command> {
    map(
        (tag_no_case("TO:"), take_while(|b| b == b' '), path, params),
        |(_, _, to, params)| Command::Rcpt { to, params },
    )
    .parse(i)
}

/// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ]`
fn bdat(i: &[u8]) -> Res<'_, Command> {
    map(
        (
            map_res(digit1, |d: &[u8]| {
                std::str::from_utf8(d).unwrap_or("x").parse::<u64>()
            }),
            alt((
                value(true, (char(' '), tag_no_case("LAST"))),
                value(false, tag("")),
            )),
            rest,
        ),
        |(size, last, _)| Command::Bdat { size, last },
    )
    .parse(i)
}

impl Command {
    /// The verb, for logs.
    pub fn verb(&self) -> &'static str {
        match self {
            Command::Ehlo(_) => "EHLO",
            Command::Helo(_) => "HELO",
            Command::StartTls => "STARTTLS",
            Command::Auth { .. } => "AUTH",
            Command::Mail { .. } => "MAIL",
            Command::Rcpt { .. } => "RCPT",
            Command::Data => "DATA",
            Command::Bdat { .. } => "BDAT",
            Command::Rset => "RSET",
            Command::Noop(_) => "NOOP",
            Command::Vrfy(_) => "VRFY",
            Command::Expn(_) => "EXPN",
            Command::Help(_) => "HELP",
            Command::Quit => "QUIT",
        }
    }

    fn render(&self, redact: bool) -> String {
        let with_params = |head: String, params: &[Param]| {
            let mut s = head;
            for p in params {
                s.push(' ');
                s.push_str(&p.keyword);
                if let Some(v) = &p.value {
                    s.push('=');
                    s.push_str(v);
                }
            }
            s
        };
        match self {
            Command::Ehlo(d) => format!("EHLO {d}"),
            Command::Helo(d) => format!("HELO {d}"),
            Command::StartTls => "STARTTLS".into(),
            Command::Auth {
                mechanism,
                initial_response,
            } => match initial_response {
                None => format!("AUTH {mechanism}"),
                Some(_) if redact => format!("AUTH {mechanism} {REDACTED}"),
                Some(ir) => format!("AUTH {mechanism} {}", ir.expose()),
            },
            Command::Mail { from, params } => with_params(format!("MAIL FROM:<{from}>"), params),
            Command::Rcpt { to, params } => with_params(format!("RCPT TO:<{to}>"), params),
            Command::Data => "DATA".into(),
            Command::Bdat { size, last } => {
                format!("BDAT {size}{}", if *last { " LAST" } else { "" })
            }
            Command::Rset => "RSET".into(),
            Command::Noop(None) => "NOOP".into(),
            Command::Noop(Some(t)) => format!("NOOP {t}"),
            Command::Vrfy(t) => format!("VRFY {t}"),
            Command::Expn(t) => format!("EXPN {t}"),
            Command::Help(None) => "HELP".into(),
            Command::Help(Some(t)) => format!("HELP {t}"),
            Command::Quit => "QUIT".into(),
        }
    }

    /// The wire form with CRLF.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = self.render(false).into_bytes();
        s.extend_from_slice(b"\r\n");
        s
    }

    /// The line for transcripts: AUTH payloads become `[REDACTED]`.
    pub fn transcript_line(&self) -> String {
        self.render(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(
            parse_command(b"ehlo client.example\r\n").unwrap(),
            Command::Ehlo("client.example".into())
        );
        let Command::Mail { from, params } =
            parse_command(b"MAIL FROM:<a@b.c> SIZE=1000 BODY=8BITMIME SMTPUTF8\r\n").unwrap()
        else {
            panic!()
        };
        assert_eq!(from, "a@b.c");
        assert_eq!(params.len(), 3);
        assert_eq!(params[2].value, None);
        assert!(
            matches!(parse_command(b"MAIL FROM:<>\r\n"), Ok(Command::Mail { from, .. }) if from.is_empty())
        );
        assert!(matches!(
            parse_command(b"MAIL FROM: <x@y>\r\n"),
            Ok(Command::Mail { .. })
        ));
        assert_eq!(
            parse_command(b"BDAT 100 LAST").unwrap(),
            Command::Bdat {
                size: 100,
                last: true
            }
        );
        assert!(matches!(
            parse_command(b"MAIL FROM:a@b\r\n"),
            Err(CommandParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_command(b"FOO\r\n"),
            Err(CommandParseError::Unrecognized(_))
        ));
        assert_eq!(
            parse_command(b"EHLO\r\n"),
            Err(CommandParseError::EmptyHelo)
        );
        let c = parse_command(b"AUTH PLAIN AGFAYgBj\r\n").unwrap();
        assert_eq!(c.transcript_line(), "AUTH PLAIN [REDACTED]");
        assert_eq!(c.to_bytes(), b"AUTH PLAIN AGFAYgBj\r\n");
    }
}
