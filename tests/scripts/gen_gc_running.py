# The collector runs while generator frames are running (resumed inline by for / yield from / await).
import gc
def inner(n):
    for i in range(n):
        lst = [object() for _ in range(3)]
        if i % 50 == 0:
            gc.collect()
        yield lst
def outer():
    total = 0
    for x in inner(500):
        total += len(x)
        yield total
    return total
async def co(n):
    s = 0
    for v in outer():
        s += v
        if v % 300 == 0:
            gc.collect()
    return s
c = co(1)
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
def selfref():
    g = yield
    gc.collect()
    yield g
s = selfref(); next(s); print(s.send(s) is s)
