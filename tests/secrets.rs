//! One sweep over every output channel for the test secrets: transcripts,
//! tracing logs at TRACE level, text and JSON reports (EN and PL), error
//! messages, `Debug` of configuration and state types, and every committed
//! snapshot. Any hit fails — in any of the forms a secret travels in
//! (plain, app password with and without spaces, SASL base64 payloads).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use gmail_wire::sasl;
use mail_doctor::report::{json, text};
use mail_doctor::{Config, Credential, Lang, LocalGmail, Network};
use mock_gmail::model::preset::*;
use mock_gmail::MockGmail;

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

fn secrets() -> Vec<String> {
    let plain = [
        WORKSPACE_PASSWORD,
        CONSUMER_PASSWORD,
        STALE_PASSWORD,
        WORKSPACE_APP_PASSWORD,
        WORKSPACE_OAUTH_TOKEN,
        scenario_runner::scenario::WRONG_PASSWORD,
        scenario_runner::scenario::REVOKED_APP_PASSWORD,
        scenario_runner::scenario::EXPIRED_TOKEN,
    ];
    let mut v: Vec<String> = plain.iter().map(|s| s.to_string()).collect();
    v.push(WORKSPACE_APP_PASSWORD.replace(' ', ""));
    v.push(scenario_runner::scenario::REVOKED_APP_PASSWORD.replace(' ', ""));
    for (user, pw) in [
        (WORKSPACE_EMAIL, WORKSPACE_PASSWORD),
        (WORKSPACE_EMAIL, WORKSPACE_APP_PASSWORD),
        (CONSUMER_EMAIL, CONSUMER_PASSWORD),
    ] {
        v.push(sasl::encode_plain(user, pw).expose().clone());
    }
    v.push(
        sasl::encode_xoauth2(WORKSPACE_EMAIL, WORKSPACE_OAUTH_TOKEN)
            .expose()
            .clone(),
    );
    v.push(
        sasl::encode_xoauth2(WORKSPACE_EMAIL, "ya29.expired")
            .expose()
            .clone(),
    );
    v.push("ya29.expired".into());
    v
}

fn assert_clean(channel: &str, text: &str) {
    for s in secrets() {
        assert!(
            !text.contains(&s),
            "secret {s:?} found in {channel}:\n{}",
            &text[text.find(&s).unwrap().saturating_sub(200)..]
        );
    }
}

fn doctor_config(mock: &mock_gmail::MockHandle, email: &str, credential: Credential) -> Config {
    let a = mock.addrs();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut c = Config::new(email, credential);
    c.network = Network::local_gmail(&LocalGmail {
        imaps: a.imaps,
        imap: a.imap,
        smtps: a.smtps,
        submission: a.submission,
        smtp_relay: a.smtp_relay,
        closed,
    });
    c.ca_pem = Some(mock.ca_pem().to_owned());
    c.as_of = mock_gmail::model::era::ARTICLE_ERA;
    c.timeout = std::time::Duration::from_secs(2);
    c
}

#[test]
fn no_secret_reaches_any_output() {
    let logs = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    // This binary holds one test, so nothing else reaches tracing's
    // callsites first; rebuilding the interest cache after installing the
    // subscriber makes that certain rather than a matter of test order.
    let _guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut outputs: Vec<(String, String)> = Vec::new();
    rt.block_on(async {
        for mode in ["healthy", "app-password-required", "less-secure-rejected", "bad-password"] {
            let mock = MockGmail::builder().mode(mode).start().await.unwrap();
            let creds = [
                Credential::Password(WORKSPACE_PASSWORD.to_string().into()),
                Credential::Password(WORKSPACE_APP_PASSWORD.to_string().into()),
                Credential::Password(STALE_PASSWORD.to_string().into()),
                Credential::OAuthToken(WORKSPACE_OAUTH_TOKEN.to_string().into()),
                Credential::OAuthToken("ya29.expired".to_string().into()),
            ];
            for cred in creds {
                let mut cfg = doctor_config(&mock, WORKSPACE_EMAIL, cred);
                cfg.send_test = true;
                outputs.push((format!("{mode}: Debug of Config"), format!("{cfg:?}")));
                let r = mail_doctor::diagnose(&cfg).await.unwrap();
                for lang in [Lang::En, Lang::Pl] {
                    outputs.push((format!("{mode}: text report {lang:?}"), text::render(&r, lang, true)));
                    outputs.push((format!("{mode}: JSON report {lang:?}"), json::render(&r, lang)));
                }
                outputs.push((format!("{mode}: Debug of Report"), format!("{r:?}")));
            }
            // What the server recorded of those sessions (malformed and
            // literal LOGIN lines are swept by mock-gmail's own secrets test).
            for t in mock.transcripts() {
                outputs.push((format!("{mode}: transcript {}", t.id), t.to_text()));
                outputs.push((format!("{mode}: Debug of transcript {}", t.id), format!("{t:?}")));
            }
            outputs.push((format!("{mode}: Debug of accounts"), format!("{:?}", mock.accounts())));
            outputs.push((format!("{mode}: Debug of policy"), format!("{:?}", mock.policy())));
            outputs.push((format!("{mode}: Debug of handle"), format!("{mock:?}")));
            outputs.push((format!("{mode}: Debug of messages"), format!("{:?}", mock.messages())));
            mock.shutdown().await;
        }
        // Error messages that quote input.
        let mut cfg = Config::new(WORKSPACE_EMAIL, Credential::Password(WORKSPACE_PASSWORD.to_string().into()));
        cfg.ca_file = Some("/nonexistent/ca.pem".into());
        let e = mail_doctor::diagnose(&cfg).await.unwrap_err();
        outputs.push(("doctor error".into(), format!("{e} {e:?}")));
        let bad = format!("description = \"x\"\nas_of = 2020-06-01\nmode = \"healthy\"\n[[accounts]]\nemail = \"a@b.c\"\npassword = \"{WORKSPACE_PASSWORD}\"\nbogus = 1\n[customer]\nsecret = \"account-password\"\n[expect]\nremediation = \"none\"\n");
        let e = scenario_runner::Scenario::parse(&bad, Path::new("secret.toml")).unwrap_err();
        outputs.push(("scenario parse error".into(), format!("{e} {e:?}")));
    });
    outputs.push((
        "tracing logs at TRACE".into(),
        String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned(),
    ));
    // Every committed snapshot.
    for dir in [
        "tests/snapshots",
        "crates/mail-doctor/tests/it/snapshots",
        "crates/mock-gmail/tests/it/snapshots",
    ] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = entry.unwrap().path();
            outputs.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    assert!(
        outputs.len() > 100,
        "the sweep saw too little: {}",
        outputs.len()
    );
    assert!(
        outputs
            .iter()
            .any(|(c, t)| c.starts_with("tracing") && t.contains("auth decision")),
        "TRACE logs were not captured"
    );
    for (channel, text) in &outputs {
        assert_clean(channel, text);
    }
}
