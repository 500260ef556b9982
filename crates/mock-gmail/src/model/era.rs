//! What existed at Google on a given date (DESIGN.md "Time").
//!
//! The article describes the G Suite era; Google has since removed
//! password sign-in for third-party apps. The model carries a date
//! (`as_of`) and derives from it which settings still have an effect.
//! Dates are from Google's public announcements.

use chrono::NaiveDate;

use super::account::AccountKind;

/// 2020-10: G Suite renamed Google Workspace (menu paths change).
pub const WORKSPACE_RENAME: NaiveDate = date(2020, 10, 6);
/// 2022-05-30: "Less secure app access" ends for personal accounts.
pub const CONSUMER_LESS_SECURE_END: NaiveDate = date(2022, 5, 30);
/// 2024-06-15: the Admin console stops offering "Less secure apps" for new
/// use, and users can no longer switch IMAP off in Gmail settings.
pub const WORKSPACE_SETTINGS_REMOVED: NaiveDate = date(2024, 6, 15);
/// 2024-09-30: password (basic) sign-in for IMAP/SMTP/POP ends for all
/// Workspace accounts; app passwords and OAuth keep working.
pub const WORKSPACE_LESS_SECURE_END: NaiveDate = date(2024, 9, 30);

/// The article's era, used by every built-in preset: each failure mode the
/// article describes exists, and `healthy` accepts the account password.
pub const ARTICLE_ERA: NaiveDate = date(2020, 6, 1);

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid constant date"),
    }
}

/// Whether password sign-in through "less secure apps" can still be allowed
/// for an account of this kind on `as_of` (whatever the settings say).
pub fn less_secure_possible(kind: AccountKind, as_of: NaiveDate) -> bool {
    match kind {
        AccountKind::Consumer => as_of < CONSUMER_LESS_SECURE_END,
        AccountKind::Workspace => as_of < WORKSPACE_LESS_SECURE_END,
    }
}

/// Whether the user's own "Enable IMAP" switch in Gmail settings still
/// exists on `as_of` (after it was removed, IMAP is always on for users;
/// only the Workspace admin can turn it off).
pub fn user_imap_switch_exists(as_of: NaiveDate) -> bool {
    as_of < WORKSPACE_SETTINGS_REMOVED
}

/// The Admin console product name in menu paths on `as_of`.
pub fn admin_product_name(as_of: NaiveDate) -> &'static str {
    if as_of < WORKSPACE_RENAME {
        "G Suite"
    } else {
        "Google Workspace"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(less_secure_possible(AccountKind::Consumer, d(2022, 5, 29)));
        assert!(!less_secure_possible(AccountKind::Consumer, d(2022, 5, 30)));
        assert!(less_secure_possible(AccountKind::Workspace, d(2024, 9, 29)));
        assert!(!less_secure_possible(AccountKind::Workspace, d(2024, 9, 30)));
        assert!(user_imap_switch_exists(ARTICLE_ERA));
        assert!(!user_imap_switch_exists(d(2026, 1, 1)));
        assert_eq!(admin_product_name(ARTICLE_ERA), "G Suite");
    }
}
