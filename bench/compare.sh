#!/usr/bin/env bash
# Side-by-side benchmark: the mock against Dovecot (IMAP; its default login
# setup and its fast one) and aiosmtpd (SMTP), plus a bare rustls accept loop
# (the ceiling), on 127.0.0.1 with TLS, in one run, alternately, with the same
# load generator (`gmail-harness bench`). Prints the figures and the ratios.
#
#   bench/compare.sh [SECONDS_PER_RUN] [ROUNDS]        (defaults: 5 and 3)
#
# Installs dovecot-imapd (Debian) and aiosmtpd (PyPI) when missing. Fairness:
# every server gets an ECDSA P-256 certificate (the mock's key type) and the
# same users, INBOX contents and password. Only 127.0.0.1 is touched; every
# loop is bounded; everything lives in a temporary directory removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-5}
ROUNDS=${2:-3}
USERS=40          # bench0..bench39: the c=32 workers use their own user each
PASSWORD=bench-password

need() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! need dovecot; then as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq dovecot-imapd; fi
if ! need openssl; then as_root apt-get install -y -qq openssl; fi
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then python3 -m pip install -q aiosmtpd; fi

cargo build -q --release -p gmail-harness
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/gmail-harness

WORK=$(mktemp -d /tmp/gmail-harness-compare.XXXXXX)
# Dovecot's unprivileged processes must reach the users file and Maildirs.
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/run/master.pid" ] && kill "$(cat "$WORK/run/master.pid")" 2>/dev/null || true
  sleep 0.3
  rm -rf "$WORK"
}
trap cleanup EXIT
# A signal must still run the cleanup (bash skips EXIT traps on a fatal signal).
trap 'exit 130' INT TERM HUP
[ -n "${KEEP:-}" ] && trap "echo kept $WORK" EXIT

# --- certificates: a CA and an ECDSA P-256 leaf for localhost ----------------
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/ca.key" 2>/dev/null
openssl req -x509 -new -key "$WORK/ca.key" -subj "/CN=compare CA" -days 2 -out "$WORK/ca.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/leaf.key.ec" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$WORK/leaf.key.ec" -out "$WORK/leaf.key"
openssl req -new -key "$WORK/leaf.key" -subj "/CN=localhost" -out "$WORK/leaf.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$WORK/ext"
openssl x509 -req -in "$WORK/leaf.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 -extfile "$WORK/ext" -out "$WORK/leaf.pem" 2>/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- Dovecot: users, Maildirs with the same 10 messages the mock gets --------
mkdir -p "$WORK/run" "$WORK/state" "$WORK/home"
: > "$WORK/users"
MAIL_UID=$(id -u dovecot 2>/dev/null || id -u)
MAIL_GID=$(id -g dovecot 2>/dev/null || id -g)
for i in $(seq 0 $((USERS - 1))); do
  u="bench$i@bench.example"
  echo "$u:{PLAIN}$PASSWORD" >> "$WORK/users"
  md="$WORK/home/$u/Maildir"
  mkdir -p "$md/cur" "$md/new" "$md/tmp"
  for n in $(seq 0 9); do
    python3 - "$md/cur/100$n.bench:2,S" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
head = f"From: <bench0@bench.example>\r\nTo: <bench0@bench.example>\r\nSubject: bench message {n}\r\nMessage-ID: <bench.{n}@bench.localhost>\r\nDate: Mon, 1 Jun 2020 10:00:00 +0000\r\n\r\n"
body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n" * 24
open(path, "w", newline="").write(head + body)
PY
  done
done
chown -R "$MAIL_UID:$MAIL_GID" "$WORK/home" 2>/dev/null || true

dovecot_conf() { # $1 = port, $2 = fast|default
  cat <<CONF
base_dir = $WORK/run
state_dir = $WORK/state
log_path = $WORK/dovecot.log
info_log_path = /dev/null
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$WORK/leaf.pem
ssl_key = <$WORK/leaf.key
disable_plaintext_auth = yes
auth_mechanisms = plain login
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:~/Maildir
mail_max_userip_connections = 1000
passdb {
  driver = passwd-file
  args = scheme=PLAIN $WORK/users
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_GID home=$WORK/home/%u
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = $1
    ssl = yes
  }
$( [ "$2" = fast ] && printf '  service_count = 0\n  process_min_avail = 2\n  client_limit = 1100\n' )
}
service imap {
  process_limit = 2048
}
CONF
}

start_dovecot() { # $1 = fast|default → prints the port
  local port; port=$(free_port)
  dovecot_conf "$port" "$1" > "$WORK/dovecot.conf"
  dovecot -c "$WORK/dovecot.conf"
  for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
  echo "$port"
}
stop_dovecot() { dovecot -c "$WORK/dovecot.conf" stop 2>/dev/null || true; sleep 0.5; }
# The master and its long-lived children; short-lived children's CPU is
# counted through the master (reaped children's times).
dovecot_pids() {
  local master; master=$(cat "$WORK/run/master.pid")
  { echo "$master"; pgrep -P "$master"; } | sed 's/^/--server-pid /' | tr '\n' ' '
}

