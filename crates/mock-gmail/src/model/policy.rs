//! The Workspace admin console's settings, and how changes to them reach
//! the servers (Google: "may take up to 24 hours").

use std::collections::VecDeque;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Deserialize;
use tokio::time::Instant;

use super::era::{self, ARTICLE_ERA};
use super::relay::SmtpRelay;
use crate::error::Error;

/// admin.google.com → Security → Basic settings → Less secure apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LessSecureApps {
    /// "Disable access to less secure apps for all users" (the default).
    Disabled,
    /// "Allow users to manage their access to less secure apps": each user's
    /// own switch decides.
    UserManaged,
    /// "Enforce access to less secure apps for all users".
    Enforced,
}

/// How long an admin change takes to reach IMAP/SMTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Propagation {
    /// Changes apply at once.
    Immediate,
    /// The next N authentication attempts still see the old settings.
    Attempts(u32),
    /// Changes apply after this long on the mock's clock (see
    /// `MockHandle::advance`).
    #[serde(with = "secs")]
    After(Duration),
}

mod secs {
    use serde::Deserialize;
    use std::time::Duration;

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_secs)
    }
}

/// The Workspace (domain) policy, as the admin console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Apps > G Suite > Gmail > Advanced settings → "Disable POP and IMAP
    /// access for all users".
    pub imap_pop_disabled_for_all: bool,
    /// Security → Less secure apps.
    pub less_secure_apps: LessSecureApps,
    /// "Allow per-user outbound gateways" (Apps › Google Workspace › Gmail
    /// › End User Access; older consoles: Apps › G Suite › Gmail ›
    /// Advanced settings → "Allow users to send mail through an external
    /// SMTP server when configuring a 'from' address hosted outside your
    /// email domains"). Only about "Send mail as" addresses that go
    /// through their own SMTP server (DESIGN.md "Sending"); off by
    /// default, and with it off a user still sends as themself.
    pub external_smtp_allowed: bool,
    /// The organisation's domains besides each account's own: secondary
    /// and alias domains (Account › Domains › Manage domains). Addresses
    /// in them always send.
    pub domains: Vec<String>,
    /// Apps › Google Workspace › Gmail › Routing › SMTP relay service.
    pub smtp_relay: SmtpRelay,
    /// Security › Access and data control › API controls: which OAuth
    /// clients may reach this organisation's data (and Gmail).
    pub api_controls: super::oauth::ApiControls,
    /// How changes propagate (a property of the Workspace, not a setting
    /// that itself propagates).
    pub propagation: Propagation,
    /// The date whose Google this is (DESIGN.md "Time"). Not read from
    /// policy tables: scenario and config files give it at the top level.
    #[serde(skip_deserializing)]
    pub as_of: NaiveDate,
}

impl Default for Policy {
    /// Google's defaults in the article's era: IMAP on, less secure apps
    /// disabled, external SMTP not allowed.
    fn default() -> Self {
        Policy {
            imap_pop_disabled_for_all: false,
            less_secure_apps: LessSecureApps::Disabled,
            external_smtp_allowed: false,
            domains: Vec::new(),
            smtp_relay: SmtpRelay::default(),
            api_controls: super::oauth::ApiControls::default(),
            propagation: Propagation::Immediate,
            as_of: ARTICLE_ERA,
        }
    }
}

impl Policy {
    /// Whether two policies have the same console settings (everything but
    /// the world's date and the propagation delay).
    fn same_settings(&self, other: &Policy) -> bool {
        let mut a = self.clone();
        a.as_of = other.as_of;
        a.propagation = other.propagation;
        a == *other
    }
}

/// Whether the admin console lets `from` be changed to `to` on `to.as_of`.
///
/// How the model knows a domain "never used" less secure apps: the console
/// stopped offering the setting to such domains on 2024-06-15, so within
/// the window nobody can have turned it on since, and the value saved in
/// the console *is* the one that was in force on that day. `disabled` then
/// stays `disabled`; `user-managed` and `enforced` may still be changed
/// (also back to `disabled`, after which the setting is gone for good).
pub fn check_change(from: &Policy, to: &Policy) -> Result<(), Error> {
    let kind = super::account::AccountKind::Workspace;
    let in_window =
        era::less_secure_possible(kind, to.as_of) && !era::less_secure_offered(kind, to.as_of);
    if in_window
        && from.less_secure_apps == LessSecureApps::Disabled
        && to.less_secure_apps != LessSecureApps::Disabled
    {
        return Err(Error::InvalidPolicy {
            field: "less_secure_apps",
            reason: format!(
                "on {} the Admin console no longer offers \"Less secure apps\" to a domain that \
                 had them disabled (removed for new use on {}; password sign-in ends for every \
                 domain on {}); use an app password",
                to.as_of,
                era::WORKSPACE_SETTINGS_REMOVED,
                era::WORKSPACE_LESS_SECURE_END
            ),
        });
    }
    Ok(())
}

