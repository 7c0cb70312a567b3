# itertools: laziness, results and the reprs CPython prints.
import itertools as it
print(list(it.islice(it.count(), 5)), list(it.islice(it.count(2.5, 0.5), 3)))
print(repr(it.count()), repr(it.count(5)), repr(it.count(1, 2)), repr(it.repeat('a')), repr(it.repeat(1, 3)))
print(list(it.islice(it.cycle("ab"), 5)), list(it.repeat(7, 3)))
print(list(it.chain([1, 2], "ab")), list(it.chain.from_iterable([[1], [2, 3]])))
print(list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print(list(it.zip_longest("abc", [1], fillvalue="-")))
print(list(it.product("ab", repeat=2)), list(it.product([1, 2], "xy")))
print(list(it.permutations("abc", 2)), list(it.combinations(range(4), 2)))
print(list(it.combinations_with_replacement("ab", 2)))
print([(k, list(g)) for k, g in it.groupby("aabbbcaa")])
print([(k, len(list(g))) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
a, b = it.tee(iter([1, 2, 3]))
print(next(a), list(b), list(a))
print(list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.compress("abcd", [1, 0, 1, 0])))
print(list(it.filterfalse(None, [0, 1, 2, 0])), list(it.pairwise("abcd")))
print(list(it.islice("abcdefg", 1, None, 2)), list(it.islice("abcdefg", 2, 4)))
print(type(it.islice([], 1)).__name__, type(it.chain()).__name__)
try:
    it.islice([], -1)
except ValueError as e:
    print(e)
g = (i for i in range(10))
print(list(it.islice(g, 2, 4)), next(g))
keys = [k for k, _ in it.groupby([])]
print(keys)
