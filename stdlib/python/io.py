"""io: the stream tools (gilpy's frozen io, on the native _io of stdlib/io.cpp).

The files open() returns are one native type (_io.TextIOWrapper, binary or text by its
mode) and io.StringIO another. This module adds the abstract base classes that Python
code subclasses (IOBase, RawIOBase, BufferedIOBase, TextIOBase; the native files count
as instances of the fitting ones), BytesIO, and BufferedReader/BufferedWriter wrappers
over a raw stream (gzip and zipfile wrap theirs so).
"""
import abc
import _io
from _io import (DEFAULT_BUFFER_SIZE, SEEK_CUR, SEEK_END, SEEK_SET, StringIO,
                 UnsupportedOperation, open)
from _io import TextIOWrapper as _NativeFile

__all__ = ["BlockingIOError", "open", "open_code", "IOBase", "RawIOBase", "FileIO", "BytesIO",
           "StringIO", "BufferedIOBase", "BufferedReader", "BufferedWriter", "BufferedRWPair",
           "BufferedRandom", "TextIOBase", "TextIOWrapper", "UnsupportedOperation", "SEEK_SET",
           "SEEK_CUR", "SEEK_END", "DEFAULT_BUFFER_SIZE", "text_encoding"]

BlockingIOError = BlockingIOError


def open_code(path):
    """Opens the provided file with the intent to import the contents."""
    if not isinstance(path, str):
        raise TypeError(f"open_code() argument 'path' must be str, not {type(path).__name__}")
    return open(path, "rb")


def text_encoding(encoding, stacklevel=2):
    """The encoding open() uses when given `encoding` ("locale" for None)."""
    return "locale" if encoding is None else encoding


def _native_kind(obj):
    """'text' or 'binary' for gilpy's native streams, else None."""
    t = type(obj)
    if issubclass(t, StringIO):
        return "text"
    if issubclass(t, _NativeFile):
        return "binary" if "b" in obj.mode else "text"
    return None


class _IOMeta(abc.ABCMeta):
    # The native file type serves text and binary files alike, so which base classes an
    # instance belongs to is decided per object (by _kinds on the class itself).
    def __instancecheck__(cls, obj):
        kinds = cls.__dict__.get("_kinds")
        if kinds is not None:
            kind = _native_kind(obj)
            if kind is not None:
                return kind in kinds
        return super().__instancecheck__(obj)


def _unsupported(name):
    raise UnsupportedOperation(name)


