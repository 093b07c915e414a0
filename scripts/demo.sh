#!/usr/bin/env bash
# The main job: install what is missing, build (Release), and run Prospekt on an embedded
# RocksDB in ./data with demo data: fill the log with the sample bank on first run,
# print the head and verify the hash chain. Extra arguments go to `prospekt demo`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPROSPEKT_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j2 --target prospekt
exec build/release/engine/app/prospekt demo --data "${PROSPEKT_DATA:-data}" "$@"
