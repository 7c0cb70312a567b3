# The errno module (names, values, errorcode) and OSError(errno, strerror) choosing the
# subclass by errno, as CPython does, whether built from Python or raised by a native.
import errno
import socket

names = [n for n in dir(errno) if n.startswith("E")]
print(len(names), len(errno.errorcode))
print(sorted(names)[:8])
print([(code, name) for code, name in list(errno.errorcode.items())[:6]])
print(errno.EPERM, errno.ENOENT, errno.EINTR, errno.EBADF, errno.EAGAIN, errno.EWOULDBLOCK, errno.EPIPE,
      errno.EINVAL, errno.EADDRINUSE, errno.ECONNRESET, errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EINPROGRESS)
print(errno.errorcode[errno.EAGAIN], errno.errorcode[errno.EDEADLK], errno.errorcode[errno.EOPNOTSUPP])
print(all(errno.errorcode[getattr(errno, n)] in names for n in names))
print(all(getattr(errno, errno.errorcode[c]) == c for c in errno.errorcode))

codes = ["EPERM", "ENOENT", "ESRCH", "EINTR", "ECHILD", "EAGAIN", "EWOULDBLOCK", "EACCES", "EEXIST",
         "ENOTDIR", "EISDIR", "EINVAL", "EPIPE", "EALREADY", "EINPROGRESS", "ECONNABORTED",
         "ECONNRESET", "ESHUTDOWN", "ETIMEDOUT", "ECONNREFUSED", "EADDRINUSE", "EBADF", "ENOTCONN"]
for name in codes:
    e = OSError(getattr(errno, name), "message")
    print(name, type(e).__name__, e.errno == getattr(errno, name), e.strerror, e.args)

e = OSError(errno.ECONNREFUSED, "Connection refused", "file.txt")
print(type(e).__name__, e, e.filename, e.args)
print(type(ConnectionRefusedError(1, "x")).__name__, type(OSError("just text")).__name__)
print(repr(OSError(111, "x")), OSError("one").errno, OSError("one").strerror, OSError().args)
print(issubclass(BlockingIOError, OSError), issubclass(ConnectionRefusedError, ConnectionError),
      issubclass(BrokenPipeError, ConnectionError), issubclass(TimeoutError, OSError))
print(IOError is OSError, EnvironmentError is OSError)

# Raised by natives: the same subclasses.
a, b = socket.socketpair()
b.close()
try:
    a.send(b"x")
    a.send(b"x")
except OSError as exc:
    print("send to a closed peer:", type(exc).__name__, exc.errno == errno.EPIPE, exc)
a.close()
try:
    socket.socket().recv(1)
except OSError as exc:
    print("recv unconnected:", type(exc).__name__, exc.errno, exc.strerror)
try:
    open("no-such-file-here")
except OSError as exc:
    print("open:", type(exc).__name__, exc.errno == errno.ENOENT, exc.filename)
