//! Secrets (passwords, app passwords, OAuth tokens, SASL payloads).
//!
//! A [`Secret`] has no `Display` and a `Debug` that prints `[REDACTED]` in
//! every build profile (imap-types only redacts in release builds, but our
//! transcripts and snapshots come from debug test builds). The only way to the
//! value is [`Secret::expose`], which makes each use greppable.

use std::fmt;

/// A value that must never reach logs, transcripts, reports or snapshots.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// Gives access to the secret value; callers must not log it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Consumes the wrapper.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(feature = "serde")]
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Secret<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Secret)
    }
}

/// The placeholder written wherever a secret was removed.
pub const REDACTED: &str = "[REDACTED]";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2".to_string());
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([REDACTED])");
        assert_eq!(s.expose(), "hunter2");
    }
}
