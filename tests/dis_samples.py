#!/usr/bin/env python3
"""Checks that `gilpy --dis` disassembles every sample in a folder without error.

usage: dis_samples.py GILPY FOLDER
"""
import os
import subprocess
import sys


def main():
    gilpy, folder = sys.argv[1], sys.argv[2]
    samples = sorted(f for f in os.listdir(folder) if f.endswith(".py"))
    failed = 0
    for name in samples:
        p = subprocess.run([gilpy, "--dis", os.path.join(folder, name)], capture_output=True, timeout=60)
        if p.returncode != 0 or b"RETURN_VALUE" not in p.stdout:
            failed += 1
            print(f"FAIL {name}: exit status {p.returncode}\n{p.stderr.decode(errors='replace')[-400:]}")
    print(f"{len(samples) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not samples else 0)


if __name__ == "__main__":
    main()
