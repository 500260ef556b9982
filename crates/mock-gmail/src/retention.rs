//! Bounded capture buffers: keep the newest N, drop the oldest, count the
//! drops.
//!
//! Why: `serve` is left running for days while a CRM's suite runs
//! thousands of test cases against it. Before the bound, every captured
//! submission and every transcript was kept for ever, so memory grew with
//! every connection (79.7 MiB PSS after one pass of the benchmark's rate
//! workloads against 16.6 MiB fresh). Mailpit (500 messages) and smtp4dev
//! (100 messages, 100 sessions) bound their captures the same way. The
//! drop count is reported (API, console, [`crate::MockHandle`]) so a test
//! that looks for a message sent long ago learns why it is gone instead of
//! seeing an unexplained absence.
//!
//! Mail in the accounts' mailboxes is not a capture: it stays, as on
//! Gmail (see `MockHandle::clear_mailbox` and `MockHandle::reset`).

use std::collections::VecDeque;

use serde::Serialize;

/// How many captures of one kind are kept, the bound, and how many were
/// dropped to stay under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Retention {
    /// Captures held now.
    pub kept: usize,
    /// The bound; 0 = unlimited.
    pub max: usize,
    /// Dropped as the oldest since the mock started (or was last reset or
    /// cleared).
    pub dropped: u64,
}

/// The newest `max` items, oldest first; `max == 0` keeps everything.
#[derive(Debug, Clone)]
pub(crate) struct Ring<T> {
    items: VecDeque<T>,
    max: usize,
    dropped: u64,
    /// Items ever pushed: the next item's sequence number is this + 1, so
    /// ids never repeat when the oldest are dropped or the ring is cleared.
    pushed: u64,
}

impl<T> Ring<T> {
    /// An empty ring keeping at most `max` items (0 = unlimited).
    pub fn new(max: usize) -> Self {
        Ring {
            items: VecDeque::new(),
            max,
            dropped: 0,
            pushed: 0,
        }
    }

    /// The sequence number the next pushed item gets (1 for the first).
    pub fn next_id(&self) -> u64 {
        self.pushed + 1
    }

    /// Appends `item`, dropping the oldest when over the bound.
    pub fn push(&mut self, item: T) {
        self.pushed += 1;
        self.items.push_back(item);
        if self.max > 0 {
            while self.items.len() > self.max {
                self.items.pop_front();
                self.dropped += 1;
            }
        }
    }

    /// The kept items, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter()
    }

    /// Forgets the kept items and the drop count (ids keep counting).
    pub fn clear(&mut self) {
        self.items = VecDeque::new();
        self.dropped = 0;
    }

    /// The counts for reports.
    pub fn retention(&self) -> Retention {
        Retention {
            kept: self.items.len(),
            max: self.max,
            dropped: self.dropped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_and_counts_the_dropped() {
        let mut r = Ring::new(3);
        for i in 1..=5 {
            assert_eq!(r.next_id(), i);
            r.push(i);
        }
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(
            r.retention(),
            Retention {
                kept: 3,
                max: 3,
                dropped: 2
            }
        );
        r.clear();
        assert_eq!(r.retention().kept + r.retention().dropped as usize, 0);
        assert_eq!(r.next_id(), 6, "ids are not reused after a clear");
    }

    #[test]
    fn zero_is_unlimited() {
        let mut r = Ring::new(0);
        for i in 0..10_000 {
            r.push(i);
        }
        assert_eq!(r.retention().kept, 10_000);
        assert_eq!(r.retention().dropped, 0);
    }
}
