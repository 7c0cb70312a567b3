# Once a segfault on use (issue 11, class 6): object.__new__ of built-in types.
for t in (int, set, slice, range, type(x for x in [])):
    try:
        object.__new__(t)
    except TypeError as e:
        print(e)
