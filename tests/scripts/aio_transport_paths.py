# A socket transport's reading and writing at their edges: a protocol whose data_received
# raises (the loop's exception handler gets 'Fatal error: protocol.data_received() call
# failed.' and the connection is closed), a peer that resets the connection (an OSError:
# not reported, connection_lost gets it), EOF with eof_received asking to keep the
# transport open, reading paused and resumed; write() with bad types, empty data, a big
# write that waits in the buffer, after write_eof() and after the connection is lost.
# Over 127.0.0.1, ports from the OS.
import asyncio
import socket

LINGER_ZERO = (1).to_bytes(4, "little") + (0).to_bytes(4, "little")  # struct linger {1, 0}: reset on close


class Recording(asyncio.Protocol):
    received = None  # an asyncio.Event set at each data_received (the client waits on it)

    def __init__(self, name, done, fail_on=None, keep_open=False):
        self.name, self.done, self.fail_on, self.keep_open = name, done, fail_on, keep_open

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        print(self.name, "data", data)
        if Recording.received is not None:
            Recording.received.set()
        if self.fail_on is not None and self.fail_on in data:
            raise ValueError("bad data: " + data.decode())

    def eof_received(self):
        print(self.name, "eof")
        if Recording.received is not None:
            Recording.received.set()
        return self.keep_open

    def connection_lost(self, exc):
        print(self.name, "lost", type(exc).__name__, self.transport.is_closing())
        self.done.set_result(None)


async def serve(loop, make_protocol, client_steps):
    server = await loop.create_server(make_protocol, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sock = socket.socket()
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))
    await client_steps(sock)
    return server, sock


async def main():
    loop = asyncio.get_running_loop()
    handled = []
    loop.set_exception_handler(lambda loop, ctx: handled.append((ctx["message"], repr(ctx["exception"]))))

    Recording.received = asyncio.Event()

    async def sent_and_received(action):
        # The peer's protocol has seen what `action` sent (data, or EOF) when this returns.
        Recording.received.clear()
        await action
        await Recording.received.wait()

    async def shutdown_write(sock):
        sock.shutdown(socket.SHUT_WR)

    done = loop.create_future()
    async def send_bad(sock):
        await sent_and_received(loop.sock_sendall(sock, b"fine"))  # two sends, two reads
        await loop.sock_sendall(sock, b"boom")
    server, sock = await serve(loop, lambda: Recording("failing", done, fail_on=b"boom"), send_bad)
    await done
    print(handled)
    sock.close()
    server.close()

    done = loop.create_future()
    async def reset(sock):
        await sent_and_received(loop.sock_sendall(sock, b"before reset"))  # read before the reset
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_ZERO)
        sock.close()
    server, sock = await serve(loop, lambda: Recording("reset", done), reset)
    await done
    server.close()

    done = loop.create_future()
    protos = []
    async def half_close(sock):
        await sent_and_received(loop.sock_sendall(sock, b"last words"))
        await sent_and_received(shutdown_write(sock))
    def keep():
        p = Recording("kept", done, keep_open=True)
        protos.append(p)
        return p
    server, sock = await serve(loop, keep, half_close)
    proto = protos[0]
    print("still open:", not proto.transport.is_closing())
    proto.transport.pause_reading()
    print("reading:", proto.transport.is_reading())
    proto.transport.resume_reading()
    proto.transport.write(b"reply")
    print(await loop.sock_recv(sock, 100))
    proto.transport.close()
    await done
    sock.close()
    server.close()
    print(len(handled))

    # write(): bad types, empty data, a big write that waits in the buffer (the rest goes
    # out as the peer reads), write() after write_eof(), and after the connection is lost.
    got = loop.create_future()
    server = await loop.create_server(lambda: Counting(got), "127.0.0.1", 0)
    done = loop.create_future()
    transport, _ = await loop.create_connection(lambda: Recording("writer", done), "127.0.0.1",
                                                server.sockets[0].getsockname()[1])
    for bad in ("text", 42, [1]):
        try:
            transport.write(bad)
        except TypeError as e:
            print("TypeError:", e)
    transport.write(b"")
    big = b"x" * (8 * 1024 * 1024)
    transport.write(memoryview(big))
    print("buffered:", transport.get_write_buffer_size() > 0)
    transport.write(bytearray(b"tail"))
    transport.write_eof()
    try:
        transport.write(b"late")
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("peer got", await got)
    transport.abort()
    await done
    done = loop.create_future()
    transport, _ = await loop.create_connection(lambda: Recording("aborted", done), "127.0.0.1",
                                                server.sockets[0].getsockname()[1])
    transport.abort()
    await done
    transport.write(b"after abort")
    transport.write(b"again")
    print("conn_lost", transport._conn_lost)
    server.close()


class Counting(asyncio.Protocol):
    def __init__(self, got):
        self.got, self.count = got, 0

    def data_received(self, data):
        self.count += len(data)

    def eof_received(self):
        self.got.set_result(self.count)


asyncio.run(main())
