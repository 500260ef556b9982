//! What an admin or a user can do, validated once and shared by the JSON
//! API and the console's forms, so both enforce the same rules (for
//! example: no app password without 2-Step Verification, as at Google).
//!
//! [`sending_checks`] holds the checks of DESIGN.md "Sending" (domains, the SMTP
//! relay's allowlist, "Send mail as" addresses, daily limits).

use std::time::Duration;

use mock_gmail::model::AppPassword;
use mock_gmail::{Account, MockHandle};

use crate::error::Error;
use crate::schema::{AccountPatch, NewAccount, PolicyPatch};

pub mod sending_checks;

/// Longest clock jump accepted: ten years is past every date rule.
pub const MAX_ADVANCE_SECS: u64 = 10 * 365 * 86_400;

/// Adds an account; refuses a malformed address or an existing one.
pub fn create_account(mock: &MockHandle, new: NewAccount) -> Result<Account, Error> {
    let email = new.email.trim().to_owned();
    check_email(&email)?;
    check_password(&new.password)?;
    let send_as = sending_checks::send_as(&email, new.send_as)?;
    let daily_sending_limit = sending_checks::daily_limit(new.daily_sending_limit)?;
    let sent_last_24h = sending_checks::sent_last_24h(new.sent_last_24h)?;
    if mock.account(&email).is_some() {
        return Err(Error::AccountExists(email));
    }
    let mut a = Account::new(email, new.password);
    a.kind = new.kind;
    a.two_step_verification = new.two_step_verification;
    a.imap_enabled = new.imap_enabled;
    a.less_secure_toggle = new.less_secure_toggle;
    a.suspended = new.suspended;
    a.throttled = new.throttled;
    if let Some(n) = new.max_connections {
        a.max_connections = n;
    }
    a.other_clients_connected = new.other_clients_connected;
    a.send_as = send_as;
    a.daily_sending_limit = daily_sending_limit;
    a.sent_last_24h = sent_last_24h;
    mock.add_account(a.clone());
    Ok(a)
}

/// Changes an account's settings (takes effect at once, as the user's own
/// settings do).
pub fn update_account(
    mock: &MockHandle,
    email: &str,
    patch: AccountPatch,
) -> Result<Account, Error> {
    if let Some(p) = &patch.password {
        check_password(p)?;
    }
    let own = account(mock, email)?.email;
    let send_as = patch
        .send_as
        .map(|list| sending_checks::send_as(&own, list))
        .transpose()?;
    let daily_limit = patch
        .daily_sending_limit
        .map(sending_checks::daily_limit)
        .transpose()?;
    let sent = patch
        .sent_last_24h
        .map(sending_checks::sent_last_24h)
        .transpose()?;
    mock.update_account(email, |a| {
        if let Some(p) = patch.password {
            // Google revokes app passwords when the account password changes.
            a.password = p.into();
            a.app_passwords.clear();
        }
        if let Some(k) = patch.kind {
            a.kind = Some(k);
        }
        if let Some(on) = patch.two_step_verification {
            a.two_step_verification = on;
            if !on {
                // App passwords exist only with 2-Step Verification on.
                a.app_passwords.clear();
            }
        }
        if let Some(on) = patch.imap_enabled {
            a.imap_enabled = on;
        }
        if let Some(on) = patch.less_secure_toggle {
            a.less_secure_toggle = on;
        }
        if let Some(on) = patch.suspended {
            a.suspended = on;
        }
        if let Some(on) = patch.throttled {
            a.throttled = on;
        }
        if let Some(n) = patch.max_connections {
            a.max_connections = n;
        }
        if let Some(n) = patch.other_clients_connected {
            a.other_clients_connected = n;
        }
        if let Some(list) = send_as {
            a.send_as = list;
        }
        if let Some(limit) = daily_limit {
            a.daily_sending_limit = limit;
        }
        if let Some(n) = sent {
            // mock-gmail re-seeds its rolling window from this count.
            a.sent_last_24h = n;
        }
    })
    .map_err(|_| Error::NoSuchAccount(email.to_owned()))?;
    account(mock, email)
}

/// An account or `NoSuchAccount`.
pub fn account(mock: &MockHandle, email: &str) -> Result<Account, Error> {
    mock.account(email)
        .ok_or_else(|| Error::NoSuchAccount(email.to_owned()))
}

/// Deletes every message in an account's mailbox (all folders) and says
/// how many went; the account's name as stored.
pub fn clear_mailbox(mock: &MockHandle, email: &str) -> Result<(String, usize), Error> {
    let stored = account(mock, email)?.email;
    let deleted = mock
        .clear_mailbox(email)
        .map_err(|_| Error::NoSuchAccount(email.to_owned()))?;
    Ok((stored, deleted))
}

