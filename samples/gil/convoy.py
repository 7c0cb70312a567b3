# The convoy effect: an I/O-bound thread (short blocking calls) beside a CPU-bound one.
# Each time the I/O thread comes back from a blocking call it needs the GIL again, and
# under CPython's policy it waits for the CPU-bound thread to be asked to drop it: a whole
# switch interval (5 ms), for a call that took 0.2 ms. Compare the policies:
#   gilpy samples/gil/convoy.py                        (cpython: roughly 10x slower beside the spinner)
#   gilpy --gil-policy=priority samples/gil/convoy.py  (the I/O thread is served first)
import threading
import time

import gil

CALLS = 200


def io_bound():
    for _ in range(CALLS):
        time.sleep(0.0002)


def spinner(stop):
    x = 0
    while not stop:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF


def timed_io():
    t = threading.Thread(target=io_bound, name="io")
    start = time.perf_counter()
    t.start()
    t.join()
    return time.perf_counter() - start


alone = timed_io()
stop = []
spin = threading.Thread(target=spinner, args=(stop,), name="spinner")
spin.start()
gil.reset()
beside = timed_io()
stats = gil.stats()
stop.append(True)
spin.join()

print(f"policy {gil.policy()}")
print(f"{CALLS} blocking calls alone:            {alone:.3f} s")
print(f"{CALLS} blocking calls beside a spinner: {beside:.3f} s ({beside / alone:.1f}x)")
io = [t for t in stats["threads"] if t["name"] == "io"][0]
print(f"the I/O thread waited {io['wait_s']:.3f} s for the GIL, longest wait {io['max_wait_s'] * 1e3:.2f} ms; "
      f"hand-off p99 {stats['handoff_p99_s'] * 1e3:.2f} ms")
