# Calls of globals (LOAD_GLOBAL fused with the PUSH_NULL of the call, through the
# instruction's cache): the function rebound while the cache is warm, a builtin shadowed
# by a global and uncovered again, the global deleted (NameError at the call's line), and
# a global call inside a conditional expression whose branches meet at the call.
import traceback


def f(x):
    return x + 1


def g(x):
    return x * 10


def run(n):
    out = []
    for i in range(n):
        out.append(f(i))
    return out


print(run(3))
f = g
print(run(3))


def lengths():
    return [len("abc") for _ in range(2)]


print(lengths())
len = lambda s: -1
print(lengths())
del len
print(lengths())

del f
try:
    run(1)
except NameError as e:
    print("NameError:", e)
    print(traceback.extract_tb(e.__traceback__)[-1].line)


def pick(flag):
    return (g if flag else abs)(-3)


print(pick(True), pick(False))