/// Generates an app password (myaccount.google.com → Security → App
/// passwords → Other (custom name) → Generate) and returns it in Google's
/// display form, `abcd efgh ijkl mnop`. Google shows it once; so does the
/// API (account views list names only).
pub fn generate_app_password(
    mock: &MockHandle,
    email: &str,
    name: &str,
) -> Result<(String, String), Error> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::field(
            "name",
            "give the app password a name, e.g. \"Livespace CRM\"",
        ));
    }
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Error::field(
            "name",
            "at most 100 characters, no control characters",
        ));
    }
    let a = account(mock, email)?;
    if !a.two_step_verification {
        return Err(Error::TwoStepVerificationOff(a.email));
    }
    let app = AppPassword::generate(name, &mut fastrand::Rng::new());
    let secret = app.secret.expose().to_owned();
    mock.update_account(email, |a| a.app_passwords.push(app))
        .map_err(|_| Error::NoSuchAccount(email.to_owned()))?;
    Ok((name.to_owned(), secret))
}

/// Revokes every app password called `name`.
pub fn revoke_app_password(mock: &MockHandle, email: &str, name: &str) -> Result<(), Error> {
    let a = account(mock, email)?;
    if !a.app_passwords.iter().any(|p| p.name == name) {
        return Err(Error::NoSuchAppPassword {
            email: a.email,
            name: name.to_owned(),
        });
    }
    mock.update_account(email, |a| a.app_passwords.retain(|p| p.name != name))
        .map_err(|_| Error::NoSuchAccount(email.to_owned()))
}

/// The admin saves settings. Console settings propagate as configured
/// (`MockHandle::set_policy`); `propagation` and `as_of` describe the world
/// and apply at once. Every value is checked before anything changes, so a
/// refused patch leaves the policy as it was.
pub fn update_policy(mock: &MockHandle, patch: PolicyPatch) -> Result<(), Error> {
    let domains = patch.domains.map(sending_checks::domains).transpose()?;
    let relay = patch
        .smtp_relay
        .map(sending_checks::relay_patch)
        .transpose()?;
    // Checked like the Admin console of the date: in the 2024 window a
    // domain that never used "Less secure apps" cannot turn it on.
    let saved = mock.try_update_policy(|p| {
        if let Some(v) = patch.imap_pop_disabled_for_all {
            p.imap_pop_disabled_for_all = v;
        }
        if let Some(v) = patch.less_secure_apps {
            p.less_secure_apps = v;
        }
        if let Some(v) = patch.external_smtp_allowed {
            p.external_smtp_allowed = v;
        }
        if let Some(v) = domains {
            p.domains = v;
        }
        if let Some(r) = relay {
            sending_checks::apply_relay(&mut p.smtp_relay, r);
        }
        if let Some(v) = patch.propagation {
            p.propagation = v.into();
        }
        if let Some(v) = patch.as_of {
            p.as_of = v;
        }
    });
    saved.map_err(|e| match e {
        mock_gmail::Error::InvalidPolicy { field, reason } => Error::field(field, reason),
        other => Error::field("policy", other.to_string()),
    })
}

/// Moves the mock's clock forward by `seconds` (1 to ten years).
pub fn advance_clock(mock: &MockHandle, seconds: u64) -> Result<(), Error> {
    if seconds == 0 || seconds > MAX_ADVANCE_SECS {
        return Err(Error::field(
            "seconds",
            format!("between 1 and {MAX_ADVANCE_SECS} (ten years)"),
        ));
    }
    mock.advance(Duration::from_secs(seconds));
    Ok(())
}

fn check_email(email: &str) -> Result<(), Error> {
    check_address("email", email)
}

/// Refuses `address` (in `field`) unless it looks like local@domain.tld.
fn check_address(field: &str, email: &str) -> Result<(), Error> {
    let bad = |why: &str| Err(Error::field(field, format!("{why}: {email:?}")));
    let Some((local, domain)) = email.rsplit_once('@') else {
        return bad("not an address: no @");
    };
    if local.is_empty() || domain.is_empty() || !domain.contains('.') {
        return bad("not an address: expected local@domain.tld");
    }
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("not an address: whitespace, control characters or too long");
    }
    Ok(())
}

fn check_password(p: &str) -> Result<(), Error> {
    if p.is_empty() {
        return Err(Error::field("password", "must not be empty"));
    }
    if p.len() > 200 || p.chars().any(char::is_control) {
        return Err(Error::field(
            "password",
            "at most 200 bytes, no control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(check_email("a@b.example").is_ok());
        for bad in ["", "a", "@b.c", "a@", "a b@c.d", "a@nodot"] {
            let e = check_email(bad).unwrap_err();
            assert_eq!(e.field_name(), Some("email"), "{bad}");
        }
    }
}
