# asyncio.locks: synchronisation between tasks of one loop (Lock, Event, Condition,
# Semaphore, BoundedSemaphore, Barrier), as CPython 3.11.7's. Waiters are futures in a
# FIFO deque; waking one sets its result, and it runs in a later loop iteration.

__all__ = ('Lock', 'Event', 'Condition', 'Semaphore', 'BoundedSemaphore', 'Barrier')

from _collections import deque  # not collections, whose import costs start-up time

import _asyncio

from asyncio import exceptions
from asyncio import mixins


class _ContextManagerMixin:
    async def __aenter__(self):
        await self.acquire()
        # Nothing is bound by `async with lock as x` (x is None), as in CPython.
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


def _describe(obj, extra):
    text = object.__repr__(obj)
    return f'<{text[1:-1]} [{extra}]>'


class Lock(_ContextManagerMixin, mixins._LoopBoundMixin):
    """Primitive lock objects: locked or unlocked; acquire() waits for release()
    and the waiters get it in the order they came."""

    def __init__(self):
        self._waiters = None
        self._locked = False

    def __repr__(self):
        extra = 'locked' if self._locked else 'unlocked'
        if self._waiters:
            extra = f'{extra}, waiters:{len(self._waiters)}'
        return _describe(self, extra)

    def locked(self):
        """Return True if lock is acquired."""
        return self._locked

    async def acquire(self):
        """Acquire a lock: wait until it is unlocked, set it to locked, return True."""
        if not self._locked and (self._waiters is None or all(w.cancelled() for w in self._waiters)):
            self._locked = True
            return True
        if self._waiters is None:
            self._waiters = deque()
        fut = self._get_loop().create_future()
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except exceptions.CancelledError:
            # Woken and then cancelled: hand the wake-up on.
            if not self._locked:
                self._wake_up_first()
            raise
        self._locked = True
        return True

    def release(self):
        """Release a lock; the first waiter gets it next."""
        if self._locked:
            self._locked = False
            self._wake_up_first()
        else:
            raise RuntimeError('Lock is not acquired.')

    def _wake_up_first(self):
        if not self._waiters:
            return
        fut = self._waiters[0]
        if not fut.done():
            fut.set_result(True)


class Event(mixins._LoopBoundMixin):
    """A flag that tasks can wait for: set() wakes every waiter, clear() resets it."""

    def __init__(self):
        self._waiters = deque()
        self._value = False

    def __repr__(self):
        extra = 'set' if self._value else 'unset'
        if self._waiters:
            extra = f'{extra}, waiters:{len(self._waiters)}'
        return _describe(self, extra)

    def is_set(self):
        """Return True if and only if the internal flag is true."""
        return self._value

    def set(self):
        """Set the internal flag to true and wake every waiter."""
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        """Reset the internal flag to false."""
        self._value = False

    def wait(self):
        """Block until the internal flag is true; return True.

        A coroutine in CPython; here a native awaitable that is its own future (see
        stdlib/asyncio/event_wait.cpp): a task waiting on an event costs a third as much."""
        return _asyncio._EventWaiter(self)


class Condition(_ContextManagerMixin, mixins._LoopBoundMixin):
    """A condition variable: wait() releases the lock until notified, then takes it
    back."""

    def __init__(self, lock=None):
        if lock is None:
            lock = Lock()
        self._lock = lock
        # The lock's methods, exported.
        self.locked = lock.locked
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = deque()

    def __repr__(self):
        extra = 'locked' if self.locked() else 'unlocked'
        if self._waiters:
            extra = f'{extra}, waiters:{len(self._waiters)}'
        return _describe(self, extra)

    async def wait(self):
        """Release the lock, wait until notified, re-acquire the lock; return True."""
        if not self.locked():
            raise RuntimeError('cannot wait on un-acquired lock')
        self.release()
        try:
            fut = self._get_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)
        finally:
            # The lock is taken back even when the wait is cancelled.
            cancelled = False
            while True:
                try:
                    await self.acquire()
                    break
                except exceptions.CancelledError:
                    cancelled = True
            if cancelled:
                raise exceptions.CancelledError

    async def wait_for(self, predicate):
        """Wait until predicate() is true; return its last value."""
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        """Wake up at most n waiters (the lock must be held)."""
        if not self.locked():
            raise RuntimeError('cannot notify on un-acquired lock')
        woken = 0
        for fut in self._waiters:
            if woken >= n:
                break
            if not fut.done():
                woken += 1
                fut.set_result(False)

    def notify_all(self):
        """Wake up every waiter (the lock must be held)."""
        self.notify(len(self._waiters))


