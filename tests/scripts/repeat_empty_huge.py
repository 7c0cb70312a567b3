# An empty sequence repeated a huge number of times is empty at once (no loop over the count).
b = bytearray()
b *= 2**40
l = []
l *= 2**40
print(b, b"" * 2**40, "" * 2**40, [] * 2**40, () * 2**40, bytearray() * 2**40, l)
