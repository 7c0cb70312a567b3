# array.array on the native array module: construction, the sequence protocol, every
# method, conversions and their overflow errors, comparisons, the buffer protocol.
from array import array, typecodes, ArrayType
import copy

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

print(typecodes, ArrayType is array, [array(c).itemsize for c in typecodes])

class Idx:
    def __index__(self):
        return 3
values = [-2**7 - 1, 2**7, 2**8, -2**15 - 1, 2**15, 2**16, -2**31 - 1, 2**31, 2**32, -2**63 - 1, 2**63, 2**64,
          -1, 1.5, 'a', 'ab', Idx(), True, None]
for tc in typecodes:
    row = []
    for v in values:
        try:
            row.append(repr(array(tc, [v])[0]))
        except Exception as e:
            row.append(type(e).__name__ + ': ' + str(e))
    print(tc, row)

# Construction.
for f in [lambda: array(5), lambda: array('ii'), lambda: array('z'), lambda: array('i', 'abc'),
          lambda: array('i', [1], 3), lambda: array('i', x=1), lambda: array(),
          lambda: array('i', array('u', 'ab')), lambda: array('u', array('i', [65])),
          lambda: array('d', array('i', [1, 2])), lambda: array('i', b'\x01\x00\x00\x00\x02\x00\x00\x00'),
          lambda: array('i', b'123'), lambda: array('i', memoryview(b'ab')), lambda: array('u', 'h\xe9llo'),
          lambda: array('i', range(3)), lambda: array('i', (1, 2)), lambda: array('B', bytearray(b'xy')),
          lambda: array('i', (x * x for x in range(4))), lambda: array('f', [1, 2.5]), lambda: array('q', [2**62])]:
    show(f)

a = array('i', [1, 2, 3, 4, 5])
print(a, len(a), a[0], a[-1], a[1:3], a[::-1], a[::2], a[10:], 3 in a, 9 in a, list(a))
a[0] = 10
a[-1] = 50
print(a)
a[1:3] = array('i', [7, 8, 9])
print(a)
a[::2] = array('i', [0, 0, 0])
print(a)
del a[0]
del a[1:3]
print(a)
a[len(a):] = array('i', [100, 200])
a[0:0] = array('i', [-1])
print(a)
a[:] = a
print(a)
b = array('i', range(10))
b[::3] = array('i')
print(b)
b = array('i', range(10))
del b[::-2]
print(b)
b = array('i', range(10))
b[8:2:-2] = array('i', [0, 0, 0])
print(b)
a.append(6)
a.extend([7, 8])
a.extend(array('i', [9]))
a.extend(x for x in (10, 11))
a.insert(0, -5)
a.insert(-1, 99)
a.insert(1000, 1000)
print(a, a.pop(), a.pop(0), a.pop(-2), a)
a.remove(a[2])
print(a.index(7), a.index(200, 2), a.count(0), a.count(-1), a)
a.reverse()
print(a)
print(a.tolist(), a.typecode, a.itemsize, a.buffer_info()[1] == len(a))
a.fromlist([1, 2])
print(a)
show(lambda: a.fromlist([3, 'x']))
print(a)

# Bytes and byte order.
h = array('h', [1, 256, -2])
bs = h.tobytes()
print(bs, array('h', bs) == h)
h.byteswap()
print(h, h.tobytes())
h.frombytes(b'\x01\x00')
print(h, bytes(h), memoryview(h).nbytes, len(memoryview(h).tobytes()))
d = array('d', [1.5, -0.25])
print(d, d.tobytes(), array('d', d.tobytes()))
f = array('f', [0.1, 1e40, float('inf')])
print(f, f.tolist())
u = array('u', 'hello')
u.fromunicode(' world')
u.append('!')
print(u, u.tounicode(), u[1], u[::2], len(u), u.itemsize)

# Comparisons and operators.
print(array('i', [1, 2]) == array('i', [1, 2]), array('i', [1, 2]) == array('d', [1.0, 2.0]),
      array('i', [1, 2]) < array('i', [1, 3]), array('i', [1]) < array('i', [1, 0]), array('b', [5]) >= array('h', [5]),
      array('i', [1]) != array('i', [1, 2]), array('i') == [], array('d', [float('nan')]) == array('d', [float('nan')]))
print(array('i', [1, 2]) + array('i', [3]), array('i', [1, 2]) * 2, 2 * array('i', [7]), array('i', [1]) * -1, array('i', [1, 2]) * 0)
c = array('i', [1])
c += array('i', [2])
c *= 3
print(c)
sliced = c[1:]
print(type(sliced).__name__, sliced)

# Errors.
def imul_str():
    t = array('i', [1])
    t *= 'x'

for f in [lambda: array('i', [1])[5], lambda: array('i', [1]).__setitem__(5, 1), lambda: array('i').pop(),
          lambda: array('i', [1]).pop(3), lambda: array('i', [1]).remove(4), lambda: array('i', [1]).index(4),
          lambda: array('i', [1]).extend(array('d')), lambda: array('i') + array('d'), lambda: array('i') + [1],
          lambda: array('i', [1, 2, 3]).__setitem__(slice(0, 2), [1]),
          lambda: array('i', [1, 2, 3]).__setitem__(slice(0, 2), array('d')),
          lambda: array('i', [1, 2, 3]).__setitem__(slice(0, 3, 2), array('i', [1, 2, 3])),
          lambda: array('i').frombytes(b'123'), lambda: array('i').fromlist((1,)), lambda: array('i').fromunicode('a'),
          lambda: array('i').tounicode(), lambda: hash(array('i')), lambda: array('i', [1]) < [1],
          lambda: array('i', [1]) * 'x', lambda: array('i', [1, 2])['x'], lambda: array('i', [1]).insert(1.5, 2),
          lambda: array('i', [1]).extend(5), lambda: array('i', [1]).count(), lambda: array('i', [1]).index(1, 5),
          lambda: array('i', [1]).__iadd__([1]), imul_str, lambda: array('b', [1]).append(200),
          lambda: array('i', [1]).append('x'), lambda: array('u').append(5)]:
    show(f)

# The buffer protocol keeps the array from resizing.
e = array('i', [1, 2, 3])
m = memoryview(e)
for f in [lambda: e.append(4), lambda: e.pop(), lambda: e.extend([1]), lambda: e.frombytes(b'\x00' * 4)]:
    show(f)
e[0] = 9
print(e, m.tobytes()[:4])
m.release()
e.append(4)
print(e)

# Copies, iteration, subclasses.
x = array('l', [3, 1, 2])
print(copy.copy(x), copy.deepcopy(x), sorted(x), list(reversed(x)), [v * 2 for v in x], sum(x), max(x))
it = iter(x)
print(type(it).__name__, next(it), list(it), list(it))
print(x.__reduce_ex__(2))

class MyArray(array):
    def __new__(cls, items):
        return super().__new__(cls, 'd', items)
    def total(self):
        return sum(self)

ma = MyArray([1, 2])
ma.note = "n"
print(ma, ma.total(), ma.note, type(ma[:1]).__name__, isinstance(ma, array))
print(array('Q', [2**64 - 1]), array('L', [2**64 - 1]), array('q', [-2**63]), array('I', [2**32 - 1]))
r = x.__reduce_ex__(2)
print(r[0](*r[1]) == x)
print(array('i', [1, 2, 3]).__sizeof__(), array('i').__sizeof__(), (array('b', [1]) * 10).__sizeof__(), array('h', b'1234').__sizeof__())
