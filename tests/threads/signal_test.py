#!/usr/bin/env python3
"""Signals sent to gilpy from outside (the signal module's end-to-end tests).

usage: signal_test.py GILPY

Each case starts GILPY on a small script that prints "ready" once it is blocked where
the case wants it (a sleep, a join, a read), sends it a signal, and checks how the
process goes on or ends, as CPython's would: a Python handler runs in the main thread
and the blocking call carries on; a signal nobody handles kills the process (status
-N here, 128+N in a shell); SIGINT's default raises KeyboardInterrupt and the process
then dies of SIGINT; the wakeup fd gets the signal's number. Prints one line a case and
exits 1 if any failed.
"""
import signal
import subprocess
import sys
import time

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def start(gilpy, source):
    # Start with SIGINT at its default even when this driver runs in a background job
    # (which ignores it, and gilpy, like CPython, keeps an ignored SIGINT ignored).
    p = subprocess.Popen([gilpy, "-c", source], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    line = p.stdout.readline()
    if line.strip() != b"ready":
        p.kill()
        out, err = p.communicate()
        raise AssertionError(f"script did not print 'ready': {line + out!r} {err.decode(errors='replace')}")
    time.sleep(0.2)  # let it block
    return p


def finish(p, timeout=10):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise AssertionError(f"still running {timeout} s after the signal")
    return out.decode(errors="replace"), err.decode(errors="replace")


def expect(cond, what, out="", err=""):
    if not cond:
        raise AssertionError(f"{what}\n--- stdout:\n{out}--- stderr:\n{err}")


SLEEPER = "import time\nprint('ready', flush=True)\ntime.sleep(60)\n"


@case
def unhandled_sigterm_kills(gilpy):
    p = start(gilpy, SLEEPER)
    p.send_signal(signal.SIGTERM)
    out, err = finish(p)
    expect(p.returncode == -signal.SIGTERM, f"status {p.returncode}, expected -SIGTERM", out, err)


@case
def unhandled_sigusr1_kills(gilpy):
    p = start(gilpy, "import os, signal\nprint('ready', flush=True)\nimport time; time.sleep(0.1)\n"
                     "os.kill(os.getpid(), signal.SIGUSR1)\nprint('survived')\n")
    out, err = finish(p)
    expect(p.returncode == -signal.SIGUSR1 and "survived" not in out, f"status {p.returncode}", out, err)


@case
def handler_then_sleep_resumes(gilpy):
    p = start(gilpy, "import signal, time\n"
                     "signal.signal(signal.SIGUSR1, lambda s, f: print('handler', s, flush=True))\n"
                     "t = time.monotonic()\nprint('ready', flush=True)\ntime.sleep(1.0)\n"
                     "print('slept whole', time.monotonic() - t >= 0.99)\n")
    p.send_signal(signal.SIGUSR1)
    out, err = finish(p)
    expect(p.returncode == 0 and out == "handler 10\nslept whole True\n", f"status {p.returncode}", out, err)


@case
def handler_exits_from_join(gilpy):
    p = start(gilpy, "import signal, sys, threading, time\n"
                     "def on_term(s, f):\n    print('terminating', flush=True)\n    sys.exit(3)\n"
                     "signal.signal(signal.SIGTERM, on_term)\n"
                     "t = threading.Thread(target=time.sleep, args=(60,), daemon=True)\nt.start()\n"
                     "print('ready', flush=True)\nt.join()\nprint('not reached')\n")
    p.send_signal(signal.SIGTERM)
    out, err = finish(p)
    expect(p.returncode == 3 and out == "terminating\n", f"status {p.returncode}, expected 3", out, err)


@case
def python_sigint_handler_then_default(gilpy):
    p = start(gilpy, "import signal, threading\n"
                     "got = threading.Event()\n"
                     "def on_int(s, f):\n    print('handled SIGINT', flush=True)\n"
                     "    signal.signal(signal.SIGINT, signal.default_int_handler)\n    got.set()\n"
                     "signal.signal(signal.SIGINT, on_int)\n"
                     "print('ready', flush=True)\ngot.wait()\nprint('again', flush=True)\n"
                     "threading.Event().wait()\n")
    p.send_signal(signal.SIGINT)
    line = p.stdout.readline() + p.stdout.readline()
    expect(line == b"handled SIGINT\nagain\n", f"first SIGINT: {line!r}")
    time.sleep(0.1)
    p.send_signal(signal.SIGINT)
    out, err = finish(p)
    lines = [l for l in err.splitlines() if l.strip()]
    expect(lines and lines[-1] == "KeyboardInterrupt", "no KeyboardInterrupt after the second SIGINT", out, err)
    expect(p.returncode == -signal.SIGINT, f"status {p.returncode}, expected death by SIGINT", out, err)


@case
def ignored_signal_does_nothing(gilpy):
    p = start(gilpy, "import signal, time\nsignal.signal(signal.SIGUSR2, signal.SIG_IGN)\n"
                     "print('ready', flush=True)\ntime.sleep(0.6)\nprint('done')\n")
    p.send_signal(signal.SIGUSR2)
    out, err = finish(p)
    expect(p.returncode == 0 and out == "done\n", f"status {p.returncode}", out, err)


@case
def wakeup_fd_byte_reaches_a_blocked_read(gilpy):
    # What an event loop does: a no-op handler, the wakeup fd's pipe read in a blocking call.
    p = start(gilpy, "import os, signal\nr, w = os.pipe()\nos.set_blocking(w, False)\n"
                     "signal.set_wakeup_fd(w)\nsignal.signal(signal.SIGUSR1, lambda s, f: None)\n"
                     "signal.signal(signal.SIGUSR2, lambda s, f: None)\n"
                     "print('ready', flush=True)\nprint(list(os.read(r, 10)), flush=True)\n")
    p.send_signal(signal.SIGUSR2)
    out, err = finish(p)
    expect(p.returncode == 0 and out == "[12]\n", f"status {p.returncode}", out, err)


@case
def handler_during_stdin_read(gilpy):
    # A read of sys.stdin interrupted by a signal: the handler runs, the read goes on.
    p = subprocess.Popen([gilpy, "-c", "import signal, sys\n"
                          "signal.signal(signal.SIGUSR1, lambda s, f: print('handler', flush=True))\n"
                          "print('ready', flush=True)\nprint('read', repr(sys.stdin.readline()))\n"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    expect(p.stdout.readline() == b"ready\n", "no 'ready'")
    time.sleep(0.2)
    p.send_signal(signal.SIGUSR1)
    expect(p.stdout.readline() == b"handler\n", "the handler did not run during the read")
    p.stdin.write(b"line\n")
    p.stdin.flush()
    out, err = finish(p)
    expect(p.returncode == 0 and out == "read 'line\\n'\n", f"status {p.returncode}", out, err)


@case
def raising_handler_ends_stdin_read(gilpy):
    p = subprocess.Popen([gilpy, "-c", "import signal, sys\n"
                          "def stop(s, f):\n    raise RuntimeError('stop reading')\n"
                          "signal.signal(signal.SIGUSR1, stop)\n"
                          "print('ready', flush=True)\n"
                          "try:\n    sys.stdin.readline()\nexcept RuntimeError as e:\n    print('raised', e)\n"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    expect(p.stdout.readline() == b"ready\n", "no 'ready'")
    time.sleep(0.2)
    p.send_signal(signal.SIGUSR1)
    out, err = finish(p)
    expect(p.returncode == 0 and out == "raised stop reading\n", f"status {p.returncode}", out, err)


def main():
    gilpy = sys.argv[1]
    failed = 0
    for fn in CASES:
        try:
            fn(gilpy)
            print(f"ok: {fn.__name__}")
        except AssertionError as e:
            failed += 1
            print(f"FAIL: {fn.__name__}: {e}")
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
