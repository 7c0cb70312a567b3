# Calls of native functions and methods at sites that see them again and again (the
# eval loop calls them directly once a site has seen one), and what such a site does
# when it then sees something else: a global rebound to a Python function or to another
# built-in, a method overridden in a subclass, a subclass that inherits the native method,
# a bound built-in method, natives that raise, natives that call back into Python, and
# recursion through a native.
import math
import sys


def measure(items):
    return [len(x) for x in items]


print(measure(["ab", [1, 2, 3], {}, range(7)]))
len_saved = len


def len(x):  # noqa: the global now shadows the built-in at the same call site
    return -1


print(measure(["ab", [1, 2, 3]]))
len = abs
print(measure([-3, 4]))
del len
print(measure(["xyz"]))


def roots(values, f=math.sqrt):
    out = []
    for v in values:
        out.append(f(v))
    return out


print(roots([4.0, 9.0, 2.25]))
print(roots([4.0, 9.0], f=lambda v: v * 10))


class Log(list):
    def append(self, item):
        super().append(("logged", item))


class Plain(list):
    pass


def fill(target, n):
    for i in range(n):
        target.append(i)
    return target


print(fill([], 3), fill(Log(), 2), fill(Plain(), 2), fill([], 1))
print(type(fill(Plain(), 1)).__name__)


def shout(words):
    return [w.upper() for w in words]


class Word(str):
    def upper(self):
        return "W:" + str.upper(self)


print(shout(["a", "b"]), shout([Word("c"), "d", Word("e")]))

bound = [].append
for i in range(3):
    bound(i)
print(bound.__self__)


def lengths(values):
    out = []
    for v in values:
        try:
            out.append(len_saved(v))
        except TypeError as e:
            out.append(str(e))
    return out


print(lengths(["abc", 5, [1], None]))


def removals(lst, values):
    done = []
    for v in values:
        try:
            lst.remove(v)
            done.append(v)
        except ValueError as e:
            done.append(str(e))
    return done


print(removals([1, 2, 3], [2, 9, 1]))


def keyed(rows):
    return sorted(rows, key=lambda r: -r)


for _ in range(3):
    print(keyed([3, 1, 2]))


def bad_key(r):
    raise KeyError(r)


try:
    for _ in range(3):
        sorted([1, 2], key=bad_key)
except KeyError as e:
    print("KeyError", e)


def deep(n):
    return max([n], key=deep)


# A low limit: a sanitizer build's frames are large, and the native frames between the
# Python ones are not counted against the limit.
sys.setrecursionlimit(150)
try:
    deep(0)
except RecursionError:
    print("RecursionError")
sys.setrecursionlimit(1000)

print(sorted([3, 1, 2], reverse=True), max(3, 9, key=lambda v: -v))
