# yield from: delegation of send/throw/close and the sub-generator's return value.
def inner():
    try:
        x = yield "i1"
        print("  inner got", x)
        y = yield "i2"
        print("  inner got", y)
    except KeyError as e:
        print("  inner caught", repr(e))
        yield "after-catch"
    finally:
        print("  inner finally")
    return "inner-result"

def outer():
    r = yield from inner()
    print("  outer got result", r)
    yield "o-end"

g = outer()
print(next(g), g.send("A"), g.send("B"), next(g, None))
g = outer()
next(g)
print(g.throw(KeyError("k")))
print(next(g))
g = outer()
next(g)
print(g.gi_yieldfrom.__name__)
g.close()
print(g.gi_yieldfrom)

def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2), (x for x in [9]))))

class Closable:
    def __init__(self):
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.i += 1
        return self.i
    def close(self):
        print("  Closable.close called")
    def throw(self, *args):
        print("  Closable.throw", args[0].__name__ if isinstance(args[0], type) else type(args[0]).__name__)
        return "thrown-result"

def deleg():
    yield from Closable()
g = deleg()
print(next(g), next(g))
print(g.throw(ValueError))
g.close()

def ret_value():
    return (yield from iter([]))
try:
    next(ret_value())
except StopIteration as e:
    print("empty yield from:", e.value)

def tree(d):
    if d == 0:
        yield "leaf"
        return 1
    a = yield from tree(d - 1)
    b = yield from tree(d - 1)
    return a + b
g = tree(3)
print(len(list(g)))
def count_leaves():
    n = yield from tree(4)
    print("  leaves:", n)
list(count_leaves())

def stop_in_sub():
    yield from iter([1])
    raise StopIteration
try:
    list(stop_in_sub())
except RuntimeError as e:
    print("RuntimeError:", e)
