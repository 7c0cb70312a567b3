# StreamWriter.drain() in each of its cases, over fake transports and protocols: nothing to
# wait for; an exception on the reader (raised at the await, not at the call); a closing
# transport (one sleep(0), then the protocol's verdict); a lost connection; a paused
# protocol (drain waits until resumed); a protocol with its own _drain_helper. And the
# drain object as a coroutine: made now and awaited later, as a task, thrown into and
# closed while it waits, reused; an unclosed writer closes its transport when collected.
import asyncio
from asyncio.streams import FlowControlMixin


class FakeTransport:
    quiet = False  # set at the end: writers collected later print nothing

    def __init__(self):
        self.closing = False

    def is_closing(self):
        if not self.quiet:
            print("is_closing", self.closing)
        return self.closing

    def close(self):
        if not self.quiet:
            print("transport closed")


class Protocol(FlowControlMixin):
    pass


class OwnHelper(FlowControlMixin):
    async def _drain_helper(self):
        print("own _drain_helper")
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    transport = FakeTransport()
    protocol = Protocol(loop=loop)
    reader = asyncio.StreamReader()
    writer = asyncio.StreamWriter(transport, protocol, reader, loop)
    print(await writer.drain())

    # The reader's exception: checked when the drain runs, not when it is made.
    pending = writer.drain()
    reader.set_exception(ConnectionAbortedError("reader failed"))
    try:
        await pending
    except ConnectionAbortedError as e:
        print("ConnectionAbortedError:", e)
    reader = asyncio.StreamReader()
    writer = asyncio.StreamWriter(transport, protocol, reader, loop)

    # A lost connection.
    protocol._connection_lost = True
    try:
        await writer.drain()
    except ConnectionResetError as e:
        print("ConnectionResetError:", e)
    protocol._connection_lost = False

    # Closing: one sleep(0) first, then the protocol decides.
    transport.closing = True
    print(await writer.drain())
    transport.closing = False

    # Paused: drain waits until the protocol resumes writing.
    protocol.pause_writing()
    task = asyncio.create_task(writer.drain())
    await asyncio.sleep(0)
    print("waiting:", task.done())
    protocol.resume_writing()
    print(await task, task.done())

    # Paused, then the connection is lost while waiting.
    protocol.pause_writing()
    task = asyncio.create_task(writer.drain())
    await asyncio.sleep(0)
    protocol.connection_lost(BrokenPipeError("peer went away"))
    try:
        await task
    except BrokenPipeError as e:
        print("BrokenPipeError:", e)

    # A protocol with its own _drain_helper is always asked.
    own = OwnHelper(loop=loop)
    writer = asyncio.StreamWriter(transport, own, None, loop)
    print(await writer.drain())

    # The drain object as a coroutine.
    protocol = Protocol(loop=loop)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    coro = writer.drain()
    print(asyncio.iscoroutine(coro))
    try:
        coro.send(None)
    except StopIteration as e:
        print("StopIteration", e.value)
    try:
        coro.send(None)
    except RuntimeError as e:
        print("RuntimeError:", e)
    protocol.pause_writing()
    coro = writer.drain()
    waited_on = coro.send(None)
    print(type(waited_on).__name__, waited_on.done())
    try:
        coro.throw(ValueError("thrown in"))
    except ValueError as e:
        print("ValueError:", e, len(protocol._drain_waiters))
    coro = writer.drain()
    coro.send(None)
    coro.close()
    print("closed", len(protocol._drain_waiters))
    protocol.resume_writing()
    never_run = writer.drain()
    never_run.close()
    try:
        never_run.send(None)
    except RuntimeError as e:
        print("RuntimeError:", e)

    # An unclosed writer closes its transport when it goes (CPython 3.11.7's __del__).
    lone = FakeTransport()
    w = asyncio.StreamWriter(lone, Protocol(loop=loop), None, loop)
    del w
    print("after del")
    FakeTransport.quiet = True


asyncio.run(main())
