//! The checks for DESIGN.md "Sending" values (domains, the relay's IP
//! allowlist, "Send mail as" addresses, the daily limit), shared by the
//! JSON API and the console's forms.
//!
//! Each refusal names the field as a JSON path (`domains[1]`,
//! `smtp_relay.allowed_ips[0]`, `send_as[2].address`) and quotes the bad
//! value, so a test suite in any language sees which entry to fix.

use mock_gmail::model::relay::parse_range;
use mock_gmail::model::sending::same_address;
use mock_gmail::{SendAs, SmtpRelay};

use super::check_address;
use crate::error::Error;
use crate::schema::sending::{SendAsJson, SmtpRelayPatch};

/// Highest `sent_last_24h` accepted: the mock remembers each counted
/// message until it expires, so the count is bounded (50 times Google's
/// highest per-user limit is plenty to reproduce "limit reached").
pub const MAX_SENT_LAST_24H: u32 = 100_000;

/// Highest `daily_sending_limit` accepted (Google's own limits are in the
/// thousands; a larger one is a typo).
pub const MAX_DAILY_LIMIT: u32 = 1_000_000;

/// Checks and normalises the organisation's domains: trimmed,
/// lower-cased (DNS names are case-insensitive, and the servers compare
/// lower-case), repeats dropped.
pub fn domains(list: Vec<String>) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for (i, d) in list.into_iter().enumerate() {
        let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
        if let Err(why) = check_domain(&d) {
            return Err(Error::field(
                format!("domains[{i}]"),
                format!("{d:?} is not a domain name: {why}"),
            ));
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    Ok(out)
}

/// Why `d` (already lower-cased) is not a domain name like `firma.pl`.
fn check_domain(d: &str) -> Result<(), &'static str> {
    if d.is_empty() {
        return Err("empty");
    }
    if d.len() > 253 {
        return Err("longer than 253 characters");
    }
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 {
        return Err("expected at least two labels, like firma.pl");
    }
    for l in &labels {
        if l.is_empty() || l.len() > 63 {
            return Err("each label is 1 to 63 characters");
        }
        if !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err("only letters, digits and hyphens (IDN domains in their xn-- form)");
        }
        if l.starts_with('-') || l.ends_with('-') {
            return Err("a label cannot start or end with a hyphen");
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("the last label is not a top-level domain (an IP address?)");
    }
    Ok(())
}

/// Checks a relay patch: every allowlist entry must parse (an entry the
/// relay could not parse would silently match nothing); entries trimmed.
pub fn relay_patch(mut p: SmtpRelayPatch) -> Result<SmtpRelayPatch, Error> {
    p.allowed_ips = p.allowed_ips.map(allowed_ips).transpose()?;
    Ok(p)
}

/// Applies a checked relay patch: the fields it has, nothing else.
pub fn apply_relay(r: &mut SmtpRelay, p: SmtpRelayPatch) {
    if let Some(list) = p.allowed_ips {
        r.allowed_ips = list;
    }
    if let Some(v) = p.enabled {
        r.enabled = v;
    }
    if let Some(v) = p.allowed_senders {
        r.allowed_senders = v;
    }
    if let Some(v) = p.only_allowlisted_ips {
        r.only_allowlisted_ips = v;
    }
    if let Some(v) = p.require_auth {
        r.require_auth = v;
    }
    if let Some(v) = p.require_tls {
        r.require_tls = v;
    }
}

/// Checks each entry is an IP address or a CIDR range; keeps them trimmed.
pub fn allowed_ips(list: Vec<String>) -> Result<Vec<String>, Error> {
    list.into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let entry = entry.trim().to_owned();
            match parse_range(&entry) {
                Some(_) => Ok(entry),
                None => Err(Error::field(
                    format!("smtp_relay.allowed_ips[{i}]"),
                    format!(
                        "{entry:?} is not an IP address or range: expected e.g. 203.0.113.7, \
                         203.0.113.0/24 or 2001:db8::/32"
                    ),
                )),
            }
        })
        .collect()
}

