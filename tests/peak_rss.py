#!/usr/bin/env python3
"""Runs a command and fails if its peak resident set size exceeds a limit.

usage: peak_rss.py --max-mb N COMMAND [ARGS...]
"""
import resource
import subprocess
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[1] != "--max-mb":
        sys.exit(__doc__)
    limit_mb = float(sys.argv[2])
    proc = subprocess.run(sys.argv[3:])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print(f"peak RSS {peak_mb:.1f} MB (limit {limit_mb:.0f} MB), exit status {proc.returncode}")
    ok = proc.returncode == 0 and peak_mb <= limit_mb
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
