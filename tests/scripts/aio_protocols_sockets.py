# Transports and protocols, datagrams, the loop's sock_* coroutines and fd watching.
import asyncio
import socket

events = []

class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        events.append(("server made", transport.get_extra_info("peername")[0]))
    def data_received(self, data):
        events.append(("server got", data))
        self.transport.write(data[::-1])
    def eof_received(self):
        events.append("server eof")
        self.transport.write(b"bye")
        self.transport.close()
        return True
    def connection_lost(self, exc):
        events.append(("server lost", exc))

class Client(asyncio.Protocol):
    def __init__(self, done):
        self.done = done
        self.received = b""
    def connection_made(self, transport):
        transport.write(b"hello")
        transport.write_eof()
    def data_received(self, data):
        self.received += data
    def eof_received(self):
        events.append("client eof")
    def connection_lost(self, exc):
        self.done.set_result(self.received)

class Pauser(asyncio.Protocol):
    def __init__(self):
        self.log = []
    def pause_writing(self):
        self.log.append("pause")
    def resume_writing(self):
        self.log.append("resume")

class Udp(asyncio.DatagramProtocol):
    def __init__(self, name, log):
        self.name, self.log = name, log
    def connection_made(self, transport):
        self.transport = transport
    def datagram_received(self, data, addr):
        self.log.append((self.name, data))
        if self.name == "server":
            self.transport.sendto(data.upper(), addr)

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    done = loop.create_future()
    transport, client = await loop.create_connection(lambda: Client(done), "127.0.0.1", port)
    print("client transport:", type(transport).__name__, transport.is_closing())
    print("received:", await done)
    await asyncio.sleep(0)
    print(events)
    print("closing now:", transport.is_closing())

    # Flow control: a high-water mark of 16 bytes pauses the protocol at once.
    a, b = socket.socketpair()
    t, p = await loop.connect_accepted_socket(Pauser, a)
    t.set_write_buffer_limits(high=16)
    print("limits:", t.get_write_buffer_limits())
    t.write(b"x" * 1000000)        # the socket buffer cannot take it all
    print("buffered:", t.get_write_buffer_size() > 16, p.log)
    got = 0
    b.setblocking(False)
    while got < 1000000:
        try:
            got += len(b.recv(65536))
        except BlockingIOError:
            await asyncio.sleep(0.001)
    await asyncio.sleep(0)
    print("drained:", got, t.get_write_buffer_size(), p.log)
    t.close()
    b.close()
    try:
        t.write(b"late")
        print("write after close: ignored")
    except RuntimeError as e:
        print("RuntimeError:", e)

    # Datagrams.
    log = []
    st, sp = await loop.create_datagram_endpoint(lambda: Udp("server", log), local_addr=("127.0.0.1", 0))
    addr = st.get_extra_info("sockname")
    ct, cp = await loop.create_datagram_endpoint(lambda: Udp("client", log), remote_addr=addr)
    ct.sendto(b"ping")
    for _ in range(100):
        if len(log) == 2:
            break
        await asyncio.sleep(0.001)
    print("udp:", log)
    try:
        ct.sendto(b"x", ("127.0.0.1", 1))
    except ValueError as e:
        print("ValueError:", str(e).split(" or ")[0])
    ct.close()
    st.close()

    # The sock_* coroutines on non-blocking sockets.
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen()
    lsock.setblocking(False)
    csock = socket.socket()
    csock.setblocking(False)
    accept = asyncio.create_task(loop.sock_accept(lsock))
    await loop.sock_connect(csock, lsock.getsockname())
    conn, _ = await accept
    await loop.sock_sendall(csock, b"a" * 300000)
    received = bytearray()
    while len(received) < 300000:
        received += await loop.sock_recv(conn, 65536)
    print("sock_sendall/sock_recv:", len(received))
    buf = bytearray(10)
    await loop.sock_sendall(conn, b"0123456789")
    n = await loop.sock_recv_into(csock, buf)
    print("sock_recv_into:", n, bytes(buf[:n]))
    for s in (lsock, csock, conn):
        s.close()

    # Watching fds directly.
    r, w = socket.socketpair()
    seen = []
    loop.add_reader(r, lambda: seen.append(r.recv(10)))
    w.send(b"ready")
    await asyncio.sleep(0.01)
    print("reader saw:", seen, "removed:", loop.remove_reader(r), loop.remove_reader(r))
    writable = loop.create_future()
    loop.add_writer(w, lambda: writable.done() or writable.set_result("writable"))
    print(await writable, loop.remove_writer(w))
    try:
        loop.add_reader("not a file", print)
    except ValueError as e:
        print("ValueError:", e)
    r.close()
    w.close()
    server.close()
    await server.wait_closed()

asyncio.run(main())
