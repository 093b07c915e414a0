#!/usr/bin/env bash
# The HTTP benchmarks of issue #5, with wrk against prospektd on loopback:
#   1. LogContact POST (durable) over C keep-alive connections   target >= 25,000 req/s, p99 < 20 ms
#   2. branch dashboard GET                                      target >= 40,000 req/s, p99 < 5 ms
#      (plain, and with Accept-Encoding: gzip as a browser sends it)
# each beside its baseline measured in the same run: GET /health (the server with no
# work behind it). Then the server's own /metrics view of the run (group commits, fsync
# time, HTTP latency by route).
#
#   bench/http/run.sh [BUILD_DIR]        default build/release (built if missing)
# Environment: DATA (the bank's folder, default /tmp/prospekt-http-bench; generated with
# `prospekt demo --no-serve` when empty), DURATION (default 20s), CONNECTIONS (64),
# THREADS (wrk threads, 2), SERVER_THREADS (prospektd --threads, 2), PORT (18480).
# Not run by CI: figures need a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build/release}
DATA=${DATA:-/tmp/prospekt-http-bench}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-2}
PORT=${PORT:-18480}
URL="http://127.0.0.1:${PORT}"
PASSWORD="bench password"

command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
if [[ ! -x "${BUILD}/engine/app/prospektd" ]]; then
  cmake -S . -B "${BUILD}" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "${BUILD}" -j2 --target prospekt prospektd
fi
BIN="${BUILD}/engine/app"

if [[ ! -d "${DATA}" ]]; then
  "${BIN}/prospekt" demo --no-serve --data "${DATA}" >/dev/null
  echo "${PASSWORD}" | "${BIN}/prospekt" user add --data "${DATA}" --login bench-sales --employee r01-b01-e03 >/dev/null
  echo "${PASSWORD}" | "${BIN}/prospekt" user add --data "${DATA}" --login bench-head --employee r01-b01-e01 >/dev/null
fi

LOG=$(mktemp /tmp/prospektd-bench.XXXXXX.log)
"${BIN}/prospektd" --data "${DATA}" --port "${PORT}" --threads "${SERVER_THREADS}" 2>"${LOG}" &
SERVER=$!
trap 'kill -TERM ${SERVER} 2>/dev/null; wait ${SERVER} 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "${URL}/health" >/dev/null 2>&1 && break
  sleep 0.1
done

token() {
  curl -sf -X POST "${URL}/api/login" -d "{\"login\":\"$1\",\"password\":\"${PASSWORD}\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
SALES=$(token bench-sales)
HEAD=$(token bench-head)
CLIENTS=$(curl -sf "${URL}/api/clients?assigned_to=me" -H "Authorization: Bearer ${SALES}" |
  python3 -c 'import json,sys; print(",".join(c["client_id"] for c in json.load(sys.stdin)["result"]["clients"]))')

# "<requests/s> <p99 ms>" from wrk's --latency output.
figures() {
  python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", text)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
errors = re.search(r"non-2xx answers: (\d+)", text)
print(f"{rps:.0f} {p99:.2f} {errors.group(1) if errors else 0}")'
}
run() {  # run NAME SCRIPT TARGET TOKEN [ACCEPT_ENCODING]
  TOKEN="$4" TARGET="$3" ACCEPT_ENCODING="${5:-}" CLIENTS="${CLIENTS}" wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${DURATION}" \
    --latency -s "bench/http/$2" "${URL}$3" | tee "/tmp/wrk-$1.txt" | figures
}
report() {  # report NAME RPS P99 ERRORS TARGET_RPS TARGET_P99 BASELINE_RPS
  local verdict
  verdict=$(python3 -c "print('met' if $2 >= $5 and $3 < $6 and $4 == 0 else 'MISSED')")
  printf '  %-34s %8.0f req/s  p99 %6.2f ms  errors %s | health %s req/s, ratio %.2f | target >= %s req/s, p99 < %s ms: %s\n' \
    "$1" "$2" "$3" "$4" "$7" "$(python3 -c "print($2 / $7)")" "$5" "$6" "${verdict}"
}

echo "prospektd on ${DATA} ($(curl -sf "${URL}/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["head_seq"])') events), ${SERVER_THREADS} server threads; wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION}; load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r H_RPS H_P99 H_ERR < <(run health get.lua /health "${HEAD}")
printf '  %-34s %8.0f req/s  p99 %6.2f ms  errors %s (baseline)\n' "GET /health" "${H_RPS}" "${H_P99}" "${H_ERR}"
DASHBOARD="/api/branches/r01-b01/dashboard?week=2026-W05"
read -r D_RPS D_P99 D_ERR < <(run dashboard get.lua "${DASHBOARD}" "${HEAD}")
report "branch dashboard GET" "${D_RPS}" "${D_P99}" "${D_ERR}" 40000 5 "${H_RPS}"
# As a browser asks: the cached answer's gzip form (compressed once per answer).
read -r G_RPS G_P99 G_ERR < <(run dashboard-gzip get.lua "${DASHBOARD}" "${HEAD}" gzip)
report "branch dashboard GET, gzip" "${G_RPS}" "${G_P99}" "${G_ERR}" 40000 5 "${H_RPS}"
read -r L_RPS L_P99 L_ERR < <(run log_contact log_contact.lua /api/commands/LogContact "${SALES}")
report "LogContact POST (durable)" "${L_RPS}" "${L_P99}" "${L_ERR}" 25000 20 "${H_RPS}"

echo "the server's /metrics after the runs:"
curl -sf "${URL}/metrics" | python3 bench/http/metrics_summary.py