/// Checks an account's "Send mail as" list: each a well-formed address,
/// not the account's own (it always sends), no address twice.
pub fn send_as(own: &str, list: Vec<SendAsJson>) -> Result<Vec<SendAs>, Error> {
    let mut out: Vec<SendAs> = Vec::with_capacity(list.len());
    for (i, s) in list.into_iter().enumerate() {
        let field = format!("send_as[{i}].address");
        let address = s.address.trim().to_owned();
        check_address(&field, &address)?;
        if same_address(&address, own) {
            return Err(Error::field(
                field,
                format!("{address:?} is the account's own address, which always sends"),
            ));
        }
        if out.iter().any(|o| same_address(&o.address, &address)) {
            return Err(Error::field(field, format!("{address:?} is listed twice")));
        }
        out.push(SendAs {
            address,
            via: s.via,
        });
    }
    Ok(out)
}

/// Checks an account's own daily sending limit.
pub fn daily_limit(n: Option<u32>) -> Result<Option<u32>, Error> {
    match n {
        Some(n) if n == 0 || n > MAX_DAILY_LIMIT => Err(Error::field(
            "daily_sending_limit",
            format!(
                "{n} is out of range: 1 to {MAX_DAILY_LIMIT}, or null for Google's default \
                 (2000 Workspace, 500 personal); to reproduce \"limit reached\" set \
                 sent_last_24h to the limit"
            ),
        )),
        other => Ok(other),
    }
}

/// Checks the count of messages sent in the last 24 hours.
pub fn sent_last_24h(n: u32) -> Result<u32, Error> {
    if n > MAX_SENT_LAST_24H {
        return Err(Error::field(
            "sent_last_24h",
            format!("{n} is out of range: 0 to {MAX_SENT_LAST_24H}"),
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names() {
        let ok = domains(vec![" Firma-Handel.PL ".into(), "firma-handel.pl".into()]).unwrap();
        assert_eq!(ok, ["firma-handel.pl"]);
        assert_eq!(domains(vec!["a.example.".into()]).unwrap(), ["a.example"]);
        for (i, bad) in ["nodot", "a..b", "-a.pl", "a b.pl", "1.2.3.4", "a@b.pl", ""]
            .iter()
            .enumerate()
        {
            let list = vec!["ok.pl".to_owned(), (*bad).to_owned()];
            let e = domains(list).unwrap_err();
            assert_eq!(e.field_name(), Some("domains[1]"), "{bad} ({i})");
        }
    }

    #[test]
    fn ip_entries() {
        let ok = allowed_ips(vec![" 127.0.0.1".into(), "10.0.0.0/8".into(), "::1".into()]);
        assert_eq!(ok.unwrap(), ["127.0.0.1", "10.0.0.0/8", "::1"]);
        let e = allowed_ips(vec!["127.0.0.1".into(), "300.1.1.1".into()]).unwrap_err();
        assert_eq!(e.field_name(), Some("smtp_relay.allowed_ips[1]"));
        assert!(e.to_string().contains("\"300.1.1.1\""), "{e}");
        assert!(allowed_ips(vec!["10.0.0.0/33".into()]).is_err());
    }

    #[test]
    fn aliases() {
        let j = |a: &str| SendAsJson {
            address: a.into(),
            via: mock_gmail::SendVia::Gmail,
        };
        assert!(send_as("a@firma.pl", vec![j("b@inna.pl")]).is_ok());
        for list in [
            vec![j("A@Firma.pl")],
            vec![j("b@inna.pl"), j("B@INNA.pl")],
            vec![j("b@inna.pl"), j("nope")],
        ] {
            let e = send_as("a@firma.pl", list.clone()).unwrap_err();
            let want = format!("send_as[{}].address", list.len() - 1);
            assert_eq!(e.field_name(), Some(want.as_str()), "{e}");
        }
        assert!(daily_limit(Some(0)).is_err());
        assert_eq!(daily_limit(None).unwrap(), None);
        assert!(sent_last_24h(MAX_SENT_LAST_24H + 1).is_err());
    }
}
