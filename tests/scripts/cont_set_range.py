# Containers: set, frozenset, range and slice (recorded from CPython 3.11).

def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

print({5, 1, 3, 17}, {8, 16, 0, 3}, set(), frozenset(), frozenset({2, 1}))
print(set(range(20, 0, -3)), set([100, 7, 32, 64, 9]), {-1, -2, 2**61, 2**62})
s = {1, 2, 3}
s.add(4)
s.discard(10)
s.remove(1)
print(s, len(s), 2 in s, 9 in s)
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([7], (8,)), a.intersection(range(3, 10)), a.difference([1], [2]), a.symmetric_difference([4, 9]))
print(a <= b, {3} < a, a >= {1}, a > a, a == {4, 3, 2, 1}, a != b, {1, 2} == frozenset({1, 2}))
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({9}), a.isdisjoint([4]))
c = set(a)
c |= {10}
c &= {1, 2, 10, 11}
c -= {2}
c ^= {1, 50}
# Sorted: CPython's order here comes from how its compiler folds the set literal
# {1, 2, 10, 11} into a frozenset constant, not from the set algorithm under test.
print(sorted(c))
u = set(range(40))
u.intersection_update(range(0, 80, 3))
print(u)
u.difference_update(range(0, 40, 2))
print(u)
u.symmetric_difference_update({1, 3, 5})
print(u)
u.update([100], {200})
print(sorted(u))
p = {i * 7 for i in range(30)}
popped = [p.pop() for _ in range(5)]
print(popped, len(p))
fs = frozenset([1, 2, 3])
print(fs | {9}, type(fs | {9}).__name__, type({9} | fs).__name__, hash(fs) == hash(frozenset({3, 2, 1})))
print(hash(frozenset()), hash(frozenset({1, 2})), hash(frozenset(range(100))))
print({frozenset({1}): "x"}, frozenset({1}) in {frozenset({1})}, {1} in {frozenset({1})})
ss = {1, 2}
ss.add(frozenset(ss))
print(len(ss))
print(set("aaa"), sorted(set("hello")))
check(lambda: set().pop())
check(lambda: {1}.remove(2))
check(lambda: hash({1}))
check(lambda: {[]})
check(lambda: set(1))
check(lambda: set([], []))
check(lambda: {1} < [1])
check(lambda: {1} | [1])
check(lambda: {1} + {2})


def grow():
    g = {1}
    for x in g:
        g.add(x + 1)


check(grow)

# range
r = range(10)
print(r, range(1, 10), range(0, 10, 3), range(5, 0, -1), len(range(0, 10, 3)), len(range(5, 0, -2)))
print(list(r), list(range(5, 0, -2)), list(range(3, 3)), r[3], r[-1], r[2:8:2], r[::-1], r[:0])
print(3 in r, 10 in r, -1 in r, 3.0 in r, "x" in r, r.index(4), r.count(4), range(0, 20, 5).index(15))
print(range(0) == range(5, 2), range(0, 3) == range(0, 3, 1), range(1, 2, 5) == range(1, 3, 7), r == range(10))
print(hash(range(0)) == hash(range(5, 2)), list(reversed(range(1, 10, 4))), bool(range(0)), bool(range(1)))
print(r.start, r.stop, r.step, range(True), range(2**64, 2**64 + 3)[1], 2**64 + 1 in range(2**64, 2**64 + 3))
print(list(range(2**62 - 2, 2**62 + 2)), list(reversed(range(-2**63, -2**63 + 3))))
big = range(10**20)
print(big[-1], big[10**19], big[::10**19], 10**19 in big)
print(type(iter(r)).__name__, type(iter(range(2**70))).__name__)
check(lambda: range())
check(lambda: range(1, 2, 0))
check(lambda: range(1.5))
check(lambda: range(1, 2, 3, 4))
check(lambda: r[10])
check(lambda: r["a"])
check(lambda: r.index(42))
check(lambda: len(big))

# slice
sl = slice(1, 2)
print(sl, slice(5), slice(1, 10, 2), sl.start, sl.stop, sl.step)
print(slice(None, None, -1).indices(5), slice(-3, None).indices(5), slice(1, 100, 3).indices(10))
print(slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3), [0, 1, 2, 3][slice(1, 3)])
check(lambda: slice(1, 2, 0).indices(3))
check(lambda: slice(1, 2).indices(-1))
check(lambda: hash(slice(1)))
check(lambda: [1, 2][::0])
key = "a"
check(lambda: [1, 2][key:])
