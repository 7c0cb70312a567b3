# 100,000 tasks suspended on one asyncio.Event, then released: the memory a suspended
# task costs (peak RSS is what bench/asyncio.sh compares against CPython).
import asyncio
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


async def waiter(event, counter):
    await event.wait()
    counter[0] += 1


async def main():
    event = asyncio.Event()
    counter = [0]
    tasks = [asyncio.create_task(waiter(event, counter)) for _ in range(N)]
    await asyncio.sleep(0)          # every task is now suspended in event.wait()
    event.set()
    await asyncio.gather(*tasks)
    print("released", counter[0])


asyncio.run(main())
