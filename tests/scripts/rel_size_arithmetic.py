# Sizes from Python that wrap around or point past the end (issue 11, class 5): widths
# of -2**63 leave a string unchanged, a StringIO read after seeking past its end is empty,
# and sizes beyond ssize_t are CPython's OverflowError.
import io


def attempt(label, thunk):
    try:
        print(label, "->", repr(thunk()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


print("-- widths")
for width in (-2**63, -2**63 + 1, -2**62, -1, 0, 5, 2**63, -2**64):
    attempt(f"center {width}", lambda: "abc".center(width, "*"))
    attempt(f"ljust {width}", lambda: "abc".ljust(width))
    attempt(f"rjust {width}", lambda: "abc".rjust(width))
    attempt(f"zfill {width}", lambda: "-12".zfill(width))
    attempt(f"bytes center {width}", lambda: b"abc".center(width))
    attempt(f"bytes zfill {width}", lambda: b"+7".zfill(width))
    attempt(f"bytearray rjust {width}", lambda: bytearray(b"abc").rjust(width))
for tabsize in (-2**63, -1, 3, 2**31, 2**64):
    attempt(f"expandtabs {tabsize}", lambda: "a\tb".expandtabs(tabsize))
    attempt(f"bytes expandtabs {tabsize}", lambda: b"a\tb".expandtabs(tabsize))

print("-- counts")
attempt("split maxsplit 2**63", lambda: "a b".split(" ", 2**63))
attempt("split maxsplit -2**63", lambda: "a b".split(" ", -2**63))
attempt("rsplit maxsplit 2**62", lambda: "a b c".rsplit(None, 2**62))
attempt("replace count 2**63", lambda: "aaa".replace("a", "b", 2**63))
attempt("replace count 2**62", lambda: "aaa".replace("a", "b", 2**62))
attempt("replace count -2**63", lambda: "aaa".replace("a", "b", -2**63))
attempt("splitlines 2**62", lambda: "a\nb".splitlines(2**62))
attempt("find -2**63..2**63", lambda: "abc".find("b", -2**63, 2**63))
attempt("find 2**62..-2**62", lambda: "abc".find("b", 2**62, -2**62))
attempt("count from 2**62", lambda: "abc".count("", 2**62))
attempt("slice 2**62:-2**62", lambda: "abc"[2**62:-2**62])
attempt("list.index -2**62..2**62", lambda: [1, 2, 3].index(2, -2**62, 2**62))
attempt("list.insert 2**62", lambda: [1].insert(2**62, 0))
attempt("list.pop 2**62", lambda: [1].pop(2**62))
attempt("bytes find -2**63..2**63", lambda: b"abc".find(b"b", -2**63, 2**63))


def after_seek(initial, position, operation):
    s = io.StringIO(initial)
    s.seek(position)
    return operation(s)


print("-- StringIO past its end")
for position in (1, 2, 3, 100, 2**31, 2**62, 2**63 - 1):
    attempt(f"seek {position} read", lambda: after_seek("hi", position, lambda s: s.read()))
    attempt(f"seek {position} read(5)", lambda: after_seek("hi", position, lambda s: s.read(5)))
    attempt(f"seek {position} readline", lambda: after_seek("hi", position, lambda s: s.readline()))
    attempt(f"seek {position} readlines", lambda: after_seek("hi", position, lambda s: s.readlines()))
    attempt(f"seek {position} tell", lambda: after_seek("hi", position, lambda s: s.tell()))
attempt("empty: seek 1, read", lambda: after_seek("", 1, lambda s: s.read()))
attempt("empty: seek 1, iterate", lambda: after_seek("", 1, lambda s: list(s)))
attempt("seek 5, write, getvalue", lambda: after_seek("ab", 5, lambda s: (s.write("x"), s.getvalue(), s.tell())))
attempt("seek 5, getvalue", lambda: after_seek("ab", 5, lambda s: s.getvalue()))
attempt("seek 5, seek end, tell", lambda: after_seek("ab", 5, lambda s: s.seek(0, 2)))
attempt("read, truncate 2, tell, write", lambda: after_seek("hello", 0, lambda s: (s.read(), s.truncate(2), s.tell(), s.write("!"), s.getvalue())))
attempt("truncate 2**62", lambda: io.StringIO("abc").truncate(2**62))
attempt("truncate -1", lambda: io.StringIO("abc").truncate(-1))
attempt("seek -1", lambda: io.StringIO().seek(-1))
attempt("seek 2**63", lambda: io.StringIO().seek(2**63))
attempt("read -2**63", lambda: io.StringIO("abc").read(-2**63))
attempt("read 2**62", lambda: io.StringIO("abc").read(2**62))
attempt("readline 2**62", lambda: io.StringIO("abc").readline(2**62))

# (round(12345, -2**63) has no recorded result: CPython computes 10**(2**63) and does not
# return; tests/fuzz/regressions/extreme_method_arguments.py runs it under UBSan.)
print("-- extreme arguments found by the method fuzzer")
for n in (-400, -20, -5, -1):
    attempt(f"round(12345, {n})", lambda: round(12345, n))
    attempt(f"round(-12345, {n})", lambda: (-12345).__round__(n))
for n in (2**63 - 1, 2**62, 2**61 + 1):
    attempt(f"bytearray({n})", lambda: bytearray(n))
    attempt(f"bytearray(b'x') *= {n}", lambda: bytearray(b"x").__imul__(n))
