# Two CPU-bound threads against the same work done one after the other. With a GIL the
# threads are no faster: only one runs Python at a time, and they pay for the switches.
# Run: gilpy samples/gil/cpu_threads.py   (add --gil-stats for the per-thread figures)
import threading
import time

import gil

N = 2_000_000


def count(n):
    x = 0
    while n > 0:
        x += n & 7
        n -= 1
    return x


start = time.perf_counter()
count(N)
count(N)
sequential = time.perf_counter() - start

gil.reset()
threads = [threading.Thread(target=count, args=(N,), name=f"counter-{i}") for i in range(2)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
threaded = time.perf_counter() - start
stats = gil.stats()

print(f"sequential:  {sequential:.3f} s")
print(f"two threads: {threaded:.3f} s ({threaded / sequential:.2f}x the sequential time)")
print(f"GIL switches while the threads ran: {stats['switches']}, "
      f"{stats['drop_requests']} drop requests, hand-off p99 {stats['handoff_p99_s'] * 1e6:.0f} us")
for t in stats["threads"]:
    if t["name"].startswith("counter"):
        print(f"  {t['name']}: held the GIL {t['hold_s']:.3f} s, waited {t['wait_s']:.3f} s, "
              f"forced off {t['forced_switches']} times")
