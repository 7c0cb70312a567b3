# An echo server and its clients on asyncio streams over 127.0.0.1 (the port is the
# one the OS picks). Each client sends a few lines and checks every echoed byte; the
# server counts connections and lines; everything stops by itself.
import asyncio

CLIENTS = 20
LINES = 10


async def handle(reader, writer, stats):
    stats["connections"] += 1
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
        stats["lines"] += 1
    writer.close()
    await writer.wait_closed()


async def client(cid, port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    good = 0
    for i in range(LINES):
        message = f"client {cid} line {i} {'x' * (cid * 7 % 50)}\n".encode()
        writer.write(message)
        await writer.drain()
        if await reader.readline() == message:
            good += 1
    writer.close()
    await writer.wait_closed()
    return good


async def main():
    stats = {"connections": 0, "lines": 0}
    server = await asyncio.start_server(lambda r, w: handle(r, w, stats), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(c, port) for c in range(CLIENTS)))
    print("echoed lines checked:", sum(results), "of", CLIENTS * LINES)
    print("server saw:", stats["connections"], "connections,", stats["lines"], "lines")


asyncio.run(main())
