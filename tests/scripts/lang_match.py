# match statements: every pattern kind, guards, bindings, and CPython's errors.
import collections
import collections.abc


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Color:
    RED = 1
    GREEN = 2


def describe(v):
    match v:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case 2+3j:
            return "complex"
        case "hello" "world":
            return "concatenated"
        case b"bytes":
            return "bytes"
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case []:
            return "empty list-like"
        case [x]:
            return f"one item {x!r}"
        case [x, y] if x == y:
            return f"pair of equals {x!r}"
        case (x, y):
            return f"pair {x!r} {y!r}"
        case [first, *rest] if len(rest) > 3:
            return f"long {first} {rest}"
        case [first, *_, last]:
            return f"first {first} last {last}"
        case {"type": "circle", "r": r}:
            return f"circle {r}"
        case {"type": t, **others}:
            return f"typed {t} {sorted(others.items())}"
        case {}:
            return "some mapping"
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x, 0) as p:
            return f"on x axis at {x} ({type(p).__name__})"
        case Point(x=px, y=py) if px == py:
            return f"diagonal {px}"
        case Point():
            return "some point"
        case int(n) if n > 100:
            return f"big int {n}"
        case str() as s:
            return f"string {s!r}"
        case float(f) | int(f):
            return f"number {f}"
        case _:
            return "other"


for v in [0, 2, -1, 1.5, 2+3j, "helloworld", b"bytes", None, True, 1, Color.RED, (),
          [7], (4, 4), [4, 5], [1, 2, 3, 4, 5], "abc", (1, 2, 3), range(3),
          {"type": "circle", "r": 3}, {"type": "square", "side": 2, "color": "red"},
          {"other": 1}, Point(0, 0), Point(0, 5), Point(5, 0), Point(3, 3), Point(1, 2),
          150, 7, 2.5, object(), collections.deque([9]), collections.OrderedDict(a=1),
          False, 1.0, bytearray(b"xy"), "x"]:
    print(repr(v) if not isinstance(v, (Point, object().__class__)) or isinstance(v, (int, str)) else type(v).__name__, "->", describe(v))


# Bindings survive the match statement; capture at top level and in functions.
match [1, [2, 3]]:
    case [a, [b, c]]:
        print("nested", a, b, c)

match {"k": [1, {"z": 2}]}:
    case {"k": [one, {"z": two}]}:
        print("deep mapping", one, two)

# The subject is evaluated once.
calls = []


def subject():
    calls.append(1)
    return (1, 2)


match subject():
    case (9, _):
        pass
    case (1, q):
        print("q", q, "calls", len(calls))

# Tuple subject without parentheses, and open sequence patterns.
match 1, 2:
    case a, b:
        print("open sequence", a, b)

match (1, 2, 3):
    case (1, *middle, 3):
        print("middle", middle)

# Guards see captured names; a failed guard goes on to the next case.
for pair in [(1, 1), (1, 2)]:
    match pair:
        case (x, y) if x == y:
            print("equal", x)
        case (x, y):
            print("different", x, y)

# AS patterns on sub-patterns and on OR patterns.
match [1, (2, 3)]:
    case [int() as i, (2 | 3) as j, *_] :
        print("never")
    case [int() as i, (2, 3) as tup]:
        print("as", i, tup)

match 3:
    case (1 | 2 | 3) as small:
        print("or-as", small)

# Strings, bytes and bytearrays are not sequences for sequence patterns.
for s in ["ab", b"ab", bytearray(b"ab")]:
    match s:
        case [a, b]:
            print("sequence?!", a, b)
        case _:
            print("not a sequence:", type(s).__name__)

# A mapping pattern ignores extra keys; a key missing or a value mismatch fails.
match {"a": 1, "b": 2}:
    case {"a": 2}:
        print("wrong")
    case {"a": 1}:
        print("mapping match ignores extra keys")

# Value patterns use ==, singletons use `is`.
match 1.0:
    case 1:
        print("1.0 == 1")
match 1:
    case True:
        print("wrong: 1 is not True")
    case _:
        print("1 is not True")

