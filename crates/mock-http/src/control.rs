//! What an admin or a user can do, validated once and shared by the JSON
//! API and the console's forms, so both enforce the same rules (for
//! example: no app password without 2-Step Verification, as at Google).

use std::time::Duration;

use mock_gmail::model::AppPassword;
use mock_gmail::{Account, MockHandle};

use crate::error::Error;
use crate::schema::{AccountPatch, NewAccount, PolicyPatch};

/// Longest clock jump accepted: ten years is past every date rule.
pub const MAX_ADVANCE_SECS: u64 = 10 * 365 * 86_400;

/// Adds an account; refuses a malformed address or an existing one.
pub fn create_account(mock: &MockHandle, new: NewAccount) -> Result<Account, Error> {
    let email = new.email.trim().to_owned();
    check_email(&email)?;
    check_password(&new.password)?;
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
/// and apply at once.
pub fn update_policy(mock: &MockHandle, patch: PolicyPatch) {
    mock.update_policy(|p| {
        if let Some(v) = patch.imap_pop_disabled_for_all {
            p.imap_pop_disabled_for_all = v;
        }
        if let Some(v) = patch.less_secure_apps {
            p.less_secure_apps = v;
        }
        if let Some(v) = patch.external_smtp_allowed {
            p.external_smtp_allowed = v;
        }
        if let Some(v) = patch.propagation {
            p.propagation = v.into();
        }
        if let Some(v) = patch.as_of {
            p.as_of = v;
        }
    });
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
    let bad = |why: &str| Err(Error::field("email", why));
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
