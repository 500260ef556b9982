//! JSON rendering (stable schema, see [`super::SCHEMA`]).

use super::Report;

/// Pretty JSON of the report.
pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialise report: {e}\"}}"))
}
