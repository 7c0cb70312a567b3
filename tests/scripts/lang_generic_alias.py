import types
print(list[int], dict[str, list[int]], tuple[()], tuple[int, ...], type[int])
print(int | str, int | None, (int | str) | bytes, int | int, list[int] | None)
print(type(list[int]), type(int | str))
print(isinstance(3, int | str), isinstance('x', int | None), isinstance(None, int | None))
print(list[int].__origin__, list[int].__args__, list[int].__name__)
print(list[int]([1, 2]), list[int] == list[int], hash(int|str) == hash(str|int), (int|str) == (str|int))
try: isinstance([], list[int])
except TypeError as e: print(e)
try: int | 3
except TypeError as e: print(e)
class C: pass
try: C[int]
except TypeError as e: print(e)
class G:
    def __class_getitem__(cls, item): return (cls.__name__, item)
print(G[int])
class D(dict[str, int]): pass
print(D.__mro__)
def f(x: list[int]) -> dict[str, int | None]: pass
print(f.__annotations__)
print(types.FrameType, types.CellType, types.DynamicClassAttribute)
class A: pass
A.__doc__ = 'd'; print(A.__doc__)
try: int.__doc__ = 'x'
except TypeError as e: print(e)
