# base64 (pure Python) over the native binascii, and binascii itself.
import base64
import binascii

data = bytes(range(256)) + b"hello world"
for enc, dec in [(base64.b64encode, base64.b64decode), (base64.urlsafe_b64encode, base64.urlsafe_b64decode),
                 (base64.standard_b64encode, base64.standard_b64decode), (base64.b32encode, base64.b32decode),
                 (base64.b32hexencode, base64.b32hexdecode), (base64.b16encode, base64.b16decode),
                 (base64.b85encode, base64.b85decode), (base64.a85encode, base64.a85decode)]:
    e = enc(data)
    print(enc.__name__, e[:40], len(e), dec(e) == data)
for s in [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"]:
    print(base64.b64encode(s), base64.b32encode(s), base64.b16encode(s), base64.b85encode(s, pad=True), base64.a85encode(s, adobe=True))
print(base64.b64encode(b"\xfb\xff", altchars=b"-_"), base64.b64decode("+/8=" ), base64.b64decode(b"-_8=", altchars=b"-_"))
print(base64.b64decode(b"aGVs\nbG8=\n"), base64.b64decode("aGVsbG8"+"=="), base64.encodebytes(b"x" * 100))
print(base64.decodebytes(base64.encodebytes(b"round trip")), base64.b32decode(b"mzxw6===", casefold=True))
print(base64.b32decode(b"MZXW6YQ=", map01=None), base64.b16decode(b"666f6f", casefold=True), base64.a85encode(b"x" * 10, wrapcol=5))
for bad in [lambda: base64.b64decode(b"abc"), lambda: base64.b64decode(b"ab!c", validate=True), lambda: base64.b32decode(b"abc"),
            lambda: base64.b16decode(b"0g"), lambda: base64.b85decode(b"|||||"), lambda: base64.b64encode("text"),
            lambda: base64.b64decode("é")]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)

class Stream:  # the little of a binary file that base64.encode/decode use
    def __init__(self, data=b""):
        self.data, self.pos = data, 0
    def read(self, n):
        chunk = self.data[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk
    def readline(self):
        end = self.data.find(b"\n", self.pos)
        end = len(self.data) if end < 0 else end + 1
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk
    def write(self, b):
        self.data += b

out = Stream()
base64.encode(Stream(b"stream data " * 10), out)
print(out.data)
back = Stream()
base64.decode(Stream(out.data), back)
print(back.data == b"stream data " * 10)

# binascii directly.
print(binascii.hexlify(b"\x01\xab\xff"), binascii.b2a_hex(b"abcdef", "-"), binascii.hexlify(b"abcdef", b":", 2), binascii.hexlify(b"abcde", " ", -2))
print(binascii.unhexlify(b"01abFF"), binascii.a2b_hex("6869"), binascii.b2a_base64(b"hi"), binascii.b2a_base64(b"hi", newline=False))
print(binascii.a2b_base64(b"aGk=\n"), binascii.a2b_base64("aGk"+"="), binascii.a2b_base64(b"a!G=k=", strict_mode=False))
print(binascii.crc32(b"hello"), binascii.crc32(b" world", binascii.crc32(b"hello")), binascii.crc32(b"hello world"), binascii.crc32(b"x", -1))
print(binascii.crc_hqx(b"hello", 0), binascii.crc_hqx(b"123456789", 0xffff), binascii.crc32(memoryview(b"abc")), binascii.crc32(bytearray(b"abc")))
print(binascii.b2a_qp(b"caf\xe9 = ok \nline two\t\n" + b"x" * 80), binascii.a2b_qp(b"caf=E9 =3D ok=\nmore=20_x", header=True))
print(binascii.b2a_qp(b"a b_c", header=True), binascii.b2a_qp(b"tab\there", quotetabs=True), binascii.b2a_qp(b"l1\r\nl2 \r\n"))
print(binascii.b2a_uu(b"Cat"), binascii.a2b_uu(binascii.b2a_uu(b"Cat")), binascii.b2a_uu(b"", backtick=True))
print(issubclass(binascii.Error, ValueError), binascii.Error.__module__, issubclass(binascii.Incomplete, Exception))
for bad in [lambda: binascii.a2b_base64(b"=abc", strict_mode=True), lambda: binascii.a2b_base64(b"ab==c", strict_mode=True),
            lambda: binascii.a2b_base64(b"ab=c=", strict_mode=True), lambda: binascii.a2b_base64(b"ab!c", strict_mode=True),
            lambda: binascii.a2b_base64(b"abcde"), lambda: binascii.a2b_base64(b"abc"), lambda: binascii.a2b_base64("é"),
            lambda: binascii.a2b_base64(5), lambda: binascii.b2a_base64("x"), lambda: binascii.a2b_hex(b"abc"),
            lambda: binascii.a2b_hex(b"zz"), lambda: binascii.hexlify(b"abc", "::"), lambda: binascii.hexlify(b"abc", 5),
            lambda: binascii.crc32("x"), lambda: binascii.crc32(b"x", 1.5), lambda: binascii.b2a_uu(b"x" * 46),
            lambda: binascii.a2b_uu(b"!!!!!!"), lambda: binascii.hexlify(b"ab", "\xe9"), lambda: binascii.hexlify(b"ab", "\u0100")]:
    try:
        print(repr(bad()))
    except Exception as e:
        print(type(e).__name__, e)

import quopri
print(quopri.encodestring(b"caf\xe9 = x"), quopri.decodestring(b"caf=E9 =3D x"))
