# The source document's question 6, answered: open() has no non-blocking mode for
# regular files, and awaiting file.readline() is a TypeError. Reading a file without
# blocking the event loop means handing the blocking read to a thread
# (asyncio.to_thread), while the loop goes on with other tasks.
import asyncio
import os


def read_first_line(path):
    # Runs in a worker thread: a blocking read is fine there.
    with open(path, "r") as file:
        return file.readline()


async def ticker(stop):
    ticks = 0
    while not stop.is_set():
        ticks += 1
        await asyncio.sleep(0.001)
    return ticks


async def main():
    path = "sample_06_file.txt"
    with open(path, "w") as f:
        f.write("first line\nsecond line\n")
    stop = asyncio.Event()
    tick_task = asyncio.create_task(ticker(stop))
    line = await asyncio.to_thread(read_first_line, path)
    stop.set()
    print(line, end="")
    print("the loop kept running meanwhile:", await tick_task >= 1)
    os.remove(path)


asyncio.run(main())
