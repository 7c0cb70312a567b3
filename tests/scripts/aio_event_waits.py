# asyncio.Event.wait() in every way it is used: awaited, as a task, gathered, with
# wait_for and timeout, cancelled while waiting (it leaves the waiters), after set().
import asyncio

async def main():
    ev = asyncio.Event()
    w = ev.wait()
    print("wait() is a coroutine:", asyncio.iscoroutine(w), "not a future:", not asyncio.isfuture(w))
    w.close()

    t = asyncio.create_task(ev.wait(), name="waiter-task")
    await asyncio.sleep(0)
    print("task waiting:", t.done(), len(ev._waiters), "waiters:1]" in repr(ev))
    ev.set()
    print("right after set:", t.done(), len(ev._waiters))
    print("task result:", await t, len(ev._waiters))
    print("set event waits return at once:", await ev.wait(), await ev.wait())

    ev.clear()
    results = asyncio.gather(ev.wait(), ev.wait(), ev.wait())
    await asyncio.sleep(0)
    print("three waiting:", len(ev._waiters))
    ev.set()
    print("gathered:", await results, len(ev._waiters))

    ev.clear()
    try:
        await asyncio.wait_for(ev.wait(), 0.01)
    except TimeoutError:
        print("wait_for timed out; waiters left:", len(ev._waiters))
    try:
        async with asyncio.timeout(0.01):
            await ev.wait()
    except TimeoutError:
        print("timeout() fired; waiters left:", len(ev._waiters))

    # Cancelling a task that waits: CancelledError at the await, the waiter leaves.
    log = []
    async def waits():
        try:
            await ev.wait()
        except asyncio.CancelledError:
            log.append(("cancelled", len(ev._waiters)))
            raise
    t = asyncio.create_task(waits())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled waiter:", log, len(ev._waiters), t.cancelled())

    # Cancelled right after set(): the set still counts for the others.
    a = asyncio.create_task(ev.wait())
    b = asyncio.create_task(ev.wait())
    await asyncio.sleep(0)
    ev.set()
    a.cancel()
    print("a:", await asyncio.gather(a, return_exceptions=True), "b:", await b)

    # The same event again and again, in a loop.
    ev.clear()
    count = 0
    async def setter():
        for _ in range(5):
            await asyncio.sleep(0)
            ev.set()
            await asyncio.sleep(0)
            ev.clear()
    s = asyncio.create_task(setter())
    for _ in range(5):
        await ev.wait()
        count += 1
        while ev.is_set():
            await asyncio.sleep(0)
    await s
    print("woke", count, "times; waiters:", len(ev._waiters))
    print("shielded:", await asyncio.shield(asyncio.ensure_future(asyncio.sleep(0, "x"))))

asyncio.run(main())
