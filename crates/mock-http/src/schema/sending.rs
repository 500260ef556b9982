//! The JSON shapes of DESIGN.md "Sending": the organisation's domains,
//! the SMTP relay service's settings, an account's "Send mail as"
//! addresses and its daily sending limit.
//!
//! Kept apart from the sign-in shapes in the parent module because they
//! follow a different page of Google's consoles (Gmail › Routing and the
//! user's Gmail settings › Accounts) and change for different reasons.

use mock_gmail::{RelaySenders, SendAs, SendVia, SmtpRelay};
use serde::{Deserialize, Deserializer, Serialize};

/// The relay settings are shown as the model holds them
/// (`mock_gmail::SmtpRelay` serialises with the TOML's field names and
/// kebab-case values), so the API, the scenario files and the config file
/// share one shape.
pub type SmtpRelayView = SmtpRelay;

/// `SmtpRelayPatch`: the relay fields of `PATCH /api/policy`; absent
/// fields stay, `allowed_ips` replaces the list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpRelayPatch {
    /// Add (true) or remove (false) the relay setting.
    pub enabled: Option<bool>,
    /// "Allowed senders".
    pub allowed_senders: Option<RelaySenders>,
    /// "Only accept mail from the specified IP addresses".
    pub only_allowlisted_ips: Option<bool>,
    /// Addresses or CIDR ranges (each one checked).
    pub allowed_ips: Option<Vec<String>>,
    /// "Require SMTP Authentication".
    pub require_auth: Option<bool>,
    /// "Require TLS encryption".
    pub require_tls: Option<bool>,
}

/// `SendAs`: one verified "Send mail as" address of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendAsJson {
    /// The address the CRM sends as.
    pub address: String,
    /// `gmail` ("Send through Gmail", the default) or `own-server`
    /// (through that domain's SMTP server: a per-user outbound gateway).
    #[serde(default)]
    pub via: SendVia,
}

impl From<&SendAs> for SendAsJson {
    fn from(s: &SendAs) -> Self {
        SendAsJson {
            address: s.address.clone(),
            via: s.via,
        }
    }
}

impl From<SendAsJson> for SendAs {
    fn from(s: SendAsJson) -> Self {
        SendAs {
            address: s.address,
            via: s.via,
        }
    }
}

/// Reads a field that may be absent (outer `None`: leave it), `null`
/// (`Some(None)`: back to the default) or a value, as `PATCH` needs for
/// `daily_sending_limit`. Use with `#[serde(default)]`.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
