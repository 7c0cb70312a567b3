# Containers: dict, its views and error messages (recorded from CPython 3.11).

def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

d = {"a": 1, "b": 2}
d["c"] = 3
d[4] = "four"
d[(1, 2)] = "pair"
print(d, len(d), d["a"], d[4], d[(1, 2)])
del d["b"]
print(d, "a" in d, "b" in d, 4 in d)
d["b"] = 22
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
print(d.get("a"), d.get("zz"), d.get("zz", 0), d.setdefault("a", 9), d.setdefault("new", 7))
print(d.pop("new"), d.pop("zz", "dflt"), d.popitem(), d)
e = dict(d)
e.update({"x": 1}, y=2)
e.update([("z", 3)])
print(e, e == d, e != d, dict(a=1) == {"a": 1})
print(dict([(1, 2), (3, 4)]), dict({1: 2}, k=3), dict.fromkeys("ab"), dict.fromkeys([1, 2], 0))
print(d | {"q": 0}, {1: 1} | {1: 2, 2: 2})
f = {1: 1}
f |= {2: 2}
f |= [(3, 3)]
print(f)
print(list(reversed(f)), list(reversed(f.values())), list(reversed(f.items())))
k = {1: 1, 2: 2, 3: 3}.keys()
print(k & {2, 3, 4}, k | {9}, k - {1}, k ^ {3, 4}, {2} & k)
print(k == {1, 2, 3}, k < {1, 2, 3, 4}, k >= {1}, k.isdisjoint({7}), (2, 2) in {2: 2}.items())
print({"a": [1, 2], "b": {"c": ()}})
r = {}
r["self"] = r
print(r)
g = {i: i * i for i in range(10)}
for i in range(0, 10, 2):
    del g[i]
g[100] = 0
print(g, len(g))
big = {}
for i in range(1000):
    big[str(i)] = i
print(len(big), big["999"], sum(big.values()))
for key in list(big):
    if int(key) % 3:
        del big[key]
print(len(big), list(big)[:5])
c = {"x": 1}
print(c.copy(), c.clear(), c)
print(type(iter({})).__name__, type({}.keys()).__name__, type(iter({}.items())).__name__)
print({1: 2} == {1: 2.0}, {True: "t", 1: "one"}, {1.0: "x", 1: "y"})


def it_changes():
    h = {1: 1}
    for x in h:
        h[x + 1] = 1


class Missing(dict):
    def __missing__(self, key):
        return key * 2


m = Missing(a=1)
print(m["a"], m["zz"], m.get("zz"), type(m).__name__)
check(lambda: {}["nope"])
check(lambda: {}[(1, 2)])
check(lambda: {}.pop(1))
check(lambda: {}.popitem())
check(lambda: {[]: 1})
check(lambda: {}[{}])
check(lambda: it_changes())
check(lambda: dict([(1, 2, 3)]))
check(lambda: dict([1]))
check(lambda: dict(1))
check(lambda: dict({}, {}))
check(lambda: {}.get())
check(lambda: {} | [])
check(lambda: hash({}))
check(lambda: {}.keys() < 1)
