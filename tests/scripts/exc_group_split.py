# BaseExceptionGroup.split / subgroup / derive: conditions (a type, a tuple of types, a
# predicate), the nested structure of both halves, when the group itself comes back,
# the metadata derived groups get (traceback, cause, context, a copy of the notes), and
# how subclasses take part through derive().


def attempt(label, make):
    try:
        result = make()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(result))


def shape(e, indent=""):
    """The tree of a group, one line a node."""
    if e is None:
        print(indent + "None")
    elif isinstance(e, BaseExceptionGroup):
        print(indent + f"{type(e).__name__}({e.message!r})")
        for x in e.exceptions:
            shape(x, indent + "  ")
    else:
        print(indent + repr(e))


leaf_v1, leaf_t2, leaf_v3, leaf_k4 = ValueError(1), TypeError(2), ValueError(3), KeyError(4)
inner = ExceptionGroup("inner", [leaf_t2, leaf_v3])
try:
    raise ExceptionGroup("outer", [leaf_v1, inner, leaf_k4]) from OSError("the cause")
except ExceptionGroup as caught:
    eg = caught
eg.__context__ = RuntimeError("the context")
eg.add_note("note 1")

print("-- split by type")
match, rest = eg.split(ValueError)
shape(match)
shape(rest)
print("leaves kept:", match.exceptions[0] is leaf_v1, match.exceptions[1].exceptions[0] is leaf_v3)
for part in (match, rest):
    print(part.__traceback__ is eg.__traceback__, part.__cause__ is eg.__cause__,
          part.__context__ is eg.__context__, part.__suppress_context__,
          part.__notes__, part.__notes__ is eg.__notes__)
print("nested parts get no traceback of their own:", match.exceptions[1].__traceback__,
      hasattr(match.exceptions[1], "__notes__"))

print("-- tuples and other types")
shape(eg.split((KeyError, TypeError))[0])
shape(eg.subgroup(TypeError))
shape(eg.subgroup(OSError))
print(eg.split(OSError)[1] is eg, eg.split(OSError)[0])

print("-- identity")
print(eg.split(Exception)[0] is eg, eg.subgroup(BaseException) is eg, eg.subgroup(ExceptionGroup) is eg)
print(eg.split(Exception)[1])
every_leaf = eg.subgroup((ValueError, TypeError, KeyError))
print("all leaves match, but not the group:", every_leaf is eg, every_leaf.exceptions[1] is inner)
print(eg.subgroup(lambda e: True) is eg, eg.subgroup(lambda e: e is inner).exceptions[0] is inner)
print(eg.split(lambda e: False)[1] is eg)

print("-- predicates")
seen = []


def is_value_error(e):
    seen.append(type(e).__name__)
    return isinstance(e, ValueError)


shape(eg.split(is_value_error)[1])
print(seen)


def boom(e):
    raise ZeroDivisionError("from the predicate")


attempt("predicate raises", lambda: eg.split(boom))
attempt("truthiness", lambda: eg.subgroup(lambda e: [1] if isinstance(e, KeyError) else []))

print("-- bad conditions")
attempt("an int", lambda: eg.split(1))
attempt("a tuple with an int", lambda: eg.split((ValueError, 1)))
attempt("a list", lambda: eg.split([ValueError]))
attempt("an instance", lambda: eg.split(ValueError()))
attempt("a non-exception class", lambda: eg.subgroup(int))
attempt("no argument", lambda: eg.split())
attempt("two arguments", lambda: eg.subgroup(ValueError, 1))
attempt("keyword", lambda: eg.split(condition=ValueError))

print("-- notes")
plain = ExceptionGroup("q", [ValueError(1), TypeError(2)])
print(hasattr(plain.split(ValueError)[0], "__notes__"), plain.split(ValueError)[0].__suppress_context__)
plain.__notes__ = "abc"
print(plain.split(ValueError)[0].__notes__)
plain.__notes__ = (1, 2)
print(plain.split(ValueError)[0].__notes__)
plain.__notes__ = 5
print(hasattr(plain.split(ValueError)[0], "__notes__"))

print("-- derive")
d = eg.derive([KeyError("k")])
print(repr(d), type(d).__name__, d.__traceback__, d.__cause__, d.__context__)
print(repr(eg.derive([KeyboardInterrupt()])))
print(repr(eg.derive((KeyError(1),))))
attempt("derive()", lambda: eg.derive())
attempt("derive(5)", lambda: eg.derive(5))
attempt("derive([1])", lambda: eg.derive([1]))
attempt("derive([])", lambda: eg.derive([]))
attempt("derive keyword", lambda: eg.derive(excs=[]))

print("-- subclasses")


class Coded(ExceptionGroup):
    def __new__(cls, message, excs, code):
        obj = super().__new__(cls, message, excs)
        obj.code = code
        return obj

    def derive(self, excs):
        return Coded(self.message, excs, self.code)


coded = Coded("coded", [ValueError(1), TypeError(2), ExceptionGroup("x", [ValueError(3)])], 7)
m, r = coded.split(ValueError)
shape(m)
shape(r)
print(type(m).__name__, m.code, r.code)


class NoDerive(ExceptionGroup):
    pass


m, r = NoDerive("nd", [ValueError(1), TypeError(2)]).split(ValueError)
print(type(m).__name__, type(r).__name__)


class BadDerive(ExceptionGroup):
    def derive(self, excs):
        return "not a group"


attempt("derive returns a str", lambda: BadDerive("b", [ValueError(1), TypeError(2)]).split(ValueError))
print("whole match needs no derive:", BadDerive("b", [ValueError(1)]).subgroup(BadDerive) is not None)


class Counting(ExceptionGroup):
    calls = 0

    def derive(self, excs):
        Counting.calls += 1
        return Counting(self.message, excs)


Counting("c", [ValueError(1), Counting("d", [ValueError(2), TypeError(3)])]).split(ValueError)
print("derive calls:", Counting.calls)

print("-- base exception groups")
beg = BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(1)])
m, r = beg.split(Exception)
print(repr(m), repr(r), type(m).__name__, type(r).__name__)
