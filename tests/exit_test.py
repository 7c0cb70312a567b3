#!/usr/bin/env python3
"""What a program leaves behind at exit (vm/finalize.cpp): each tests/exit/NAME.py runs in
a fresh temporary directory, and its stdout, stderr, exit status and the files it left
there must be what CPython 3.11 produced, recorded in NAME.expected (closed_stdout_*
scripts: with the reader of stdout gone before the program ends). Addresses in reprs
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


# Buffered standard streams, as a program run without -u has them (this harness's own
# environment may say otherwise).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def run_closing_stdout(command, cwd):
    """Runs a closed_stdout_* script: it writes to stdout (into its buffer), then reads a
    line from stdin; the reader of its stdout goes away before that line is sent, so the
    flush at exit meets a broken pipe, as `gilpy x.py | head -1` does."""
    p = subprocess.Popen(command, cwd=cwd, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    p.stdout.close()
    p.stdin.write("go\n")
    p.stdin.close()
    err = p.stderr.read()
    return subprocess.CompletedProcess(command, p.wait(timeout=60), "", err)


def outcome(interpreter, script):
    """The script's whole observable outcome, as text."""
    command = [os.path.abspath(interpreter) if os.sep in interpreter else interpreter, script]
    with tempfile.TemporaryDirectory() as cwd:
        if os.path.basename(script).startswith("closed_stdout_"):
            run = run_closing_stdout(command, cwd)
        else:
            run = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=60)
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
