# A TCP echo server in a thread serving several client threads over 127.0.0.1 (the port
# is chosen by the OS and never printed). Each connection is handled by its own thread;
# blocking accept/recv/sendall release the GIL, so the clients make progress together.
import socket
import threading

CLIENTS = 6
MESSAGES = 20

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen()
host, port = server.getsockname()
print("bound to", host, "port is int:", isinstance(port, int) and 0 < port < 65536)
print("reuseaddr:", server.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
print("listening:", server.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))

handled = []
handled_lock = threading.Lock()


def handle(conn, addr):
    with conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        total = 0
        while True:
            data = conn.recv(4096)
            if not data:
                break
            total += len(data)
            conn.sendall(data.upper())
        with handled_lock:
            handled.append((addr[0], total))


def serve():
    workers = []
    for _ in range(CLIENTS):
        conn, addr = server.accept()
        t = threading.Thread(target=handle, args=(conn, addr))
        t.start()
        workers.append(t)
    for t in workers:
        t.join()


def recv_exactly(sock, n):
    chunks = []
    while n:
        chunk = sock.recv(n)
        if not chunk:
            raise ConnectionError("closed early")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


results = {}


def client(i):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
        replies = []
        for j in range(MESSAGES):
            msg = ("client %d message %d;" % (i, j)).encode()
            c.sendall(msg)
            replies.append(recv_exactly(c, len(msg)))
        c.shutdown(socket.SHUT_WR)
        tail = c.recv(10)
        results[i] = (len(replies), replies[0], replies[-1], tail)


server_thread = threading.Thread(target=serve)
server_thread.start()
clients = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
for t in clients:
    t.start()
for t in clients:
    t.join()
server_thread.join()
server.close()

for i in sorted(results):
    print(i, results[i])
print("handled:", sorted(handled))
print("server closed:", server.fileno(), repr(server).startswith("<socket.socket [closed] fd=-1"))

# A big transfer: sendall of 1 MiB through a socketpair read by another thread.
a, b = socket.socketpair()
payload = bytes(range(256)) * 4096
received = []


def reader():
    n = 0
    while n < len(payload):
        chunk = b.recv(65536)
        received.append(chunk)
        n += len(chunk)


r = threading.Thread(target=reader)
r.start()
a.sendall(payload)
r.join()
print("big transfer intact:", b"".join(received) == payload)
a.close()
b.close()

# A blocking accept in one thread is woken by a connect from another.
lst = socket.create_server(("127.0.0.1", 0))
accepted = []
t = threading.Thread(target=lambda: accepted.append(lst.accept()))
t.start()
c = socket.create_connection(lst.getsockname())
t.join()
conn, addr = accepted[0]
print("accepted:", type(conn).__name__, conn.family, conn.type, addr[0], addr[1] == c.getsockname()[1])
print("peer matches:", conn.getpeername() == c.getsockname(), c.getpeername() == lst.getsockname())
print("accepted blocking:", conn.getblocking(), conn.gettimeout())
conn.close()
c.close()
lst.close()
