//! Where a state-changing request comes from: the `Origin` header, or
//! without one the `Referer`.
//!
//! A page on another site can make the browser POST a form to the
//! console (no CORS preflight for a form), and the browser then says
//! which page it was in `Origin` (every current browser sends it on a
//! POST). Clients that are not browsers (curl, a test suite's HTTP
//! client) send neither header and are not cross-site by definition.

use super::host::Authority;

/// The origin of an `Origin` or `Referer` value: its authority and the
/// port its scheme implies. `None` for `null` (a sandboxed frame, a
/// `file:` page), another scheme, or anything that is not a URL.
pub(crate) fn authority(value: &str) -> Option<(Authority, u16)> {
    let (scheme, rest) = value.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some((Authority::parse(&rest[..end])?, default_port))
}

/// The part of a value worth quoting in a refusal: the origin of a URL
/// (a `Referer`'s path and query may hold anything), else a short prefix.
pub(crate) fn quoted(value: &str) -> String {
    if let Some((scheme, rest)) = value.split_once("://") {
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        return format!("{scheme}://{}", &rest[..end]);
    }
    value.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_referers_give_their_authority() {
        let (a, p) = authority("http://127.0.0.1:8025").unwrap();
        assert_eq!((a.to_string(), p), ("127.0.0.1:8025".into(), 80));
        let (a, p) = authority("HTTPS://Mock.Example/console?x=1#y").unwrap();
        assert_eq!((a.to_string(), p), ("mock.example".into(), 443));
        for bad in [
            "null",
            "",
            "file:///etc",
            "ftp://h",
            "http://u:p@h/",
            "127.0.0.1:8025",
        ] {
            assert!(authority(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn quoting_drops_the_path() {
        assert_eq!(
            quoted("http://evil.example/page?token=abc"),
            "http://evil.example"
        );
        assert_eq!(quoted("null"), "null");
    }
}
