# 64 MiB through one asyncio stream to a reader slower than the writer: with flow
# control the writer waits in drain() and memory stays bounded (tests/CMakeLists.txt
# runs this under a peak-RSS limit of 100 MB; without flow control the transport would
# buffer all 64 MiB). The data is checked as it arrives; the exit status says whether
# everything arrived intact and the writer's buffer stayed bounded.
import asyncio
import sys

TOTAL = 64 * 1024 * 1024
CHUNK = 1024 * 1024
state = {"max_buffered": 0}


async def produce(reader, writer):
    chunk = bytes(range(256)) * (CHUNK // 256)
    for _ in range(TOTAL // CHUNK):
        writer.write(chunk)
        state["max_buffered"] = max(state["max_buffered"], writer.transport.get_write_buffer_size())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(produce, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    received = corrupt = reads = 0
    while data := await reader.read(64 * 1024):
        # The byte at offset k of the stream is k % 256: check one in every 4096.
        if data[::4096] != bytes((received + j) % 256 for j in range(0, len(data), 4096)):
            corrupt += 1
        received += len(data)
        reads += 1
        if reads % 64 == 0:
            await asyncio.sleep(0.001)   # a slow reader
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    bounded = state["max_buffered"] <= 2 * CHUNK
    print("received:", received, "of", TOTAL, "corrupt chunks:", corrupt,
          "largest write buffer:", state["max_buffered"], "bounded:", bounded)
    return received == TOTAL and corrupt == 0 and bounded


sys.exit(0 if asyncio.run(main()) else 1)