class Semaphore(_ContextManagerMixin, mixins._LoopBoundMixin):
    """A counter that acquire() decrements, waiting while it is zero, and release()
    increments; waiters are served first come, first served."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._waiters = None
        self._value = value

    def __repr__(self):
        extra = 'locked' if self.locked() else f'unlocked, value:{self._value}'
        if self._waiters:
            extra = f'{extra}, waiters:{len(self._waiters)}'
        return _describe(self, extra)

    def locked(self):
        """Whether acquire() would wait (no value left, or others waiting first)."""
        return self._value == 0 or any(not w.cancelled() for w in (self._waiters or ()))

    async def acquire(self):
        """Decrement the counter, waiting while it is zero; return True."""
        if not self.locked():
            self._value -= 1
            return True
        if self._waiters is None:
            self._waiters = deque()
        fut = self._get_loop().create_future()
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except exceptions.CancelledError:
            if not fut.cancelled():
                # Woken (and counted) but cancelled before running: give it back.
                self._value += 1
                self._wake_up_next()
            raise
        if self._value > 0:
            self._wake_up_next()
        return True

    def release(self):
        """Increment the counter and wake the next waiter."""
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        if not self._waiters:
            return
        for fut in self._waiters:
            if not fut.done():
                self._value -= 1
                fut.set_result(True)
                return


class BoundedSemaphore(Semaphore):
    """A semaphore whose release() may not raise the counter above its start."""

    def __init__(self, value=1):
        self._bound_value = value
        super().__init__(value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError('BoundedSemaphore released too many times')
        super().release()


class _BarrierState:
    """The states of a Barrier (an enum in CPython: FILLING, DRAINING, RESETTING, BROKEN)."""

    def __init__(self, name, value):
        self.name = name
        self.value = value

    def __repr__(self):
        return f'<_BarrierState.{self.name}: {self.value!r}>'


_FILLING = _BarrierState('FILLING', 'filling')
_DRAINING = _BarrierState('DRAINING', 'draining')
_RESETTING = _BarrierState('RESETTING', 'resetting')
_BROKEN = _BarrierState('BROKEN', 'broken')


class Barrier(mixins._LoopBoundMixin):
    """Blocks `parties` tasks in wait() until all of them have arrived, then lets them
    all go (asyncio's threading.Barrier)."""

    def __init__(self, parties):
        if parties < 1:
            raise ValueError('parties must be > 0')
        self._cond = Condition()
        self._parties = parties
        self._state = _FILLING
        self._count = 0

    def __repr__(self):
        extra = self._state.value
        if not self.broken:
            extra += f', waiters:{self.n_waiting}/{self.parties}'
        return _describe(self, extra)

    async def __aenter__(self):
        return await self.wait()

    async def __aexit__(self, *args):
        pass

    async def wait(self):
        """Wait for the barrier; return this task's arrival index (0 .. parties-1)."""
        async with self._cond:
            await self._block()
            try:
                index = self._count
                self._count += 1
                if index + 1 == self._parties:
                    await self._release()
                else:
                    await self._wait()
                return index
            finally:
                self._count -= 1
                self._exit()

    async def _block(self):
        # Wait while the barrier drains or resets.
        await self._cond.wait_for(lambda: self._state is not _DRAINING and self._state is not _RESETTING)
        if self._state is _BROKEN:
            raise exceptions.BrokenBarrierError("Barrier aborted")

    async def _release(self):
        self._state = _DRAINING
        self._cond.notify_all()

    async def _wait(self):
        await self._cond.wait_for(lambda: self._state is not _FILLING)
        if self._state is _BROKEN or self._state is _RESETTING:
            raise exceptions.BrokenBarrierError("Abort or reset of barrier")

    def _exit(self):
        if self._count == 0:
            if self._state is _RESETTING or self._state is _DRAINING:
                self._state = _FILLING
            self._cond.notify_all()

    async def reset(self):
        """Reset the barrier: tasks waiting in it get BrokenBarrierError."""
        async with self._cond:
            if self._count > 0:
                if self._state is not _RESETTING:
                    self._state = _RESETTING
            else:
                self._state = _FILLING
            self._cond.notify_all()

    async def abort(self):
        """Break the barrier: every wait() raises BrokenBarrierError."""
        async with self._cond:
            self._state = _BROKEN
            self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state is _FILLING:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state is _BROKEN
