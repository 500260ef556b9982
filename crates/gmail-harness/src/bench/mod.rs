//! `gmail-harness bench`: measured, not asserted. Workloads:
//! 1. IMAPS sessions/s (connect → greeting → LOGIN → SELECT INBOX →
//!    FETCH 1:10 (FLAGS RFC822.SIZE ENVELOPE) → LOGOUT), p50/p99;
//! 2. SMTP submissions/s over implicit TLS with AUTH PLAIN, 10 KiB messages;
//! 3. memory: server RSS idle and with N idle logged-in IMAPS connections;
//! 4. start-up: process start to all four listeners accepting;
//! 5. the scenario suite's wall time;
//! 6. soak ([`soak`], only when named): ten minutes of test cases at c=32,
//!    the server's RSS sampled to show it flat once captures are full.
//!
//! By default the mock runs as a child process (`serve --mode open`), so
//! its CPU and memory are measured apart from the load generator's, exactly
//! as for an external server (`--external …`, used by bench/compare.sh to
//! measure Dovecot and aiosmtpd the same way).

pub mod ceiling;
mod client;
mod control;
mod procfs;
mod soak;
mod stats;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use serde::Serialize;

use crate::args::BenchArgs;
use client::Target;
use stats::Summary;

/// The mock as a child process.
struct Server {
    child: Child,
    target: Target,
    addrs: [SocketAddr; 4],
    /// The control API, when spawned with it.
    http: Option<SocketAddr>,
    _dir: tempdir::Dir,
}

/// A private temp directory removed on drop (no extra dependency).
mod tempdir {
    use std::path::PathBuf;

    #[derive(Debug)]
    pub struct Dir(pub PathBuf);

    impl Dir {
        pub fn new(tag: &str) -> std::io::Result<Dir> {
            let p = std::env::temp_dir().join(format!(
                "gmail-harness-bench-{tag}-{}-{}",
                std::process::id(),
                fastrand_like()
            ));
            std::fs::create_dir_all(&p)?;
            Ok(Dir(p))
        }
    }

    fn fastrand_like() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn tls_config(ca_pem: &[u8]) -> anyhow::Result<Arc<rustls::ClientConfig>> {
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca_pem) {
        roots.add(c.context("CA PEM")?).context("CA certificate")?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth(),
    ))
}

