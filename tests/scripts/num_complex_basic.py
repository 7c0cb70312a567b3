print(1j, 2.5J, 1e3j, -1j, 0j, -0j, 1+2j, (1+2j)*(3-4j), (1+2j)/(3-4j), 1j**2, (1+1j)**100, (1+1j)**101)
print(complex(), complex(1), complex(1, 2), complex('1+2j'), complex(' (3-4j) '), complex('-j'), complex(1j, 1j), complex(real=1, imag=2))
print(repr(complex(-0.0, -0.0)), complex(float('nan'), float('inf')), complex(1e16, -1e-5))
print(hash(1+2j), hash(1j), hash(complex(-1, 0)), hash(-0j), hash(3+0j) == hash(3))
print((1j).real, (1j).imag, (1+2j).conjugate(), abs(3+4j), bool(0j), bool(1j))
print(1j == 1j, 1j != 1, 1+0j == 1, 1+0j == 1.0, 2**(1j), (-1)**0.5, (-8)**(1/3))
for e in ['1j//1', '1j<1j', 'complex("1+")', 'complex([])', '1/0j', '0j**-1', '(1e200j)**2', 'pow(1j,2,3)', 'complex("1__0")', 'complex(1,2,3)', 'complex(foo=1)', 'int(1j)', 'float(1j)', 'abs(complex(1e308,1e308))', 'format(1j, "010")']:
    try: print(e, eval(e))
    except Exception as x: print(e, type(x).__name__, x)
print(format(1+2j,'#'), format(1.5+2j,'_>20,.3f'), format(3j,'+'), format(3j,'.2'), format(1+2j,'.2'), format(1e20+1j,'n'), format(1+1j, '^15.3e'), f"{1+2j:>12}", f"{-1.5j:g}")
print(type(1j), complex.__name__, isinstance(1j, complex), (1).imag, (1.5).conjugate())
class C:
    def __complex__(self): return 5j
class F:
    def __float__(self): return 2.5
class I:
    def __index__(self): return 7
print(complex(C()), complex(F()), complex(I()), complex(F(), I()))
class MyC(complex): pass
m = MyC(1, 2); print(m, type(m).__name__, m + 1, type(+m).__name__)
print(sum([1j, 2, 3.5]), 1j * True, [1j, 2j].index(2j), {1j: 'a'}[1j])
# literals and constant handling
print(1_0j, 0.5j, .5j, 5.j, 1E-3J, -0j, +1j, -(1j), type(-1j).__name__, (1, 2j, -3j))
print(0e0j, 00j, 0.0j, 1e400j, -1e400j)
# mixed arithmetic and in-place
z = 1 + 1j
z += 2; z *= 1j; z -= 0.5; z /= 2; z **= 2
print(z, 10 / (1 + 1j), 2.5 - 1j, True + 1j, 3 ** (1 + 1j), (1 + 1j) ** 0.5, (1 + 1j) ** -2, (2 + 0j) ** 1000 if False else '')
for e in ['(1e300+1e300j)*(1e300+1e300j)', '1j ** 1e10', '(1+1j) / (0+0j)', '1j % 2', 'divmod(1j, 2)', '1j // 1j',
          '1j > 0', '1j <= 2j', 'sorted([1j, 2j])', 'round(1j)', 'int(1j)', 'math.floor(1j)', '10 ** 400 * 1j',
          'complex(10 ** 400)', 'complex("1+2j", 1)', 'complex(1, "2")', 'complex(None)', 'complex(1, None)',
          'complex("(1+2j")', 'complex("1+2j)")', 'complex("1e")', 'complex("j1")', 'complex("1jj")', 'complex("--1")',
          'complex(" 1_000.5 - 2_0j ")', 'complex("1_")', 'complex("infinity+nanj")', 'complex("-InF")',
          'complex("\u0661\u0662+\u0663j")', 'complex("\u20001j\u2000")', 'complex(b"1")', 'hash(complex(1.5, -2.25))',
          '(1+2j).__complex__()', 'complex.__complex__(3j)', '(1+2j).__getnewargs__()', 'pow(1j, 2, 3)', 'abs(complex(3e300, 4e300))']:
    try:
        print(e, '->', repr(eval(e)))
    except Exception as x:
        print(e, '->', type(x).__name__, x)
import math
class Bad:
    def __complex__(self): return 1.5
class Sub(complex):
    def __repr__(self): return 'Sub' + complex.__repr__(self)
class Both:
    def __complex__(self): return Sub(1, 1)
try:
    complex(Bad())
except TypeError as e:
    print(e)
print(Sub(2, 3), Sub('4-5j'), Sub(2, 3) == 2 + 3j, hash(Sub(2, 3)) == hash(2 + 3j), Sub(2, 3).real)
print(1j.real.__class__.__name__, (1+2j).imag, (5).real, (5).imag, (5).conjugate(), True.imag, (2.5).real, (2.5).imag)
print(isinstance(1j, complex), issubclass(complex, object), complex.__name__, 1j.__class__.__name__, complex.__qualname__)
print({1j, 1j + 0, complex(0, 1)}, {0j: 1}.get(0), {1.0: 'x'}.get(1 + 0j))
print(str(1j), str(-2.5+1e-7j), '%s %r' % (1j, 2j), f'{3j!r} {4j}')
print(bool(0j), bool(-0j), bool(complex(0, -0.0)), bool(1e-320j), not 0j)
