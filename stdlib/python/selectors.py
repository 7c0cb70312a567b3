"""Selectors: high-level I/O multiplexing over the select module (CPython's API).

A selector maps registered file objects (anything with fileno(), or a descriptor) to a
SelectorKey (fileobj, fd, events, data) and waits for them to become readable
(EVENT_READ) or writable (EVENT_WRITE). SelectSelector sits on select.select,
PollSelector on select.poll, EpollSelector on select.epoll; DefaultSelector is the best
of them on Linux, EpollSelector. The bookkeeping (the fd -> key dict) is shared; each
kind only translates events and waits.
"""

import math
import select

__all__ = ["EVENT_READ", "EVENT_WRITE", "SelectorKey", "BaseSelector", "SelectSelector",
           "PollSelector", "EpollSelector", "DefaultSelector"]

EVENT_READ = 1 << 0
EVENT_WRITE = 1 << 1
_ALL_EVENTS = EVENT_READ | EVENT_WRITE


def _fileobj_to_fd(fileobj):
    """The descriptor of fileobj (an int, or an object with a fileno() method)."""
    if isinstance(fileobj, int):
        fd = fileobj
    else:
        try:
            fd = int(fileobj.fileno())
        except (AttributeError, TypeError, ValueError):
            raise ValueError("Invalid file object: {!r}".format(fileobj)) from None
    if fd < 0:
        raise ValueError("Invalid file descriptor: {}".format(fd))
    return fd


class SelectorKey(tuple):
    """SelectorKey(fileobj, fd, events, data): what a selector keeps for one file object."""

    __slots__ = ()
    _fields = ('fileobj', 'fd', 'events', 'data')

    def __new__(cls, fileobj, fd, events, data):
        return tuple.__new__(cls, (fileobj, fd, events, data))

    fileobj = property(lambda self: self[0], doc="File object registered.")
    fd = property(lambda self: self[1], doc="Underlying file descriptor.")
    events = property(lambda self: self[2], doc="Events that must be waited for on this file object.")
    data = property(lambda self: self[3], doc="Optional opaque data associated to this file object.")

    def _replace(self, **changes):
        values = [changes.pop(name, value) for name, value in zip(self._fields, self)]
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return SelectorKey(*values)

    def _asdict(self):
        return dict(zip(self._fields, self))

    def __repr__(self):
        return "SelectorKey(fileobj=%r, fd=%r, events=%r, data=%r)" % tuple(self)

    def __getnewargs__(self):
        return tuple(self)


class _SelectorMapping:
    """The read-only mapping get_map() returns: file object -> SelectorKey."""

    def __init__(self, selector):
        self._selector = selector

    def __len__(self):
        return len(self._selector._fd_to_key)

    def __getitem__(self, fileobj):
        try:
            return self._selector._fd_to_key[self._selector._fileobj_lookup(fileobj)]
        except KeyError:
            raise KeyError("{!r} is not registered".format(fileobj)) from None

    def __iter__(self):
        return iter(self._selector._fd_to_key)

    def __contains__(self, fileobj):
        try:
            self[fileobj]
        except KeyError:
            return False
        return True

    def get(self, fileobj, default=None):
        try:
            return self[fileobj]
        except KeyError:
            return default

    def keys(self):
        return list(self._selector._fd_to_key)

    def values(self):
        return list(self._selector._fd_to_key.values())

    def items(self):
        return [(fd, key) for fd, key in self._selector._fd_to_key.items()]


class BaseSelector:
    """A selector: register file objects with the events to wait for, then select().

    The base class keeps the registrations; subclasses wait (select) and may watch the
    registrations to keep a kernel object in step (_add, _remove, _change).
    """

    def __init__(self):
        self._fd_to_key = {}
        self._map = _SelectorMapping(self)

    def _fileobj_lookup(self, fileobj):
        # A file object whose fileno() fails (closed already) is found by identity among
        # the registrations, so that it can still be unregistered.
        try:
            return _fileobj_to_fd(fileobj)
        except ValueError:
            for key in self._fd_to_key.values():
                if key.fileobj is fileobj:
                    return key.fd
            raise

    def register(self, fileobj, events, data=None):
        """Register a file object for events; return its SelectorKey."""
        if not events or events & ~_ALL_EVENTS:
            raise ValueError("Invalid events: {!r}".format(events))
        key = SelectorKey(fileobj, self._fileobj_lookup(fileobj), events, data)
        if key.fd in self._fd_to_key:
            raise KeyError("{!r} (FD {}) is already registered".format(fileobj, key.fd))
        self._fd_to_key[key.fd] = key
        return key

    def unregister(self, fileobj):
        """Unregister a file object; return its SelectorKey."""
        try:
            return self._fd_to_key.pop(self._fileobj_lookup(fileobj))
        except KeyError:
            raise KeyError("{!r} is not registered".format(fileobj)) from None

    def modify(self, fileobj, events, data=None):
        """Change the events or the data of a registered file object."""
        try:
            key = self._fd_to_key[self._fileobj_lookup(fileobj)]
        except KeyError:
            raise KeyError(f"{fileobj!r} is not registered") from None
        if events != key.events:
            self.unregister(fileobj)
            return self.register(fileobj, events, data)
        if data != key.data:
            key = key._replace(data=data)
            self._fd_to_key[key.fd] = key
        return key

    def select(self, timeout=None):
        """Wait until some registered file objects are ready or the timeout (seconds)
        passes; return a list of (key, events) pairs."""
        raise NotImplementedError

    def close(self):
        """Forget every registration and free the selector's resources."""
        self._fd_to_key.clear()
        self._map = None

    def get_key(self, fileobj):
        """The SelectorKey of a registered file object."""
        mapping = self.get_map()
        if mapping is None:
            raise RuntimeError('Selector is closed')
        try:
            return mapping[fileobj]
        except KeyError:
            raise KeyError("{!r} is not registered".format(fileobj)) from None

    def get_map(self):
        """A mapping of file objects to their SelectorKeys (None once closed)."""
        return self._map

    def _key_from_fd(self, fd):
        return self._fd_to_key.get(fd)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


