//! Unsolicited updates: IDLE pushes (and their latency), coalescing of
//! bursts, nothing pushed between commands, and no EXPUNGE during FETCH,
//! STORE or SEARCH by sequence number.
//!
//! INBOX starts with the healthy preset's sample mailbox (`s` messages);
//! the tests' own messages follow it, at `s + 1`, `s + 2`, ….

use std::time::{Duration, Instant};

use mock_gmail::model::preset::WORKSPACE_EMAIL;
use mock_gmail::{MockGmail, MockHandle, Options};

use crate::support::{mail, sample_count, search_line, wire_login, Wire};

/// The push deadline issue #6 sets.
const DEADLINE: Duration = Duration::from_millis(100);

fn note(i: usize) -> Vec<u8> {
    mail(
        "Jan <jan@firma.example>",
        WORKSPACE_EMAIL,
        &format!("Nowa {i}"),
        "",
        "x",
    )
}

async fn mock_with(n: usize) -> MockHandle {
    let mock = MockGmail::builder().start().await.unwrap();
    for i in 0..n {
        mock.deliver(WORKSPACE_EMAIL, note(i)).unwrap();
    }
    mock
}

async fn idling(mock: &MockHandle, folder: &str) -> Wire {
    let mut w = wire_login(mock).await;
    w.cmd("s", &format!("SELECT \"{folder}\"")).await;
    w.send("i IDLE\r\n").await;
    assert_eq!(w.line().await, "+ idling");
    w
}

