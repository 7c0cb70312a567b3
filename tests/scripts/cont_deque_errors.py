# collections.deque: errors with CPython's types and messages, and mutation during
# iteration and during comparisons (recorded from CPython 3.11).
from collections import deque
from _collections import _deque_iterator


def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


d = deque([1, 2, 3])
# Empty ends, bounds, full bounded deques.
check(lambda: deque().pop())
check(lambda: deque().popleft())
check(lambda: deque([1], maxlen=0).pop())
check(lambda: d[3])
check(lambda: d[-4])
check(lambda: deque()[0])
check(lambda: d[2**100])
check(lambda: d.__setitem__(3, 0))
check(lambda: d.__delitem__(-4))
check(lambda: deque([1, 2], maxlen=2).insert(0, 9))
check(lambda: deque(maxlen=0).insert(0, 9))


def assign(key):
    d[key] = 0


def delete(key):
    del d[key]


# Slices and other non-integer subscripts.
check(lambda: d[1:2])
check(lambda: d["a"])
check(lambda: d[1.0])
check(lambda: d[None])
check(lambda: assign(slice(0, 1)))
check(lambda: delete(slice(None)))
check(lambda: assign("k"))

# remove / index: values that are not there.
check(lambda: d.remove(5))
check(lambda: deque().remove(None))
check(lambda: d.index(7))
check(lambda: d.index("x", 0, 3))
check(lambda: d.index(1, 1))
check(lambda: d.index(3, 0, -1))
check(lambda: d.index(1, "a"))
check(lambda: d.index(1, 0, 1.5))

# maxlen and the constructor's arguments.
check(lambda: deque(maxlen=-1))
check(lambda: deque([], -5))
check(lambda: deque(maxlen=1.5))
check(lambda: deque(maxlen="3"))
check(lambda: deque(maxlen=2**100))
check(lambda: deque([], 2, 3))
check(lambda: deque(x=1))
check(lambda: deque([1], iterable=[2]))
check(lambda: deque(1))
check(lambda: deque(None))
check(lambda: d.__init__(maxlen=-3))
print(d)
check(lambda: setattr(d, "maxlen", 3))
check(lambda: hash(d))
check(lambda: {d: 1})

# Method arguments.
check(lambda: d.append())
check(lambda: d.append(1, 2))
check(lambda: d.append(x=1))
check(lambda: d.pop(0))
check(lambda: d.popleft(x=1))
check(lambda: d.extend())
check(lambda: d.extend(5))
check(lambda: d.extendleft(None))
check(lambda: d.count())
check(lambda: d.remove())
check(lambda: d.copy(1))
check(lambda: d.clear(1))
check(lambda: d.reverse(1))
check(lambda: d.rotate(1, 2))
check(lambda: d.rotate(n=1))
check(lambda: d.rotate("a"))
check(lambda: d.rotate(1.5))
check(lambda: d.rotate(2**100))
check(lambda: d.index())
check(lambda: d.index(1, 2, 3, 4))
check(lambda: d.index(1, start=0))
check(lambda: d.insert(1))
check(lambda: d.insert(1, 2, 3))
check(lambda: d.insert("a", 1))
check(lambda: d.insert(2**100, 9))
check(lambda: deque.append(5, 1))
check(lambda: deque.__len__(5))
print(d)

# Operators with other types.
check(lambda: d + [1])
check(lambda: d + 1)
check(lambda: [1] + d)
check(lambda: d * "a")
check(lambda: d * 1.5)
check(lambda: 1.5 * d)
check(lambda: d * 2**100)
check(lambda: d < [1])
check(lambda: [1] >= d)
check(lambda: deque([1, "a"]) < deque([1, 2]))
check(lambda: d - d)
e = deque([1])


def iadd(x):
    global e
    e += x
    return e


def imul(x):
    global e
    e *= x
    return e


check(lambda: iadd(3))
check(lambda: imul("x"))
check(lambda: imul(2.0))
print(e)

# _deque_iterator's own constructor.
check(lambda: _deque_iterator([1]))
check(lambda: _deque_iterator())
check(lambda: list(_deque_iterator(deque([1, 2]), "a")))

# Iterators notice mutation.
d = deque([1, 2, 3])
it = iter(d)
print(next(it))
d.append(4)
check(lambda: next(it))
check(lambda: next(it))
d = deque([1, 2, 3])
it = reversed(d)
print(next(it))
d.popleft()
check(lambda: next(it))
check(lambda: next(it))
# An exhausted forward iterator still reports a later mutation; a reverse one does not.
d = deque([1])
it, rit = iter(d), reversed(d)
print(list(it), list(rit))
d.append(2)
check(lambda: next(it))
check(lambda: next(rit))


def mutate_in_loop(op):
    d = deque([1, 2, 3])
    try:
        for x in d:
            op(d)
    except RuntimeError as e:
        print(op.__name__, "RuntimeError:", e, d)
    else:
        print(op.__name__, "no error", d)


def append(d): d.append(0)
def appendleft(d): d.appendleft(0)
def pop(d): d.pop()
def popleft(d): d.popleft()
def clear(d): d.clear()
def rotate(d): d.rotate(1)
def rotate_zero(d): d.rotate(0)
def remove(d): d.remove(3) if 3 in d else None
def insert(d): d.insert(1, 9)
def delitem(d): del d[0]
def extend_empty(d): d.extend([])
def setitem(d): d[0] = 7
def reverse(d): d.reverse()
def imul_one(d): d.__imul__(1)
def reinit(d): d.__init__(d)


for op in (append, appendleft, pop, popleft, clear, rotate, rotate_zero, remove, insert, delitem,
           extend_empty, setitem, reverse, imul_one, reinit):
    mutate_in_loop(op)


# Comparisons whose __eq__ mutates the deque.
class Mutator:
    def __init__(self, d, result):
        self.d = d
        self.result = result

    def __eq__(self, other):
        self.d.append("m")
        return self.result


class Raiser:
    def __eq__(self, other):
        raise KeyError("boom")


for result in (False, True):
    d = deque([1, 2, 3])
    check(lambda: d.count(Mutator(d, result)))
    d = deque([1, 2, 3])
    check(lambda: d.index(Mutator(d, result)))
    d = deque([1, 2, 3])
    check(lambda: Mutator(d, result) in d)
    d = deque([1, 2, 3])
    check(lambda: d.remove(Mutator(d, result)))
    print(d)
    d = deque([1, 2, 3])
    check(lambda: d == deque([1, 2, Mutator(d, result)]))
    print(d)
d = deque([1, 2, 3])
check(lambda: d.remove(Raiser()))
check(lambda: d.count(Raiser()))
check(lambda: d.index(Raiser()))
check(lambda: Raiser() in d)
check(lambda: d == deque([Raiser(), 2, 3]))
print(d)


# A __del__ that runs while an item is dropped sees a consistent deque.
class Noisy:
    def __init__(self, d, name):
        self.d = d
        self.name = name

    def __del__(self):
        print("del", self.name, "sees", list(x if isinstance(x, int) else "N" for x in self.d))


d = deque(maxlen=2)
d.append(Noisy(d, "a"))
d.append(1)
d.append(2)
d.appendleft(Noisy(d, "b"))
d.appendleft(0)
d[1] = Noisy(d, "c")
d[1] = 5
d.extend([Noisy(d, "e"), 7, 8])
print(d)
d.appendleft(Noisy(d, "f"))
d.clear()
print(d)