impl Server {
    /// Starts `serve --mode open` (with `--http-port 0` when `http`) and
    /// waits for its ready line.
    fn spawn(http: bool) -> anyhow::Result<(Server, Duration)> {
        let dir = tempdir::Dir::new("server").context("temp dir")?;
        let ca = dir.0.join("ca.pem");
        let exe = std::env::current_exe().context("locating gmail-harness")?;
        let started = Instant::now();
        let mut child = Command::new(exe)
            .args(["serve", "--mode", "open", "--ca-out"])
            .arg(&ca)
            .args(if http { &["--http-port", "0"][..] } else { &[] })
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("spawning the mock")?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("child stdout")?).read_line(&mut line)?;
        let ready_after = started.elapsed();
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("ready line {line:?}"))?;
        let addr = |k: &str| -> anyhow::Result<SocketAddr> {
            Ok(v[k].as_str().context("address")?.parse()?)
        };
        let addrs = [
            addr("imaps")?,
            addr("imap")?,
            addr("smtps")?,
            addr("submission")?,
        ];
        let http = match v.get("http") {
            Some(h) => Some(h.as_str().context("http address")?.parse()?),
            None => None,
        };
        let target = Target {
            imaps: addrs[0],
            smtps: addrs[2],
            tls: tls_config(&std::fs::read(&ca)?)?,
            server_name: ServerName::try_from("localhost")?.to_owned(),
        };
        Ok((
            Server {
                child,
                target,
                addrs,
                http,
                _dir: dir,
            },
            ready_after,
        ))
    }

    fn pid(&self) -> Vec<String> {
        vec![self.child.id().to_string()]
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Everything measured, for `--json` and the comparison script.
#[derive(Debug, Default, Serialize)]
struct Results {
    ceiling: Vec<Summary>,
    imaps: Vec<Summary>,
    smtp: Vec<Summary>,
    memory: Option<Memory>,
    startup: Option<Startup>,
    scenarios: Option<ScenarioTimes>,
    soak: Option<soak::Soak>,
}

#[derive(Debug, Serialize)]
struct Memory {
    idle_rss_kib: u64,
    idle_pss_kib: Option<u64>,
    held: Vec<Held>,
}

#[derive(Debug, Serialize)]
struct Held {
    connections: usize,
    opened: usize,
    errors: usize,
    rss_kib: u64,
    pss_kib: Option<u64>,
    per_connection_kib: f64,
    open_seconds: f64,
}

#[derive(Debug, Serialize)]
struct Startup {
    runs: usize,
    ready_line_ms_median: f64,
    all_accepting_ms_median: f64,
    all_accepting_ms_min: f64,
    all_accepting_ms_max: f64,
}

#[derive(Debug, Serialize)]
struct ScenarioTimes {
    scenarios: usize,
    runs: usize,
    wall_s_median: f64,
    wall_s_min: f64,
    wall_s_max: f64,
    all_passed: bool,
}

struct Ctx {
    target: Target,
    server_pids: Vec<String>,
    users: usize,
    prefix: String,
    domain: String,
    password: String,
}

impl Ctx {
    fn user(&self, i: usize) -> String {
        format!("{}{}@{}", self.prefix, i % self.users.max(1), self.domain)
    }
}

fn cpu(pids: &[String]) -> Option<f64> {
    procfs::sum(pids, procfs::cpu_seconds)
}

/// Runs `f` with `c` workers for `dur`, recording each call's latency.
async fn load<F, Fut>(ctx: &Ctx, c: usize, dur: Duration, f: F) -> Summary
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static + Clone,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let client_cpu0 = procfs::cpu_seconds("self").unwrap_or(0.0);
    let server_cpu0 = cpu(&ctx.server_pids);
    let started = Instant::now();
    let deadline = started + dur;
    let mut tasks = Vec::new();
    for w in 0..c {
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0u64;
            let mut last_error = None;
            let mut n = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                match f(w, n).await {
                    Ok(()) => lat.push(t.elapsed()),
                    Err(e) => {
                        errors += 1;
                        last_error = Some(e);
                    }
                }
                n += 1;
            }
            (lat, errors, last_error)
        }));
    }
    let mut lat = Vec::new();
    let mut errors = 0;
    let mut last_error = None;
    for t in tasks {
        if let Ok((l, e, le)) = t.await {
            lat.extend(l);
            errors += e;
            last_error = le.or(last_error);
        }
    }
    if let Some(e) = last_error {
        eprintln!("  (last error: {e})");
    }
    let wall = started.elapsed();
    let client_cpu = procfs::cpu_seconds("self").unwrap_or(0.0) - client_cpu0;
    let server_cpu = match (server_cpu0, cpu(&ctx.server_pids)) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    stats::summarise(c, lat, errors, wall, client_cpu, server_cpu)
}

async fn seed(ctx: &Ctx, users: usize) -> anyhow::Result<()> {
    // Ten messages in the INBOX of every user the IMAPS workload logs in as.
    for n in 0..10 {
        let from = ctx.user(0);
        let msg = client::message(2048, &from, &from, n);
        for u in 0..users.min(ctx.users) {
            client::smtp_submit(&ctx.target, &from, &ctx.password, &ctx.user(u), &msg)
                .await
                .map_err(|e| anyhow::anyhow!("seeding: {e}"))?;
        }
    }
    Ok(())
}

fn print_summary(kind: &str, s: &Summary) {
    println!(
        "{kind:<6} c={:<3} {:>9.1}/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ok {:>6}  errors {:>4}  client cpu {:>5.2}s  server cpu {}",
        s.concurrency,
        s.per_sec,
        s.p50_ms,
        s.p99_ms,
        s.ok,
        s.errors,
        s.client_cpu_s,
        s.server_cpu_s.map(|c| format!("{c:.2}s")).unwrap_or_else(|| "n/a".into()),
    );
}

fn pss_text(pss: Option<u64>) -> String {
    pss.map(|p| format!("PSS {p} KiB"))
        .unwrap_or_else(|| "PSS n/a".into())
}

