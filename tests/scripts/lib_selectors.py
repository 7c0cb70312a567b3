# selectors: registration bookkeeping, select() on each kind (SelectSelector,
# PollSelector, EpollSelector, DefaultSelector), CPython's errors, and a small
# single-threaded echo server driven by a selector with client threads.
import selectors
import socket
import threading


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", norm(str(e)))
    else:
        print(label, "=", repr(r))


print(selectors.EVENT_READ, selectors.EVENT_WRITE, selectors.DefaultSelector is selectors.EpollSelector)

a, b = socket.socketpair()


def norm(text):
    # Descriptor numbers depend on the process: show a's and b's as A and B.
    for name, fd in (("A", a.fileno()), ("B", b.fileno())):
        text = text.replace("fd=%d," % fd, "fd=%s," % name).replace("(FD %d)" % fd, "(FD %s)" % name)
        if text.startswith("'%d " % fd):
            text = "'" + name + text[1 + len(str(fd)):]
    return text


def show(ready):
    return sorted(("a" if key.fileobj is a else "b", key.data, ev) for key, ev in ready)


for kind in (selectors.SelectSelector, selectors.PollSelector, selectors.EpollSelector, selectors.DefaultSelector):
    print("--", kind.__name__)
    with kind() as sel:
        key = sel.register(a, selectors.EVENT_READ, "data-a")
        print(type(key).__name__, key.fileobj is a, key.fd == a.fileno(), key.events, key.data)
        print("key fields:", key._fields, key == (a, a.fileno(), 1, "data-a"), key[2])
        sel.register(b, selectors.EVENT_WRITE, "data-b")
        print("initial:", show(sel.select(0)))
        b.send(b"hi")
        print("a readable:", show(sel.select(1)))
        print("again, not drained:", show(sel.select(timeout=0)))
        a.recv(10)
        print("drained:", show(sel.select(0.01)))
        k2 = sel.modify(b, selectors.EVENT_READ | selectors.EVENT_WRITE, "both")
        print("modified:", k2.events, k2.data, sel.get_key(b).data)
        k3 = sel.modify(b, selectors.EVENT_READ | selectors.EVENT_WRITE, "new data")
        print("data only:", k3.events, k3.data)
        a.send(b"x")
        print("b both:", show(sel.select(0)))
        b.recv(1)
        m = sel.get_map()
        print("map:", len(m), a in m, m[a].data, sorted(k == a.fileno() or k == b.fileno() for k in m))
        print("get:", m.get(12345), m.get(b).data)
        attempt("register again", lambda: sel.register(a, selectors.EVENT_READ))
        attempt("register fd again", lambda: sel.register(a.fileno(), selectors.EVENT_READ))
        attempt("events 0", lambda: sel.register(12345, 0))
        attempt("events 4", lambda: sel.register(12345, 4))
        attempt("bad fileobj", lambda: sel.register("nope", selectors.EVENT_READ))
        attempt("negative fd", lambda: sel.register(-1, selectors.EVENT_READ))
        attempt("get_key unknown", lambda: sel.get_key(12345))
        attempt("map unknown", lambda: m[12345])
        attempt("modify unknown", lambda: sel.modify(12345, selectors.EVENT_READ))
        old = sel.unregister(b)
        print("unregistered:", old.data, len(sel.get_map()))
        attempt("unregister again", lambda: sel.unregister(b))
        print("unregister by fd:", sel.unregister(a.fileno()).data, len(sel.get_map()))
        print("empty select with timeout:", sel.select(0.01))
    print("closed map:", sel.get_map())
    attempt("get_key after close", lambda: sel.get_key(a))

print("-- a file object closed while registered")
x, y = socket.socketpair()
sel = selectors.DefaultSelector()
sel.register(x, selectors.EVENT_READ, "x")
print("fileno() of the selector:", sel.fileno() >= 0)
x.close()
print("unregistered after close:", sel.unregister(x).data, len(sel.get_map()))
y.close()
sel.close()

print("-- an echo server driven by a selector")
server = socket.create_server(("127.0.0.1", 0))
server.setblocking(False)
sel = selectors.DefaultSelector()
sel.register(server, selectors.EVENT_READ, "listener")
address = server.getsockname()
CLIENTS = 4
replies = {}


def client(i):
    with socket.create_connection(address, timeout=5) as c:
        c.sendall(("hello from %d" % i).encode())
        c.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            data = c.recv(100)
            if not data:
                break
            chunks.append(data)
        replies[i] = b"".join(chunks)


threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
for t in threads:
    t.start()
finished = 0
while finished < CLIENTS:
    for key, events in sel.select(timeout=5):
        if key.data == "listener":
            conn, _ = server.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ, "conn")
        else:
            conn = key.fileobj
            data = conn.recv(100)
            if data:
                conn.sendall(data.upper())
            else:
                sel.unregister(conn)
                conn.close()
                finished += 1
for t in threads:
    t.join()
sel.close()
server.close()
for i in sorted(replies):
    print(i, replies[i])
a.close()
b.close()
