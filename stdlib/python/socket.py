"""The socket module: BSD sockets for gilpy, CPython's API.

The work is done by the native _socket module (stdlib/socket_module.cpp): the socket
type, the constants, the resolver. This file adds what CPython also writes in Python:
socket.socket (a subclass of _socket.socket with accept() returning a socket, dup(),
makefile(), the context manager and CPython's repr), socketpair(), fromfd(),
create_connection(), create_server(), getaddrinfo() with enum-like results, getfqdn().

CPython makes the AF_*, SOCK_*, MSG_* and AI_* constants IntEnum members; importing enum
would cost every `import socket` (and asyncio's streams) about 7 ms, so here they are
members of small int subclasses (AddressFamily, SocketKind, MsgFlag, AddressInfo) that
print as CPython 3.11's IntEnum members do: repr <AddressFamily.AF_INET: 2>, str and
format as the plain int; they compare and hash as ints, and arithmetic on them gives
plain ints.
"""

import _socket
from _socket import *

__all__ = ["fromfd", "getfqdn", "create_connection", "create_server",
           "has_dualstack_ipv6", "AddressFamily", "SocketKind"]
__all__.extend(name for name in dir(_socket) if not name.startswith('_'))

_GLOBAL_DEFAULT_TIMEOUT = object()


class _IntConstant(int):
    """An int with a name, printed as an IntEnum member (see the module docstring)."""

    _members = {}   # each subclass has its own: value -> member (the first name wins)

    def __new__(cls, value):
        member = cls._members.get(value)
        if member is None:
            raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")
        return member

    def __repr__(self):
        return f"<{type(self).__name__}.{self.name}: {int(self)}>"

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, spec):
        return format(int(self), spec)

    def __reduce_ex__(self, protocol):
        return type(self), (int(self),)

    @property
    def name(self):
        return type(self)._names[int(self)]

    @property
    def value(self):
        return int(self)


class AddressFamily(_IntConstant):
    _members = {}
    _names = {}


class SocketKind(_IntConstant):
    _members = {}
    _names = {}


class MsgFlag(_IntConstant):
    _members = {}
    _names = {}


class AddressInfo(_IntConstant):
    _members = {}
    _names = {}


def _adopt_constants(cls, prefix):
    # Every _socket constant named PREFIX... becomes a member of cls, here and as a class
    # attribute. As in enum's _convert_, members are taken in (value, name) order, so of
    # two names for one value the smaller name is the member's own.
    found = sorted((value, name) for name, value in vars(_socket).items()
                   if name.startswith(prefix) and name.isupper())
    namespace = globals()
    for value, name in found:
        member = cls._members.get(value)
        if member is None:
            member = int.__new__(cls, value)
            cls._members[value] = member
            cls._names[value] = name
        setattr(cls, name, member)
        namespace[name] = member


_adopt_constants(AddressFamily, 'AF_')
_adopt_constants(SocketKind, 'SOCK_')
_adopt_constants(MsgFlag, 'MSG_')
_adopt_constants(AddressInfo, 'AI_')


def _intenum_converter(value, enum_klass):
    try:
        return enum_klass(value)
    except ValueError:
        return value


class socket(_socket.socket):
    """A subclass of _socket.socket adding the makefile() method."""

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None:
            if family == -1:
                family = AF_INET
            if type == -1:
                type = SOCK_STREAM
            if proto == -1:
                proto = 0
        _socket.socket.__init__(self, family, type, proto, fileno)
        self._io_refs = 0
        self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *args):
        if not self._closed:
            self.close()

    def __repr__(self):
        closed = getattr(self, '_closed', False)
        text = "<%s.%s%s fd=%i, family=%s, type=%s, proto=%i" % (
            self.__class__.__module__, self.__class__.__qualname__,
            " [closed]" if closed else "", self.fileno(),
            self.family, self.type, self.proto)
        if not closed:
            for what, get in (("laddr", self.getsockname), ("raddr", self.getpeername)):
                try:
                    address = get()
                except error:
                    continue
                if address:
                    text += ", %s=%s" % (what, str(address))
        return text + ">"

    def __getstate__(self):
        raise TypeError(f"cannot pickle {self.__class__.__name__!r} object")

    def dup(self):
        """Duplicate the socket: a new socket object over a copy of the descriptor."""
        copy = self.__class__(self.family, self.type, self.proto, fileno=_socket.dup(self.fileno()))
        copy.settimeout(self.gettimeout())
        return copy

    def accept(self):
        """Wait for an incoming connection: return (a new socket, the peer's address)."""
        fd, addr = self._accept()
        sock = socket(self.family, self.type, self.proto, fileno=fd)
        # A listening socket with a timeout hands out blocking sockets when no default
        # timeout is set (CPython's rule).
        if getdefaulttimeout() is None and self.gettimeout():
            sock.setblocking(True)
        return sock, addr

    def makefile(self, mode="r", buffering=None, *, encoding=None, errors=None, newline=None):
        """A file object reading and/or writing the socket (modes r, w, rw, rb, wb, rwb)."""
        if not set(mode) <= {"r", "w", "b"}:
            raise ValueError("invalid mode %r (only r, w, b allowed)" % (mode,))
        reading = "r" in mode
        writing = "w" in mode or not reading
        binary = "b" in mode
        if not binary and buffering == 0:
            raise ValueError("unbuffered streams must be binary")
        return _SocketFile(self, reading, writing, binary, buffering,
                           encoding or "utf-8", errors or "strict", newline)

    def _decref_socketios(self):
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def _real_close(self, _close=_socket.socket.close):
        _close(self)

    def close(self):
        self._closed = True
        if self._io_refs <= 0:
            self._real_close()

    def detach(self):
        """Give up the descriptor without closing it, and return it."""
        self._closed = True
        return super().detach()

    @property
    def family(self):
        """Read-only access to the address family for this socket."""
        return _intenum_converter(super().family, AddressFamily)

    @property
    def type(self):
        """Read-only access to the socket type."""
        return _intenum_converter(super().type, SocketKind)


