# Values that an instruction only borrows for a moment die as soon as CPython's do:
# the converted value of an f-string field, the bound __enter__ of a with statement,
# the awaitable that __anext__ returned in an async for. (In gilpy these once leaked: an
# eval-loop handler dispatched with an owning handle still alive.)


class Noisy:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Noisy(" + self.name + ")"

    def __format__(self, spec):
        return self.name

    def __del__(self):
        print("del", self.name)


def fstrings():
    a = Noisy("a")
    b = Noisy("b")
    c = Noisy("c")
    s = f"{a} {b!r} {c!s:>12}"
    del a, b, c
    print("formatted:", s)


class Manager:
    def __enter__(self):
        print("enter")
        return 42

    def __exit__(self, *exc):
        print("exit")
        return False

    def __del__(self):
        print("del Manager")


def with_statement():
    with Manager() as v:
        print("inside", v)
    print("after with")


class Step:
    def __init__(self, n):
        self.n = n

    def __await__(self):
        return iter(())

    def __del__(self):
        print("del Step", self.n)


class Ticker:
    def __init__(self):
        self.i = 0

    def __aiter__(self):
        return self

    def __anext__(self):
        self.i += 1
        if self.i > 2:
            raise StopAsyncIteration
        return Step(self.i)


async def async_for():
    async for _ in Ticker():
        print("tick")
    print("after async for")


fstrings()
with_statement()
coro = async_for()
try:
    coro.send(None)
except StopIteration:
    print("done")
