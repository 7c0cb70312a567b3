# asyncio.run closes the async generators still alive at its end (loop.shutdown_asyncgens):
# their finally blocks run; one that fails in aclose is reported to the exception handler;
# one that is freed while the loop runs is closed by the finalizer hook.
import asyncio

log = []

async def ticker(name):
    try:
        for i in range(100):
            yield i
            await asyncio.sleep(0)
    finally:
        log.append(f"{name} finally")
        await asyncio.sleep(0)
        log.append(f"{name} closed after an await")

async def stubborn():
    try:
        yield 1
    finally:
        raise ValueError("cannot close")

kept = []

async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, ctx: log.append(
        (ctx["message"].split(" <")[0], type(ctx["exception"]).__name__, str(ctx["exception"]))))
    a = ticker("a")
    print(await a.__anext__(), await a.__anext__())
    kept.append(a)                      # still alive when main returns
    b = ticker("b")
    await b.__anext__()
    del b                               # freed now: the finalizer hook schedules aclose()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("after b:", log)
    s = stubborn()
    await s.__anext__()
    kept.append(s)
    done = ticker("done")
    async for v in done:
        if v == 2:
            break
    await done.aclose()
    print("main returns", log)

asyncio.run(main())
print("after run:", sorted(map(str, log)))
print(kept[0].ag_running, kept[1].ag_running)

# A loop driven by hand: shutdown_asyncgens is a coroutine the caller runs.
async def gen():
    try:
        yield "x"
    finally:
        print("gen finally")

async def first(agen):
    return await agen.__anext__()   # its first __anext__ in the running loop: tracked

loop = asyncio.new_event_loop()
g = gen()
print(loop.run_until_complete(first(g)))
loop.run_until_complete(loop.shutdown_asyncgens())
loop.run_until_complete(loop.shutdown_asyncgens())   # nothing left: returns at once
loop.close()
print("done")
