# concurrent.futures without a thread pool: Future's states, results, exceptions,
# cancellation, done-callbacks (called at once when already done; a raising callback is
# reported, not raised), InvalidStateError and the reprs; Executor.map over a synchronous
# executor (argument order, early close cancels); wait() and as_completed() over futures
# that are already settled or never will be (timeouts), and the exception classes.
import builtins
import sys
import concurrent.futures as cf
from concurrent.futures import Future, CancelledError, InvalidStateError
from concurrent.futures._base import Future as BaseFuture


def scrub(text):
    """Replaces every 0x... address by 0x... so that the output is deterministic."""
    out = []
    i = 0
    while i < len(text):
        if text.startswith("0x", i):
            j = i + 2
            while j < len(text) and text[j] in "0123456789abcdef":
                j += 1
            out.append("0x...")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def attempt(label, fn):
    try:
        result = fn()
    except BaseException as e:
        print(label, "->", type(e).__name__ + ":", scrub(str(e)))
    else:
        print(label, "=", scrub(repr(result)))


def states(f):
    return (f.done(), f.running(), f.cancelled())


class Capture:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def first_line(self):
        text = "".join(self.parts)
        self.parts = []
        return scrub(text.splitlines()[0]) if text else "<nothing>"


print("-- the package")
# gilpy has no ProcessPoolExecutor (no multiprocessing): the name is absent.
print([name for name in cf.__all__ if name != "ProcessPoolExecutor"])
print(Future is BaseFuture, cf.TimeoutError is builtins.TimeoutError)
for cls in (cf.CancelledError, cf.InvalidStateError, cf.BrokenExecutor):
    print(cls.__name__, cls.__module__, [c.__name__ for c in cls.__mro__[1:]])
print(cf.FIRST_COMPLETED, cf.FIRST_EXCEPTION, cf.ALL_COMPLETED)

print("-- results")
f = Future()
print(scrub(repr(f)), states(f))
print(f.set_running_or_notify_cancel(), scrub(repr(f)), states(f))
attempt("result(timeout=0)", lambda: f.result(timeout=0))
attempt("exception(timeout=0.01)", lambda: f.exception(timeout=0.01))
f.set_result(42)
print(scrub(repr(f)), states(f), f.result(), f.result(timeout=0), f.exception())
attempt("set_result again", lambda: f.set_result(1))
attempt("set_exception after", lambda: f.set_exception(ValueError()))
attempt("cancel finished", lambda: f.cancel())
real_stderr = sys.stderr
captured = Capture()
sys.stderr = captured
try:
    attempt("set_running again", lambda: f.set_running_or_notify_cancel())
finally:
    sys.stderr = real_stderr
print("reported:", " ".join("ID" if w.isdigit() else w for w in captured.first_line().split()))
none_future = Future()
none_future.set_result(None)
print(scrub(repr(none_future)))

print("-- exceptions")
g = Future()
err = KeyError("missing")
g.set_exception(err)
print(scrub(repr(g)), states(g), g.exception() is err)
try:
    g.result()
except KeyError as e:
    print("result() raised the same object:", e is err)

print("-- cancellation")
c = Future()
calls = []
c.add_done_callback(lambda fut: calls.append(("cb1", fut.cancelled())))
c.add_done_callback(lambda fut: calls.append(("cb2", fut.done())))
print(c.cancel(), c.cancel(), scrub(repr(c)), states(c), calls)
attempt("result of cancelled", lambda: c.result())
attempt("exception of cancelled", lambda: c.exception())
attempt("set_result on cancelled", lambda: c.set_result(1))
print(c.set_running_or_notify_cancel(), c._state, c.cancelled(), c.cancel())
r = Future()
r.set_running_or_notify_cancel()
print("cancel running:", r.cancel(), states(r))

print("-- done callbacks")
order = []
d = Future()
for name in ("first", "second"):
    d.add_done_callback(lambda fut, name=name: order.append((name, fut.result())))
