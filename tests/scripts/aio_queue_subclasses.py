# asyncio.Queue's put and get call the methods a subclass overrides (full, empty, qsize,
# _put, _get, put_nowait, get_nowait, _wakeup_next), in CPython's order; a subclass that
# overrides none of them behaves as Queue itself.
import asyncio

calls = []

class Traced(asyncio.Queue):
    def full(self):
        calls.append("full")
        return super().full()
    def empty(self):
        calls.append("empty")
        return super().empty()
    def _put(self, item):
        calls.append(("_put", item))
        super()._put(item)
    def _get(self):
        item = super()._get()
        calls.append(("_get", item))
        return item
    def _wakeup_next(self, waiters):
        calls.append(("wake", len(waiters)))
        super()._wakeup_next(waiters)

class TwoAtMost(asyncio.Queue):
    # full() decides, whatever maxsize says
    def full(self):
        return self.qsize() >= 2

class Plain(asyncio.Queue):
    pass

class Doubling(asyncio.Queue):
    def put_nowait(self, item):
        super().put_nowait(item)
        super().put_nowait(item)

async def main():
    q = Traced(maxsize=1)
    await q.put("a")
    print(calls); calls.clear()
    print(await q.get())
    print(calls); calls.clear()
    getter = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    await q.put("b")
    print(await getter, calls); calls.clear()

    t = TwoAtMost()
    await t.put(1)
    await t.put(2)
    blocked = asyncio.create_task(t.put(3))
    await asyncio.sleep(0)
    print("blocked:", not blocked.done(), t.qsize(), t)
    print(await t.get(), await t.get())
    await blocked
    print(t.qsize(), t.get_nowait())

    p = Plain(maxsize=2)
    for i in range(2):
        await p.put(i)
    putter = asyncio.create_task(p.put(2))
    await asyncio.sleep(0)
    print(p.full(), p, putter.done())
    print([await p.get() for _ in range(3)], putter.done(), p.empty())
    p.task_done(); p.task_done(); p.task_done()
    await asyncio.wait_for(p.join(), 1)

    d = Doubling()
    await d.put("x")
    print(d.qsize(), await d.get(), await d.get(), d._unfinished_tasks)

    for cls in (asyncio.PriorityQueue, asyncio.LifoQueue):
        q = cls()
        for v in (3, 1, 2):
            await q.put(v)
        print(cls.__name__, [await q.get() for _ in range(3)])

    # A getter cancelled after it was woken passes the wake-up on.
    q = asyncio.Queue()
    g1 = asyncio.create_task(q.get())
    g2 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait("only")
    g1.cancel()
    await asyncio.sleep(0)
    print(g1.cancelled(), g2.done() and g2.result())

asyncio.run(main())
