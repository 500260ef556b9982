//! Injected misbehaviour in front of a session: close or stall before the
//! greeting, greet with "unavailable", close after the greeting, close or
//! stall when a command of a given stage arrives. Both protocols strike at
//! the same points; only their replies differ, so the protocol passes
//! those in and the gate decides whether they are sent.

use super::Output;
use crate::model::faults::{FaultStage, ListenerFaults};
use crate::transcript::Recorder;

/// One connection's faults, checked at the greeting and at each command.
#[derive(Debug, Default)]
pub(crate) struct FaultGate {
    faults: ListenerFaults,
}

impl FaultGate {
    pub fn new(faults: ListenerFaults) -> Self {
        FaultGate { faults }
    }

    /// What to send first, and what to do then. The replies are built
    /// only if they are sent: building one draws Gmail's random token,
    /// and a fault must not change the tokens of the replies that follow.
    pub fn greeting<R>(
        &self,
        rec: &Recorder,
        unavailable: impl FnOnce() -> R,
        greeting: impl FnOnce() -> Vec<R>,
    ) -> Output<R> {
        let f = &self.faults;
        if f.close_at == Some(FaultStage::Greeting) {
            rec.event("fault: closed before the greeting");
            return Output::close(Vec::new());
        }
        if f.stall_at == Some(FaultStage::Greeting) {
            rec.event("fault: stalled before the greeting");
            return Output::stall();
        }
        if f.unavailable {
            rec.event("fault: service unavailable");
            return Output::close(vec![unavailable()]);
        }
        let greeting = greeting();
        if f.close_after_greeting {
            rec.event("fault: closed after the greeting");
            return Output::close(greeting);
        }
        Output::many(greeting)
    }

    /// The fault (if any) that strikes when a command of `stage` arrives,
    /// before the session sees it (a crash or hang mid-command).
    pub fn at_command<R>(
        &self,
        rec: &Recorder,
        stage: impl FnOnce() -> FaultStage,
    ) -> Option<Output<R>> {
        if self.faults.is_clear() {
            return None;
        }
        let stage = stage();
        if self.faults.close_at == Some(stage) {
            rec.event(&format!("fault: closed at {stage:?}"));
            return Some(Output::close(Vec::new()));
        }
        if self.faults.stall_at == Some(stage) {
            rec.event(&format!("fault: stalled at {stage:?}"));
            return Some(Output::stall());
        }
        None
    }
}
