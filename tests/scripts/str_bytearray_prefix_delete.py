# Deleting a bytearray's prefix does not move the rest (CPython keeps an offset): 200,000
# small `del b[:n]` over a 10 MB bytearray, and a StreamReader-like feed/consume loop.
# Only the results are checked; a quadratic implementation would exceed the test timeout.
pattern = bytes(range(256))
data = bytearray(pattern * (10 * 1024 * 1024 // 256))
size = len(data)
chunk = 50
for i in range(200_000):
    del data[:chunk]
print(len(data), size - 200_000 * chunk)
start = 200_000 * chunk
print(data[:8] == (pattern * 2)[start % 256:start % 256 + 8], data[-3:])

# feed_data / read(n) as asyncio.StreamReader does: extend at the end, consume the front.
buf = bytearray()
fed = consumed = 0
checksum = 0
for i in range(100_000):
    buf += pattern[i % 200:i % 200 + 56]
    fed += 56
    if len(buf) >= 100:
        piece = bytes(buf[:40])
        del buf[:40]
        consumed += 40
        checksum = (checksum + piece[0] + piece[-1]) % 1000003
print(fed, consumed, len(buf) == fed - consumed, checksum)

# popping the front one byte at a time also uses the offset
small = bytearray(b"x" * 100_000 + b"end")
for i in range(100_000):
    small.pop(0)
print(small)
