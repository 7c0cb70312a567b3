# The dicts of built-in types are filled on first use (runtime/type.h, kTypeDictUnfilled):
# every way of reading one sees the same entries as if it had been filled at start-up,
# and what native set-up put in early (unhashable types' __hash__ None) stays.
import array
import collections

# Set before the dict was filled: kept, not replaced by the slot wrapper.
print(bytearray.__hash__ is None, collections.deque.__hash__ is None, array.array.__hash__ is None)
print(list.__hash__ is None, dict.__hash__ is None, int.__hash__ is None)

# Each reader of a type's dict, first on a type nothing has looked into yet.
print(object.__getattribute__(memoryview, "tobytes").__name__)
print("__add__" in vars(complex), "conjugate" in complex.__dict__)
print([n for n in dir(range) if not n.startswith("_")])
print(type(iter([])).__dict__["__next__"].__name__)
print(frozenset.__doc__.splitlines()[0])


class Sub(bytes):
    def hex(self):
        return "sub:" + super().hex()


print(Sub(b"\x01\x02").hex(), Sub.__mro__[1].__dict__["hex"].__name__)


# A metaclass: the class's own dict, not a second one.
class Meta(type):
    pass


class C(metaclass=Meta):
    x = 1


print(object.__getattribute__(C, "x"), "x" in C.__dict__, C.__dict__ is not None)
print(sorted(k for k in vars(slice) if not k.startswith("__")))
