//! `bench --workload soak`: is memory flat in a long-running `serve`?
//!
//! Users leave `serve` running for days and run thousands of test cases
//! against it, so the server's memory must stop growing once its bounded
//! captures ([`mock_gmail::retention`]) are full. The soak runs test cases
//! at concurrency 32 for ten minutes (by default) against a spawned `serve
//! --mode open --http-port 0`. One test case is what a CRM's suite does:
//! submit a 10 KiB message over SMTPS (to the account itself), read the
//! INBOX over IMAPS (LOGIN, SELECT, FETCH 1:10, LOGOUT), then clean up with
//! `DELETE /api/accounts/{email}/messages`: the clean-up is the suite's
//! job, since the mailbox keeps mail as Gmail does; the captured copy and
//! both transcripts stay with the mock, which bounds them.
//!
//! It samples the server's RSS and PSS every 30 s (and once after the
//! first interval, the post-warm-up reference) and ends with a verdict
//! comparing the last sample with that reference. Measured, not asserted.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::client::{self, Target};
use super::{control, procfs, Ctx};

/// Growth from the post-warm-up sample to the last one that still counts
/// as flat: RSS moves by a few per cent with allocator and scheduling
/// noise, a leak of one capture per test case would add several MiB a
/// minute at this rate.
const FLAT_WITHIN_PERCENT: f64 = 10.0;

/// One sample of the server.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Sample {
    at_s: f64,
    rss_kib: u64,
    pss_kib: Option<u64>,
    test_cases: u64,
    errors: u64,
    captures: serde_json::Value,
}

/// The soak's figures, for `--json`.
#[derive(Debug, Serialize)]
pub(super) struct Soak {
    concurrency: usize,
    seconds: f64,
    sample_every_s: f64,
    test_cases: u64,
    errors: u64,
    samples: Vec<Sample>,
    /// Last sample's RSS against the post-warm-up one, in per cent.
    rss_growth_percent: f64,
    flat: bool,
}

/// Counters shared by the workers and the sampler.
#[derive(Debug, Default)]
struct Progress {
    test_cases: AtomicU64,
    errors: AtomicU64,
    last_error: std::sync::Mutex<Option<String>>,
}

/// One test case: submit, read, clean up.
async fn test_case(
    t: &Target,
    http: SocketAddr,
    user: &str,
    pass: &str,
    body: &[u8],
) -> Result<(), String> {
    client::smtp_submit(t, user, pass, user, body).await?;
    client::imap_session(t, user, pass).await?;
    match control::clear_mailbox(http, user).await? {
        Some(_) => Ok(()),
        None => Err(format!("{user} vanished before its clean-up")),
    }
}

/// The sampling interval: `every`, or a quarter of a short run (so a
/// two-second smoke run still shows several samples).
pub(super) fn interval(duration: Duration, every: Duration) -> Duration {
    if every.is_zero() || every * 2 > duration {
        duration / 4
    } else {
        every
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

async fn sample(ctx: &Ctx, http: SocketAddr, started: Instant, p: &Progress) -> Sample {
    let pids = &ctx.server_pids;
    let captures = control::captures(http)
        .await
        .unwrap_or_else(serde_json::Value::String);
    Sample {
        at_s: (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        rss_kib: procfs::sum(pids, procfs::rss_kib).unwrap_or(0),
        pss_kib: procfs::sum(pids, procfs::pss_kib),
        test_cases: p.test_cases.load(Ordering::Relaxed),
        errors: p.errors.load(Ordering::Relaxed),
        captures,
    }
}

fn print_sample(s: &Sample) {
    println!(
        "soak t={:>6.1}s  RSS {:>7.1} MiB  PSS {}  test cases {:>8}  errors {:>4}  captures: {}",
        s.at_s,
        mib(s.rss_kib),
        s.pss_kib
            .map(|p| format!("{:>7.1} MiB", mib(p)))
            .unwrap_or_else(|| "    n/a".into()),
        s.test_cases,
        s.errors,
        control::describe(&s.captures),
    );
}

/// Runs the soak: `c` workers for `duration`, a sample every `every`.
pub(super) async fn run(
    ctx: &Arc<Ctx>,
    http: SocketAddr,
    c: usize,
    duration: Duration,
    every: Duration,
) -> anyhow::Result<Soak> {
    let every = interval(duration, every);
    println!(
        "soak: {c} workers for {:.0} s; each test case submits 10 KiB over SMTPS, reads it over IMAPS, deletes the account's mail over HTTP; a sample every {:.1} s",
        duration.as_secs_f64(),
        every.as_secs_f64()
    );
    let progress = Arc::new(Progress::default());
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..c {
        let (ctx, progress) = (ctx.clone(), progress.clone());
        let user = ctx.user(w);
        workers.spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let body = client::message(10 * 1024, &user, &user, n);
                match test_case(&ctx.target, http, &user, &ctx.password, &body).await {
                    Ok(()) => {
                        progress.test_cases.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        progress.errors.fetch_add(1, Ordering::Relaxed);
                        *progress
                            .last_error
                            .lock()
                            .unwrap_or_else(|e| e.into_inner()) = Some(e);
                    }
                }
                n += 1;
            }
        });
    }
    let mut samples = Vec::new();
    let mut next = started + every;
    while next <= deadline + Duration::from_millis(1) {
        tokio::time::sleep_until(next.into()).await;
        let s = sample(ctx, http, started, &progress).await;
        print_sample(&s);
        samples.push(s);
        next += every;
    }
    // Every worker is joined; a panic is a failure, not a missing count.
    while let Some(r) = workers.join_next().await {
        r.map_err(|e| anyhow::anyhow!("a soak worker failed: {e}"))?;
    }
    if let Some(e) = progress
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        eprintln!("  (last error: {e})");
    }
    let (first, last) = match (samples.first(), samples.last()) {
        (Some(f), Some(l)) => (f.clone(), l.clone()),
        _ => anyhow::bail!("the soak took no sample (--soak-seconds too short?)"),
    };
    let growth = if first.rss_kib == 0 {
        0.0
    } else {
        (last.rss_kib as f64 - first.rss_kib as f64) / first.rss_kib as f64 * 100.0
    };
    let flat = growth.abs() <= FLAT_WITHIN_PERCENT;
    let peak = samples.iter().map(|s| s.rss_kib).max().unwrap_or(0);
    println!(
        "soak verdict: RSS {} after warm-up: {:.1} MiB at {:.1} s → {:.1} MiB at {:.1} s ({:+.1} %, flat within ±{FLAT_WITHIN_PERCENT} %), peak {:.1} MiB; {} test cases, {} errors",
        if flat { "FLAT" } else { "GROWING" },
        mib(first.rss_kib),
        first.at_s,
        mib(last.rss_kib),
        last.at_s,
        growth,
        mib(peak),
        progress.test_cases.load(Ordering::Relaxed),
        progress.errors.load(Ordering::Relaxed),
    );
    Ok(Soak {
        concurrency: c,
        seconds: duration.as_secs_f64(),
        sample_every_s: every.as_secs_f64(),
        test_cases: progress.test_cases.load(Ordering::Relaxed),
        errors: progress.errors.load(Ordering::Relaxed),
        samples,
        rss_growth_percent: (growth * 10.0).round() / 10.0,
        flat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_runs_sample_four_times() {
        let s = Duration::from_secs;
        assert_eq!(interval(s(600), s(30)), s(30));
        assert_eq!(interval(s(2), s(30)), Duration::from_millis(500));
        assert_eq!(interval(s(60), s(0)), s(15));
    }
}
