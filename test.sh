#!/usr/bin/env bash
# The one command that runs every test of Annotate.
#
#   ./test.sh                          # build (Release) + run all tests
#   ./test.sh --filter Category=Fast   # extra args go to `dotnet test`
#
# It installs Chromium, PostgreSQL and Node.js from Debian if missing (as root),
# starts a private throwaway PostgreSQL cluster on 127.0.0.1 (port 55432, or
# $ANNOTATE_PG_PORT, or the next free one) and the S3-compatible test server
# s3rver (npm, cached in ~/.cache/annotate-test; port 4569, or $ANNOTATE_S3_PORT,
# or the next free one), runs `dotnet test` with trx loggers, and prints as its
# last line: "N passed, N failed, N skipped".
# Exit code is 0 only if dotnet test exited 0, nothing failed and something passed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO"

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }
die() { local code="$1"; shift; printf 'test.sh: %s\n' "$*" >&2; exit "$code"; }

IS_ROOT=0
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=1

# ---------------------------------------------------------------- prerequisites
if ! command -v dotnet >/dev/null 2>&1; then
  for d in "$HOME/.dotnet" /usr/share/dotnet /usr/lib/dotnet; do
    if [[ -x "$d/dotnet" ]]; then export PATH="$d:$PATH"; break; fi
  done
fi
if ! command -v dotnet >/dev/null 2>&1; then
  cat >&2 <<'EOF'
test.sh: MISSING: the .NET SDK (`dotnet` is not on PATH).
  This repo needs .NET SDK 10.0.401 or a later 10.0.4xx feature band (see global.json).
  Install it, e.g. with Microsoft's installer script:
    curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0
    export PATH="$HOME/.dotnet:$PATH"
  or from Microsoft's Debian package feed (package dotnet-sdk-10.0).
EOF
  exit 2
fi

find_pg_bin() {
  # Highest installed major version that has both initdb and pg_ctl.
  local d best=""
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && best="$d"
  done
  printf '%s' "$best"
}

CHROMIUM=/usr/bin/chromium
# s3rver (a fake S3 on loopback for the S3 import tests) comes from npm into a cache outside the repo.
S3RVER_VERSION=3.7.1
S3RVER_HOME="${ANNOTATE_S3RVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/annotate-test/s3rver-$S3RVER_VERSION}"
S3RVER_JS="$S3RVER_HOME/node_modules/s3rver/bin/s3rver.js"
s3rver_installed() {
  [[ -f "$S3RVER_JS" ]] && grep -q "\"version\": *\"$S3RVER_VERSION\"" "$S3RVER_HOME/node_modules/s3rver/package.json" 2>/dev/null
}

missing_pkgs=()
[[ -x "$CHROMIUM" ]] || missing_pkgs+=(chromium)
[[ -n "$(find_pg_bin)" ]] || missing_pkgs+=(postgresql)
command -v node >/dev/null 2>&1 || missing_pkgs+=(nodejs)
s3rver_installed || command -v npm >/dev/null 2>&1 || missing_pkgs+=(npm)

