# collections (CPython's module on gilpy's _collections): namedtuple, OrderedDict,
# Counter, ChainMap, defaultdict, deque, UserDict/UserList, and collections.abc.
import collections
import collections.abc as cabc
import copy

from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple

Point = namedtuple("Point", "x y")
p = Point(1, y=2)
print(p, p.x, p[1], p._asdict(), p._replace(x=5), Point._fields, Point._make([3, 4]))
print(isinstance(p, tuple), hash(p) == hash((1, 2)), p == (1, 2))
Pt3 = namedtuple("Pt3", ["a", "b", "c"], defaults=[0, 9])
print(Pt3(1), Pt3._field_defaults, Pt3.__doc__)
Bad = namedtuple("Bad", "def x x", rename=True)
print(Bad._fields)
try:
    namedtuple("E", "a a")
except ValueError as e:
    print("ValueError:", e)
x, y = p
print(x, y, Point.x.__doc__)

od = OrderedDict(a=1, b=2, c=3)
od.move_to_end("a")
print(od, list(od), od.popitem(last=False), od)
od["z"] = 26
print(repr(od), od == OrderedDict(b=2, c=3, a=1, z=26), od == {"z": 26, "b": 2, "c": 3, "a": 1})
print(OrderedDict.fromkeys("xyz", 0))

c = Counter("abracadabra")
print(c, c.most_common(2), c["z"], sorted(c.elements()))
c.update("aaz")
c.subtract({"a": 1})
print(c["a"], c["z"], c.total())
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3, b=1) - Counter(a=1, b=2))
print(Counter(a=3) | Counter(a=1, b=2), Counter(a=3, b=1) & Counter(a=1, b=2))

cm = ChainMap({"a": 1}, {"a": 2, "b": 3})
print(cm["a"], cm["b"], len(cm), sorted(cm), cm.maps, cm.new_child({"c": 4})["c"])
cm["d"] = 5
print(cm.maps[0], cm.parents)

dd = defaultdict(list)
for k, v in [("x", 1), ("y", 2), ("x", 3)]:
    dd[k].append(v)
print(dd, dd["missing"], dict(dd), dd.default_factory)
print(repr(defaultdict(None, a=1)), defaultdict(int) | {"q": 1})
try:
    defaultdict(None)["nope"]
except KeyError as e:
    print("KeyError:", e)
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError:", e)
dd2 = copy.copy(dd)
print(dd2, type(dd2).__name__, dd2.default_factory is list)
print(copy.deepcopy(dd) == dd, type(copy.deepcopy(dd)).__name__)


class Counting(defaultdict):
    pass


cd = Counting(int)
cd["k"] += 2
print(cd, isinstance(cd, dict))

d = deque([1, 2, 3], maxlen=5)
d.appendleft(0)
d.extend([4, 5])
print(d, d.maxlen, d.popleft(), d.pop(), d)
d.rotate(2)
print(d, list(reversed(d)), d.count(1), d.index(2))

ud = collections.UserDict(a=1)
ud["b"] = 2
ul = collections.UserList([3, 1, 2])
ul.sort()
us = collections.UserString("hello")
print(ud, ul, us.upper(), len(us))

print(isinstance([], cabc.MutableSequence), isinstance({}, cabc.Mapping),
      isinstance(deque(), cabc.Sequence), issubclass(dict, cabc.MutableMapping),
      isinstance(iter([]), cabc.Iterator), isinstance((x for x in ()), cabc.Generator),
      isinstance(len, cabc.Callable), isinstance(set(), cabc.Set), isinstance("", cabc.Hashable))


class Seq(cabc.Sequence):
    def __init__(self, *items):
        self.items = items

    def __getitem__(self, i):
        return self.items[i]

    def __len__(self):
        return len(self.items)


s = Seq(1, 2, 3, 2)
print(list(s), s.index(2), s.count(2), 3 in s, list(reversed(s)))
try:
    cabc.Sequence()
except TypeError as e:
    print("TypeError:", e)
