# asyncio.base_events: BaseEventLoop, the event loop every asyncio loop is. Its core is
# native (_asyncio.Loop: the ready queue, timers, epoll, call_soon/call_later/call_at,
# run_forever, stop, close); this adds what is not on a hot path: run_until_complete,
# tasks and futures, executors, async generators' shutdown, exception handling, and
# (in selector_events) sockets, connections and servers.

__all__ = ('BaseEventLoop',)

import sys

import _asyncio
from asyncio import coroutines
from asyncio import events
from asyncio import exceptions
from asyncio import futures
from asyncio import tasks
from asyncio.format_helpers import _format_callback_source


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            # Issue #22429: run_forever() already finished, no need to stop it.
            return
    futures._get_loop(fut).stop()


def _log_error(message, exception=None):
    """logger.error(message, exc_info=exception) on the 'asyncio' logger, as CPython's
    loop does. With no logging module (or none configured) that is what logging's
    last-resort handler prints: the message, then the traceback, on stderr."""
    try:
        import logging
    except ImportError:
        text = message
        if exception is not None:
            text += '\n' + _asyncio._format_exception(exception).rstrip('\n')
        sys.stdout.flush()
        sys.stderr.write(text + '\n')
        sys.stderr.flush()
        return
    exc_info = (type(exception), exception, exception.__traceback__) if exception is not None else False
    logging.getLogger('asyncio').error(message, exc_info=exc_info)


