# functools, inspect's generator/coroutine checks, and types.
import functools, inspect, types
p = functools.partial(int, base=2)
print(p("101"), repr(functools.partial(max, 1)))
print(functools.reduce(lambda a, b: a * b, range(1, 6)))
@functools.lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n-1) + fib(n-2)
print(fib(50), fib.cache_info())
@functools.total_ordering
class V:
    def __init__(s, v): s.v = v
    def __eq__(s, o): return s.v == o.v
    def __lt__(s, o): return s.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2))
print(sorted([3,1,2], key=functools.cmp_to_key(lambda a, b: b - a)))
def deco(f):
    @functools.wraps(f)
    def w(*a): return f(*a)
    return w
@deco
def hello(): "doc"
print(hello.__name__, hello.__doc__, hello.__wrapped__.__name__)
def gen():
    yield 1
g = gen()
print(inspect.getgeneratorstate(g)); next(g); print(inspect.getgeneratorstate(g)); g.close(); print(inspect.getgeneratorstate(g))
async def co(): pass
c = co()
print(inspect.getcoroutinestate(c), inspect.iscoroutine(c), inspect.isawaitable(c), inspect.iscoroutinefunction(co), inspect.isgeneratorfunction(gen), inspect.isgenerator(g))
c.close()
print(inspect.getcoroutinestate(c))
ns = types.SimpleNamespace(a=1, b="x")
print(ns, ns == types.SimpleNamespace(a=1, b="x"))
print(types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType, types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.ModuleType)