class SelectSelector(BaseSelector):
    """A selector on select.select()."""

    def __init__(self):
        super().__init__()
        self._readers = set()
        self._writers = set()

    def register(self, fileobj, events, data=None):
        key = super().register(fileobj, events, data)
        if events & EVENT_READ:
            self._readers.add(key.fd)
        if events & EVENT_WRITE:
            self._writers.add(key.fd)
        return key

    def unregister(self, fileobj):
        key = super().unregister(fileobj)
        self._readers.discard(key.fd)
        self._writers.discard(key.fd)
        return key

    def select(self, timeout=None):
        if timeout is not None:
            timeout = max(timeout, 0)
        try:
            readable, writable, _ = select.select(self._readers, self._writers, [], timeout)
        except InterruptedError:
            return []
        readable = set(readable)
        writable = set(writable)
        ready = []
        for fd in readable | writable:
            key = self._key_from_fd(fd)
            if key:
                events = (EVENT_READ if fd in readable else 0) | (EVENT_WRITE if fd in writable else 0)
                ready.append((key, events & key.events))
        return ready


class _KernelSelector(BaseSelector):
    """A selector whose registrations live in a kernel-side object too (poll, epoll).
    Subclasses name the object's type and its read and write event bits."""

    _poller_type = None
    _READ = 0
    _WRITE = 0

    def __init__(self):
        super().__init__()
        self._selector = self._poller_type()

    def _poller_events(self, events):
        return (self._READ if events & EVENT_READ else 0) | (self._WRITE if events & EVENT_WRITE else 0)

    def register(self, fileobj, events, data=None):
        key = super().register(fileobj, events, data)
        try:
            self._selector.register(key.fd, self._poller_events(events))
        except BaseException:
            super().unregister(fileobj)
            raise
        return key

    def unregister(self, fileobj):
        key = super().unregister(fileobj)
        try:
            self._selector.unregister(key.fd)
        except OSError:
            pass  # the descriptor may have been closed already
        return key

    def modify(self, fileobj, events, data=None):
        try:
            key = self._fd_to_key[self._fileobj_lookup(fileobj)]
        except KeyError:
            raise KeyError(f"{fileobj!r} is not registered") from None
        changed = False
        if events != key.events:
            try:
                self._selector.modify(key.fd, self._poller_events(events))
            except BaseException:
                super().unregister(fileobj)
                raise
            changed = True
        if data != key.data:
            changed = True
        if changed:
            key = key._replace(events=events, data=data)
            self._fd_to_key[key.fd] = key
        return key

    def _wait(self, timeout):
        raise NotImplementedError

    def select(self, timeout=None):
        try:
            fd_events = self._wait(timeout)
        except InterruptedError:
            return []
        ready = []
        for fd, event in fd_events:
            key = self._key_from_fd(fd)
            if key:
                # Error and hang-up bits wake both readers and writers.
                events = (EVENT_WRITE if event & ~self._READ else 0) | (EVENT_READ if event & ~self._WRITE else 0)
                ready.append((key, events & key.events))
        return ready


class PollSelector(_KernelSelector):
    """A selector on select.poll()."""

    _poller_type = select.poll
    _READ = select.POLLIN
    _WRITE = select.POLLOUT

    def _wait(self, timeout):
        # poll() takes milliseconds, rounded up so that a short timeout still waits.
        if timeout is not None:
            timeout = 0 if timeout <= 0 else math.ceil(timeout * 1e3)
        return self._selector.poll(timeout)


class EpollSelector(_KernelSelector):
    """A selector on select.epoll()."""

    _poller_type = select.epoll
    _READ = select.EPOLLIN
    _WRITE = select.EPOLLOUT

    def fileno(self):
        return self._selector.fileno()

    def _wait(self, timeout):
        if timeout is None:
            timeout = -1
        elif timeout <= 0:
            timeout = 0
        else:
            timeout = math.ceil(timeout * 1e3) * 1e-3  # whole milliseconds, rounded up
        # epoll_wait refuses maxevents 0, so ask for at least one.
        return self._selector.poll(timeout, max(len(self._fd_to_key), 1))

    def close(self):
        self._selector.close()
        super().close()


DefaultSelector = EpollSelector
