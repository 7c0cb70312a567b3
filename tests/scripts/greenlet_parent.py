# greenlet.parent: the default (the creating greenlet), reassignment before, during and
# after a run, where a finished run returns to, and the errors of bad assignments.
from greenlet import greenlet as G, getcurrent

main = getcurrent()
print("main has no parent:", main.parent is None)

a = G(lambda: "a")
print("default parent is the creator:", a.parent is main)

def make_child():
    return G(lambda: None)

creator = G(make_child)
child = creator.switch()
print("created inside a greenlet:", child.parent is creator)

# A run that returns goes to its parent at that moment, not the one it started with.
log = []
def worker():
    log.append("worker started")
    main.switch("suspended")
    return "worker result"

def collector():
    result = main.switch("collector ready")
    log.append("collector received " + repr(result))
    return "collector done"

c = G(collector)
print(c.switch())
w = G(worker)
print(w.switch())
w.parent = c
print("worker's parent is now the collector:", w.parent is c)
print(w.switch())
print(log, w.dead, c.dead)

# An exception escaping run goes to the parent of that moment too.
def failing():
    main.switch()
    raise ValueError("to the new parent")

def handler():
    try:
        main.switch("handler ready")
    except ValueError as e:
        return "handler caught " + str(e)

h = G(handler)
h.switch()
f = G(failing)
f.switch()
f.parent = h
print(f.switch())

# Reassigning the parent of a dead greenlet is allowed.
f.parent = main
print("dead greenlet reparented:", f.parent is main, f.dead)

# Errors.
x = G(lambda: None)
y = G(lambda: None, parent=x)
z = G(lambda: None, parent=y)
try:
    x.parent = z
except ValueError as e:
    print("ValueError:", e)
try:
    x.parent = x
except ValueError as e:
    print("ValueError:", e)
try:
    x.parent = None
except Exception as e:
    print(type(e).__name__ + ":", e)
try:
    x.parent = "not a greenlet"
except TypeError as e:
    print("TypeError:", e)
try:
    del x.parent
except AttributeError as e:
    print("AttributeError:", e)
try:
    main.parent = x
except AttributeError as e:
    print("AttributeError:", e)
try:
    G(lambda: None, parent=1)
except TypeError as e:
    print("TypeError:", e)
try:
    G(lambda: None, main, 3)
except TypeError as e:
    print("TypeError:", e)
print("chain intact:", x.parent is main, y.parent is x, z.parent is y)

# Switching a chain: z's run returns to y, which has not started: it starts with z's result.
x2 = G(lambda v: "x2 got " + repr(v))
y2 = G(lambda v: x2.switch("y2 got " + repr(v)), parent=x2)
z2 = G(lambda: "z2 result", parent=y2)
print(z2.switch())
print(z2.dead, y2.dead, x2.dead)
