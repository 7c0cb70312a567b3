# ThreadPoolExecutor: results and exceptions, map's order, threads started lazily (one per
# submit up to max_workers, none while a worker is idle) and named as CPython names them,
# shutdown (wait, cancel_futures, submitting afterwards), initializer and its failure
# (BrokenThreadPool), and the workers still busy at exit being joined (through
# threading._register_atexit, whose calls also see "after interpreter shutdown").
# Every wait is on an Event, so the output does not depend on timing.
import os
import sys
import threading
import time

# Registered before concurrent.futures.thread registers its own: atexit calls run last
# registered first, so this one runs after the pool's, once new work is refused.
late_executor = []


def at_threading_exit():
    try:
        late_executor[0].submit(print, "never runs")
    except RuntimeError as e:
        print("at exit:", e)


threading._register_atexit(at_threading_exit)

from concurrent.futures import ThreadPoolExecutor, wait, BrokenExecutor
from concurrent.futures.thread import BrokenThreadPool


def attempt(label, fn):
    try:
        result = fn()
    except BaseException as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "=", repr(result))


def wait_until(predicate):
    deadline = time.monotonic() + 10
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting")
        time.sleep(0.001)


print("-- constructor")
ex = ThreadPoolExecutor()
print("default max_workers:", ex._max_workers == min(32, (os.cpu_count() or 1) + 4))
print(ex._thread_name_prefix, len(ex._threads))
ex.shutdown()
attempt("max_workers=0", lambda: ThreadPoolExecutor(max_workers=0))
attempt("max_workers=-1", lambda: ThreadPoolExecutor(-1))
attempt("initializer=3", lambda: ThreadPoolExecutor(initializer=3))

print("-- results and exceptions")


def divide(a, b, *, scale=1):
    return scale * a // b


with ThreadPoolExecutor(max_workers=3) as ex:
    futures = [ex.submit(divide, 100, n, scale=2) for n in (1, 2, 5, 0)]
    print([f.result() for f in futures[:3]])
    exc = futures[3].exception()
    print(type(exc).__name__, exc, repr(futures[3]).split(" state=")[1])
    attempt("result() reraises", futures[3].result)
    attempt("submit(fn=...)", lambda: ex.submit(fn=print))

print("-- map keeps argument order")
gates = [threading.Event() for _ in range(4)]


def finish_after(i):
    gates[i].wait()
    if i > 0:
        gates[i - 1].set()   # the later argument finishes first
    return i * i


with ThreadPoolExecutor(max_workers=4) as ex:
    results = ex.map(finish_after, range(4))
    gates[3].set()
    print(list(results))
    print(list(ex.map(pow, [2, 3, 4], [5, 2], timeout=10)))
    blocker = threading.Event()
    it = ex.map(lambda x: blocker.wait() and x, [1, 2])
    attempt("map timeout", lambda: next(ex.map(blocker.wait, [None], timeout=0.05)))
    blocker.set()
    print(list(it))

print("-- threads start lazily and get CPython's names")
release = threading.Event()
names = set()


def blocking(tag):
    names.add(threading.current_thread().name)
    release.wait()
    return tag


ex = ThreadPoolExecutor(max_workers=2)
print(ex._thread_name_prefix)
fs = [ex.submit(blocking, i) for i in range(4)]
print("threads for 4 blocked calls:", len(ex._threads), sorted(t.name for t in ex._threads))
release.set()
print([f.result() for f in fs], sorted(names))
ex.shutdown()

ex = ThreadPoolExecutor(max_workers=5, thread_name_prefix="pool")
print(ex.submit(lambda: threading.current_thread().name).result())
wait_until(lambda: ex._idle_semaphore._value == 1)
print(ex.submit(lambda: threading.current_thread().name).result(), "reused: still", len(ex._threads), "thread")
ex.shutdown()
print("daemon threads:", [t.daemon for t in ex._threads], "alive after shutdown:", [t.is_alive() for t in ex._threads])

print("-- shutdown")
ex = ThreadPoolExecutor(max_workers=1)
gate = threading.Event()
started = threading.Event()


def first():
    started.set()
    gate.wait()
    return "first done"


running = ex.submit(first)
started.wait()
queued = [ex.submit(divide, 10, n) for n in (1, 2, 5)]
ex.shutdown(wait=False, cancel_futures=True)
print("queued cancelled:", [f.cancelled() for f in queued], "running:", running.running())
attempt("submit after shutdown", lambda: ex.submit(print))
gate.set()
ex.shutdown()  # twice is fine; waits this time
print(running.result(), [f._state for f in queued])
# Cancelled while queued and drained by shutdown: no worker noticed them, so wait() does
# not count them as done.
done, not_done = wait(queued + [running], timeout=0.01)
print(len(done), len(not_done))

with ThreadPoolExecutor(max_workers=2) as ex:
    slow = ex.submit(time.sleep, 0.05)
print("the with block waited:", slow.done())
attempt("submit after the with block", lambda: ex.submit(print))

print("-- initializer")
inits = []


def init(tag, sink):
    sink.append((tag, threading.current_thread().name))


release = threading.Event()
with ThreadPoolExecutor(max_workers=2, thread_name_prefix="init", initializer=init, initargs=("x", inits)) as ex:
    fs = [ex.submit(release.wait) for _ in range(2)]
    wait_until(lambda: len(inits) == 2)
    release.set()
print(sorted(inits))


def bad_init():
    raise ValueError("cannot initialise")


ex = ThreadPoolExecutor(max_workers=1, initializer=bad_init)
f = ex.submit(divide, 1, 1)
exc = f.exception()
print(type(exc).__name__, exc, isinstance(exc, BrokenExecutor), issubclass(BrokenThreadPool, RuntimeError))
attempt("submit to a broken pool", lambda: ex.submit(divide, 1, 1))
ex.shutdown()

print("-- at exit")
late_executor.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="unused"))
busy = ThreadPoolExecutor(max_workers=1, thread_name_prefix="busy")
finishing = threading.Event()


def outlives_main():
    finishing.wait()
    time.sleep(0.05)
    print("a worker still busy when the main thread ended finishes first")


busy.submit(outlives_main)
print("main thread ends")
sys.stdout.flush()
finishing.set()
