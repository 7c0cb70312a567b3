#!/usr/bin/env python3
"""Checks the GIL policies (issue 9, acceptance 4): under --gil-policy=legacy
--check-interval 1 the document's race (samples/gil/race.py, question 3) loses updates in
most of 20 runs, while the locked version (race_locked.py, question 4) always ends at 0;
under the other policies both end at 0 (switches fall only at backward jumps and calls).
The sanitizer builds pass a smaller RUNS (a switch at every instruction is slow under
ThreadSanitizer: about 10 s a run).

usage: policy_test.py GILPY SAMPLES_DIR [RUNS]
"""
import os
import subprocess
import sys

def final_x(gilpy, script, *flags):
    p = subprocess.run([gilpy, *flags, script], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise SystemExit(f"{script} {flags} failed ({p.returncode}): {p.stderr}")
    return int(p.stdout.strip())


def main():
    gilpy = os.path.abspath(sys.argv[1])
    race = os.path.join(sys.argv[2], "race.py")
    locked = os.path.join(sys.argv[2], "race_locked.py")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    legacy = ("--gil-policy=legacy", "--check-interval", "1")
    failures = []

    racy = [final_x(gilpy, race, *legacy) for _ in range(runs)]
    nonzero = sum(1 for x in racy if x != 0)
    print(f"legacy, check interval 1: the race ends nonzero in {nonzero} of {runs} runs: {racy}")
    if nonzero <= runs // 2:
        failures.append("the race should lose updates in most runs under legacy --check-interval 1")

    safe = [final_x(gilpy, locked, *legacy) for _ in range(runs)]
    print(f"legacy, check interval 1: the locked version ends at {sorted(set(safe))}")
    if any(safe):
        failures.append("the locked version must always end at 0")

    for policy in ("cpython", "fifo", "priority"):
        results = {final_x(gilpy, race, "--gil-policy=" + policy), final_x(gilpy, locked, "--gil-policy=" + policy)}
        print(f"{policy}: {results}")
        if results != {0}:
            failures.append(f"{policy}: switches only at safepoints, so the race cannot lose an update")

    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
