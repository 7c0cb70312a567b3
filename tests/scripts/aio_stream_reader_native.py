# StreamReader.feed_data and readline as coroutine-like objects: feed_data after EOF, empty
# data, bytes-like data of several kinds, by keyword, a transport that cannot pause; readline()'s
# result awaited later, as a task, under wait_for with a timeout (the waiter is reset),
# cancelled while waiting, iterated with `async for`, thrown into and closed; a line
# that arrives in pieces while other tasks run; subclasses that replace _wakeup_waiter or
# readline's helpers (the Python path).
import asyncio


class NoPause:
    def pause_reading(self):
        raise NotImplementedError

    def resume_reading(self):
        print("resume")


async def main():
    r = asyncio.StreamReader()
    r.feed_data(b"")
    r.feed_data(bytearray(b"ab"))
    r.feed_data(memoryview(b"cd\n"))
    print(await r.readline())
    r.feed_eof()
    try:
        r.feed_data(b"x")
    except AssertionError as e:
        print("AssertionError:", e)
    print(await r.readline(), r.at_eof())
    try:
        r.feed_data("text")
    except AssertionError as e:
        print("AssertionError:", e)
    r = asyncio.StreamReader()
    try:
        r.feed_data("text")
    except TypeError as e:
        print("TypeError:", e)

    # By keyword, as the Python methods take them; the protocol feeding its reader.
    r = asyncio.StreamReader()
    r.feed_data(data=b"by keyword\n")
    proto = asyncio.StreamReaderProtocol(r)
    print(proto.data_received(data=b"via the protocol\n"))
    print(await r.readline(), await r.readline())
    try:
        r.feed_data()
    except TypeError:
        print("TypeError")

    r = asyncio.StreamReader(limit=2)
    r.set_transport(NoPause())
    r.feed_data(b"12345")
    print(r._transport, r._paused)

    # readline() made now, awaited later; as a task; the object itself.
    r = asyncio.StreamReader()
    pending = r.readline()
    print(asyncio.iscoroutine(pending), type(pending).__name__ == "coroutine" or hasattr(pending, "send"))
    r.feed_data(b"early\n")
    print(await pending)
    task = asyncio.create_task(r.readline())
    await asyncio.sleep(0)
    print(r._waiter is not None, task.done())
    r.feed_data(b"for the task\n")
    print(await task, r._waiter)

    # wait_for with a timeout cancels the wait; the reader can be read again.
    try:
        await asyncio.wait_for(r.readline(), 0.01)
    except asyncio.TimeoutError:
        print("TimeoutError", r._waiter)
    r.feed_data(b"after timeout\n")
    print(await r.readline())

    # Cancelling the task that waits.
    task = asyncio.create_task(r.readline())
    await asyncio.sleep(0)
    task.cancel("stop reading")
    try:
        await task
    except asyncio.CancelledError as e:
        print("CancelledError:", e.args, r._waiter)

    # A line in pieces while other tasks run.
    async def feeder():
        for piece in (b"pie", b"ce", b"s\nnext"):
            await asyncio.sleep(0)
            r.feed_data(piece)
        await asyncio.sleep(0)
        r.feed_eof()
    asyncio.create_task(feeder())
    print([line async for line in r])

    # throw() and close() on a readline that waits.
    r = asyncio.StreamReader()
    coro = r.readline()
    fut = coro.send(None)
    print(fut is r._waiter, fut.done())
    try:
        coro.throw(KeyError("thrown"))
    except KeyError as e:
        print("KeyError:", e, r._waiter)
    coro = r.readline()
    coro.send(None)
    coro.close()
    print("closed", r._waiter)
    try:
        coro.send(None)
    except RuntimeError as e:
        print("RuntimeError:", e)

    # Subclasses: a replaced _wakeup_waiter is called by feed_data; a replaced helper
    # sends readline through the Python path.
    class Waking(asyncio.StreamReader):
        def _wakeup_waiter(self):
            print("wakeup", self._waiter is not None)
            super()._wakeup_waiter()

    r = Waking()
    task = asyncio.create_task(r.readline())
    await asyncio.sleep(0)
    r.feed_data(b"woken\n")
    print(await task)

    class Checking(asyncio.StreamReader):
        def exception(self):
            print("exception()")
            return super().exception()

    r = Checking()
    r.feed_data(b"checked\n")
    print(await r.readline())


asyncio.run(main())
