# Greenlets and threads: every thread has its own main greenlet; a greenlet belongs to
# the thread that made it, and switching to it from another thread raises greenlet.error,
# also once that thread has ended. Several threads run greenlets at once.
import threading
import greenlet
from greenlet import greenlet as G, getcurrent

main = getcurrent()
results = {}


def in_thread(name):
    me = getcurrent()
    results[name + " main is distinct"] = me is not main and me.parent is None
    try:
        main.switch()
    except greenlet.error as e:
        results[name + " switch to the first thread's main"] = str(e)
    g = G(lambda: "ran in " + name)
    results[name + " own greenlet"] = g.switch()
    results[name + " parent"] = g.parent is me

t = threading.Thread(target=in_thread, args=("t1",))
t.start()
t.join()
for k in sorted(results):
    print(k, "->", results[k])

# A greenlet suspended in another thread cannot be resumed here.
ready = threading.Event()
done = threading.Event()
box = {}

def holder():
    def body():
        getcurrent().parent.switch()
        return "never resumed here"
    g = G(body)
    g.switch()
    box["g"] = g
    ready.set()
    done.wait()

t = threading.Thread(target=holder)
t.start()
ready.wait()
try:
    box["g"].switch()
except greenlet.error as e:
    print("while the thread lives:", e)
try:
    box["g"].throw(ValueError)
except greenlet.error as e:
    print("throw while the thread lives:", e)
try:
    box["g"].parent = main
except ValueError as e:
    print("ValueError:", e)
done.set()
t.join()
try:
    box["g"].switch()
except greenlet.error as e:
    print("after the thread ended:", e)
print("suspended greenlet of an ended thread:", box["g"].dead, bool(box["g"]))
# An unstarted greenlet made in another thread belongs to that thread too.
made = []
t = threading.Thread(target=lambda: made.append(G(lambda: "x")))
t.start()
t.join()
try:
    made[0].switch()
except greenlet.error as e:
    print("unstarted of an ended thread:", e)


# Four threads, each with a ring of greenlets passing a counter around, all at once.
def ring(tid, n_greenlets, rounds, out, barrier):
    barrier.wait()
    total = 0
    owner = getcurrent()

    def member(i):
        nonlocal total
        value = owner.switch()
        while True:
            total += value
            value = owner.switch(value + i)

    members = [G(member) for i in range(n_greenlets)]
    for i, m in enumerate(members):
        m.switch(i)
    value = tid
    for r in range(rounds):
        for m in members:
            value = m.switch(value)
    out[tid] = (value, total, getcurrent() is owner)

out = {}
barrier = threading.Barrier(4)
threads = [threading.Thread(target=ring, args=(tid, 5, 200, out, barrier)) for tid in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for tid in sorted(out):
    print("thread", tid, out[tid])
print("main is still current:", getcurrent() is main)
