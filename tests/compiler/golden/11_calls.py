print("a", 1, sep="", end="\n")
obj.method(1, key=2)
f(*args, **kwargs)
f(1, *a, 2, k=3, **kw)
s = f"{name!r:>{width}} and {value:.2f} {x=}"
