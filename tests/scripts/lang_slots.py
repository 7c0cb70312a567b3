# __slots__: member descriptors over fixed fields, no instance __dict__, inheritance,
# "__dict__" in the slots, private names, CPython's errors; and __set_name__ /
# __init_subclass__ on the way (class creation hooks).
import gc
import weakref


class P:
    __slots__ = ("a", "__b")

    def __init__(self, a):
        self.a = a
        self.__b = a * 2

    def b(self):
        return self.__b


p = P(3)
print(P.a, type(P.a).__name__, list(P.__dict__), P._P__b, P.a.__name__, P.a.__objclass__)
print(p.a, p.b(), hasattr(p, "__dict__"), P.__slots__)
for action in ["p.c = 1", "p.__dict__", "P(1).missing"]:
    try:
        exec(action)
    except AttributeError as e:
        print("AttributeError:", e)
q = P.__new__(P)
try:
    q.a
except AttributeError as e:
    print("AttributeError:", e)
try:
    del q.a
except AttributeError as e:
    print("AttributeError:", e)
p.a = [1, 2]
del p.a
print(hasattr(p, "a"))
try:
    P.a.__get__(5)
except TypeError as e:
    print("TypeError:", e)


class Q(P):
    __slots__ = "c"


class R(P):
    pass


q = Q(1)
q.c = "c"
r = R(2)
r.extra = "has a dict"
print(q.a, q.c, hasattr(q, "__dict__"), r.extra, r.__dict__, Q.__slots__)


class WithDict:
    __slots__ = ("x", "__dict__", "__weakref__")


w = WithDict()
w.x = 1
w.y = 2
print(w.x, w.__dict__, weakref.ref(w)() is w)


class Empty:
    __slots__ = ()


try:
    Empty().z = 1
except AttributeError as e:
    print("AttributeError:", e)

for src in ["class A:\n    __slots__ = ('x',)\n    x = 1",
            "class A(int):\n    __slots__ = ('x',)",
            "class A:\n    __slots__ = (1,)",
            "class A:\n    __slots__ = ('not ok',)",
            "class A:\n    __slots__ = ('__dict__', '__dict__')",
            "class A:\n    __slots__ = ('a',)\nclass B:\n    __slots__ = ('b',)\nclass C(A, B): pass"]:
    try:
        exec(src, {})
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)


class Cycle:
    __slots__ = ("other", "__weakref__")


a, b = Cycle(), Cycle()
a.other, b.other = b, a
probe = weakref.ref(a)
del a, b
gc.collect()
print("cycle through slots collected:", probe() is None)


class Tuple2(tuple):
    __slots__ = ()


print(Tuple2((1, 2)), hasattr(Tuple2(), "__dict__"))


class Field:
    def __set_name__(self, owner, name):
        print("__set_name__", owner.__name__, name)
        self.name = name

    def __get__(self, obj, objtype=None):
        return self if obj is None else f"<{self.name} of {type(obj).__name__}>"


class Base:
    def __init_subclass__(cls, /, tag=None, **kwargs):
        super().__init_subclass__(**kwargs)
        print("__init_subclass__", cls.__name__, tag)
        cls.tag = tag


class Model(Base, tag="model"):
    name = Field()
    size = Field()


print(Model().name, Model.tag, type(Model.__dict__["size"]).__name__)
try:
    class Bad(Base, unknown=1):
        pass
except TypeError as e:
    print("TypeError:", e)
