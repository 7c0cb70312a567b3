# Threads and the event loop talking both ways: run_in_executor sends blocking work to a
# pool of real threads (the GIL is released while they block), and worker threads post
# results back into the loop with call_soon_threadsafe and run_coroutine_threadsafe.
import asyncio
import concurrent.futures
import threading
import time


# All five calls must be inside blocking_io at once to pass the barrier: they run in
# parallel threads (each wait releases the GIL).
barrier = threading.Barrier(5, timeout=10)


def blocking_io(n):
    time.sleep(0.01)             # a blocking call: releases the GIL
    barrier.wait()
    return n * 10


async def main():
    loop = asyncio.get_running_loop()

    # 1. Blocking calls in the default executor, five at a time.
    results = await asyncio.gather(*(loop.run_in_executor(None, blocking_io, n) for n in range(5)))
    print("executor results:", results)

    # 2. A named pool of our own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="worker") as pool:
        names = await asyncio.gather(*(loop.run_in_executor(pool, lambda: threading.current_thread().name[:6])
                                       for _ in range(4)))
    print("pool threads:", sorted(set(names)))

    # 3. A thread feeds the loop through call_soon_threadsafe.
    queue = asyncio.Queue()
    def producer():
        for i in range(3):
            loop.call_soon_threadsafe(queue.put_nowait, f"item {i}")
        loop.call_soon_threadsafe(queue.put_nowait, None)
    thread = threading.Thread(target=producer)
    thread.start()
    received = []
    while (item := await queue.get()) is not None:
        received.append(item)
    thread.join()
    print("from the thread:", received)

    # 4. A thread runs a coroutine on the loop and waits for its result.
    async def add(a, b):
        await asyncio.sleep(0)
        return a + b
    answer = await loop.run_in_executor(None, lambda: asyncio.run_coroutine_threadsafe(add(20, 22), loop).result())
    print("coroutine run from a thread:", answer)


asyncio.run(main())
