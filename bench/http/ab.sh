#!/usr/bin/env bash
# Two builds of prospektd against each other on bench/http/run.sh's workloads, in
# alternating rounds (A, B, A, B, ...) on the same bank, so that both meet the same
# machine: on the project's 2 cores, runs of one binary spread by ±20% (wrk shares the
# cores; the virtual disk's fsyncs vary), more than most changes move, and a single run
# of each build decides nothing. Prints every round, then per workload the median
# req/s and p99 of each build and the ratio B / A of the medians.
#
#   bench/http/ab.sh BUILD_A BUILD_B     each a build folder with engine/app/prospektd
# Environment: ROUNDS (per build, default 3), DURATION (per workload and round, default
# 10s), and run.sh's DATA, CONNECTIONS, THREADS, SERVER_THREADS, PORT.
# Not run by CI: figures need a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $# -eq 2 ]] || { echo "usage: bench/http/ab.sh BUILD_A BUILD_B" >&2; exit 2; }
A=$1
B=$2
for build in "${A}" "${B}"; do
  [[ -x "${build}/engine/app/prospektd" ]] ||
    { echo "ab.sh: ${build}/engine/app/prospektd is missing" >&2; exit 2; }
done
ROUNDS=${ROUNDS:-3}
export DURATION=${DURATION:-10s}

results=$(mktemp /tmp/prospekt-ab.XXXXXX)
round_log=$(mktemp /tmp/prospekt-ab-round.XXXXXX)
trap 'rm -f "${results}" "${round_log}"' EXIT
for round in $(seq 1 "${ROUNDS}"); do
  for side in A B; do
    build=${A}
    [[ ${side} == B ]] && build=${B}
    echo "round ${round}, ${side} (${build})"
    bench/http/run.sh "${build}" >"${round_log}"
    grep " req/s " "${round_log}" | cut -d'|' -f1
    # run.sh's lines "  <workload>   <n> req/s  p99 <ms> ms ...", tagged with the side.
    sed -n "s/^  \(.*[^ ]\) \+\([0-9]\+\) req\/s  p99 \+\([0-9.]\+\) ms.*/${side}\t\1\t\2\t\3/p" \
      "${round_log}" >>"${results}"
  done
done

python3 - "${results}" "${A}" "${B}" <<'EOF'
import collections, statistics, sys
path, a, b = sys.argv[1:]
runs = collections.defaultdict(lambda: {"A": [], "B": []})
for line in open(path):
    side, workload, rps, p99 = line.rstrip("\n").split("\t")
    runs[workload][side].append((float(rps), float(p99)))
print(f"medians over the rounds: A = {a}, B = {b}")
print(f"  {'workload':34} {'A req/s':>9} {'A p99':>8} {'B req/s':>9} {'B p99':>8} {'B / A':>6}")
for workload, sides in runs.items():
    if not sides["A"] or not sides["B"]:
        continue
    ra = statistics.median(r for r, _ in sides["A"])
    rb = statistics.median(r for r, _ in sides["B"])
    pa = statistics.median(p for _, p in sides["A"])
    pb = statistics.median(p for _, p in sides["B"])
    print(f"  {workload:34} {ra:9.0f} {pa:6.2f}ms {rb:9.0f} {pb:6.2f}ms {rb / ra:6.2f}")
EOF
