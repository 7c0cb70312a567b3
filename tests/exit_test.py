#!/usr/bin/env python3
"""What a program leaves behind at exit (vm/finalize.cpp): each tests/exit/NAME.py runs in
a fresh temporary directory, and its stdout, stderr, exit status and the files it left
there must be what CPython 3.11 produced, recorded in NAME.expected. Addresses in reprs
(0x...) and the folders of file paths in tracebacks are normalised on both sides.

usage: exit_test.py GILPY            check every script
       exit_test.py --record PYTHON  record NAME.expected with PYTHON (python3.11)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exit")


def normalise(text):
    text = re.sub(r"0x[0-9a-fA-F]+", "0x...", text)
    return re.sub(r'File "[^"]*/([^"/]*)"', r'File "\1"', text)


def outcome(interpreter, script):
    """The script's whole observable outcome, as text."""
    with tempfile.TemporaryDirectory() as cwd:
        run = subprocess.run([os.path.abspath(interpreter) if os.sep in interpreter else interpreter, script], cwd=cwd, capture_output=True, text=True, timeout=60)
        parts = ["== stdout", run.stdout, "== stderr", normalise(run.stderr), "== status %d" % run.returncode]
        for name in sorted(os.listdir(cwd)):
            with open(os.path.join(cwd, name)) as f:
                parts += ["== file " + name, f.read()]
    return "\n".join(parts) + "\n"


def main():
    scripts = sorted(f for f in os.listdir(HERE) if f.endswith(".py"))
    if sys.argv[1] == "--record":
        for s in scripts:
            with open(os.path.join(HERE, s[:-3] + ".expected"), "w") as f:
                f.write(outcome(sys.argv[2], os.path.join(HERE, s)))
        print("recorded", len(scripts))
        return 0
    failed = 0
    for s in scripts:
        with open(os.path.join(HERE, s[:-3] + ".expected")) as f:
            expected = f.read()
        got = outcome(sys.argv[1], os.path.join(HERE, s))
        if got != expected:
            failed += 1
            print("FAIL %s\n--- expected\n%s--- got\n%s" % (s, expected, got))
    print("%d passed, %d failed" % (len(scripts) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
