#!/usr/bin/env python3
"""Runs a script that prints its peak address space (VmPeak, kB) as its last line under
gilpy and under the reference CPython, and fails if gilpy's exceeds FACTOR times CPython's.

usage: address_space.py GILPY CPYTHON FACTOR SCRIPT
"""
import subprocess
import sys


def vm_peak_kb(interpreter, script):
    out = subprocess.run([interpreter, script], capture_output=True, text=True, check=True, timeout=300).stdout
    return int(out.split()[-1])


def main():
    gilpy, cpython, factor, script = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    ours, theirs = vm_peak_kb(gilpy, script), vm_peak_kb(cpython, script)
    ok = ours <= factor * theirs
    print(f"peak address space: gilpy {ours / 1024:.0f} MB, CPython {theirs / 1024:.0f} MB (limit {factor:g}x)")
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
