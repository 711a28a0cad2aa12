#!/usr/bin/env bash
# Runs the whole stack locally, no Docker needed: PostgreSQL 15 (own cluster in .local/pgdata),
# the Twilio emulator and the Provisioning API. Ctrl+C stops everything it started.
#
#   deploy/local/run.sh
#
# Environment (all optional):
#   PROVISIONING_PG_PORT        PostgreSQL port            (default 54329)
#   PROVISIONING_EMULATOR_PORT  Twilio emulator port       (default 5080)
#   PROVISIONING_API_PORT       Provisioning API port      (default 5000)
#   PROVISIONING_PG_BIN         PostgreSQL binaries folder (default /usr/lib/postgresql/15/bin)
#   PROVISIONING_DEV_API_KEY    development admin API key  (default dev-admin-key)
#   Webhooks__*                 passed through, e.g. Webhooks__Secret and Webhooks__Url to send lifecycle webhooks;
#                               Webhooks__AllowPrivateNetworks=true lets tenants' callbackUrls reach local receivers
#                               (off by default: a callbackUrl could otherwise reach the emulator's admin endpoints)
# Logs: .local/logs/{build,postgres,emulator,api}.log
# State: the database (.local/pgdata) and the emulator's Twilio state (.local/emulator-state.json) both survive restarts,
#        so tenants provisioned in one run still have their subaccounts, stores and profiles in the next. Delete both
#        (rm -rf .local/pgdata .local/emulator-state.json) to start empty; deleting only one leaves the other pointing at
#        Twilio resources, or database rows, that no longer exist.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_PORT="${PROVISIONING_PG_PORT:-54329}"
EMULATOR_PORT="${PROVISIONING_EMULATOR_PORT:-5080}"
API_PORT="${PROVISIONING_API_PORT:-5000}"
PG_BIN="${PROVISIONING_PG_BIN:-/usr/lib/postgresql/15/bin}"
API_KEY="${PROVISIONING_DEV_API_KEY:-dev-admin-key}"

# Fixed development credentials shared by the emulator (parent account) and the API.
TWILIO_ACCOUNT_SID="AC00000000000000000000000000000001"
TWILIO_AUTH_TOKEN="0123456789abcdef0123456789abcdef"

LOCAL_DIR="$ROOT/.local"
PGDATA="$LOCAL_DIR/pgdata"
LOG_DIR="$LOCAL_DIR/logs"
EMULATOR_STATE_FILE="$LOCAL_DIR/emulator-state.json"
EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
API_URL="http://127.0.0.1:$API_PORT"
CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Database=provisioning;Username=postgres"

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

PIDS=()
PG_STARTED=0

