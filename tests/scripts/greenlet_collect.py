# A suspended greenlet whose last reference goes is killed: GreenletExit is thrown into
# it, its finally blocks and context managers run, and it may catch the exit and return.
import gc
import greenlet
from greenlet import greenlet as G, getcurrent, GreenletExit

main = getcurrent()


def with_finally():
    try:
        main.switch("suspended in try")
    except GreenletExit as e:
        print("GreenletExit:", e, "current is parent:", getcurrent().parent is main)
        raise
    finally:
        print("finally runs")


g = G(with_finally)
print(g.switch())
del g
print("after del")


class Resource:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit with", exc[0].__name__)


def with_context():
    with Resource():
        main.switch()

g = G(with_context)
g.switch()
g = None
print("after rebinding")


# Nested frames unwind innermost first.
def level(n):
    try:
        if n == 0:
            main.switch()
        else:
            level(n - 1)
    finally:
        print("unwinding level", n)

g = G(level)
g.switch(3)
del g
print("after levels")

# A greenlet that catches the exit and returns: nothing escapes.
def swallow():
    try:
        main.switch()
    except GreenletExit:
        print("swallowed")
    return "ignored"

g = G(swallow)
g.switch()
del g
print("after swallow")

# Unstarted and dead greenlets die quietly.
G(lambda: print("never runs"))
d = G(lambda: "done")
d.switch()
del d
print("quiet")

# Greenlets held in a list die when the list goes.
def numbered(i):
    try:
        main.switch()
    finally:
        print("finally", i)

gs = [G(numbered) for i in range(3)]
for i, g in enumerate(gs):
    g.switch(i)
del g
gs = None
print("list dropped")

# An unstarted greenlet in a reference cycle is collected by gc.
u = G(lambda: None)
u.me = u
del u
print("collected:", gc.collect() > 0)

# Killing happens in the greenlet's own frames: it can see its locals.
def sees_locals():
    secret = "local value"
    try:
        main.switch()
    finally:
        print("finally sees", secret)

g = G(sees_locals)
g.switch()
g = None
print("end")
