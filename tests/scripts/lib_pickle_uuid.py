# pickle (CPython's pure-Python pickler) and uuid from CPython's library.
import collections
import pickle
import uuid


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Tracked:
    def __init__(self):
        self.value = 1
        self.cache = "drop me"

    def __getstate__(self):
        return {"value": self.value}

    def __setstate__(self, state):
        self.value = state["value"]
        self.cache = None


data = {"ints": [1, -2, 2**70], "floats": 1.5, "str": "héllo", "bytes": b"\x00\xff", "none": None,
        "tuple": (1, (2, 3)), "set": {1, 2}, "frozen": frozenset({3}), "bool": True, "complex": 1 + 2j,
        "point": Point(1, 2), "od": collections.OrderedDict(a=1), "dd": collections.defaultdict(list, k=[1]),
        "nested": [[[]]], "range": range(5), "bytearray": bytearray(b"ab")}
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(data, protocol=proto))
    print(proto, back == data, type(back["dd"]).__name__, back["point"])
print(pickle.dumps([1, "a", None], protocol=2), pickle.dumps((1, 2.5, b"x"), protocol=4))
print(pickle.dumps({"k": [True, False]}, protocol=0))
shared = [1]
both = pickle.loads(pickle.dumps([shared, shared]))
print(both[0] is both[1])
cyc = []
cyc.append(cyc)
c2 = pickle.loads(pickle.dumps(cyc))
print(c2[0] is c2)
t = pickle.loads(pickle.dumps(Tracked()))
print(t.value, t.cache)
try:
    pickle.dumps(lambda: 0)
except (pickle.PicklingError, AttributeError) as e:
    print(type(e).__name__)
try:
    pickle.loads(b"")
except EOFError as e:
    print("EOFError")  # the message differs between the C and the pure-Python pickle

u = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(u, u.hex, u.int, u.version, u.variant, repr(u), u.bytes, u.urn, u.fields)
print(uuid.uuid3(uuid.NAMESPACE_DNS, "python.org"), uuid.uuid5(uuid.NAMESPACE_URL, "http://x"))
r = uuid.uuid4()
print(r.version, len(str(r)), uuid.UUID(str(r)) == r, uuid.UUID(bytes=u.bytes) == u)
print(uuid.UUID("{12345678-1234-5678-1234-567812345678}") == u, sorted([uuid.UUID(int=5), uuid.UUID(int=2)]))
try:
    uuid.UUID("not-a-uuid")
except ValueError as e:
    print("ValueError:", e)
