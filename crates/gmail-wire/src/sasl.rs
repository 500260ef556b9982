//! SASL payloads shared by IMAP AUTHENTICATE and SMTP AUTH: PLAIN
//! (RFC 4616), LOGIN (draft-murchison-sasl-login), Google's XOAUTH2.
//!
//! Decoders return [`Secret`]s so a decoded password cannot be logged by
//! accident; encoders are for clients (the doctor and tests).

use base64::{engine::general_purpose::STANDARD, Engine as _};

use crate::secret::Secret;

/// Why a SASL payload was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SaslError {
    /// Not valid base64.
    #[error("invalid base64 in SASL payload")]
    Base64,
    /// Decoded, but not the mechanism's shape.
    #[error("malformed {0} payload")]
    Malformed(&'static str),
}

/// Decodes base64 (`=` alone means an empty response, RFC 4959).
pub fn decode_base64(s: &str) -> Result<Vec<u8>, SaslError> {
    if s == "=" {
        return Ok(Vec::new());
    }
    STANDARD.decode(s.trim()).map_err(|_| SaslError::Base64)
}

/// Encodes bytes as base64 (`=` for empty, as SASL-IR requires).
pub fn encode_base64(b: &[u8]) -> String {
    if b.is_empty() {
        "=".to_owned()
    } else {
        STANDARD.encode(b)
    }
}

/// PLAIN credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainCredentials {
    /// Authorization identity (usually empty).
    pub authzid: String,
    /// Authentication identity (the address).
    pub username: String,
    /// The password.
    pub password: Secret<String>,
}

/// Decodes a PLAIN response: `[authzid] NUL authcid NUL passwd`.
pub fn decode_plain(b64: &str) -> Result<PlainCredentials, SaslError> {
    let raw = decode_base64(b64)?;
    let mut parts = raw.split(|&b| b == 0);
    let (Some(z), Some(u), Some(p), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SaslError::Malformed("PLAIN"));
    };
    let s = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| SaslError::Malformed("PLAIN"));
    Ok(PlainCredentials {
        authzid: s(z)?,
        username: s(u)?,
        password: Secret::new(s(p)?),
    })
}

/// Encodes a PLAIN response with an empty authzid.
pub fn encode_plain(username: &str, password: &str) -> Secret<String> {
    Secret::new(STANDARD.encode(format!("\0{username}\0{password}")))
}

/// An XOAUTH2 initial response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XOAuth2 {
    /// The `user=` value.
    pub username: String,
    /// The bearer token.
    pub token: Secret<String>,
}

/// Decodes `user=…^Aauth=Bearer …^A^A`.
pub fn decode_xoauth2(b64: &str) -> Result<XOAuth2, SaslError> {
    let raw = decode_base64(b64)?;
    let text = String::from_utf8(raw).map_err(|_| SaslError::Malformed("XOAUTH2"))?;
    let mut user = None;
    let mut token = None;
    for field in text.split('\x01').filter(|f| !f.is_empty()) {
        if let Some(u) = field.strip_prefix("user=") {
            user = Some(u.to_owned());
        } else if let Some(a) = field.strip_prefix("auth=") {
            let t = a
                .strip_prefix("Bearer ")
                .or_else(|| a.strip_prefix("bearer "))
                .ok_or(SaslError::Malformed("XOAUTH2"))?;
            token = Some(t.to_owned());
        }
    }
    match (user, token) {
        (Some(username), Some(t)) => Ok(XOAuth2 {
            username,
            token: Secret::new(t),
        }),
        _ => Err(SaslError::Malformed("XOAUTH2")),
    }
}

