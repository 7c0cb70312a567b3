# asyncio.mixins: _LoopBoundMixin, which binds a lock or a queue to the loop that first
# uses it (since 3.10 they take no loop argument).

import threading

from asyncio import events

_global_lock = threading.Lock()
_marker = object()


class _LoopBoundMixin:
    _loop = None

    def __init__(self, *, loop=_marker):
        if loop is not _marker:
            raise TypeError(f'As of 3.10, the *loop* parameter was removed from {type(self).__name__}() '
                            'since it is no longer necessary')

    def _get_loop(self):
        loop = events._get_running_loop()
        if self._loop is None:
            with _global_lock:
                if self._loop is None:
                    self._loop = loop
        if loop is not self._loop:
            raise RuntimeError(f'{self!r} is bound to a different event loop')
        return loop
