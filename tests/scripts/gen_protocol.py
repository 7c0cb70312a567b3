# The iterator protocol everywhere: generators and __iter__/__next__ classes.
def gen(n):
    for i in range(n):
        yield i

class Count:
    def __init__(self, n):
        self.n, self.i = n, 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i

class OnlyIter:
    def __iter__(self):
        return iter([("a", 1), ("b", 2)])

print(list(gen(4)), tuple(Count(3)), set(gen(3)), dict(OnlyIter()))
print(dict((str(i), i) for i in gen(3)))
print(sum(gen(5)), sum(Count(4)), max(gen(5)), min(Count(3)), sorted(gen(4), reverse=True))
print(list(zip(gen(3), Count(5))), list(map(lambda a, b: a * b, gen(4), Count(4))))
print(list(enumerate(Count(3), 1)), list(filter(None, gen(4))), list(reversed(list(gen(3)))))
print(3 in gen(5), 9 in Count(4), any(x > 2 for x in gen(4)), all(Count(3)))
a, b, *rest = gen(5)
print(a, b, rest)
x, y = Count(2)
print(x, y)
print([*gen(3), *Count(2)], {*gen(2)}, " ".join(str(i) for i in Count(3)))
print(list(iter(Count(2))), next(iter(gen(2))), next(gen(0), "default"))
it = iter([1, 2, 3])
print(list(zip(it, it)))
g = (i * i for i in range(4))
print(type(g).__name__, g.__name__, list(g), list(g))
# The first iterable of a generator expression is evaluated eagerly.
try:
    (i for i in 5)
except TypeError as e:
    print("TypeError:", e)
print(list(x for x in gen(3) if x), [y for x in gen(3) for y in Count(x)])
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Seq()), 20 in Seq())
try:
    iter(5)
except TypeError as e:
    print("TypeError:", e)
class BadNext:
    def __iter__(self):
        return 42
try:
    for _ in BadNext():
        pass
except TypeError as e:
    print("TypeError:", e)