d.set_result("value")
d.add_done_callback(lambda fut: order.append(("late, at once", fut.result())))
print(order)
real_stderr = sys.stderr
captured = Capture()
sys.stderr = captured
try:
    e = Future()
    e.add_done_callback(lambda fut: 1 / 0)
    e.add_done_callback(lambda fut: order.append("after the failing one"))
    e.set_result(7)
    print("reported:", captured.first_line())
    e.add_done_callback(lambda fut: [][1])
    print("reported at once:", captured.first_line())
finally:
    sys.stderr = real_stderr
print(order[-1])

print("-- Executor base class")
attempt("submit", lambda: cf.Executor().submit(print))
with cf.Executor() as ex:
    print("enter returns self:", isinstance(ex, cf.Executor))
print(cf.Executor().shutdown(), cf.Executor().shutdown(wait=False, cancel_futures=True))


class InlineExecutor(cf.Executor):
    """Runs each call at once, in submit()."""

    def __init__(self):
        self.submitted = []
        self.shut = None

    def submit(self, fn, /, *args, **kwargs):
        self.submitted.append(args)
        fut = Future()
        fut.set_running_or_notify_cancel()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            fut.set_exception(exc)
        return fut

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.shut = (wait, cancel_futures)


with InlineExecutor() as ix:
    results = ix.map(lambda a, b: a - b, [10, 20, 30, 40], (1, 2, 3))
    print("map submits at once:", ix.submitted)
    print(list(results))
    print(list(ix.map(str.upper, "abc", timeout=5)))
    it = ix.map(lambda x: 10 // x, [5, 0, 2])
    print(next(it))
    attempt("map error at retrieval", lambda: next(it))
    attempt("after the error", lambda: next(it))
print("__exit__ called shutdown:", ix.shut)


class PendingExecutor(cf.Executor):
    """Never runs anything: futures stay pending until cancelled."""

    def __init__(self):
        self.futures = []

    def submit(self, fn, /, *args, **kwargs):
        fut = Future()
        self.futures.append(fut)
        return fut


px = PendingExecutor()
it = px.map(abs, [1, 2, 3], timeout=0.01)
attempt("map timeout", lambda: next(it))
print("the first is cancelled by the timeout:", [f.cancelled() for f in px.futures])
it.close()
print("closing cancels the rest:", [f.cancelled() for f in px.futures])

print("-- wait and as_completed on settled futures")
done1, done2 = Future(), Future()
done1.set_result(1)
done2.set_exception(OSError("failed"))
pending = Future()
cancelled = Future()
cancelled.cancel()
res = cf.wait([done1, done2, pending], timeout=0, return_when=cf.FIRST_COMPLETED)
print(type(res).__name__, type(res).__module__, res._fields, len(res.done), res.not_done == {pending})
res = cf.wait([done1, pending], return_when=cf.FIRST_EXCEPTION, timeout=0.01)
print("FIRST_EXCEPTION without one waits:", len(res.done), len(res.not_done))
res = cf.wait([done1, done2, pending], return_when=cf.FIRST_EXCEPTION)
print("FIRST_EXCEPTION with one returns:", len(res.done), len(res.not_done))
done, not_done = cf.wait([done1, done2])
print("ALL_COMPLETED:", len(done), len(not_done))
done, not_done = cf.wait([done1, pending, cancelled], timeout=0.01)
print("a cancelled future not yet noticed is not done:", len(done), cancelled in not_done)
cancelled.set_running_or_notify_cancel()
done, not_done = cf.wait([done1, cancelled])
print("once noticed it is:", len(done), len(not_done))
attempt("bad return_when", lambda: cf.wait([pending], return_when="bogus"))
print("settled ones return before checking:", len(cf.wait([done1], return_when="bogus").done))
print("waiters left behind:", len(pending._waiters), len(done1._waiters))

got = list(cf.as_completed([done1, done1, done2]))
print("as_completed, duplicates once:", len(got), sorted(f.done() for f in got))
it = cf.as_completed([done1, pending], timeout=0.02)
print(next(it) is done1)
attempt("as_completed timeout", lambda: next(it))
print("waiters removed:", len(pending._waiters))
it = cf.as_completed([pending, Future()], timeout=0)
attempt("as_completed timeout 0", lambda: next(it))
