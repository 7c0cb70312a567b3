# StreamReader.readline on a reader fed by hand: lines that arrive in pieces, EOF in the
# middle of a line, a line over the limit, a second reader, an exception while waiting,
# pausing and resuming the transport; and a subclass whose readuntil readline must call.
import asyncio

class FakeTransport:
    def __init__(self): self.log = []
    def pause_reading(self): self.log.append("pause")
    def resume_reading(self): self.log.append("resume")

async def feed_later(reader, *pieces):
    for p in pieces:
        await asyncio.sleep(0)
        if p is None:
            reader.feed_eof()
        elif isinstance(p, BaseException):
            reader.set_exception(p)
        else:
            reader.feed_data(p)

async def main():
    r = asyncio.StreamReader()
    asyncio.create_task(feed_later(r, b"he", b"ll", b"o\nwor", b"ld\n", b"tail", None))
    print([await r.readline() for _ in range(4)], r.at_eof())

    r = asyncio.StreamReader(limit=8)
    asyncio.create_task(feed_later(r, b"12345", b"67890", b"abc\nok\n"))
    try:
        await r.readline()
    except ValueError as e:
        print("ValueError:", e, type(e.__context__).__name__)
    print(await r.readline(), bytes(r._buffer))

    r = asyncio.StreamReader(limit=4)
    r.feed_data(b"toolong\nx\n")
    try:
        await r.readline()
    except ValueError as e:
        print("ValueError:", e)
    print(await r.readline())

    r = asyncio.StreamReader()
    first = asyncio.create_task(r.readline())
    await asyncio.sleep(0)
    try:
        await r.readline()
    except RuntimeError as e:
        print("RuntimeError:", e)
    r.feed_data(b"one\n")
    print(await first)

    r = asyncio.StreamReader()
    asyncio.create_task(feed_later(r, b"part", ConnectionResetError("gone")))
    try:
        await r.readline()
    except ConnectionResetError as e:
        print("ConnectionResetError:", e, bytes(r._buffer))
    try:
        await r.readline()
    except ConnectionResetError as e:
        print("again:", e)

    r = asyncio.StreamReader(limit=4)
    t = FakeTransport()
    r.set_transport(t)
    r.feed_data(b"abcdefghij\n")   # more than 2 * limit: pause
    r.feed_data(b"k\n")
    print(t.log, r._paused)
    try:
        await r.readline()
    except ValueError as e:
        print("ValueError:", e, t.log)
    print(await r.readline(), t.log, r._paused)

    class Tracing(asyncio.StreamReader):
        async def readuntil(self, separator=b"\n"):
            print("readuntil", separator)
            return await super().readuntil(separator)
    r = Tracing()
    r.feed_data(b"via readuntil\n")
    print(await r.readline())

asyncio.run(main())
