# typing from CPython's library.
import typing
from typing import (Annotated, Any, Callable, ClassVar, Dict, Generic, List, Literal, NamedTuple,
                    Optional, Protocol, Tuple, TypedDict, TypeVar, Union, cast, get_args, get_origin,
                    get_type_hints, overload, runtime_checkable)

T = TypeVar("T")
K = TypeVar("K", bound=str)


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def get(self) -> T:
        return self.item


b: Box[int] = Box(5)
print(b.get(), Box[int], Box.__parameters__, T, K.__bound__)
print(Optional[int], Union[int, str], List[int], Dict[str, List[int]], Tuple[int, ...])
print(Callable[[int, str], bool], Literal["a", 1], Annotated[int, "meta"], ClassVar[int])
print(get_origin(List[int]), get_args(Dict[str, int]), get_origin(Union[int, str]), get_args(Optional[str]))
print(Union[int, int], Union[int, Union[str, float]], Optional[Union[int, None]])


def f(a: int, b: "str" = "x", *args: float, **kw: Any) -> Optional[bool]:
    return None


print(get_type_hints(f))


class Employee(NamedTuple):
    name: str
    id: int = 3


e = Employee("guido")
print(e, e._fields, e._field_defaults, Employee.__annotations__)


class Movie(TypedDict, total=False):
    title: str
    year: int


m: Movie = {"title": "x"}
print(m, Movie.__total__, sorted(Movie.__annotations__))


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...


class F:
    def close(self):
        pass


print(isinstance(F(), Closable), isinstance(5, Closable))


@overload
def g(x: int) -> int: ...
@overload
def g(x: str) -> str: ...
def g(x):
    return x


print(g(3), cast(int, "not really"), typing.TYPE_CHECKING)
print(list[int], dict[str, int] == typing.Dict[str, int], int | None)
print(typing.get_type_hints(Employee), Box[str]("s").get())
