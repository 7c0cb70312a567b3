#!/usr/bin/env python3
"""Checks the Chrome trace-event file of the GIL (issue 9, acceptance 1): `--gil-trace FILE`
and gil.trace_start(path)/gil.trace_stop().

usage: trace_test.py GILPY

Four CPU-bound threads and a thread that sleeps run under each route. The file must be
JSON that Perfetto reads: every worker named by thread_name metadata and having gil.hold
events; no two holds overlap, whichever threads they belong to (that is the GIL); a
thread's own holds, waits and blocked stretches do not overlap either; the summed hold
time is within 10% of gil.stats()["held_s"]; every flow start has its finish, both inside
a hold of their threads, one flow a switch; the sleeper's blocking calls are `blocked`
slices with reason "sleep" and the line that slept; drop requests and forced switches
(naming the loop's function) show as instants. Also: names are escaped, and a file that
cannot be written is reported. Prints one line a failed check and exits 1 if any failed.
"""
import ast
import json
import os
import subprocess
import sys
import tempfile

# The workers run for a fixed time rather than a fixed count of iterations, so that they
# contend for the GIL as long on a fast machine as on a slow one.
WORKLOAD = r"""
import gil, sys, threading, time

def spin():
    deadline = time.monotonic() + 0.4
    x = 0
    while time.monotonic() < deadline:
        for i in range(2000):
            x += i

def napper():
    for i in range(10):
        time.sleep(0.002)  # NAP LINE

def odd():
    pass

workers = [threading.Thread(target=spin, name="spin-%d" % i) for i in range(4)]
others = [threading.Thread(target=napper, name="napper"),
          threading.Thread(target=odd, name='odd "name" \\ with\nnewline, ünïcödé ✓')]
"""

# Route 1: the whole program traced from the command line, written at exit.
CLI_PROGRAM = WORKLOAD + r"""
for t in workers + others: t.start()
for t in workers + others: t.join()
print(repr(gil.stats()))
"""

# Route 2: a region traced from Python, the figures reset at its start.
REGION_PROGRAM = WORKLOAD + r"""
gil.reset()
gil.trace_start(sys.argv[1])
for t in workers + others: t.start()
for t in workers + others: t.join()
gil.trace_stop()
print(repr(gil.stats()))
"""

ODD_NAME = 'odd "name" \\ with\nnewline, ünïcödé ✓'
WORKERS = ["spin-%d" % i for i in range(4)]
EPSILON_US = 0.001  # the file's resolution: times are exact nanoseconds


def run(gilpy, args, timeout=120):
    return subprocess.run([gilpy] + args, capture_output=True, timeout=timeout)


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append((name, bool(ok), detail))
        return ok


def nap_line():
    for number, line in enumerate(WORKLOAD.splitlines(), 1):
        if "NAP LINE" in line:
            return number
    raise AssertionError("no nap line")


def overlapping(intervals):
    """The first pair of intervals (start, end, ...) that overlap by more than EPSILON_US."""
    intervals = sorted(intervals)
    for a, b in zip(intervals, intervals[1:]):
        if b[0] < a[1] - EPSILON_US:
            return a, b
    return None


def inside(ts, intervals):
    return any(start - EPSILON_US <= ts <= end + EPSILON_US for start, end in intervals)


