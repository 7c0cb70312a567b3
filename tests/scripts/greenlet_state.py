# dead, bool, getcurrent, gr_frame, run and subclasses: what a greenlet says about itself
# before, during and after its run.
import greenlet
from greenlet import greenlet as G, getcurrent

main = getcurrent()
print("main:", bool(main), main.dead, main.gr_frame, getcurrent() is main)
print(type(main) is G, isinstance(main, G), G.__module__, G.__name__)

def report(label, g):
    print(label, "bool", bool(g), "dead", g.dead, "gr_frame", g.gr_frame is not None)

def body():
    me = getcurrent()
    report("running:", me)
    print("current inside:", me is g, me.parent is main)
    main.switch()
    return "end"

g = G(body)
report("new:", g)
g.switch()
report("suspended:", g)
print(g.switch())
report("dead:", g)

# run: settable until the greenlet starts, gone afterwards.
def first():
    return "first"

def second():
    return "second"

r = G(first)
print(r.run is first)
r.run = second
print(r.run is second, r.switch())
try:
    r.run
except AttributeError as e:
    print("AttributeError:", e)
try:
    r.run = first
except AttributeError as e:
    print("AttributeError:", e)
try:
    main.run
except AttributeError as e:
    print("AttributeError:", e)

# No run at all: switch raises AttributeError and the greenlet stays unstarted.
empty = G()
try:
    empty.switch()
except AttributeError as e:
    print("AttributeError:", e, empty.dead, bool(empty))
empty.run = lambda: "late run"
print(empty.switch())

# A run that is not callable fails when the greenlet starts, inside it.
nc = G(42)
try:
    nc.switch()
except TypeError as e:
    print("TypeError:", e, nc.dead)

# Subclasses: run as a method, extra attributes, __init__ with other arguments.
class Worker(G):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def run(self, x):
        print(self.name, "runs with", x, getcurrent() is self)
        return x * 2

w = Worker("w1")
print(w.switch(21), w.dead, w.name, isinstance(w, G))

class WithRun(G):
    pass

wr = WithRun(lambda: "given run")
print(wr.switch())

# Attributes on plain greenlets.
plain = G(lambda: None)
plain.tag = "tagged"
print(plain.tag, plain.__dict__)

# getcurrent in nested greenlets.
def outer():
    inner = G(lambda: getcurrent())
    got = inner.switch()
    return got is inner, got.parent is getcurrent()

print(G(outer).switch())
print(greenlet.getcurrent() is main, G.getcurrent() is main)
print(issubclass(greenlet.GreenletExit, BaseException), issubclass(greenlet.error, Exception))
print(G.GreenletExit is greenlet.GreenletExit, G.error is greenlet.error)
