#!/usr/bin/env bash
# The test job (CI runs exactly this): install what is missing, build everything with
# AddressSanitizer + UBSan and warnings as errors, then run the whole suite with ctest,
# including a short smoke pass of every benchmark; then the web UI's unit and browser
# tests against the real server (scripts/test-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPROSPEKT_SANITIZE=ON -DPROSPEKT_WERROR=ON >/dev/null
cmake --build build/test -j2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/test --output-on-failure -j2 --timeout 300
scripts/test-web.sh build/test
