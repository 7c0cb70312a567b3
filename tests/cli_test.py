#!/usr/bin/env python3
"""Checks the `gilpy` command line: exit statuses, sys.argv, -c, stdin, --version, usage.

usage: cli_test.py GILPY
"""
import os
import subprocess
import sys
import tempfile


def run(gilpy, args, stdin=b"", cwd=None):
    return subprocess.run([gilpy] + args, input=stdin, capture_output=True, timeout=30, cwd=cwd)


def main():
    gilpy = os.path.abspath(sys.argv[1])
    checks = []
    tmp = tempfile.mkdtemp(prefix="gilpy-cli-")

    def check(name, ok, detail=""):
        checks.append((name, ok, detail))

    p = run(gilpy, ["-c", "import sys; print(sys.argv)", "a", "-b", "--c"])
    check("-c passes the rest to sys.argv", p.stdout == b"['-c', 'a', '-b', '--c']\n", p.stdout)
    p = run(gilpy, ["-"], stdin=b"print(6 * 7)\n")
    check("- reads standard input", p.stdout == b"42\n" and p.returncode == 0, p.stdout)
    p = run(gilpy, [], stdin=b"import sys\nprint(sys.argv)\n")
    check("piped stdin without arguments", p.stdout == b"['']\n", p.stdout)
    p = run(gilpy, ["no_such_script.py"], cwd=tmp)
    want = f"gilpy: can't open file '{os.path.join(os.path.realpath(tmp), 'no_such_script.py')}': [Errno 2] No such file or directory\n"
    check("missing script: message and status 2", p.returncode == 2 and p.stderr.decode() == want, p.stderr)
    p = run(gilpy, ["--no-such-flag"])
    check("bad flag: usage and status 2", p.returncode == 2 and b"usage:" in p.stderr, p.stderr)
    p = run(gilpy, ["--version"])
    check("--version", p.returncode == 0 and p.stdout.startswith(b"gilpy "), p.stdout)
    p = run(gilpy, ["-h"])
    check("-h", p.returncode == 0 and b"--dis" in p.stdout, p.stdout)
    p = run(gilpy, ["-c", "raise ValueError('boom')"])
    check("uncaught exception: status 1 and traceback",
          p.returncode == 1 and p.stderr.endswith(b"ValueError: boom\n") and b"Traceback" in p.stderr, p.stderr)
    p = run(gilpy, ["-c", "import sys; sys.exit(3)"])
    check("sys.exit(3) gives status 3", p.returncode == 3, p.returncode)
    p = run(gilpy, ["-c", "def f(:\n  pass"])
    check("syntax error: status 1", p.returncode == 1 and b"SyntaxError" in p.stderr, p.stderr)
    script = os.path.join(tmp, "args.py")
    with open(script, "w") as f:
        f.write("import sys\nprint(sys.argv[1:], sys.path[0] == %r)\n" % os.path.realpath(tmp))
    p = run(gilpy, [script, "-7", "--verbose", "x y"])
    check("script arguments (even option-like ones) and sys.path[0]",
          p.stdout == b"['-7', '--verbose', 'x y'] True\n", p.stdout)
    p = run(gilpy, ["--dis", "-c", "x = 1"])
    check("--dis prints instructions", p.returncode == 0 and b"STORE_NAME" in p.stdout, p.stdout)

    failed = [c for c in checks if not c[1]]
    for name, _, detail in failed:
        print(f"FAIL {name}: {detail!r}")
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