SocketType = _socket.socket


class _SocketFile:
    """What socket.makefile() returns: a buffered stream over a socket, binary (bytes) or
    text (str, encoded; "\\r\\n" read as "\\n"). Writes wait in a buffer until it holds
    8 KiB or until flush() or close(), as CPython's BufferedWriter. The socket stays open
    until every file made from it is closed too."""

    _BUFFER_SIZE = 8192

    def __init__(self, sock, reading, writing, binary, buffering, encoding, errors, newline):
        self._sock = sock
        self._reading = reading
        self._writing = writing
        self._binary = binary
        self._unbuffered = buffering == 0
        self._encoding = encoding
        self._errors = errors
        self._newline = newline
        self._rbuf = b""
        self._wbuf = []
        self._wlen = 0
        self._eof = False
        self._closed = False
        self.mode = ("r" if reading else "") + ("w" if writing else "") + ("b" if binary else "")
        sock._io_refs += 1

    # -- state --
    @property
    def closed(self):
        return self._closed

    @property
    def name(self):
        return self._sock.fileno() if not self._closed else -1

    def fileno(self):
        self._check_open()
        return self._sock.fileno()

    def readable(self):
        self._check_open()
        return self._reading

    def writable(self):
        self._check_open()
        return self._writing

    def seekable(self):
        return False

    def _check_open(self):
        if self._closed:
            raise ValueError("I/O operation on closed file.")

    def _check_reading(self):
        self._check_open()
        if not self._reading:
            raise OSError("File or stream is not readable.")

    # -- reading --
    def _fill(self):
        # One recv into the read buffer; False at end of stream.
        if self._eof:
            return False
        data = self._sock.recv(self._BUFFER_SIZE)  # EINTR is retried inside (PEP 475)
        if not data:
            self._eof = True
            return False
        self._rbuf += data
        return True

    def _take(self, n):
        data, self._rbuf = self._rbuf[:n], self._rbuf[n:]
        return data

    def _read_bytes(self, size):
        if size is None or size < 0:
            while self._fill():
                pass
            return self._take(len(self._rbuf))
        while len(self._rbuf) < size and self._fill():
            pass
        return self._take(size)

    def _readline_bytes(self, limit):
        while True:
            end = self._rbuf.find(b"\n")
            if end >= 0:
                end += 1
                break
            if 0 <= limit <= len(self._rbuf) or not self._fill():
                end = len(self._rbuf)
                break
        if 0 <= limit < end:
            end = limit
        return self._take(end)

    def _decode(self, data):
        text = data.decode(self._encoding, self._errors)
        if self._newline is None:
            text = text.replace("\r\n", "\n")
        return text

    def read(self, size=-1):
        self._check_reading()
        if self._binary:
            return self._read_bytes(size)
        if size is None or size < 0:
            return self._decode(self._read_bytes(-1))
        # Whole characters: read on until `size` of them decode (or the stream ends).
        while True:
            text = self._rbuf.decode(self._encoding, "ignore")
            if len(text) >= size or not self._fill():
                break
        text = self._rbuf.decode(self._encoding, "ignore")[:size]
        self._take(len(text.encode(self._encoding)))
        return self._decode(text.encode(self._encoding))

    def readline(self, size=-1):
        self._check_reading()
        if size is None:
            size = -1
        line = self._readline_bytes(size)
        return line if self._binary else self._decode(line)

    def readlines(self, hint=-1):
        lines = []
        total = 0
        for line in self:
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    def readinto(self, buffer):
        raise TypeError("readinto() needs a writable buffer (no bytearray in gilpy yet)")

    def __iter__(self):
        self._check_open()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    # -- writing --
    def write(self, data):
        self._check_open()
        if not self._writing:
            raise OSError("File or stream is not writable.")
        if self._binary:
            if not isinstance(data, bytes):
                raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)
            raw = data
        else:
            if not isinstance(data, str):
                raise TypeError("write() argument must be str, not %s" % type(data).__name__)
            raw = data.encode(self._encoding, self._errors)
        self._wbuf.append(raw)
        self._wlen += len(raw)
        if self._unbuffered or self._wlen >= self._BUFFER_SIZE:
            self.flush()
        return len(data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._check_open()
        if self._wbuf:
            data = b"".join(self._wbuf)
            self._wbuf = []
            self._wlen = 0
            self._sock.sendall(data)

    # -- closing --
    def close(self):
        if self._closed:
            return
        try:
            if self._writing and self._wbuf:
                self.flush()
        finally:
            self._closed = True
            self._sock._decref_socketios()
            self._sock = None

    def __enter__(self):
        self._check_open()
        return self

    def __exit__(self, *args):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def fromfd(fd, family, type, proto=0):
    """A socket object over a duplicate of the descriptor fd."""
    return socket(family, type, proto, _socket.dup(fd))


def socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0):
    """Two connected socket objects (AF_UNIX, SOCK_STREAM by default)."""
    a, b = _socket.socketpair(family, type, proto)
    a = socket(family, type, proto, a.detach())
    b = socket(family, type, proto, b.detach())
    return a, b


