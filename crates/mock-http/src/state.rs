//! What every handler gets: the mock it controls. No global state: two
//! mocks in one process each have their own router and state.

use std::sync::Arc;

use mock_gmail::MockHandle;

/// The router's state.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    /// The running mock.
    pub mock: Arc<MockHandle>,
}
