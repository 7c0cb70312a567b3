# collections.deque: every method, maxlen, rotation, indexing, operators, comparisons,
# repr and copying (recorded from CPython 3.11).
from collections import deque
import _collections

print(deque is _collections.deque, deque, type(deque()).__module__, deque.__name__)
print(type(iter(deque())), type(reversed(deque())))

# Construction and the two ends.
d = deque()
print(d, len(d), bool(d), d.maxlen)
d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), bool(d), d[0], d[-1])
print(d.pop(), d.popleft(), d)
d.extend("ab")
d.extendleft("xy")
print(d)
print(deque(range(5)), deque("abc"), deque((1, 2)), deque({"k": 1}), deque(x * x for x in range(4)))
print(deque(iterable=[1, 2], maxlen=5), deque([1], None), deque(maxlen=3))

# Many items through both ends: the buffer grows, wraps and shrinks.
d = deque()
for i in range(1000):
    d.append(i)
    if i % 3 == 0:
        d.appendleft(-i)
print(len(d), d[0], d[-1], d[500], sum(d))
while len(d) > 10:
    d.pop()
    d.popleft()
print(d)
for i in range(100):
    d.appendleft(i)
    d.pop()
print(d, list(reversed(d)))
d.clear()
print(d, len(d))
d.append("again")
print(d)

# extend from itself, from a generator, from an iterator over another deque.
d = deque([1, 2, 3])
d.extend(d)
print(d)
d.extendleft(d)
print(d)
d = deque([1, 2])
d += d
print(d)
d.extend(iter(deque("xyz")))
print(d)

# maxlen: a full deque drops from the other end.
d = deque(range(10), maxlen=3)
print(d, d.maxlen)
d.append(10)
print(d)
d.appendleft(-1)
print(d)
d.extend([20, 21])
print(d)
d.extendleft("ab")
print(d)
d = deque(maxlen=0)
d.append(1)
d.appendleft(2)
d.extend(range(100))
d.extendleft(x for x in range(3))
print(d, len(d), d.maxlen)
d = deque([1, 2], maxlen=1)
print(d)
d = deque(maxlen=True)
d.append(1)
d.append(2)
print(d)

# Indexing: read, assign and delete, negative indices.
d = deque(range(10))
print(d[0], d[9], d[-1], d[-10], d[5], d[True])
d[0] = "first"
d[-1] = "last"
d[4] = "mid"
print(d)
del d[0]
del d[-1]
del d[3]
del d[5]
print(d, len(d))

# insert before an index, clamped like list.insert.
for i in (-9, -5, -4, -3, -1, 0, 1, 3, 4, 5, 9):
    d = deque([0, 1, 2, 3])
    d.insert(i, "x")
    print(i, d)
d = deque([1, 2, 3], maxlen=5)
d.insert(1, "a")
d.insert(-1, "b")
print(d)

# rotate: both ways, modulo the length, a full buffer and a sparse one.
for n in (0, 1, -1, 3, -3, 7, 8, -8, 10**18, -10**18, 2**62):
    d = deque(range(7))
    d.rotate(n)
    print(n, list(d))
d = deque(range(8))
d.rotate()
print(d)
d = deque(range(8))
d.rotate(-3)
print(d)
d = deque()
d.rotate(5)
print(d)
d = deque([1])
d.rotate(-5)
print(d)
d = deque(range(100))
for i in range(1, 40):
    d.rotate(i)
    d.rotate(-i + 1)
print(list(d)[:10], len(d), sum(d))

# remove, count, index, in, reverse.
d = deque("abcabcab")
d.remove("b")
print(d, d.count("a"), d.count("z"), d.count("c"))
print(d.index("a"), d.index("a", 1), d.index("c", -3), d.index("a", 1, 5), d.index("b", -100), d.index("c", 0, 10**30))
print("c" in d, "z" in d, 1 in deque([1.0]), float("nan") in deque([float("nan")]))
nan = float("nan")
print(nan in deque([nan]), deque([nan]).count(nan), deque([nan]).index(nan))
d.reverse()
print(d)
d = deque(range(7))
d.reverse()
print(d)
d = deque()
d.reverse()
print(d)

# copy and __copy__ (shallow), and __init__ again resets.
inner = [1]
d = deque([inner, 2], maxlen=4)
c = d.copy()
c2 = d.__copy__()
print(c, c.maxlen, c[0] is inner, c is d, c == d, c2)
d = deque([1, 2, 3])
d.__init__()
print(d)
d.__init__("ab", 1)
print(d, d.maxlen)
d.__init__([1, 2, 3])
print(d, d.maxlen)

