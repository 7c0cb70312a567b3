# Built-in functions of stdlib/builtins.cpp: results and CPython's error messages.
def t(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)

# min / max
t("max3", lambda: max(3, 1, 2))
t("maxit", lambda: max([4, 9, 2]))
t("minkey", lambda: min(["ccc", "a", "bb"], key=len))
t("maxkey_tie", lambda: max([(1, "a"), (1, "b")], key=lambda p: p[0]))
t("mindef", lambda: min([], default="empty"))
t("maxempty", lambda: max([]))
t("maxnone", lambda: max())
t("maxdef2", lambda: max(1, 2, default=3))
t("maxkw", lambda: max([1], foo=1))
t("maxmixed", lambda: max([1, "a"]))
t("maxgen", lambda: max(x * x for x in range(-5, 3)))
# sum
t("sum", lambda: sum([1, 2, 3]))
t("sumstart", lambda: sum([1, 2], 10))
t("sumkw", lambda: sum(range(5), start=100))
t("sumfloat", lambda: sum([0.1] * 10))
t("summix", lambda: sum([1, 2.5, 3]))
t("sumbig", lambda: sum([2**62, 2**62, 2**62]))
t("sumlists", lambda: sum([[1], [2]], []))
t("sumstr", lambda: sum(["a"], ""))
t("sumbool", lambda: sum([True, True, False]))
# sorted / reversed
t("sorted", lambda: sorted([3, 1, 2]))
t("sortedrev", lambda: sorted("banana", reverse=True))
t("sortedkey", lambda: sorted(["bb", "a", "ccc"], key=len))
t("sorted2", lambda: sorted([1], None))
t("reversed", lambda: list(reversed([1, 2, 3])))
t("reversedtuple", lambda: list(reversed((1, 2, 3))))
t("reversedstr", lambda: "".join(reversed("abc")))
t("reversedbad", lambda: reversed(5))
t("reversedname", lambda: type(reversed((1,))).__name__)
class Seq:
    def __len__(self): return 3
    def __getitem__(self, i): return i * 10
t("reversedseq", lambda: list(reversed(Seq())))
class Rev:
    def __reversed__(self): return iter("zyx")
t("reversedown", lambda: list(reversed(Rev())))
# enumerate / zip / map / filter
t("enum", lambda: list(enumerate("ab")))
t("enumstart", lambda: list(enumerate("ab", start=5)))
t("enumbig", lambda: list(enumerate("ab", 2**64)))
t("enumname", lambda: type(enumerate([])).__name__)
t("zip", lambda: list(zip("abc", [1, 2])))
t("zip3", lambda: list(zip("ab", "cd", "ef")))
t("zip0", lambda: list(zip()))
t("zipstrict", lambda: list(zip([1, 2], [3], strict=True)))
t("zipstrict2", lambda: list(zip([1], [2], [3, 4], strict=True)))
t("zipstrictok", lambda: list(zip([1], [2], strict=True)))
t("map", lambda: list(map(str, [1, 2])))
t("map2", lambda: list(map(lambda a, b: a + b, [1, 2, 3], [10, 20])))
t("map1", lambda: map(str))
t("filter", lambda: list(filter(lambda x: x % 2, range(7))))
t("filternone", lambda: list(filter(None, [0, 1, "", "a", None, []])))
t("filterbad", lambda: filter(None))
t("names", lambda: [type(x).__name__ for x in (zip(), map(str, []), filter(None, []), enumerate([]))])
# iter / next
t("iter2", lambda: list(iter([3, 2, 1, 0].pop, 1)))
t("iterbad", lambda: iter(1, 2))
t("nextdef", lambda: next(iter([]), "dflt"))
t("nextbad", lambda: next([1]))
t("callit", lambda: type(iter(int, 1)).__name__)
# any / all
t("any", lambda: (any([]), any([0, 1]), any(x > 2 for x in range(3))))
t("all", lambda: (all([]), all([1, 0]), all(x < 5 for x in range(3))))
# numbers
t("abs", lambda: (abs(-3), abs(-2.5), abs(True)))
t("absbad", lambda: abs("x"))
t("divmod", lambda: (divmod(7, 2), divmod(-7, 2), divmod(7, -2), divmod(7.5, 2), divmod(-7.5, 2)))
t("divmod0", lambda: divmod(1, 0))
t("divmodf0", lambda: divmod(1.0, 0))
t("divmodbad", lambda: divmod("a", 1))
class DM:
    def __divmod__(self, o): return ("dm", o)
    def __rdivmod__(self, o): return ("rdm", o)
