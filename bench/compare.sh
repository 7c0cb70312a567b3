#!/usr/bin/env bash
# Compares gilpy with the reference CPython (Debian's python3.11, PGO/LTO) on the shared
# workloads, both run in alternation in one run so they see the same machine noise.
#   bench/compare.sh                 every workload, 3 runs each
#   bench/compare.sh fib nbody -r 5  a subset, 5 runs
# Prints per-case ratios CPython/gilpy (>1: gilpy is faster) and their geometric mean;
# also the start-up comparison (`-c pass`).
set -euo pipefail
cd "$(dirname "$0")/.."
run=../shared/workloads/run
if [ ! -x "$run" ]; then
  echo "bench/compare.sh: $run not found (../shared/workloads is needed)" >&2
  exit 1
fi
[ -x build/gilpy ] || { echo "build/gilpy missing: build first" >&2; exit 1; }
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-r 3)
"$run" build/gilpy --vs cpython "${args[@]}"
