//! X-GM-RAW: Gmail's web search syntax inside IMAP SEARCH (Google's "IMAP
//! Extensions" page), parsed into a typed [`Query`] and evaluated per
//! message within the selected folder.
//!
//! Supported: `from:` `to:` `cc:` `bcc:` `subject:` (with `me`),
//! `label:` and `in:` (`inbox`, `sent`, `starred`, `important`, `drafts`,
//! `spam`, `trash`, `anywhere`, user labels with `-` for spaces and `/`),
//! `is:unread|read|starred|important`, `has:attachment`,
//! `newer_than:`/`older_than:` `Nd|Nm|Ny`, `after:`/`before:` dates,
//! `larger:`/`smaller:` sizes, plain words and `"quoted phrases"` (whole
//! words, in From/To/Cc/Subject and the body), `-negation`, implicit AND,
//! `OR`, `( … )` and `{ … }` (any of). An unknown `op:value` is searched as
//! words, as Gmail does.
//!
//! This file parses; `eval` matches a parsed query against a message.

use chrono::{DateTime, NaiveDate};

/// A query the mock cannot read (unbalanced brackets, a bad age or date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadQuery;

/// A parsed X-GM-RAW query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Query {
    /// Every part matches (the empty query matches everything).
    And(Vec<Query>),
    /// Any part matches.
    Or(Vec<Query>),
    /// `-term`
    Not(Box<Query>),
    /// One operator or word.
    Term(Term),
}

/// Header fields the address/subject operators look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    From,
    To,
    Cc,
    Bcc,
    Subject,
}

/// `is:` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Is {
    Unread,
    Read,
    Starred,
    Important,
}

/// One search operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Term {
    Field(Field, String),
    Label(String),
    In(String),
    Is(Is),
    HasAttachment,
    /// `newer_than:` (true) / `older_than:` (false) with an age.
    Age {
        newer: bool,
        n: u32,
        unit: char,
    },
    /// `after:` (true) / `before:` (false).
    Date {
        after: bool,
        date: NaiveDate,
    },
    /// `larger:` (true) / `smaller:` (false), bytes.
    Size {
        larger: bool,
        bytes: u64,
    },
    /// Plain words or a quoted phrase.
    Words(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    OpenAny,
    CloseAny,
    Or,
    Minus,
    /// `op:value` (op lower-cased) or a bare word / phrase.
    Term(Option<String>, String),
}

fn lex(q: &str) -> Vec<Tok> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let quoted = |i: &mut usize| {
        // `chars[*i]` is the opening quote.
        let start = *i + 1;
        let end = chars[start..]
            .iter()
            .position(|&c| c == '"')
            .map(|p| start + p)
            .unwrap_or(chars.len());
        *i = (end + 1).min(chars.len());
        chars[start..end].iter().collect::<String>()
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | '{' | '}' => {
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    '{' => Tok::OpenAny,
                    _ => Tok::CloseAny,
                });
                i += 1;
            }
            '-' if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) => {
                out.push(Tok::Minus);
                i += 1;
            }
            '"' => {
                let v = quoted(&mut i);
                out.push(Tok::Term(None, v));
            }
            _ => {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() && !"(){}\"".contains(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word == "OR" || word == "|" {
                    out.push(Tok::Or);
                    continue;
                }
                if word == "AND" {
                    continue;
                }
                match word.split_once(':') {
                    Some((op, value))
                        if !op.is_empty() && op.chars().all(|c| c.is_alphabetic() || c == '_') =>
                    {
                        let value = if value.is_empty() && chars.get(i) == Some(&'"') {
                            quoted(&mut i)
                        } else {
                            value.to_owned()
                        };
                        out.push(Tok::Term(Some(op.to_lowercase()), value));
                    }
                    _ => out.push(Tok::Term(None, word)),
                }
            }
        }
    }
    out
}

