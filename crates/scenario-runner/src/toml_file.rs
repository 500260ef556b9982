//! Typed TOML files whose errors say where: `file:line:column: field: what`.
//!
//! Shared by the two hand-written file formats of the project, scenario
//! files ([`crate::scenario`]) and `gmail-harness serve --config` files, so
//! both point at a typo the same way. Structs are meant to deny unknown
//! fields: a misspelt key must fail loudly rather than silently test (or
//! serve) something else.

use std::path::Path;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::Error;

/// Parses `text` as `T`. On error, names the file, the line and column of
/// the offending value (from toml's span), and the field path
/// (`customer.imap.port`, `accounts[1].password`) from
/// `serde_path_to_error`.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, Error> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let (line, column) = inner
            .span()
            .map(|sp| line_col(text, sp.start))
            .unwrap_or((0, 0));
        Error::Parse {
            file: path.display().to_string(),
            line,
            column,
            field: if field == "." { String::new() } else { field },
            message: inner.message().to_owned(),
        }
    })
}

/// An error found after parsing (a check the types cannot express), placed
/// at the field's key where the file has one (`key =` or `[key]`), else at
/// 0:0.
pub fn error_at(text: &str, path: &Path, field: &str, message: String) -> Error {
    let key = field.rsplit('.').next().unwrap_or(field);
    let offset = text
        .find(&format!("{key} ="))
        .or_else(|| text.find(&format!("[{key}]")))
        .or_else(|| text.find(&format!("[[{key}]]")));
    let (line, column) = offset.map(|o| line_col(text, o)).unwrap_or((0, 0));
    Error::Parse {
        file: path.display().to_string(),
        line,
        column,
        field: field.to_owned(),
        message,
    }
}

/// Line and column (1-based) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// Deserializes a TOML local date (`as_of = 2020-06-01`) or a
/// `"YYYY-MM-DD"` string (`#[serde(deserialize_with = "…")]`).
pub fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Toml(dt) => match (dt.date, dt.time) {
            (Some(date), None) => date.to_string(),
            _ => {
                return Err(serde::de::Error::custom(
                    "expected a date like 2020-06-01 (no time)",
                ))
            }
        },
        Raw::Text(s) => s,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| {
        serde::de::Error::custom(format!("{text:?} is not a date like 2020-06-01: {e}"))
    })
}

/// [`de_date`] for an optional field (`#[serde(default, deserialize_with = "…")]`).
pub fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[serde(deserialize_with = "de_date")]
        day: NaiveDate,
        #[serde(default)]
        table: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        port: u16,
    }

    #[test]
    fn errors_point_at_line_column_and_field() {
        let p = Path::new("x.toml");
        let ok: Doc = parse("day = 2020-06-01\n", p).unwrap();
        assert_eq!(ok.day.to_string(), "2020-06-01");
        assert!(ok.table.is_none());
        let ok: Doc = parse("day = \"2020-06-01\"\n[table]\nport = 993\n", p).unwrap();
        assert_eq!(ok.table.map(|t| t.port), Some(993));
        let e = parse::<Doc>("day = \"2020-06-01\"\n[table]\nport = 99999\n", p)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.toml:3:8: table.port: "), "{e}");
        let e = parse::<Doc>("day = 2020-06-01\ncolour = 1\n", p)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.toml:2:1: ") && e.contains("colour"), "{e}");
        let e = parse::<Doc>("day = 2020-06-01T10:00:00\n", p)
            .unwrap_err()
            .to_string();
        assert!(e.contains("day") && e.contains("no time"), "{e}");
        let e = error_at("a = 1\n[table]\n", p, "table", "bad".into()).to_string();
        assert_eq!(e, "x.toml:2:1: table: bad");
    }
}
