# Future and Task reprs, names and states, as CPython prints them (paths cut out).
import asyncio
import functools

HERE = __file__

def show(obj):
    print(repr(obj).replace(HERE, "FILE"))

async def child(n):
    await asyncio.sleep(0)
    return n

def plain_callback(fut):
    pass

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    show(f)
    f.add_done_callback(plain_callback)
    show(f)
    f.add_done_callback(lambda fut: None)
    f.add_done_callback(functools.partial(plain_callback))
    show(f)
    f.set_result(list(range(20)))
    show(f)
    g = loop.create_future()
    g.set_exception(ValueError("boom"))
    show(g)
    g.exception()
    h = loop.create_future()
    h.cancel()
    show(h)
    s = loop.create_future()
    s.set_result("x" * 50)
    show(s)

    t = asyncio.create_task(child(1))
    show(t)
    await asyncio.sleep(0)
    show(t)
    await t
    show(t)
    print(asyncio.current_task().get_name(), asyncio.current_task().done())

    t2 = asyncio.create_task(child(2), name="second")
    t2.cancel()
    show(t2)
    try:
        await t2
    except asyncio.CancelledError:
        pass
    show(t2)

    async def fails():
        raise KeyError("k")
    t3 = asyncio.create_task(fails())
    await asyncio.wait([t3])
    show(t3)
    t3.exception()

    waiter = loop.create_future()
    async def waits():
        await waiter
    t4 = asyncio.create_task(waits())
    await asyncio.sleep(0)
    show(t4)
    waiter.set_result(None)
    await t4

    print(f._state, h._state, t._state, t._coro.__name__)
    print(asyncio.Future, asyncio.Task.__name__, asyncio.Future.__name__)
    print(isinstance(t, asyncio.Future), issubclass(asyncio.Task, asyncio.Future))

asyncio.run(main())
