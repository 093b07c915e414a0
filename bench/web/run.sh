#!/usr/bin/env bash
# The web UI's first-paint benchmark of issue #6 ("no page over a second to first paint
# on the demo bank"): bench/web/first_paint.ts drives Debian's Chromium (playwright-core,
# as the browser tests do) through every page of every demo role against a real
# prospektd on a fresh demo bank, beside its baseline measured in the same run (the
# static login page). See first_paint.ts for what is measured.
#
#   bench/web/run.sh [BUILD_DIR]     default build/release, else build/test (never built here)
# Environment: RUNS (loads a page, default 5), WARM=1 (keep the HTTP cache between loads).
# The test build has AddressSanitizer: its figures are an upper bound of a release's.
# Builds web/dist (scripts/build-web.sh) when it is missing or older than web/src.
# Not run by CI: figures need a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-}
if [[ -z "${BUILD}" ]]; then
  BUILD=build/release
  [[ -x "${BUILD}/engine/app/prospekt" ]] || BUILD=build/test
fi
BIN="${BUILD}/engine/app/prospekt"
[[ -x "${BIN}" ]] || { echo "run.sh: ${BIN} is missing: build prospekt first" >&2; exit 2; }
case "${BUILD}" in
  *test*) echo "run.sh: prospekt of ${BUILD} (the sanitized test build: figures are an upper bound)" ;;
  *) echo "run.sh: prospekt of ${BUILD}" ;;
esac

if [[ ! -f web/dist/index.html || -n "$(find web/src web/index.html web/package-lock.json -newer web/dist/index.html -print -quit)" ]]; then
  scripts/build-web.sh
fi
web/scripts/install-browser.sh >/dev/null

scratch=$(mktemp -d /tmp/prospekt-first-paint.XXXXXX)
server=""
cleanup() {
  if [[ -n "${server}" ]]; then
    kill -TERM "${server}" 2>/dev/null || true
    wait "${server}" 2>/dev/null || true
  fi
  rm -rf "${scratch}"
}
trap cleanup EXIT
"${BIN}" demo --no-serve --data "${scratch}/bank" >"${scratch}/demo.log" 2>&1 ||
  { cat "${scratch}/demo.log" >&2; exit 1; }
# The second `demo` adds the demo logins to the bank it finds and serves it, on a free port.
"${BIN}" demo --data "${scratch}/bank" --port 0 --web web/dist >"${scratch}/serve.out" 2>"${scratch}/serve.err" &
server=$!
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^Prospekt demo bank at \(http[^ ]*\).*/\1/p' "${scratch}/serve.out")
  [[ -n "${url}" ]] && break
  kill -0 "${server}" 2>/dev/null || { cat "${scratch}/serve.err" >&2; exit 1; }
  sleep 0.1
done
[[ -n "${url}" ]] || { echo "run.sh: prospekt did not start" >&2; cat "${scratch}/serve.err" >&2; exit 1; }
sleep 0.2  # the login list follows the URL line
echo "demo bank of $(sed -n 's/.*(log at seq \([0-9]*\);.*/\1/p' "${scratch}/serve.out") events; logins (password prospekt-demo):"
sed -n 's/^  \([a-z]\+\) .*/  &/p' "${scratch}/serve.out"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"

set +e
node bench/web/run_ts.mjs bench/web/first_paint.ts --url "${url}" --runs "${RUNS:-5}" ${WARM:+--warm}
status=$?
set -e
kill -TERM "${server}"
wait "${server}" || { echo "run.sh: prospekt did not stop cleanly" >&2; status=1; }
server=""
exit "${status}"
