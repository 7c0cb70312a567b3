#!/usr/bin/env python3
"""Checks the SVG timeline of the GIL (issue 9, acceptance 3): `--gil-timeline FILE.svg`.

usage: timeline_test.py GILPY

Two CPU-bound threads and one that sleeps in a loop run with --gil-timeline. The picture
must be well-formed, self-contained SVG (no scripts, no external references) with one
lane a thread (a <g class="lane"> whose <title> is the thread's name), each lane showing
the states the thread was in (the workers held and waited, the sleeper slept, the main
thread joined), a legend naming each state shown in the colour its lanes use, a time
axis, and the one-line summary whose held share agrees with the drawn holds. A 2-second
run with 8 threads must stay small (merged below a pixel). Prints one line a failed check
and exits 1 if any failed.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"

THREE_THREADS = r"""
import threading, time

def spin():
    deadline = time.monotonic() + 0.5
    x = 0
    while time.monotonic() < deadline:
        for i in range(2000):
            x += i

def sleeper():
    for i in range(20):
        time.sleep(0.01)

threads = [threading.Thread(target=spin, name="worker-a"), threading.Thread(target=spin, name="worker-b"),
           threading.Thread(target=sleeper, name="sleeper")]
for t in threads: t.start()
for t in threads: t.join()
"""

EIGHT_THREADS = r"""
import threading, time

def spin():
    deadline = time.monotonic() + 2.0
    x = 0
    while time.monotonic() < deadline:
        for i in range(2000):
            x += i