# Class patterns on built-in types match the whole subject positionally.
for v in [5, "s", [1], (1,), {1: 2}, {3}, frozenset([4]), 2.5, b"b", bytearray(b"c"), True]:
    match v:
        case bool(x):
            print("bool", x)
        case int(x):
            print("int", x)
        case str(x):
            print("str", x)
        case list(x) | tuple(x):
            print("list or tuple", x)
        case dict(x):
            print("dict", x)
        case set(x) | frozenset(x):
            print("set", sorted(x))
        case float(x):
            print("float", x)
        case bytes(x) | bytearray(x):
            print("bytes", x)


# A registered collections.abc.Sequence and Mapping are matched as such.
class MySeq(collections.abc.Sequence):
    def __init__(self, items):
        self.items = items

    def __getitem__(self, i):
        return self.items[i]

    def __len__(self):
        return len(self.items)


class MyMap(collections.abc.Mapping):
    def __init__(self, d):
        self.d = d

    def __getitem__(self, k):
        return self.d[k]

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)


match MySeq([1, 2]):
    case [a, b]:
        print("MySeq", a, b)
match MyMap({"k": "v"}):
    case {"k": v}:
        print("MyMap", v)


# __match_args__ errors, attribute lookups that fail, non-class patterns.
class NoArgs:
    pass


class BadArgs:
    __match_args__ = ["x"]


class NotStrArgs:
    __match_args__ = (1,)


def describe_class(obj, kind):
    notaclass = len
    match kind, obj:
        case "pos", NoArgs(a):
            return a
        case "pos", BadArgs(a):
            return a
        case "pos", NotStrArgs(a):
            return a
        case "toomany", Point(a, b, c):
            return a
        case "dupe", Point(a, x=b):
            return a
        case "notaclass", notaclass():
            return 1
        case "int2", int(a, b):
            return 1


for thunk in [
    lambda: describe_class(NoArgs(), "pos"),
    lambda: describe_class(BadArgs(), "pos"),
    lambda: describe_class(NotStrArgs(), "pos"),
    lambda: describe_class(Point(1, 2), "toomany"),
    lambda: describe_class(Point(1, 2), "dupe"),
    lambda: describe_class(5, "notaclass"),
    lambda: describe_class(5, "int2"),
]:
    try:
        thunk()
    except TypeError as e:
        print("TypeError:", e)


class Lazy:
    __match_args__ = ("missing",)


match Lazy():
    case Lazy(x):
        print("wrong")
    case _:
        print("missing attribute: no match")

# Duplicate keys found only at run time are a ValueError.
k = "a"
try:
    match {"a": 1}:
        case {"a": 1, Color.RED: 2}:
            pass
    class K:
        A = "a"
    match {"a": 1, "b": 2}:
        case {"a": 1, K.A: 2}:
            pass
except ValueError as e:
    print("ValueError:", e)

# Compile-time errors, with CPython's messages.
errors = [
    "match x:\n    case y:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case _:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case y | 1:\n        pass\n",
    "match x:\n    case [a, a]:\n        pass\n",
    "match x:\n    case [*a, *b]:\n        pass\n",
    "match x:\n    case {'a': 1, 'a': 2}:\n        pass\n",
    "match x:\n    case 1 | y:\n        pass\n",
    "match x:\n    case [a] | [b]:\n        pass\n",
    "match x:\n    case Point(x=1, x=2):\n        pass\n",
    "match x:\n    case Point(x=1, 2):\n        pass\n",
    "match x:\n    case 1 + 1:\n        pass\n",
    "match x:\n    case 1j + 1:\n        pass\n",
    "match x:\n    case f'x':\n        pass\n",
    "match x:\n    case a as _:\n        pass\n",
    "match x:\n    case a as 1:\n        pass\n",
    "match x\n    case 1:\n        pass\n",
    "match x:\n    case 1\n        pass\n",
    "match x:\n    case 1:\n    pass\n",
    "match x:\nx = 1\n",
    "match x:\n    case {**rest, 'a': 1}:\n        pass\n",
    "match x:\n    case *a:\n        pass\n",
]
for src in errors:
    try:
        compile(src, "<match>", "exec")
        print("compiled?!", repr(src))
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno, e.offset)

# `match` and `case` stay ordinary names.
match = [1, 2]
case = 3
print(match, case, match[0])
match.append(case)
print(match)
match(x := 5) if False else None


def match(*args):
    return args


print(match(1, 2))

# array.array is a sequence for sequence patterns, as in CPython.
import array
match array.array("i", [4, 5]):
    case [a, b]:
        print("array items", a, b)
