# operator, copy, bisect and heapq from CPython's library.
import bisect
import copy
import heapq
import operator
from operator import attrgetter, itemgetter, methodcaller

print(operator.add(2, 3), operator.mul("a", 3), operator.neg(5), operator.truediv(7, 2), operator.floordiv(7, 2))
print(operator.eq(1, 1.0), operator.lt(1, 2), operator.not_(0), operator.truth([]), operator.is_(None, None))
print(operator.contains([1, 2], 2), operator.getitem({"a": 1}, "a"), operator.index(7), operator.concat([1], [2]))
l = [1, 2, 3]
operator.setitem(l, 0, 9)
operator.delitem(l, 1)
print(l, operator.length_hint(iter(range(5))), operator.iadd([1], [2]))
print(itemgetter(1)("abc"), itemgetter(0, 2)("abc"), attrgetter("real")(3 + 4j), attrgetter("a.b")(type("A", (), {"a": type("B", (), {"b": 5})})))
print(methodcaller("split", ",")("a,b"), methodcaller("rjust", 5, "*")("x"), repr(itemgetter(1)))
rows = [("b", 2), ("a", 2), ("c", 1)]
print(sorted(rows, key=itemgetter(1, 0)))

original = {"list": [1, [2, 3]], "tuple": (1, [2]), "set": {1, 2}}
shallow = copy.copy(original)
deep = copy.deepcopy(original)
original["list"][1].append(4)
print(shallow["list"], deep["list"], shallow["list"] is original["list"], deep["tuple"] == original["tuple"])
cycle = [1]
cycle.append(cycle)
dc = copy.deepcopy(cycle)
print(dc[1] is dc, dc is not cycle)


class Custom:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        return Custom("copied " + self.v)

    def __deepcopy__(self, memo):
        return Custom("deep " + self.v)


print(copy.copy(Custom("x")).v, copy.deepcopy(Custom("y")).v, copy.deepcopy([Custom("z")])[0].v)


class Plain:
    def __init__(self):
        self.items = [1, 2]


pc = copy.deepcopy(Plain())
print(pc.items, type(pc).__name__)

a = [1, 3, 3, 5, 7]
print(bisect.bisect_left(a, 3), bisect.bisect_right(a, 3), bisect.bisect(a, 4), bisect.bisect_left(a, 6, 0, 3))
bisect.insort(a, 4)
bisect.insort_left(a, 3)
print(a, bisect.bisect([(1, "a"), (3, "c")], (2, "z")), bisect.bisect_left(["x", "yy", "zzz"], 2, key=len))

h = []
for x in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, x)
print(h[0], [heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 8]
heapq.heapify(data)
print(data, heapq.heappushpop(data, 0), heapq.heapreplace(data, 10), data)
print(heapq.nlargest(3, [5, 1, 8, 3, 9]), heapq.nsmallest(2, ["bb", "a", "ccc"], key=len))
print(list(heapq.merge([1, 4, 7], [2, 5], [3, 6, 9])), list(heapq.merge([3, 1], [2], key=lambda x: -x)))