/// Deletes the mail of every bench user and of `rcpt` over the control
/// API (what a suite does between runs), so the memory figures that follow
/// show the server without the mail the earlier workloads left.
async fn clear_mail(ctx: &Ctx, http: SocketAddr, rcpt: &str) -> anyhow::Result<()> {
    let (mut accounts, mut messages) = (0, 0);
    let users = (0..ctx.users).map(|i| ctx.user(i));
    for email in users.chain([rcpt.to_owned()]) {
        if let Some(n) = control::clear_mailbox(http, &email)
            .await
            .map_err(|e| anyhow::anyhow!(e))?
        {
            accounts += 1;
            messages += n;
        }
    }
    println!("memory cleared the mail of {accounts} accounts ({messages} messages)");
    Ok(())
}

async fn memory(
    ctx: &Ctx,
    http: Option<SocketAddr>,
    counts: &[usize],
    clear: Option<&str>,
) -> anyhow::Result<Memory> {
    let pids = &ctx.server_pids;
    if let Some(rcpt) = clear {
        let h = http.context("--clear-mail needs the spawned mock's control API")?;
        clear_mail(ctx, h, rcpt).await?;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = procfs::sum(pids, procfs::rss_kib)
        .context("reading the server's RSS (is --server-pid right?)")?;
    let idle_pss = procfs::sum(pids, procfs::pss_kib);
    println!("memory idle RSS {idle} KiB  {}", pss_text(idle_pss));
    if let Some(h) = http {
        // What the workloads before left captured (bounded) in the mock.
        match control::captures(h).await {
            Ok(c) => println!("memory captures: {}", control::describe(&c)),
            Err(e) => eprintln!("  (captures: {e})"),
        }
    }
    let mut held = Vec::new();
    for &n in counts {
        let started = Instant::now();
        let mut conns = Vec::with_capacity(n);
        let mut errors = 0;
        // Open in waves so the accept queue is not the bottleneck.
        for wave in (0..n).collect::<Vec<_>>().chunks(200) {
            let mut js = Vec::new();
            for &i in wave {
                let t = ctx.target.clone();
                let user = ctx.user(i);
                let pass = ctx.password.clone();
                js.push(tokio::spawn(async move {
                    client::imap_hold(&t, &user, &pass).await
                }));
            }
            for j in js {
                match j.await {
                    Ok(Ok(c)) => conns.push(c),
                    _ => errors += 1,
                }
            }
        }
        let open_seconds = started.elapsed().as_secs_f64();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let rss = procfs::sum(pids, procfs::rss_kib).unwrap_or(0);
        let pss = procfs::sum(pids, procfs::pss_kib);
        let per = if conns.is_empty() {
            0.0
        } else {
            (rss.saturating_sub(idle)) as f64 / conns.len() as f64
        };
        println!("memory {n:>6} held: opened {:>6}  errors {errors:>4}  RSS {rss} KiB  {}  {per:.1} KiB/connection  ({open_seconds:.1}s to open)", conns.len(), pss_text(pss));
        held.push(Held {
            connections: n,
            opened: conns.len(),
            errors,
            rss_kib: rss,
            pss_kib: pss,
            per_connection_kib: (per * 10.0).round() / 10.0,
            open_seconds: (open_seconds * 10.0).round() / 10.0,
        });
        drop(conns);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(Memory {
        idle_rss_kib: idle,
        idle_pss_kib: idle_pss,
        held,
    })
}

/// Runs the ceiling workload against a `tls-ceiling` child process.
async fn ceiling_runs(concurrency: &[usize], dur: Duration) -> anyhow::Result<Vec<Summary>> {
    let dir = tempdir::Dir::new("ceiling")?;
    let ca = dir.0.join("ca.pem");
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(["tls-ceiling", "--ca-out"])
        .arg(&ca)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("child stdout")?).read_line(&mut line)?;
    let v: serde_json::Value =
        serde_json::from_str(&line).with_context(|| format!("ceiling ready line {line:?}"))?;
    let addr: SocketAddr = v["addr"].as_str().context("addr")?.parse()?;
    let t = ceiling::target(&std::fs::read(&ca)?, addr)?;
    let ctx = Ctx {
        target: t.0.clone(),
        server_pids: vec![child.id().to_string()],
        users: 1,
        prefix: String::new(),
        domain: String::new(),
        password: String::new(),
    };
    let mut out = Vec::new();
    for &c in concurrency {
        let t = t.clone();
        let s = load(&ctx, c, dur, move |_, _| {
            let t = t.clone();
            async move { ceiling::session(&t.0, t.1).await }
        })
        .await;
        print_summary("tls", &s);
        out.push(s);
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(out)
}

async fn startup(runs: usize) -> anyhow::Result<Startup> {
    let mut ready = Vec::new();
    let mut accepting = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let (server, ready_after) = Server::spawn(false)?;
        // Every listener must accept a TCP connection.
        for a in server.addrs {
            TcpStream::connect_timeout(&a, Duration::from_secs(2))
                .with_context(|| format!("connecting to {a}"))?;
        }
        let all = started.elapsed();
        ready.push(ready_after.as_secs_f64() * 1000.0);
        accepting.push(all.as_secs_f64() * 1000.0);
        drop(server);
    }
    let r = |v: f64| (v * 100.0).round() / 100.0;
    let min = accepting.iter().cloned().fold(f64::MAX, f64::min);
    let max = accepting.iter().cloned().fold(0.0, f64::max);
    let s = Startup {
        runs,
        ready_line_ms_median: r(stats::median(ready)),
        all_accepting_ms_median: r(stats::median(accepting)),
        all_accepting_ms_min: r(min),
        all_accepting_ms_max: r(max),
    };
    println!("startup: ready line {:.2} ms, all four listeners accepting {:.2} ms (median of {runs}; {:.2}–{:.2})", s.ready_line_ms_median, s.all_accepting_ms_median, s.all_accepting_ms_min, s.all_accepting_ms_max);
    Ok(s)
}

async fn scenario_suite(dir: &PathBuf, runs: usize) -> anyhow::Result<ScenarioTimes> {
    let files = scenario_runner::discover(std::slice::from_ref(dir))?;
    let mut walls = Vec::new();
    let mut all_passed = true;
    let mut count = 0;
    for _ in 0..runs {
        let scenarios = scenario_runner::load_all(&files)
            .map_err(|e| anyhow::anyhow!("{} scenario files do not parse", e.len()))?;
        count = scenarios.len();
        let started = Instant::now();
        let outcomes = scenario_runner::run_all(scenarios, 8, |_| {}).await;
        walls.push(started.elapsed().as_secs_f64());
        all_passed &= outcomes.iter().all(|o| o.passed);
    }
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    let min = walls.iter().cloned().fold(f64::MAX, f64::min);
    let max = walls.iter().cloned().fold(0.0, f64::max);
    let s = ScenarioTimes {
        scenarios: count,
        runs,
        wall_s_median: r(stats::median(walls)),
        wall_s_min: r(min),
        wall_s_max: r(max),
        all_passed,
    };
    println!(
        "scenarios: {} scenarios, wall {:.3} s median of {runs} ({:.3}–{:.3}), all passed: {}",
        s.scenarios, s.wall_s_median, s.wall_s_min, s.wall_s_max, s.all_passed
    );
    Ok(s)
}

pub async fn run(a: BenchArgs) -> anyhow::Result<u8> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; benchmark figures need `--release` (just bench)"
        );
    }
    if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("warning: cannot raise the open-file limit: {e}");
    }
    let workloads: Vec<String> = a
        .workload
        .iter()
        .flat_map(|w| w.split(','))
        .map(str::to_owned)
        .collect();
    // The soak takes ten minutes: only when named, never as part of "all".
    let wants = |w: &str| {
        workloads
            .iter()
            .any(|x| x == w || (x == "all" && w != "soak"))
    };
    for w in &workloads {
        if ![
            "all",
            "imaps",
            "smtp",
            "memory",
            "startup",
            "scenarios",
            "ceiling",
            "soak",
        ]
        .contains(&w.as_str())
        {
            bail!("--workload {w:?}: expected all, imaps, smtp, memory, startup, scenarios, ceiling or soak");
        }
    }
    if wants("soak") && a.external {
        bail!("--workload soak needs the spawned mock (its control API deletes each test case's mail): drop --external");
    }
    let secs = |flag: &str, v: f64| {
        Duration::try_from_secs_f64(v)
            .map_err(|_| anyhow::anyhow!("{flag} {v}: expected a number of seconds, 0 or more"))
    };
    let soak_duration = secs("--soak-seconds", a.soak_seconds)?;
    let soak_every = secs("--soak-sample-seconds", a.soak_sample_seconds)?;
    if wants("soak") && (soak_duration.is_zero() || a.soak_concurrency == 0) {
        bail!("--workload soak needs --soak-seconds above 0 and --soak-concurrency of 1 or more");
    }
    let mut results = Results::default();
    let needs_server = wants("imaps") || wants("smtp") || wants("memory") || wants("soak");
    let mut http = None;
    let mut spawned: Option<Server> = None;
    let ctx = if !needs_server {
        None
    } else if a.external {
        let (Some(imaps), Some(smtps), Some(ca)) = (a.imaps, a.smtps, a.ca_file.as_ref()) else {
            bail!("--external needs --imaps, --smtps and --ca-file");
        };
        let target = Target {
            imaps,
            smtps,
            tls: tls_config(
                &std::fs::read(ca).with_context(|| format!("--ca-file {}", ca.display()))?,
            )?,
            server_name: ServerName::try_from(a.server_name.clone())?.to_owned(),
        };
        Some(Ctx {
            target,
            server_pids: a.server_pid.iter().map(|p| p.to_string()).collect(),
            users: a.users,
            prefix: a.user_prefix.clone(),
            domain: a.domain.clone(),
            password: a.password.clone(),
        })
    } else {
        let (server, _) = Server::spawn(true)?;
        http = server.http;
        let ctx = Ctx {
            target: server.target.clone(),
            server_pids: server.pid(),
            users: a.users,
            prefix: a.user_prefix.clone(),
            domain: a.domain.clone(),
            password: a.password.clone(),
        };
        spawned = Some(server);
        Some(ctx)
    };
    let dur = Duration::from_secs_f64(a.seconds);
    if let Some(ctx) = &ctx {
        if wants("imaps") && !a.no_seed {
            seed(ctx, a.concurrency.iter().copied().max().unwrap_or(1)).await?;
        }
        let ctx_arc = Arc::new(Ctx {
            target: ctx.target.clone(),
            server_pids: ctx.server_pids.clone(),
            users: ctx.users,
            prefix: ctx.prefix.clone(),
            domain: ctx.domain.clone(),
            password: ctx.password.clone(),
        });
        for &c in &a.concurrency {
            if wants("imaps") {
                let cx = ctx_arc.clone();
                let s = load(ctx, c, dur, move |w, _| {
                    let cx = cx.clone();
                    async move { client::imap_session(&cx.target, &cx.user(w), &cx.password).await }
                })
                .await;
                print_summary("imaps", &s);
                results.imaps.push(s);
            }
        }
        for &c in &a.concurrency {
            if wants("smtp") {
                let cx = ctx_arc.clone();
                let body = Arc::new(client::message(10 * 1024, &ctx.user(0), &a.rcpt, 0));
                let rcpt = a.rcpt.clone();
                let s = load(ctx, c, dur, move |w, _| {
                    let cx = cx.clone();
                    let body = body.clone();
                    let rcpt = rcpt.clone();
                    async move {
                        client::smtp_submit(&cx.target, &cx.user(w), &cx.password, &rcpt, &body)
                            .await
                    }
                })
                .await;
                print_summary("smtp", &s);
                results.smtp.push(s);
            }
        }
        if wants("memory") {
            let clear = a.clear_mail.then_some(a.rcpt.as_str());
            results.memory = Some(memory(ctx, http, &a.connections, clear).await?);
        }
        if wants("soak") {
            let h = http.context("the spawned mock announced no control API")?;
            results.soak =
                Some(soak::run(&ctx_arc, h, a.soak_concurrency, soak_duration, soak_every).await?);
        }
    }
    if wants("ceiling") && !a.external {
        results.ceiling = ceiling_runs(&a.concurrency, dur).await?;
    }
    if wants("startup") && !a.external {
        results.startup = Some(startup(a.startup_runs).await?);
    }
    if wants("scenarios") && !a.external {
        results.scenarios = Some(scenario_suite(&a.scenarios_dir, a.scenario_runs).await?);
    }
    drop(spawned);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    }
    Ok(0)
}
