#!/usr/bin/env python3
"""Runs gilpy's script tests: each NAME.py beside NAME.out (stdout recorded from CPython
3.11), and optionally NAME.err (last stderr line), NAME.tb (the whole stderr, normalised
as ../shared/conformance/check does: file paths cut to their base names, lines of only
^ and ~ dropped; `record` writes it for tb_*.py), NAME.code (exit status), NAME.stdin,
NAME.args. Each script runs in a fresh temporary working directory. The one timing a
recorded stderr may hold, unittest's "Ran N tests in 0.002s", is compared without its time.

usage: run_scripts.py GILPY DIR [-k SUBSTRING]
Prints one line per failure and closes with "N passed, M failed".
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def normalise_tb(text):
    """As ../shared/conformance/check's: base names in 'File "..."' lines, no caret-only
    lines; and also base names in the File lines inside an exception group's margins
    ("  |   File ..."), which check leaves whole. Applied to the recorded NAME.tb too, so
    that a checkout anywhere compares equal."""
    out = []
    for line in text.splitlines():
        if line.strip() and set(line.strip()) <= set("^~"):
            continue
        line = re.sub(r"^(Ran \d+ tests? in )\d+\.\d+s$", r"\1N.NNNs", line)
        m = re.match(r'((?:\s*[|+] )*\s*File ")([^"]*)(".*)', line)
        if m:
            line = m.group(1) + os.path.basename(m.group(2)) + m.group(3)
        out.append(line.rstrip())
    return "\n".join(out).strip() + "\n"


def run_one(gilpy, script):
    base = script[:-3]
    args = [gilpy, script]
    if os.path.exists(base + ".args"):
        args += read(base + ".args").splitlines()
    stdin = read(base + ".stdin", "rb") if os.path.exists(base + ".stdin") else b""
    cwd = tempfile.mkdtemp(prefix="gilpy-test-")
    try:
        p = subprocess.run(args, input=stdin, capture_output=True, cwd=cwd, timeout=60,
                           env=dict(os.environ, PYTHONHASHSEED="0"))
    except subprocess.TimeoutExpired:
        return "timed out"
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    problems = []
    want_code = int(read(base + ".code").strip()) if os.path.exists(base + ".code") else 0
    if p.returncode != want_code:
        problems.append(f"exit status {p.returncode}, expected {want_code}")
    want = read(base + ".out", "rb")
    if p.stdout != want:
        problems.append("stdout differs")
    if os.path.exists(base + ".err"):
        lines = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
        got = lines[-1].strip() if lines else ""
        if got != read(base + ".err").strip():
            problems.append(f"last stderr line {got!r}")
    if os.path.exists(base + ".tb"):
        want_tb = normalise_tb(read(base + ".tb"))
        got_tb = normalise_tb(p.stderr.decode("utf-8", "replace"))
        if got_tb != want_tb:
            d = difflib.unified_diff(want_tb.splitlines(), got_tb.splitlines(), "expected", "got",
                                     lineterm="", n=1)
            problems.append("traceback differs:\n" + "\n".join(list(d)[:40]))
    if problems and p.stderr:
        problems.append("stderr: " + p.stderr.decode("utf-8", "replace")[-400:])
    return "; ".join(problems) or None


def main():
    gilpy, folder = os.path.abspath(sys.argv[1]), sys.argv[2]
    key = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "-k" else ""
    scripts = sorted(os.path.join(folder, f) for f in os.listdir(folder)
                     if f.endswith(".py") and key in f and os.path.exists(os.path.join(folder, f[:-3] + ".out")))
    failed = 0
    for s in scripts:
        res = run_one(gilpy, os.path.abspath(s))
        if res:
            failed += 1
            print(f"FAIL {os.path.basename(s)}: {res}")
    print(f"{len(scripts) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not scripts else 0)


if __name__ == "__main__":
    main()