/// Decodes an OAUTHBEARER response (RFC 7628 §3.1):
/// `gs2-header ^A *(key=value ^A) ^A`, where the GS2 header is
/// `n,a=<user>,` and the token is in `auth=Bearer <token>`.
pub fn decode_oauthbearer(b64: &str) -> Result<XOAuth2, SaslError> {
    let malformed = || SaslError::Malformed("OAUTHBEARER");
    let raw = decode_base64(b64)?;
    let text = String::from_utf8(raw).map_err(|_| malformed())?;
    let (gs2, rest) = text.split_once('\x01').ok_or_else(malformed)?;
    let username = gs2
        .split(',')
        .find_map(|p| p.strip_prefix("a="))
        .ok_or_else(malformed)?
        // RFC 5801 saslname: "=2C" is ',' and "=3D" is '='.
        .replace("=2C", ",")
        .replace("=3D", "=");
    let token = rest
        .split('\x01')
        .find_map(|f| {
            f.strip_prefix("auth=Bearer ")
                .or_else(|| f.strip_prefix("auth=bearer "))
        })
        .ok_or_else(malformed)?;
    Ok(XOAuth2 {
        username,
        token: Secret::new(token.to_owned()),
    })
}

/// Decodes the response of either OAuth mechanism Gmail offers: XOAUTH2
/// or OAUTHBEARER. Clients name one and may send the other's shape (curl
/// picks OAUTHBEARER whenever it is offered), so servers accept both under
/// either name, as Gmail does.
pub fn decode_oauth(b64: &str) -> Result<XOAuth2, SaslError> {
    decode_xoauth2(b64).or_else(|_| decode_oauthbearer(b64))
}

/// Encodes an OAUTHBEARER initial response (base64), as curl sends it.
pub fn encode_oauthbearer(username: &str, host: &str, port: u16, token: &str) -> Secret<String> {
    Secret::new(STANDARD.encode(format!(
        "n,a={username},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01"
    )))
}

/// Encodes an XOAUTH2 initial response (base64).
pub fn encode_xoauth2(username: &str, token: &str) -> Secret<String> {
    Secret::new(STANDARD.encode(format!("user={username}\x01auth=Bearer {token}\x01\x01")))
}

/// The raw (not base64) XOAUTH2 payload, for clients such as the `imap`
/// crate whose authenticators are handed decoded bytes.
pub fn xoauth2_payload(username: &str, token: &str) -> Secret<String> {
    Secret::new(format!("user={username}\x01auth=Bearer {token}\x01\x01"))
}

/// The LOGIN mechanism's challenges: `Username:` and `Password:`.
pub const LOGIN_USERNAME_CHALLENGE: &str = "VXNlcm5hbWU6";
/// See [`LOGIN_USERNAME_CHALLENGE`].
pub const LOGIN_PASSWORD_CHALLENGE: &str = "UGFzc3dvcmQ6";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_roundtrip() {
        let e = encode_plain("a@b.c", "pw");
        let d = decode_plain(e.expose()).unwrap();
        assert_eq!(d.username, "a@b.c");
        assert_eq!(d.password.expose(), "pw");
        assert!(decode_plain("!!").is_err());
        assert!(decode_plain(&STANDARD.encode("nonul")).is_err());
    }

    #[test]
    fn oauthbearer_roundtrip() {
        let e = encode_oauthbearer("a@b.c", "127.0.0.1", 465, "ya29.tok");
        let d = decode_oauthbearer(e.expose()).unwrap();
        assert_eq!(d.username, "a@b.c");
        assert_eq!(d.token.expose(), "ya29.tok");
        let d = decode_oauth(e.expose()).unwrap();
        assert_eq!(d.token.expose(), "ya29.tok");
        let x = decode_oauth(encode_xoauth2("a@b.c", "t").expose()).unwrap();
        assert_eq!(x.username, "a@b.c");
        assert!(decode_oauth(&STANDARD.encode("n,,\x01\x01")).is_err());
    }

    #[test]
    fn xoauth2_roundtrip() {
        let e = encode_xoauth2("a@b.c", "ya29.tok");
        let d = decode_xoauth2(e.expose()).unwrap();
        assert_eq!(d.username, "a@b.c");
        assert_eq!(d.token.expose(), "ya29.tok");
    }
}
