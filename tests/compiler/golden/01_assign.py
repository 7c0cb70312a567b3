x = 1
y = x + 2 * 3
a, b = b, a
first, *rest = [1, 2, 3]
x += 1
obj.attr -= 2
d[k] *= 3
p = q = None
s = "hello" if x else 'world'
del x, obj.attr, d[k]
t = (1, 2.5, -3, b"by", ...)
z = a[1:2], a[::2], a[1, 2:3]
