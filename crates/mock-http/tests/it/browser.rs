//! The console in a real headless Chromium, driven over WebDriver
//! (chromedriver + fantoccini, plain HTTP on loopback): load the page, see
//! the account and the policy, flip "Less secure apps", and see the next
//! IMAP login succeed — what a developer does when the doctor names the
//! setting.
//!
//! Needs Debian's `chromium` and `chromium-driver`
//! (`apt-get install -y chromium chromium-driver`). Without chromedriver
//! the test says so and passes, unless `GMAIL_HARNESS_REQUIRE_BROWSER=1`
//! (CI), where a missing browser fails it. With
//! `GMAIL_HARNESS_SCREENSHOT_DIR=docs/screenshots` it writes the README's
//! screenshots there (`just screenshots`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::support::{send_mail, CrmImap, Harness, ANNA, ANNA_PASSWORD};

/// The flags CRATES.md gives for a quiet headless Chromium.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

fn tool(env: &str, names: &[&str]) -> Option<PathBuf> {
    match std::env::var_os(env) {
        Some(p) => Some(PathBuf::from(p)),
        None => on_path(names),
    }
}

/// chromedriver on a free port, killed on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(exe: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Connects, retrying while chromedriver starts up.
async fn session(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| (*s).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push("--window-size=1280,900".into());
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium.display().to_string(), "args": args }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await;
        match r {
            Ok(c) => return c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start a Chromium session through chromedriver: {e}"),
        }
    }
}

/// Saves a full-page screenshot when asked to (`GMAIL_HARNESS_SCREENSHOT_DIR`);
/// always takes it, so the path is exercised.
async fn screenshot(c: &Client, name: &str) {
    // The window is taller than the page by its own frame.
    let dims = c
        .execute(
            "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight]",
            vec![],
        )
        .await
        .unwrap();
    let height = dims[0].as_u64().unwrap_or(900) + dims[1].as_u64().unwrap_or(0);
    c.set_window_size(1280, height.clamp(400, 4000) as u32)
        .await
        .unwrap();
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    if let Some(dir) = std::env::var_os("GMAIL_HARNESS_SCREENSHOT_DIR") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
    c.set_window_size(1280, 900).await.unwrap();
}

