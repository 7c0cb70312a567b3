# collections.deque subclassed from Python (with __init__ overrides, attributes, overridden
# methods), copies of subclasses, and deques in reference cycles that the collector frees
# (recorded from CPython 3.11).
import gc
from collections import deque


class Plain(deque):
    pass


class Bounded(deque):
    def __init__(self, items, size=3):
        super().__init__(items, maxlen=size)
        self.tag = "bounded"


class Logging(deque):
    def append(self, x):
        print("append", x)
        super().append(x)

    def __iter__(self):
        print("iter")
        return super().__iter__()


class NoArgs(deque):
    def __init__(self, *args):
        super().__init__()


class Stack(deque):
    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        self.created = True
        return self

    def push(self, x):
        self.append(x)

    def peek(self):
        return self[-1]


p = Plain([1, 2])
print(p, type(p).__name__, isinstance(p, deque), p.maxlen, len(p), p == deque([1, 2]))
p.extra = "attr"
print(p.extra, p.__dict__)
b = Bounded("abcdef")
print(b, b.tag, b.maxlen)
b.append("g")
print(b, repr(b), str(b))
print(Bounded([1], 2), Bounded([], 0))

# copy, +, * make an instance of the subclass through its constructor.
c = b.copy()
print(c, type(c).__name__, c.tag, c == b, c is b)
print(type(b + Bounded("z")).__name__, b + Bounded("z"))
print(type(b * 2).__name__, b * 2, type(p * 2).__name__, p * 2, type(p + deque([0])).__name__)
print(NoArgs([1, 2]).copy(), type(p.__copy__()).__name__)


class BadCopy(deque):
    def __new__(cls, *args):
        if args:
            return 42
        return super().__new__(cls)


try:
    BadCopy().copy()
except TypeError as e:
    print("TypeError:", e)

# Overridden methods are used by Python callers; repr and comparisons go through __iter__.
lg = Logging([1])
lg.append(2)
print(repr(lg))
print(lg == deque([1, 2]))
lg.extend([3])
print(list(lg))

s = Stack()
s.push(1)
s.push(2)
print(s, s.peek(), s.created, len(s))


# Subclasses stay unhashable unless they say otherwise.
class Hashable(deque):
    def __hash__(self):
        return 7


try:
    hash(Plain())
except TypeError as e:
    print("TypeError:", e)
print(hash(Hashable()), Plain.__hash__)


# Comparisons between deque subclasses and deques; sorting deques.
print(Plain([1]) < deque([2]), deque([3]) > Plain([2]), sorted([deque([2]), Plain([1]), deque([1, 0])]))


# Cycles: a deque holding itself, a deque and an object holding each other, a subclass
# instance whose __dict__ refers back, an iterator stored inside its own deque.
class Tracked:
    alive = 0

    def __init__(self, name):
        self.name = name
        Tracked.alive += 1

    def __del__(self):
        Tracked.alive -= 1
        print("freed", self.name)


gc.collect()
d = deque([Tracked("self-cycle")])
d.append(d)
del d
gc.collect()

t = Tracked("pair")
d = deque([t])
t.owner = d
del t, d
gc.collect()

p = Plain([Tracked("subclass")])
p.me = p
del p
gc.collect()

d = deque([Tracked("iterator")])
d.append(iter(d))
del d
gc.collect()

d = deque([Tracked("bounded")], maxlen=5)
d.append(d)
d.append(reversed(d))
del d
gc.collect()
print("alive", Tracked.alive)

# Garbage cycles built in a loop are all freed.
for i in range(200):
    a = deque()
    b = deque([a])
    a.append(b)
del a, b
gc.collect()
print("done")
