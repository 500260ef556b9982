#!/usr/bin/env bash
# The `imap` crate's own integration suite against the mock: an outside
# check of mock-gmail's IMAP (and SMTP) by tests we did not write.
#
# The suite ships in the crate's crates.io package (tests/imap_integration.rs,
# tests/builder_integration.rs) and expects a GreenMail-style server: any
# user logs in with its own name as password, self-signed certificates are
# accepted. `gmail-harness serve --mode open` is that server. This script
#   1. installs what the suite's default TLS backend (native-tls → OpenSSL)
#      needs, if missing (Debian: libssl-dev, pkg-config);
#   2. copies the crate's package source (the version in our Cargo.lock)
#      to a temporary directory — third-party code is never committed here;
#   3. starts the mock on ephemeral ports and runs the suite against it with
#      TEST_HOST / TEST_IMAP_PORT / TEST_IMAPS_PORT / TEST_SMTPS_PORT, with
#      the `test-full-imap` feature (STARTTLS tests) and `rustls-tls`;
#   4. excludes only the tests listed below — each needs something Gmail
#      does not offer (README, "Peer suites") — and fails if one of them no
#      longer exists, so the list cannot silently go stale;
#   5. stops the mock.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Tests that need what Gmail (and so the mock) does not offer. Keep in step
# with the README's "Peer suites" table.
excluded=(
  inbox        # SORT; `* n RECENT` (Gmail always reports 0); mail to a dotless domain (Gmail: 553 5.1.3)
  inbox_uid    # UID SORT; `* n RECENT`; mail to a dotless domain
  quota        # SETQUOTA (Gmail's quota is read-only: GETQUOTA / GETQUOTAROOT only)
  acl_tests    # ACL (RFC 4314): GETACL / SETACL / DELETEACL / LISTRIGHTS / MYRIGHTS
  list_status  # LIST-STATUS with HIGHESTMODSEQ (needs CONDSTORE, outside issue #6's capability set)
  qresync      # QRESYNC / MODSEQ (RFC 7162)
)
features=test-full-imap,rustls-tls

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1
  fi
}

# 1. OpenSSL headers for native-tls (the suite's default TLS backend).
if ! { command -v pkg-config >/dev/null && pkg-config --exists openssl; }; then
  log "installing libssl-dev and pkg-config (needed by native-tls)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config
fi

# 2. The crate's package source, as pinned in our Cargo.lock.
version=$(sed -n '/^name = "imap"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
[ -n "$version" ] || { log "imap is not in Cargo.lock"; exit 1; }
manifest=$(cargo metadata --format-version 1 --locked \
  | grep -o "\"manifest_path\":\"[^\"]*/imap-$version/Cargo.toml\"" | head -n1 | cut -d'"' -f4)
[ -f "$manifest" ] || { log "cannot find the source of imap $version"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/peer-imap.XXXXXX")
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid"
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -R "$(dirname "$manifest")" "$work/imap"
log "imap $version suite copied to $work/imap"

# 3. The mock in open mode, on ephemeral ports.
cargo build --locked -q -p gmail-harness
"${CARGO_TARGET_DIR:-$root/target}/debug/gmail-harness" serve --mode open --ca-out "$work/ca.pem" \
  >"$work/ready.json" 2>"$work/serve.log" &
mock_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/ready.json" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
port() { sed -n "s/.*\"$1\":\"[^\"]*:\([0-9]*\)\".*/\1/p" "$work/ready.json"; }
export TEST_HOST=127.0.0.1
TEST_IMAP_PORT=$(port imap) TEST_IMAPS_PORT=$(port imaps) TEST_SMTPS_PORT=$(port smtps)
export TEST_IMAP_PORT TEST_IMAPS_PORT TEST_SMTPS_PORT
[ -n "$TEST_IMAPS_PORT" ] || { log "no ready line from serve"; cat "$work/serve.log" >&2; exit 1; }
log "mock (pid $mock_pid): imap $TEST_IMAP_PORT, imaps $TEST_IMAPS_PORT, smtps $TEST_SMTPS_PORT"

# 4. The suite, minus the listed tests. Its own Cargo.lock is used as
# shipped; the build lands in our target dir so reruns are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/peer-imap"
suite=(cargo test --locked --manifest-path "$work/imap/Cargo.toml" --features "$features"
  --test imap_integration --test builder_integration)
listed=$("${suite[@]}" -- --list 2>/dev/null)
skips=()
for t in "${excluded[@]}"; do
  grep -qx "$t: test" <<<"$listed" || { log "excluded test '$t' no longer exists: update the list"; exit 1; }
  skips+=(--skip "$t")
done
"${suite[@]}" -- --exact "${skips[@]}"
log "imap $version suite passed against the mock (${#excluded[@]} tests excluded; see README)"
