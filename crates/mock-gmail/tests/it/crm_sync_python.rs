//! The CRM sync of `crm_sync.rs`, done by Python's `imaplib` and `smtplib`
//! (`python/crm_sync.py`, embedded): a second, independent client stack,
//! over real TLS with the mock's CA, against the healthy preset's sample
//! mailbox. The script checks every result against the seeded bytes and
//! Python's own MIME parse; this test then checks the mock's side.
//!
//! Skips (with a message) when `python3` is missing, unless
//! `GMAIL_HARNESS_REQUIRE_PYTHON=1` (set by `.ci/run`), which makes a
//! missing interpreter a failure.

use std::path::Path;
use std::process::{Command, Output};

use base64::Engine as _;
use mock_gmail::model::preset::*;
use mock_gmail::seed::sample;
use mock_gmail::store::names;
use mock_gmail::MockGmail;

const SCRIPT: &str = include_str!("python/crm_sync.py");

fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("python3");
    }
    assert!(
        std::env::var("GMAIL_HARNESS_REQUIRE_PYTHON").as_deref() != Ok("1"),
        "python3 is required (GMAIL_HARNESS_REQUIRE_PYTHON=1) but not found"
    );
    eprintln!("SKIPPED crm_sync_python: python3 not found on PATH");
    None
}

#[tokio::test]
async fn imaplib_and_smtplib_sync_the_sample_mailbox() {
    let Some(py) = python() else { return };
    let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    mock.write_ca(&ca).unwrap();
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let inbox: Vec<serde_json::Value> = sample::in_folder(names::INBOX)
        .iter()
        .map(|m| serde_json::json!({ "file": m.file, "raw": b64(m.raw), "flags": m.flags }))
        .collect();
    let cfg = serde_json::json!({
        "host": "127.0.0.1",
        "imaps_port": mock.imaps_addr().port(),
        "smtps_port": mock.smtps_addr().port(),
        "ca_file": ca,
        "user": WORKSPACE_EMAIL,
        "password": WORKSPACE_PASSWORD,
        "other_user": CONSUMER_EMAIL,
        "other_password": CONSUMER_PASSWORD,
        "inbox": inbox,
    });
    let cfg_path = dir.path().join("cfg.json");
    std::fs::write(&cfg_path, cfg.to_string()).unwrap();
    let script = dir.path().join("crm_sync.py");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = run_script(py, &script, &cfg_path).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("all steps passed"),
        "python sync failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    print!("{stdout}");
    // The mock's side of the story.
    assert_eq!(
        mock.mailbox_messages(WORKSPACE_EMAIL, "Klienci/Ewa")
            .unwrap()
            .len(),
        1
    );
    let sent = mock.mailbox_messages(WORKSPACE_EMAIL, names::SENT).unwrap();
    assert!(sent.last().unwrap().ends_with(b"Faktura w drodze.\r\n"));
    let jan_sent = mock.mailbox_messages(CONSUMER_EMAIL, names::SENT).unwrap();
    assert_eq!(jan_sent.len(), 1, "the delivery's sender has its copy too");
    mock.shutdown().await;
}

/// Runs the script off the runtime's worker threads, so the mock keeps
/// serving it meanwhile.
async fn run_script(py: &str, script: &Path, cfg: &Path) -> Output {
    let mut cmd = Command::new(py);
    cmd.arg(script).arg(cfg);
    tokio::task::spawn_blocking(move || cmd.output().expect("running python3"))
        .await
        .unwrap()
}
