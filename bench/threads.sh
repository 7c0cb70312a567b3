#!/usr/bin/env bash
# The GIL benchmarks of issue 3, measured in one run against the reference CPython:
#   threads_cpu split over 2 threads vs sequential (target: gilpy's threads/seq <= 1.10,
#   CPython's ratio printed beside it), and thread_pingpong's round trips per second
#   (target: at least CPython 3.11's).
#   bench/threads.sh          3 runs of each case
#   bench/threads.sh -r 5     5 runs
# The workloads runner prints the ratios itself ("GIL figures for ..."); this script
# adds the pass/fail verdict against the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
run=../shared/workloads/run
if [ ! -x "$run" ]; then
  echo "bench/threads.sh: $run not found (../shared/workloads is needed)" >&2
  exit 1
fi
[ -x build/gilpy ] || { echo "build/gilpy missing: build first" >&2; exit 1; }
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-r 3)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$run" build/gilpy threads_cpu.seq threads_cpu.threads thread_pingpong --vs cpython "${args[@]}" | tee "$out"
python3 - "$out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.split(r"GIL figures for ", text)[1:]
figs = {}
for b in blocks:
    name = b.split(":", 1)[0].strip()
    ratio = re.search(r"threads/seq wall ratio: ([0-9.]+)", b)
    rts = re.search(r"round trips/s: ([0-9.]+)", b)
    figs[name] = (float(ratio.group(1)) if ratio else None, float(rts.group(1)) if rts else None)
g = figs.get("build/gilpy")
c = figs.get("cpython")
if not g or not c:
    print("bench/threads.sh: could not find the GIL figures"); sys.exit(1)
ok_ratio = g[0] is not None and g[0] <= 1.10
ok_pp = g[1] is not None and c[1] is not None and g[1] >= c[1]
print()
print(f"threads_cpu threads/seq: gilpy {g[0]:.2f} (target <= 1.10: {'ok' if ok_ratio else 'MISSED'}), cpython {c[0]:.2f}")
print(f"thread_pingpong round trips/s: gilpy {g[1]:.0f} vs cpython {c[1]:.0f} "
      f"(target >= cpython: {'ok' if ok_pp else 'MISSED'})")
sys.exit(0 if ok_ratio and ok_pp else 1)
PY
