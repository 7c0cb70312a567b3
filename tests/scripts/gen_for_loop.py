# for loops resume generator frames inline: errors, PEP 479, exc_info, break, recursion.
import sys
def g(n):
    for i in range(n):
        yield i
    return "r"
print([x for x in g(3)], sum(g(10)))
def bad():
    yield 1
    raise KeyError("in gen")
try:
    for x in bad():
        print("x", x)
except KeyError as e:
    print("caught", e)
def stop():
    yield 1
    raise StopIteration
try:
    for x in stop(): pass
except RuntimeError as e:
    print("RT", e, type(e.__cause__).__name__)
def exc():
    try:
        raise ValueError("v")
    except ValueError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0]
try:
    raise IndexError
except IndexError:
    for v in exc():
        print(v, sys.exc_info()[0].__name__)
print(sys.exc_info())
def selfiter():
    for x in me:
        yield x
me = selfiter()
try:
    for x in me: pass
except ValueError as e:
    print("ValueError", e)
def deep(n):
    if n:
        for x in deep(n - 1):
            yield x
    else:
        yield "bottom"
print(list(deep(50)))
try:
    print(list(deep(5000)))
except RecursionError as e:
    print("RecursionError")
gg = g(5)
for x in gg:
    if x == 2: break
print(next(gg), gg.gi_running, list(gg))
def fin():
    try:
        yield 1
        yield 2
    finally:
        print("fin")
for x in fin():
    break
print("after break")
def tb():
    yield 1
    1/0

try:
    for _ in tb(): pass
except ZeroDivisionError as e:
    t = e.__traceback__
    n = 0
    while t: n += 1; t = t.tb_next
    print("tb entries", n)
def running():
    for x in range(2):
        yield gen_r.gi_running
gen_r = running()
print([x for x in gen_r])