threads = [threading.Thread(target=spin, name="cpu-%d" % i) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
"""

HOLD, WAIT = "holding the GIL", "waiting for the GIL"
SUMMARY = re.compile(r"^held (\d+\.\d)% of [\d.]+ (ns|µs|ms|s) · [\d.]+ switches/s · "
                     r"hand-off p99 (n/a|[\d.]+ (ns|µs|ms|s)) · \d+ threads?$")


def run(gilpy, args, timeout=120):
    return subprocess.run([gilpy] + args, capture_output=True, timeout=timeout)


def path_area(d):
    """The area of a path made of rectangles "Mx yhWvHh-Wz" (how the timeline draws states)."""
    area = 0
    for w, h in re.findall(r"M[\d.]+ [\d.]+h([\d.]+)v([\d.]+)h-[\d.]+z", d):
        area += float(w) * float(h)
    return area


def path_xs(d):
    return [(float(x), float(x) + float(w)) for x, w in re.findall(r"M([\d.]+) [\d.]+h([\d.]+)", d)]


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append((name, bool(ok), detail))
        return ok


def check_three_threads(c, svg_path):
    try:
        root = ET.parse(svg_path).getroot()
    except (OSError, ET.ParseError) as e:
        c.check("the timeline is well-formed XML", False, e)
        return
    c.check("the root is an SVG element in the SVG namespace", root.tag == SVG + "svg", root.tag)
    c.check("width, height and viewBox", all(root.get(a) for a in ("width", "height", "viewBox")), root.attrib)
    width = float(root.get("width", "0"))
    c.check("no scripts", not any(e.tag.endswith("script") or e.tag.endswith("foreignObject") for e in root.iter()))
    refs = [(e.tag, k) for e in root.iter() for k in e.attrib if k.endswith("href")]
    c.check("no external references", not refs, refs)
    with open(svg_path, encoding="utf-8") as f:
        text = f.read()
    c.check("no URLs other than the namespace", re.findall(r"https?://", text) == ["http://"] * text.count(
        "http://www.w3.org/2000/svg"), re.findall(r"https?://\S+", text)[:3])

    lanes = [g for g in root.iter(SVG + "g") if "lane" in (g.get("class") or "").split()]
    titles = [g.findtext(SVG + "title") for g in lanes]
    want = ["MainThread", "worker-a", "worker-b", "sleeper"]
    c.check("one lane a thread, named by its <title>", sorted(titles) == sorted(want), titles)
    lane = dict(zip(titles, lanes))
    for name in want:
        if name in lane:
            labels = [t.text for t in lane[name].iter(SVG + "text")]
            c.check(f"lane {name!r} is labelled with the name", name in labels, labels)

    def areas(g):
        result = {}
        for p in g.iter(SVG + "path"):
            if p.get("data-state"):
                result[p.get("data-state")] = result.get(p.get("data-state"), 0) + path_area(p.get("d", ""))
        return result

    def fills(g):
        return {p.get("data-state"): p.get("fill") for p in g.iter(SVG + "path") if p.get("data-state")}

    for name in ("worker-a", "worker-b"):
        if name in lane:
            a = areas(lane[name])
            c.check(f"{name} held the GIL and waited for it", a.get(HOLD, 0) > 0 and a.get(WAIT, 0) > 0, a)
    if "sleeper" in lane:
        # (20 naps of 10 ms in a run of about 0.5 s; how long it then waits for the GIL
        # beside the two spinners depends on the machine's load: that is the convoy effect)
        a = areas(lane["sleeper"])
        background = next(lane["sleeper"].iter(SVG + "rect"), None)
        plot_area = float(background.get("width")) * float(background.get("height")) if background is not None else 0
        c.check("the sleeper's lane shows it sleeping (at least 5% of the plot)",
                plot_area and a.get("blocked: sleep", 0) >= 0.05 * plot_area, (a, plot_area))
    for name in ("worker-a", "worker-b"):
        if name in lane:
            c.check(f"{name} never slept", "blocked: sleep" not in areas(lane[name]), areas(lane[name]))
    if "MainThread" in lane:
        a = areas(lane["MainThread"])
        c.check("the main thread's lane shows it joining", a.get("blocked: join", 0) > 0, a)
    drawn = [x for g in lanes for p in g.iter(SVG + "path") if p.get("data-state") for x in path_xs(p.get("d", ""))]
    c.check("every state is drawn inside the picture", drawn and all(0 <= a < b <= width for a, b in drawn), drawn[:3])

    # The legend names every state drawn, in the colour the lanes draw it in.
    legend = root.find(f".//{SVG}g[@id='legend']")
    if c.check("a legend", legend is not None):
        items = [t.text for t in legend.iter(SVG + "text")]
        swatches = [r.get("fill") for r in legend.iter(SVG + "rect")]
        for state in (HOLD, WAIT, "blocked: sleep", "blocked: join"):
            c.check(f"the legend names {state!r}", state in items, items)
        colour = dict(zip(items, swatches))
        used = {}
        for g in lanes:
            used.update(fills(g))
        c.check("each state's colour in the lanes is the legend's",
                all(colour.get(state) == fill for state, fill in used.items()), (used, colour))
        c.check("states have distinct colours", len(set(used.values())) == len(used), used)
        c.check("the legend shows drop requests (the workers contended)", "drop request" in items, items)

    summary = root.find(f".//{SVG}text[@id='summary']")
    if c.check("a summary line", summary is not None and summary.text):
        m = SUMMARY.match(summary.text)
        if c.check("the summary gives held share, switches/s and hand-off p99", m, summary.text):
            held = float(m.group(1)) / 100
            c.check("the GIL was held most of the run (two CPU-bound threads)", held > 0.5, summary.text)
            # The lanes' hold rectangles, summed over the threads, cover the same share of
            # the plot (the plot is 1000 px by the bar height; a pixel rounds a little).
            hold_area = sum(areas(g).get(HOLD, 0) for g in lanes)
            bar = next((float(r.get("height")) for r in lanes[0].iter(SVG + "rect")), 0) if lanes else 0
            plot_width = next((float(r.get("width")) for r in lanes[0].iter(SVG + "rect")), 0) if lanes else 0
            drawn_share = hold_area / (bar * plot_width) if bar and plot_width else 0
            c.check("the drawn holds match the summary's held share", abs(drawn_share - held) < 0.1,
                    (drawn_share, held))

    axis = root.find(f".//{SVG}g[@id='axis']")
    if c.check("a time axis", axis is not None):
        ticks = [t.text for t in axis.iter(SVG + "text")]
        c.check("the axis has tick labels in ms or s", len(ticks) >= 3 and all(
            t == "0" or re.fullmatch(r"[\d.]+ (µs|ms|s)", t) for t in ticks), ticks)


def main():
    gilpy = os.path.abspath(sys.argv[1])
    c = Checks()
    tmp = tempfile.mkdtemp(prefix="gilpy-timeline-")

    script = os.path.join(tmp, "three.py")
    with open(script, "w") as f:
        f.write(THREE_THREADS)
    svg = os.path.join(tmp, "three.svg")
    p = run(gilpy, ["--gil-timeline", svg, script])
    if c.check("the three-thread program ran", p.returncode == 0 and os.path.exists(svg), p.stderr):
        check_three_threads(c, svg)

    # Size: 8 threads for 2 seconds, about 400 switches a second.
    script = os.path.join(tmp, "eight.py")
    with open(script, "w") as f:
        f.write(EIGHT_THREADS)
    svg = os.path.join(tmp, "eight.svg")
    p = run(gilpy, ["--gil-timeline", svg, script])
    if c.check("the eight-thread program ran", p.returncode == 0 and os.path.exists(svg), p.stderr):
        size = os.path.getsize(svg)
        c.check("the 8-thread, 2-second timeline is under 500 KB", size < 500_000, size)
        try:
            root = ET.parse(svg).getroot()
            lanes = [g.findtext(SVG + "title") for g in root.iter(SVG + "g") if g.get("class") == "lane"]
            c.check("eight workers and the main thread have lanes",
                    sorted(lanes) == sorted(["MainThread"] + ["cpu-%d" % i for i in range(8)]), lanes)
        except ET.ParseError as e:
            c.check("the 8-thread timeline is well-formed XML", False, e)

    bad = os.path.join(tmp, "no-such-dir", "t.svg")
    p = run(gilpy, ["--gil-timeline", bad, "-c", "pass"])
    c.check("--gil-timeline to an unwritable path says so",
            f"cannot write timeline to {bad}: No such file or directory".encode() in p.stderr, p.stderr)

    failed = [r for r in c.results if not r[1]]
    for name, _, detail in failed:
        print(f"FAIL {name}: {str(detail)[:600]}")
    print(f"{len(c.results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
