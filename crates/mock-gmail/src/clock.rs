//! The mock's clock: real time plus an offset the handle can advance, so a
//! scenario can "wait 24 hours" for policy propagation in microseconds.
//! Model code takes `now` from here and never reads the system clock.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Monotonic time with a settable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// The current instant on this mock's clock.
    pub fn now(&self) -> Instant {
        Instant::now() + *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut o = self.offset.lock().unwrap_or_else(|e| e.into_inner());
        *o += by;
    }

    /// Back to real time (`MockHandle::reset`): only safe when nothing
    /// holds an instant from the advanced clock, i.e. with a fresh world.
    pub fn reset(&self) {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner()) = Duration::ZERO;
    }
}
