#!/usr/bin/env python3
"""Replays the fuzzer's regression corpus (tests/fuzz/regressions/*): each input, once a
crash the fuzz target found (tools/fuzz.sh), is run as a program by gilpy; it must end by
itself, with any status, but never die by a signal.

usage: replay.py GILPY DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    gilpy, folder = os.path.abspath(sys.argv[1]), sys.argv[2]
    inputs = sorted(os.listdir(folder))
    failed = 0
    for name in inputs:
        path = os.path.join(folder, name)
        cwd = tempfile.mkdtemp(prefix="gilpy-fuzz-replay-")
        try:
            p = subprocess.run([gilpy, os.path.abspath(path)], capture_output=True, timeout=60,
                               stdin=subprocess.DEVNULL, cwd=cwd)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: timed out")
            failed += 1
            continue
        finally:
            shutil.rmtree(cwd, ignore_errors=True)
        if p.returncode < 0:
            print(f"FAIL {name}: killed by signal {-p.returncode}: {p.stderr.decode(errors='replace')[-300:]}")
            failed += 1
    print(f"{len(inputs) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not inputs else 0)


if __name__ == "__main__":
    main()
