# A collection that starts while objects are being deallocated (a __del__ that calls
# gc.collect()): the objects being torn down, and those waiting in the deferred list of
# a deep deallocation, must be neither traversed nor freed by it.
import gc


class CollectsOnDel:
    def __init__(self, payload=None):
        self.payload = payload

    def __del__(self):
        gc.collect()


def nest(depth, innermost=None):
    x = [] if innermost is None else [innermost]
    for _ in range(depth):
        x = [x]
    return x


# The reproducer: an object holding a 1,000-deep nested list.
for _ in range(10):
    c = CollectsOnDel(nest(1000))
    del c
    junk = [[i] for i in range(5000)]
print("deep payload freed by a collecting __del__: ok")

# The collecting object deep inside a nested list: its __del__ runs mid-teardown, with
# the lists around it half freed and the deeper ones deferred.
for depth in (10, 199, 200, 201, 1000, 5000):
    outer = nest(depth, CollectsOnDel(nest(depth)))
    del outer
    junk = [[i] for i in range(5000)]
print("collecting __del__ inside nested lists: ok")

# Cycles among the garbage, with a finalizer in each.
class Node:
    def __init__(self):
        self.other = None

    def __del__(self):
        gc.collect()


for _ in range(100):
    a, b = Node(), Node()
    a.other, b.other = b, a
    a.payload = nest(300)
    del a, b
print("collected", gc.collect() >= 0)

# A collection inside a deallocation (the __del__ of an object in a list being freed)
# whose garbage holds a deep chain: clearing the garbage starts a deallocation deep
# enough that the chain's tail waits in the deferred list while the collection still
# holds it among its garbage.
class Cycle:
    pass


for depth in (300, 1000, 5000):
    cycle = Cycle()
    cycle.me = cycle
    cycle.payload = nest(depth)
    del cycle
    holder = [CollectsOnDel()]
    del holder
    junk = [[i] for i in range(5000)]
print("deep garbage cleared by a collection inside a deallocation: ok")
