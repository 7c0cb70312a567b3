# obj.__class__ = cls: allowed between classes defined in Python whose layouts agree, with
# CPython's TypeErrors otherwise; the object keeps its new class alive.
class A:
    def f(self): return "A"
class B:
    def f(self): return "B"
class L(list):
    pass
a = A()
a.__class__ = B
print(a.f(), type(a).__name__, isinstance(a, B))
for target, val in ((a, 1), (a, int), (a, L), (L(), A), (1, A)):
    try:
        target.__class__ = val
    except TypeError as e:
        print("TypeError:", e)
try:
    del a.__class__
except TypeError as e:
    print("TypeError:", e)
class C(B):
    pass
a.__class__ = C
print(a.f(), type(a).__mro__[0].__name__)
import gc
del A, B
gc.collect()
print(type(a).__name__)
