//! Latency and throughput statistics.

use std::time::Duration;

use serde::Serialize;

/// Summary of one load run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Concurrency (clients in parallel).
    pub concurrency: usize,
    /// Completed operations.
    pub ok: u64,
    /// Failed operations.
    pub errors: u64,
    /// Operations per second over the run.
    pub per_sec: f64,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: f64,
    /// Wall time of the run in seconds.
    pub wall_s: f64,
    /// CPU seconds the load generator used.
    pub client_cpu_s: f64,
    /// CPU seconds the server used (when it is a known process).
    pub server_cpu_s: Option<f64>,
}

/// Percentile (0..=100) of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Builds a summary from latencies.
pub fn summarise(
    concurrency: usize,
    mut lat: Vec<Duration>,
    errors: u64,
    wall: Duration,
    client_cpu: f64,
    server_cpu: Option<f64>,
) -> Summary {
    lat.sort();
    let ms = |d: Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
    Summary {
        concurrency,
        ok: lat.len() as u64,
        errors,
        per_sec: (lat.len() as f64 / wall.as_secs_f64() * 10.0).round() / 10.0,
        p50_ms: ms(percentile(&lat, 50.0)),
        p99_ms: ms(percentile(&lat, 99.0)),
        wall_s: (wall.as_secs_f64() * 1000.0).round() / 1000.0,
        client_cpu_s: (client_cpu * 1000.0).round() / 1000.0,
        server_cpu_s: server_cpu.map(|c| (c * 1000.0).round() / 1000.0),
    }
}

/// Median of a list of values.
pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 50.0), Duration::from_millis(51));
        assert_eq!(percentile(&v, 99.0), Duration::from_millis(99));
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
    }
}