class BaseEventLoop(_asyncio.Loop, events.AbstractEventLoop):

    def __init__(self):
        self._default_executor = None
        self._exception_handler = None
        self._asyncgens_shutdown_called = False
        self._executor_shutdown_called = False
        self._current_handle = None
        self.slow_callback_duration = 0.1
        self.set_debug(coroutines._is_debug_mode())

    def __repr__(self):
        return (f'<{self.__class__.__name__} running={self.is_running()} '
                f'closed={self.is_closed()} debug={self.get_debug()}>')

    # ---- futures and tasks ----

    # create_task, set_task_factory and get_task_factory are native (_asyncio.Loop).

    def run_until_complete(self, future):
        """Run until the Future is done; return its result or raise its exception."""
        self._check_closed()
        if self.is_running():
            raise RuntimeError('This event loop is already running')
        if events._get_running_loop() is not None:
            raise RuntimeError('Cannot run the event loop while another loop is running')
        new_task = not futures.isfuture(future)
        future = tasks.ensure_future(future, loop=self)
        if new_task:
            # An exception raised by a task made here is raised by this call: not logged.
            future._log_destroy_pending = False
        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except:
            if new_task and future.done() and not future.cancelled():
                # The task failed and so did run_forever (KeyboardInterrupt, SystemExit):
                # mark its exception retrieved.
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError('Event loop stopped before Future completed.')
        return future.result()

    def close(self):
        """Close the loop: drops pending callbacks, shuts the default executor down
        without waiting. A running loop cannot be closed."""
        if self.is_running():
            raise RuntimeError('Cannot close a running event loop')
        if self.is_closed():
            return
        self._executor_shutdown_called = True
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)
        super().close()

    # ---- async generators ----

    def _asyncgen_finalizer_hook(self, agen):
        if not self.is_closed():
            self.call_soon_threadsafe(self.create_task, agen.aclose())

    def _asyncgen_firstiter_hook(self, agen):
        pass

    async def shutdown_asyncgens(self):
        """Shutdown all active asynchronous generators."""
        self._asyncgens_shutdown_called = True

    # ---- executors ----

    async def shutdown_default_executor(self):
        """Schedule the shutdown of the default executor and wait for it."""
        self._executor_shutdown_called = True
        if self._default_executor is None:
            return
        future = self.create_future()
        import threading
        thread = threading.Thread(target=self._do_shutdown, args=(future,))
        thread.start()
        try:
            await future
        finally:
            thread.join()

    def _do_shutdown(self, future):
        try:
            self._default_executor.shutdown(wait=True)
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_result, None)
        except Exception as ex:
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_exception, ex)

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        if self._debug:
            self._check_callback(func, 'run_in_executor')
        if executor is None:
            executor = self._default_executor
            # Only check when the default executor is being used
            self._check_default_executor()
            if executor is None:
                import concurrent.futures
                executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix='asyncio')
                self._default_executor = executor
        return futures.wrap_future(executor.submit(func, *args), loop=self)

    def set_default_executor(self, executor):
        import concurrent.futures
        if not isinstance(executor, concurrent.futures.ThreadPoolExecutor):
            raise TypeError('executor must be ThreadPoolExecutor')
        self._default_executor = executor

    def _check_default_executor(self):
        if self._executor_shutdown_called:
            raise RuntimeError('Executor shutdown has been called')

    def _check_callback(self, callback, method):
        if coroutines.iscoroutine(callback) or coroutines.iscoroutinefunction(callback):
            raise TypeError(f"coroutines cannot be used with {method}()")
        if not callable(callback):
            raise TypeError(f'a callable object was expected by {method}(), got {callback!r}')

    async def getaddrinfo(self, host, port, *, family=0, type=0, proto=0, flags=0):
        import socket
        return await self.run_in_executor(None, socket.getaddrinfo, host, port, family, type, proto, flags)

    async def getnameinfo(self, sockaddr, flags=0):
        import socket
        return await self.run_in_executor(None, socket.getnameinfo, sockaddr, flags)

    # ---- errors ----

    def get_exception_handler(self):
        """Return an exception handler, or None if the default one is in use."""
        return self._exception_handler

    def set_exception_handler(self, handler):
        """Set handler(loop, context) as the loop's exception handler (None: the default)."""
        if handler is not None and not callable(handler):
            raise TypeError(f'A callable object or None is expected, got {handler!r}')
        self._exception_handler = handler

    def default_exception_handler(self, context):
        """The default exception handler: logs the message, the other keys of the
        context, and the exception's traceback (CPython logs it to the 'asyncio' logger
        at ERROR level; without logging configured that is stderr)."""
        message = context.get('message')
        if not message:
            message = 'Unhandled exception in event loop'
        exception = context.get('exception')
        lines = [message]
        for key in sorted(context):
            if key in {'message', 'exception'}:
                continue
            value = context[key]
            if key in ('source_traceback', 'handle_traceback'):
                continue
            lines.append(f'{key}: {value!r}')
        _log_error('\n'.join(lines), exception)

    def call_exception_handler(self, context):
        """Call the current exception handler with `context`, a dict with a 'message'
        and maybe 'exception', 'future', 'task', 'handle', 'protocol', 'transport',
        'socket' and 'asyncgen' keys."""
        if self._exception_handler is None:
            try:
                self.default_exception_handler(context)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                _log_error('Exception in default exception handler', exc)
        else:
            try:
                self._exception_handler(self, context)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                try:
                    self.default_exception_handler({
                        'message': 'Unhandled error in exception handler',
                        'exception': exc,
                        'context': context,
                    })
                except (SystemExit, KeyboardInterrupt):
                    raise
                except BaseException as exc2:
                    _log_error('Exception in default exception handler while handling an unexpected '
                               'error in custom exception handler', exc2)

    # ---- fds (public: the selector loop checks for transports first) ----

    def add_reader(self, fd, callback, *args):
        """Add a reader callback."""
        return self._add_reader(fd, callback, *args)

    def remove_reader(self, fd):
        """Remove a reader callback."""
        return self._remove_reader(fd)

    def add_writer(self, fd, callback, *args):
        """Add a writer callback.."""
        return self._add_writer(fd, callback, *args)

    def remove_writer(self, fd):
        """Remove a writer callback."""
        return self._remove_writer(fd)
