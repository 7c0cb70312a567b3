# A method call site (LOAD_METHOD) whose cache has warmed, then an instance that shadows
# the method in every way its dict can get the name: attribute assignment, __dict__ item
# assignment, update(), setdefault(), a replaced __dict__, a copied dict, a str subclass
# key, after deletion and re-insertion, and in a dict with many other keys.
import copy


class Greeter:
    def hello(self):
        return "method"


def call_all(objs):
    return [o.hello() for o in objs]


def fresh(n):
    return [Greeter() for _ in range(n)]


objs = fresh(4)
for o in objs:
    o.data = 1
for _ in range(100):
    call_all(objs)
print(call_all(objs))

objs[0].hello = lambda: "attribute"
objs[1].__dict__["hello"] = lambda: "dict item"
objs[2].__dict__.update(hello=lambda: "update")
objs[3].__dict__.setdefault("hello", lambda: "setdefault")
print(call_all(objs))

for o in objs:
    del o.__dict__["hello"]
print(call_all(objs))
objs[2].hello = lambda: "again"
print(call_all(objs))

replaced = Greeter()
replaced.__dict__ = {"hello": lambda: "replaced dict"}
copied = Greeter()
copied.__dict__ = dict(objs[2].__dict__)
copied_shallow = copy.copy(objs[2])


class Name(str):
    pass


subclass_key = Greeter()
subclass_key.__dict__[Name("hello")] = lambda: "str subclass key"
crowded = Greeter()
for i in range(200):
    setattr(crowded, f"attr{i}", i)
print(call_all([replaced, copied, copied_shallow, subclass_key, crowded]))
crowded.hello = lambda: "crowded"
print(call_all([crowded]))
crowded.__dict__.clear()
print(call_all([crowded]))
crowded.__dict__["hello"] = lambda: "after clear"
print(call_all([crowded]))
