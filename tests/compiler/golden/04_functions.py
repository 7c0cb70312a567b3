def f(a, b=1, *args, c, d=2, **kw) -> int:
    "doc"
    return a + b

def outer(x):
    y = 1
    def inner(z: int):
        nonlocal y
        y += z
        return x + y
    return inner

@decorator
@other(1)
def decorated(a, /, b):
    pass

square = lambda v: v * v
