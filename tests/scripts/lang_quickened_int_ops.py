# The quickened small-int forms of BINARY_OP (*, //, %, &, |, ^): each site is warmed with
# small ints, so that it specialises, and then given what the specialised form must hand
# back to the generic path: results past the small-int range, a zero divisor, negative
# operands (floor rounding), floats, bools, big ints and an int subclass with its own
# operators; then small ints again.
import sys


def mul(a, b): return a * b
def floordiv(a, b): return a // b
def mod(a, b): return a % b
def and_(a, b): return a & b
def or_(a, b): return a | b
def xor(a, b): return a ^ b


def imul(a, b):
    a *= b
    return a


def imod(a, b):
    a %= b
    return a


class Weird(int):
    def __mul__(self, other): return "Weird.__mul__"
    def __floordiv__(self, other): return "Weird.__floordiv__"
    def __mod__(self, other): return "Weird.__mod__"
    def __and__(self, other): return "Weird.__and__"
    def __or__(self, other): return "Weird.__or__"
    def __xor__(self, other): return "Weird.__xor__"
    def __rmul__(self, other): return "Weird.__rmul__"


big = 2 ** 70
edge = 2 ** 61        # near the top of the small-int range (62 bits and a sign)
cases = [
    (3, 4), (-7, 2), (7, -2), (-7, -2), (0, 5),
    (edge, 4), (-edge, 4), (edge, edge), (-edge - edge, -1),
    (big, 3), (3, big), (-big, 7),
    (7.5, 2), (7, 2.5),
    (True, 3), (6, True),
    (Weird(6), 4), (4, Weird(6)),
    (sys.maxsize, 2), (-sys.maxsize - 1, -1),
    (3, 0), (3.0, 0),
    (9, 4),
]
for f in (mul, floordiv, mod, and_, or_, xor, imul, imod):
    for _ in range(50):        # warm the site with small ints
        f(12, 5)
    out = []
    for a, b in cases:
        try:
            r = f(a, b)
            out.append(f"{r!r}:{type(r).__name__}")
        except Exception as e:
            out.append(f"{type(e).__name__}({e})")
    print(f.__name__, " ".join(out))
    print("  again", f(12, 5), f(-12, 5), f(12, -5))
