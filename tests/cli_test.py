#!/usr/bin/env python3
"""Checks the `gilpy` command line: exit statuses, sys.argv, -c, stdin, --version, usage.

usage: cli_test.py GILPY
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(gilpy, args, stdin=b"", cwd=None):
    return subprocess.run([gilpy] + args, input=stdin, capture_output=True, timeout=30, cwd=cwd)


def reference_python():
    """CPython 3.11 as Debian installs it (not a pyenv shim first on PATH)."""
    for p in ("/usr/bin/python3.11", shutil.which("python3.11")):
        if p and os.path.exists(p):
            return p
    return None


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


def normalise(text, program):
    """The program's name as the messages print it: CPython's path or gilpy's."""
    text = text.replace(program + ":", "PROG:").replace("gilpy:", "PROG:")
    text = re.sub(r"usage: \S+ ", "usage: PROG ", text)
    return text.replace("Try `python -h'", "Try `PROG -h'").replace("Try `gilpy -h'", "Try `PROG -h'")


def compare_with_cpython(gilpy, tmp, check):
    """Acceptance 6: the same command under gilpy and CPython 3.11, the same output."""
    python = reference_python()
    if python is None:
        check("CPython 3.11 is installed (the comparisons need it)", False, "python3.11 not found")
        return
    work = os.path.realpath(tempfile.mkdtemp(prefix="gilpy-cli-cmp-"))
    with open(os.path.join(work, "usermod.py"), "w") as f:
        f.write("import sys\nprint(__name__, sys.argv, sys.path[0] == %r)\n" % work)
    with open(os.path.join(work, "script.py"), "w") as f:
        f.write("x = 21\nprint('script ran')\n")
    with open(os.path.join(work, "fails.py"), "w") as f:
        f.write("y = 5\nraise ValueError('from the script')\n")

    os.mkdir(os.path.join(work, "app"))
    with open(os.path.join(work, "app", "__main__.py"), "w") as f:
        f.write("import sys\nprint(__name__, __file__, sys.argv, sys.path[0])\n")
    os.mkdir(os.path.join(work, "not_an_app"))

    lib = os.path.join(work, "lib")
    os.mkdir(lib)
    with open(os.path.join(lib, "pathmod.py"), "w") as f:
        f.write("VALUE = 'found on PYTHONPATH'\n")

    cases = [
        ("-m a user module", ["-m", "usermod", "a", "-b"], {}, b""),
        ("-m a built-in (frozen) module", ["-m", "selectors"], {}, b""),
        ("-m a native module", ["-m", "math"], {}, b""),
        ("-m a missing module", ["-m", "no_such_module_xyz"], {}, b""),
        ("-i after a script", ["-i", os.path.join(work, "script.py")], {}, b"x * 2\nprint(x)\n"),
        ("-i after an uncaught exception", ["-i", os.path.join(work, "fails.py")], {}, b"y + 1\n"),
        ("-i after -c", ["-i", "-c", "z = 3"], {}, b"z\n1/0\nz + 1\n"),
        ("-i: a syntax error at the prompt", ["-i", "-c", "z = 3"], {}, b"x = = 1\ndef f(:\nz + 1\n"),
        ("-u: stdout and stderr unbuffered",
         ["-u", "-c", "import sys; sys.stdout.write('a'); sys.stderr.write('b'); sys.stdout.write('c\\n')"], {}, b""),
        ("-O drops asserts, __debug__ is False", ["-O", "-c", "assert False, 'no'; print(__debug__)"], {}, b""),
        ("-OO", ["-OO", "-c", "import sys; print(sys.flags.optimize)"], {}, b""),
        ("an unknown long option", ["--bogus"], {}, b""),
        ("an unknown short option", ["-j"], {}, b""),
        ("a missing argument", ["-X"], {}, b""),
        ("PYTHONPATH", ["-c", "import sys, pathmod; print(pathmod.VALUE, sys.path[1] == %r)" % lib],
         {"PYTHONPATH": lib}, b""),
        ("-E ignores PYTHONPATH", ["-E", "-c", "import sys; print(%r in sys.path)" % lib], {"PYTHONPATH": lib}, b""),
        ("-X and -W accepted", ["-X", "some_option", "-W", "ignore", "-c",
                                "import sys; print(sys._xoptions, sys.warnoptions)"], {}, b""),
        ("combined flags", ["-uqsSB", "-c", "print('ok')"], {}, b""),
        ("-P", ["-P", "-c", "import sys; print('' in sys.path)"], {}, b""),
        ("-I", ["-I", "-c", "import sys; print(sys.flags.isolated, sys.flags.ignore_environment, '' in sys.path)"],
         {}, b""),
        ("piped stdin is a program", [], {}, b"print('from stdin')\n"),
        ("a directory runs its __main__.py", ["app", "x"], {}, b""),
        ("a directory without __main__.py", ["not_an_app"], {}, b""),
        ("a traceback through -c code has no source lines", ["-c", "def f():\n    return 1 / 0\nf()"], {}, b""),
        ("a traceback through a piped program has no source lines", [], {}, b"x = 1\nprint(x / 0)\n"),
        ("a syntax error before a bracket left open on its line", ["-c", "def f(:\n  pass"], {}, b""),
    ]
    for name, args, env, stdin in cases:
        got = subprocess.run([gilpy] + args, input=stdin, capture_output=True, timeout=60, cwd=work,
                             env=clean_env(**env))
        want = subprocess.run([python] + args, input=stdin, capture_output=True, timeout=60, cwd=work,
                              env=clean_env(**env))
        same = (got.returncode == want.returncode and got.stdout == want.stdout
                and normalise(got.stderr.decode(), python) == normalise(want.stderr.decode(), python))
        check("as CPython: " + name, same,
              f"gilpy {got.returncode} {got.stdout!r} {got.stderr!r}; CPython {want.returncode} "
              f"{want.stdout!r} {want.stderr!r}")
    # Files named as the pseudo-files in the current directory: a traceback through -c or
    # piped code must not show their lines (CPython reads one only for a SyntaxError's text).
    pseudo_dir = os.path.realpath(tempfile.mkdtemp(prefix="gilpy-cli-pseudo-"))
    for pseudo in ("<string>", "<stdin>"):
        with open(os.path.join(pseudo_dir, pseudo), "w") as f:
            f.write("NOT A SOURCE LINE\n" * 3)
    for name, args, stdin in [("-c", ["-c", "x = 1\nprint(x / 0)"], b""), ("piped", [], b"x = 1\nprint(x / 0)\n")]:
        got = subprocess.run([gilpy] + args, input=stdin, capture_output=True, timeout=60, cwd=pseudo_dir,
                             env=clean_env())
        want = subprocess.run([python] + args, input=stdin, capture_output=True, timeout=60, cwd=pseudo_dir,
                              env=clean_env())
        check("as CPython: a %s traceback beside a file named as its pseudo-file" % name,
              got.stderr == want.stderr and b"NOT A SOURCE LINE" not in got.stderr, (got.stderr, want.stderr))
    # The same order of output through one pipe with -u.
    cmd = ["-u", "-c", "import sys; sys.stdout.write('a'); sys.stderr.write('b'); sys.stdout.write('c\\n')"]
    got = subprocess.run([gilpy] + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60, env=clean_env())
    want = subprocess.run([python] + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60, env=clean_env())
    check("as CPython: -u interleaves stdout and stderr", got.stdout == want.stdout == b"abc\n",
          (got.stdout, want.stdout))
    p = subprocess.run([gilpy, "--help-env"], capture_output=True, timeout=60)
    check("--help-env", p.returncode == 0 and b"PYTHONPATH" in p.stdout, p.stdout)
    p = subprocess.run([gilpy, "-h"], capture_output=True, timeout=60)
    check("-h: gilpy's options under their own heading",
          p.returncode == 0 and b"\ngilpy options:\n" in p.stdout and b"-m mod" in p.stdout, p.stdout)


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

    compare_with_cpython(gilpy, tmp, check)

    failed = [c for c in checks if not c[1]]
    for name, _, detail in failed:
        print(f"FAIL {name}: {detail!r}")
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
