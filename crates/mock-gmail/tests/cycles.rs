//! Many start/stop cycles in one process leak nothing.
//!
//! The measure is process-wide — this process's open file descriptors and
//! the runtime's live tasks — so the test lives in a binary of its own:
//! in the shared `it` binary other tests open and close sockets at the same
//! time, and the count said more about their timing than about the mock.

#[path = "it/support.rs"]
mod support;

use mock_gmail::MockGmail;
use support::Wire;

#[tokio::test]
async fn start_stop_cycles_release_everything() {
    // DESIGN: many start/stop cycles in one process; each shutdown waits
    // for every task (so a leaked task would hang here) and closes the
    // sessions. (Whether the port is free is not probed: the OS may hand
    // it to another test's listener at once.) Leaks are measured instead:
    // this process's open file descriptors and this runtime's live tasks
    // must be back where they started.
    let fds = || {
        std::fs::read_dir("/proc/self/fd")
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let tasks = || {
        tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks()
    };
    let (fds_before, tasks_before) = (fds(), tasks());
    for i in 0..100 {
        let mock = MockGmail::builder().mode("healthy").start().await.unwrap();
        let addrs = mock.addrs();
        let mut w = if i % 10 == 0 {
            Wire::tls(addrs.imaps, mock.ca_pem()).await
        } else {
            Wire::plain(addrs.imap, mock.ca_pem()).await
        };
        assert!(w.line().await.starts_with("* OK Gimap ready"));
        tokio::time::timeout(std::time::Duration::from_secs(5), mock.shutdown())
            .await
            .expect("shutdown is prompt");
        assert_eq!(w.line().await, "* BYE [UNAVAILABLE] Server shutting down");
    }
    // Nothing else runs in this binary, so the count is exact up to what
    // the runtime itself may cache; a leak per cycle would be 400+.
    assert!(
        fds() <= fds_before + 4,
        "file descriptors leaked: {fds_before} → {}",
        fds()
    );
    assert_eq!(tasks(), tasks_before, "tasks leaked");
}
