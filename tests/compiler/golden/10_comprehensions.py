a = [x * y for x in range(3) for y in range(x) if y]
b = {x for x in s}
c = {k: v for k, v in pairs if k != v}
def f(n):
    return [[i + j for j in range(n)] for i in range(n)]
