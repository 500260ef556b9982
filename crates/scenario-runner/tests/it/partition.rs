//! `--partition K/N` over the real suite: for every N and both kinds the
//! shards are disjoint and together are the whole suite, and the split is
//! the same however often it is computed.

use std::collections::BTreeSet;
use std::path::PathBuf;

use scenario_runner::{discover, Partition};

fn files() -> Vec<PathBuf> {
    let files = discover(&[super::scenario_dir()]).expect("the scenarios directory");
    assert!(files.len() > 20, "the suite is there: {}", files.len());
    files
}

#[test]
fn shards_are_disjoint_and_cover_the_suite() {
    let all = files();
    let whole: BTreeSet<PathBuf> = all.iter().cloned().collect();
    for kind in ["count", "hash"] {
        for n in 1..=7u32 {
            let mut seen = BTreeSet::new();
            for k in 1..=n {
                let p: Partition = format!("{kind}:{k}/{n}").parse().unwrap();
                let shard = p.select(all.clone(), |f| f.as_path());
                for f in shard {
                    assert!(
                        seen.insert(f.clone()),
                        "{} is in two shards of {kind}:{n}",
                        f.display()
                    );
                }
            }
            assert_eq!(seen, whole, "the {n} {kind} shards together are the suite");
        }
    }
}

#[test]
fn count_shards_are_even_and_hash_shards_ignore_the_directory() {
    let all = files();
    let sizes: Vec<usize> = (1..=4)
        .map(|k| {
            let p: Partition = format!("{k}/4").parse().unwrap();
            p.select(all.clone(), |f| f.as_path()).len()
        })
        .collect();
    let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    assert!(
        max - min <= 1,
        "count shards differ by at most one: {sizes:?}"
    );
    // A checkout elsewhere (another runner's workspace) splits alike.
    let p: Partition = "hash:2/3".parse().unwrap();
    let here = p.select(all.clone(), |f| f.as_path());
    let moved: Vec<PathBuf> = all
        .iter()
        .map(|f| PathBuf::from("/elsewhere/scenarios").join(f.file_name().unwrap()))
        .collect();
    let there = p.select(moved, |f| f.as_path());
    let names = |v: &[PathBuf]| -> Vec<String> {
        v.iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(&here), names(&there));
    // Adding a file never moves another between hash shards.
    let mut more = all.clone();
    more.insert(0, PathBuf::from("scenarios/aaa-new-customer.toml"));
    let with_new = p.select(more, |f| f.as_path());
    assert!(here.iter().all(|f| with_new.contains(f)));
}