/// Parses an X-GM-RAW query.
pub(crate) fn parse(q: &str) -> Result<Query, BadQuery> {
    let toks = lex(q);
    let mut p = Parser { toks, pos: 0 };
    let q = p.sequence()?;
    if p.pos != p.toks.len() {
        return Err(BadQuery);
    }
    Ok(q)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    /// `or_expr*` up to a closing bracket or the end (implicit AND).
    fn sequence(&mut self) -> Result<Query, BadQuery> {
        let mut parts = Vec::new();
        while let Some(t) = self.peek() {
            if matches!(t, Tok::Close | Tok::CloseAny) {
                break;
            }
            parts.push(self.or_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::And(parts)
        })
    }

    fn or_expr(&mut self) -> Result<Query, BadQuery> {
        let mut parts = vec![self.unary()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Or(parts)
        })
    }

    fn unary(&mut self) -> Result<Query, BadQuery> {
        let tok = self.toks.get(self.pos).cloned().ok_or(BadQuery)?;
        self.pos += 1;
        match tok {
            Tok::Minus => Ok(Query::Not(Box::new(self.unary()?))),
            Tok::Open => {
                let q = self.sequence()?;
                self.expect(&Tok::Close)?;
                Ok(q)
            }
            Tok::OpenAny => {
                let mut parts = Vec::new();
                while !matches!(self.peek(), Some(Tok::CloseAny) | None) {
                    parts.push(self.unary()?);
                }
                self.expect(&Tok::CloseAny)?;
                Ok(Query::Or(parts))
            }
            Tok::Term(op, value) => term(op.as_deref(), &value).map(Query::Term),
            Tok::Close | Tok::CloseAny | Tok::Or => Err(BadQuery),
        }
    }

    fn expect(&mut self, t: &Tok) -> Result<(), BadQuery> {
        if self.peek() == Some(t) {
            self.pos += 1;
            Ok(())
        } else {
            Err(BadQuery)
        }
    }
}

fn term(op: Option<&str>, value: &str) -> Result<Term, BadQuery> {
    let Some(op) = op else {
        return Ok(Term::Words(value.to_owned()));
    };
    let v = value.to_owned();
    let lower = value.to_lowercase();
    Ok(match op {
        "from" => Term::Field(Field::From, v),
        "to" => Term::Field(Field::To, v),
        "cc" => Term::Field(Field::Cc, v),
        "bcc" => Term::Field(Field::Bcc, v),
        "subject" => Term::Field(Field::Subject, v),
        "label" => Term::Label(lower),
        "in" => Term::In(lower),
        "is" => match lower.as_str() {
            "unread" => Term::Is(Is::Unread),
            "read" => Term::Is(Is::Read),
            "starred" => Term::Is(Is::Starred),
            "important" => Term::Is(Is::Important),
            _ => Term::Words(format!("{op}:{value}")),
        },
        "has" if lower == "attachment" => Term::HasAttachment,
        "newer_than" | "older_than" => {
            let unit = lower.chars().last().ok_or(BadQuery)?;
            let n: u32 = lower[..lower.len() - unit.len_utf8()]
                .parse()
                .map_err(|_| BadQuery)?;
            if !matches!(unit, 'd' | 'm' | 'y') {
                return Err(BadQuery);
            }
            Term::Age {
                newer: op == "newer_than",
                n,
                unit,
            }
        }
        "after" | "before" | "newer" | "older" => Term::Date {
            after: op == "after" || op == "newer",
            date: parse_date(&lower).ok_or(BadQuery)?,
        },
        "larger" | "smaller" | "size" => Term::Size {
            larger: op != "smaller",
            bytes: parse_size(&lower).ok_or(BadQuery)?,
        },
        _ => Term::Words(format!("{op}:{value}")),
    })
}

/// `2020/06/01`, `2020-06-01`, `2020/6/1`, or seconds since the epoch.
fn parse_date(v: &str) -> Option<NaiveDate> {
    if v.bytes().all(|b| b.is_ascii_digit()) {
        return DateTime::from_timestamp(v.parse().ok()?, 0).map(|d| d.date_naive());
    }
    let parts: Vec<&str> = v.split(['/', '-']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `1000`, `10k`, `5M` (also `kb`/`mb`) in bytes.
fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim_end_matches('b');
    let (digits, mult) = match v.chars().last()? {
        'k' => (&v[..v.len() - 1], 1024),
        'm' => (&v[..v.len() - 1], 1024 * 1024),
        _ => (v, 1),
    };
    digits.parse::<u64>().ok().map(|n| n * mult)
}

mod eval;
#[cfg(test)]
mod tests;

pub(crate) use eval::Ctx;
