def f(path):
    with open(path) as fh, lock:
        data = fh.read()
        return data

with cm() as (a, b):
    pass
