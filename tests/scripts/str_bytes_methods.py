# Every method bytes and bytearray share, on both types, over a table of receivers and
# arguments (edge cases: empty, start/end, negative counts, maxsplit, widths), plus the
# argument-count and keyword errors of each (recorded from CPython 3.11).
def show(r):
    if isinstance(r, (list, tuple)):
        return type(r).__name__ + "[" + ", ".join(show(x) for x in r) + "]"
    if isinstance(r, (bytes, bytearray)):
        return ("ba" if isinstance(r, bytearray) else "b") + repr(bytes(r))[1:]
    return repr(r)

def t(recv, name, *args, **kw):
    # Called through the type (bytes.find(b, ...)), as a direct method call reports errors.
    try:
        if isinstance(recv, type):
            r = show(getattr(recv, name)(*args, **kw))
        else:
            r = show(getattr(type(recv), name)(recv, *args, **kw))
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    shown = tuple(a if isinstance(a, (bytes, bytearray, str, int, tuple, list, type(None))) else type(a).__name__
                  for a in args)
    print(recv.__name__ if isinstance(recv, type) else type(recv).__name__, name, shown, kw or "", "->", r)

receivers = [b"", b"abc", b"  a b\tc  ", b"aXbXXc", b"Hello, World! 123", b"ab\ncd\r\nef\rgh\n"]
table = [
    ("find", [(b"b",), (b"",), (b"", 10), (98, 1), (b"X", 2, 4), (b"c", -2), (b"zz",), (b"b", None, None)]),
    ("rfind", [(b"X",), (b"",), (b"X", 0, 3), (99,), (b"c", 0, -1)]),
    ("index", [(b"b",), (b"q",), (b"", 1)]),
    ("rindex", [(b"X",), (b"q",)]),
    ("count", [(b"X",), (b"XX",), (b"",), (b"", 2), (b"", 100), (88,), (b"a", 1, 2)]),
    ("startswith", [(b"a",), (b"",), (b"", 100), (b"b", 1), ((b"x", b"a"),), (b"a", 0, 0)]),
    ("endswith", [(b"c",), (b"",), (b"b", 0, 2), ((b"c", b"x"),), (b"c", -1)]),
    ("split", [(), (b"X",), (b"X", 1), (None, 1), (b"XX",)]),
    ("rsplit", [(), (b"X",), (b"X", 1), (None, 1), (b"XX", 0)]),
    ("splitlines", [(), (True,)]),
    ("partition", [(b"X",), (b"q",), (b"a",)]),
    ("rpartition", [(b"X",), (b"q",), (b"c",)]),
    ("strip", [(), (b"ac ",), (None,)]),
    ("lstrip", [(), (b"a",)]),
    ("rstrip", [(), (b"c ",)]),
    ("replace", [(b"X", b"-"), (b"X", b"-", 1), (b"", b"."), (b"", b".", 2), (b"q", b"z"), (b"X", b"", -1), (b"X", b"YY", 0)]),
    ("center", [(9,), (10, b"*"), (2,)]),
    ("ljust", [(8, b"."), (0,)]),
    ("rjust", [(8,)]),
    ("zfill", [(8,), (0,)]),
    ("expandtabs", [(), (2,), (0,), (-1,)]),
    ("upper", [()]), ("lower", [()]), ("swapcase", [()]), ("title", [()]), ("capitalize", [()]),
    ("isalnum", [()]), ("isalpha", [()]), ("isascii", [()]), ("isdigit", [()]), ("islower", [()]),
    ("isspace", [()]), ("istitle", [()]), ("isupper", [()]),
    ("removeprefix", [(b"a",), (b"",)]),
    ("removesuffix", [(b"c",), (b"",)]),
    ("hex", [(), (":",), ("-", 2), (b"_", -2)]),
    ("decode", [(), ("latin-1",)]),
    ("translate", [(None,), (None, b"aeiou "), (bytes.maketrans(b"abc", b"ABC"),)]),
]
for recv in receivers:
    for kind in (bytes, bytearray):
        r = kind(recv)
        for name, calls in table:
            for args in calls:
                t(r, name, *args)

print("-- join")
for kind in (bytes, bytearray):
    sep = kind(b", ")
    t(sep, "join", [])
    t(sep, "join", [b"a"])
    t(sep, "join", (b"a", bytearray(b"b")))
    t(sep, "join", iter([b"x", b"y"]))
    t(sep, "join", [b"a", 1])

print("-- argument errors")
for kind in (bytes, bytearray):
    r = kind(b"abc")
    for name in ["find", "count", "startswith", "split", "rsplit", "partition", "strip", "replace",
                 "center", "zfill", "expandtabs", "upper", "isalpha", "hex", "decode", "translate",
                 "splitlines", "removeprefix", "join"]:
        t(r, name)
        t(r, name, 1, 2, 3, 4, 5)
        t(r, name, zz=1)
    t(r, "split", maxsplit="x")
    t(r, "split", b"a", maxsplit=1, sep=b"b")
    t(r, "center", 10**30)
    t(r, "hex", "ab")
    t(r, "hex", "\xe9")
    t(r, "hex", bytearray(b":"))
    t(r, "hex", ":", "x")
    t(r, "expandtabs", "x")
    t(r, "splitlines", "x")
    t(r, "zfill", "x")
    t(r, "count", b"a", "x")
    t(r, "translate", b"x" * 256, zz=1)
    t(r, "translate", table=None)
    t(kind, "fromhex")
    t(kind, "fromhex", "00", zz=1)
    t(kind, "fromhex", "0g")
    t(kind, "fromhex", " 0 1 ")
    t(kind, "fromhex", "  ")
    t(kind, "maketrans", b"a")
    t(kind, "maketrans", b"a", b"b", zz=1)
