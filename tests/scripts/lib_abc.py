# abc from CPython's library (on its pure-Python _py_abc): abstract methods and
# properties, registration, __subclasshook__, ABCMeta's caches.
import abc
import collections.abc


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...

    @property
    @abc.abstractmethod
    def name(self):
        ...

    @classmethod
    @abc.abstractmethod
    def unit(cls):
        ...

    def describe(self):
        return f"{self.name}: {self.area()} {self.unit()}"


print(sorted(Shape.__abstractmethods__), isinstance(Shape, abc.ABCMeta))
try:
    Shape()
except TypeError as e:
    print("TypeError:", e)


class Half(Shape):
    def area(self):
        return 1


try:
    Half()
except TypeError as e:
    print("TypeError:", e)


class Square(Half):
    name = "square"

    @classmethod
    def unit(cls):
        return "m2"


print(Square().describe(), Square.__abstractmethods__, issubclass(Square, Shape))


class Sized(metaclass=abc.ABCMeta):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Sized:
            return any("__len__" in B.__dict__ for B in C.__mro__)
        return NotImplemented


print(isinstance([], Sized), isinstance(3, Sized), issubclass(str, Sized))


class Plugin(abc.ABC):
    pass


class External:
    pass


Plugin.register(External)
print(isinstance(External(), Plugin), issubclass(External, Plugin), Plugin.register(int) is int)
print(isinstance(5, Plugin), abc.get_cache_token() is not None)


@Plugin.register
class Decorated:
    pass


print(issubclass(Decorated, Plugin), Decorated.__name__)


class Later(abc.ABC):
    def run(self):
        return "ran"


def run(self):
    return "patched"


Later.run = abc.abstractmethod(run)
abc.update_abstractmethods(Later)
print(sorted(Later.__abstractmethods__))
try:
    Later()
except TypeError as e:
    print("TypeError:", e)
print(isinstance({}, collections.abc.MutableMapping), issubclass(tuple, collections.abc.Hashable))
