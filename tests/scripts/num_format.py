# The format mini-language for int and float, f-strings and %-formatting of numbers.
def attempt(value, spec):
    try:
        print(repr(spec), "->", repr(format(value, spec)))
    except Exception as e:
        print(repr(spec), "->", type(e).__name__ + ":", e)

for spec in ["", "d", "5", "<5", "^7", "*>8", "+", " ", "010", "010,", "_", ",", "x", "#x", "#010X", "_b", "#o",
             "c", "^5c", "=+8", "e", ".2f", "%", ".1%", "n", "g", ".2", "z", "+c", "#c", ",c", ",_", "_,", "abc", "ы", ",x"]:
    attempt(1234567, spec)
attempt(-12, "=+8")
attempt(-1, "c")
attempt(True, "")
attempt(True, "d")
attempt(2 ** 70, ".2f")
attempt(2 ** 70, ",")
for spec in ["", ".3", ".0f", ".2f", "e", ".10e", "E", "g", "G", "#g", ".1g", "%", ".0%", ",", "_.3f", "015,.2f",
             "z.1f", "+", " 10", "=^10.3f", "010", "#.0f", "#.0e", ".20", "d", "x", ".", "n", "F"]:
    attempt(1234.5678, spec)
for v in [0.0, -0.0, 1e16, 1e-5, 0.0001, 123456789.0, 1e20, float("inf"), float("-inf"), float("nan"), -0.0001]:
    print(repr(v), [format(v, s) for s in ["", ".3", "g", ".2f", "z.2f", "010", "e", ","]])
x = 3.14159
n = 255
print(f"{x:.3f} {x:10.4f}| {1e6:e} {12345.678:.2e} {0.000123:g} {1e20:g} {n:#x} {n:08b} {n:,} {-n:+}")
print(f"{2.5:.0f} {3.5:.0f} {0.125:.2f} {1.005:.2f} {-0.0:.1f} {1e-10:.3f} {x!r:>12} {n!s:^7}|")
print("%.3f %8.2f %-8.2f| %e %g %G %5.1f%%" % (2.71828, 3.14159, 2.5, 12345.6789, 0.00001234, 1e-20, 99.44))
print("%d %i %5d %-5d| %x %X %#x %o %#o %+d % d" % (42, -7, 3, 3, 255, 255, 255, 8, 8, 5, 5))
print("%s %r %.2f %10.3e %c" % (1.5, 2.5, 1 / 3, 123456.789, 65))
print("{:>10}|{:<10}|{:^10}|".format(1.5, -2, 2 ** 64))
