# Memory exhaustion under an address-space limit (issue 11, class 1): every allocation
# that the limit refuses is a MemoryError the program catches, and it goes on. Run by
# tests/ulimit_run.py with the limit given in tests/CMakeLists.txt; the expected output
# beside it was recorded from CPython 3.11 under the same limit (`ulimit -v 600000`).
def attempt(label, thunk):
    try:
        result = thunk()
        print(label, "->", type(result).__name__, len(result))
    except Exception as e:
        print(label, type(e).__name__ + ":", repr(e))


attempt("'x'.zfill(2**31)", lambda: "x".zfill(2**31))
attempt("'x'.rjust(2**31)", lambda: "x".rjust(2**31))
attempt("b'x' * 2**31", lambda: b"x" * 2**31)
attempt("'x' * 2**31", lambda: "x" * 2**31)
attempt("[0] * 2**31", lambda: [0] * 2**31)
attempt("bytes(2**31)", lambda: bytes(2**31))
attempt("bytearray(2**31)", lambda: bytearray(2**31))
attempt("1 << 2**34", lambda: 1 << 2**34)
attempt("2 ** 2**40", lambda: 2 ** 2**40)
attempt("set(range(2**64))", lambda: set(range(2**64)))
attempt("list(range(2**28))", lambda: list(range(2**28)))
attempt("(0).to_bytes(2**31)", lambda: (0).to_bytes(2**31, "big"))
attempt("(-1).to_bytes(2**31, signed)", lambda: (-1).to_bytes(2**31, "big", signed=True))
attempt("afterwards", lambda: [i * i for i in range(1000)])
