# An exception that escapes a greenlet's run goes to its parent: it comes out of the
# parent's switch() call, through any number of levels, and the greenlets it passed
# through are dead. The exception state (sys.exc_info) belongs to each greenlet.
import sys
from greenlet import greenlet as G, getcurrent

main = getcurrent()


def fail():
    raise KeyError("from the child")

try:
    G(fail).switch()
except KeyError as e:
    print("caught in main:", e)

# Three levels: the middle one does not catch, the outer one does.
def inner():
    raise ValueError("inner failed")

def middle():
    G(inner).switch()
    print("not reached")

def outer():
    m = G(middle)
    try:
        m.switch()
    except ValueError as e:
        return "outer caught " + str(e) + ", middle dead: " + str(m.dead)

print(G(outer).switch())

# The exception goes to the parent even when someone else switched in last.
def victim():
    main.switch("victim ready")
    raise RuntimeError("victim failed")

def trigger(v):
    v.switch()
    print("not reached either")

v = G(victim)
print(v.switch())
try:
    G(trigger).switch(v)
except RuntimeError as e:
    print("main caught:", e, v.dead)

# Each greenlet has its own exception being handled.
def inside_except():
    try:
        raise TypeError("handled in the greenlet")
    except TypeError:
        print("greenlet sees:", sys.exc_info()[1])
        main.switch()
        print("greenlet still sees:", sys.exc_info()[1])

x = G(inside_except)
try:
    raise IndexError("handled in main")
except IndexError:
    x.switch()
    print("main sees:", sys.exc_info()[1])
    x.switch()
    print("main still sees:", sys.exc_info()[1])
print("after:", sys.exc_info())

# A new greenlet starts with nothing being handled.
def fresh():
    return sys.exc_info()

try:
    raise OSError("outer")
except OSError:
    print("fresh greenlet:", G(fresh).switch())

# SystemExit and KeyboardInterrupt go to the parent like any other exception.
try:
    G(lambda: sys.exit(3)).switch()
except SystemExit as e:
    print("SystemExit", e.code)

# An exception raised while the run frames unwind carries its frames in the traceback.
def deep(n):
    if n == 0:
        raise LookupError("deep")
    deep(n - 1)

try:
    G(deep).switch(2)
except LookupError as e:
    names = []  # line numbers: <module>, then deep three times
    tb = e.__traceback__
    while tb:
        names.append(tb.tb_lineno)
        tb = tb.tb_next
    print(names)

# Uncaught at the top, it is printed with the greenlet's frames and exits with status 1.
def crash():
    1 / 0

G(crash).switch()