log() { printf '[run.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Runs a PostgreSQL server command as the postgres user when we are root (the server refuses root).
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  log "stopping..."
  local pid
  for pid in "${PIDS[@]}"; do
    # Each child runs in its own session/process group (setsid): signal the whole group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ "$PG_STARTED" -eq 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  log "stopped (logs in $LOG_DIR)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until URL answers 200; fails early if process PID has exited.
wait_for_http() {
  local name="$1" url="$2" pid="$3" timeout="$4" logfile="$5"
  local deadline=$((SECONDS + timeout))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" = "200" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 || true
      die "$name did not start"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "last lines of $logfile:"
      tail -n 40 "$logfile" >&2 || true
      die "$name did not answer 200 on $url within ${timeout}s"
    fi
    sleep 1
  done
}

# --- prerequisites ----------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not installed"
if [ ! -x "$PG_BIN/initdb" ] || ! command -v curl >/dev/null; then
  if [ "$IS_ROOT" -eq 1 ]; then
    log "installing PostgreSQL 15 server binaries and curl (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 curl >/dev/null
  else
    die "PostgreSQL 15 binaries ($PG_BIN/initdb) or curl missing; install them with:
  sudo apt-get update && sudo apt-get install -y postgresql-15 curl"
  fi
fi
[ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb even after installing postgresql-15"
if [ "$IS_ROOT" -eq 1 ]; then
  id -u postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user (apt-get install postgresql-15 creates it)"
fi

for port in "$PG_PORT" "$EMULATOR_PORT" "$API_PORT"; do
  if port_in_use "$port" && ! { [ "$port" = "$PG_PORT" ] && [ -f "$PGDATA/postmaster.pid" ]; }; then
    die "port $port on 127.0.0.1 is already in use (override with PROVISIONING_*_PORT)"
  fi
done

mkdir -p "$LOCAL_DIR" "$LOG_DIR"

# --- PostgreSQL -------------------------------------------------------------
if [ "$IS_ROOT" -eq 1 ] && ! runuser -u postgres -- test -x "$LOCAL_DIR"; then
  die "the postgres user cannot reach $LOCAL_DIR (a parent folder is not world-traversable); move the repo or chmod o+x its parents"
fi
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  log "initialising a PostgreSQL cluster in $PGDATA"
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  [ "$IS_ROOT" -eq 1 ] && chown postgres:postgres "$PGDATA"
  as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C >"$LOG_DIR/initdb.log" 2>&1 \
    || { tail -n 20 "$LOG_DIR/initdb.log" >&2; die "initdb failed"; }
fi
touch "$LOG_DIR/postgres.log"
[ "$IS_ROOT" -eq 1 ] && chown postgres:postgres "$LOG_DIR/postgres.log"

if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  log "PostgreSQL in $PGDATA is already running (left over from an earlier run?); using it, stopping it on exit"
else
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$LOG_DIR/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null \
    || { tail -n 20 "$LOG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
fi
PG_STARTED=1

if [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
  "select 1 from pg_database where datname = 'provisioning'")" != "1" ]; then
  log "creating database provisioning"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres provisioning
fi

# --- build ------------------------------------------------------------------
log "building (dotnet build, log in $LOG_DIR/build.log)"
(cd "$ROOT" && dotnet build -nologo) >"$LOG_DIR/build.log" 2>&1 \
  || { tail -n 40 "$LOG_DIR/build.log" >&2; die "build failed"; }

# --- Twilio emulator --------------------------------------------------------
log "starting the Twilio emulator on $EMULATOR_URL"
(
  cd "$ROOT"
  exec env \
    ASPNETCORE_ENVIRONMENT=Development \
    Emulator__AccountSid="$TWILIO_ACCOUNT_SID" \
    Emulator__AuthToken="$TWILIO_AUTH_TOKEN" \
    Emulator__StateFile="$EMULATOR_STATE_FILE" \
    setsid dotnet run --no-build --no-launch-profile --project src/Provisioning.TwilioEmulator --urls "$EMULATOR_URL"
) </dev/null >"$LOG_DIR/emulator.log" 2>&1 &
EMULATOR_PID=$!
PIDS+=("$EMULATOR_PID")
wait_for_http "the emulator" "$EMULATOR_URL/_emulator/settings" "$EMULATOR_PID" 60 "$LOG_DIR/emulator.log"

# --- Provisioning API -------------------------------------------------------
API_KEY_SHA256="$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)"
log "starting the Provisioning API on $API_URL"
(
  cd "$ROOT"
  exec env \
    ASPNETCORE_ENVIRONMENT=Development \
    ConnectionStrings__Provisioning="$CONNECTION_STRING" \
    Twilio__AccountSid="$TWILIO_ACCOUNT_SID" \
    Twilio__AuthToken="$TWILIO_AUTH_TOKEN" \
    Twilio__ApiBaseUrl="$EMULATOR_URL" \
    Twilio__MemoryBaseUrl="$EMULATOR_URL" \
    Twilio__ConversationsBaseUrl="$EMULATOR_URL" \
    Database__MigrateOnStartup=true \
    Webhooks__AllowHttp="${Webhooks__AllowHttp:-true}" \
    Console__SecureCookies=false \
    Telemetry__MetricsPort="${Telemetry__MetricsPort-}" \
    Auth__ApiKeys__0__Name=dev-admin \
    Auth__ApiKeys__0__Role=Admin \
    Auth__ApiKeys__0__Sha256="$API_KEY_SHA256" \
    setsid dotnet run --no-build --no-launch-profile --project src/Provisioning.Api --urls "$API_URL"
) </dev/null >"$LOG_DIR/api.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
wait_for_http "the API" "$API_URL/health/ready" "$API_PID" 180 "$LOG_DIR/api.log"

cat <<EOF

Provisioning stack is running (Ctrl+C stops it):
  API:        $API_URL   (ready: $API_URL/health/ready)
  Console:    $API_URL/admin   (sign in with the API key below; API reference: $API_URL/docs)
  Emulator:   $EMULATOR_URL   (settings: $EMULATOR_URL/_emulator/settings; state kept in $EMULATOR_STATE_FILE)
  PostgreSQL: $CONNECTION_STRING
  API key:    $API_KEY   (role Admin)
  Logs:       $LOG_DIR

Try:
  curl -sS -X POST $API_URL/v1/tenants -H 'X-Api-Key: $API_KEY' -H 'Content-Type: application/json' -d '{"clientId":"acme"}'
  curl -sS $API_URL/v1/tenants/acme -H 'X-Api-Key: $API_KEY'

EOF

# Stay up until Ctrl+C or until one of the processes exits.
set +e
wait -n "$EMULATOR_PID" "$API_PID"
status=$?
set -e
log "a process exited (status $status); see $LOG_DIR"
exit "$status"