class IOBase(metaclass=_IOMeta):
    """The abstract base class for all I/O classes."""

    _kinds = ("text", "binary")
    __closed = False

    # Positioning (unsupported unless a subclass says otherwise).
    def seek(self, pos, whence=0):
        _unsupported("seek")

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, pos=None):
        _unsupported("truncate")

    # Flushing and closing.
    def flush(self):
        self._checkClosed()

    def close(self):
        if not self.__closed:
            try:
                self.flush()
            finally:
                self.__closed = True

    def __del__(self):
        try:
            closed = self.closed
        except AttributeError:
            return
        if not closed:
            try:
                self.close()
            except Exception:
                pass

    @property
    def closed(self):
        return self.__closed

    # Capabilities.
    def seekable(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return False

    def _checkClosed(self, msg=None):
        if self.closed:
            raise ValueError("I/O operation on closed file." if msg is None else msg)

    def _checkSeekable(self, msg=None):
        if not self.seekable():
            raise UnsupportedOperation("File or stream is not seekable." if msg is None else msg)

    def _checkReadable(self, msg=None):
        if not self.readable():
            raise UnsupportedOperation("File or stream is not readable." if msg is None else msg)

    def _checkWritable(self, msg=None):
        if not self.writable():
            raise UnsupportedOperation("File or stream is not writable." if msg is None else msg)

    # Context manager and iteration.
    def __enter__(self):
        self._checkClosed()
        return self

    def __exit__(self, *args):
        self.close()

    def fileno(self):
        _unsupported("fileno")

    def isatty(self):
        self._checkClosed()
        return False

    def readline(self, size=-1):
        """Read and return a line of bytes from the stream (at most size bytes)."""
        if size is None:
            size = -1
        peek = getattr(self, "peek", None)
        out = bytearray()
        while size < 0 or len(out) < size:
            n = 1
            if peek is not None:
                ahead = peek(1)
                if not ahead:
                    break
                end = ahead.find(b"\n") + 1 or len(ahead)
                n = end if size < 0 else min(end, size - len(out))
            chunk = self.read(n)
            if not chunk:
                break
            out += chunk
            if out.endswith(b"\n"):
                break
        return bytes(out)

    def __iter__(self):
        self._checkClosed()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readlines(self, hint=None):
        if hint is None or hint <= 0:
            return list(self)
        lines, total = [], 0
        for line in self:
            lines.append(line)
            total += len(line)
            if total >= hint:
                break
        return lines

    def writelines(self, lines):
        self._checkClosed()
        for line in lines:
            self.write(line)


class RawIOBase(IOBase):
    """Base class for raw binary I/O."""

    _kinds = ()

    def read(self, size=-1):
        if size is None:
            size = -1
        if size < 0:
            return self.readall()
        buf = bytearray(size)
        n = self.readinto(buf)
        if n is None:
            return None
        del buf[n:]
        return bytes(buf)

    def readall(self):
        out = bytearray()
        while True:
            data = self.read(DEFAULT_BUFFER_SIZE)
            if not data:
                break
            out += data
        if data is None and not out:
            return None
        return bytes(out)

    def readinto(self, b):
        _unsupported("readinto")

    def write(self, b):
        _unsupported("write")


class BufferedIOBase(IOBase):
    """Base class for buffered binary I/O."""

    _kinds = ("binary",)

    def read(self, size=-1):
        _unsupported("read")

    def read1(self, size=-1):
        _unsupported("read1")

    def write(self, b):
        _unsupported("write")

    def detach(self):
        _unsupported("detach")

    def _readinto(self, b, read):
        view = memoryview(b).cast("B")
        data = read(len(view))
        n = len(data)
        view[:n] = data
        return n

    def readinto(self, b):
        return self._readinto(b, self.read)

    def readinto1(self, b):
        return self._readinto(b, self.read1)


class TextIOBase(IOBase):
    """Base class for text I/O."""

    _kinds = ("text",)

    def read(self, size=-1):
        _unsupported("read")

    def write(self, s):
        _unsupported("write")

    def truncate(self, pos=None):
        _unsupported("truncate")

    def readline(self):
        _unsupported("readline")

    def detach(self):
        _unsupported("detach")

    @property
    def encoding(self):
        return None

    @property
    def newlines(self):
        return None

    @property
    def errors(self):
        return None


IOBase.register(_NativeFile)
IOBase.register(StringIO)


class BytesIO(BufferedIOBase):
    """Buffered I/O implementation using an in-memory bytes buffer."""

    _kinds = None

    def __init__(self, initial_bytes=None):
        self._buffer = bytearray(initial_bytes) if initial_bytes is not None else bytearray()
        self._pos = 0

    def getvalue(self):
        self._checkClosed()
        return bytes(self._buffer)

    def getbuffer(self):
        self._checkClosed()
        return memoryview(self._buffer)

    def read(self, size=-1):
        self._checkClosed()
        if size is None or size < 0:
            size = len(self._buffer)
        start = min(self._pos, len(self._buffer))
        data = bytes(self._buffer[start:start + size])
        self._pos = start + len(data)
        return data

    read1 = read

    def readline(self, size=-1):
        self._checkClosed()
        start = min(self._pos, len(self._buffer))
        end = self._buffer.find(b"\n", start)
        end = len(self._buffer) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, start + size)
        self._pos = end
        return bytes(self._buffer[start:end])

    def write(self, b):
        self._checkClosed()
        data = memoryview(b).cast("B").tobytes() if not isinstance(b, (bytes, bytearray)) else b
        n = len(data)
        if self._pos > len(self._buffer):
            self._buffer += bytes(self._pos - len(self._buffer))
        self._buffer[self._pos:self._pos + n] = data
        self._pos += n
        return n

    def seek(self, pos, whence=0):
        self._checkClosed()
        if whence == 0:
            if pos < 0:
                raise ValueError(f"negative seek value {pos}")
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, len(self._buffer) + pos)
        else:
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        return self._pos

    def tell(self):
        self._checkClosed()
        return self._pos

    def truncate(self, pos=None):
        self._checkClosed()
        if pos is None:
            pos = self._pos
        if pos < 0:
            raise ValueError(f"negative size value {pos}")
        del self._buffer[pos:]
        return pos

    def readable(self):
        self._checkClosed()
        return True

    writable = seekable = readable


class BufferedReader(BufferedIOBase):
    """A buffer over a readable raw stream."""

    _kinds = None

    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        if buffer_size <= 0:
            raise ValueError("buffer size must be strictly positive")
        self.raw = raw
        self.buffer_size = buffer_size
        self._buf = b""

    def _fill(self):
        data = self.raw.read(self.buffer_size)
        if data:
            self._buf += data
        return bool(data)

    def peek(self, size=0):
        self._checkClosed()
        if not self._buf:
            self._fill()
        return self._buf

    def read(self, size=-1):
        self._checkClosed()
        if size is None or size < 0:
            rest = self.raw.read()
            data, self._buf = self._buf + (rest or b""), b""
            return data
        while len(self._buf) < size and self._fill():
            pass
        data, self._buf = self._buf[:size], self._buf[size:]
        return data

    def read1(self, size=-1):
        self._checkClosed()
        if not self._buf:
            self._fill()
        if size is None or size < 0:
            size = len(self._buf)
        data, self._buf = self._buf[:size], self._buf[size:]
        return data

    def seek(self, pos, whence=0):
        if whence == 1:
            pos -= len(self._buf)
        self._buf = b""
        return self.raw.seek(pos, whence)

    def tell(self):
        return self.raw.tell() - len(self._buf)

    def readable(self):
        return self.raw.readable()

    def seekable(self):
        return self.raw.seekable()

    def fileno(self):
        return self.raw.fileno()

    def close(self):
        if not self.closed:
            self.raw.close()

    @property
    def closed(self):
        return self.raw.closed

    def detach(self):
        raw, self.raw = self.raw, None
        return raw


