# int.to_bytes decides what fits from bit lengths: every edge of signed and unsigned
# lengths, both byte orders.
cases = [(0, 0, False), (0, 1, False), (255, 1, False), (256, 1, False), (127, 1, True), (128, 1, True),
         (-128, 1, True), (-129, 1, True), (-1, 1, True), (-1, 0, True), (0, 0, True), (-1, 3, True),
         (2**64 - 1, 8, False), (2**63, 8, True), (-2**63, 8, True), (1, 0, True), (-256, 2, True), (-1, 1, False)]
for v, n, s in cases:
    for order in ("big", "little"):
        try:
            print(v, n, s, order, v.to_bytes(n, order, signed=s))
        except OverflowError as e:
            print(v, n, s, order, "OverflowError:", e)
