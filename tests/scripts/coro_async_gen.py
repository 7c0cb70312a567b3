# Async generators driven by a hand-written loop: asend/athrow/aclose, ignored GeneratorExit.
import types
@types.coroutine
def sleep0():
    x = yield "tick"
    return x

async def agen(n):
    try:
        for i in range(n):
            got = await sleep0()
            v = yield i
            print("agen got", v, got)
    finally:
        print("agen finally")

def run(coro):
    v = None
    while True:
        try:
            y = coro.send(v)
        except StopIteration as e:
            return e.value
        print("loop saw", y)
        v = "tock"

async def main():
    out = [x async for x in agen(3)]
    print(out)
    g = agen(5)
    print(await g.asend(None))
    print(await g.asend("hello"))
    try:
        await g.athrow(ValueError("boom"))
    except ValueError as e:
        print("athrow raised", repr(e))
    print(await g.aclose())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("SAI")
    g2 = agen(2)
    async for x in g2:
        print("x", x)
    print(type(g2).__name__, type(g2.asend(None)).__name__, type(g2.aclose()).__name__)
    async def ignore():
        while True:
            try:
                yield 1
            except GeneratorExit:
                pass
    g3 = ignore()
    await g3.__anext__()
    try:
        await g3.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)
    return "done"

print(run(main()))
