# The standard-library modules gilpy builds into its binary as compiled code (threading,
# asyncio, collections, functools, heapq, queue, ...) behave as modules loaded from
# source: their names and packages, the code objects of their functions, and behaviour
# that runs through their generators, closures, classes, coroutines and exception
# handlers (the exception tables and line tables of the frozen code).
import sys
import asyncio
import asyncio.tasks
import collections
import concurrent.futures
import functools
import heapq
import inspect
import queue
import threading
import types
import warnings

print("-- modules")
for name in ["asyncio", "asyncio.tasks", "asyncio.events", "concurrent", "concurrent.futures",
             "functools", "heapq", "queue", "threading", "types", "warnings"]:
    m = sys.modules[name]
    print(name, m.__name__ == name, repr(m.__package__), isinstance(getattr(m, "__path__", None), list),
          "__builtins__" in vars(m))
print(asyncio.tasks is sys.modules["asyncio.tasks"], concurrent.futures.Future is concurrent.futures._base.Future)

print("-- code objects")
for f in [heapq.merge, heapq.nlargest, functools.wraps, functools.total_ordering, collections.namedtuple,
          threading.Thread.run, queue.Queue.get, inspect.isfunction, types.new_class]:
    code = f.__code__
    print(f.__module__, f.__qualname__, code.co_name, code.co_filename == sys.modules[f.__module__].__file__,
          type(f.__defaults__).__name__)
print(inspect.isgeneratorfunction(queue.Queue.get), inspect.isfunction(heapq.nlargest),
      inspect.iscoroutinefunction(asyncio.sleep))

print("-- generators and closures")
print(list(heapq.merge([1, 4, 9], [2, 3, 10], [0])))
print(list(heapq.merge(["b", "d"], ["a", "c"], key=str.upper, reverse=False)))
print(heapq.nlargest(3, [5, 1, 8, 3, 9, 2], key=lambda v: -v), heapq.nsmallest(2, "hello"))


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(60), fib.cache_info().hits, fib.cache_info().misses)


def shout(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs).upper()
    return wrapper


@shout
def greet(name):
    """Says hello."""
    return "hello " + name


print(greet("ada"), greet.__name__, greet.__doc__, greet.__wrapped__("bob"))
add3 = functools.partial(lambda a, b, c: a + b * c, 1, c=10)
print(add3(2), functools.reduce(lambda acc, v: acc * v, range(1, 8), 1))

print("-- classes")
Point = collections.namedtuple("Point", "x y", defaults=[0])
p = Point(3)
print(p, p._replace(y=4), p._asdict(), Point._fields)


@functools.total_ordering
class Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __lt__(self, other):
        return self.n < other.n


print(Version(2) >= Version(1), Version(1) > Version(2), sorted([Version(3), Version(1)])[0].n)
counts = collections.Counter("mississippi")
print(counts.most_common(2), sorted(collections.defaultdict(list, a=[1]).items()))
od = collections.OrderedDict.fromkeys("abc")
od.move_to_end("a")
print(list(od), collections.deque([1, 2, 3], maxlen=2))
Made = types.new_class("Made", (Version,), exec_body=lambda ns: ns.update(kind="made"))
print(Made.__name__, Made.kind, Made(1) < Made(2), types.SimpleNamespace(a=1, b="two"))

print("-- exceptions raised inside frozen code")
q = queue.Queue()
try:
    q.get_nowait()
except queue.Empty as e:
    lines = []
    tb = e.__traceback__
    while tb:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    # Here, get_nowait, get: each frame with a line inside its function.
    print("Empty raised", type(e).__name__, len(lines), all(line > queue.Queue.get.__code__.co_firstlineno
                                                            for line in lines[1:]))
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty after timeout")
cond = threading.Condition()
with cond:
    print("wait_for timed out:", cond.wait_for(lambda: False, timeout=0.01))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("careful", DeprecationWarning)
print([(w.category.__name__, str(w.message)) for w in caught])

print("-- threads")
results = []
lock = threading.Lock()


def work(k):
    with lock:
        results.append(k * k)


threads = [threading.Thread(target=work, args=(k,), name=f"w{k}") for k in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results), threads[0].name, threads[0].is_alive())
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    print(list(pool.map(fib, [10, 20, 30])))

print("-- asyncio")


async def double(x, delay):
    await asyncio.sleep(delay)
    return 2 * x


async def fails():
    await asyncio.sleep(0)
    raise KeyError("inside a task")


async def main():
    print(await asyncio.gather(double(1, 0.01), double(2, 0), double(3, 0.005)))
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.01)
    except asyncio.TimeoutError:
        print("wait_for timed out")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(double(5, 0))
            tg.create_task(fails())
    except* KeyError as eg:
        print("task group:", [repr(e) for e in eg.exceptions])
    q = asyncio.Queue()
    for k in range(3):
        q.put_nowait(k)
    got = [await q.get() for _ in range(3)]
    lock = asyncio.Lock()
    async with lock:
        print(got, lock.locked())
    return "done"


print(asyncio.run(main()))
