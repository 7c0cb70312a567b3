# The native loop's scheduling, as CPython's: FIFO callbacks, timers by deadline (ties in
# heapq order), cancelled handles and timers, the cancelled-timer clean-up, stop().
import asyncio

loop = asyncio.new_event_loop()
log = []

# Equal deadlines: heapq order, which is not insertion order past two items.
t0 = loop.time() + 0.01
for i in range(8):
    loop.call_at(t0, log.append, i)
loop.call_at(t0 + 0.001, loop.stop)
loop.run_forever()
print("equal deadlines:", log)

# Integer deadlines work too, and when() gives them back unchanged.
h = loop.call_at(int(loop.time()) + 1000, print, "never")
print("int when:", type(h.when()).__name__, h.cancelled())
h.cancel()
print("after cancel:", h.cancelled(), repr(h).replace(str(h.when()), "WHEN"))

# Many cancelled timers: the loop drops them (more than half of more than 100).
handles = [loop.call_later(10 + i, print, i) for i in range(300)]
for hd in handles[:200]:
    hd.cancel()
print("scheduled before a run:", len(loop._scheduled), "cancelled count:", loop._timer_cancelled_count)
loop.call_soon(loop.stop)
loop.run_forever()
print("scheduled after a run:", len(loop._scheduled), "cancelled count:", loop._timer_cancelled_count)
for hd in handles[200:]:
    hd.cancel()

# A cancelled callback does not run; cancelling twice is fine.
log.clear()
a = loop.call_soon(log.append, "a")
b = loop.call_soon(log.append, "b")
a.cancel()
a.cancel()
loop.call_soon(loop.stop)
loop.run_forever()
print("cancelled skipped:", log, a.cancelled(), b.cancelled())

# Callbacks scheduled by callbacks wait for the next iteration, even with call_soon.
log.clear()
def outer(n):
    log.append(("outer", n))
    loop.call_soon(log.append, ("inner", n))
loop.call_soon(outer, 1)
loop.call_soon(outer, 2)
loop.call_soon(loop.stop)
loop.run_forever()
print("one iteration:", log)
loop.call_soon(loop.stop)
loop.run_forever()
print("next iteration:", log)

# A timer cancelled from a callback of the same iteration does not fire.
log.clear()
late = loop.call_later(0.01, log.append, "late")
loop.call_later(0.005, late.cancel)
loop.call_later(0.02, loop.stop)
loop.run_forever()
print("cancelled by another timer:", log)

# TimerHandle comparisons follow the deadline.
x = loop.call_at(100.0, print)
y = loop.call_at(200.0, print)
print("ordering:", x < y, y > x, x <= y, x == x, x != y, x == loop.call_at(100.0, print))
for hd in (x, y):
    hd.cancel()

# Handles made directly run their callback with _run().
hd = asyncio.Handle(log.append, ("direct",), loop)
hd._run()
print("direct handle:", log[-1], type(hd).__name__, hd.cancelled())
th = asyncio.TimerHandle(5.0, log.append, ("timer",), loop)
print("timer handle when:", th.when())

# call_soon returns a Handle, call_later/call_at a TimerHandle.
print([type(loop.call_soon(print)).__name__, type(loop.call_later(1, print)).__name__])
loop.close()
print("closed; ready and scheduled dropped:", loop.is_closed())
