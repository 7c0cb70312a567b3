#!/usr/bin/env python3
"""Runs the seed samples (samples/seed/*.py, the source document's snippets) in their own
folder and compares each outcome with CPython 3.11's, recorded beside them.

usage: samples.py run GILPY          print each sample's output; check it against
                                     samples/seed/expected/ (exit status 1 on a mismatch)
       samples.py record PYTHON      record CPython's outcomes into samples/seed/expected/

What is compared: the exit status, the last line of stderr (an uncaught exception's
"Type: message") and stdout; for a sample whose stdout is a race (the shared corpus has a
NAME.re pattern for it, ../shared/conformance/seed/) stdout must match that pattern.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "samples", "seed")
EXPECTED = os.path.join(SEED, "expected")
SHARED_SEED = os.path.join(ROOT, "..", "shared", "conformance", "seed")


def stdout_pattern(name):
    """The shared corpus's regex for a sample's stdout, when its stdout varies."""
    path = os.path.join(SHARED_SEED, name[:-3] + ".re")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read().rstrip("\n")   # as the corpus's check reads it


def samples():
    return sorted(f for f in os.listdir(SEED) if f.endswith(".py"))


def run(interp, name):
    p = subprocess.run([interp, name], cwd=SEED, capture_output=True, timeout=120,
                       env=dict(os.environ, PYTHONHASHSEED="0"))
    err_lines = [l for l in p.stderr.decode(errors="replace").splitlines() if l.strip()]
    return p.returncode, p.stdout, (err_lines[-1] if err_lines else ""), p.stderr


def record(python):
    os.makedirs(EXPECTED, exist_ok=True)
    for name in samples():
        base = os.path.join(EXPECTED, name[:-3])
        code, out, last_err, _ = run(python, name)
        with open(base + ".code", "w") as f:
            f.write(f"{code}\n")
        with open(base + ".err", "w") as f:
            f.write(last_err + "\n")
        varies = stdout_pattern(name) is not None
        if not varies:
            with open(base + ".out", "wb") as f:
                f.write(out)
        elif os.path.exists(base + ".out"):
            os.remove(base + ".out")
        print(f"recorded {name}: exit {code}" + (" (stdout is a race: matched by pattern)" if varies else ""))


def check(gilpy):
    matched = failed = 0
    for name in samples():
        base = os.path.join(EXPECTED, name[:-3])
        print(f"== samples/seed/{name}")
        code, out, last_err, stderr = run(gilpy, name)
        sys.stdout.write(out.decode(errors="replace"))
        if stderr:
            sys.stdout.write(stderr.decode(errors="replace"))
        problems = []
        with open(base + ".code") as f:
            want_code = int(f.read())
        if code != want_code:
            problems.append(f"exit status {code}, CPython's {want_code}")
        with open(base + ".err") as f:
            want_err = f.read().rstrip("\n")
        if last_err != want_err:
            problems.append(f"last stderr line {last_err!r}, CPython's {want_err!r}")
        pattern = stdout_pattern(name)
        if pattern is not None:
            if not re.fullmatch(pattern, out.decode(errors="replace"), re.S):
                problems.append("stdout does not match the corpus's pattern")
        elif os.path.exists(base + ".out"):
            with open(base + ".out", "rb") as f:
                if out != f.read():
                    problems.append("stdout differs from CPython's")
        if problems:
            failed += 1
            print("   MISMATCH: " + "; ".join(problems))
        else:
            matched += 1
            print(f"   (exit status {code}, as CPython)")
    print(f"samples: {matched} behaved as CPython 3.11 does, {failed} did not")
    return failed == 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("run", "record"):
        sys.exit(__doc__)
    if sys.argv[1] == "record":
        record(sys.argv[2])
    else:
        sys.exit(0 if check(os.path.abspath(sys.argv[2])) else 1)


if __name__ == "__main__":
    main()