/// Polls until `f` holds (pages change after a form's redirect).
async fn until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn flip_less_secure_apps_in_chromium_and_the_next_login_succeeds() {
    let required = std::env::var("GMAIL_HARNESS_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let driver_exe = tool("CHROMEDRIVER", &["chromedriver"]);
    let chromium = tool(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let (Some(driver_exe), Some(chromium)) = (driver_exe, chromium) else {
        let msg = "browser test skipped: chromedriver or chromium not found \
                   (apt-get install -y chromium chromium-driver, or set CHROMEDRIVER and CHROMIUM)";
        assert!(
            !required,
            "{msg}; GMAIL_HARNESS_REQUIRE_BROWSER=1 makes this a failure"
        );
        eprintln!("{msg}");
        return;
    };
    let started = Instant::now();
    let h = Harness::mode("less-secure-rejected").await;
    let crm = CrmImap::for_mock(&h.mock, ANNA, ANNA_PASSWORD);
    let e = crm.login().await.unwrap_err();
    assert!(e.contains("Please log in via your web browser"), "{e}");

    let profile = tempfile::tempdir().unwrap();
    let driver = Driver::start(&driver_exe);
    let c = session(&driver, &chromium, profile.path()).await;

    // The page: the account and the admin console's setting as it is.
    c.goto(&h.url("/")).await.unwrap();
    assert_eq!(
        c.title().await.unwrap(),
        "Accounts & policy · mock Gmail console"
    );
    let card = c
        .find(Locator::Css(&format!(r#"[id="acct-{ANNA}"]"#)))
        .await
        .unwrap();
    let card_text = card.text().await.unwrap();
    assert!(
        card_text.contains("refused: web-login-required"),
        "{card_text}"
    );
    let lsa = c.find(Locator::Id("less-secure-apps")).await.unwrap();
    assert!(lsa
        .text()
        .await
        .unwrap()
        .contains("Disable access to less secure apps for all users"));
    assert!(c
        .find(Locator::Id("lsa-disabled"))
        .await
        .unwrap()
        .is_selected()
        .await
        .unwrap());
    screenshot(&c, "console-overview").await;

    // Flip it, as the admin would, and save.
    c.find(Locator::Id("lsa-enforced"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("save-less-secure-apps"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the saved setting", || async {
        match c.find(Locator::Id("lsa-enforced")).await {
            Ok(el) => el.is_selected().await.unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("/#policy"));
    let card_text = c
        .find(Locator::Css(&format!(r#"[id="acct-{ANNA}"]"#)))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        card_text.contains("IMAP LOGIN with the account password now: signs in"),
        "{card_text}"
    );

    // The CRM, unchanged, signs in now.
    crm.login().await.unwrap();

    // The transcripts show both logins, redacted.
    c.goto(&h.url("/transcripts")).await.unwrap();
    let text = body_text(&c).await;
    assert!(
        text.contains("Please log in via your web browser")
            && text.contains("authenticated (Success)"),
        "{text}"
    );
    screenshot(&c, "console-transcripts").await;
    let first = h.mock.transcripts()[0].id;
    c.goto(&h.url(&format!("/transcripts/{first}")))
        .await
        .unwrap();
    let text = c
        .find(Locator::Id("transcript"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("LOGIN anna.nowak@firma.example [REDACTED]") && !text.contains(ANNA_PASSWORD),
        "{text}"
    );
    screenshot(&c, "console-transcript").await;

    // A message the CRM sends shows up with headers, text and raw source.
    send_mail(
        &h.mock,
        ANNA,
        ANNA_PASSWORD,
        "klient@example.com",
        "Oferta 2020/06 – Livespace CRM",
        "Dzień dobry,\n\nw załączeniu przesyłam ofertę.\n\nPozdrawiam\nAnna Nowak\n",
    )
    .await;
    c.goto(&h.url("/messages")).await.unwrap();
    assert!(body_text(&c)
        .await
        .contains("Oferta 2020/06 – Livespace CRM"));
    screenshot(&c, "console-messages").await;
    c.find(Locator::LinkText("Oferta 2020/06 – Livespace CRM"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the message page", || async {
        body_text(&c).await.contains("Raw source")
    })
    .await;
    assert!(c
        .find(Locator::Id("text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("przesyłam ofertę"));
    screenshot(&c, "console-message").await;

    // 2-Step Verification on, then an app password, shown once.
    c.goto(&h.url("/")).await.unwrap();
    let card = c
        .find(Locator::Css(&format!(r#"[id="acct-{ANNA}"]"#)))
        .await
        .unwrap();
    card.find(Locator::Css(
        r#"button[data-action="two_step_verification-on"]"#,
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    until("2-Step Verification on", || async {
        h.mock
            .account(ANNA)
            .is_some_and(|a| a.two_step_verification)
    })
    .await;
    let card = c
        .find(Locator::Css(&format!(r#"[id="acct-{ANNA}"]"#)))
        .await
        .unwrap();
    card.find(Locator::Css("input[name=name]"))
        .await
        .unwrap()
        .send_keys("Livespace CRM")
        .await
        .unwrap();
    card.find(Locator::XPath(".//button[text()='Generate']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until("the generated password", || async {
        c.find(Locator::Id("generated-app-password")).await.is_ok()
    })
    .await;
    let secret = c
        .find(Locator::Id("generated-app-password"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        h.mock.account(ANNA).unwrap().is_app_password(&secret),
        "{secret}"
    );
    screenshot(&c, "console-app-password").await;
    CrmImap::for_mock(&h.mock, ANNA, &secret)
        .login()
        .await
        .unwrap();

    c.close().await.unwrap();
    drop(driver);
    h.stop().await;
    eprintln!("browser test took {:?}", started.elapsed());
}
