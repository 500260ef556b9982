//! scenario-runner's integration tests: one binary, one module per topic,
//! over the real scenario files and real mocks on ephemeral ports.

mod joined;
/// Walks over the ladder's dates, delays and the wrong account (issue 15).
mod ladder_walks;
mod partition;
/// Walks through the sending remediations, against real mocks.
mod sending_walks;

use std::path::{Path, PathBuf};

/// The repository's `scenarios/` directory.
pub fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}
