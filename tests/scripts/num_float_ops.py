# Floats: repr, arithmetic sign rules, pow special cases, rounding, hashing, parsing, errors.
def attempt(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

inf = float("inf")
nan = float("nan")
print(1e16, 1e15, 1.5e-5, 0.0001, 1e-5, -0.0, 2e16 + 8, 5e-324, 1.7976931348623157e308)
print(0.1 + 0.2, 1 / 3, 123456789012345678.0, 1e22, 1e-7, 100.0, -1.5, 3.14)
print(-7.5 // 2, -7.5 % 2, 7.5 % -2, divmod(-7.5, 2), divmod(7, -2.5), -0.0 % 5, 0.0 % -5)
print(2.0 ** 0.5, (-2.0) ** 3, 0.0 ** 0, (-1.0) ** 1e300, (-1.0) ** inf, inf ** -1, 2 ** 0.5, 4 ** 0.5)
print(inf + 1, inf * -2, inf - inf, nan == nan, nan != nan, 1e308 * 10, -1e-300 * 1e-300)
print(round(2.675, 2), round(0.125, 2), round(0.375, 2), round(2.5), round(-0.5), round(1.5), round(-2.5))
print(round(1234.5678, -2), round(123.456, -2), round(1e20, 2), round(2.5, 0), round(-0.5, 0), round(1e308, -400))
print(hash(0.5), hash(1e300), hash(-1.0), hash(inf), hash(-inf), hash(1.5e-300), hash(1.0) == hash(1), hash(2.0 ** 64) == hash(2 ** 64))
print(float("1.5"), float("  -InFiNiTy "), float("nan"), float("1_000.5"), float(".5"), float("5."), float("1e400"), float(" 1.5\n"))
print(float(7), float(True), float(2 ** 1024 - 2 ** 971), float("-0"), 7.0 == 7, 0.5 == 1 / 2)
print((2.5).is_integer(), (2.0).is_integer(), (0.75).as_integer_ratio(), (-0.125).as_integer_ratio(), (1.5).hex(), float.fromhex("0x1p3"))
print((1.5).real, (1.5).imag, (1.5).conjugate(), int(2.9), int(-2.9), (1.5).__trunc__(), (-1.5).__floor__(), (-1.5).__ceil__())
print(1.0 == 10 ** 400, 10 ** 400 > 1e308, 2 ** 1000 < inf, -(10 ** 400) < -inf, 1 < nan, 1 > nan)
print(str(1.0), repr(1.10), str(-1e-10), 0.1 * 3, 4.35 * 100, 1 - 0.9, sum([0.1] * 10))
attempt("1.0/0", lambda: 1.0 / 0)
attempt("1.0//0.0", lambda: 1.0 // 0.0)
attempt("1.0%0", lambda: 1.0 % 0)
attempt("divmod(1.0,0)", lambda: divmod(1.0, 0))
attempt("0.0**-1", lambda: 0.0 ** -1)
attempt("10.0**400", lambda: 10.0 ** 400)
attempt("2.0**1e5", lambda: 2.0 ** 1e5)
attempt("pow(2.0,3,4)", lambda: pow(2.0, 3, 4))
attempt("10**400*1.0", lambda: 10 ** 400 * 1.0)
attempt("float('12,5')", lambda: float("12,5"))
attempt("float('')", lambda: float(""))
attempt("float('1__0')", lambda: float("1__0"))
attempt("float('0x10')", lambda: float("0x10"))
attempt("float([])", lambda: float([]))
attempt("float(1, 2)", lambda: float(1, 2))
attempt("round(inf)", lambda: round(inf))
attempt("round(nan)", lambda: round(nan))
attempt("round(1.5, 'a')", lambda: round(1.5, "a"))
attempt("inf.as_integer_ratio()", lambda: inf.as_integer_ratio())
attempt("nan.as_integer_ratio()", lambda: nan.as_integer_ratio())

class MyFloat(float):
    pass

f = MyFloat(2.5)
print(f, f + 1, type(f + 1).__name__, isinstance(f, float), f == 2.5, MyFloat("1e3"))
class Flt:
    def __float__(self):
        return 4.25
print(float(Flt()), float(Flt()) * 2)
