# greenlet.throw: into a suspended greenlet (caught or not), an unstarted one, a dead one;
# every argument form, and its errors. GreenletExit that escapes becomes a return value.
import sys
import greenlet
from greenlet import greenlet as G, getcurrent, GreenletExit

main = getcurrent()


def catcher():
    while True:
        try:
            main.switch("waiting")
        except Exception as e:
            print("caught inside:", type(e).__name__, e.args)
        except GreenletExit as e:
            print("GreenletExit inside:", e.args)
            return "exited"


g = G(catcher)
print(g.switch())
print(g.throw(ValueError))
print(g.throw(ValueError, "with value"))
print(g.throw(ValueError, ("a", "b")))
print(g.throw(KeyError("instance")))
print(g.throw(TypeError, TypeError("type and instance")))
try:
    raise IndexError("with tb")
except IndexError:
    tb = sys.exc_info()[2]
print(g.throw(IndexError, IndexError("with tb"), tb))
print(g.throw(), g.dead)

# Not caught: it comes out of the throw() call in the parent.
def passive():
    main.switch("suspended")

p = G(passive)
p.switch()
try:
    p.throw(RuntimeError("uncaught"))
except RuntimeError as e:
    print("parent got:", e, p.dead)

# Into a greenlet that never started: it dies without running.
ran = []
u = G(lambda: ran.append(1))
try:
    u.throw(ZeroDivisionError("never started"))
except ZeroDivisionError as e:
    print("unstarted:", e, u.dead, ran)
u2 = G(lambda: ran.append(2))
print("unstarted GreenletExit:", repr(u2.throw()), u2.dead, ran)

# Into a dead greenlet: delivered to its parent, here the caller.
d = G(lambda: None)
d.switch()
try:
    d.throw(OSError("to the parent"))
except OSError as e:
    print("dead:", e)

# A throw the greenlet answers with a switch back: throw() returns what it switched.
def answer():
    try:
        main.switch()
    except LookupError as e:
        main.switch("answered " + str(e))

a = G(answer)
a.switch()
print(a.throw(LookupError("question")))
a.switch()
print("answer dead:", a.dead)

# GreenletExit subclasses and instances with arguments come back as values too.
class Stop(GreenletExit):
    pass

def stopper():
    main.switch()

s = G(stopper)
s.switch()
r = s.throw(Stop("bye"))
print(type(r).__name__, r.args, s.dead)

# Errors of the arguments.
e = G(lambda: None)
for args in [(5,), ("str",), (ValueError("a"), "b"), (ValueError, ValueError("a"), 5), (object,)]:
    try:
        e.throw(*args)
    except TypeError as err:
        print("TypeError:", err)
print("still unstarted:", e.dead, bool(e))
