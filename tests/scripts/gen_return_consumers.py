# A generator's return value never leaks out of native consumers (sum, list, zip, ...).
def g(n):
    for i in range(n):
        yield i
    return "r"
print(sum(g(4)), list(g(3)), tuple(g(2)), sorted(g(3)), set(g(2)), dict((i, i) for i in g(2)))
print(list(zip(g(3), g(5))), list(map(str, g(2))), list(enumerate(g(2))), 5 in g(3), 1 in g(3))
print(min(g(3)), max(g(3)), ",".join(map(str, g(3))), any(g(1)), all(g(1)), [*g(2)], list(filter(None, g(3))))
a, b = g(2)
print(a, b, list(reversed(list(g(2)))), bytes(g(3)), frozenset(g(2)))
import itertools
print(list(itertools.chain(g(2), g(2))), list(itertools.islice(g(9), 2)))
print(sorted(g(3), key=lambda x: -x), list(iter(g(2))), "".join(str(x) for x in g(3)))
l = []; l.extend(g(3)); print(l)
s = set(); s.update(g(2)); print(s)
d = {}; d.update((x, x) for x in g(2)); print(d)
print(next(g(0), "dflt"))
try:
    next(g(0))
except StopIteration as e:
    print("value", e.value)
