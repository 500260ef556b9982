//! Request extractors that fail with the API's own error shape.
//!
//! axum's `Json` answers 415/400/422 with a plain-text body and no field
//! name. [`ApiJson`] keeps axum's status codes but answers
//! `{"error": …, "field": …}`, with the field found by
//! `serde_path_to_error` (`propagation.count`, `[0].kind`), so a client in
//! any language sees which value was wrong.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// A JSON body, deserialized with field paths in errors.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&req) {
            return Err(Error::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| Error::Body(e.body_text()))?;
        parse(&bytes).map(ApiJson)
    }
}

/// Path parameters; a segment that is not valid percent-encoded UTF-8 is
/// a 400 in the API's shape instead of axum's plain text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|e| Error::field("path", e.body_text()))
    }
}

/// `application/json` or any `+json` type, with or without parameters.
fn is_json(req: &Request) -> bool {
    let Some(ct) = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim();
    let Some((ty, sub)) = essence.split_once('/') else {
        return false;
    };
    ty.eq_ignore_ascii_case("application")
        && (sub.eq_ignore_ascii_case("json") || sub.to_ascii_lowercase().ends_with("+json"))
}

/// Deserializes `bytes`, naming the offending field on failure: syntax
/// errors are 400, schema errors (unknown field, wrong type) 422.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        classify(inner, &path)
    })?;
    de.end().map_err(|e| classify(e, "."))?;
    Ok(value)
}

fn classify(e: serde_json::Error, path: &str) -> Error {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::Syntax(e.to_string()),
        Category::Data => {
            let reason = strip_position(&e.to_string());
            let field = match unknown_field(&reason) {
                // Some formats report an unknown key at its parent's path.
                Some(name) if path == "." => Some(name.to_owned()),
                Some(name) if !path.ends_with(name) => Some(format!("{path}.{name}")),
                _ if path == "." => None,
                _ => Some(path.to_owned()),
            };
            Error::Schema { field, reason }
        }
    }
}

/// The name in serde's "unknown field `x`, expected …" or "missing field
/// `x`".
fn unknown_field(reason: &str) -> Option<&str> {
    let rest = reason
        .strip_prefix("unknown field `")
        .or_else(|| reason.strip_prefix("missing field `"))?;
    rest.split_once('`').map(|(name, _)| name)
}

/// serde_json appends " at line L column C"; the field path says more.
fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// Parses a numeric path segment, naming it on failure (400).
pub(crate) fn parse_id(field: &str, raw: &str) -> Result<u64, Error> {
    raw.parse()
        .map_err(|_| Error::field(field, format!("{raw:?} is not a positive whole number")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        count: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        flag: Option<bool>,
        inner: Option<Inner>,
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse::<Outer>(br#"{"flag": "yes"}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("flag"), "{e}");
        assert_eq!(e.status(), 422);
        let e = parse::<Outer>(br#"{"colour": 1}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("colour"), "{e}");
        let e = parse::<Outer>(br#"{"inner": {"count": 1, "x": 2}}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("inner.x"), "{e}");
        let e = parse::<Outer>(br#"{"inner": {"count": -1}}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("inner.count"), "{e}");
        let e = parse::<Outer>(br#"{"inner": {}}"#).unwrap_err();
        assert_eq!(e.field_name(), Some("inner.count"), "{e}");
        let e = parse::<Outer>(br#"{"flag": tru"#).unwrap_err();
        assert_eq!(e.status(), 400, "{e}");
        let e = parse::<Outer>(br#"{} {}"#).unwrap_err();
        assert_eq!(e.status(), 400, "{e}");
        assert!(parse::<Outer>(br#" {"flag": true} "#).is_ok());
    }
}
