//! HTTP basic auth (RFC 7617): the one user name and password a server
//! bound beyond loopback requires, as Mailpit's `--ui-auth` does.
//!
//! The password is a [`Secret`]: `Debug` prints `[REDACTED]`, and no
//! error here quotes the text it was parsed from (it holds the password).

use std::path::Path;

use axum::http::HeaderValue;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use gmail_wire::Secret;
use subtle::ConstantTimeEq as _;

use crate::error::Error;

/// The realm browsers show in their sign-in prompt.
pub const REALM: &str = "gmail-harness";

/// A user name and a password.
#[derive(Debug, Clone)]
pub struct Credentials {
    user: String,
    password: Secret<String>,
}

impl Credentials {
    /// A user name (no `:`, which basic auth cannot carry in a name) and a
    /// non-empty password.
    pub fn new(user: impl Into<String>, password: Secret<String>) -> Result<Credentials, Error> {
        let user = user.into();
        let reason = if user.is_empty() {
            Some("the user name is empty")
        } else if user.contains(':') {
            Some("the user name contains `:` (basic auth cannot carry it)")
        } else if user.chars().any(char::is_control)
            || password.expose().chars().any(char::is_control)
        {
            Some("the user name or password contains a control character")
        } else if password.expose().is_empty() {
            Some("the password is empty")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(Error::InvalidCredentials(reason)),
            None => Ok(Credentials { user, password }),
        }
    }

    /// `USER:PASS`, split at the first `:` (the password may contain more).
    pub fn parse(user_pass: &Secret<String>) -> Result<Credentials, Error> {
        let (user, password) =
            user_pass
                .expose()
                .split_once(':')
                .ok_or(Error::InvalidCredentials(
                    "expected USER:PASS, found no `:`",
                ))?;
        Credentials::new(user, Secret::new(password.to_owned()))
    }

    /// A file holding one line `USER:PASS` (a final line break is
    /// allowed), so the password stays out of `ps` and shell history.
    pub fn load(path: &Path) -> Result<Credentials, Error> {
        let err = |reason: String| Error::CredentialsFile {
            path: path.to_owned(),
            reason,
        };
        let text = Secret::new(std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?);
        let line = text.expose().strip_suffix('\n').unwrap_or(text.expose());
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\n') {
            return Err(err(
                "expected one line USER:PASS, found several lines".into()
            ));
        }
        Credentials::parse(&Secret::new(line.to_owned())).map_err(|e| match e {
            Error::InvalidCredentials(reason) => err(reason.to_owned()),
            other => err(other.to_string()),
        })
    }

    /// The user name (never secret; logs may say who is expected).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Whether an `Authorization` header carries these credentials. Both
    /// halves are compared in constant time and both are always compared,
    /// so the time taken says nothing about which half or how much of it
    /// was right (only, as for any comparison, whether the lengths match).
    pub(crate) fn verify(&self, authorization: Option<&HeaderValue>) -> bool {
        let Some(given) = authorization.and_then(|v| basic_payload(v.as_bytes())) else {
            return false;
        };
        let given = Secret::new(given);
        let (user, password) = match given.expose().iter().position(|&b| b == b':') {
            Some(i) => (&given.expose()[..i], &given.expose()[i + 1..]),
            None => return false,
        };
        let ok =
            user.ct_eq(self.user.as_bytes()) & password.ct_eq(self.password.expose().as_bytes());
        ok.into()
    }
}

/// The decoded `user:password` bytes of `Basic <base64>` (scheme in any
/// case, RFC 9110 §11.1).
pub(crate) fn basic_payload(header: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(header).ok()?.trim();
    let (scheme, token) = text.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    STANDARD.decode(token.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(s: &str) -> Result<Credentials, Error> {
        Credentials::parse(&Secret::new(s.to_owned()))
    }

    fn header(user_pass: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(user_pass))).unwrap()
    }

    #[test]
    fn parse_splits_at_the_first_colon_and_never_quotes_the_input() {
        let c = creds("dev:pa:ss").unwrap();
        assert_eq!(c.user(), "dev");
        assert!(c.verify(Some(&header("dev:pa:ss"))));
        assert!(!format!("{c:?}").contains("pa:ss"), "{c:?}");
        for bad in ["devpass", ":pass", "dev:", "d\u{7}v:x"] {
            let e = creds(bad).unwrap_err().to_string();
            assert!(!e.contains(bad), "{e}");
        }
    }

    #[test]
    fn verify_takes_only_the_exact_pair() {
        let c = creds("dev:s3cret").unwrap();
        assert!(c.verify(Some(&HeaderValue::from_static("bAsIc ZGV2OnMzY3JldA=="))));
        for wrong in [
            "dev:s3cre",
            "dev:s3cretx",
            "Dev:s3cret",
            "dev",
            ":s3cret",
            "",
        ] {
            assert!(!c.verify(Some(&header(wrong))), "{wrong:?}");
        }
        assert!(!c.verify(None));
        assert!(!c.verify(Some(&HeaderValue::from_static("Bearer ZGV2OnMzY3JldA=="))));
        assert!(!c.verify(Some(&HeaderValue::from_static("Basic not-base64!"))));
    }

    #[test]
    fn load_reads_one_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let ok = dir.join("ok");
        std::fs::write(&ok, "dev:s3 cret\r\n").unwrap();
        assert!(Credentials::load(&ok)
            .unwrap()
            .verify(Some(&header("dev:s3 cret"))));
        let two = dir.join("two");
        std::fs::write(&two, "dev:a\nother:b\n").unwrap();
        let e = Credentials::load(&two).unwrap_err().to_string();
        assert!(e.contains("two") && e.contains("several lines"), "{e}");
        let e = Credentials::load(&dir.join("missing"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing"), "{e}");
    }
}
