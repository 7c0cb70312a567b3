# A class's __dict__ is a read-only mappingproxy (writes raise, so the class changes only
# through setattr, which attribute lookups see at once); types.MappingProxyType's reads,
# its constructor's check, and that it is unhashable.
import types


class C:
    x = 1

    def m(self):
        return "m"


def load(o):
    return o.x


c = C()
print(load(c), type(C.__dict__).__name__, type(vars(C)) is types.MappingProxyType)
for action in ("set", "del"):
    try:
        if action == "set":
            C.__dict__["x"] = 2
        else:
            del C.__dict__["x"]
    except TypeError as e:
        print("TypeError:", e)
print(load(c))
setattr(C, "x", 3)
print(load(c), C.__dict__["x"], "m" in C.__dict__, C.__dict__.get("missing", "default"))

m = types.MappingProxyType({"a": 1, "b": 2})
print(m, repr(m), len(m), list(m), list(reversed(m)), m["a"], "b" in m)
print(m.get("a"), m.get("z"), m.get("z", 0), m.keys(), m.values(), m.items(), m.copy())
print(m == {"a": 1, "b": 2}, m != {"a": 1}, m | {"c": 3}, {"c": 3} | m)
for bad in ([("a", 1)], (1, 2), 5):
    try:
        types.MappingProxyType(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    hash(m)
except TypeError as e:
    print("TypeError:", e)
try:
    m["a"]
    m["zz"]
except KeyError as e:
    print("KeyError:", e)
