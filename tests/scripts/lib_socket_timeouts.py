# Socket timeouts and non-blocking mode, connection errors (refused, address in use),
# create_connection/create_server, setdefaulttimeout, and makefile() in blocking code.
import errno
import socket
import threading
import time


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e, "| errno", e.errno if isinstance(e, OSError) else "-")
    else:
        print(label, "=", repr(r))


def free_port():
    # A port nobody listens on: bind, read the port, close.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


print("-- timeouts")
a, b = socket.socketpair()
a.settimeout(0.05)
print(a.gettimeout(), a.getblocking(), a.timeout)
t0 = time.monotonic()
attempt("recv with no data", lambda: a.recv(10))
elapsed = time.monotonic() - t0
print("waited about the timeout:", 0.04 <= elapsed < 2)
try:
    a.recv(1)
except socket.timeout as e:
    print("caught as socket.timeout:", type(e).__name__, e.args, e.errno, isinstance(e, OSError))
b.send(b"x")
print("data within timeout:", a.recv(10))
attempt("recvfrom timeout", lambda: a.recvfrom(10))
a.settimeout(None)
print("back to blocking:", a.gettimeout(), a.getblocking())
a.settimeout(0)
print("timeout 0:", a.gettimeout(), a.getblocking())

print("-- non-blocking")
a.setblocking(False)
print(a.gettimeout(), a.getblocking())
attempt("recv", lambda: a.recv(10))
try:
    a.recv(10)
except BlockingIOError as e:
    print("BlockingIOError:", e.errno == errno.EAGAIN, e.strerror)
# Fill the socket buffer: send raises BlockingIOError once it is full.
sent = 0
try:
    while True:
        sent += a.send(b"x" * 65536)
except BlockingIOError as e:
    print("send buffer full after some data:", sent > 0, e.errno == errno.EAGAIN)
a.setblocking(True)
print(a.gettimeout(), a.getblocking())
a.close()
b.close()

print("-- accept timeout")
lst = socket.create_server(("127.0.0.1", 0))
lst.settimeout(0.05)
attempt("accept", lst.accept)
lst.setblocking(False)
attempt("accept non-blocking", lst.accept)
lst.settimeout(2)
c = socket.create_connection(lst.getsockname())
conn, addr = lst.accept()
print("accepted with timeout; new socket timeout:", conn.gettimeout(), conn.getblocking())
conn.close()
c.close()
lst.close()

print("-- connection refused")
port = free_port()
s = socket.socket()
attempt("connect", lambda: s.connect(("127.0.0.1", port)))
s.close()
try:
    socket.create_connection(("127.0.0.1", port), timeout=2)
except ConnectionRefusedError as e:
    print("create_connection:", type(e).__name__, e, isinstance(e, ConnectionError))
s = socket.socket()
print("connect_ex:", s.connect_ex(("127.0.0.1", port)) == errno.ECONNREFUSED)
s.close()
s = socket.socket()
s.setblocking(False)
code = s.connect_ex(("127.0.0.1", port))
print("non-blocking connect_ex:", errno.errorcode[code])
s.close()

print("-- address in use")
first = socket.socket()
first.bind(("127.0.0.1", 0))
first.listen()
second = socket.socket()
attempt("bind", lambda: second.bind(first.getsockname()))
try:
    socket.create_server(first.getsockname())
except OSError as e:
    print("create_server:", type(e).__name__, e.errno, e.strerror.split(" (while")[0], "while attempting" in e.strerror)
second.close()
first.close()
attempt("create_server dualstack v4", lambda: socket.create_server(("127.0.0.1", 0), dualstack_ipv6=True))
srv6 = socket.create_server(("::1", 0), family=socket.AF_INET6)
print("v6 server:", srv6.family, srv6.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY))
srv6.close()
reuse = socket.create_server(("127.0.0.1", 0), reuse_port=True, backlog=5)
print("reuse_port:", reuse.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) != 0)
reuse.close()

print("-- create_connection")
srv = socket.create_server(("127.0.0.1", 0))
c = socket.create_connection(srv.getsockname(), timeout=3, source_address=("127.0.0.1", 0))
print(c.gettimeout(), c.getsockname()[0], c.family, c.type)
c.close()
c = socket.create_connection(("localhost", srv.getsockname()[1]))
print("via localhost:", c.gettimeout(), c.getpeername()[0] in ("127.0.0.1", "::1"))
c.close()
attempt("create_connection str", lambda: socket.create_connection("x"))
srv.close()

print("-- default timeout")
socket.setdefaulttimeout(1.5)
d = socket.socket()
print(socket.getdefaulttimeout(), d.gettimeout(), d.getblocking())
d.close()
x, y = socket.socketpair()
print("socketpair default:", x.gettimeout(), y.gettimeout())
x.close()
y.close()
socket.setdefaulttimeout(None)
d = socket.socket()
print(socket.getdefaulttimeout(), d.gettimeout())
d.close()

print("-- makefile")
srv = socket.create_server(("127.0.0.1", 0))


def line_server():
    conn, _ = srv.accept()
    with conn, conn.makefile("rb") as rf, conn.makefile("wb") as wf:
        for line in rf:
            wf.write(b"echo: " + line)
            wf.flush()
            if line.strip() == b"bye":
                break


t = threading.Thread(target=line_server)
t.start()
c = socket.create_connection(srv.getsockname())
w = c.makefile("w")
r = c.makefile("r", encoding="utf-8")
print(type(w).__name__ != "", w.mode, r.mode, r.readable(), w.writable())
for text in ["hello", "caf\u00e9 \u2615", "bye"]:
    w.write(text + "\n")
    w.flush()
    print(repr(r.readline()))
t.join()
print("eof:", repr(r.readline()), repr(r.read()))
c.close()
print("socket still open for the files:", c.fileno() >= 0)
w.close()
r.close()
print("closed with the last file:", c.fileno())
attempt("read closed", r.readline)
attempt("bad mode", lambda: socket.socket().makefile("rx"))
srv.close()

a, b = socket.socketpair()
wf = a.makefile("wb")
wf.write(b"line one\nline two\npartial")
wf.close()
a.close()
rf = b.makefile("rb")
print(rf.readline(), rf.read(4), rf.readlines())
rf.close()
b.close()
