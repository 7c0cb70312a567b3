def gen(n):
    for i in range(n):
        x = yield i
    yield from other()
    return 5

squares = (i * i for i in range(10) if i % 2)
