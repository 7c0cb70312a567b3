# Ints: small/big arithmetic, floor semantics, shifts, pow, hashing, conversions, errors.
def attempt(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

big = 10 ** 20
print(2 ** 62 - 1 + 1, -(2 ** 62) - 1, 2 ** 63, (2 ** 62) * (2 ** 62))
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, divmod(-7, 2), divmod(7, -2))
print(big // -3, -big % 3, divmod(big, 7), divmod(-big, 7))
print(1 / 3, 10 / 4, (10 ** 30) / 3, -(10 ** 30) / 7, 10 ** 400 / 10 ** 399, 0 / -5)
print(2 ** -1, (-2) ** -1, 10 ** -400, 3 ** 40, (-3) ** 41)
print(pow(3, -1, 7), pow(3, 4, -7), pow(-3, 3, 7), pow(3, -2, 1), pow(7, 10 ** 20, 10 ** 9 + 7))
print(1 << 100, -1 >> 100, -17 >> 1, (1 << 100) >> 98, -(2 ** 100) >> 3)
print(-(2 ** 100) & 0xFFFF, ~(2 ** 65), -12 & 10, -12 | 10, -12 ^ 10)
print(True + True, True & True, True | False, True ^ True, ~True, -True, True & 1, type(+True).__name__)
print(hash(-1), hash(-2), hash(2 ** 61), hash(2 ** 61 - 1), hash(-2 ** 63), hash(10 ** 30), hash(True))
print(int("  -42  "), int("1_000"), int("0x_ff", 0), int("0b101", 0), int("0o17", 0), int("z", 36), int("010"))
print(int(3.99), int(-3.99), int(1e20), int(True), int("١٢"), int(" 12\n"))
print((2 ** 64).bit_length(), (-5).bit_count(), (0).bit_length(), (6).as_integer_ratio())
print(round(1250, -2), round(1350, -2), round(-1250, -2), round(15, -1), round(25, -1), round(5, 2))
print((5).real, (5).imag, (5).numerator, (5).denominator, (5).conjugate(), True.real)
print((12).to_bytes(2, "little"), (-12).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xfe", "little", signed=True))
print(1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 + 1 > float(2 ** 53), 10 ** 400 > float("inf"))
print(2 ** 63 == 9.223372036854776e18, -(2 ** 63) < -9.3e18, 1 < 1.5, {1: "a"}[1.0], 1.0 in {1})
print(len(str(2 ** 10000)), str(-(10 ** 25)), repr(2 ** 100))
attempt("1//0", lambda: 1 // 0)
attempt("1%0", lambda: 1 % 0)
attempt("1/0", lambda: 1 / 0)
attempt("divmod(1,0)", lambda: divmod(1, 0))
attempt("big//0", lambda: big // 0)
attempt("0**-1", lambda: 0 ** -1)
attempt("1<<-1", lambda: 1 << -1)
attempt("1>>-1", lambda: 1 >> -1)
attempt("pow(2,-1,4)", lambda: pow(2, -1, 4))
attempt("pow(2,3,0)", lambda: pow(2, 3, 0))
attempt("2**1024/1", lambda: 2 ** 1024 / 1)
attempt("float(10**400)", lambda: float(10 ** 400))
attempt("int('abc')", lambda: int("abc"))
attempt("int('12', 2)", lambda: int("12", 2))
attempt("int('010', 0)", lambda: int("010", 0))
attempt("int('1__0')", lambda: int("1__0"))
attempt("int('1', 37)", lambda: int("1", 37))
attempt("int(1, 2)", lambda: int(1, 2))
attempt("int(1, 2, 3)", lambda: int(1, 2, 3))
attempt("int([])", lambda: int([]))
attempt("int(inf)", lambda: int(float("inf")))
attempt("int(nan)", lambda: int(float("nan")))
attempt("int('1'*5000)", lambda: int("1" * 5000))
attempt("str(10**5000)", lambda: str(10 ** 5000))
attempt("(256).to_bytes(1,'big')", lambda: (256).to_bytes(1, "big"))
attempt("(-1).to_bytes(1,'big')", lambda: (-1).to_bytes(1, "big"))
attempt("1 + 'a'", lambda: 1 + "a")
attempt("bool(1, 2)", lambda: bool(1, 2))

class MyInt(int):
    pass

m = MyInt(7)
print(m, m + 1, type(m + 1).__name__, type(-m).__name__, isinstance(m, int), m == 7, hash(m) == hash(7))
print(MyInt("ff", 16), MyInt(), int(m), type(int(m)).__name__)
class Idx:
    def __index__(self):
        return 3
print([10, 20, 30, 40][Idx()], int(Idx()), bin(Idx()), hex(255), oct(-8), bin(-10))
try:
    class B(bool):
        pass
except TypeError as e:
    print("TypeError:", e)