# Operators.
a = deque([1, 2])
b = deque([3])
print(a + b, a * 3, 3 * a, a * 0, a * -2, (a + b).maxlen)
print(deque([1, 2], maxlen=3) + deque([3, 4]), deque([1, 2], maxlen=3) * 2, 2 * deque([1], maxlen=5))
a = deque([1, 2])
a += [3, 4]
a += (5,)
a += "ab"
print(a)
a = deque([1, 2])
a *= 3
print(a)
a = deque([7])
a *= 4
print(a)
a = deque([7], maxlen=2)
a *= 4
print(a)
a = deque([1, 2, 3], maxlen=5)
a *= 3
print(a)
a = deque([1, 2])
a *= 0
print(a)
a = deque([1, 2])
alias = a
a *= 1
print(a, a is alias)

# Comparisons: as sequences, only with deques.
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) != deque([1, 2]), deque([1]) == deque([1], maxlen=3))
print(deque([1, 2]) < deque([1, 3]), deque([1, 2]) < deque([1, 2, 0]), deque([2]) > deque([1, 9]))
print(deque([1, 2]) <= deque([1, 2]), deque() >= deque(), deque([1]) > deque(), deque() < deque([0]))
print(deque([1, 2]) == [1, 2], deque([1]) != (1,), deque("ab") == deque("ab"))
d = deque([1, 2])
print(d == d, d != d, d <= d)

# repr: recursive, bounded, and containers inside.
d = deque()
d.append(d)
print(d)
d = deque([1, "two", [3]], maxlen=4)
d.append(d)
print(d, repr(d))
print(repr(deque([deque([1]), deque([], maxlen=0)])))
print(str(deque([None, True, 1.5])))

# Iteration.
d = deque(range(5))
print(list(d), list(reversed(d)), [x * 2 for x in d], sorted(d, reverse=True), max(d), tuple(d))
it = iter(d)
print(it.__length_hint__(), next(it), next(it), it.__length_hint__(), list(it), it.__length_hint__())
rit = reversed(d)
print(rit.__length_hint__(), next(rit), list(rit))
print(list(_collections._deque_iterator(deque("abcd"), 2)), list(_collections._deque_reverse_iterator(deque("abcd"), 1)))
print(list(_collections._deque_iterator(deque("ab"), 9)), list(_collections._deque_iterator(deque("ab"))))
print(iter(it) is it, enumerate(deque("xy")).__next__())

# Unhashable; __class_getitem__; a deque as a queue.
try:
    hash(deque())
except TypeError as e:
    print("TypeError:", e)
print(deque.__hash__, deque[int]([1, 2]))
q = deque()
out = []
for i in range(5):
    q.append(i)
while q:
    x = q.popleft()
    out.append(x)
    if x < 3:
        q.append(x + 10)
print(out)

# A model check: random operations on a deque and on a list agree at every step (a
# linear congruential generator keeps the sequence the same everywhere).
seed = 12345


def rand(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return seed % n


for maxlen in (None, 5, 37):
    d = deque(maxlen=maxlen)
    model = []
    mismatches = 0
    biggest = 0
    for step in range(6000):
        op = rand(12)
        x = step
        # Grow for a while (the ring doubles and wraps), then drain (it halves).
        if step < 3000 and op in (3, 4, 6) and rand(3):
            op = rand(3)
        elif step >= 3000 and op in (0, 1, 2, 7, 8) and rand(4):
            op = 3 + rand(2)
        if op in (0, 1):
            d.append(x)
            model.append(x)
        elif op == 2:
            d.appendleft(x)
            model.insert(0, x)
            if maxlen is not None and len(model) > maxlen:
                model.pop()
            continue
        elif op == 3 and model:
            if d.pop() != model.pop():
                mismatches += 1
        elif op == 4 and model:
            if d.popleft() != model.pop(0):
                mismatches += 1
        elif op == 5:
            n = rand(50) - 25
            d.rotate(n)
            if model:
                k = n % len(model)
                model[:] = model[len(model) - k:] + model[:len(model) - k]
        elif op == 6 and model:
            i = rand(len(model))
            del d[i]
            del model[i]
        elif op == 7 and (maxlen is None or len(model) < maxlen):
            i = rand(len(model) + 3) - 1
            d.insert(i, x)
            model.insert(i, x)
        elif op == 8:
            items = [x, x + 1, x + 2][:rand(4)]
            d.extend(items)
            model.extend(items)
        elif op == 9 and model:
            i = rand(len(model))
            d[i] = -x
            model[i] = -x
        elif op == 10 and rand(20) == 0:
            d.reverse()
            model.reverse()
        elif op == 11 and rand(1000) == 0:
            d.clear()
            model.clear()
        if maxlen is not None and len(model) > maxlen:
            del model[:len(model) - maxlen]
        if list(d) != model or len(d) != len(model):
            mismatches += 1
        biggest = max(biggest, len(d))
    print("model", maxlen, biggest, len(d), mismatches, list(d)[:5])
