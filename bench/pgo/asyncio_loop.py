# PGO training: the asyncio loop's hot paths: tasks stepping through sleep(0), futures,
# gather, an asyncio.Queue between producers and consumers, locks, and a TCP line-echo
# over streams on 127.0.0.1 (an OS-chosen port). Small sizes: it runs in well under a second.
import asyncio


async def sleeper(i):
    for _ in range(3):
        await asyncio.sleep(0)
    return i


async def tasks_part():
    results = await asyncio.gather(*[asyncio.create_task(sleeper(i)) for i in range(3000)])
    assert sum(results) == 3000 * 2999 // 2


async def queue_part():
    q = asyncio.Queue(maxsize=32)
    lock = asyncio.Lock()
    got = [0]

    async def producer(n):
        for i in range(n):
            await q.put(i)
        await q.put(None)

    async def consumer():
        while True:
            item = await q.get()
            q.task_done()
            if item is None:
                return
            async with lock:
                got[0] += 1

    await asyncio.gather(producer(4000), producer(4000), consumer(), consumer())
    assert got[0] == 8000


async def echo_part():
    async def handle(reader, writer):
        while True:
            line = await reader.readline()
            if not line:
                break
            writer.write(line)
            await writer.drain()
        writer.close()

    async def client(cid, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for r in range(40):
            msg = ("c%d r%d\n" % (cid, r)).encode()
            writer.write(msg)
            await writer.drain()
            assert await reader.readline() == msg
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    await asyncio.gather(*[client(c, port) for c in range(40)])
    server.close()
    await server.wait_closed()


async def main():
    await tasks_part()
    await queue_part()
    await echo_part()


asyncio.run(main())
