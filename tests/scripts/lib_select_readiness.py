# select.select, select.poll and select.epoll: readiness of socketpairs, hang-ups,
# edge-triggered and one-shot epoll, waits woken by another thread (the GIL is released
# while waiting), and CPython's errors.
import select
import socket
import threading
import time


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "=", repr(r))


a, b = socket.socketpair()
fa, fb = a.fileno(), b.fileno()


def names(objs):
    return sorted("a" if o in (a, fa) else "b" if o in (b, fb) else repr(o) for o in objs)


print("-- select.select")
r, w, x = select.select([a, b], [a, b], [a, b], 0)
print("idle:", names(r), names(w), names(x))
b.send(b"data")
r, w, x = select.select([a, fb], [], [], 1.0)
print("after send:", names(r), r[0] is a, w, x)
print(a.recv(10))
r, w, x = select.select((a,), (), (), 0.01)
print("drained:", r, w, x)
b.send(b"z")
print("int fds:", select.select([fa], [fb], [], None)[:2] == ([fa], [fb]))
a.recv(1)
attempt("not a sequence", lambda: select.select(1, [], []))
attempt("bad item", lambda: select.select(["a"], [], []))
attempt("negative fd", lambda: select.select([-1], [], []))
attempt("fd too big", lambda: select.select([5000], [], [], 0))
attempt("str timeout", lambda: select.select([], [], [], "x"))
attempt("negative timeout", lambda: select.select([], [], [], -1))
attempt("two args", lambda: select.select([], []))


class FileLike:
    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd


class BadFileno:
    def fileno(self):
        return "x"


b.send(b"q")
obj = FileLike(fa)
print("fileno() object:", select.select([obj], [], [], 0)[0] == [obj])
a.recv(1)
attempt("fileno() non-int", lambda: select.select([BadFileno()], [], [], 0))

print("-- poll")
p = select.poll()
p.register(a, select.POLLIN)
p.register(fb)
print("idle:", [(fd == fb, ev) for fd, ev in p.poll(0)])
b.send(b"ping")
print("readable:", sorted((fd == fa, ev) for fd, ev in p.poll(100)))
p.modify(fb, select.POLLIN)
print("modified:", [(fd == fa, ev) for fd, ev in p.poll(0)])
print(a.recv(10))
p.unregister(fb)
print("after unregister:", p.poll(0))
attempt("unregister unknown", lambda: p.unregister(12345))
attempt("modify unknown", lambda: p.modify(12345, select.POLLIN))
attempt("register negative", lambda: p.register(-1))
attempt("register str", lambda: p.register("x"))
attempt("negative mask", lambda: p.register(0, -1))
attempt("mask too big", lambda: p.register(0, 70000))
attempt("str timeout", lambda: p.poll("x"))
print("float timeout:", p.poll(1.5))

print("-- epoll")
ep = select.epoll()
print(ep.closed, ep.fileno() >= 0)
ep.register(a, select.EPOLLIN | select.EPOLLOUT)
print("writable:", [(fd == fa, ev) for fd, ev in ep.poll(0)])
ep.modify(a, select.EPOLLIN)
print("nothing to read:", ep.poll(0), ep.poll(0.01))
b.send(b"x")
print("readable:", [(fd == fa, ev) for fd, ev in ep.poll(1)])
print("level-triggered again:", [(fd == fa, ev) for fd, ev in ep.poll(0)])
a.recv(1)
ep.modify(a, select.EPOLLIN | select.EPOLLET)
b.send(b"y")
print("edge once:", [(fd == fa, ev) for fd, ev in ep.poll(0)], "then:", ep.poll(0))
a.recv(1)
ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
b.send(b"1")
b.send(b"2")
print("oneshot:", len(ep.poll(0)), len(ep.poll(0)))
a.recv(10)
ep.modify(a, select.EPOLLIN)
attempt("register twice", lambda: ep.register(a))
attempt("modify unregistered", lambda: ep.modify(b, select.EPOLLIN))
attempt("unregister unregistered", lambda: ep.unregister(b))
attempt("register negative", lambda: ep.register(-1))
attempt("maxevents 0", lambda: ep.poll(0, 0))
attempt("str timeout", lambda: ep.poll("x"))
attempt("sizehint 0", lambda: select.epoll(0))
attempt("bad flags", lambda: select.epoll(flags=5))
with select.epoll(flags=select.EPOLL_CLOEXEC) as ep2:
    print("context manager:", ep2.closed)
print("after with:", ep2.closed)
attempt("fileno closed", ep2.fileno)
attempt("register closed", lambda: ep2.register(a))
attempt("poll closed", ep2.poll)
attempt("close again", ep2.close)
attempt("enter closed", ep2.__enter__)

print("-- hang-up")
b.close()
events = dict(ep.poll(0))
ev = events.get(fa, 0)
print("peer closed: readable", bool(ev & select.EPOLLIN), "hup", bool(ev & select.EPOLLHUP))
print("recv at eof:", a.recv(10))
pl = select.poll()
pl.register(a, select.POLLIN)
print("poll hup:", bool(pl.poll(0)[0][1] & select.POLLHUP))
ep.unregister(a)
ep.close()
a.close()

print("-- a wait woken by another thread")
a, b = socket.socketpair()
ep = select.epoll()
ep.register(a, select.EPOLLIN)
ticks = []


def writer():
    for i in range(3):
        ticks.append(i)   # runs while the main thread waits: the GIL is free
        time.sleep(0.01)
    b.send(b"wake")


t = threading.Thread(target=writer)
t.start()
got = ep.poll(5)
t.join()
print("woken:", [(fd == a.fileno(), ev) for fd, ev in got], "ticks:", ticks, a.recv(10))

ticks.clear()
t = threading.Thread(target=writer)
t.start()
r, _, _ = select.select([a], [], [], 5)
t.join()
print("select woken:", r == [a], ticks, a.recv(10))

ticks.clear()
p = select.poll()
p.register(a, select.POLLIN)
t = threading.Thread(target=writer)
t.start()
got = p.poll(5000)
t.join()
print("poll woken:", len(got), ticks, a.recv(10))
ep.close()
a.close()
b.close()

print("-- registrations from another thread while epoll waits")
ep = select.epoll()
pairs = [socket.socketpair() for _ in range(4)]
by_fd = {r.fileno(): i for i, (r, w) in enumerate(pairs)}


def register_and_write():
    for i, (r, w) in enumerate(pairs):
        ep.register(r, select.EPOLLIN)   # the kernel's interest list changes under the waiter
        w.send(str(i).encode())
        time.sleep(0.005)


t = threading.Thread(target=register_and_write)
t.start()
seen = set()
while len(seen) < len(pairs):
    for fd, ev in ep.poll(5):
        if fd not in seen:
            seen.add(fd)
            print("ready:", by_fd[fd], ev, pairs[by_fd[fd]][0].recv(10))
t.join()
ep.close()
for r, w in pairs:
    r.close()
    w.close()

print("constants:", select.POLLIN, select.POLLPRI, select.POLLOUT, select.POLLERR, select.POLLHUP,
      select.POLLNVAL, select.EPOLLIN, select.EPOLLOUT, select.EPOLLERR, select.EPOLLHUP,
      select.EPOLLET, select.EPOLLONESHOT, select.EPOLLRDHUP, select.EPOLLEXCLUSIVE, select.error)
