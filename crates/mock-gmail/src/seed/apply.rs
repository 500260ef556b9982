//! Filling a world's accounts at start-up: each configured seed into its
//! account (created in open mode), then the built-in sample into the
//! preset's sample account unless a seed replaced it.

use std::collections::BTreeSet;

use chrono::Utc;

use super::{file_into, sample, SeedError, SeedProblem, SeedSource};
use crate::model::Account;
use crate::shared::{AccountEntry, World};

/// A mailbox to load at start-up: into which account (`None`: the mode's
/// first), from where.
#[derive(Debug, Clone)]
pub(crate) struct MailSeed {
    pub account: Option<String>,
    pub source: SeedSource,
}

/// Loads every seed (reading its files), then the sample into
/// `sample_for` if it was not seeded. `primary` is the mode's first
/// account, the target of seeds that name none.
pub(crate) fn fill(
    world: &mut World,
    seeds: &[MailSeed],
    primary: Option<&str>,
    sample_for: Option<&str>,
) -> Result<(), SeedError> {
    let now = Utc::now().fixed_offset();
    let mut seeded = BTreeSet::new();
    for s in seeds {
        let fail = |p: SeedProblem| SeedError::new(s.source.origin(), p);
        let email = match (&s.account, primary) {
            (Some(e), _) => e.trim(),
            (None, Some(p)) => p,
            (None, None) => return Err(fail(SeedProblem::NoAccount)),
        };
        let messages = s.source.load()?;
        let key = match world.key_for(email) {
            Some(k) => k,
            None if world.open_mode => {
                if !email.contains('@') || email.contains(char::is_whitespace) {
                    return Err(fail(SeedProblem::BadAddress(email.to_owned())));
                }
                // As a first delivery does: the first password typed at
                // sign-in becomes the account's.
                let key = email.to_ascii_lowercase();
                world
                    .accounts
                    .insert(key.clone(), AccountEntry::new(Account::new(email, "")));
                key
            }
            None => return Err(fail(SeedProblem::NoSuchAccount(email.to_owned()))),
        };
        if let Some(e) = world.accounts.get_mut(&key) {
            file_into(&mut e.store, &messages, now);
        }
        seeded.insert(key);
    }
    if let Some(key) = sample_for.and_then(|e| world.key_for(e)) {
        if let (false, Some(e)) = (seeded.contains(&key), world.accounts.get_mut(&key)) {
            sample::file_sample(&mut e.store, now);
        }
    }
    Ok(())
}
