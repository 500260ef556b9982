//! Facts about Google that both the mock and the doctor reason with: the
//! kind of account an address belongs to, Gmail's server settings, and the
//! dates on which Google removed password sign-in (DESIGN.md "Time").
//!
//! Kept here (I/O-free, shared) so the mock's model and the doctor's
//! classifier cannot drift apart.

use chrono::NaiveDate;

/// Personal (@gmail.com) or Google Workspace (company domain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum AccountKind {
    /// A personal account (`gmail.com`, `googlemail.com`).
    Consumer,
    /// A Google Workspace (formerly G Suite) account on a company domain.
    Workspace,
}

impl AccountKind {
    /// Personal for gmail.com and googlemail.com, Workspace otherwise.
    pub fn for_email(email: &str) -> Self {
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        if domain.eq_ignore_ascii_case("gmail.com") || domain.eq_ignore_ascii_case("googlemail.com")
        {
            AccountKind::Consumer
        } else {
            AccountKind::Workspace
        }
    }
}

/// Gmail's IMAP server.
pub const IMAP_HOST: &str = "imap.gmail.com";
/// Gmail's IMAP port (implicit TLS).
pub const IMAP_PORT: u16 = 993;
/// Gmail's SMTP server.
pub const SMTP_HOST: &str = "smtp.gmail.com";
/// Gmail's SMTP port with implicit TLS.
pub const SMTP_PORT_SSL: u16 = 465;
/// Gmail's SMTP submission port with STARTTLS.
pub const SMTP_PORT_STARTTLS: u16 = 587;

/// Dates of Google's changes.
pub mod era {
    use super::*;

    const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(d) => d,
            None => panic!("invalid constant date"),
        }
    }

    /// 2020-10: G Suite renamed Google Workspace (menu paths change).
    pub const WORKSPACE_RENAME: NaiveDate = date(2020, 10, 6);
    /// 2022-05-30: "Less secure app access" ends for personal accounts.
    pub const CONSUMER_LESS_SECURE_END: NaiveDate = date(2022, 5, 30);
    /// 2024-06-15: the Admin console stops offering "Less secure apps" for
    /// new use, and users can no longer switch IMAP off in Gmail settings.
    pub const WORKSPACE_SETTINGS_REMOVED: NaiveDate = date(2024, 6, 15);
    /// 2024-09-30: password sign-in for IMAP/SMTP/POP ends for all
    /// Workspace accounts; app passwords and OAuth keep working.
    pub const WORKSPACE_LESS_SECURE_END: NaiveDate = date(2024, 9, 30);
    /// When the App passwords page lost its "Select app" / "Select device"
    /// menus ("Other (custom name)") and started asking only for an app
    /// name and "Create", reachable directly at
    /// myaccount.google.com/apppasswords. Google announced no date; the
    /// new page is what help articles and screenshots show from early
    /// 2023 on, and the old menus are what they show through 2022, so the
    /// turn of the year is the one date both sides agree with. Kept in
    /// this one place so the advice and its tests cannot disagree.
    pub const APP_PASSWORD_NAME_ONLY: NaiveDate = date(2023, 1, 1);
    /// The support article's era, used by the mock's presets.
    pub const ARTICLE_ERA: NaiveDate = date(2020, 6, 1);

    /// The date after which "less secure apps" no longer exist for this
    /// kind of account.
    pub fn less_secure_end(kind: AccountKind) -> NaiveDate {
        match kind {
            AccountKind::Consumer => CONSUMER_LESS_SECURE_END,
            AccountKind::Workspace => WORKSPACE_LESS_SECURE_END,
        }
    }

    /// Whether password sign-in via "less secure apps" can still be allowed
    /// for this kind of account on `as_of`.
    pub fn less_secure_possible(kind: AccountKind, as_of: NaiveDate) -> bool {
        as_of < less_secure_end(kind)
    }

    /// Whether an administrator (or a personal account's owner) who never
    /// used "less secure apps" can still turn them on on `as_of`. For
    /// Workspace the Admin console stopped offering the setting to domains
    /// that were not using it on 2024-06-15, while domains that had it on
    /// kept password sign-in until the cut-off (DESIGN.md "Time"); so
    /// between the two dates it exists (`less_secure_possible`) but cannot
    /// be newly chosen.
    pub fn less_secure_offered(kind: AccountKind, as_of: NaiveDate) -> bool {
        match kind {
            AccountKind::Consumer => less_secure_possible(kind, as_of),
            AccountKind::Workspace => as_of < WORKSPACE_SETTINGS_REMOVED,
        }
    }

    /// Whether the App passwords page asks only for a name (no "Select
    /// app" menus) on `as_of` (see [`APP_PASSWORD_NAME_ONLY`]).
    pub fn app_password_name_only(as_of: NaiveDate) -> bool {
        as_of >= APP_PASSWORD_NAME_ONLY
    }

    /// Whether the user's own "Enable IMAP" switch still exists on `as_of`.
    pub fn user_imap_switch_exists(as_of: NaiveDate) -> bool {
        as_of < WORKSPACE_SETTINGS_REMOVED
    }

    /// The Admin console's product name in menu paths on `as_of`.
    pub fn admin_product_name(as_of: NaiveDate) -> &'static str {
        if as_of < WORKSPACE_RENAME {
            "G Suite"
        } else {
            "Google Workspace"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::era::*;
    use super::*;

    #[test]
    fn cutoffs() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(less_secure_possible(AccountKind::Consumer, d(2022, 5, 29)));
        assert!(!less_secure_possible(AccountKind::Consumer, d(2022, 5, 30)));
        assert!(less_secure_possible(AccountKind::Workspace, d(2024, 9, 29)));
        assert!(!less_secure_possible(
            AccountKind::Workspace,
            d(2024, 9, 30)
        ));
        assert!(user_imap_switch_exists(ARTICLE_ERA));
        // The 2024 window: the setting exists but cannot be newly chosen.
        let window = d(2024, 7, 15);
        assert!(less_secure_possible(AccountKind::Workspace, window));
        assert!(!less_secure_offered(AccountKind::Workspace, window));
        assert!(less_secure_offered(AccountKind::Workspace, d(2024, 6, 14)));
        assert!(less_secure_offered(AccountKind::Consumer, d(2022, 5, 29)));
        assert!(!less_secure_offered(AccountKind::Consumer, d(2022, 5, 30)));
        assert!(!app_password_name_only(d(2022, 12, 31)));
        assert!(app_password_name_only(d(2023, 1, 1)));
        assert!(!user_imap_switch_exists(d(2026, 1, 1)));
        assert_eq!(admin_product_name(ARTICLE_ERA), "G Suite");
        assert_eq!(
            AccountKind::for_email("a@GoogleMail.com"),
            AccountKind::Consumer
        );
        assert_eq!(AccountKind::for_email("a@firma.pl"), AccountKind::Workspace);
    }
}
