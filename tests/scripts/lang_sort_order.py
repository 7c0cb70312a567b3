# list.sort makes CPython's comparisons in CPython's order (timsort: natural runs, binary
# insertion to minrun, powersort merges, galloping): the count and a digest of the
# sequence of __lt__ calls for many sizes and shapes of input, the result when __lt__ is
# inconsistent (NaNs among floats, a comparison that lies), and that a failing __lt__
# leaves every item in the list.
class Key:
    log = []

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        Key.log.append((self.v, other.v))
        return self.v < other.v


def digest(pairs):
    h = 0
    for a, b in pairs:
        h = (h * 1000003 + a * 7919 + b) % 2305843009213693951
    return h


def lcg(seed):
    while True:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        yield seed


shapes = {
    "random": lambda n, r: [next(r) % 1000 for _ in range(n)],
    "few values": lambda n, r: [next(r) % 4 for _ in range(n)],
    "sorted": lambda n, r: list(range(n)),
    "reversed": lambda n, r: list(range(n, 0, -1)),
    "sawtooth": lambda n, r: [i % 37 for i in range(n)],
    "runs": lambda n, r: sorted(next(r) % 500 for _ in range(n // 2)) + sorted(next(r) % 500 for _ in range(n - n // 2)),
    "almost sorted": lambda n, r: [i if i % 50 else n - i for i in range(n)],
}
r = lcg(2024)
for name, make in shapes.items():
    for n in (0, 1, 2, 3, 7, 31, 63, 64, 65, 100, 257, 1000, 5000):
        values = make(n, r)
        Key.log = []
        keys = [Key(v) for v in values]
        keys.sort()
        assert [k.v for k in keys] == sorted(values)
        print(name, n, len(Key.log), digest(Key.log))
    Key.log = []
    ks = sorted((Key(v) for v in make(3000, r)), reverse=True)
    print(name, "reverse", len(Key.log), digest(Key.log), [k.v for k in ks[:3]])
    Key.log = []
    ks = sorted(make(2000, r), key=Key)
    print(name, "key", len(Key.log), digest(Key.log))

nan = float("nan")
values = [next(r) % 100 / 7 for _ in range(400)]
for i in range(0, 400, 9):
    values[i] = nan
ordered = sorted(values)
print([i for i, x in enumerate(ordered) if x != x], ordered[::40])


class Liar:
    def __init__(self, v, r):
        self.v, self.r = v, r

    def __lt__(self, other):
        return next(self.r) % 3 == 0


r2 = lcg(7)
liars = [Liar(i, r2) for i in range(500)]
print([x.v for x in sorted(liars)][:20])


class Fails:
    count = 0
    limit = 0

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        Fails.count += 1
        if Fails.count == Fails.limit:
            raise ZeroDivisionError("no more comparing")
        return self.v < other.v


# Failures in binary insertion, in merges from either end and while galloping: the list
# keeps every item, in the order CPython leaves them.
values = [next(r) % 1000 for _ in range(3000)] + list(range(2000))
for limit in (5, 150, 700, 3000, 9000, 20000, 30000):
    items = [Fails(v) for v in values]
    Fails.count, Fails.limit = 0, limit
    try:
        items.sort()
        print(limit, "sorted")
    except ZeroDivisionError as e:
        order = sum(i * x.v for i, x in enumerate(items)) % 1000000007
        print(limit, "ZeroDivisionError:", e, len(items), sorted(x.v for x in items) == sorted(values), order)
