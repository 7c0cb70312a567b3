# Once signed overflows UBSan reported (issue 11, the method fuzzer): negating the most
# negative ndigits in int.__round__, and growth arithmetic on a huge bytearray size before
# its size check. gilpy answers 0 and MemoryError; CPython does not return from the first.
for n in (-2**63, -2**63 + 1):
    print(round(12345, n), (-12345).__round__(n))
for n in (2**63 - 1, 2**62):
    try:
        bytearray(n)
    except MemoryError:
        print("MemoryError")
