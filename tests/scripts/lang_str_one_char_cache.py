# One-character strs of Latin-1 are cached, made on first use, and interned as the cached
# object: equal ones from any source intern to one object, and a name of one character
# made at run time finds what was stored under the literal.
import sys

first, second = "abc", "xbz"
print(chr(97) is chr(97), chr(233) is chr(233), first[1] is second[1])
print(sys.intern("".join(["q"])) is sys.intern(chr(113)))
late = "".join(["\xfe"])
print(sys.intern(late) is sys.intern("\xfe"), sys.intern(late) is chr(254))
print(len({id(chr(c)) for c in range(256)}), len({chr(c) for c in range(256)}))


class T:
    z = 1


setattr(T, "".join(["w"]), 2)
print(getattr(T, chr(122)), T.w, vars(T)[chr(119)])
d = {"k": 1, chr(0xe9): 2}
print(d["".join(["k"])], d["\xe9"], "k" in d.keys(), [k for k in d if k == "\xe9"])
g = {}
exec("x = 5", g)
print(g[chr(120)], {chr(c) for c in b"hello"} == set("hello"))
