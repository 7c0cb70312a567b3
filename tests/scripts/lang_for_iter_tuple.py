# FOR_ITER over a tuple_iterator is quickened (FOR_ITER_TUPLE): one loop site is warmed with
# tuples and then given what it must hand back to the generic path: a list, a generator, a
# str, a tuple subclass with its own __iter__, an iterator already partly used or
# exhausted; then tuples again. The loop body also breaks out early and raises mid-loop.
def total(seq):
    s = 0
    for v in seq:
        s += v
    return s


def first_big(seq):
    for v in seq:
        if v > 10:
            return v
    return None


class Reversed(tuple):
    def __iter__(self):
        return iter([self[i] for i in range(len(self) - 1, -1, -1)])


def gen(n):
    yield from range(n)


for _ in range(50):
    assert total((1, 2, 3)) == 6
print("warm", total((1, 2, 3)), total(()), first_big((1, 20, 30)))
print("list", total([4, 5, 6]))
print("generator", total(gen(5)))
print("tuple subclass", total(Reversed((1, 2))), list(Reversed((1, 2, 3))), tuple(Reversed((4, 5))), [*Reversed((6, 7))])
it = iter((1, 2, 3, 4))
next(it)
print("partly used", total(it))
print("exhausted", total(it), list(it))
print("iter of iter", total(iter((7, 8))))
print("tuples again", total((10, 20)), first_big((5, 11)), first_big((1, 2)))

try:
    total((1, "a", 2))
except TypeError as e:
    print("TypeError", e)

# An iterator kept after a loop broke out resumes where the loop left it.
it = iter(("a", "b", "c", "d"))
for x in it:
    if x == "b":
        break
print("resumed", list(it))

# The tuple outlives the loop that dropped it; items keep their own references.
def items_of(t):
    out = []
    for v in t:
        out.append(v)
    return out
print("items", items_of(tuple([object.__name__, [1], (2,)])))
nested = ((1, 2), (3, 4))
print("nested", [a * b for (a, b) in nested], sum(v for pair in nested for v in pair))

# A list or tuple subclass with its own __iter__ is iterated, never copied as is: by
# list(), tuple(), list.extend, star-unpacking and str.join (CPython checks exact types).
class Backwards(list):
    def __iter__(self):
        return iter([self[i] for i in range(len(self) - 1, -1, -1)])


b = Backwards([1, 2, 3])
l = [0]
l.extend(b)
print("list subclass", list(b), tuple(b), l, [*b], (*b,), "-".join(Backwards(["x", "y"])))
print("tuple subclass join", "-".join(Reversed(("x", "y"))), sorted(Reversed((3, 1, 2))))
