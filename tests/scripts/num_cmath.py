# cmath: every function on ordinary, tiny, huge and special values (C99 Annex G), and the errors; recorded from CPython 3.11.
import cmath, math
inf, nan = float('inf'), float('nan')
vals = [0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0), 1+0j, -1+0j, 1j, -1j, 2+3j, -2-3j, 0.5-0.25j,
        1e-310+1e-310j, 1e308+1e308j, -1e300+1e-300j, 3.5, 7, complex(1, 1e-320), complex(1e200, 1), 0.99+0.01j]
specials = [inf, -inf, nan, 0.0, -0.0, 2.3, -2.3]
svals = [complex(a, b) for a in specials for b in specials if not (math.isfinite(a) and math.isfinite(b))]
names = ['sqrt', 'exp', 'log', 'log10', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh']
def show(f, z):
    try:
        r = f(z)
        return repr(r)
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)
for n in names:
    f = getattr(cmath, n)
    print(n, ' '.join(show(f, z) for z in vals))
    print(n, 'special', ' '.join(show(f, z) for z in svals))
for z in vals + svals:
    print('phase/polar', show(cmath.phase, z), show(cmath.polar, z), cmath.isfinite(z), cmath.isinf(z), cmath.isnan(z))
for r in specials + [1.0, 0.5]:
    print('rect', r, ' '.join(show(lambda p: cmath.rect(r, p), p) for p in specials + [1.0, math.pi]))
print(cmath.log(8, 2), cmath.log(1j, 1j), show(lambda z: cmath.log(z, 1), 5), show(lambda z: cmath.log(z, 0), 5), cmath.log(-10, 10))
print(cmath.isclose(1, 1.0000000001), cmath.isclose(1j, 1.01j, rel_tol=0.1), cmath.isclose(1j, 1.01j, abs_tol=0.001), cmath.isclose(complex(inf, 0), complex(inf, 0)))
print(cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.nan, cmath.nanj, type(cmath.infj).__name__)
class F:
    def __float__(self): return 0.25
class C:
    def __complex__(self): return 1 + 1j
class I:
    def __index__(self): return 4
print(cmath.sqrt(F()), cmath.sqrt(C()), cmath.sqrt(I()), cmath.exp(True), cmath.sqrt(10 ** 20))
for e in ['cmath.sqrt("x")', 'cmath.sqrt()', 'cmath.sqrt(1, 2)', 'cmath.sqrt(x=1)', 'cmath.log()', 'cmath.log(1, 2, 3)',
          'cmath.log(x=1)', 'cmath.log(0)', 'cmath.log10(0j)', 'cmath.log(1, 1)', 'cmath.log(1, 0)', 'cmath.exp(1000)',
          'cmath.exp(complex(1, inf))', 'cmath.cosh(1000)', 'cmath.sinh(-1000+1j)', 'cmath.atanh(1)', 'cmath.atanh(-1)',
          'cmath.atan(1j)', 'cmath.sin(inf)', 'cmath.rect(1, inf)', 'cmath.rect(1)', 'cmath.rect("a", 1)', 'cmath.phase()',
          'cmath.polar(complex(1e308, 1e308))', 'cmath.polar(complex(inf, nan))', 'cmath.isclose(1, 1, rel_tol=-1)',
          'cmath.isclose(1)', 'cmath.isclose(1, 2, 3)', 'cmath.isclose(1j, 1j + 1e-10)', 'cmath.sqrt(10 ** 400)',
          'cmath.isnan(None)', 'cmath.tanh(1000+1j)', 'cmath.tan(1000j)', 'cmath.acos(1e300)', 'cmath.asinh(-1e300j)']:
    try:
        print(e, '->', repr(eval(e)))
    except Exception as x:
        print(e, '->', type(x).__name__, x)