class BufferedWriter(BufferedIOBase):
    """A buffer over a writable raw stream (writes go straight through)."""

    _kinds = None

    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        self.raw = raw
        self.buffer_size = buffer_size

    def write(self, b):
        self._checkClosed()
        return self.raw.write(b)

    def flush(self):
        self._checkClosed()
        flush = getattr(self.raw, "flush", None)
        if flush is not None:
            flush()

    def writable(self):
        return self.raw.writable()

    def seekable(self):
        return self.raw.seekable()

    def seek(self, pos, whence=0):
        return self.raw.seek(pos, whence)

    def tell(self):
        return self.raw.tell()

    def fileno(self):
        return self.raw.fileno()

    def close(self):
        if not self.closed:
            try:
                self.flush()
            finally:
                self.raw.close()

    @property
    def closed(self):
        return self.raw.closed

    def detach(self):
        raw, self.raw = self.raw, None
        return raw


class TextIOWrapper(TextIOBase):
    """Text over a binary buffer (tokenize.open and linecache wrap theirs so): decodes as it
    reads, with universal newlines when newline is None; encodes as it writes. The text
    files open() returns are native and count as instances too."""

    _kinds = ("text",)
    _CHUNK = 8192

    def __init__(self, buffer, encoding=None, errors=None, newline=None, line_buffering=False,
                 write_through=False):
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError(f"illegal newline value: {newline!r}")
        import codecs
        if encoding is None or encoding == "locale":
            encoding = "utf-8"
        codecs.lookup(encoding)
        self.buffer = buffer
        self._encoding = encoding
        self._errors = errors or "strict"
        self._newline = newline
        self.line_buffering = line_buffering
        self.write_through = write_through
        self._decoder = codecs.getincrementaldecoder(encoding)(self._errors)
        self._pending = ""  # decoded text not yet returned
        self._eof = False

    encoding = property(lambda self: self._encoding)
    errors = property(lambda self: self._errors)
    closed = property(lambda self: self.buffer.closed)
    name = property(lambda self: self.buffer.name)

    def readable(self):
        return self.buffer.readable()

    def writable(self):
        return self.buffer.writable()

    def seekable(self):
        return self.buffer.seekable()

    def fileno(self):
        return self.buffer.fileno()

    def isatty(self):
        return self.buffer.isatty()

    def flush(self):
        self.buffer.flush()

    def close(self):
        if not self.buffer.closed:
            try:
                self.flush()
            finally:
                self.buffer.close()

    def detach(self):
        buffer, self.buffer = self.buffer, None
        return buffer

    def _fill(self):
        """Decodes one more chunk into _pending; False at the end of the buffer."""
        if self._eof:
            return False
        data = self.buffer.read(self._CHUNK)
        self._eof = not data
        text = self._decoder.decode(data, final=self._eof)
        if self._newline is None:
            # A '\r' at the end of a chunk may begin a '\r\n' split across chunks.
            if text.endswith("\r") and not self._eof:
                more = self.buffer.read(1)
                text += self._decoder.decode(more, final=not more)
                self._eof = not more
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._pending += text
        return True

    def read(self, size=-1):
        self._checkClosed()
        if size is None or size < 0:
            while self._fill():
                pass
            text, self._pending = self._pending, ""
            return text
        while len(self._pending) < size and self._fill():
            pass
        text, self._pending = self._pending[:size], self._pending[size:]
        return text

    def readline(self, size=-1):
        self._checkClosed()
        end = "\n" if self._newline in (None, "") else self._newline
        while True:
            i = self._pending.find(end)
            if i >= 0 or not self._fill():
                break
        i = self._pending.find(end)
        n = len(self._pending) if i < 0 else i + len(end)
        if size is not None and 0 <= size < n:
            n = size
        line, self._pending = self._pending[:n], self._pending[n:]
        return line

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def write(self, s):
        self._checkClosed()
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        text = s if self._newline in (None, "", "\n") else s.replace("\n", self._newline)
        self.buffer.write(text.encode(self._encoding, self._errors))
        if self.line_buffering and ("\n" in s or "\r" in s):
            self.flush()
        return len(s)

    def seek(self, cookie, whence=0):
        self._checkClosed()
        if whence == SEEK_CUR and cookie == 0:
            return self.tell()
        position = self.buffer.seek(cookie, whence)
        self._decoder.reset()
        self._pending = ""
        self._eof = False
        return position

    def tell(self):
        if self._pending:
            raise UnsupportedOperation("can't tell a position in the middle of decoded text")
        return self.buffer.tell()

    def __repr__(self):
        try:
            name = self.name
        except AttributeError:
            return f"<_io.TextIOWrapper encoding={self._encoding!r}>"
        return f"<_io.TextIOWrapper name={name!r} encoding={self._encoding!r}>"


# The classes CPython layers under open(): here the one native file type does their work.
FileIO = BufferedRandom = BufferedRWPair = _NativeFile
