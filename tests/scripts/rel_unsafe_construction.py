# Built-in types cannot be made with their fields unset (issue 11, class 6):
# object.__new__(int) is refused as unsafe, internal types cannot be called, and
# function(), code() and types.MethodType() check their arguments.
import types


def attempt(label, thunk):
    try:
        result = thunk()
        print(label, "->", type(result).__name__)
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


def gen():
    yield 1


async def coro():
    pass


async def agen():
    yield 1


def plain():
    pass


def make_adder(n):
    def add(x):
        return x + n
    return add


suspended = coro()
suspended.close()
builtin_types = [
    int, set, frozenset, slice, range, list, dict, tuple, str, bytes, float, bool,
    type(None), type(...), type(NotImplemented), bytearray, memoryview, property,
    type, BaseException, ValueError, types.ModuleType, types.MappingProxyType, super,
    zip, map,
]
internal_types = [
    type(x for x in []), type(gen()), type(suspended), type(agen()),
    type({}.keys()), type({}.values()), type({}.items()), type(iter({})),
    type(iter([])), type(reversed([])), type(iter(range(1))), type(len), type([].append),
    type(int.__add__), type(object.__init__), type(str.join), type(int.real),
]
special_types = [type(plain), type(plain.__code__), types.MethodType]

print("-- object.__new__ of a built-in type")
for t in builtin_types + internal_types + special_types:
    attempt(f"object.__new__({t.__name__})", lambda: object.__new__(t))
attempt("object.__new__(object)", lambda: object.__new__(object))


class FromInt(int):
    pass


class WithNew(FromInt):
    def __new__(cls):
        return int.__new__(cls, 7)


class Plain:
    pass


attempt("object.__new__(FromInt)", lambda: object.__new__(FromInt))
attempt("object.__new__(WithNew)", lambda: object.__new__(WithNew))
attempt("object.__new__(Plain)", lambda: object.__new__(Plain))
attempt("int.__new__(bool)", lambda: int.__new__(bool))
attempt("int.__new__(WithNew)", lambda: int.__new__(WithNew))
attempt("dict.__new__(list)", lambda: dict.__new__(list))
attempt("set.__new__(frozenset)", lambda: set.__new__(frozenset))
attempt("object.__new__()", lambda: object.__new__())
attempt("object.__new__(1)", lambda: object.__new__(1))

print("-- calling internal types")
for t in internal_types:
    attempt(f"{t.__name__}()", lambda: t())
attempt("ellipsis()", lambda: type(...)())
attempt("ellipsis() is ...", lambda: type(...)() is ...)
attempt("NotImplementedType()", lambda: type(NotImplemented)())
attempt("NoneType(1)", lambda: type(None)(1))

print("-- function()")
function = type(plain)
adder = make_adder(10)
attempt("function()", lambda: function())
attempt("function(code)", lambda: function(plain.__code__))
attempt("function(1, {})", lambda: function(1, {}))
attempt("function(code, 1)", lambda: function(plain.__code__, 1))
attempt("function(code, {}, 1)", lambda: function(plain.__code__, {}, 1))
attempt("function(code, {}, None, 1)", lambda: function(plain.__code__, {}, None, 1))
attempt("function(free code, {})", lambda: function(adder.__code__, {}))
attempt("function(free code, {}, closure=1)", lambda: function(adder.__code__, {}, None, None, 1))
attempt("function(free code, {}, closure=())", lambda: function(adder.__code__, {}, None, None, ()))
attempt("function(free code, {}, closure=(1,))", lambda: function(adder.__code__, {}, None, None, (1,)))
attempt("function(code, {}, closure=cells)", lambda: function(plain.__code__, {}, None, None, adder.__closure__))
rebuilt = function(adder.__code__, {}, "rebuilt", None, adder.__closure__)
print("rebuilt:", rebuilt.__name__, rebuilt(5))
with_defaults = function(make_adder.__code__, globals(), None, (3,))
print("with defaults:", with_defaults()(1))

print("-- code() and MethodType()")
code = type(plain.__code__)
attempt("code()", lambda: code())
attempt("code(1)", lambda: code(1))
attempt("MethodType()", lambda: types.MethodType())
attempt("MethodType(len)", lambda: types.MethodType(len))
attempt("MethodType(len, None)", lambda: types.MethodType(len, None))
attempt("MethodType(1, 2)", lambda: types.MethodType(1, 2))
attempt("MethodType(len, 1, 2)", lambda: types.MethodType(len, 1, 2))
attempt("MethodType(func=len, self=1)", lambda: types.MethodType(func=len, self=1))
bound = types.MethodType(lambda self, x: (self, x), "me")
print("bound:", bound(1))
