# dataclasses from CPython's library.
import dataclasses
from dataclasses import InitVar, KW_ONLY, asdict, astuple, dataclass, field, fields, replace
from typing import ClassVar, List


@dataclass
class Point:
    x: int
    y: int = 0
    tags: List[str] = field(default_factory=list)
    count: ClassVar[int] = 0

    def norm2(self):
        return self.x * self.x + self.y * self.y


p = Point(3, 4)
print(p, p.norm2(), p == Point(3, 4), p != Point(1), repr(Point(1, tags=["a"])))
print([f.name for f in fields(p)], asdict(p), astuple(p), replace(p, y=9))
print(Point.__init__.__annotations__ if hasattr(Point.__init__, "__annotations__") else None)


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0

    def __post_init__(self):
        if self.major < 0:
            raise ValueError("negative")


vs = sorted([Version(2, 1), Version(1, 5), Version(2, 0)])
print(vs, Version(1) < Version(1, 1), hash(Version(1, 2)) == hash(Version(1, 2)))
try:
    vs[0].major = 5
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
try:
    Version(-1)
except ValueError as e:
    print("ValueError:", e)


@dataclass
class WithInit:
    a: int
    scale: InitVar[int] = 2
    b: int = field(init=False)

    def __post_init__(self, scale):
        self.b = self.a * scale


print(WithInit(5), WithInit(5, 10))


@dataclass
class KW:
    a: int
    _: KW_ONLY
    b: int = 1
    c: int = 2


print(KW(1, c=5), dataclasses.is_dataclass(KW), dataclasses.is_dataclass(KW(0)))


@dataclass(eq=False)
class Node:
    value: int
    children: list = field(default_factory=list, repr=False, compare=False)


n = Node(1)
print(n, n == Node(1), n == n)


@dataclass
class Child(Point):
    z: int = 7


print(Child(1, 2), fields(Child)[-1].name)
try:
    @dataclass
    class Bad:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)
try:
    @dataclass
    class Mutable:
        a: list = []
except ValueError as e:
    print("ValueError:", e)
Dyn = dataclasses.make_dataclass("Dyn", [("x", int), ("y", str, field(default="s"))])
print(Dyn(1), Dyn.__name__)


@dataclass(slots=True)
class Slotted:
    a: int
    b: str = "b"


s = Slotted(1)
print(s, Slotted.__slots__)
