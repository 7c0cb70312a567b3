#!/usr/bin/env python3
"""Checks the GIL meter as the `gil` module and --gil-stats show it (issue 9, acceptance 2):
the fields of gil.stats() and their consistency, reset(), blocking releases by reason, the
policies and intervals as set from Python, the command line and the environment, and that
--gil-stats names the function and line of a CPU-bound loop as the top GIL hog.

usage: stats_test.py GILPY
"""
import ast
import json
import os
import re
import subprocess
import sys
import tempfile

THREAD_KEYS = {"name", "ident", "acquisitions", "contended", "hold_s", "wait_s", "max_wait_s",
               "forced_switches", "blocking_releases"}
TOTAL_KEYS = {"wall_s", "held_s", "switches", "drop_requests", "handoff_p50_s", "handoff_p99_s",
              "handoff_max_s", "policy", "switch_interval_s", "threads"}
REASONS = {"sleep", "lock", "join", "queue", "io", "socket", "epoll", "input", "executor"}

# Each program prints one Python literal (its figures) on its last line of stdout (gilpy
# has no json module yet).
SINGLE_THREAD = r"""
import gil
n = 0
for i in range(200000):
    n += i
s = gil.stats()
print(repr(s))
"""

RESET = r"""
import gil, threading, time
def spin():
    n = 0
    for i in range(3000000):
        n += i
ts = [threading.Thread(target=spin) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
before = gil.stats()
gil.reset()
after = gil.stats()
print(repr([before, after]))
"""

SLEEPS = r"""
import gil, threading, time
def napper():
    for i in range(10):
        time.sleep(0.001)
t = threading.Thread(target=napper, name="napper")
t.start()
t.join()
print(repr(gil.stats()))
"""

REASONS_PROGRAM = r"""
import gil, queue, threading, time
def sleeper():
    time.sleep(0.05)
t = threading.Thread(target=sleeper)
t.start()
t.join()                      # join
q = queue.Queue()
def producer():
    time.sleep(0.05)
    q.put(1)
threading.Thread(target=producer).start()
q.get()                       # queue
lock = threading.Lock()
lock.acquire()
def holder():
    time.sleep(0.05)
    lock.release()
threading.Thread(target=holder).start()
lock.acquire()                # lock
print(repr(gil.stats()))
"""

# Resets while other threads are off the GIL at recorded sites (forced off, or blocked):
# what they recorded before a reset must not be counted after it (it once crashed).
RESET_UNDER_LOAD = r"""
import gil, threading, time
stop = []
def spin():
    x = 0
    while not stop:
        x += 1
def nap():
    while not stop:
        time.sleep(0.0005)
ts = [threading.Thread(target=f) for f in (spin, spin, nap)]
for t in ts: t.start()
for i in range(60):
    time.sleep(0.002)
    gil.reset()
stop.append(1)
for t in ts: t.join()
print(repr(gil.stats()["switches"] > 0))
"""

POLICIES = r"""
import gil, sys
out = [gil.policy(), gil.stats()["switch_interval_s"], sys.getswitchinterval()]
gil.set_policy("fifo")
out.append(gil.policy())
try:
    gil.set_policy("bogus")
except ValueError as e:
    out.append(str(e))
sys.setswitchinterval(1e-5)
out.append(gil.stats()["switch_interval_s"])
print(repr(out))
"""

# The hog: two threads in the loop of lines 4-5 (a forced switch happens at the loop's
# backward jump, which belongs to the body's last line, 5, as in CPython's line table).
HOG = """import threading
def burn():
    x = 0
    for i in range(3000000):
        x = (x * 31 + i) % 1000003
ts = [threading.Thread(target=burn) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
"""
HOG_LINES = (4, 5)


