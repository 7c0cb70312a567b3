#!/usr/bin/env bash
# What measuring the GIL costs, and what the GIL policies change (issue 9, acceptance 5),
# each figure from alternating runs in one call of ../shared/workloads/run:
#   1. measurement off: gilpy with the meter compiled in but no report asked for, against
#      the same build with -DGILPY_GIL_METER=OFF (target: no measurable difference);
#   2. --gil-stats on against off (target: at most 5% slower);
#   3. --gil-trace on against off (target: at most 15% slower);
#      on loop_arith, threads_cpu.threads and thread_pingpong;
#   4. every policy on convoy (an I/O thread beside a CPU-bound spinner, against the
#      I/O thread alone) and threads_cpu.threads against the cpython policy (targets:
#      under priority convoy.spin is at most 2x convoy.alone and threads_cpu loses at most
#      5%), with each policy's hand-off p99 from --gil-stats=json.
# Builds bench-builds/meter-on and bench-builds/meter-off (Release, no PGO, so that the
# two differ only in the meter) the first time.
#   bench/gil_meter.sh          3 runs of each case
#   bench/gil_meter.sh -r 5     5 runs
set -euo pipefail
cd "$(dirname "$0")/.."
run=../shared/workloads/run
workloads=../shared/workloads
[ -x "$run" ] || { echo "bench/gil_meter.sh: $run not found (../shared/workloads is needed)" >&2; exit 1; }
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-r 3)

build() {  # build DIR METER
  if [ ! -x "bench-builds/$1/gilpy" ]; then
    cmake -S . -B "bench-builds/$1" -DCMAKE_BUILD_TYPE=Release -DGILPY_PGO=OFF -DGILPY_TESTS=OFF \
      -DGILPY_BENCH=OFF -DGILPY_GIL_METER="$2" > /dev/null
    cmake --build "bench-builds/$1" -j2 --target gilpy > /dev/null
  fi
}
build meter-on ON
build meter-off OFF
on=bench-builds/meter-on/gilpy
off=bench-builds/meter-off/gilpy
cases=(loop_arith threads_cpu.threads thread_pingpong)
trace=$(mktemp --suffix=.json)
out=$(mktemp)
trap 'rm -f "$trace" "$out"' EXIT

ratio_lines() {  # the per-case ratio lines of a run's output
  grep -E "^(loop_arith|threads_cpu|thread_pingpong|convoy)" "$1" || true
}

echo "== 1. measurement off: meter compiled in vs compiled out (OTHER/THIS > 1: THIS faster)"
"$run" "$on" "${cases[@]}" --vs "$off" "${args[@]}" > "$out"
ratio_lines "$out"
echo "== 2. --gil-stats on vs off"
"$run" "$on --gil-stats=/dev/null" "${cases[@]}" --vs "$on" "${args[@]}" > "$out"
ratio_lines "$out"
echo "== 3. --gil-trace on vs off"
"$run" "$on --gil-trace $trace" "${cases[@]}" --vs "$on" "${args[@]}" > "$out"
ratio_lines "$out"

echo "== 4. policies: convoy.spin / convoy.alone, threads_cpu.threads against cpython, hand-off p99"
printf "%-10s %12s %12s %8s %16s %18s\n" policy "spin s" "alone s" "ratio" "threads_cpu ratio" "hand-off p99 ms"
for policy in cpython legacy fifo priority; do
  "$run" "$on --gil-policy=$policy" convoy.spin convoy.alone threads_cpu.threads \
    --vs "$on --gil-policy=cpython" "${args[@]}" > "$out"
  p99=$("$on" --gil-policy=$policy --gil-stats=json "$workloads/convoy.py" 300 spin 2>&1 >/dev/null |
        python3 -c 'import json,sys; print("%.3f" % (json.load(sys.stdin)["handoff_p99_s"] * 1e3))')
  python3 - "$out" "$policy" "$p99" <<'PY'
import re, sys
text, policy, p99 = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
def median(case):
    # a case's row: case, THIS median, min, max, OTHER median, OTHER/THIS, RSS MB
    for line in text.splitlines():
        f = line.split()
        if f and f[0] == case:
            return float(f[1]), float(f[5])
    return float("nan"), float("nan")
spin, _ = median("convoy.spin")
alone, _ = median("convoy.alone")
_, cpu_ratio = median("threads_cpu.threads")
print(f"{policy:<10} {spin:12.3f} {alone:12.3f} {spin / alone:8.2f} {cpu_ratio:16.3f} {p99:>18}")
PY
done
