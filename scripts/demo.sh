#!/usr/bin/env bash
# The main job: install what is missing, build (Release) the server and the web UI, and
# serve a demo bank on an embedded RocksDB in ./data: generated through the domain on
# the first run (its head printed, its chain verified), one user per role added, then
# prospektd on http://127.0.0.1:8080 with the URL and the logins printed. Ctrl-C (or
# SIGTERM) stops it cleanly. Extra arguments go to `prospekt demo` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPROSPEKT_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j2 --target prospekt prospektd
web=()
if scripts/build-web.sh; then
  web=(--web web/dist)
else
  echo "demo: serving the API without the web UI" >&2
fi
exec build/release/engine/app/prospekt demo --data "${PROSPEKT_DATA:-data}" "${web[@]}" "$@"
