# list.sort on keys of one kind (compared by the kind's own comparison) and on mixed keys:
# floats with NaN and -0.0, big and small ints, bools, strs, tuples whose first items tie
# or differ in type, empty tuples among others, a class with __lt__, one whose __lt__
# returns NotImplemented (the reflected __gt__ decides), one without ordering
# (TypeError), keys that mutate the list, reverse=True with equal keys (stability).
nan = float("nan")
print(sorted([3.5, -0.0, 0.0, 2.25, -1e300, 1e-300, 7.0]))
print([repr(x) for x in sorted([2.0, nan, 1.0, nan, 0.5])])
print(sorted([10**30, -5, 2**62, 3, -(10**25), 0, 2**62 - 1]))
print(sorted([True, False, True, 1, 0, 2]))
print(sorted(["b", "a", "ab", "", "B", "\u00e9", "aa"]))
print(sorted([("b", 2), ("a", 3), ("b", 1), ("a", 2.5), ("a", 3)]))
print(sorted([(1, "x"), (1.0, "a"), (0, "z"), (True, "m")]))
print(sorted([(2,), (1, 2), (1,), (1, 1, 1)]))
try:
    print(sorted([(1,), ()]))
except TypeError as e:
    print("TypeError:", e)
print(sorted([(1,), (1, 2), (), (0,)]))
try:
    sorted([("a", 1), ("a", "b")])
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1.5, "x"])
except TypeError as e:
    print("TypeError:", e)

calls = []


class Ranked:
    def __init__(self, r):
        self.r = r

    def __lt__(self, other):
        calls.append((self.r, other.r))
        return self.r < other.r

    def __repr__(self):
        return "R%d" % self.r


print(sorted([Ranked(3), Ranked(1), Ranked(2), Ranked(1)]), len(calls))


class OnlyGt:
    def __init__(self, r):
        self.r = r

    def __lt__(self, other):
        return NotImplemented

    def __gt__(self, other):
        return self.r > other.r

    def __repr__(self):
        return "G%d" % self.r


print(sorted([OnlyGt(2), OnlyGt(0), OnlyGt(1)]))


class Plain:
    pass


try:
    sorted([Plain(), Plain()])
except TypeError as e:
    print("TypeError:", e)

data = [5, 3, 1]


def meddle(x):
    data.append(x)
    return x


try:
    data.sort(key=meddle)
except ValueError as e:
    print("ValueError:", e)
pairs = [("k", i % 3, i) for i in range(9)]
print(sorted(pairs, key=lambda p: p[1], reverse=True))
print(sorted(pairs, key=lambda p: (p[1], -p[2])))
print(sorted([2.5, 1.5, 2.5, 0.5], reverse=True))

# Tuple keys by the kind of their first items: floats (NaN among them), a class with
# __lt__ (its own comparison, called directly), small ints with a key function, reversed.
print([repr(t) for t in sorted([(2.5, "a"), (nan, "b"), (-1.0, "c"), (2.5, "0")])])
print(sorted([(Ranked(2), "a"), (Ranked(1), "b"), (Ranked(2), "c")], key=lambda t: (t[0].r, t[1])))
calls.clear()
print(sorted([(Ranked(5), 1), (Ranked(4), 2), (Ranked(6), 3)]), len(calls))
print(sorted(range(20), key=lambda i: (i % 3, -i), reverse=True))
print(sorted(["pear", "fig", "apple", "fig"], key=lambda w: (len(w), w)))

# Tuple items after the first, by kind (small ints, floats and strs compare inline, the
# rest by rich comparison): NaN and -0.0 among floats, ints beside floats, bools, big
# ints, a str subclass, a class with __lt__ (its calls counted); strs as first items that
# tie, share a prefix or hold non-ASCII characters.
print([repr(t) for t in sorted([("a", nan), ("a", 1.0), ("a", -0.0), ("a", 0.0), ("b", nan), ("a", 1.0)])])
print(sorted([("x", 2), ("x", 1.5), ("x", True), ("x", 10**20), ("x", -(10**20)), ("x", 1)]))


class Word(str):
    pass


print([(k, type(w).__name__, w) for k, w in sorted([("k", Word("b")), ("k", "a"), ("k", Word("a")), ("k", "c")])])
calls.clear()
print(sorted([("k", Ranked(2)), ("k", Ranked(1)), ("j", Ranked(0)), ("k", Ranked(3))]), len(calls))
print(sorted([("ab", 1), ("a", 2), ("", 3), ("ab", 0), ("a\u00e9", 1), ("a\u00e9", 0), ("\u20ac", 5)]))
print(sorted([(i % 4, (i * 7) % 5, str(i % 3), i) for i in range(30)]))
try:
    sorted([("a", 1), ("a", "1")])
except TypeError as e:
    print("TypeError:", e)
