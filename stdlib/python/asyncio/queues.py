# asyncio.queues: Queue, PriorityQueue and LifoQueue for tasks of one loop. A task that
# must wait (get on an empty queue, put on a full one) waits on a future of its own in
# a FIFO of getters or putters; each put or get wakes the first waiter of the other kind.

__all__ = ('Queue', 'PriorityQueue', 'LifoQueue', 'QueueFull', 'QueueEmpty')

from _collections import deque  # not collections, whose import costs start-up time

from asyncio import locks
from asyncio import mixins


class QueueEmpty(Exception):
    """Raised when Queue.get_nowait() is called on an empty Queue."""


class QueueFull(Exception):
    """Raised when the Queue.put_nowait() method is called on a full Queue."""


# The methods put and get call. When a queue's class keeps all of Queue's own ("plain"),
# put and get do those methods' steps inline, without the calls: the same effects at a
# third of the cost.
_PLAIN_METHODS = ('full', 'empty', 'qsize', '_put', '_get', '_wakeup_next',
                  'put_nowait', 'get_nowait')


class Queue(mixins._LoopBoundMixin):
    """A queue of at most maxsize items (unbounded when maxsize <= 0)."""

    def __init__(self, maxsize=0):
        cls = type(self)
        self._plain = cls is Queue or all(
            getattr(cls, name) is getattr(Queue, name) for name in _PLAIN_METHODS)
        self._maxsize = maxsize
        self._getters = deque()
        self._putters = deque()
        self._unfinished_tasks = 0
        self._finished = locks.Event()
        self._finished.set()
        self._init(maxsize)

    # The storage; subclasses change the order.
    def _init(self, maxsize):
        self._queue = deque()

    def _get(self):
        return self._queue.popleft()

    def _put(self, item):
        self._queue.append(item)

    def _wakeup_next(self, waiters):
        # The first waiter not cancelled meanwhile.
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    def __repr__(self):
        return f'<{type(self).__name__} at {id(self):#x} {self._format()}>'

    def __str__(self):
        return f'<{type(self).__name__} {self._format()}>'

    def __class_getitem__(cls, item):
        return cls

    def _format(self):
        result = f'maxsize={self._maxsize!r}'
        if getattr(self, '_queue', None):
            result += f' _queue={list(self._queue)!r}'
        if self._getters:
            result += f' _getters[{len(self._getters)}]'
        if self._putters:
            result += f' _putters[{len(self._putters)}]'
        if self._unfinished_tasks:
            result += f' tasks={self._unfinished_tasks}'
        return result

    def qsize(self):
        """Number of items in the queue."""
        return len(self._queue)

    @property
    def maxsize(self):
        """Number of items allowed in the queue."""
        return self._maxsize

    def empty(self):
        """Return True if the queue is empty, False otherwise."""
        return not self._queue

    def full(self):
        """Return True if there are maxsize items in the queue."""
        if self._maxsize <= 0:
            return False
        return self.qsize() >= self._maxsize

    async def put(self, item):
        """Put an item into the queue, waiting while it is full."""
        plain = self._plain
        while 0 < self._maxsize <= len(self._queue) if plain else self.full():
            putter = self._get_loop().create_future()
            self._putters.append(putter)
            try:
                await putter
            except:
                putter.cancel()  # in case it was not done yet
                try:
                    self._putters.remove(putter)
                except ValueError:
                    pass  # already woken and removed by get_nowait
                if not self.full() and not putter.cancelled():
                    # Woken but leaving: the next putter may go.
                    self._wakeup_next(self._putters)
                raise
        if not plain:
            return self.put_nowait(item)
        # put_nowait, inline (the queue is not full: nothing ran since the test)
        self._queue.append(item)
        self._unfinished_tasks += 1
        self._finished._value = False  # _finished.clear()
        getters = self._getters
        while getters:  # _wakeup_next(getters)
            getter = getters.popleft()
            if not getter.done():
                getter.set_result(None)
                break

    def put_nowait(self, item):
        """Put an item into the queue without blocking (QueueFull if it is full)."""
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        """Remove and return an item from the queue, waiting while it is empty."""
        plain = self._plain
        while not self._queue if plain else self.empty():
            getter = self._get_loop().create_future()
            self._getters.append(getter)
            try:
                await getter
            except:
                getter.cancel()
                try:
                    self._getters.remove(getter)
                except ValueError:
                    pass
                if not self.empty() and not getter.cancelled():
                    self._wakeup_next(self._getters)
                raise
        if not plain:
            return self.get_nowait()
        # get_nowait, inline
        item = self._queue.popleft()
        putters = self._putters
        while putters:  # _wakeup_next(putters)
            putter = putters.popleft()
            if not putter.done():
                putter.set_result(None)
                break
        return item

    def get_nowait(self):
        """Remove and return an item if one is there at once, else raise QueueEmpty."""
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        """Indicate that a formerly enqueued task is complete (join() counts them)."""
        if self._unfinished_tasks <= 0:
            raise ValueError('task_done() called too many times')
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        """Block until every item put has been taken and marked done."""
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class PriorityQueue(Queue):
    """A Queue that returns the lowest item first (heapq order)."""

    def _init(self, maxsize):
        # heapq is CPython's library module: imported by the first PriorityQueue, so that
        # `import asyncio` does not load it.
        import heapq
        self._queue = []
        self._heappush = heapq.heappush
        self._heappop = heapq.heappop

    def _put(self, item):
        self._heappush(self._queue, item)

    def _get(self):
        return self._heappop(self._queue)


class LifoQueue(Queue):
    """A Queue that returns the most recently added item first."""

    def _init(self, maxsize):
        self._queue = []

    def _put(self, item):
        self._queue.append(item)

    def _get(self):
        return self._queue.pop()
