# Exceptions nobody retrieved and tasks destroyed while pending are reported to the
# loop's exception handler when they are collected.
import asyncio
import gc

HERE = __file__
reports = []

def handler(loop, context):
    exc = context.get("exception")
    thing = context.get("task", context.get("future"))
    reports.append((context["message"], type(exc).__name__ if exc else None,
                    repr(thing).replace(HERE, "FILE") if thing is not None else None))

async def fails():
    raise ValueError("nobody looks at me")

async def forever():
    await asyncio.Event().wait()

async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    print("handler set:", loop.get_exception_handler() is handler)

    t = asyncio.create_task(fails())
    await asyncio.sleep(0)
    del t                       # the last reference: reported at once
    print("after the failed task was dropped:", reports)
    reports.clear()

    f = loop.create_future()
    f.set_exception(KeyError("future"))
    del f
    print("a future's exception:", reports)
    reports.clear()

    f = loop.create_future()
    f.set_exception(KeyError("seen"))
    f.exception()
    del f
    print("retrieved, not reported:", reports)

    t = asyncio.create_task(forever())
    await asyncio.sleep(0)
    del t                       # a cycle (task -> coroutine -> event -> future -> task)
    gc.collect()
    print("pending task collected:", reports)
    reports.clear()

    # An exception in a callback goes to the handler too, and the loop goes on.
    loop.call_soon(lambda: 1 / 0)
    await asyncio.sleep(0)
    print("callback error:", [(r[0].replace(HERE, "FILE"), r[1]) for r in reports])
    reports.clear()

    # An exception in the handler itself is reported by the default handler.
    loop.set_exception_handler(None)
    print("handler reset:", loop.get_exception_handler())

asyncio.run(main())
print("done")
