#!/usr/bin/env bash
# The greenlet benchmarks of issue 14, against the reference CPython (Debian's python3.11
# with Debian's python3-greenlet) in one run, alternating between the two:
#   switch_1m:      1,000,000 switch round trips between two greenlets from a Python loop
#                   (target: >= 3x faster than CPython)
#   create_100k:    create 100,000 greenlets, switch into each once, each returns (>= 5x)
#   chain:          the package's own chain(100000) benchmark, all 100,000 suspended at once
#   suspended_100k: peak RSS of 100,000 suspended greenlets (GNU time %M; target: at most
#                   CPython's), and the page tables they cost (VmPTE, which %M leaves out)
#   bench/greenlet.sh [-r ROUNDS] [GILPY]     ROUNDS runs of each (5), GILPY: build/gilpy
# Times are CPU seconds (user + sys) of the whole process, medians: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5
if [ "${1:-}" = "-r" ]; then rounds=$2; shift 2; fi
gilpy=${1:-build/gilpy}
[ -x "$gilpy" ] || { echo "$gilpy missing: build first" >&2; exit 1; }
cpython=$(dpkg -L python3.11-minimal 2>/dev/null | grep 'bin/python3.11$' | head -1)
cpython=${cpython:-/usr/bin/python3.11}
"$cpython" -c "import greenlet" 2>/dev/null || { echo "python3-greenlet is needed (tools/install-deps.sh)" >&2; exit 1; }
python3 - "$gilpy" "$cpython" "$rounds" <<'PY'
import os, statistics, subprocess, sys
gilpy, cpython, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

def run(cmd):
    """CPU seconds and peak RSS (MB) of one run, from GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    user, sys_, rss = out.stderr.strip().splitlines()[-1].split()
    return float(user) + float(sys_), int(rss) / 1024.0

def page_tables(cmd):
    """VmPTE (MB) at the end of the script: the page tables of its mappings."""
    code = open(cmd[-1]).read() + (
        "\nfor _line in open('/proc/self/status'):\n"
        "    if _line.startswith('VmPTE'):\n"
        "        print(_line.split()[1])\n")
    out = subprocess.run(cmd[:-1] + ["-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024.0

for name, target in [("switch_1m", 3.0), ("create_100k", 5.0), ("chain", None), ("suspended_100k", None)]:
    script = f"bench/greenlet/{name}.py"
    g, c = [], []
    for _ in range(rounds):
        g.append(run([gilpy, script]))
        c.append(run([cpython, script]))
    gt, ct = statistics.median(t for t, _ in g), statistics.median(t for t, _ in c)
    gm, cm = statistics.median(m for _, m in g), statistics.median(m for _, m in c)
    line = f"{name:15} gilpy {gt:7.3f} s {gm:7.1f} MB   CPython {ct:7.3f} s {cm:7.1f} MB   speed-up {ct / gt:5.2f}x"
    if target:
        line += f" (target >= {target:g}x)"
    if name == "suspended_100k":
        line += f"   RSS ratio {gm / cm:.3f} (target <= 1)"
        line += f"   page tables: gilpy {page_tables([gilpy, script]):.1f} MB, CPython {page_tables([cpython, script]):.1f} MB"
    print(line, flush=True)
PY