if (( ${#missing_pkgs[@]} > 0 )); then
  if (( IS_ROOT )); then
    log "installing missing Debian packages: ${missing_pkgs[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing_pkgs[@]}"
  else
    {
      echo "test.sh: MISSING Debian package(s): ${missing_pkgs[*]}"
      [[ " ${missing_pkgs[*]} " == *" chromium "* ]] && echo "  chromium   -> provides $CHROMIUM (browser for the UI tests)"
      [[ " ${missing_pkgs[*]} " == *" postgresql "* ]] && echo "  postgresql -> provides /usr/lib/postgresql/<ver>/bin/{initdb,pg_ctl}"
      [[ " ${missing_pkgs[*]} " == *" nodejs "* ]] && echo "  nodejs     -> provides node, which runs s3rver (the S3 server of the S3 import tests)"
      [[ " ${missing_pkgs[*]} " == *" npm "* ]] && echo "  npm        -> installs s3rver@$S3RVER_VERSION once into $S3RVER_HOME"
      echo "  Install with:"
      echo "    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends ${missing_pkgs[*]}"
    } >&2
    exit 2
  fi
fi

[[ -x "$CHROMIUM" ]] || die 2 "chromium still missing at $CHROMIUM after install"
PG_BIN="$(find_pg_bin)"
[[ -n "$PG_BIN" ]] || die 2 "PostgreSQL initdb/pg_ctl still missing under /usr/lib/postgresql/*/bin after install"
command -v node >/dev/null 2>&1 || die 2 "node still missing after installing nodejs"

if ! s3rver_installed; then
  command -v npm >/dev/null 2>&1 || die 2 "npm still missing after install; it is needed once to install s3rver@$S3RVER_VERSION"
  log "installing s3rver@$S3RVER_VERSION (npm) into $S3RVER_HOME"
  mkdir -p "$(dirname "$S3RVER_HOME")"
  s3rver_tmp="$(mktemp -d "$S3RVER_HOME.tmp.XXXXXX")"
  if ! npm install --prefix "$s3rver_tmp" --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >&2; then
    rm -rf "$s3rver_tmp"
    die 1 "npm install s3rver@$S3RVER_VERSION failed (output above)"
  fi
  # Another run may have finished first; either copy is complete.
  mv -T "$s3rver_tmp" "$S3RVER_HOME" 2>/dev/null || rm -rf "$s3rver_tmp"
  s3rver_installed || die 1 "s3rver@$S3RVER_VERSION is not complete in $S3RVER_HOME after npm install"
fi
# s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
NODE_S3RVER=(node)
if node --openssl-legacy-provider -e 0 >/dev/null 2>&1; then NODE_S3RVER+=(--openssl-legacy-provider); fi
if ! "${NODE_S3RVER[@]}" -e "require('crypto').createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8))" >/dev/null 2>&1; then
  log "WARNING: this Node.js cannot use DES, so s3rver cannot list more than one page of objects (the S3 pagination test will fail)"
fi

# Run a PostgreSQL binary as the postgres user when root (initdb refuses root).
as_pg() {
  if (( IS_ROOT )); then runuser -u postgres -- "$@"; else "$@"; fi
}

# ------------------------------------------------------- stale clusters cleanup
# Each run writes its own PID to <dir>/owner.pid. A dir whose owner is dead was
# left behind by a killed run: stop its postmaster (if any) and delete it.
for d in /tmp/annotate-pg.*; do
  [[ -d "$d" && -f "$d/owner.pid" ]] || continue
  owner="$(cat "$d/owner.pid" 2>/dev/null || true)"
  if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then continue; fi
  if [[ -f "$d/data/postmaster.pid" ]]; then
    log "stopping stale PostgreSQL cluster left in $d"
    as_pg "$PG_BIN/pg_ctl" -D "$d/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$d" 2>/dev/null || true
done
# The same for s3rver servers left by a killed run: <dir>/owner.pid is the run, <dir>/s3rver.pid its server.
for d in "$REPO"/.test-output/s3rver.*; do
  [[ -d "$d" && -f "$d/owner.pid" ]] || continue
  owner="$(cat "$d/owner.pid" 2>/dev/null || true)"
  if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then continue; fi
  server="$(cat "$d/s3rver.pid" 2>/dev/null || true)"
  if [[ "$server" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$server/cmdline" 2>/dev/null | grep -q s3rver; then
    log "stopping stale s3rver (pid $server) left in $d"
    kill "$server" 2>/dev/null || true
  fi
  rm -rf "$d" 2>/dev/null || true
done

# ------------------------------------------------------------ private cluster
PG_DIR=""
PG_STARTED=0
S3_DIR=""
S3_PID=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$S3_PID" ]] && kill -0 "$S3_PID" 2>/dev/null; then
    kill "$S3_PID" 2>/dev/null
    wait "$S3_PID" 2>/dev/null
  fi
  [[ -n "$S3_DIR" && -d "$S3_DIR" ]] && rm -rf "$S3_DIR"
  if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
    if (( PG_STARTED )) || [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1
    fi
    rm -rf "$PG_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

PG_DIR="$(mktemp -d /tmp/annotate-pg.XXXXXX)"
echo "$$" > "$PG_DIR/owner.pid"
chmod 755 "$PG_DIR"
(( IS_ROOT )) && chown postgres:postgres "$PG_DIR"

log "initdb ($PG_BIN) in $PG_DIR/data"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; die 1 "initdb failed"; }

port_in_use() {
  # true if something accepts TCP connections on 127.0.0.1:$1 (or ss reports a listener)
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
  if command -v ss >/dev/null 2>&1 && ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; then return 0; fi
  return 1
}

PORT="${ANNOTATE_PG_PORT:-55432}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die 2 "ANNOTATE_PG_PORT must be a number, got '$PORT'"
started=0
for attempt in $(seq 1 50); do
  if port_in_use "$PORT"; then
    log "port $PORT is taken, trying $((PORT + 1))"
    PORT=$((PORT + 1)); continue
  fi
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" \
       -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
       -w -t 60 start >/dev/null; then
    started=1; PG_STARTED=1; break
  fi
  # Lost a race for the port (or another failure): stop any half-started server, try the next port.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  if ! grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$PG_DIR/postgres.log" 2>/dev/null; then
    tail -n 30 "$PG_DIR/postgres.log" >&2 || true
    die 1 "PostgreSQL failed to start (log above)"
  fi
  : > "$PG_DIR/postgres.log"
  PORT=$((PORT + 1))
done
(( started )) || die 1 "could not find a free port for PostgreSQL"

export ANNOTATE_TEST_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
export ANNOTATE_TEST_REQUIRE_POSTGRES=1

# ------------------------------------------------------------------- s3rver
mkdir -p "$REPO/.test-output"
S3_DIR="$(mktemp -d "$REPO/.test-output/s3rver.XXXXXX")"
echo "$$" > "$S3_DIR/owner.pid"
mkdir -p "$S3_DIR/data"
S3_PORT="${ANNOTATE_S3_PORT:-4569}"
[[ "$S3_PORT" =~ ^[0-9]+$ ]] || die 2 "ANNOTATE_S3_PORT must be a number, got '$S3_PORT'"
s3_started=0
for attempt in $(seq 1 50); do
  if port_in_use "$S3_PORT"; then
    log "port $S3_PORT is taken, trying $((S3_PORT + 1))"
    S3_PORT=$((S3_PORT + 1)); continue
  fi
  log "starting s3rver $S3RVER_VERSION on 127.0.0.1:$S3_PORT (data in $S3_DIR/data)"
  "${NODE_S3RVER[@]}" "$S3RVER_JS" -d "$S3_DIR/data" -a 127.0.0.1 -p "$S3_PORT" --no-vhost-buckets -s \
    >"$S3_DIR/s3rver.log" 2>&1 &
  S3_PID=$!
  echo "$S3_PID" > "$S3_DIR/s3rver.pid"
  for _ in $(seq 1 150); do  # up to 15 s
    kill -0 "$S3_PID" 2>/dev/null || break
    if port_in_use "$S3_PORT"; then s3_started=1; break; fi
    sleep 0.1
  done
  if (( s3_started )) && kill -0 "$S3_PID" 2>/dev/null; then break; fi
  s3_started=0
  kill "$S3_PID" 2>/dev/null || true
  wait "$S3_PID" 2>/dev/null || true
  S3_PID=""
  if ! grep -q 'EADDRINUSE' "$S3_DIR/s3rver.log" 2>/dev/null; then
    tail -n 30 "$S3_DIR/s3rver.log" >&2 || true
    die 1 "s3rver failed to start (log above)"
  fi
  S3_PORT=$((S3_PORT + 1))
done
(( s3_started )) || die 1 "could not find a free port for s3rver"
export ANNOTATE_TEST_S3="http://127.0.0.1:$S3_PORT"
export ANNOTATE_TEST_REQUIRE_S3=1
export ANNOTATE_CHROMIUM="$CHROMIUM"
export ANNOTATE_TEST_OUTPUT="$REPO/.test-output"
RESULTS="$REPO/.test-output/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# ------------------------------------------------------------- build and test
log "dotnet build Annotate.sln -c Release"
build_rc=0
dotnet build Annotate.sln -c Release || build_rc=$?
if (( build_rc != 0 )); then
  echo "test.sh: BUILD FAILED (dotnet build exit code $build_rc); no tests were run." >&2
  exit "$build_rc"
fi

log "dotnet test Annotate.sln -c Release --no-build $*"
test_rc=0
dotnet test Annotate.sln -c Release --no-build \
  --logger "trx;LogFilePrefix=r" --results-directory "$RESULTS" "$@" || test_rc=$?

# ------------------------------------------------------------------- summary
# Sum the <Counters .../> attributes of every trx file. xUnit v3 (VSTest adapter)
# writes a skipped test as outcome="NotExecuted", but its Counters only count it
# in total (notExecuted stays 0, executed excludes it), so skipped = total - passed - failed.
# If dotnet test failed with no failed test counted (crash, abort) or nothing passed,
# the line reports at least 1 failed so it agrees with the non-zero exit code.
mapfile -t trx_files < <(find "$RESULTS" -type f -name '*.trx' 2>/dev/null | sort)
if (( ${#trx_files[@]} == 0 )); then
  echo "test.sh: no .trx result files were produced under $RESULTS (dotnet test exit code $test_rc)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

read -r total passed failed not_executed < <(
  cat "${trx_files[@]}" | tr '\n' ' ' | grep -o '<Counters [^>]*>' | awk '
    function attr(s, name,   m) {
      if (match(s, " " name "=\"[0-9]+\"")) { m = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 }
      return 0
    }
    { t += attr($0, "total"); p += attr($0, "passed"); f += attr($0, "failed") + attr($0, "error") + attr($0, "timeout") + attr($0, "aborted");
      n += attr($0, "notExecuted") }
    END { printf "%d %d %d %d\n", t, p, f, n }'
)
skipped=$(( total - passed - failed ))
(( skipped < 0 )) && skipped=0

echo "test.sh: ${#trx_files[@]} trx file(s); total=$total passed=$passed failed=$failed notExecuted=$not_executed; dotnet test exit code $test_rc" >&2
rc=0
if (( test_rc != 0 || failed != 0 || passed == 0 )); then
  rc=1
  # dotnet test failed without any failed test counted (crash, abort, no tests): make the line say so.
  (( failed == 0 )) && failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
