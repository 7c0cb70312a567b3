#!/usr/bin/env bash
# The asyncio benchmarks of issue 8, against the reference CPython (Debian's python3.11)
# in one run, each case alternating between the two:
#   asyncio_tasks (target: >= 3x CPython), asyncio_queue (>= 2x), asyncio_echo (>= 1.5x),
#   each with peak RSS below CPython's (the shared workloads runner);
#   100,000 tasks suspended on one asyncio.Event (bench/asyncio/event_100k.py): peak RSS
#   at most a third of CPython's;
#   `-c "import asyncio"`: at most a quarter of CPython's start-up time.
#   bench/asyncio.sh          3 runs of each
#   bench/asyncio.sh -r 5     5 runs
set -euo pipefail
cd "$(dirname "$0")/.."
run=../shared/workloads/run
[ -x "$run" ] || { echo "bench/asyncio.sh: $run not found (../shared/workloads is needed)" >&2; exit 1; }
[ -x build/gilpy ] || { echo "build/gilpy missing: build first" >&2; exit 1; }
cpython=$(dpkg -L python3.11-minimal 2>/dev/null | grep 'bin/python3.11$' | head -1)
cpython=${cpython:-/usr/bin/python3.11}
rounds=3
[ "${1:-}" = "-r" ] && rounds=${2:-3}
"$run" build/gilpy asyncio_tasks asyncio_queue asyncio_echo --vs cpython -r "$rounds"
python3 - "$cpython" "$rounds" <<'PY'
import statistics, subprocess, sys, time
cpython, rounds = sys.argv[1], int(sys.argv[2])

def measure(cmd):
    """Wall seconds of one run of cmd."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start

def peak_rss(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, check=True, capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024.0

event = "bench/asyncio/event_100k.py"
g, c = [], []
for _ in range(rounds):
    g.append(peak_rss(["build/gilpy", event]))
    c.append(peak_rss([cpython, event]))
gm, cm = statistics.median(g), statistics.median(c)
print(f"\n100,000 tasks on one Event: peak RSS gilpy {gm:.1f} MB, CPython {cm:.1f} MB, "
      f"ratio {gm / cm:.3f} (target <= 0.333)")

gt, ct = [], []
for _ in range(max(10, rounds)):
    gt.append(measure(["build/gilpy", "-c", "import asyncio"]))
    ct.append(measure([cpython, "-c", "import asyncio"]))
gm, cm = statistics.median(gt), statistics.median(ct)
print(f'-c "import asyncio": gilpy {gm * 1000:.1f} ms, CPython {cm * 1000:.1f} ms, '
      f"ratio {gm / cm:.3f} (target <= 0.25)")
PY
