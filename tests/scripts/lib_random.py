# random on the native _random (Mersenne Twister) and _sha512: every result must equal
# CPython's for the same seed.
import random

random.seed(42)
print(random.random(), random.random())
print([random.randrange(100) for _ in range(10)])
print([random.randint(-5, 5) for _ in range(10)])
print(random.randrange(0, 10**30, 7))
xs = list(range(20))
random.shuffle(xs)
print(xs)
print(random.choice("abcdefgh"), random.sample(range(1000), 5))
print(random.gauss(0, 1), random.gauss(10, 2))
print(random.uniform(1, 2), random.triangular(0, 10, 3))
print(random.choices("abc", k=8), random.choices(range(5), weights=[5, 1, 1, 1, 0], k=6))
print(random.normalvariate(0, 1), random.expovariate(1.5), random.betavariate(2, 3))
print(random.gammavariate(2.5, 1.0), random.lognormvariate(0, 1), random.vonmisesvariate(1, 2))
print(random.paretovariate(3), random.weibullvariate(1, 2))
print(random.getrandbits(0), random.getrandbits(1), random.getrandbits(32), random.getrandbits(33))
print(random.getrandbits(100), random.getrandbits(64), random.randbytes(10))

# getstate / setstate round trip.
st = random.getstate()
print(type(st), len(st), st[0], len(st[1]), st[1][-1], st[2])
a = [random.random() for _ in range(5)]
random.setstate(st)
print(a == [random.random() for _ in range(5)])

# Instances and seeds of every kind.
r = random.Random(5)
print(r.random(), r.randrange(10**6))
print(random.Random(0).random(), random.Random(-5).random() == random.Random(5).random())
print(random.Random(2**100 + 12345).random(), random.Random(2**32).random(), random.Random(2**32 - 1).random())
print(random.Random(3.5).random(), random.Random(True).random())
print(random.Random("hello").random(), random.Random(b"hello").random(), random.Random(bytearray(b"xyz")).random())
r1 = random.Random()
r2 = random.Random()
print(r1.random() != r2.random())  # seeded from the system's entropy
r3 = random.Random(7)
r3.seed(7)
r4 = random.Random()
r4.seed(7)
print(r3.random() == r4.random())

# A subclass with its own random().
class MyRandom(random.Random):
    def __init__(self, seed, extra):
        super().__init__(seed)
        self.extra = extra

m = MyRandom(11, "x")
print(m.extra, m.random(), m.randrange(50))

import _random
b = _random.Random(42)
print(b.random(), b.getrandbits(40))
for bad in [lambda: b.getrandbits(-1), lambda: b.setstate([1]), lambda: b.setstate((1, 2)),
            lambda: b.setstate((0,) * 624 + (625,)), lambda: _random.Random(1, 2),
            lambda: _random.Random(x=1), lambda: b.getrandbits(1.5)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)

# _sha512 (random.py's string seeds use it).
import _sha512
h = _sha512.sha512(b"abc")
print(h.hexdigest())
print(_sha512.sha384(b"abc").hexdigest())
h2 = h.copy()
h2.update(b"d" * 300)
print(h.name, h.digest_size, h.block_size, h2.hexdigest()[:32], _sha512.sha512().digest()[:8])
try:
    _sha512.sha512("text")
except TypeError as e:
    print(e)

import statistics
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.stdev([1.0, 2.0, 4.0]))
for bad in [lambda: b.random(1), lambda: b.seed(1, 2), lambda: b.setstate(), lambda: _sha512.sha384().update()]:
    try:
        bad()
    except TypeError as e:
        print(e)
sr = random.SystemRandom()
print(0 <= sr.random() < 1, sr.getrandbits(8) < 256, len(sr.randbytes(4)))
print(statistics.variance([1, 2, 3, 4, 5]), statistics.pstdev([2, 4, 4, 4, 5, 5, 7, 9]), statistics.mode([1, 1, 2]))
print(statistics.median_low([1, 3, 5, 7]), statistics.median_high([1, 3, 5, 7]), statistics.quantiles(range(1, 11), n=4))
print(statistics.harmonic_mean([40, 60]), statistics.geometric_mean([54, 24, 36]), statistics.fmean([1, 2, 4]))
from fractions import Fraction
print(statistics.mean([Fraction(1, 2), Fraction(1, 3)]), statistics.correlation([1, 2, 3], [2, 4, 7]))
nd = statistics.NormalDist(100, 15)
print(nd.cdf(115), nd.inv_cdf(0.9), nd.pdf(100), len(nd.samples(3, seed=1)), nd.samples(2, seed=7))
