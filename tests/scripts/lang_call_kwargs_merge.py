# f(*args, **kwargs): the ** mapping is merged into the call's keywords (straight from the
# entries when it is a dict whose keys are all exact strs; through keys() and [] otherwise)
# and then bound; calls with many arguments spill past the few kept inline.
def show(*args, **kwargs):
    return args, sorted(kwargs.items())


def target(a, b=2, *, c=3, d=4):
    return a, b, c, d


class Key(str):
    pass


class Mapping:
    def keys(self):
        return ["m", "n"]

    def __getitem__(self, k):
        return k * 2


class ReorderedDict(dict):
    def keys(self):
        return ["y", "x"]


d = {"c": 30, "d": 40}
print(target(1, **d), target(*(1, 5), **d), target(**{"a": 0}, **d))
print(show(1, 2, **{"x": 1}, **{"y": 2}))
print(show(**{Key("k"): 1}), show(**Mapping()), show(**ReorderedDict(x=1, y=2)))
many = {f"k{i}": i for i in range(40)}
args, kw = show(*range(30), **many)
print(len(args), len(kw), kw[:3], kw[-1])
print(target(**{"a": 1, "b": 2, "c": 3, "d": 4}))

for call in (lambda: show(**{"x": 1}, **{"x": 2}),
             lambda: show(x=1, **{"x": 2}),
             lambda: show(**{1: 2}),
             lambda: show(**{"x": 1}, **{1: 2}),
             lambda: show(**{Key("x"): 1}, **{"x": 2}),
             lambda: target(**{"a": 1, "e": 5}),
             lambda: target(1, **{"a": 1}),
             lambda: show(**[1])):
    try:
        print(call())
    except TypeError as e:
        print("TypeError", e)

# A str-subclass key merged first runs its __eq__ when a later **d brings an equal exact
# str: that code may change d in the middle of the merge, or raise.
class Meddling(str):
    def __eq__(self, other):
        if self.action == "clear":
            source.clear()  # frees the key being merged, but for the merge's own reference
            return True
        if self.action == "grow":
            source["more"] = 0
            return False
        raise LookupError("compared")
    __hash__ = str.__hash__


for action in ("clear", "grow", "raise"):
    key = Meddling("dyn")
    key.action = action
    source = {"".join(["d", "yn"]): [1, 2], "later": 1}
    try:
        print(action, show(**{key: 0}, **source))
    except (TypeError, RuntimeError, LookupError) as e:
        print(action, type(e).__name__, e)
    print(action, sorted(source))
