# PGO training: function calls of every shape (recursion, defaults, keywords, *args,
# **kwargs, closures, bound methods, __call__, lambdas, decorators).


def ackermann_like(depth, width):
    if depth == 0:
        return width + 1
    total = 0
    for w in range(width):
        total += ackermann_like(depth - 1, w)
    return total


def tri(n):
    return 0 if n <= 0 else n + tri(n - 1)


def with_defaults(a, b=2, c=3):
    return a + b * c


def keyword_only(a, *, scale=1, shift=0):
    return a * scale + shift


def gather(*args, **kwargs):
    return len(args) + sum(args) + sum(kwargs.values())


def spread(*args, **kwargs):
    return with_defaults(*args, **kwargs)


def counter_factory():
    count = 0

    def step(by=1):
        nonlocal count
        count += by
        return count
    return step


def memo(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    return wrapper


@memo
def slow_square(n):
    return n * n


class Accumulator:
    def __init__(self):
        self.total = 0

    def add(self, x):
        self.total += x
        return self

    def __call__(self, x):
        return self.add(x).total


def main():
    acc = Accumulator()
    step = counter_factory()
    ops = [lambda x: x + 1, lambda x: x * 2, abs, str, len]
    checksum = 0
    for i in range(60000):
        checksum += with_defaults(i) + with_defaults(i, 1) + with_defaults(i, c=i & 7)
        checksum += keyword_only(i, scale=3) + gather(i, 1, 2, k=i & 3) + spread(i, b=1)
        checksum += step() + step(by=2) + acc(i & 15) + slow_square(i & 255)
        f = ops[i % 3]
        checksum += f(i)
        checksum %= 1000003
    for n in range(22):
        checksum += tri(n * 20) + ackermann_like(3, n % 9)
    print(checksum, len(ops[3](checksum)))


main()
