//! `gmail-harness scenarios`: run scenario files, print progress lines and
//! a summary (or JSON / JUnit), exit 1 on any mismatch.

use std::path::PathBuf;
use std::time::Instant;

use scenario_runner::{output, run};

use crate::args::ScenariosArgs;

pub async fn run(a: ScenariosArgs) -> anyhow::Result<u8> {
    super::init_tracing("error");
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        a.paths.clone()
    };
    let files = run::discover(&paths)?;
    let scenarios = match run::load_all(&files) {
        Ok(s) => s,
        Err(errs) => {
            for e in &errs {
                eprintln!("error: {e}");
            }
            anyhow::bail!("{} scenario file(s) could not be parsed", errs.len());
        }
    };
    let selected: Vec<_> = scenarios
        .into_iter()
        .filter(|s| run::matches_filter(s, a.filter.as_deref()))
        .collect();
    if selected.is_empty() {
        anyhow::bail!(
            "no scenario matches --filter {:?}",
            a.filter.unwrap_or_default()
        );
    }
    let of = selected.len();
    let selected = match a.partition {
        Some(p) => p.select(selected, |s| s.path.as_path()),
        None => selected,
    };
    let text = a.format == "text";
    if text {
        match a.partition {
            Some(p) => println!(
                "{:>12} {} (shard {p} of {of})",
                "Starting",
                scenario_runner::output::scenario_count(selected.len())
            ),
            None => println!(
                "{:>12} {}",
                "Starting",
                scenario_runner::output::scenario_count(selected.len())
            ),
        }
    }
    let started = Instant::now();
    let outcomes = run::run_all(selected, a.jobs, |o| {
        if text {
            println!("{}", output::progress_line(o));
        }
    })
    .await;
    let wall = started.elapsed();
    match a.format.as_str() {
        "json" => println!("{}", output::json(&outcomes, wall)),
        "junit" => print!("{}", output::junit(&outcomes, wall, a.partition.as_ref())),
        _ => println!("{}", output::summary(&outcomes, wall)),
    }
    Ok(if outcomes.iter().all(|o| o.passed) {
        0
    } else {
        1
    })
}
