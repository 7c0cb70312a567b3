# async with, async for, async comprehensions, async generators (asend/athrow/aclose).
import types

@types.coroutine
def tick(label):
    yield label

def run(coro):
    """A tiny driver: resumes the coroutine until it finishes, printing suspensions."""
    while True:
        try:
            y = coro.send(None)
        except StopIteration as e:
            return e.value
        print("   [suspended:", y, "]")

class Resource:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    async def __aenter__(self):
        await tick(f"enter {self.name}")
        print("  enter", self.name)
        return self.name.upper()
    async def __aexit__(self, typ, val, tb):
        await tick(f"exit {self.name}")
        print("  exit", self.name, typ.__name__ if typ else None, val)
        return self.suppress

class Ticker:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        await tick(f"tick {self.n}")
        return self.n

async def agen(n):
    for i in range(n):
        await tick(f"agen {i}")
        yield i * 10

async def main():
    async with Resource("a") as a, Resource("b") as b:
        print("  body", a, b)
    async with Resource("s", suppress=True):
        raise KeyError("suppressed")
    try:
        async with Resource("p"):
            raise ValueError("propagates")
    except ValueError as e:
        print("  caught", e)
    async for v in Ticker(2):
        print("  got", v)
    else:
        print("  async for else")
    print("  comprehension", [v async for v in agen(3)])
    print("  set/dict comp", {v async for v in agen(2)}, {v: v async for v in agen(2)})
    print("  filtered", [v async for v in agen(4) if v > 10])
    print("  await in comp", [await add1(v) for v in range(3)])
    g = (v * 2 async for v in agen(2))
    print("  async genexp", type(g).__name__, [x async for x in g])
    return "main done"

async def add1(v):
    return v + 1

print(run(main()))

async def counter():
    try:
        received = yield "first"
        while True:
            received = yield f"echo {received}"
    except ValueError as e:
        print("  counter caught", repr(e))
        yield "after-throw"
    finally:
        print("  counter finally")

async def drive():
    g = counter()
    print("  ", type(g).__name__, g.__name__, g.ag_running)
    print("  ", await g.__anext__())
    print("  ", await g.asend("hi"))
    print("  ", await g.athrow(ValueError("x")))
    print("  ", await g.aclose())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("   StopAsyncIteration after aclose")
    g = counter()
    aw = g.__anext__()
    print("  ", type(aw).__name__, await aw)
    try:
        await aw
    except RuntimeError as e:
        print("   RuntimeError:", e)
    await g.aclose()

    async def stubborn():
        while True:
            try:
                yield 1
            except GeneratorExit:
                pass
    s = stubborn()
    await s.__anext__()
    try:
        await s.aclose()
    except RuntimeError as e:
        print("   RuntimeError:", e)

    async def bad_stop():
        yield 1
        raise StopAsyncIteration
    try:
        async for _ in bad_stop():
            pass
    except RuntimeError as e:
        print("   RuntimeError:", e)

    async def empty():
        return
        yield
    print("  ", [x async for x in empty()])

    try:
        async for _ in 5:
            pass
    except TypeError as e:
        print("   TypeError:", e)
    try:
        async with 5:
            pass
    except (TypeError, AttributeError) as e:
        print("  ", type(e).__name__ + ":", e)
run(drive())

# Driving an async generator by hand, as an event loop would.
async def ag():
    await tick("inner-await")
    yield "value"
g = ag()
a = g.asend(None)
print(a.send(None))
try:
    a.send(None)
except StopIteration as e:
    print("yielded", e.value)
try:
    g.asend(None).send(None)
except StopAsyncIteration:
    print("StopAsyncIteration")
