# wait() and as_completed() over futures that worker threads complete while the main
# thread waits: the finishing order is forced with Events (each call is let go only
# after the previous one was seen), so the output is deterministic. Also done-callbacks
# running in the worker thread, FIRST_EXCEPTION, timeouts, and a cancelled future that a
# worker notices.
import threading
import concurrent.futures as cf

gates = {name: threading.Event() for name in "abcdef"}


def task(name, fail=False):
    gates[name].wait()
    if fail:
        raise LookupError(name)
    return name.upper()


pool = cf.ThreadPoolExecutor(max_workers=4, thread_name_prefix="w")

print("-- as_completed in the order the calls finish")
fa, fb, fc = (pool.submit(task, n) for n in "abc")
labels = {fa: "a", fb: "b", fc: "c"}
order = ["b", "c", "a"]
gates[order[0]].set()
seen = []
for i, f in enumerate(cf.as_completed([fa, fb, fc, fb], timeout=10)):
    seen.append((labels[f], f.result()))
    if i + 1 < len(order):
        gates[order[i + 1]].set()
print(seen)
print("waiters removed:", [len(f._waiters) for f in (fa, fb, fc)])

print("-- already finished futures come first")
gates["d"].clear()
fd = pool.submit(task, "d")
it = cf.as_completed([fd, fa])
print(next(it) is fa)
gates["d"].set()
print(next(it) is fd)
attempt_done = list(it)
print("then it stops:", attempt_done)

print("-- wait: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED")
for name in "abc":
    gates[name].clear()
fa, fb, fc = (pool.submit(task, n, fail=(n == "c")) for n in "abc")
gates["b"].set()
done, not_done = cf.wait([fa, fb, fc], return_when=cf.FIRST_COMPLETED)
print("first completed:", [f.result() for f in done], len(not_done))
gates["c"].set()
done, not_done = cf.wait([fa, fb, fc], return_when=cf.FIRST_EXCEPTION)
print("first exception:", sorted(repr(f.exception()) for f in done), len(not_done))
done, not_done = cf.wait([fa, fb, fc], timeout=0.05)
print("timed out:", len(done), not_done == {fa})
gates["a"].set()
done, not_done = cf.wait([fa, fb, fc])
print("all completed:", len(done), len(not_done), fa.result())

print("-- as_completed timeout with a worker still busy")
gates["e"].clear()
fe = pool.submit(task, "e")
try:
    for f in cf.as_completed([fa, fe], timeout=0.05):
        print("got", f.result())
except TimeoutError as e:
    print("TimeoutError:", e)
gates["e"].set()
print(fe.result(), len(fe._waiters))

print("-- done-callbacks run in the worker that finishes the call")
gates["f"].clear()
ff = pool.submit(task, "f")
where = []
callback_ran = threading.Event()


def callback(fut):
    where.append((threading.current_thread().name.startswith("w_"), fut.result()))
    callback_ran.set()


ff.add_done_callback(callback)
gates["f"].set()
callback_ran.wait()
print(where)

print("-- a cancelled future counts as done once a worker noticed it")
single = cf.ThreadPoolExecutor(max_workers=1)
hold = threading.Event()
busy = single.submit(hold.wait)
victim = single.submit(print, "never printed")
print("cancel:", victim.cancel(), victim._state)
waiting = threading.Thread(target=lambda: print("wait saw:", len(cf.wait([victim, busy]).done), "done"))
waiting.start()
hold.set()
waiting.join()
print(victim._state, victim.cancelled())
single.shutdown()
pool.shutdown()
print("end")
