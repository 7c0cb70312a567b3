# functools and contextlib from CPython's library (functools on gilpy's native helpers).
import asyncio
import contextlib
import functools
import io
from functools import cached_property, lru_cache, partial, reduce, singledispatch, total_ordering, wraps


@lru_cache(maxsize=2)
def square(n):
    print("computing", n)
    return n * n


print(square(2), square(2), square(3), square(4), square(2))
print(square.cache_info())
square.cache_clear()
print(square.cache_info())


@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info().hits > 0)


class Circle:
    def __init__(self, r):
        self.r = r

    @cached_property
    def area(self):
        print("area computed")
        return 3 * self.r * self.r


c = Circle(2)
print(c.area, c.area, "area" in c.__dict__)


@singledispatch
def describe(x):
    return "object"


@describe.register
def _(x: int):
    return "int"


@describe.register(list)
def _(x):
    return "list"


print(describe(1), describe([]), describe("s"), describe(True), sorted(t.__name__ for t in describe.registry))


def deco(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        """wrapper doc"""
        return f(*args, **kwargs) * 2
    return wrapper


@deco
def add(a, b):
    """Add two numbers."""
    return a + b


print(add(1, 2), add.__name__, add.__doc__, add.__wrapped__(1, 2))
print(reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 10))
p = partial(int, base=2)
print(p("101"), p.func, p.args, p.keywords, partial(pow, 2)(10))


@total_ordering
class V:
    def __init__(self, n):
        self.n = n

    def __eq__(self, o):
        return self.n == o.n

    def __lt__(self, o):
        return self.n < o.n


print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2), sorted([V(3), V(1)], key=lambda v: v.n)[0].n)
print(functools.cmp_to_key(lambda a, b: b - a)(1) < functools.cmp_to_key(lambda a, b: b - a)(2))


@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")


with tag("b") as t:
    print("inside", t)
try:
    with tag("err"):
        raise KeyError("x")
except KeyError as e:
    print("propagated", e)

with contextlib.suppress(ZeroDivisionError):
    1 / 0
print("suppressed")

with contextlib.ExitStack() as stack:
    for n in ("one", "two"):
        stack.enter_context(tag(n))
    stack.callback(print, "callback ran")
    print("body")

buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured")
print(repr(buf.getvalue()))
with contextlib.nullcontext(5) as v:
    print("nullcontext", v)


class Closer:
    def close(self):
        print("closed")


with contextlib.closing(Closer()):
    pass


@contextlib.asynccontextmanager
async def atag(name):
    print("enter", name)
    yield name
    print("exit", name)


async def main():
    async with atag("async") as n:
        print("in", n)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(atag("stacked"))
        stack.push_async_callback(asyncio.sleep, 0)
        print("async body")


asyncio.run(main())
