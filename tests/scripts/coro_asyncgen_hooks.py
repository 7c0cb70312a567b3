# sys.set_asyncgen_hooks: firstiter on the first iteration, finalizer instead of close.
import sys
print(sys.get_asyncgen_hooks())
seen = []
def firstiter(g):
    print("firstiter", type(g).__name__, g.__name__)
    seen.append(g)
def finalizer(g):
    print("finalizer", g.__name__)
    c = g.aclose()
    try:
        c.send(None)
    except StopIteration:
        print("closed via finalizer")
old = sys.get_asyncgen_hooks()
sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
h = sys.get_asyncgen_hooks()
print(h.firstiter is firstiter, h.finalizer is finalizer, h[0] is firstiter)
async def agen():
    try:
        yield 1
        yield 2
    finally:
        print("agen finally")
g = agen()
a = g.__anext__()
try:
    a.send(None)
except StopIteration as e:
    print("got", e.value)
seen.clear()
del a, g
print("after del")
sys.set_asyncgen_hooks(*old)
print(sys.get_asyncgen_hooks())
try:
    sys.set_asyncgen_hooks(firstiter=5)
except TypeError as e:
    print("TypeError:", e)