def check_trace(c, label, path, stats, script):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        c.check(f"{label}: the trace is JSON", False, e)
        return
    events = doc.get("traceEvents")
    if not c.check(f"{label}: traceEvents is a list", isinstance(events, list), type(events)):
        return
    c.check(f"{label}: displayTimeUnit", doc.get("displayTimeUnit") in ("ms", "ns"), doc.get("displayTimeUnit"))
    required = {"M": {"name", "pid", "args"}, "X": {"name", "pid", "tid", "ts", "dur"},
                "i": {"name", "pid", "tid", "ts", "s"}, "s": {"name", "cat", "id", "pid", "tid", "ts"},
                "f": {"name", "cat", "id", "pid", "tid", "ts", "bp"}}
    malformed = [e for e in events if e.get("ph") not in required or not required[e["ph"]] <= e.keys()]
    c.check(f"{label}: every event has the fields of its phase", not malformed, malformed[:3])
    c.check(f"{label}: process_name metadata",
            any(e["ph"] == "M" and e["name"] == "process_name" for e in events))

    names = {e["tid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    tid_of = {name: tid for tid, name in names.items()}
    c.check(f"{label}: one thread_name a thread", len(tid_of) == len(names), names)
    for name in WORKERS + ["napper", "MainThread"]:
        c.check(f"{label}: thread {name!r} is named in the metadata", name in tid_of, sorted(tid_of))
    c.check(f"{label}: an odd thread name survives escaping", ODD_NAME in tid_of, sorted(tid_of))
    unnamed = {e["tid"] for e in events if e["ph"] != "M"} - set(names)
    c.check(f"{label}: every track is named", not unnamed, unnamed)

    def slices(name, tid=None):
        return [(e["ts"], e["ts"] + e["dur"], e["tid"], e.get("args", {})) for e in events
                if e["ph"] == "X" and e["name"] == name and (tid is None or e["tid"] == tid)]

    holds = slices("gil.hold")
    c.check(f"{label}: durations are not negative", all(e["dur"] >= 0 for e in events if e["ph"] == "X"))
    for name in WORKERS:
        if name in tid_of:
            n = len(slices("gil.hold", tid_of[name]))
            c.check(f"{label}: {name} has gil.hold events", n > 0, n)
            c.check(f"{label}: {name} has gil.wait events (it contended)", slices("gil.wait", tid_of[name]))
    pair = overlapping(holds)
    c.check(f"{label}: no two gil.hold intervals overlap", pair is None, pair)
    for tid, name in names.items():
        own = slices("gil.hold", tid) + slices("gil.wait", tid) + slices("blocked", tid)
        pair = overlapping([(s[0], s[1]) for s in own])
        c.check(f"{label}: {name!r}: its holds, waits and blocked stretches do not overlap", pair is None, pair)

    held_trace_s = sum(end - start for start, end, _, _ in holds) / 1e6
    held_s = stats["held_s"]
    c.check(f"{label}: summed hold time within 10% of gil.stats()['held_s']",
            held_s > 0 and abs(held_trace_s - held_s) <= 0.10 * held_s, (held_trace_s, held_s))
    # (the workers spin side by side for 0.4 s: the GIL is held most of that time, even
    # with slow hand-offs on a loaded machine)
    worker_held_s = sum(e - s for s, e, tid, _ in holds if names.get(tid) in WORKERS) / 1e6
    c.check(f"{label}: the workers held the GIL for most of their 0.4 s", worker_held_s >= 0.2, worker_held_s)

    # Flow arrows: a hand-off from the releasing hold to the taking hold, one a switch.
    starts = {e["id"]: e for e in events if e["ph"] == "s"}
    finishes = {e["id"]: e for e in events if e["ph"] == "f"}
    c.check(f"{label}: flow ids are unique", len(starts) == sum(e["ph"] == "s" for e in events)
            and len(finishes) == sum(e["ph"] == "f" for e in events))
    c.check(f"{label}: every flow start has its finish and back", starts.keys() == finishes.keys(),
            (len(starts), len(finishes)))
    c.check(f"{label}: flows are gil.handoff in category gil",
            all(e["name"] == "gil.handoff" and e["cat"] == "gil" for e in list(starts.values()) + list(finishes.values())))
    c.check(f"{label}: flow finishes bind to the enclosing slice", all(e["bp"] == "e" for e in finishes.values()))
    holds_by_tid = {}
    for start, end, tid, _ in holds:
        holds_by_tid.setdefault(tid, []).append((start, end))
    bad = [(s, finishes[i]) for i, s in starts.items() if i in finishes and not (
        inside(s["ts"], holds_by_tid.get(s["tid"], [])) and inside(finishes[i]["ts"], holds_by_tid.get(finishes[i]["tid"], []))
        and finishes[i]["ts"] >= s["ts"] and finishes[i]["tid"] != s["tid"])]
    c.check(f"{label}: each arrow goes from a hold of one thread to a later hold of another", not bad, bad[:2])
    switches = stats["switches"]
    if label == "trace_start/trace_stop":
        # The trace covers what the figures cover (reset at trace_start): one arrow a switch.
        c.check(f"{label}: one flow arrow a switch", abs(len(starts) - switches) <= max(2, switches // 100),
                (len(starts), switches))
    else:
        c.check(f"{label}: flow arrows for the switches", 0 < len(starts) <= switches + 2, (len(starts), switches))

    # The sleeper's naps.
    if "napper" in tid_of:
        naps = slices("blocked", tid_of["napper"])
        sleeps = [s for s in naps if s[3].get("reason") == "sleep"]
        c.check(f"{label}: napper's 10 sleeps are blocked slices with reason 'sleep'", len(sleeps) == 10,
                [s[3] for s in naps])
        where = f"napper ({script}:{nap_line()})"
        c.check(f"{label}: args.where names the function and line that slept",
                sleeps and all(s[3].get("where") == where for s in sleeps), (where, [s[3] for s in sleeps[:2]]))
        c.check(f"{label}: each nap lasts at least its 2 ms", sleeps and all(e - s >= 1900 for s, e, _, _ in sleeps),
                [round(e - s) for s, e, _, _ in sleeps])
        napper_stats = [t for t in stats["threads"] if t["name"] == "napper"]
        if label == "trace_start/trace_stop" and napper_stats:
            c.check(f"{label}: the trace's sleeps match the napper's blocking releases",
                    len(sleeps) == napper_stats[0]["blocking_releases"]["sleep"],
                    (len(sleeps), napper_stats[0]["blocking_releases"]))
    blocked_reasons = {s[3].get("reason") for s in slices("blocked")}
    c.check(f"{label}: MainThread's joins are blocked slices with reason 'join'",
            "MainThread" in tid_of and any(s[3].get("reason") == "join" for s in slices("blocked", tid_of["MainThread"])),
            blocked_reasons)

    # Instants: the waiting workers asked the holder to drop, holders were forced off.
    instants = [e for e in events if e["ph"] == "i"]
    c.check(f"{label}: instants are thread-scoped", all(e["s"] == "t" for e in instants))
    drops = [e for e in instants if e["name"] == "gil.drop_request"]
    forced = [e for e in instants if e["name"] == "gil.forced_switch"]
    c.check(f"{label}: drop requests from the contending workers",
            sum(names.get(e["tid"]) in WORKERS for e in drops) >= 4, len(drops))
    c.check(f"{label}: forced switches of the workers", sum(names.get(e["tid"]) in WORKERS for e in forced) >= 4, len(forced))
    c.check(f"{label}: a forced switch of a worker names the loop's function",
            any(e.get("args", {}).get("where", "").startswith("spin (" + script + ":") for e in forced),
            [e.get("args") for e in forced[:3]])
    waits = {}
    for start, end, tid, _ in slices("gil.wait"):
        waits.setdefault(tid, []).append((start, end))
    c.check(f"{label}: a drop request falls in a wait of the thread that asked",
            all(inside(e["ts"], waits.get(e["tid"], [])) for e in drops), drops[:2])
    span = max((e["ts"] + e.get("dur", 0) for e in events if e["ph"] != "M"), default=0)
    c.check(f"{label}: times are microseconds from the start of tracing",
            all(e["ts"] >= 0 for e in events if "ts" in e) and 0.4e6 <= span <= 60e6, span)


def main():
    gilpy = os.path.abspath(sys.argv[1])
    c = Checks()
    tmp = tempfile.mkdtemp(prefix="gilpy-trace-")

    # Route 1: --gil-trace FILE.
    script = os.path.join(tmp, "cli_trace.py")
    with open(script, "w", encoding="utf-8") as f:
        f.write(CLI_PROGRAM)
    trace = os.path.join(tmp, "cli.json")
    p = run(gilpy, ["--gil-trace", trace, script])
    if c.check("--gil-trace: the program ran", p.returncode == 0 and os.path.exists(trace), p.stderr.decode(errors="replace")):
        check_trace(c, "--gil-trace", trace, ast.literal_eval(p.stdout.decode().strip().splitlines()[-1]), script)

    # Route 2: gil.trace_start(path) / gil.trace_stop().
    script = os.path.join(tmp, "region_trace.py")
    with open(script, "w", encoding="utf-8") as f:
        f.write(REGION_PROGRAM)
    trace = os.path.join(tmp, "region.json")
    p = run(gilpy, [script, trace])
    if c.check("trace_start/trace_stop: the program ran", p.returncode == 0 and os.path.exists(trace),
               p.stderr.decode(errors="replace")):
        check_trace(c, "trace_start/trace_stop", trace, ast.literal_eval(p.stdout.decode().strip().splitlines()[-1]), script)

    # A file that cannot be written is reported, from the command line and from Python.
    bad = os.path.join(tmp, "no-such-dir", "t.json")
    p = run(gilpy, ["--gil-trace", bad, "-c", "pass"])
    c.check("--gil-trace to an unwritable path says so",
            f"cannot write trace to {bad}: No such file or directory".encode() in p.stderr, p.stderr)
    p = run(gilpy, ["-c", f"import gil\ngil.trace_start({bad!r})\ntry:\n    gil.trace_stop()\n"
                          "except OSError as e:\n    print('OSError', e)\n"])
    c.check("gil.trace_stop() to an unwritable path raises OSError",
            p.stdout.startswith(b"OSError") and f"cannot write trace to {bad}".encode() in p.stdout, p.stdout + p.stderr)

    failed = [r for r in c.results if not r[1]]
    for name, _, detail in failed:
        print(f"FAIL {name}: {str(detail)[:600]}")
    print(f"{len(c.results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
