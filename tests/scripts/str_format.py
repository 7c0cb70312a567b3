# format(str, spec), str.format and str.format_map (recorded from CPython 3.11).
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

for spec in ["", "6", ">6", "<6", "^6", "*^7", "0>5", "05", ".2", "8.3", "^9.1", "s", "<1",
             "+", " ", "=", "#", ",", "_", "d", "x", ".", "xx<5", "z", ",_", "99999999999999999999"]:
    t(lambda: format("abc", spec))
t(lambda: "abc".__format__(">5"))
t(lambda: "abc".__format__(1))
t(lambda: "{} and {}".format("a", 1))
t(lambda: "{1}{0}{1}".format("a", "b"))
t(lambda: "{{}} {{{}}}".format(1))
t(lambda: "{0!r:>6}|{0!s}|{0!a}".format("é"))
t(lambda: "{:{}}|".format("a", 3))
t(lambda: "{:{}{}}|".format("a", ">", 4))
t(lambda: "{0:{1}}|{2}".format("ab", 5, "c"))
t(lambda: "{0[1]}{0[0]}".format(("x", "y")))
t(lambda: "{0[a]}{0[1]}".format({"a": "A", 1: "one"}))
t(lambda: "{0[-1]}".format({"-1": "m"}))
t(lambda: "{x[0]}{y}".format(x=[7], y="!"))
t(lambda: "{0.imag}".format(3))
t(lambda: "{:>{w}}|".format("r", w=4))
t(lambda: "{}{0}".format(1))
t(lambda: "{0}{}".format(1))
t(lambda: "{1}".format(1))
t(lambda: "{a}".format())
t(lambda: "{".format())
t(lambda: "}".format())
t(lambda: "a}b".format())
t(lambda: "{0".format(1))
t(lambda: "{!}".format(1))
t(lambda: "{!x}".format(1))
t(lambda: "{!r".format(1))
t(lambda: "{!rx}".format(1))
t(lambda: "{0[}".format(1))
t(lambda: "{0]x}".format([1]))
t(lambda: "{0.}".format(1))
t(lambda: "{0[0]x}".format([1]))
t(lambda: "{0.x}".format(1))
t(lambda: "{:{:{}}}".format(1, 2, 3))
t(lambda: "{a{}".format())
t(lambda: "{0:d}".format("a"))
t(lambda: "{:s}".format(None))
t(lambda: "{name} is {age}".format_map({"name": "Ann", "age": "7"}))
t(lambda: "{}".format_map({}))
t(lambda: "{x}".format_map({}))
t(lambda: "plain".format_map(1))

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __format__(self, spec):
        return "P(" + spec + ")"
    def __repr__(self):
        return "Point()"

p = Point(1, 2)
t(lambda: "{0.x},{0.y}".format(p))
t(lambda: "{:abc}".format(p))
t(lambda: "{!r:>9}".format(p))
t(lambda: "{0:{1}}".format(p, "nested"))
