#!/usr/bin/env bash
# Issue 4's benchmarks, against the reference CPython in one run:
#   the generators workload (target: at least 1.5x CPython 3.11's speed), and the peak RSS
#   of a script holding 1,000,000 suspended generators (target: no more than CPython's).
#   bench/generators.sh          3 runs of the workload
#   bench/generators.sh -r 5     5 runs
set -euo pipefail
cd "$(dirname "$0")/.."
run=../shared/workloads/run
ref=/usr/bin/python3.11
[ -x "$run" ] || { echo "bench/generators.sh: $run not found" >&2; exit 1; }
[ -x build/gilpy ] || { echo "build/gilpy missing: build first" >&2; exit 1; }
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-r 3)
"$run" build/gilpy generators --vs cpython "${args[@]}"
rss() { /usr/bin/time -f %M "$@" bench/generators_1m.py 2>&1 >/dev/null | tail -1; }
g=$(rss build/gilpy)
c=$(rss "$ref")
echo "1M suspended generators: peak RSS gilpy ${g} KB, CPython ${c} KB" \
     "($([ "$g" -le "$c" ] && echo ok || echo OVER))"
