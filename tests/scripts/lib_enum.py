# CPython's enum module on gilpy: Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique,
# the functional API, lookups and the errors.
import enum
from enum import Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

print(Color.RED, repr(Color.GREEN), Color(3), Color['RED'], list(Color))
print(Color.RED.name, Color.RED.value, Color.RED is Color(1), len(Color), Color.BLUE in Color)
print({c: c.value for c in Color})
try:
    Color(7)
except ValueError as e:
    print('ValueError', e)
try:
    Color['PINK']
except KeyError as e:
    print('KeyError', e)

class Shape(IntEnum):
    CIRCLE = 1
    SQUARE = 2
print(Shape.SQUARE + 1, Shape.CIRCLE < Shape.SQUARE, int(Shape.SQUARE), repr(Shape.CIRCLE), sorted([Shape.SQUARE, Shape.CIRCLE]))

class Mode(StrEnum):
    READ = auto()
    WRITE = auto()
print(Mode.READ, Mode.WRITE.upper(), repr(Mode.READ), Mode('write'))

class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()
rw = Perm.R | Perm.W
print(rw, repr(rw), Perm.R in rw, Perm.X in rw, list(rw), ~Perm.R, bool(Perm(0)))

class Bits(IntFlag):
    A = 1
    B = 2
print(Bits.A | Bits.B, Bits.A | 8, int(Bits.A | Bits.B), repr(Bits(3)))

class Auto(Enum):
    FIRST = auto()
    SECOND = auto()
print([m.value for m in Auto])

try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print('ValueError', e)

Animal = Enum('Animal', 'ANT BEE CAT')
print(list(Animal), Animal.BEE.value)
Planet = Enum('Planet', [('MERCURY', 1), ('VENUS', 2)])
print(Planet.VENUS, Planet(1))

class WithMethods(Enum):
    A = 'a'
    B = 'b'
    def describe(self):
        return f'{self.name}={self.value}'
    @classmethod
    def first(cls):
        return next(iter(cls))
print(WithMethods.B.describe(), WithMethods.first())

try:
    Color.RED = 5
except AttributeError as e:
    print('AttributeError', e)
print(Color.__members__.keys(), isinstance(Color.RED, Color), type(Color).__name__)
print(f'{Color.RED}', f'{Shape.CIRCLE}', format(Mode.READ), str(Perm.R))
