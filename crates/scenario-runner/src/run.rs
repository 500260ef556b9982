//! Running scenarios: one in-process mock per scenario on ephemeral ports,
//! the doctor against it, remediation walks, scenarios in parallel.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mail_doctor::{RemediationId, Report};
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::dropping_port::DroppingPort;
use crate::error::Error;
use crate::scenario::Scenario;
use crate::walk::{self, Applied, MAX_STEPS};
use crate::world::{self, CustomerState};

/// One diagnosis of a walk.
#[derive(Debug, Clone, Serialize)]
pub struct WalkStep {
    /// The id the doctor chose.
    pub remediation: RemediationId,
    /// The classifier rule.
    pub rule: mail_doctor::classify::Rule,
    /// What applying it did (absent for the last step).
    pub applied: Option<Applied>,
    /// The full report of this diagnosis.
    #[serde(skip)]
    pub report: Report,
}

/// The result of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Scenario name.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// Passed or not.
    pub passed: bool,
    /// Expected ids (one, or a walk).
    pub expected: Vec<RemediationId>,
    /// Chosen ids.
    pub chosen: Vec<RemediationId>,
    /// The diagnoses, in order.
    pub steps: Vec<WalkStep>,
    /// Set when the scenario could not run at all.
    pub error: Option<String>,
    /// Wall time.
    #[serde(serialize_with = "ser_secs")]
    pub elapsed: Duration,
}

fn ser_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl Outcome {
    fn failed(
        s: &Scenario,
        expected: Vec<RemediationId>,
        error: String,
        started: Instant,
    ) -> Outcome {
        Outcome {
            name: s.name.clone(),
            path: s.path.clone(),
            passed: false,
            expected,
            chosen: Vec::new(),
            steps: Vec::new(),
            error: Some(error),
            elapsed: started.elapsed(),
        }
    }

    /// Re-judges the same run against other expectations (pure: the walk
    /// itself does not depend on which ids were expected).
    pub fn judged_against(&self, expected: Vec<RemediationId>) -> Outcome {
        let mut o = self.clone();
        o.passed = o.error.is_none() && o.chosen == expected;
        o.expected = expected;
        o
    }

    /// The first diagnosis's report, if any.
    pub fn first_report(&self) -> Option<&Report> {
        self.steps.first().map(|s| &s.report)
    }

    /// A readable explanation of a mismatch (empty when passed).
    pub fn diff(&self) -> String {
        if self.passed {
            return String::new();
        }
        if let Some(e) = &self.error {
            return format!("error: {e}");
        }
        let join =
            |v: &[RemediationId]| v.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" → ");
        let mut s = format!(
            "expected: {}\nchosen:   {}",
            join(&self.expected),
            join(&self.chosen)
        );
        if let Some(i) = (0..self.expected.len().max(self.chosen.len()))
            .find(|&i| self.expected.get(i) != self.chosen.get(i))
        {
            let rule = self
                .steps
                .get(i)
                .map(|st| st.rule.as_str())
                .unwrap_or("(no diagnosis)");
            s.push_str(&format!(
                "\nfirst difference at step {}: expected {}, chosen {} (rule {rule})",
                i + 1,
                self.expected.get(i).map(|r| r.as_str()).unwrap_or("(end)"),
                self.chosen.get(i).map(|r| r.as_str()).unwrap_or("(end)")
            ));
            if let Some(st) = self.steps.get(i) {
                for e in st.report.evidence_text(mail_doctor::Lang::En) {
                    s.push_str(&format!("\n  > {e}"));
                }
            }
        }
        s
    }
}

/// Runs one scenario.
pub async fn run_scenario(s: &Scenario) -> Outcome {
    let started = Instant::now();
    let walk_mode = s.expect.walk.is_some();
    let expected = expected_ids(s);
    let mock = match world::start(s).await {
        Ok(m) => m,
        Err(e) => return Outcome::failed(s, expected, e.to_string(), started),
    };
    let mut state = match CustomerState::initial(s, &mock) {
        Ok(st) => st,
        Err(e) => {
            mock.shutdown().await;
            return Outcome::failed(s, expected, e.to_string(), started);
        }
    };
    // A port that refuses connections stands for every Google port that
    // is not IMAP or SMTP.
    let closed = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(a) => a,
        Err(e) => {
            return Outcome::failed(
                s,
                expected,
                format!("cannot reserve a closed port: {e}"),
                started,
            )
        }
    };
    // The scenario's own DNS server: the doctor's MX step asks it, so every
    // scenario runs the real lookup code without the Internet.
    let dns = match mock_dns::DnsServer::start(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        world::zones(s, &mock, &state.network),
    )
    .await
    {
        Ok(d) => d,
        Err(e) => {
            mock.shutdown().await;
            return Outcome::failed(s, expected, e.to_string(), started);
        }
    };
    // A firewall's silent DROP, made only when the scenario has one.
    let dropping = if state.network.needs_dropping_port() {
        match DroppingPort::open().await {
            Ok(p) => Some(p),
            Err(e) => {
                dns.shutdown().await;
                mock.shutdown().await;
                return Outcome::failed(s, expected, e, started);
            }
        }
    } else {
        None
    };
    let around = world::Surroundings {
        closed,
        dropping: dropping.as_ref().map(DroppingPort::addr),
        dns: dns.addr(),
    };
    let mut rng = fastrand::Rng::with_seed(s.name.len() as u64 * 7919);
    let mut steps: Vec<WalkStep> = Vec::new();
    let mut error = None;
    for _ in 0..MAX_STEPS {
        // The walk may have fixed the network: DNS follows the state.
        let zones = world::zones(s, &mock, &state.network);
        dns.update(|z| *z = zones);
        let cfg = state.doctor_config(s, &mock, &around);
        let report = match mail_doctor::diagnose(&cfg).await {
            Ok(r) => r,
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        };
        let id = report.remediation;
        let rule = report.rule;
        let done = !walk_mode || id == RemediationId::None;
        let repeated = steps
            .iter()
            .rev()
            .take(2)
            .filter(|st| st.remediation == id)
            .count()
            == 2;
        steps.push(WalkStep {
            remediation: id,
            rule,
            applied: None,
            report,
        });
        if done || repeated {
            break;
        }
        match walk::apply(id, &mock, &mut state, &s.apply, &mut rng) {
            Ok(applied) => {
                if let Some(last) = steps.last_mut() {
                    last.applied = Some(applied);
                }
            }
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
    }
    drop(dropping);
    dns.shutdown().await;
    mock.shutdown().await;
    let chosen: Vec<RemediationId> = steps.iter().map(|st| st.remediation).collect();
    let passed = error.is_none() && chosen == expected;
    Outcome {
        name: s.name.clone(),
        path: s.path.clone(),
        passed,
        expected,
        chosen,
        steps,
        error,
        elapsed: started.elapsed(),
    }
}

