# PGO training: int and float arithmetic, comparisons, list indexing, tuple unpacking,
# math functions, big integers, while and for loops.
import math


def integrate(f, a, b, steps):
    h = (b - a) / steps
    s = 0.5 * (f(a) + f(b))
    for k in range(1, steps):
        s += f(a + k * h)
    return s * h


def particles(n, rounds):
    pos = [[float(i), float(i * 2 % 7), 0.5 * i] for i in range(n)]
    vel = [[0.0, 0.1, -0.1] for _ in range(n)]
    for _ in range(rounds):
        for i in range(n):
            p, v = pos[i], vel[i]
            for j in range(i + 1, n):
                q = pos[j]
                dx, dy, dz = p[0] - q[0], p[1] - q[1], p[2] - q[2]
                d2 = dx * dx + dy * dy + dz * dz + 0.01
                inv = 1.0 / (d2 * d2 ** 0.5)
                v[0] -= dx * inv
                v[1] -= dy * inv
                v[2] -= dz * inv
            p[0] += 0.01 * v[0]
            p[1] += 0.01 * v[1]
            p[2] += 0.01 * v[2]
    return sum(p[0] + p[1] + p[2] for p in pos)


def collatz_steps(limit):
    best = 0
    for start in range(1, limit):
        n, steps = start, 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        if steps > best:
            best = steps
    return best


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    return sum(1 for f in flags if f)


def big_numbers():
    f = 1
    for i in range(1, 400):
        f *= i
    a, b = 0, 1
    for _ in range(2000):
        a, b = b, a + b
    return len(str(f)) + b % 1000007 + (f // (b | 1)) % 97 + pow(3, 200, 1000003)


def main():
    print(round(integrate(math.sin, 0.0, math.pi, 150000), 6))
    print(round(particles(40, 40), 3))
    print(collatz_steps(30000), sieve(200000), big_numbers())
    x = 0
    for i in range(200000):
        x = (x ^ (i << 3)) & 0xFFFFF | (i >> 2)
        x -= i % 13 - (i & 7) * 3
        if x < -1000 or x >= 1 << 40:
            x = -x // 3
    print(x, math.sqrt(abs(x)), math.floor(2.5), divmod(x, 7), 7.5 // 2, -7 % 3, 2 ** -1)


main()
