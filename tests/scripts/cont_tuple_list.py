# Containers: tuple and list behaviour and error messages (recorded from CPython 3.11).

def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

# tuple
key = "a"
t = (1, 2, 3)
print(t, (1,), (), t[0], t[-1], t[1:], t[::-1], t[::2], t[5:1])
print(t + (4,), t * 2, 2 * t, (t * 0) == (), len(t), 2 in t, 9 in t)
print(t.count(1), t.index(3), hash((1, 2)), hash(()), hash((1, (2, 3))))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (1, 2) == (1, 2), (2,) > (1, 9))
print(tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple(x * x for x in range(4)))
check(lambda: t[3])
check(lambda: t[key])
check(lambda: t + [4])
check(lambda: t * "a")
check(lambda: t.index(9))
check(lambda: tuple(1))
check(lambda: tuple(1, 2))
check(lambda: hash(([],)))
a, *b = t
print(a, b)

# list
l = [3, 1, 2]
l.append(5)
l.extend((7, 8))
l.insert(0, 0)
l.insert(-1, 99)
l.insert(100, 100)
print(l, len(l))
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(7)
print(l, l.index(2), l.count(1), 5 in l, 42 in l)
l.reverse()
print(l)
l.sort()
print(l)
l.sort(reverse=True)
print(l)
words = ["pear", "fig", "apple", "kiwi", "banana", "date"]
words.sort(key=len)
print(words)
print(sorted(words), sorted(words, key=len, reverse=True))
print(l[1:3], l[::-1], l[::2], l[-2:], l[:100], l[100:])
m = list(range(10))
m[2:5] = ["a", "b"]
print(m)
m[::3] = [0, 0, 0]
print(m)
del m[::2]
print(m)
m[1:1] = range(3)
print(m)
m[:] = m
print(m)
m[::-1] = m
print(m)
del m[1]
del m[-2:]
print(m)
n = [1, 2]
n += (3,)
n += range(4, 6)
print(n)
n *= 2
print(n, [0] * 3, 3 * [1, 2], [[]] * 2)
print([1, 2] < [1, 3], [1, 2] == [1, 2], [1] < [1, 0], [] == [], [2] > [1, 5])
r = [1]
r.append(r)
print(r)
print(list("abc"), list((1, 2)), list(range(3)), list({1: 2, 3: 4}))
c = [5, 6]
d = c.copy()
c.clear()
print(c, d)
print(list(reversed([1, 2, 3])), type(iter([])).__name__, type(reversed([])).__name__)
check(lambda: [][0])
check(lambda: [].pop())
check(lambda: [1].pop(5))
check(lambda: [1].remove(2))
check(lambda: [1].index(2))
check(lambda: [1, 2].index(1, 1))
key = "x"
check(lambda: [1][key])
check(lambda: [1] + (2,))
check(lambda: [1] * 2.5)
check(lambda: [1, "a"].sort())
check(lambda: sorted([3, None]))
check(lambda: [].append())
check(lambda: [].sort(1))
check(lambda: list(1))
check(lambda: list(1, 2))


def setitem(seq, key, value):
    seq[key] = value
    return seq


check(lambda: setitem([1], 5, 0))
check(lambda: setitem([1, 2, 3], slice(None, None, 2), [1]))
check(lambda: setitem([1, 2], slice(0, 1), 5))
check(lambda: setitem([1, 2], slice(None, None, 2), 5))
check(lambda: setitem([1, 2, 3], slice(None, None, 0), []))


class Bad:
    def __init__(self, lst):
        self.lst = lst

    def __lt__(self, other):
        self.lst.append(1)
        return False


victim = []
victim.extend([Bad(victim), Bad(victim)])
check(lambda: victim.sort())

class MyList(list):
    pass

ml = MyList([3, 1, 2])
ml.sort()
print(ml, type(ml).__name__, len(ml), ml + [4])
stable = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
stable.sort(key=lambda p: p[0])
print(stable)
