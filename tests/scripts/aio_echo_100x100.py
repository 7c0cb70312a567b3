# An echo server and 100 concurrent clients sending 100 messages each over 127.0.0.1
# (the port chosen by the OS): every byte of every reply is checked. It stops by itself.
import asyncio
import time

CLIENTS = 100
MESSAGES = 100


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(cid, port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    mismatches = 0
    sent = 0
    for m in range(MESSAGES):
        payload = f"{cid}:{m}:".encode() + bytes((cid * 7 + m + i) % 256 for i in range((cid * 13 + m) % 300))
        message = len(payload).to_bytes(4, "big") + payload
        writer.write(message)
        await writer.drain()
        sent += len(message)
        reply = await reader.readexactly(len(message))
        if reply != message:
            mismatches += 1
    writer.write_eof()
    rest = await reader.read()
    writer.close()
    await writer.wait_closed()
    return sent, mismatches, rest


async def main():
    start = time.monotonic()
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(c, port) for c in range(CLIENTS)))
    total = sum(r[0] for r in results)
    print("clients:", len(results), "messages:", CLIENTS * MESSAGES)
    print("bytes echoed:", total, "mismatched replies:", sum(r[1] for r in results))
    print("extra bytes after EOF:", sum(len(r[2]) for r in results))
    print("well under 20 s:", time.monotonic() - start < 20)


asyncio.run(main())