/// Expands directories into their `*.toml` files (sorted); files are kept.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::Read {
                    path: p.display().to_string(),
                    source: e,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::NoScenarios(p.display().to_string()));
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Loads every file; all parse errors are reported together.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<Scenario>, Vec<Error>> {
    let mut ok = Vec::new();
    let mut errs = Vec::new();
    for f in files {
        match Scenario::load(f) {
            Ok(s) => ok.push(s),
            Err(e) => errs.push(e),
        }
    }
    if errs.is_empty() {
        Ok(ok)
    } else {
        Err(errs)
    }
}

/// Runs scenarios concurrently (at most `concurrency` at once), calling
/// `on_done` as each finishes; returns one outcome per scenario, in input
/// order.
pub async fn run_all(
    scenarios: Vec<Scenario>,
    concurrency: usize,
    on_done: impl FnMut(&Outcome),
) -> Vec<Outcome> {
    run_all_with(scenarios, concurrency, on_done, |s| async move {
        run_scenario(&s).await
    })
    .await
}

/// [`run_all`] with the per-scenario work given as a function, so tests can
/// put a panicking scenario through the same join logic.
///
/// Every task is joined (a `JoinSet`, STYLE 20): a scenario whose task
/// panics is not lost but becomes a failed outcome whose error holds the
/// panic message, so the summary, JSON and JUnit all show it and
/// `scenarios` exits non-zero.
pub async fn run_all_with<F, Fut>(
    scenarios: Vec<Scenario>,
    concurrency: usize,
    mut on_done: impl FnMut(&Outcome),
    run_one: F,
) -> Vec<Outcome>
where
    F: Fn(Scenario) -> Fut,
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    // What a panicked task's row needs, since its `Outcome` never comes.
    let mut identity: Vec<(String, PathBuf, Vec<RemediationId>)> = Vec::new();
    let mut started: Vec<Instant> = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, s) in scenarios.into_iter().enumerate() {
        identity.push((s.name.clone(), s.path.clone(), expected_ids(&s)));
        started.push(Instant::now());
        let permits = permits.clone();
        let work = run_one(s);
        let handle = tasks.spawn(async move {
            // A closed semaphore cannot happen (it is never closed); the
            // scenario then simply runs without a permit.
            let _permit = permits.acquire_owned().await.ok();
            work.await
        });
        index_of.insert(handle.id(), i);
    }
    let mut out: Vec<Option<Outcome>> = (0..identity.len()).map(|_| None).collect();
    while let Some(joined) = tasks.join_next_with_id().await {
        let (i, o) = match joined {
            Ok((id, o)) => (index_of[&id], o),
            Err(e) => {
                let i = index_of[&e.id()];
                let (name, path, expected) = identity[i].clone();
                let error = if e.is_panic() {
                    format!("the scenario panicked: {}", panic_message(e.into_panic()))
                } else {
                    "the scenario's task was cancelled".to_owned()
                };
                let o = Outcome {
                    name,
                    path,
                    passed: false,
                    expected,
                    chosen: Vec::new(),
                    steps: Vec::new(),
                    error: Some(error),
                    elapsed: started[i].elapsed(),
                };
                (i, o)
            }
        };
        on_done(&o);
        out[i] = Some(o);
    }
    out.into_iter().flatten().collect()
}

/// The ids a scenario expects: its walk, or its one remediation.
fn expected_ids(s: &Scenario) -> Vec<RemediationId> {
    s.expect
        .walk
        .clone()
        .unwrap_or_else(|| s.expect.remediation.into_iter().collect())
}

/// The text of a panic payload (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .unwrap_or_else(|| "(a panic without a message)".to_owned()),
    }
}

/// Whether a scenario name matches `--filter` (substring).
pub fn matches_filter(s: &Scenario, filter: Option<&str>) -> bool {
    filter.is_none_or(|f| s.name.contains(f) || s.path.to_string_lossy().contains(f))
}

/// The default scenario directory relative to a workspace root.
pub fn default_dir(root: &Path) -> PathBuf {
    root.join("scenarios")
}
