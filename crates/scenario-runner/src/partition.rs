//! Sharding the suite over many CI runners: `scenarios --partition K/N`.
//!
//! For a test harness the unit of scale is the CI job, so a large scenario
//! directory is split over a matrix of runners, each running one shard and
//! writing its own JUnit. The two kinds follow cargo-nextest's
//! `--partition`:
//! - `count:K/N` (or plain `K/N`): the I-th selected scenario, in the sorted
//!   order of discovery, goes to shard `I mod N + 1`. Shards differ in size
//!   by at most one, but adding a file moves the ones after it.
//! - `hash:K/N`: a scenario goes to shard `hash(file name) mod N + 1`. A
//!   file stays in its shard whatever else is added, so a shard's timing
//!   history stays comparable; sizes are only roughly even.
//!
//! Both are deterministic: every runner computes the same split with no
//! coordination, the shards are disjoint, and together they are the whole
//! selection (tested in `tests/it/partition.rs`).

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// How scenarios are assigned to shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// By position in the sorted selection.
    Count,
    /// By a stable hash of the file name.
    Hash,
}

/// One shard of N: `shard` is 1-based, as on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// Count or hash.
    pub kind: Kind,
    /// This shard, 1..=total.
    pub shard: u32,
    /// How many shards.
    pub total: u32,
}

/// A `--partition` value that does not parse; the message says what is
/// expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid partition {given:?}: {why} (expected K/N, count:K/N or hash:K/N with 1 <= K <= N)"
)]
pub struct ParseError {
    /// What was given.
    pub given: String,
    /// What is wrong with it.
    pub why: &'static str,
}

impl FromStr for Partition {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |why| ParseError {
            given: s.to_owned(),
            why,
        };
        let (kind, rest) = match s.split_once(':') {
            Some(("count", r)) => (Kind::Count, r),
            Some(("hash", r)) => (Kind::Hash, r),
            Some(_) => return Err(err("the kind must be count or hash")),
            None => (Kind::Count, s),
        };
        let (k, n) = rest.split_once('/').ok_or_else(|| err("no '/'"))?;
        let shard: u32 = k
            .trim()
            .parse()
            .map_err(|_| err("the shard is not a number"))?;
        let total: u32 = n
            .trim()
            .parse()
            .map_err(|_| err("the shard count is not a number"))?;
        if total == 0 {
            return Err(err("the shard count must be at least 1"));
        }
        if shard == 0 || shard > total {
            return Err(err("the shard must be between 1 and the shard count"));
        }
        Ok(Partition { kind, shard, total })
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            Kind::Count => "count",
            Kind::Hash => "hash",
        };
        write!(f, "{kind}:{}/{}", self.shard, self.total)
    }
}

impl Partition {
    /// Whether the scenario at `index` of the sorted selection, from file
    /// `path`, belongs to this shard.
    pub fn selects(&self, index: usize, path: &Path) -> bool {
        let bucket = match self.kind {
            Kind::Count => index as u64 % u64::from(self.total),
            Kind::Hash => file_name_hash(path) % u64::from(self.total),
        };
        bucket + 1 == u64::from(self.shard)
    }

    /// Keeps this shard's scenarios, in order. `path_of` gives each item's
    /// file.
    pub fn select<T>(&self, items: Vec<T>, path_of: impl Fn(&T) -> &Path) -> Vec<T> {
        items
            .into_iter()
            .enumerate()
            .filter(|(i, t)| self.selects(*i, path_of(t)))
            .map(|(_, t)| t)
            .collect()
    }
}

/// 64-bit FNV-1a of the file name (not the directory, so shards agree
/// between checkouts in different places). std's `DefaultHasher` is not
/// promised to stay the same between Rust releases, and runners of one
/// matrix may build with different toolchains.
fn file_name_hash(path: &Path) -> u64 {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_and_refuses_the_rest() {
        let p: Partition = "2/3".parse().unwrap();
        assert_eq!((p.kind, p.shard, p.total), (Kind::Count, 2, 3));
        assert_eq!(
            "count:1/1".parse::<Partition>().unwrap().to_string(),
            "count:1/1"
        );
        assert_eq!("hash:3/4".parse::<Partition>().unwrap().kind, Kind::Hash);
        for (bad, why) in [
            ("0/3", "between 1"),
            ("4/3", "between 1"),
            ("1/0", "at least 1"),
            ("x/3", "shard is not"),
            ("1/y", "count is not"),
            ("13", "no '/'"),
            ("slice:1/2", "count or hash"),
        ] {
            let e = bad.parse::<Partition>().unwrap_err().to_string();
            assert!(e.contains(why) && e.contains(bad), "{bad}: {e}");
        }
    }

    #[test]
    fn the_hash_is_fnv1a_of_the_file_name_only() {
        // Known FNV-1a 64 value of "a", and no dependence on the directory.
        assert_eq!(file_name_hash(Path::new("a")), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            file_name_hash(Path::new("/x/y/healthy.toml")),
            file_name_hash(Path::new("scenarios/healthy.toml"))
        );
    }
}
