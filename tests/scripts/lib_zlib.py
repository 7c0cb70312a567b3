# zlib on the system's zlib (the library CPython links): round trips, streams, checksums,
# errors, and the exact compressed bytes of a fixed input.
import zlib

data = b"".join(b"line %d of the zlib test, a little repetitive\n" % i for i in range(400))
print(len(data), zlib.crc32(data), zlib.adler32(data), zlib.crc32(b""), zlib.adler32(b""))
print(zlib.crc32(b"hello"), zlib.crc32(b" world", zlib.crc32(b"hello")) == zlib.crc32(b"hello world"))
print(zlib.adler32(b"hello", 12345), zlib.crc32(b"x", -1), zlib.crc32(bytearray(b"abc")), zlib.crc32(memoryview(b"abc")))

c6 = zlib.compress(data, 6)
print(len(c6), c6[:16].hex(), zlib.crc32(c6))
print(zlib.compress(b"hello world").hex(), zlib.compress(b"hello world", level=9).hex())
print(zlib.compress(b"hello world", 0).hex())
for level in range(-1, 10):
    assert zlib.decompress(zlib.compress(data, level)) == data
print(zlib.decompress(c6) == data, zlib.decompress(c6, bufsize=1) == data, zlib.decompress(c6, 15, 100000) == data)

# raw deflate and gzip framing by wbits
raw = zlib.compress(data, wbits=-15)
gz = zlib.compress(data, wbits=31)
print(len(raw), len(gz), gz[:3].hex(), zlib.decompress(raw, -15) == data, zlib.decompress(gz, 31) == data)
print(zlib.decompress(gz, 47) == data, zlib.decompress(c6, 47) == data)

# streaming compression
co = zlib.compressobj(6)
parts = [co.compress(data[i:i + 1000]) for i in range(0, len(data), 1000)]
parts.append(co.flush())
print(b"".join(parts) == c6)
co = zlib.compressobj(level=9, wbits=-12, memLevel=9, strategy=zlib.Z_FILTERED)
s = co.compress(data) + co.flush(zlib.Z_SYNC_FLUSH)
print(s[-4:].hex())
s += co.flush()
print(zlib.decompress(s, -12) == data)
try:
    co.compress(b"more")
except zlib.error as e:
    print("error", e)

# streaming decompression with max_length, unconsumed_tail, unused_data, eof
do = zlib.decompressobj()
out = b""
chunk = do.decompress(c6, 100)
print(len(chunk), len(do.unconsumed_tail) > 0, do.eof)
out += chunk
while do.unconsumed_tail:
    out += do.decompress(do.unconsumed_tail, 4096)
out += do.flush()
print(out == data, do.eof, do.unused_data, do.unconsumed_tail)
do = zlib.decompressobj()
print(do.decompress(zlib.compress(b"abc") + b"trailing") == b"abc", do.unused_data, do.eof)
print(do.decompress(b"more"), do.unused_data)
do = zlib.decompressobj()
pieces = b"".join(do.decompress(c6[i:i + 7]) for i in range(0, len(c6), 7))
print(pieces == data, do.eof)
do = zlib.decompressobj(wbits=-15)
print(do.decompress(raw) == data, do.eof)
cp = zlib.compressobj()
head = cp.compress(b"copy me ")
cp2 = cp.copy()
print(zlib.decompress(head + cp.compress(b"one") + cp.flush()),
      zlib.decompress(head + cp2.compress(b"two") + cp2.flush()))

# dictionaries
zd = b"line of the zlib test"
co = zlib.compressobj(zdict=zd)
withd = co.compress(data) + co.flush()
print(len(withd) < len(c6), zlib.decompressobj(zdict=zd).decompress(withd) == data)
try:
    zlib.decompress(withd)
except zlib.error as e:
    print("error", e)

# errors
for bad in [b"not zlib data", c6[:50], b""]:
    try:
        zlib.decompress(bad)
    except zlib.error as e:
        print("error", e)
try:
    zlib.compress(b"x", 12)
except zlib.error as e:
    print("error", e)
for call in [lambda: zlib.compressobj(wbits=99), lambda: zlib.decompressobj().decompress(b"", -1),
             lambda: zlib.decompressobj().flush(0), lambda: zlib.decompress(b"", bufsize=-1)]:
    try:
        call()
    except ValueError as e:
        print("ValueError", e)
try:
    zlib.compress("text")
except TypeError as e:
    print("TypeError", e)
print(issubclass(zlib.error, Exception), zlib.error.__module__, zlib.error.__name__)
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.DEF_MEM_LEVEL, zlib.DEF_BUF_SIZE, zlib.Z_BEST_COMPRESSION,
      zlib.Z_BEST_SPEED, zlib.Z_DEFAULT_COMPRESSION, zlib.Z_NO_COMPRESSION, zlib.Z_FINISH, zlib.Z_SYNC_FLUSH,
      zlib.Z_FULL_FLUSH, zlib.Z_NO_FLUSH, zlib.Z_FILTERED, zlib.Z_HUFFMAN_ONLY, zlib.Z_RLE, zlib.Z_FIXED,
      zlib.Z_DEFAULT_STRATEGY, zlib.Z_BLOCK, zlib.Z_TREES, zlib.Z_PARTIAL_FLUSH)
print(zlib.ZLIB_VERSION == zlib.ZLIB_RUNTIME_VERSION, zlib.ZLIB_VERSION.count(".") >= 2)

