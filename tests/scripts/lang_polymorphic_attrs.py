# One attribute site that sees many types (a scheduler calling step() on processes of
# ten classes): loads, method calls and stores stay right past the site's cache size,
# when an instance shadows a method, when a class attribute is replaced or a method
# deleted after the caches warmed, and when a property replaces an instance attribute.


def make_classes(n):
    classes = []
    for i in range(n):
        def step(self, i=i):
            return f"step{i}"
        classes.append(type(f"K{i}", (), {"step": step, "kind": i}))
    return classes


classes = make_classes(10)
objects = [cls() for cls in classes]
for i, o in enumerate(objects):
    o.value = i * 10


def visit(objs):
    out = []
    for o in objs:
        out.append((o.step(), o.kind, o.value))
        o.value = o.value + 1
    return out


for rounds in range(3):
    result = visit(objects)
print(result)

# An instance shadows its class's method after the site warmed.
objects[3].step = lambda: "shadowed"
print(visit(objects)[3])
del objects[3].step
print(visit(objects)[3])

# A class attribute replaced, a method replaced and one deleted.
classes[5].kind = "five"
classes[6].step = lambda self: "replaced"
del classes[7].step
try:
    visit(objects)
except AttributeError as e:
    print("AttributeError:", e)
objects.pop(7)
print(visit(objects))

# A data descriptor now wins over the instance dict, for loads and stores.
seen = []
classes[2].value = property(lambda self: 1000, lambda self, v: seen.append(v))
print(visit(objects)[2], seen)

# Types that keep coming: more types than any cache holds, round after round.
many = [cls() for cls in make_classes(40)]
for o in many:
    o.value = 0
for rounds in range(5):
    visit(many)
print(sum(o.value for o in many), sorted({o.step() for o in many})[:3])
