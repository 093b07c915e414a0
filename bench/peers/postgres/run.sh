#!/usr/bin/env bash
# The store_bench append workloads on PostgreSQL 15, the usual home of .NET/Node event
# stores (Marten, message-db), beside Prospekt's own figures from the same machine.
#
#   bench/peers/postgres/run.sh [path/to/store_bench] [store_bench options...]
#
# Starts a throwaway server in a temporary folder (Unix socket in that folder, no TCP,
# fsync=on, synchronous_commit=on: every commit is durable, as every Prospekt append
# is), creates a Marten/message-db style events table, runs with pgbench
#   append_p1_e1    1 client,   single-row inserts      append_p8_e8    8 clients,  8 rows
#   append_p8_e1    8 clients,  single-row inserts      append_p8_e256  8 clients, 256 rows
#   append_p64_e1  64 clients,  single-row inserts      (rows of one append = one transaction)
# each client writing to its own few streams, stops and removes the server, then runs
# store_bench --json and prints both figures and the ratio Prospekt/PostgreSQL.
# Not part of CI: it needs PostgreSQL 15 from Debian and takes about 2.5 minutes.
#
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), PG_SECONDS (length of each
# pgbench run, default 6, like store_bench's default per side).
set -euo pipefail

readonly PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
readonly PG_SECONDS=${PG_SECONDS:-6}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
readonly REPO_ROOT

die() { echo "postgres peer: $*" >&2; exit 1; }

# --- Find store_bench ------------------------------------------------------------------
store_bench=""
if [[ $# -gt 0 && $1 != -* ]]; then
  store_bench=$1
  shift
else
  store_bench=$REPO_ROOT/build/release/bench/store_bench
fi
# PostgreSQL 15 and jq come from Debian's packages, installed if missing.
"$REPO_ROOT/scripts/install-deps.sh" postgresql jq
[[ -x $store_bench ]] || die "no store_bench at $store_bench (build it, or pass its path)"
for tool in initdb pg_ctl psql pgbench; do
  [[ -x $PG_BIN/$tool ]] || die "$PG_BIN/$tool is missing (apt-get install postgresql-15)"
done
command -v jq >/dev/null || die "jq is needed to read store_bench --json"

# --- Who runs the server ---------------------------------------------------------------
# initdb and postgres refuse to run as root, so as root everything PostgreSQL runs as
# the unprivileged `postgres` user that Debian's package creates.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user"
  as_pg=(runuser -u postgres --)
fi

# --- A throwaway server ----------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/prospekt-pg-XXXXXX")
readonly work pgdata=$work/data
cleanup() {
  # Stop the server if it runs, then drop everything, whatever happened before.
  if [[ -f $pgdata/postmaster.pid ]]; then
    "${as_pg[@]}" "$PG_BIN/pg_ctl" stop -D "$pgdata" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [[ ${#as_pg[@]} -gt 0 ]]; then chown postgres: "$work"; fi

echo "postgres peer: server in $work" >&2
# --no-sync only skips flushing initdb's own files; the server below runs with fsync=on.
"${as_pg[@]}" "$PG_BIN/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 \
  --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; die "initdb failed"; }
# Durability as Prospekt's (fsync=on, synchronous_commit=on, full_page_writes on by
# default); room for 64 clients; max_wal_size large enough that no checkpoint lands in
# the middle of a run; commit_delay left at 0, PostgreSQL's default group commit.
"${as_pg[@]}" "$PG_BIN/pg_ctl" start -D "$pgdata" -w -t 60 -l "$work/server.log" -o "\
  -c listen_addresses='' -c unix_socket_directories='$work' \
  -c fsync=on -c synchronous_commit=on -c wal_sync_method=fdatasync \
  -c max_connections=100 -c shared_buffers=256MB -c max_wal_size=4GB" >/dev/null \
  || { cat "$work/server.log" >&2; die "the server did not start"; }

psql_pg() { "${as_pg[@]}" "$PG_BIN/psql" -h "$work" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

# The table of Marten's mt_events / message-db's messages: a global position, the
# stream and its version (unique together: the optimistic-concurrency check), the
# type, the payload as jsonb and the metadata.
psql_pg <<'SQL'
CREATE TABLE events (
  global_position bigserial PRIMARY KEY,
  stream_id       text        NOT NULL,
  version         bigint      NOT NULL,
  type            text        NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, version)
);
SQL

# --- The pgbench scripts ---------------------------------------------------------------
# One transaction = one append of :rows events to stream "bench-p<client>-<n % 4>", at
# the versions that follow that stream's last one (clients never share a stream, and
# pgbench keeps each client's variables from one transaction to the next, so a client
# counts its own versions, as the store's version cache does). The payload is the same
# ~320-byte contact as store_bench's, its counter making each row distinct. No ":"
# in the SQL is followed by a letter or digit unless it is a pgbench variable.
write_script() {  # rows
  cat <<SQL
\set k :n
\set n :n + 1
\set s :k % 4
\set base (:k / 4) * $1
INSERT INTO events (stream_id, version, type, data, metadata)
SELECT 'bench-p' || :client_id || '-' || :s, :base + g, 'ContactLogged',
  ('{"contact_id": "ct-r01-' || lpad((:k * $1 + g)::text, 12, '0') || '", '
   '"client_id": "client-r01-000042", "advisor_id": "emp-0042", '
   '"branch": "r01-zurich-paradeplatz", "channel": "phone", "topic": "mortgage.renewal", '
   '"outcome": "follow_up_scheduled", "follow_up_on": "2024-06-14", "duration_s": 540, '
   '"note": "Asks about fixing the rate for 5 or 10 years; send both offers."}')::jsonb,
  '{"actor": "emp-0042", "correlation_id": "req-7f3c2a9e-4b1d-4e8a-9c55-0d2f61a8b7e4", "causation_id": "cmd-LogContact-7f3c2a9e"}'::jsonb
FROM generate_series(1, $1) AS g;
SQL
}

declare -A pg_rate
run_workload() {  # name clients rows
  local name=$1 clients=$2 rows=$3 script=$work/$1.sql out
  write_script "$rows" >"$script"
  chmod a+r "$script"
  # Every workload starts from an empty table, as every store_bench measurement
  # starts from an empty database.
  psql_pg -c 'TRUNCATE events RESTART IDENTITY' -c 'CHECKPOINT'
  out=$("${as_pg[@]}" "$PG_BIN/pgbench" -h "$work" -U postgres -n -M simple \
        -c "$clients" -j "$(( clients < 2 ? clients : 2 ))" -T "$PG_SECONDS" \
        -D n=0 -f "$script" postgres 2>&1) || { echo "$out" >&2; die "pgbench failed on $name"; }
  local tps
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out" | head -n1)
  [[ -n $tps ]] || { echo "$out" >&2; die "no tps in pgbench's output for $name"; }
  pg_rate[$name]=$(awk -v t="$tps" -v r="$rows" 'BEGIN { printf "%.0f", t * r }')
  printf 'postgres peer: %-16s %10s events/s (%s tps x %s rows)\n' \
    "$name" "${pg_rate[$name]}" "$tps" "$rows" >&2
}

readonly workloads=("append_p1_e1 1 1" "append_p8_e1 8 1" "append_p64_e1 64 1"
                    "append_p8_e256 8 256" "append_p8_e8 8 8")
for workload in "${workloads[@]}"; do
  # shellcheck disable=SC2086  # the fields are meant to split
  run_workload $workload
done
rows_kept=$(psql_pg -At -c 'SELECT count(*) FROM events')
echo "postgres peer: last table holds $rows_kept rows; stopping the server" >&2
"${as_pg[@]}" "$PG_BIN/pg_ctl" stop -D "$pgdata" -m fast -w >/dev/null
cleanup
trap - EXIT

# --- Prospekt on the same machine ------------------------------------------------------
echo "postgres peer: running $store_bench --json $*" >&2
store_json=$("$store_bench" --json "$@")

printf '\n%-16s %14s %14s %8s\n' workload prospekt/s postgres/s ratio
for workload in "${workloads[@]}"; do
  name=${workload%% *}
  ours=$(jq -r --arg n "$name" 'select(.name == $n) | .value' <<<"$store_json")
  if [[ -z $ours ]]; then
    printf '%-16s %14s %14s %8s\n' "$name" "-" "${pg_rate[$name]}" "-"
    continue
  fi
  awk -v n="$name" -v a="$ours" -v b="${pg_rate[$name]}" \
    'BEGIN { printf "%-16s %14.0f %14.0f %8.2f\n", n, a, b, (b > 0 ? a / b : 0) }'
done
# The disk's fdatasync rate bounds every durable figure; cloud disks burst, then
# throttle, so show what store_bench found before and after its own appends.
jq -r 'select(.name | startswith("fsync_probe")) | "\(.name): \(.value | floor) fsyncs/s"' \
  <<<"$store_json"
