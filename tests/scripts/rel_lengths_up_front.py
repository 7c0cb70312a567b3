# Containers built from an iterable ask its length first (issue 11, class 7): a range
# too long for any list is CPython's OverflowError at once, not a loop until killed.
import collections


def attempt(label, thunk):
    try:
        print(label, "->", repr(thunk())[:60])
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


def count_args(*args):
    return len(args)


big = range(2**64)
print("-- range(2**64)")
attempt("len", lambda: len(big))
attempt("list", lambda: list(big))
attempt("tuple", lambda: tuple(big))
attempt("sorted", lambda: sorted(big))
attempt("[*big]", lambda: [*big])
attempt("(*big,)", lambda: (*big,))
attempt("[0, *big]", lambda: [0, *big])
attempt("f(*big)", lambda: count_args(*big))
attempt("a, *b = big", lambda: exec("a, *b = big", {"big": big}))
attempt("list.extend", lambda: [].extend(big))
attempt("list.__init__", lambda: [].__init__(big))
attempt("list += big", lambda: exec("x = []\nx += big", {"big": big}))
attempt("str.join", lambda: "".join(big))
attempt("bytes.join", lambda: b"".join(big))
attempt("bytes", lambda: bytes(big))
attempt("bytearray", lambda: bytearray(big))
attempt("reversed", lambda: list(reversed(big)))
attempt("list(range(2**63))", lambda: list(range(2**63)))
attempt("list(range(-2**63, 2**63))", lambda: list(range(-2**63, 2**63)))
print("-- what stays lazy")
attempt("enumerate", lambda: next(enumerate(big)))
attempt("zip", lambda: list(zip(big, big, [1])))
attempt("slice", lambda: big[::2**62])
attempt("contains", lambda: 2**63 in big)
attempt("index", lambda: big.index(2**63))
attempt("last", lambda: big[-1])
print("-- deque repeat counts")
attempt("deque * 2**70", lambda: collections.deque([1, 2]) * 2**70)
attempt("2**70 * deque", lambda: 2**70 * collections.deque([1, 2]))
attempt("deque *= 2**70", lambda: collections.deque([1, 2]).__imul__(2**70))
attempt("deque * -2**70", lambda: collections.deque([1, 2]) * -2**70)


class Hinted:
    def __init__(self, hint):
        self.hint = hint

    def __iter__(self):
        return iter([1, 2])

    def __length_hint__(self):
        return self.hint


class LenRaises:
    def __init__(self, error):
        self.error = error

    def __iter__(self):
        return iter([3])

    def __len__(self):
        raise self.error


print("-- __length_hint__ and __len__")
for hint in (0, 1, 5, -1, 2**63, "x", NotImplemented, None):
    attempt(f"hint {hint!r}", lambda: list(Hinted(hint)))
    attempt(f"tuple hint {hint!r}", lambda: tuple(Hinted(hint)))
attempt("len raises TypeError", lambda: list(LenRaises(TypeError("no len"))))
attempt("len raises KeyError", lambda: list(LenRaises(KeyError("boom"))))
attempt("len raises OverflowError", lambda: [*LenRaises(OverflowError("too long"))])
attempt("generator", lambda: list(x * x for x in range(5)))
attempt("iterator of a list", lambda: sorted(iter([3, 1, 2])))
