# gather, shield, wait_for, wait, as_completed and ensure_future: results, cancellation
# and the order things happen in.
import asyncio

log = []

async def step(name, n, result=None, fail=None):
    try:
        for i in range(n):
            await asyncio.sleep(0)
        if fail:
            raise fail
        log.append(name)
        return result if result is not None else name
    except asyncio.CancelledError as e:
        log.append(f"{name} cancelled {e.args}")
        raise

class Awaitable:
    def __await__(self):
        yield from asyncio.sleep(0).__await__()
        return "custom awaitable"

async def main():
    loop = asyncio.get_running_loop()
    # gather: cancelling the outer future cancels the children.
    g = asyncio.gather(step("a", 5), step("b", 5))
    await asyncio.sleep(0)
    print("gather cancel:", g.cancel())
    try:
        await g
    except asyncio.CancelledError as e:
        print("gather raised CancelledError", e.args)
    print(log)
    log.clear()

    # return_exceptions keeps a cancelled child's CancelledError as a result.
    t = asyncio.create_task(step("c", 3))
    u = asyncio.create_task(step("d", 1))
    g = asyncio.gather(t, u, return_exceptions=True)
    await asyncio.sleep(0)
    t.cancel()
    print("results:", [type(r).__name__ for r in await g])
    log.clear()

    # A child that fails after the gather already failed: retrieved, not logged.
    g = asyncio.gather(step("e", 1, fail=ValueError("e")), step("f", 2, fail=KeyError("f")))
    try:
        await g
    except ValueError as e:
        print("first failure:", repr(e))
    await asyncio.sleep(0)
    await asyncio.sleep(0)

    # shield: the inner task survives the outer cancellation.
    inner = asyncio.create_task(step("shielded", 3))
    outer = asyncio.shield(inner)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled; inner done:", inner.done())
    print("inner result:", await inner)
    done_already = loop.create_future()
    done_already.set_result(1)
    print("shield of a done future is itself:", asyncio.shield(done_already) is done_already)

    # wait_for cancels on timeout; without timeout it just waits.
    print(await asyncio.wait_for(step("quick", 1), timeout=None))
    async def never():
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            log.append("never cancelled")
            raise
    try:
        await asyncio.wait_for(never(), timeout=0.01)
    except asyncio.TimeoutError:
        print("wait_for timed out;", log[-1])
    cause = None
    try:
        await asyncio.wait_for(step("zero", 10), timeout=0)
    except TimeoutError as e:
        cause = type(e.__cause__).__name__
    print("timeout=0 cause:", cause)

    # wait with FIRST_EXCEPTION when nothing fails waits for all.
    ts = [asyncio.create_task(step(f"w{i}", i)) for i in range(3)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print("first_exception none failed:", len(done), len(pending))

    # as_completed over futures and an already finished one.
    f1 = loop.create_future()
    loop.call_later(0.01, f1.set_result, "f1")
    f2 = loop.create_future()
    f2.set_result("f2")
    print([await x for x in asyncio.as_completed([f1, f2])])

    # ensure_future wraps awaitables in tasks, keeps futures as they are.
    fut = loop.create_future()
    print(asyncio.ensure_future(fut) is fut)
    task = asyncio.ensure_future(Awaitable())
    print(type(task).__name__, await task)
    coro_task = asyncio.ensure_future(step("ensured", 0))
    print(type(coro_task).__name__, await coro_task)

    # Tasks cancelled before they start never run their body; cancel messages travel.
    log.clear()
    t = asyncio.create_task(step("never", 1))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError as e:
        print("cancelled before start:", e.args, log)
    # cancelling() counts requests; uncancel() takes them back.
    t = asyncio.create_task(step("twice", 5))
    await asyncio.sleep(0)
    t.cancel()
    t.cancel()
    print("cancelling:", t.cancelling(), "uncancel:", t.uncancel(), t.cancelling())
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled:", t.cancelled())

    # A task can swallow CancelledError and go on.
    async def resists():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            await asyncio.sleep(0)
            return "kept going"
    t = asyncio.create_task(resists())
    await asyncio.sleep(0)
    t.cancel()
    print(await t, t.cancelled())

    # Done callbacks run in order, with the future, one loop iteration later.
    order = []
    fut = loop.create_future()
    for i in range(4):
        fut.add_done_callback(lambda f, i=i: order.append((i, f.result())))
    fut.set_result("r")
    print("before a step:", order)
    await asyncio.sleep(0)
    print("after a step:", order)

asyncio.run(main())
print("log at the end:", log)