t("divmodcls", lambda: (divmod(DM(), 1), divmod(1, DM())))
t("pow", lambda: (pow(2, 10), pow(2, -1), pow(3, 4, 5), pow(2.0, 3)))
t("round", lambda: (round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1234, -2), round(1250, -2)))
t("round2", lambda: (round(123.456, -1), round(0.125, 2), round(-1.5), round(5, 2), round(1e300, -300)))
t("roundtype", lambda: (type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, None)))
t("roundbad", lambda: round("a"))
t("roundinf", lambda: round(float("inf")))
t("roundnan", lambda: round(float("nan")))
class R:
    def __round__(self, n=None): return ("rounded", n)
t("roundcls", lambda: (round(R()), round(R(), 3)))
# conversions
t("hexoctbin", lambda: (hex(255), hex(-255), oct(8), bin(-5), bin(0), hex(2**70)))
t("hexbad", lambda: hex(1.5))
t("chrord", lambda: (chr(65), chr(0x263A), ord("a"), ord("€"), ord(b"z")))
t("chrbad", lambda: chr(0x110000))
t("chrbad2", lambda: chr(-1))
t("ordbad", lambda: ord("ab"))
t("ordbad2", lambda: ord(5))
t("format", lambda: (format(255, "x"), format(3.14159, ".2f"), format("s", ">3"), format(7)))
t("formatbad", lambda: format(1, 1))
t("repr", lambda: (repr("a'b"), ascii("é\n"), repr([1, "x"])))
t("len", lambda: (len("abc"), len([1]), len({}), len(range(10))))
t("lenbad", lambda: len(5))
t("lenargs", lambda: len())
t("hash", lambda: (hash(1) == hash(1.0), hash("a") == hash("a")))
t("hashbad", lambda: hash([]))
# isinstance / issubclass
class A: pass
class B(A): pass
t("isinst", lambda: (isinstance(B(), A), isinstance(1, (str, (float, int))), isinstance(True, int)))
t("isinstbad", lambda: isinstance(1, 1))
t("isinstbad2", lambda: isinstance(1, (str, 1)))
t("issub", lambda: (issubclass(B, A), issubclass(A, B), issubclass(bool, (str, int))))
t("issubbad", lambda: issubclass(1, int))
t("issubbad2", lambda: issubclass(int, 1))
# attributes
o = A()
t("setget", lambda: (setattr(o, "x", 5), getattr(o, "x"), getattr(o, "y", "dflt"), hasattr(o, "x"), hasattr(o, "y")))
t("delattr", lambda: (delattr(o, "x"), hasattr(o, "x")))
t("getattrbad", lambda: getattr(o, 1))
t("getattrmissing", lambda: getattr(o, "nope"))
t("getattrargs", lambda: getattr(o))
t("callable", lambda: (callable(len), callable(A), callable(o), callable(1)))
t("vars", lambda: (o.__setattr__("k", 1), vars(o)))
t("varsbad", lambda: vars(1))
class D:
    cls_attr = 1
    def method(self): pass
d = D()
d.inst = 2
t("dir", lambda: [n for n in dir(d) if not n.startswith("__")])
import math
t("dirmod", lambda: "sqrt" in dir(math))
class Dir:
    def __dir__(self): return ["b", "a"]
t("dircustom", lambda: dir(Dir()))
t("id", lambda: (id(o) == id(o), id(o) != id(d), type(id(1)).__name__))
# print
import sys
print("a", 1, None, sep="-", end="!\n")
print("to stderr-free", file=sys.stdout)
class W:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s)
w = W()
print("x", "y", sep="+", file=w)
print(w.parts)
t("printsep", lambda: print(sep=1))
t("printkw", lambda: print(bad=1))
print("flushed", flush=True)
# int and float subclasses, bools, __index__ objects
class MyInt(int): pass
class MyFloat(float): pass
t("divmodsub", lambda: (divmod(True, 2), divmod(MyInt(7), 2), divmod(7, MyFloat(2.0)), divmod(2**70, -3)))
t("roundsub", lambda: (round(True), round(MyInt(15), -1), round(7, 0), type(round(True)).__name__))
t("summixed", lambda: (sum([1, 2.5, 3, 4.5]), sum([2**63, 1.5]), sum([0.5, 2**62]), sum([MyInt(3), 4])))
class Num:
    def __index__(self): return 5
t("index", lambda: (hex(Num()), bin(Num()), oct(Num()), list(enumerate("ab", True))))
t("roundfloat", lambda: (round(-0.0), round(0.49999999999999994), round(4.5), round(5.5), round(1e16 + 1.0)))
t("roundfloat2", lambda: (round(2.675, 1), round(1.005, 2), round(-1.005, 2), round(1e-320, 320), round(123.0, 400)))
t("roundneg", lambda: (round(12345.6789, -2), round(-12345.6789, -3), round(5e-324, -10)))
t("roundover", lambda: round(1.7976931348623157e308, -308))
class Bad:
    def __str__(self): raise ValueError("no str")
try:
    print("partial", Bad())
except ValueError as e:
    print("| caught", e)
