# The synchronisation primitives' and queues' reprs and states, and Barrier.
import asyncio

def show(obj):
    text = repr(obj)
    at = text.find(" at 0x")
    if at >= 0:
        end = text.find(" ", at + 4)
        end = text.find(">", at + 4) if end < 0 else end
        text = text[:at] + " at ADDR" + text[end:]
    print(text)

async def main():
    lock = asyncio.Lock()
    show(lock)
    await lock.acquire()
    waiter = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    show(lock)
    lock.release()
    await waiter
    lock.release()
    ev = asyncio.Event()
    show(ev)
    ev.set()
    show(ev)
    sem = asyncio.Semaphore(2)
    show(sem)
    await sem.acquire()
    await sem.acquire()
    show(sem)
    bs = asyncio.BoundedSemaphore(1)
    show(bs)
    cond = asyncio.Condition()
    show(cond)
    async with cond:
        show(cond)
    q = asyncio.Queue(3)
    show(q)
    print(str(q))
    await q.put(1)
    await q.put(2)
    show(q)
    getter_q = asyncio.Queue()
    t = asyncio.create_task(getter_q.get())
    await asyncio.sleep(0)
    print(str(getter_q))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("getter cancelled; getters left:", len(getter_q._getters))

    pq = asyncio.PriorityQueue()
    for v in (5, 1, 4, 2):
        pq.put_nowait(v)
    print("priority:", [pq.get_nowait() for _ in range(4)])
    lq = asyncio.LifoQueue()
    for v in "abc":
        lq.put_nowait(v)
    print("lifo:", [lq.get_nowait() for _ in range(3)])

    # A put that waits on a full queue, then is cancelled, lets the next putter in.
    full = asyncio.Queue(1)
    full.put_nowait("x")
    p1 = asyncio.create_task(full.put("p1"))
    p2 = asyncio.create_task(full.put("p2"))
    await asyncio.sleep(0)
    p1.cancel()
    print("got:", await full.get())
    await asyncio.sleep(0)
    print("queue now:", list(full._queue), p2.done())

    barrier = asyncio.Barrier(3)
    show(barrier)
    order = []
    async def party(i):
        await asyncio.sleep(i * 0.001)
        index = await barrier.wait()
        order.append(index)
    parties = [asyncio.create_task(party(i)) for i in range(3)]
    await asyncio.sleep(0)
    show(barrier)
    await asyncio.gather(*parties)
    print("barrier indices:", sorted(order), barrier.n_waiting, barrier.broken)
    await barrier.abort()
    show(barrier)
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        print("BrokenBarrierError:", e)

    tg = asyncio.TaskGroup()
    show(tg)
    async with tg:
        show(tg)
        tg.create_task(asyncio.sleep(0))
        show(tg)
    show(tg)
    cm = asyncio.timeout(None)
    show(cm)
    async with cm:
        show(cm)
    show(cm)

asyncio.run(main())
