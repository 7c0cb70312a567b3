# Sizes no memory can hold (issue 11, class 1): MemoryError, or CPython's OverflowError
# where a length passes ssize_t, raised before anything is allocated; the program
# catches each and goes on. Every size here is beyond any machine's address space. Run
# by tests/ulimit_run.py (not under the sanitizers: their operator new aborts on such a
# size instead of throwing std::bad_alloc); the output beside it is CPython 3.11's.
import collections
import itertools


def attempt(label, thunk):
    try:
        result = thunk()
        print(label, "->", type(result).__name__)
    except Exception as e:
        print(label, type(e).__name__ + ":", repr(e))


class HugeHint:
    def __iter__(self):
        return iter([])

    def __length_hint__(self):
        return 2**50


print("-- str and bytes")
attempt("'x'.rjust(2**62)", lambda: "x".rjust(2**62))
attempt("'x'.rjust(2**63 - 1)", lambda: "x".rjust(2**63 - 1))
attempt("'x'.center(2**63 - 1)", lambda: "x".center(2**63 - 1))
attempt("'x'.ljust(2**50)", lambda: "x".ljust(2**50))
attempt("'x'.zfill(2**62)", lambda: "x".zfill(2**62))
attempt("'\\u20ac'.rjust(2**61)", lambda: "\u20ac".rjust(2**61))
attempt("'xy' * 2**62", lambda: "xy" * 2**62)
attempt("'x' * 2**61", lambda: "x" * 2**61)
attempt("'x' * 2**50", lambda: "x" * 2**50)
attempt("b'x' * 2**62", lambda: b"x" * 2**62)
attempt("b'xy' * (2**63 - 1)", lambda: b"xy" * (2**63 - 1))
attempt("bytearray(b'xy') * (2**63 - 1)", lambda: bytearray(b"xy") * (2**63 - 1))
attempt("bytearray(b'x') * 2**62", lambda: bytearray(b"x") * 2**62)
attempt("bytes(2**62)", lambda: bytes(2**62))
attempt("bytes(2**63 - 1)", lambda: bytes(2**63 - 1))
attempt("bytearray(2**62)", lambda: bytearray(2**62))
attempt("format('x', width 2**50)", lambda: format("x", "1125899906842624"))
attempt("f-string width 2**50", lambda: f"{'x':{2**50}}")
attempt("'%*s' width 2**50", lambda: "%*s" % (2**50, "x"))
attempt("format(5, width 2**50)", lambda: format(5, "1125899906842624"))
attempt("''.join(...) * 2**50", lambda: "".join(["x" * 2**10] * 2**3) * 2**50)

print("-- containers")
attempt("[0] * 2**60", lambda: [0] * 2**60)
attempt("[0] * 2**50", lambda: [0] * 2**50)
attempt("(0,) * 2**60", lambda: (0,) * 2**60)
attempt("(0,) * 2**50", lambda: (0,) * 2**50)
attempt("itertools.tee('a', 2**63 - 1)", lambda: itertools.tee("a", 2**63 - 1))
attempt("itertools.tee('a', 2**50)", lambda: itertools.tee("a", 2**50))
attempt("list(HugeHint())", lambda: list(HugeHint()))
attempt("list(range(2**62))", lambda: list(range(2**62)))
attempt("deque([1, 2]) * 2**62", lambda: collections.deque([1, 2]) * 2**62)

print("-- ints")
attempt("1 << 2**50", lambda: 1 << 2**50)
attempt("1 << 2**62", lambda: 1 << 2**62)
attempt("1 << 2**63", lambda: 1 << 2**63)
attempt("1 << 2**64", lambda: 1 << 2**64)
attempt("1 << 2**100", lambda: 1 << 2**100)
# (Powers are in tests/memory/exhaustion_under_ulimit.py: CPython computes them until its
# memory runs out, gilpy refuses them up front.)

print("-- and the program goes on")
attempt("small work", lambda: [(1 << 100) * 3**50, "x".rjust(10), b"ab" * 3, [0] * 5])
