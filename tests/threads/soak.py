# Soak: the stress test (stress.py) again and again in one process for a while, its RSS
# read after every round. Fails if the RSS after the last round is more than 25% above
# the RSS after the second (the first warms up the allocator's pools). Each round ends
# with a full collection: a round's globals are cyclic garbage (functions refer to them),
# which the generational thresholds would free only every few rounds, and what is
# measured is what leaks, not how lazily cycles are collected.
#   gilpy tests/threads/soak.py SECONDS [SCALE]
import gc
import os
import sys
import time

seconds = float(sys.argv[1])
scale = sys.argv[2] if len(sys.argv) > 2 else "1"
stress = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stress.py")
with open(stress) as f:
    code = compile(f.read(), stress, "exec")


def rss_kb():
    with open("/proc/self/status") as f:
        return int([line.split()[1] for line in f if line.startswith("VmRSS:")][0])


sys.argv = [stress, scale]
rss = []
deadline = time.monotonic() + seconds
while time.monotonic() < deadline or len(rss) < 3:
    exec(code, {"__name__": "__stress__"})
    gc.collect()
    rss.append(rss_kb())
    print("round %d: RSS %d MB" % (len(rss), rss[-1] // 1024), file=sys.stderr)
growth = rss[-1] / rss[1]
print("rounds:", len(rss), "RSS after round 2: %d MB, at the end: %d MB (x%.2f)" % (rss[1] // 1024, rss[-1] // 1024, growth))
assert growth <= 1.25, "RSS grew"
print("ok")
