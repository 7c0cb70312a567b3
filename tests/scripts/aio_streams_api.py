# Streams: every StreamReader read, the writer's side, Unix sockets, servers, errors.
import asyncio
import os
import socket

async def serve_script(reader, writer):
    # A peer that sends a fixed script and then closes.
    writer.write(b"line one\nline two\n" + b"exactly10!" + b"--SEP--rest\n" + b"tail without newline")
    await writer.drain()
    writer.write_eof()
    await reader.read()          # wait until the client closes its side
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(serve_script, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()
    print("server:", type(server).__name__, server.is_serving(), len(server.sockets), host)
    reader, writer = await asyncio.open_connection(host, port)
    print("peername host:", writer.get_extra_info("peername")[0], "sockname host:", writer.get_extra_info("sockname")[0])
    print("socket family:", writer.get_extra_info("socket").family == socket.AF_INET)
    print(await reader.readline())
    print([line async for line in _take(reader, 1)])
    print(await reader.readexactly(10))
    print(await reader.readuntil(b"--SEP--"))
    print(await reader.readline())
    print("at_eof before the end:", reader.at_eof())
    try:
        await reader.readexactly(100)
    except asyncio.IncompleteReadError as e:
        print("IncompleteReadError:", e, e.partial, e.expected)
    print("at_eof:", reader.at_eof(), await reader.read(), await reader.readline())
    print("can_write_eof:", writer.can_write_eof(), "closing:", writer.is_closing())
    writer.close()
    print("closing after close():", writer.is_closing())
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    print("serving after close:", server.is_serving(), server.sockets)

    # Limits: readline on a line longer than the limit, readuntil past it.
    async def long_lines(reader, writer):
        writer.write(b"x" * 100 + b"\nshort\n" + b"y" * 50)
        await writer.drain()
        writer.close()
    server = await asyncio.start_server(long_lines, "127.0.0.1", 0, limit=32)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=32)
    try:
        await reader.readline()
    except ValueError as e:
        print("ValueError:", e)
    print(await reader.readline())
    try:
        await reader.readuntil(b"!")
    except asyncio.LimitOverrunError as e:
        print("LimitOverrunError:", e, e.consumed)
    except asyncio.IncompleteReadError as e:
        print("IncompleteReadError:", len(e.partial))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()

    # Reader errors: separator checks, negative sizes, two readers at once.
    r = asyncio.StreamReader()
    for call in (lambda: r.readuntil(b""), lambda: r.readexactly(-1)):
        try:
            await call()
        except ValueError as e:
            print("ValueError:", e)
    try:
        asyncio.StreamReader(limit=0)
    except ValueError as e:
        print("ValueError:", e)
    t = asyncio.create_task(r.read(5))
    await asyncio.sleep(0)
    try:
        await r.read(5)
    except RuntimeError as e:
        print("RuntimeError:", e)
    r.feed_data(b"abc")
    print("fed:", await t)
    r.set_exception(ConnectionResetError("gone"))
    try:
        await r.read()
    except ConnectionResetError as e:
        print("set_exception:", e)
    r2 = asyncio.StreamReader()
    r2.feed_data(b"one\ntwo")
    r2.feed_eof()
    print("feed then eof:", await r2.readline(), await r2.readline(), await r2.readline(), r2.at_eof())

    # Unix-domain streams, in the working directory.
    path = "aio_streams.sock"
    async def upper(reader, writer):
        data = await reader.readline()
        writer.write(data.upper())
        await writer.drain()
        writer.close()
    userver = await asyncio.start_unix_server(upper, path)
    print("unix socket file exists:", os.path.exists(path))
    ureader, uwriter = await asyncio.open_unix_connection(path)
    uwriter.write(b"over a unix socket\n")
    await uwriter.drain()
    print(await ureader.readline())
    uwriter.close()
    await uwriter.wait_closed()
    userver.close()
    await userver.wait_closed()
    os.remove(path)

    # Connecting to a port nobody listens on.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    free_port = probe.getsockname()[1]
    probe.close()
    try:
        await asyncio.open_connection("127.0.0.1", free_port)
    except ConnectionRefusedError as e:
        print("ConnectionRefusedError:", e.errno, str(e).replace(str(free_port), "PORT"))
    # A port already in use.
    server = await asyncio.start_server(upper, "127.0.0.1", 0)
    used = server.sockets[0].getsockname()[1]
    try:
        await asyncio.start_server(upper, "127.0.0.1", used, reuse_address=False)
    except OSError as e:
        print("OSError:", e.errno, str(e).replace(str(used), "PORT"))
    # async with closes the server; serve_forever ends when it is cancelled.
    async with server:
        sf = asyncio.create_task(server.serve_forever())
        await asyncio.sleep(0)
        print("serving:", server.is_serving())
        sf.cancel()
        try:
            await sf
        except asyncio.CancelledError:
            print("serve_forever cancelled; serving:", server.is_serving())

async def _take(reader, n):
    for _ in range(n):
        yield await reader.readline()

asyncio.run(main())