/// A change waiting to take effect.
#[derive(Debug, Clone)]
struct Pending {
    policy: Policy,
    remaining_attempts: Option<u32>,
    effective_at: Option<Instant>,
}

/// The policy the servers currently enforce plus changes still propagating.
#[derive(Debug, Clone)]
pub struct PolicyState {
    effective: Policy,
    /// The latest policy the admin saved (what the console shows).
    configured: Policy,
    pending: VecDeque<Pending>,
}

impl PolicyState {
    /// Starts with `policy` in force.
    pub fn new(policy: Policy) -> Self {
        PolicyState {
            effective: policy.clone(),
            configured: policy,
            pending: VecDeque::new(),
        }
    }

    /// What the admin console shows (the latest saved settings).
    pub fn configured(&self) -> &Policy {
        &self.configured
    }

    /// What the servers enforce right now, without counting an attempt.
    pub fn effective(&mut self, now: Instant) -> &Policy {
        self.apply_due(now);
        &self.effective
    }

    /// The policy an authentication attempt sees; counts the attempt
    /// toward "after N attempts" propagation. The same as
    /// [`PolicyState::effective`] followed by [`PolicyState::count_attempt`],
    /// for callers that decide nothing in between.
    pub fn for_attempt(&mut self, now: Instant) -> Policy {
        let policy = self.effective(now).clone();
        self.count_attempt();
        policy
    }

    /// Counts one authentication attempt toward "after N attempts"
    /// propagation. Called after the attempt was decided with the policy
    /// [`PolicyState::effective`] gave, so the decision itself reads state
    /// and changes none (the change it counts toward applies from the next
    /// attempt on, as before).
    pub fn count_attempt(&mut self) {
        for p in &mut self.pending {
            if let Some(n) = &mut p.remaining_attempts {
                *n = n.saturating_sub(1);
            }
        }
    }

