//! Unsolicited updates: IDLE pushes (and their latency), coalescing of
//! bursts, nothing pushed between commands, and no EXPUNGE during FETCH,
//! STORE or SEARCH by sequence number.

use std::time::{Duration, Instant};

use mock_gmail::model::preset::WORKSPACE_EMAIL;
use mock_gmail::{MockGmail, MockHandle, Options};

use crate::support::{mail, wire_login, Wire};

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
    let mut w = idling(&mock, "INBOX").await;
    let mut times = Vec::new();
    for i in 0..5 {
        let t0 = Instant::now();
        mock.deliver(WORKSPACE_EMAIL, note(i)).unwrap();
        assert_eq!(w.line().await, format!("* {} EXISTS", i + 2));
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
    let mut times = Vec::new();
    for (i, (cmd, pushed)) in [
        (
            "STORE 1 +FLAGS.SILENT (\\Seen)",
            "* 1 FETCH (UID 1 FLAGS (\\Seen))",
        ),
        (
            "STORE 2 +FLAGS.SILENT (\\Flagged)",
            "* 2 FETCH (UID 2 FLAGS (\\Flagged))",
        ),
        (
            "STORE 1 -FLAGS.SILENT (\\Seen)",
            "* 1 FETCH (UID 1 FLAGS ())",
        ),
        ("UID STORE 2 FLAGS.SILENT ()", "* 2 FETCH (UID 2 FLAGS ())"),
        (
            "STORE 1:2 +FLAGS.SILENT (\\Answered)",
            "* 1 FETCH (UID 1 FLAGS (\\Answered))",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let t0 = Instant::now();
        let tag = format!("b{i}");
        other.cmd(&tag, cmd).await;
        assert_eq!(idle.line().await, pushed);
        times.push(t0.elapsed());
        if i == 4 {
            assert_eq!(idle.line().await, "* 2 FETCH (UID 2 FLAGS (\\Answered))");
        }
    }
    let med = median(&mut times);
    eprintln!("IDLE push after another session's STORE: {times:?} (median {med:?})");
    assert!(med < DEADLINE, "median {med:?}: {times:?}");
    // An expunge elsewhere is pushed too.
    let t0 = Instant::now();
    other.cmd("m", "UID MOVE 1 \"[Gmail]/Trash\"").await;
    assert_eq!(idle.line().await, "* 1 EXPUNGE");
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
    mock.deliver(WORKSPACE_EMAIL, note(0)).unwrap();
    let mut w = idling(&mock, "INBOX").await;
    for i in 0..3 {
        mock.deliver(WORKSPACE_EMAIL, note(i)).unwrap();
    }
    assert_eq!(w.line().await, "* 4 EXISTS");
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
    other.cmd("c", "COPY 1:4 \"[Gmail]/Starred\"").await;
    let mut pushed = Vec::new();
    while let Some(l) = w.line_within(Duration::from_millis(200)).await {
        pushed.push(l);
    }
    assert_eq!(
        pushed,
        (1..=4)
            .map(|i| format!("* {i} FETCH (UID {i} FLAGS (\\Flagged))"))
            .collect::<Vec<_>>()
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn nothing_is_pushed_between_commands() {
    let mock = mock_with(1).await;
    let mut w = wire_login(&mock).await;
    w.cmd("s", "SELECT INBOX").await;
    mock.deliver(WORKSPACE_EMAIL, note(1)).unwrap();
    assert_eq!(w.line_within(Duration::from_millis(150)).await, None);
    assert_eq!(w.cmd("n1", "NOOP").await, ["* 2 EXISTS", "n1 OK Success"]);
    assert_eq!(w.cmd("n2", "NOOP").await, ["n2 OK Success"]);
    // Changes that happened before IDLE are reported as it starts.
    mock.deliver(WORKSPACE_EMAIL, note(2)).unwrap();
    w.send("i IDLE\r\n").await;
    assert_eq!(w.line().await, "+ idling");
    assert_eq!(w.line().await, "* 3 EXISTS");
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
    other.cmd("m", "MOVE 1 \"[Gmail]/Trash\"").await;
    mock.deliver(WORKSPACE_EMAIL, note(9)).unwrap();
    // Numbers stay as the client knows them; only the new message shows.
    assert_eq!(
        w.cmd("f", "FETCH 1:* (UID)").await,
        [
            "* 4 EXISTS",
            "* 1 FETCH (UID 1)",
            "* 2 FETCH (UID 2)",
            "* 3 FETCH (UID 3)",
            "* 4 FETCH (UID 4)",
            "f OK Success"
        ]
    );
    assert_eq!(
        w.cmd("q", "SEARCH ALL").await,
        ["* SEARCH 1 2 3 4", "q OK SEARCH completed (Success)"]
    );
    assert_eq!(
        w.cmd("t", "STORE 2 +FLAGS (\\Seen)").await,
        ["* 2 FETCH (FLAGS (\\Seen))", "t OK Success"]
    );
    // A command that may expunge reports it, once.
    assert_eq!(w.cmd("n", "NOOP").await, ["* 1 EXPUNGE", "n OK Success"]);
    assert_eq!(
        w.cmd("u", "UID SEARCH ALL").await,
        ["* SEARCH 2 3 4", "u OK SEARCH completed (Success)"]
    );
    mock.shutdown().await;
}
