# gather() edge cases: duplicates, Future subclasses, custom awaitables, a bad argument
# in the middle, futures of another loop, cancelled children with messages.
import asyncio

class MyFuture(asyncio.Future):
    def exception(self):
        print("  MyFuture.exception() called")
        return super().exception()

class Awaitable:
    def __await__(self):
        yield from asyncio.sleep(0).__await__()
        return "awaited"

async def value(v, n=1):
    for _ in range(n):
        await asyncio.sleep(0)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(value("t"))
    g = asyncio.gather(t, t, value("c"), t)
    print(type(g).__name__, len(g._children), g._children[0] is g._children[1])
    print(await g)

    mf = MyFuture()
    loop.call_soon(mf.set_result, "mine")
    print(await asyncio.gather(mf, Awaitable(), value("x")))

    started = []
    async def noted(v):
        started.append(v)
        return v
    third = noted(3)
    try:
        asyncio.gather(noted(1), 42, third)
    except TypeError as e:
        print("TypeError:", e)
    third.close()
    await asyncio.sleep(0)
    print("started before the error:", started)

    other = asyncio.new_event_loop()
    foreign = other.create_future()
    try:
        asyncio.gather(loop.create_future(), foreign)
    except ValueError as e:
        print("ValueError:", e)
    other.close()

    a = asyncio.create_task(value("a", 5))
    b = asyncio.create_task(value("b", 5))
    await asyncio.sleep(0)
    a.cancel("because")
    res = await asyncio.gather(a, b, return_exceptions=True)
    print([type(r).__name__ for r in res], res[0].args)

    # A child cancelled without return_exceptions cancels the gather's result.
    c = asyncio.create_task(value("c", 5))
    g = asyncio.gather(c, value("d", 1))
    await asyncio.sleep(0)
    c.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised CancelledError; g.cancelled():", g.cancelled())

    # The gather future is cancelled, a child swallows it: CancelledError anyway.
    async def swallow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "swallowed"
    g = asyncio.gather(swallow())
    await asyncio.sleep(0)
    print("cancel():", g.cancel(), g._cancel_requested)
    try:
        print(await g)
    except asyncio.CancelledError:
        print("CancelledError although the child returned")
    print("cancel() when done:", g.cancel())

    # The same coroutine object twice is one child.
    co = value("once")
    print(await asyncio.gather(co, co))
    print(await asyncio.gather(), asyncio.isfuture(asyncio.gather()))

asyncio.run(main())
