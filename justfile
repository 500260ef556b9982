# gmail-harness tasks. `just --list` shows them all.

# Snapshots are never auto-accepted in CI (CI=true sets INSTA_UPDATE=no).
export INSTA_UPDATE := env_var_or_default("INSTA_UPDATE", if env_var_or_default("CI", "") == "true" { "no" } else { "new" })

default:
    @just --list

# All tests of the workspace (unit, integration, scenario snapshots).
test:
    cargo test --workspace

# The scenario suite: every scenarios/*.toml against the embedded mock, snapshot-tested.
test-scenarios:
    cargo test --test scenarios -- --nocapture

# Run the scenario files without snapshots (progress lines, diffs, exit code).
scenarios *ARGS:
    cargo run -q -p gmail-harness -- scenarios {{ARGS}}

# Start the mock: `just serve --mode app-password-required`.
serve *ARGS:
    cargo run -q -p gmail-harness -- serve {{ARGS}}

# Diagnose a mailbox: `just diagnose --email you@example.com --password-env PW`.
diagnose *ARGS:
    cargo run -q -p gmail-harness -- diagnose {{ARGS}}

# The imap crate's own integration suite against `serve --mode open` (README "Peer suites").
peer-imap:
    scripts/peer-imap.sh

# RSS of a seeded mailbox with sessions in All Mail: `just seeded-rss [MESSAGES] [SESSIONS] [eml] [whole]`.
seeded-rss *ARGS:
    cargo run -q --release -p mock-gmail --example seeded_rss -- {{ARGS}}

# Retake the web console screenshots in docs/screenshots (headless Chromium; README "Web console and HTTP API").
screenshots:
    GMAIL_HARNESS_SCREENSHOT_DIR={{justfile_directory()}}/docs/screenshots GMAIL_HARNESS_REQUIRE_BROWSER=1 cargo test -p mock-http --test it browser

# Benchmarks (release build).
bench *ARGS:
    cargo run -q --release -p gmail-harness -- bench {{ARGS}}

# Format everything.
fmt:
    cargo fmt --all

# Lints as CI runs them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Review pending snapshots.
review:
    cargo insta review

# What CI runs.
ci:
    .ci/run
