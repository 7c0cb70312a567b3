# CPython's fractions, decimal (its pure-Python _pydecimal), numbers and copy on gilpy.
from fractions import Fraction as F
from decimal import Decimal as D, getcontext, localcontext, ROUND_HALF_UP, InvalidOperation
import numbers, copy
print(F(1, 3) + F(1, 6), F(3, 4) * 2, F('3.25'), F(0.5), F(7, 2).limit_denominator(3), F(-6, 4), repr(F(2, 3)))
print(hash(F(1, 2)) == hash(0.5), F(1, 2) == 0.5, F(1, 3) < 0.34, float(F(1, 8)), round(F(7, 3)), F(5, 2) // 1)
try:
    F(1, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
print(D('1.1') + D('2.2'), D(1) / D(7), D('2').sqrt(), D('1.005').quantize(D('0.01'), rounding=ROUND_HALF_UP))
with localcontext() as ctx:
    ctx.prec = 5
    print(D(1) / D(3), ctx.prec)
print(getcontext().prec, hash(D('0.5')) == hash(0.5), D('1e3'), D('-0'), D('NaN').is_nan(), repr(D('3.14')))
try:
    D('abc')
except InvalidOperation as e:
    print('InvalidOperation', type(e).__name__)
print(isinstance(3, numbers.Integral), isinstance(1.5, numbers.Real), isinstance(F(1, 2), numbers.Rational),
      isinstance(1j, numbers.Complex), issubclass(bool, numbers.Number))
a = [1, [2, 3], {'k': (4, 5)}]
b = copy.deepcopy(a)
b[1].append(9)
print(a, b, copy.copy(a) is not a, copy.copy(a)[1] is a[1])
class Point:
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return f'Point({self.x}, {self.y})'
p = Point(1, [2])
q = copy.deepcopy(p)
q.y.append(3)
print(p, q, copy.copy(p).y is p.y)
