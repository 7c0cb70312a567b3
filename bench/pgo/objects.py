# PGO training: classes, attributes, properties, inheritance and super(), dunder methods,
# polymorphic dispatch, isinstance, exceptions raised and caught.


class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        raise NotImplementedError

    def describe(self):
        return "%s with area %.2f" % (self.name, self.area())


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"


class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return 3.14159 * self.r * self.r

    @property
    def diameter(self):
        return 2 * self.r


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __eq__(self, o):
        return isinstance(o, Vec) and self.x == o.x and self.y == o.y

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.x, self.y)[i]


class AppError(Exception):
    pass


class Retry(AppError):
    def __init__(self, attempt):
        super().__init__("retry %d" % attempt)
        self.attempt = attempt


def flaky(i):
    if i % 5 == 0:
        raise Retry(i)
    if i % 7 == 0:
        raise KeyError(i)
    if i % 11 == 0:
        return {}[i]
    return i


def main():
    shapes = []
    for i in range(30000):
        k = i % 3
        shapes.append(Rect(i % 10, 2) if k == 0 else Square(i % 4) if k == 1 else Circle(i % 6))
    total = 0.0
    for s in shapes:
        total += s.area()
        if isinstance(s, Circle):
            total += s.diameter
    print(round(total, 2), Shape.count, shapes[4].describe())
    v = Vec(0, 0)
    seen = set()
    for i in range(40000):
        v = v + Vec(i & 3, 1) * 2
        seen.add(Vec(i % 50, i % 7))
    print(v, len(seen), v[0], len(v), Vec(1, 2) == Vec(1, 2))
    caught = 0
    for i in range(40000):
        try:
            flaky(i)
        except Retry as e:
            caught += e.attempt % 3
        except (KeyError, ValueError):
            caught += 1
        finally:
            caught += 0
    try:
        try:
            flaky(5)
        except AppError as e:
            raise ValueError("wrapped") from e
    except ValueError as e:
        print(caught, repr(e), type(e.__cause__).__name__)


main()
