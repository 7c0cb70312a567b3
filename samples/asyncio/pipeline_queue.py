# A producer/consumer pipeline on asyncio.Queue: a producer feeds numbers into a
# bounded queue, three workers square them into a second queue, a collector sums them.
# Queue.join() and task_done() tell when each stage has drained; sentinels stop the
# workers.
import asyncio

WORKERS = 3
ITEMS = 1000


async def produce(out_q):
    for n in range(ITEMS):
        await out_q.put(n)       # waits while the queue is full (maxsize=10)
    for _ in range(WORKERS):
        await out_q.put(None)


async def square(worker_id, in_q, out_q, counts):
    while True:
        n = await in_q.get()
        if n is None:
            in_q.task_done()
            return
        counts[worker_id] += 1
        await asyncio.sleep(0)   # "work" that gives the other tasks a turn
        await out_q.put(n * n)
        in_q.task_done()


async def collect(in_q, total):
    while True:
        value = await in_q.get()
        total[0] += value
        in_q.task_done()


async def main():
    numbers = asyncio.Queue(maxsize=10)
    squares = asyncio.Queue(maxsize=10)
    counts = [0] * WORKERS
    total = [0]
    workers = [asyncio.create_task(square(i, numbers, squares, counts)) for i in range(WORKERS)]
    collector = asyncio.create_task(collect(squares, total))
    await produce(numbers)
    await numbers.join()
    await asyncio.gather(*workers)
    await squares.join()
    collector.cancel()
    results = await asyncio.gather(collector, return_exceptions=True)
    print("sum of squares:", total[0], "expected:", sum(n * n for n in range(ITEMS)))
    print("items per worker (CPython's scheduling order decides):", counts)
    print("collector stopped with:", type(results[0]).__name__)


asyncio.run(main())
