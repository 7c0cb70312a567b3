# The source document's question 9, answered: inside asyncio.run() the loop is already
# running, so loop.run_forever() raises "This event loop is already running". A task is
# scheduled on the running loop with asyncio.create_task() and awaited (or gathered).
import asyncio


async def my_task(name, delay):
    print(f"Starting {name}")
    await asyncio.sleep(delay)
    print(f"Ending {name}")
    return name


async def main():
    loop = asyncio.get_running_loop()
    print("loop running:", loop.is_running())
    first = asyncio.create_task(my_task("task 1", 0.02))
    second = loop.create_task(my_task("task 2", 0.01))
    print("results:", await asyncio.gather(first, second))


asyncio.run(main())
