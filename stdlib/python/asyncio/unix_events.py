# asyncio.unix_events: the loop asyncio makes on Unix, _UnixSelectorEventLoop (signal
# handlers through the self-pipe, Unix-domain sockets), and the default policy.

__all__ = ('SelectorEventLoop', 'DefaultEventLoopPolicy')

from asyncio import events
from asyncio import selector_events


class _UnixSelectorEventLoop(selector_events.BaseSelectorEventLoop):
    """Unix event loop: adds signal handling and UNIX Domain Socket support."""

    def __init__(self, selector=None):
        super().__init__(selector)
        self._signal_handlers = {}

    def close(self):
        super().close()
        for sig in list(self._signal_handlers):
            self.remove_signal_handler(sig)

    def _handle_signal(self, sig):
        """Internal helper that is the actual signal handler."""
        handle = self._signal_handlers.get(sig)
        if handle is None:
            return  # Assume it's some race condition.
        if handle._cancelled:
            self.remove_signal_handler(sig)
        else:
            self._add_callback_signalsafe(handle)

    def _add_callback_signalsafe(self, handle):
        self._add_callback(handle)
        self._write_to_self()

    def add_signal_handler(self, sig, callback, *args):
        """Add a handler for a signal; UNIX only. Raise ValueError if the signal number
        is invalid or uncatchable, RuntimeError if there is a problem setting it up."""
        import signal
        from asyncio import coroutines
        if coroutines.iscoroutine(callback) or coroutines.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with add_signal_handler()")
        self._check_signal(sig)
        self._check_closed()
        try:
            # The C handler writes the signal number to the self-pipe; _handle_signal
            # queues the handle from there.
            signal.set_wakeup_fd(self._wakeup_fd())
        except (ValueError, OSError) as exc:
            raise RuntimeError(str(exc))
        handle = events.Handle(callback, args, self, None)
        self._signal_handlers[sig] = handle
        try:
            # A handler that does nothing: the work is done by _handle_signal.
            signal.signal(sig, _sighandler_noop)
            signal.siginterrupt(sig, False)
        except OSError as exc:
            del self._signal_handlers[sig]
            if not self._signal_handlers:
                try:
                    signal.set_wakeup_fd(-1)
                except (ValueError, OSError):
                    pass
            import errno
            if exc.errno == errno.EINVAL:
                raise RuntimeError(f'sig {sig:d} cannot be caught')
            raise

    def remove_signal_handler(self, sig):
        """Remove a handler for a signal; return True if one was removed."""
        import signal
        self._check_signal(sig)
        try:
            del self._signal_handlers[sig]
        except KeyError:
            return False
        handler = signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL
        try:
            signal.signal(sig, handler)
        except OSError as exc:
            import errno
            if exc.errno == errno.EINVAL:
                raise RuntimeError(f'sig {sig:d} cannot be caught')
            raise
        if not self._signal_handlers:
            try:
                signal.set_wakeup_fd(-1)
            except (ValueError, OSError):
                pass
        return True

    def _check_signal(self, sig):
        import signal
        if not isinstance(sig, int):
            raise TypeError(f'sig must be an int, not {sig!r}')
        if sig not in signal.valid_signals():
            raise ValueError(f'invalid signal number {sig}')


def _sighandler_noop(signum, frame):
    """Dummy signal handler."""


SelectorEventLoop = _UnixSelectorEventLoop


class _UnixDefaultEventLoopPolicy(events.BaseDefaultEventLoopPolicy):
    """UNIX event loop policy."""
    _loop_factory = _UnixSelectorEventLoop

    def get_child_watcher(self):
        raise NotImplementedError('child watchers are not supported by gilpy')

    def set_child_watcher(self, watcher):
        raise NotImplementedError('child watchers are not supported by gilpy')


DefaultEventLoopPolicy = _UnixDefaultEventLoopPolicy
