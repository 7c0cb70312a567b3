# send, throw (type, instance, with traceback), close/GeneratorExit, return values, PEP 479.
import sys

def echo():
    received = []
    try:
        while True:
            try:
                v = yield len(received)
                received.append(v)
            except ValueError as e:
                print("  caught", repr(e))
                received.append("err")
    finally:
        print("  echo finally", received)

g = echo()
print(next(g), g.send("a"), g.send("b"))
print(g.throw(ValueError("x")))
print(g.throw(ValueError))
print(g.throw(ValueError, "v"))
print(g.throw(ValueError, ValueError("inst")))
try:
    raise KeyError("k")
except KeyError as e:
    tb = e.__traceback__
try:
    g.throw(KeyError, KeyError("k2"), tb)
except KeyError as e:
    print("KeyError propagated", e, e.__traceback__ is not None)
print(g.gi_frame, g.gi_running)
print(next(g, "exhausted"))

def ret():
    x = yield 1
    return x * 2

g = ret()
next(g)
try:
    g.send(21)
except StopIteration as e:
    print("StopIteration.value =", e.value, e.args)

def simple():
    yield 1
try:
    simple().send(5)
except TypeError as e:
    print("TypeError:", e)

g = simple()
print(g.close(), g.close(), list(g))

def closer():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("  got GeneratorExit")
        raise
    finally:
        print("  closer finally")
g = closer()
next(g)
g.close()

def stubborn():
    while True:
        try:
            yield 1
        except GeneratorExit:
            print("  ignoring")
g = stubborn()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def return_on_close():
    try:
        yield 1
    except GeneratorExit:
        return "ignored value"
g = return_on_close()
next(g)
print("close ->", g.close())

def pep479():
    yield 1
    raise StopIteration("inner")
try:
    list(pep479())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))

def running():
    yield g2.gi_running
    next(g2)
g2 = running()
print(next(g2))
try:
    next(g2)
except ValueError as e:
    print("ValueError:", e)

def throw_before_start():
    print("  never printed")
    yield
g = throw_before_start()
try:
    g.throw(IndexError("early"))
except IndexError as e:
    print("IndexError:", e)
print(next(g, "done"))

try:
    simple().throw(1)
except TypeError as e:
    print("TypeError:", e)
try:
    simple().throw(ValueError("a"), 1)
except TypeError as e:
    print("TypeError:", e)

def exc_state():
    try:
        raise KeyError("outer")
    except KeyError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0]
g = exc_state()
print(next(g), sys.exc_info()[0], next(g), next(g))

def fin():
    try:
        yield 1
    finally:
        print("  collected generator runs its finally")
g = fin()
next(g)
del g
print("after del")
import gc
def cyc():
    me = yield
    try:
        yield
    finally:
        print("  cyclic generator finally")
g = cyc()
next(g)
g.send(g)
del g
gc.collect()
print("end")
