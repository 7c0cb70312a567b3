# Coroutines driven by hand, await on the three kinds of awaitables, and the errors.
import types

async def add(a, b):
    return a + b

async def main():
    x = await add(1, 2)
    y = await add(x, 10)
    return y

c = main()
print(type(c).__name__, c.__name__, c.__qualname__, c.cr_running, c.cr_await)
try:
    c.send(None)
except StopIteration as e:
    print("result", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

async def await_int():
    await 5
try:
    await_int().send(None)
except TypeError as e:
    print("TypeError:", e)

async def await_none():
    await None
try:
    await_none().send(None)
except TypeError as e:
    print("TypeError:", e)

class BadAwait:
    def __await__(self):
        return [1, 2]
async def await_bad():
    await BadAwait()
try:
    await_bad().send(None)
except TypeError as e:
    print("TypeError:", e)

# A coroutine is not iterable; its __await__ wrapper is.
async def one():
    return 1
co = one()
try:
    iter(co)
except TypeError as e:
    print("TypeError:", e)
w = co.__await__()
try:
    next(w)
except StopIteration as e:
    print("wrapper result", e.value)

# Awaiting a coroutine twice.
async def reuse():
    inner = one()
    await inner
    await inner
try:
    reuse().send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

# throw and close on a suspended coroutine.
@types.coroutine
def suspend(v):
    got = yield v
    return got

async def worker():
    try:
        r = await suspend("waiting")
        print("  worker resumed with", r)
        await suspend("again")
    except ValueError as e:
        print("  worker caught", repr(e))
        return "handled"
    finally:
        print("  worker finally")

w = worker()
print(w.send(None))
print(w.cr_await is not None, w.cr_suspended)
try:
    w.throw(ValueError("bad"))
except StopIteration as e:
    print("throw ->", e.value)

w = worker()
w.send(None)
w.send("first")
w.close()
print("closed", w.cr_frame)

async def ignores():
    try:
        await suspend(1)
    except GeneratorExit:
        await suspend(2)
c = ignores()
c.send(None)
try:
    c.close()
except RuntimeError as e:
    print("RuntimeError:", e)

async def not_started():
    pass
c = not_started()
try:
    c.send(1)
except TypeError as e:
    print("TypeError:", e)
c.close()

# Awaiting a coroutine that is already being awaited.
async def waiter(inner):
    return await inner
inner = worker()
a = waiter(inner)
a.send(None)
b = waiter(inner)
try:
    b.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
a.close()

# cannot 'yield from' a coroutine in a plain generator.
def plain_gen():
    yield from one()
try:
    next(plain_gen())
except TypeError as e:
    print("TypeError:", e)

# Running a coroutine from inside itself.
async def recursive():
    me.send(None)
me = recursive()
try:
    me.send(None)
except ValueError as e:
    print("ValueError:", e)
print(repr(one.__code__.co_flags & 0x80), hasattr(one(), "__await__"))
