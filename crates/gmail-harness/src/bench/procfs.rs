//! Process figures from /proc (Linux): CPU time and resident memory. The
//! workspace forbids `unsafe`, so no getrusage; /proc gives the same
//! numbers.

/// Clock ticks per second of /proc/*/stat times (USER_HZ, 100 on Linux).
const USER_HZ: f64 = 100.0;

/// User + system CPU seconds of a process (`self` for this one), including
/// its reaped children (a pre-forking server such as Dovecot does its work
/// in short-lived child processes).
pub fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; fields start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> Option<f64> { f.get(i)?.parse().ok() };
    Some((ticks(11)? + ticks(12)? + ticks(13)? + ticks(14)?) / USER_HZ)
}

/// Resident set size in KiB.
pub fn rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Proportional set size in KiB (`/proc/PID/smaps_rollup`): resident
/// memory with shared pages divided among the processes sharing them, the
/// figure the memory issue was reported in. `None` where the kernel has no
/// smaps_rollup (before Linux 4.14) or the process is gone.
pub fn pss_kib(pid: &str) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Sum over several processes (a server may be several processes).
pub fn sum<T: std::iter::Sum>(pids: &[String], f: impl Fn(&str) -> Option<T>) -> Option<T> {
    if pids.is_empty() {
        return None;
    }
    pids.iter()
        .map(|p| f(p))
        .collect::<Option<Vec<T>>>()
        .map(|v| v.into_iter().sum())
}
