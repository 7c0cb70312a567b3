#!/usr/bin/env python3
"""Runs a script under an address-space limit (ulimit -v) and compares its stdout with the
output recorded from CPython 3.11 under the same limit (SCRIPT with .py replaced by .out).

usage: ulimit_run.py --limit-mb N GILPY SCRIPT
"""
import resource
import subprocess
import sys


def main():
    if len(sys.argv) != 5 or sys.argv[1] != "--limit-mb":
        sys.exit(__doc__)
    limit = int(sys.argv[2]) << 20
    gilpy, script = sys.argv[3], sys.argv[4]

    def limit_address_space():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    p = subprocess.run([gilpy, script], capture_output=True, timeout=120, preexec_fn=limit_address_space)
    with open(script[:-3] + ".out", "rb") as f:
        want = f.read()
    if p.returncode != 0 or p.stdout != want:
        sys.stdout.write(f"exit status {p.returncode}\n--- got\n{p.stdout.decode(errors='replace')}"
                         f"--- expected\n{want.decode()}--- stderr\n{p.stderr.decode(errors='replace')[-2000:]}")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