def create_connection(address, timeout=_GLOBAL_DEFAULT_TIMEOUT, source_address=None, *, all_errors=False):
    """Connect to address (host, port), trying each address the name resolves to, and
    return the socket. Raises the first connection error when none succeeds (all of
    them in an ExceptionGroup with all_errors=True)."""
    host, port = address
    errors = []
    for family, kind, proto, canonname, sockaddr in getaddrinfo(host, port, 0, SOCK_STREAM):
        sock = None
        try:
            sock = socket(family, kind, proto)
            if timeout is not _GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            errors.clear()
            return sock
        except error as exc:
            errors.append(exc)
            if sock is not None:
                sock.close()
    if errors:
        try:
            if all_errors:
                raise ExceptionGroup("create_connection failed", errors)
            raise errors[0]
        finally:
            errors.clear()   # no reference cycle through the traceback
    raise error("getaddrinfo returns an empty list")


def has_dualstack_ipv6():
    """Whether a socket can accept both IPv4 and IPv6 connections on this platform."""
    try:
        with socket(AF_INET6, SOCK_STREAM) as sock:
            sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)
            return True
    except error:
        return False


def create_server(address, *, family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False):
    """A listening TCP socket bound to address, with SO_REUSEADDR set."""
    if reuse_port and not hasattr(_socket, "SO_REUSEPORT"):
        raise ValueError("SO_REUSEPORT not supported on this platform")
    if dualstack_ipv6:
        if not has_dualstack_ipv6():
            raise ValueError("dualstack_ipv6 not supported on this platform")
        if family != AF_INET6:
            raise ValueError("dualstack_ipv6 requires AF_INET6 family")
    sock = socket(family, SOCK_STREAM)
    try:
        try:
            sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
        except error:
            pass
        if reuse_port:
            sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)
        if family == AF_INET6:
            sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0 if dualstack_ipv6 else 1)
        try:
            sock.bind(address)
        except error as err:
            message = '%s (while attempting to bind on address %r)' % (err.strerror, address)
            raise error(err.errno, message) from None
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
        return sock
    except error:
        sock.close()
        raise


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """Resolve host and port into a list of
    (family, type, proto, canonname, sockaddr) tuples."""
    return [(_intenum_converter(af, AddressFamily), _intenum_converter(kind, SocketKind),
             protocol, canonname, sockaddr)
            for af, kind, protocol, canonname, sockaddr
            in _socket.getaddrinfo(host, port, family, type, proto, flags)]


def getfqdn(name=''):
    """The fully qualified domain name for name (this host when empty)."""
    name = name.strip()
    if not name or name in ('0.0.0.0', '::'):
        name = gethostname()
    try:
        hostname, aliases, _ = gethostbyaddr(name)
    except error:
        return name
    for candidate in [hostname] + aliases:
        if '.' in candidate:
            return candidate
    return hostname
