# struct on the native _struct: every format char, byte order and alignment, the
# Struct class, the buffer functions and CPython's error messages.
import struct

def show(f, *a):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

vals = {'b': -5, 'B': 200, 'h': -300, 'H': 60000, 'i': -70000, 'I': 4000000000, 'l': -2**31,
        'L': 2**32 - 1, 'q': -2**62, 'Q': 2**64 - 1, 'n': -7, 'N': 7, 'e': 1.5, 'f': 0.1,
        'd': 0.1, '?': True, 'c': b'z', 'P': 1234}
for order in '@=<>!':
    for c, v in vals.items():
        fmt = order + c
        try:
            size = struct.calcsize(fmt)
        except struct.error as e:
            print(fmt, 'error:', e)
            continue
        packed = struct.pack(fmt, v)
        print(fmt, size, packed, struct.unpack(fmt, packed))

print(struct.calcsize('@bhiq'), struct.pack('@bhiq', 1, 2, 3, 4))
print(struct.calcsize('ci'), struct.calcsize('ic'), struct.calcsize('@cq'), struct.calcsize('<cq'), struct.calcsize('c0i'))
print(struct.calcsize('3i2x5s'), struct.pack('<3i2x5s', 1, 2, 3, b'ab'), struct.pack('2?3c', 0, 7, b'a', b'b', b'c'))
print(struct.pack('4s', b'abcdefg'), struct.pack('5p', b'ab'), struct.pack('3p', b'abcdef'), struct.pack('0s', b'x'))
print(struct.unpack('5p', b'\x09abcd'), struct.unpack('3s', b'ab\x00'), struct.unpack('>2h4s', b'\x00\x01\xff\xfeabcd'))
print(struct.pack('> i  h ', 1, 2), struct.unpack(b'<hh', b'\x01\x00\x02\x00'))
print(struct.pack('<e', 65519.0), struct.pack('>e', -0.0), struct.pack('<e', 1e-8), struct.pack('<e', 6e-8))
print(struct.unpack('<e', b'\x00\x7c'), struct.unpack('<e', b'\x00\xfc'), struct.unpack('<e', b'\x01\x00'))
import math
print(math.isnan(struct.unpack('<e', struct.pack('<e', float('nan')))[0]), struct.pack('<e', float('inf')))
print(struct.pack('>f', float('inf')), struct.pack('f', 1e300), struct.unpack('<d', struct.pack('<d', 1/3)))
print(struct.pack('>d', 2.5), struct.pack('<f', 2.5), struct.unpack('>f', b'\x3f\x80\x00\x00'))

class Idx:
    def __index__(self):
        return 42
print(struct.pack('i', Idx()), struct.pack('?', []), struct.pack('d', 3), struct.pack('f', True))

# Range errors, by order and code.
for order in '@<>':
    for c in 'bBhHiIlLqQ':
        fmt = order + c
        size = struct.calcsize(fmt)
        for v in (-2**(8 * size - 1) - 1, 2**(8 * size), -1, 2**100):
            show(lambda: struct.pack(fmt, v))
for f, v in [('i', 'x'), ('i', 1.5), ('e', 1e6), ('<e', 65520.0), ('<f', 1e300), ('>f', 1e39), ('d', 'x'),
             ('c', b'ab'), ('c', 'a'), ('s', 1), ('p', 'x'), ('P', -1), ('P', 2**64), ('P', 1.0), ('n', 2**63)]:
    show(lambda: struct.pack(f, v))

# Arity and buffer errors.
show(lambda: struct.pack('>QH', 1))
show(lambda: struct.pack('x', 1))
show(lambda: struct.pack())
show(lambda: struct.unpack('>QH', b'1'))
show(lambda: struct.unpack('i'))
show(lambda: struct.unpack('i', 'abcd'))
show(lambda: struct.unpack_from('>QH', b'1', 2))
show(lambda: struct.unpack_from('>QH', b'1' * 20, -30))
show(lambda: struct.unpack_from('>QH', b'1' * 20, 15))
show(lambda: struct.unpack_from('<h', b'\x01\x02\x03\x04', offset=-2))
show(lambda: struct.unpack_from('<h', buffer=b'\x01\x02\x03\x04'))
show(lambda: struct.pack_into('>QH', bytearray(5), 0, 1, 2))
show(lambda: struct.pack_into('>QH', bytearray(20), 15, 1, 2))
show(lambda: struct.pack_into('>QH', bytearray(20), -30, 1, 2))
show(lambda: struct.pack_into('i', bytearray(10), -2, 1))
show(lambda: struct.pack_into('>QH', b'x' * 20, 0, 1, 2))
show(lambda: struct.pack_into('i', bytearray(10)))
show(lambda: struct.pack_into('i'))
show(lambda: struct.pack_into('i', bytearray(10), 0, 1, 2))
show(lambda: struct.iter_unpack('h', b'123'))
show(lambda: struct.iter_unpack('', b'1234'))
for f in ['3', 'i3', 'z', '<P', '<n', '99999999999999999999i', '@ i', ' i i ', 'iX', '3 i', '']:
    show(lambda: struct.calcsize(f))
show(lambda: struct.Struct(5))
show(lambda: struct.Struct('\xe9'))
show(lambda: struct.calcsize(1.5))

ba = bytearray(12)
struct.pack_into('<hI', ba, 2, -1, 0xdeadbeef)
print(ba, struct.unpack_from('<hI', ba, 2), struct.unpack_from('<I', memoryview(ba), offset=4))
struct.pack_into('>h', ba, -2, 258)
print(ba)
print(list(struct.iter_unpack('<hb', b'\x01\x00\x02\x03\x00\x04')))
it = struct.iter_unpack('h', b'1234')
print(type(it).__name__, it.__length_hint__(), next(it), it.__length_hint__(), list(it), list(it))

# The Struct class.
s = struct.Struct('<2sHd')
print(s.format, s.size, s.pack(b'ok', 7, 0.25), s.unpack(s.pack(b'ok', 7, 0.25)), struct.Struct(b'>h').format)
print(s.unpack_from(b'\x00' + s.pack(b'hi', 1, 2.0), 1), list(s.iter_unpack(s.pack(b'a', 1, 1.0) * 2)))
print(struct.Struct(format='i').size, s.__sizeof__() > 0, isinstance(s, struct.Struct))
class MyStruct(struct.Struct):
    def __init__(self, fmt):
        super().__init__('<' + fmt)
        self.extra = fmt
ms = MyStruct('i')
print(ms.format, ms.size, ms.extra, ms.pack(1))
print(issubclass(struct.error, Exception), struct.error.__module__, struct.error.__name__)
print(struct.unpack('<i', bytearray(b'\x05\x00\x00\x00')))
print(struct.unpack('<i', memoryview(b'\x00\x01\x00\x00\x00')[1:]))
struct._clearcache()
for i in range(150):
    struct.calcsize('%dx' % i)
print(struct.calcsize('149x'), struct.pack('<1000x') == bytes(1000), len(struct.pack('<256b', *range(-128, 128))))