start_aiosmtpd() { # sets AIOSMTPD_PORT and AIOSMTPD_PID
  AIOSMTPD_PORT=$(free_port)
  python3 bench/aiosmtpd_server.py "$AIOSMTPD_PORT" "$WORK/leaf.pem" "$WORK/leaf.key" "$PASSWORD" > "$WORK/aiosmtpd.out" 2>&1 &
  AIOSMTPD_PID=$!
  PIDS+=("$AIOSMTPD_PID")
  for _ in $(seq 50); do grep -q READY "$WORK/aiosmtpd.out" 2>/dev/null && break; sleep 0.1; done
}

COMMON=(--seconds "$SECONDS_PER_RUN" --concurrency 1,32 --users "$USERS" --password "$PASSWORD" --json)
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
run() { # $1 = label, rest = bench args
  local label=$1; shift
  echo "--- $label" >&2
  "$BIN" bench "$@" 2>>"$WORK/bench.err" | python3 -c '
import json,sys
text=sys.stdin.read(); start=text.index("{\n")
print(json.dumps({"label": sys.argv[1], **json.loads(text[start:])}))' "$label" >> "$RESULTS"
}

start_aiosmtpd
for round in $(seq 1 "$ROUNDS"); do
  echo "=== round $round/$ROUNDS" >&2
  run mock --workload imaps,smtp,ceiling "${COMMON[@]}"
  for mode in default fast; do
    port=$(start_dovecot "$mode")
    # shellcheck disable=SC2046
    run "dovecot-$mode" --external --workload imaps --imaps "127.0.0.1:$port" --smtps "127.0.0.1:$AIOSMTPD_PORT" --ca-file "$WORK/ca.pem" --no-seed $(dovecot_pids) "${COMMON[@]}"
    stop_dovecot
  done
  run aiosmtpd --external --workload smtp --imaps "127.0.0.1:1" --smtps "127.0.0.1:$AIOSMTPD_PORT" --ca-file "$WORK/ca.pem" --server-pid "$AIOSMTPD_PID" "${COMMON[@]}"
done

python3 - "$RESULTS" "$(dovecot --version | cut -d' ' -f1)" "$(python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)')" "$(cargo --version)" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
dovecot_v, aiosmtpd_v = sys.argv[2], sys.argv[3]

def series(label, kind, c):
    return [s["per_sec"] for r in rows if r["label"] == label for s in r.get(kind, []) if s["concurrency"] == c]

def fmt(v):
    return f"{statistics.median(v):9.1f}  ({min(v):.1f}–{max(v):.1f})" if v else "      n/a"

def med(v):
    return statistics.median(v) if v else float("nan")

print()
print(f"peers: Dovecot {dovecot_v}, aiosmtpd {aiosmtpd_v}; {len(rows)} runs")
print(f"{'workload':<28}{'mock':>28}{'dovecot default':>28}{'dovecot fast':>28}{'aiosmtpd':>28}{'bare rustls':>28}")
for c in (1, 32):
    print(f"{'IMAPS sessions/s c=' + str(c):<28}{fmt(series('mock','imaps',c)):>28}{fmt(series('dovecot-default','imaps',c)):>28}{fmt(series('dovecot-fast','imaps',c)):>28}{'':>28}{fmt(series('mock','ceiling',c)):>28}")
for c in (1, 32):
    print(f"{'SMTP submissions/s c=' + str(c):<28}{fmt(series('mock','smtp',c)):>28}{'':>28}{'':>28}{fmt(series('aiosmtpd','smtp',c)):>28}")
def field(label, kind, c, key):
    return [s[key] for r in rows if r["label"] == label for s in r.get(kind, []) if s["concurrency"] == c and s.get(key) is not None]

print()
print("latency (median of runs) and CPU over a run (median; the load generator must not be the bottleneck)")
print(f"{'server':<18}{'workload':<8}{'c':>4}{'p50 ms':>10}{'p99 ms':>10}{'client cpu s':>14}{'server cpu s':>14}{'wall s':>8}{'errors':>8}")
for label, kind in (("mock", "imaps"), ("dovecot-default", "imaps"), ("dovecot-fast", "imaps"), ("mock", "ceiling"), ("mock", "smtp"), ("aiosmtpd", "smtp")):
    for c in (1, 32):
        if not field(label, kind, c, "per_sec"):
            continue
        p50, p99 = med(field(label, kind, c, "p50_ms")), med(field(label, kind, c, "p99_ms"))
        ccpu, scpu = med(field(label, kind, c, "client_cpu_s")), med(field(label, kind, c, "server_cpu_s"))
        wall = med(field(label, kind, c, "wall_s"))
        errors = sum(field(label, kind, c, "errors"))
        print(f"{label:<18}{kind:<8}{c:>4}{p50:>10.2f}{p99:>10.2f}{ccpu:>14.2f}{scpu:>14.2f}{wall:>8.1f}{errors:>8}")

print()
mock_i = med(series("mock", "imaps", 32))
best_dovecot = max(med(series("dovecot-default", "imaps", 32)), med(series("dovecot-fast", "imaps", 32)))
ceiling = med(series("mock", "ceiling", 32))
mock_s = med(series("mock", "smtp", 32))
aio = med(series("aiosmtpd", "smtp", 32))
print(f"IMAPS c=32: mock / best Dovecot = {mock_i / best_dovecot:.2f}x (target >= 2x)")
print(f"IMAPS c=32: mock / bare rustls ceiling = {mock_i / ceiling:.0%} (target >= 50%)")
print(f"SMTP  c=32: mock / aiosmtpd = {mock_s / aio:.2f}x (target >= 3x)")
PY