/// The middle value (sorts `v`).
fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::test]
async fn idle_push_latency_from_a_delivery() {
    let mock = mock_with(1).await;
    let s = sample_count("INBOX");
    let mut w = idling(&mock, "INBOX").await;
    let mut times = Vec::new();
    for i in 0..5 {
        let t0 = Instant::now();
        mock.deliver(WORKSPACE_EMAIL, note(i)).unwrap();
        assert_eq!(w.line().await, format!("* {} EXISTS", s + i as u32 + 2));
        times.push(t0.elapsed());
    }
    let max = *times.iter().max().unwrap();
    let med = median(&mut times);
    eprintln!("IDLE push after a delivery: {times:?} (median {med:?})");
    assert!(
        med < DEADLINE,
        "median {med:?} over {DEADLINE:?}: {times:?}"
    );
    assert!(max < 5 * DEADLINE, "{times:?}");
    w.send("DONE\r\n").await;
    assert_eq!(
        w.until_tagged("i").await,
        ["i OK IDLE terminated (Success)"]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn idle_push_latency_from_another_session() {
    let mock = mock_with(2).await;
    let mut idle = idling(&mock, "INBOX").await;
    let mut other = wire_login(&mock).await;
    other.cmd("s", "SELECT INBOX").await;
    // The test's two messages (sequence number = UID) after the sample.
    let (a, b) = (sample_count("INBOX") + 1, sample_count("INBOX") + 2);
    let mut times = Vec::new();
    for (i, (cmd, pushed)) in [
        (
            format!("STORE {a} +FLAGS.SILENT (\\Seen)"),
            format!("* {a} FETCH (UID {a} FLAGS (\\Seen))"),
        ),
        (
            format!("STORE {b} +FLAGS.SILENT (\\Flagged)"),
            format!("* {b} FETCH (UID {b} FLAGS (\\Flagged))"),
        ),
        (
            format!("STORE {a} -FLAGS.SILENT (\\Seen)"),
            format!("* {a} FETCH (UID {a} FLAGS ())"),
        ),
        (
            format!("UID STORE {b} FLAGS.SILENT ()"),
            format!("* {b} FETCH (UID {b} FLAGS ())"),
        ),
        (
            format!("STORE {a}:{b} +FLAGS.SILENT (\\Answered)"),
            format!("* {a} FETCH (UID {a} FLAGS (\\Answered))"),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let t0 = Instant::now();
        let tag = format!("b{i}");
        other.cmd(&tag, &cmd).await;
        assert_eq!(idle.line().await, pushed);
        times.push(t0.elapsed());
        if i == 4 {
            assert_eq!(
                idle.line().await,
                format!("* {b} FETCH (UID {b} FLAGS (\\Answered))")
            );
        }
    }
    let med = median(&mut times);
    eprintln!("IDLE push after another session's STORE: {times:?} (median {med:?})");
    assert!(med < DEADLINE, "median {med:?}: {times:?}");
    // An expunge elsewhere is pushed too.
    let t0 = Instant::now();
    other
        .cmd("m", &format!("UID MOVE {a} \"[Gmail]/Trash\""))
        .await;
    assert_eq!(idle.line().await, format!("* {a} EXPUNGE"));
    assert!(t0.elapsed() < 5 * DEADLINE);
    mock.shutdown().await;
}

#[tokio::test]
async fn a_burst_is_one_exists_and_noop_does_not_repeat_it() {
    // A wider window than the default 20 ms, so a busy test machine that
    // pauses this task between deliveries still sees one burst.
    let options = Options {
        imap_push_coalesce: Duration::from_millis(60),
        ..Options::default()
    };
    let mock = MockGmail::builder().options(options).start().await.unwrap();
    let s = sample_count("INBOX");
    mock.deliver(WORKSPACE_EMAIL, note(0)).unwrap();
    let mut w = idling(&mock, "INBOX").await;
    for i in 0..3 {
        mock.deliver(WORKSPACE_EMAIL, note(i)).unwrap();
    }
    assert_eq!(w.line().await, format!("* {} EXISTS", s + 4));
    assert_eq!(w.line_within(Duration::from_millis(200)).await, None);
    w.send("DONE\r\n").await;
    assert_eq!(
        w.until_tagged("i").await,
        ["i OK IDLE terminated (Success)"]
    );
    assert_eq!(w.cmd("n1", "NOOP").await, ["n1 OK Success"]);
    // A bulk change from another session is one report as well.
    let mut other = wire_login(&mock).await;
    other.cmd("s", "SELECT INBOX").await;
    w.send("i2 IDLE\r\n").await;
    assert_eq!(w.line().await, "+ idling");
    other
        .cmd(
            "c",
            &format!("COPY {}:{} \"[Gmail]/Starred\"", s + 1, s + 4),
        )
        .await;
    let mut pushed = Vec::new();
    while let Some(l) = w.line_within(Duration::from_millis(200)).await {
        pushed.push(l);
    }
    assert_eq!(
        pushed,
        (s + 1..=s + 4)
            .map(|i| format!("* {i} FETCH (UID {i} FLAGS (\\Flagged))"))
            .collect::<Vec<_>>()
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn nothing_is_pushed_between_commands() {
    let mock = mock_with(1).await;
    let s = sample_count("INBOX");
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    mock.deliver(WORKSPACE_EMAIL, note(1)).unwrap();
    assert_eq!(w.line_within(Duration::from_millis(150)).await, None);
    assert_eq!(
        w.cmd("n1", "NOOP").await,
        [format!("* {} EXISTS", s + 2), "n1 OK Success".into()]
    );
    assert_eq!(w.cmd("n2", "NOOP").await, ["n2 OK Success"]);
    // Changes that happened before IDLE are reported as it starts.
    mock.deliver(WORKSPACE_EMAIL, note(2)).unwrap();
    w.send("i IDLE\r\n").await;
    assert_eq!(w.line().await, "+ idling");
    assert_eq!(w.line().await, format!("* {} EXISTS", s + 3));
    assert_eq!(w.line_within(Duration::from_millis(100)).await, None);
    mock.shutdown().await;
}

#[tokio::test]
async fn no_expunge_during_fetch_store_or_search_by_number() {
    let mock = mock_with(3).await;
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    let mut other = wire_login(&mock).await;
    other.cmd("s", "SELECT INBOX").await;
    // The test's first message (after the sample) leaves INBOX.
    let s = sample_count("INBOX");
    let first = s + 1;
    other
        .cmd("m", &format!("MOVE {first} \"[Gmail]/Trash\""))
        .await;
    mock.deliver(WORKSPACE_EMAIL, note(9)).unwrap();
    // Numbers stay as the client knows them; only the new message shows.
    let last = s + 4;
    let mut want = vec![format!("* {last} EXISTS")];
    want.extend((1..=last).map(|i| format!("* {i} FETCH (UID {i})")));
    want.push("f OK Success".into());
    assert_eq!(w.cmd("f", "FETCH 1:* (UID)").await, want);
    assert_eq!(
        w.cmd("q", "SEARCH ALL").await,
        [
            search_line(1..=last),
            "q OK SEARCH completed (Success)".into()
        ]
    );
    assert_eq!(
        w.cmd("t", &format!("STORE {} +FLAGS (\\Seen)", s + 2))
            .await,
        [
            format!("* {} FETCH (FLAGS (\\Seen))", s + 2),
            "t OK Success".into()
        ]
    );
    // A command that may expunge reports it, once.
    assert_eq!(
        w.cmd("n", "NOOP").await,
        [format!("* {first} EXPUNGE"), "n OK Success".into()]
    );
    assert_eq!(
        w.cmd("u", "UID SEARCH ALL").await,
        [
            search_line((1..=last).filter(|u| *u != first)),
            "u OK SEARCH completed (Success)".into()
        ]
    );
    mock.shutdown().await;
}
