# Class features CPython's library leans on: super()'s attributes, bytes, str and io.StringIO
# subclasses, io.BytesIO subclasses, metaclass __prepare__, writable __module__/__qualname__/
# __doc__ (repr follows), sys.flags/implementation/warnoptions, bytes methods as str's.
import io, sys
class A:
    def f(self):
        s = super()
        return s.__self__ is self, s.__thisclass__ is A, s.__self_class__ is A
print(A().f())
class B(bytes):
    def hexup(self): return self.hex().upper()
b = B(b"\x01\xff")
print(b, b.hexup(), type(b + b"x").__name__, isinstance(b, bytes), len(b), B.fromhex("0a"), type(B.fromhex("0a")).__name__)
class S(str):
    def shout(self): return self.upper() + "!"
s = S("hi")
print(s, s.shout(), type(s + "x").__name__, repr(s), S("a") == "a", hash(S("a")) == hash("a"))
class MyIO(io.StringIO):
    def write(self, t):
        return super().write(t.upper())
m = MyIO()
print("hello", file=m)
print(repr(m.getvalue()))
class MyB(io.BytesIO):
    pass
mb = MyB(b"abc")
print(mb.read(), isinstance(mb, io.BufferedIOBase))
print(sys.flags.optimize, sys.implementation.name != "", sys.warnoptions)
class M(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        print("prepare", name)
        return {"injected": 1}
class C(metaclass=M):
    pass
print(C.injected)
C.__module__ = "mod"; C.__qualname__ = "Q"; C.__doc__ = "doc"
print(C.__module__, C.__qualname__, C.__doc__, repr(C))
print(bytearray(b"abc").partition(b"b"), b"a,b".rsplit(b","), b"x\ny".splitlines(), b"ab".center(6, b"*"), b"aXa".count(b"a"))
print(memoryview(b"abcd")[1:3].tobytes(), bytes(memoryview(bytearray(b"xy"))))
