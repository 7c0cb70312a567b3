# Attribute loads, method loads and stores at one site that sees its types change under
# it: a class attribute added, replaced by a property, a method shadowed by the instance
# and unshadowed, __class__ reassigned, keys deleted and re-added (so a remembered dict
# position goes stale), slots, modules, __getattr__ added to a class later, and many
# types through one site. The VM caches each of these sites; the answers must not change.
import math


class A:
    def __init__(self, x):
        self.x = x

    def m(self):
        return "A.m"


class B(A):
    pass


def load_x(o):
    return o.x


def call_m(o):
    return o.m()


def store_x(o, v):
    o.x = v


a = A(1)
b2 = B(2)
print([load_x(a) for _ in range(3)])

# A data descriptor added to the class takes precedence over the instance dict.
A.x = property(lambda self: "property x")
print(load_x(a), load_x(b2))
try:
    store_x(b2, 3)
except AttributeError as e:
    print("AttributeError:", e)
del A.x
print(load_x(a))

# A class attribute seen when the instance dict lacks the name.
del a.x
A.x = "class x"
print(load_x(a))
store_x(a, 5)
print(load_x(a), A.x)
del A.x

# Methods: shadowed by an instance attribute, then unshadowed; replaced on the class;
# replaced on a base after a subclass instance was seen.
b = B(3)
print(call_m(a), call_m(b))
a.m = lambda: "instance m"
print(call_m(a), call_m(b))
del a.m
print(call_m(a))
A.m = lambda self: "new A.m"
print(call_m(a), call_m(b))
B.m = lambda self: "B.m"
print(call_m(a), call_m(b))

# Stale dict positions: the same key deleted and re-added elsewhere in the dict.
c = A(10)
c.y = 11
c.z = 12
for step in range(4):
    print(load_x(c), end=" ")
    del c.x
    c.w = step
    c.x = 20 + step
print()
for i in range(3):
    store_x(c, i)
    print(c.__dict__)

# Different types through one site; instances whose dicts have other orders.
class P:
    __slots__ = ("x",)

    def __init__(self):
        self.x = "slot x"


class Q:
    def __init__(self):
        self.a = 1
        self.x = "q x"


objs = [A(1), P(), Q(), B(2), math, A(3), P()]
math.x = "module x"
print([load_x(o) for o in objs])
for o in objs:
    store_x(o, "stored")
print([load_x(o) for o in objs])
del math.x

# __class__ reassigned between two loads of the same object.
class C1:
    kind = "C1"


class C2:
    kind = "C2"


def kind(o):
    return o.kind


o = C1()
print(kind(o))
o.__class__ = C2
print(kind(o))

# __getattr__ and __setattr__ added to a class after its sites were used.
class G:
    pass


g = G()
g.x = 1
print(load_x(g))
del g.x
try:
    load_x(g)
except AttributeError as e:
    print("AttributeError:", e)
G.__getattr__ = lambda self, name: "getattr " + name
print(load_x(g))
G.__setattr__ = lambda self, name, v: print("setattr", name, v)
store_x(g, 7)
print(g.__dict__)

# A missing attribute through a cached site keeps CPython's message; modules too.
for target in (A(0), math):
    try:
        print(target.nothing_here)
    except AttributeError as e:
        print("AttributeError:", e)

# One site that alternates between two types (each keeps its own cache entry), then a
# method replaced on one of them, then a third type; stores alternating too, with the
# instance dicts in different orders.
class Left:
    def who(self):
        return "left"


class Right:
    def who(self):
        return "right"


class Third:
    def who(self):
        return "third"


def who(o):
    return o.who()


def set_tag(o, v):
    o.tag = v


pair = [Left(), Right()]
print([who(o) for o in pair * 3])
Right.who = lambda self: "right, replaced"
print([who(o) for o in pair * 2])
print([who(o) for o in [Third(), Left(), Right(), Third()]])
pair[1].extra = 1  # Right's instance: 'extra' before 'tag'
for round_ in range(3):
    for o in pair:
        set_tag(o, round_)
print([vars(o) for o in pair])
pair[0].who = lambda: "shadowed"
print([who(o) for o in pair])