def main():
    gilpy = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="gilpy-gil-stats-")
    checks = []

    def check(name, ok, detail=""):
        checks.append((name, bool(ok), detail))

    def run(source, *flags, env=None):
        path = os.path.join(tmp, "prog.py")
        with open(path, "w") as f:
            f.write(source)
        p = subprocess.run([gilpy, *flags, path], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, **(env or {})))
        if p.returncode != 0:
            print(p.stdout, p.stderr)
        return p

    def stats(source, *flags, env=None):
        p = run(source, *flags, env=env)
        return ast.literal_eval(p.stdout.strip().splitlines()[-1])

    s = stats(SINGLE_THREAD)
    check("gil.stats() has every total field", TOTAL_KEYS <= set(s), sorted(s))
    main_thread = s["threads"][0]
    check("each thread has every field", THREAD_KEYS <= set(main_thread), sorted(main_thread))
    check("blocking releases by every reason", REASONS <= set(main_thread["blocking_releases"]),
          main_thread["blocking_releases"])
    check("single thread: named MainThread", main_thread["name"] == "MainThread", main_thread["name"])
    check("single thread: no wait, nothing contended",
          main_thread["wait_s"] == 0 and main_thread["contended"] == 0 and main_thread["max_wait_s"] == 0,
          main_thread)
    check("single thread: no switches", s["switches"] == 0 and s["drop_requests"] == 0, s)
    check("single thread: held all the time", 0 < s["held_s"] <= s["wall_s"] and s["held_s"] > 0.9 * s["wall_s"],
          (s["held_s"], s["wall_s"]))
    check("policy cpython by default", s["policy"] == "cpython", s["policy"])

    before, after = stats(RESET)
    check("two CPU-bound threads contend", before["switches"] > 0 and before["drop_requests"] > 0, before)
    for t in before["threads"]:
        check(f"acquisitions >= contended ({t['name']})", t["acquisitions"] >= t["contended"], t)
    held_sum = sum(t["hold_s"] for t in before["threads"])
    check("held_s is the sum of the threads' holds", abs(held_sum - before["held_s"]) < 1e-6,
          (held_sum, before["held_s"]))
    check("ended threads are kept until reset", len(before["threads"]) == 3, [t["name"] for t in before["threads"]])
    check("reset() forgets ended threads", [t["name"] for t in after["threads"]] == ["MainThread"], after["threads"])
    t = after["threads"][0]
    check("reset() zeroes the counters",
          after["switches"] == 0 and after["drop_requests"] == 0 and after["handoff_max_s"] == 0 and
          t["acquisitions"] == 0 and t["contended"] == 0 and t["wait_s"] == 0 and t["forced_switches"] == 0 and
          sum(t["blocking_releases"].values()) == 0 and t["hold_s"] < 0.05, after)

    s = stats(SLEEPS)
    napper = [t for t in s["threads"] if t["name"] == "napper"]
    check("an ended thread keeps its name and figures", len(napper) == 1, [t["name"] for t in s["threads"]])
    if napper:
        check("10 sleeps are 10 blocking releases for sleep", napper[0]["blocking_releases"]["sleep"] == 10,
              napper[0]["blocking_releases"])

    s = stats(REASONS_PROGRAM)
    main_blocking = s["threads"][0]["blocking_releases"]
    check("join, queue and lock waits are told apart",
          main_blocking["join"] >= 1 and main_blocking["queue"] >= 1 and main_blocking["lock"] >= 1, main_blocking)

    for flags in (("--gil-stats=" + os.devnull,), ("--gil-trace", os.devnull)):
        p = run(RESET_UNDER_LOAD, *flags)
        check(f"reset() while threads are off the GIL ({flags[0]})", p.returncode == 0 and p.stdout == "True\n",
              (p.returncode, p.stdout, p.stderr[-500:]))

    out = stats(POLICIES)
    check("policy(), set_policy(), the switch interval from sys",
          out[:4] == ["cpython", 0.005, 0.005, "fifo"] and "unknown GIL policy 'bogus'" in out[4] and
          out[5] == 9.999999999999999e-06, out)
    s = stats(SINGLE_THREAD, "--gil-policy=priority", "--switch-interval", "0.002")
    check("--gil-policy and --switch-interval", s["policy"] == "priority" and s["switch_interval_s"] == 0.002,
          (s["policy"], s["switch_interval_s"]))
    s = stats(SINGLE_THREAD, env={"GILPY_GIL_POLICY": "legacy"})
    check("GILPY_GIL_POLICY", s["policy"] == "legacy", s["policy"])
    p = run(SINGLE_THREAD, "--gil-policy=nope")
    check("a bad policy is a usage error", p.returncode == 2 and "usage:" in p.stderr, p.stderr)

    p = run(HOG, "--gil-stats")
    text = p.stderr
    section = text.split("forced off the GIL", 1)[-1].splitlines()
    rows = [line for line in section[1:] if re.search(r"\(.*:\d+\)$", line)]
    wants = [f"burn ({os.path.join(tmp, 'prog.py')}:{line})" for line in HOG_LINES]
    check("--gil-stats names the CPU-bound loop as the top GIL hog",
          rows and any(rows[0].endswith(want) for want in wants), text)
    check("--gil-stats has a row a thread", len(re.findall(r"^Thread-\d", text, re.M)) == 2 and "MainThread" in text,
          text)
    p = run(HOG, "--gil-stats=json")
    try:
        doc = json.loads(p.stderr)
        ok = doc["hogs"][0]["function"] == "burn" and doc["hogs"][0]["line"] in HOG_LINES
    except (ValueError, KeyError, IndexError):
        ok = False
    check("--gil-stats=json: the same as JSON on stderr", ok, p.stderr)
    out_file = os.path.join(tmp, "stats.json")
    p = run(HOG, "--gil-stats=" + out_file)
    try:
        with open(out_file) as f:
            doc = json.load(f)
        ok = p.stderr == "" and len(doc["threads"]) == 3 and doc["hogs"][0]["function"] == "burn"
    except (OSError, ValueError, KeyError, IndexError):
        ok = False
    check("--gil-stats=FILE writes the JSON to FILE", ok, p.stderr)

    failed = [c for c in checks if not c[1]]
    for name, _, detail in failed:
        print(f"FAIL {name}: {detail!r}")
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