    /// Whether changes are still propagating.
    pub fn is_propagating(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The admin saves new settings through the console: refused, with
    /// nothing changed, when the console of that date would not offer the
    /// change (see [`check_change`]); otherwise as [`PolicyState::set`].
    pub fn try_set(&mut self, policy: Policy, now: Instant) -> Result<(), Error> {
        check_change(&self.configured, &policy)?;
        self.set(policy, now);
        Ok(())
    }

    /// The admin saves new settings. `as_of` and `propagation` apply at
    /// once (they describe the world, not a console setting). Unchecked:
    /// a test or scenario may set any state, including one the console of
    /// that date would refuse to reach ([`PolicyState::try_set`] checks).
    pub fn set(&mut self, policy: Policy, now: Instant) {
        let delay = self.configured.propagation;
        self.effective.as_of = policy.as_of;
        self.effective.propagation = policy.propagation;
        for p in &mut self.pending {
            p.policy.as_of = policy.as_of;
            p.policy.propagation = policy.propagation;
        }
        let settings_unchanged = self.configured.same_settings(&policy);
        self.configured = policy.clone();
        match delay {
            Propagation::Immediate => {
                self.pending.clear();
                self.effective = policy;
            }
            // Only `propagation` or `as_of` changed (applied above): there
            // is nothing to propagate, and an empty entry would hold back
            // later changes queued behind it.
            _ if settings_unchanged => {}
            Propagation::Attempts(n) => self.pending.push_back(Pending {
                policy,
                remaining_attempts: Some(n),
                effective_at: None,
            }),
            Propagation::After(d) => self.pending.push_back(Pending {
                policy,
                remaining_attempts: None,
                effective_at: Some(now + d),
            }),
        }
    }

    fn apply_due(&mut self, now: Instant) {
        while let Some(front) = self.pending.front() {
            let due = match (front.remaining_attempts, front.effective_at) {
                (Some(0), _) => true,
                (_, Some(at)) => now >= at,
                _ => false,
            };
            if !due {
                break;
            }
            if let Some(p) = self.pending.pop_front() {
                self.effective = p.policy;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(y: i32, m: u32, d: u32, lsa: LessSecureApps) -> Policy {
        Policy {
            less_secure_apps: lsa,
            as_of: NaiveDate::from_ymd_opt(y, m, d).unwrap_or(ARTICLE_ERA),
            ..Policy::default()
        }
    }

    /// Between 2024-06-15 and 2024-09-29 a domain that had less secure
    /// apps disabled cannot turn them on; one that had them on keeps (and
    /// may change) them; before the window anything goes.
    #[test]
    fn less_secure_apps_cannot_be_turned_on_in_the_2024_window() {
        let now = Instant::now();
        let mut s = PolicyState::new(on(2024, 7, 15, LessSecureApps::Disabled));
        let e = s
            .try_set(on(2024, 7, 15, LessSecureApps::Enforced), now)
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("less_secure_apps:") && text.contains("2024-07-15"),
            "{text}"
        );
        assert_eq!(s.configured().less_secure_apps, LessSecureApps::Disabled);
        assert_eq!(s.effective(now).less_secure_apps, LessSecureApps::Disabled);
        // Already on: it may be changed, even switched off.
        let mut s = PolicyState::new(on(2024, 7, 15, LessSecureApps::UserManaged));
        assert!(s
            .try_set(on(2024, 7, 15, LessSecureApps::Enforced), now)
            .is_ok());
        assert!(s
            .try_set(on(2024, 7, 15, LessSecureApps::Disabled), now)
            .is_ok());
        // ...and once off, it is gone.
        assert!(s
            .try_set(on(2024, 7, 15, LessSecureApps::Enforced), now)
            .is_err());
        // The day before the window, and other settings in it, are free.
        let mut s = PolicyState::new(on(2024, 6, 14, LessSecureApps::Disabled));
        assert!(s
            .try_set(on(2024, 6, 14, LessSecureApps::Enforced), now)
            .is_ok());
        let mut s = PolicyState::new(on(2024, 7, 15, LessSecureApps::Disabled));
        let mut imap_off = on(2024, 7, 15, LessSecureApps::Disabled);
        imap_off.imap_pop_disabled_for_all = true;
        assert!(s.try_set(imap_off, now).is_ok());
        // After the cut-off the setting does nothing either way: not refused.
        let mut s = PolicyState::new(on(2024, 10, 1, LessSecureApps::Disabled));
        assert!(s
            .try_set(on(2024, 10, 1, LessSecureApps::Enforced), now)
            .is_ok());
    }

    #[test]
    fn attempts_propagation() {
        let now = Instant::now();
        let mut s = PolicyState::new(Policy {
            propagation: Propagation::Attempts(2),
            ..Policy::default()
        });
        let fixed = Policy {
            imap_pop_disabled_for_all: true,
            ..s.configured().clone()
        };
        s.set(fixed, now);
        assert!(!s.for_attempt(now).imap_pop_disabled_for_all);
        assert!(!s.for_attempt(now).imap_pop_disabled_for_all);
        assert!(s.for_attempt(now).imap_pop_disabled_for_all);
        assert!(!s.is_propagating());
    }

    #[test]
    fn changing_only_the_propagation_queues_nothing() {
        let now = Instant::now();
        let mut s = PolicyState::new(Policy {
            propagation: Propagation::Attempts(5),
            ..Policy::default()
        });
        let mut p = s.configured().clone();
        p.propagation = Propagation::After(Duration::from_secs(60));
        s.set(p.clone(), now);
        assert!(!s.is_propagating());
        p.external_smtp_allowed = true;
        s.set(p, now);
        assert!(!s.for_attempt(now).external_smtp_allowed);
        assert!(
            s.for_attempt(now + Duration::from_secs(60))
                .external_smtp_allowed
        );
    }

    #[test]
    fn sending_settings_propagate_like_the_others() {
        let now = Instant::now();
        let mut s = PolicyState::new(Policy {
            propagation: Propagation::Attempts(1),
            ..Policy::default()
        });
        let mut p = s.configured().clone();
        p.smtp_relay.enabled = true;
        p.domains.push("firma-handel.pl".into());
        s.set(p, now);
        assert!(s.is_propagating());
        let old = s.for_attempt(now);
        assert!(!old.smtp_relay.enabled && old.domains.is_empty());
        let new = s.for_attempt(now);
        assert!(new.smtp_relay.enabled && new.domains == ["firma-handel.pl"]);
    }

    #[test]
    fn duration_propagation() {
        let now = Instant::now();
        let mut s = PolicyState::new(Policy {
            propagation: Propagation::After(Duration::from_secs(3600)),
            ..Policy::default()
        });
        let mut p = s.configured().clone();
        p.external_smtp_allowed = true;
        s.set(p, now);
        assert!(!s.for_attempt(now).external_smtp_allowed);
        assert!(s.configured().external_smtp_allowed);
        assert!(
            s.for_attempt(now + Duration::from_secs(3600))
                .external_smtp_allowed
        );
    }
}
