# BaseExceptionGroup / ExceptionGroup (PEP 654) as types: construction rules and their
# messages, the attributes, str/repr, subclassing from Python, and add_note/__notes__
# (PEP 678), which came with them in 3.11.


def attempt(label, make):
    try:
        result = make()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(result))


print("-- construction")
attempt("message not a str", lambda: BaseExceptionGroup(1, [ValueError()]))
attempt("ExceptionGroup message", lambda: ExceptionGroup(None, [ValueError()]))
attempt("empty list", lambda: BaseExceptionGroup("m", []))
attempt("empty tuple", lambda: ExceptionGroup("m", ()))
attempt("not a sequence", lambda: BaseExceptionGroup("m", 5))
attempt("a set", lambda: ExceptionGroup("m", {ValueError()}))
attempt("a dict", lambda: ExceptionGroup("m", {ValueError(): 1}))
attempt("a generator", lambda: ExceptionGroup("m", (e for e in [ValueError()])))
attempt("item 0", lambda: BaseExceptionGroup("m", [1]))
attempt("item 2", lambda: ExceptionGroup("m", [ValueError(), TypeError(), "x"]))
attempt("a class, not an instance", lambda: ExceptionGroup("m", [ValueError]))
attempt("a str is a sequence", lambda: ExceptionGroup("m", "ab"))
attempt("one argument", lambda: ExceptionGroup("m"))
attempt("no arguments", lambda: ExceptionGroup())
attempt("three arguments", lambda: ExceptionGroup("m", [ValueError()], 3))
attempt("keyword for the list", lambda: ExceptionGroup("m", excs=[ValueError()]))
attempt("extra keyword", lambda: ExceptionGroup("m", [ValueError()], x=1))
attempt("extra keyword (base)", lambda: BaseExceptionGroup("m", [ValueError()], x=1))
attempt("Base with Exceptions", lambda: BaseExceptionGroup("m", [ValueError(1), TypeError(2)]))
attempt("Base with a BaseException", lambda: BaseExceptionGroup("m", [ValueError(1), KeyboardInterrupt()]))
attempt("nesting BaseException", lambda: ExceptionGroup("m", [ValueError(1), SystemExit(2)]))
attempt("nesting a BaseExceptionGroup",
        lambda: ExceptionGroup("m", [BaseExceptionGroup("inner", [GeneratorExit()])]))
attempt("nesting an ExceptionGroup", lambda: ExceptionGroup("m", [ExceptionGroup("inner", [KeyError(1)])]))
attempt("__new__ directly", lambda: ExceptionGroup.__new__(ExceptionGroup, "a", [KeyboardInterrupt()]))
attempt("a tuple subclass", lambda: ExceptionGroup("m", type("T", (tuple,), {})([ValueError(1)])))

print("-- the hierarchy")
print(ExceptionGroup.__mro__)
print(BaseExceptionGroup.__mro__)
print(ExceptionGroup.__bases__, BaseExceptionGroup.__bases__)
print(issubclass(ExceptionGroup, Exception), issubclass(BaseExceptionGroup, Exception))
print(ExceptionGroup.__name__, ExceptionGroup.__qualname__, ExceptionGroup.__module__)
print(BaseExceptionGroup.__doc__)
print(isinstance(BaseExceptionGroup("m", [KeyboardInterrupt()]), Exception))

print("-- attributes")
excs = [ValueError(1), TypeError(2)]
eg = ExceptionGroup("msg", excs)
print(repr(eg))
print(str(eg))
print(eg.message, eg.exceptions, eg.args)
print(type(eg.exceptions).__name__, eg.exceptions[0] is excs[0], eg.exceptions is eg.exceptions)
excs.append(KeyError(3))  # the group keeps its own tuple
print(len(eg.exceptions), repr(eg))
print(str(ExceptionGroup("one", [ValueError(1)])))
print(repr(ExceptionGroup("t", (ValueError(1),))))
print(repr(ExceptionGroup("", [ValueError()])), "|" + str(ExceptionGroup("", [ValueError()])) + "|")
for name in ("message", "exceptions"):
    try:
        setattr(eg, name, "x")
    except AttributeError as e:
        print("set", name, "->", e)
    try:
        delattr(eg, name)
    except AttributeError as e:
        print("del", name, "->", e)
eg.extra = "instance dict"
print(eg.extra, eg.__dict__)
print(ExceptionGroup("m", [ValueError(1)]) == ExceptionGroup("m", [ValueError(1)]))
e = ExceptionGroup("a", [ValueError()])
e.__init__(1, 2, 3)  # __init__ only resets args, as BaseException's does
print(e.args, e.message, e)
print([n for n in dir(eg) if not n.startswith("_")])

print("-- subclasses")


class MyGroup(ExceptionGroup):
    def __new__(cls, message, excs, code):
        obj = super().__new__(cls, message, excs)
        obj.code = code
        return obj

    def __init__(self, message, excs, code):
        super().__init__(message, excs)
        self.extra = "init ran"

    def derive(self, excs):
        return MyGroup(self.message, excs, self.code)


mine = MyGroup("mine", [ValueError(1), TypeError(2)], 42)
print(repr(mine), str(mine), mine.code, mine.extra, mine.args)
print(isinstance(mine, ExceptionGroup), type(mine).__mro__[1:3])


class Plain(ExceptionGroup):
    pass


print(repr(Plain("p", [ValueError(1)])), type(Plain("p", [ValueError(1)])).__name__)
attempt("Plain with a BaseException", lambda: Plain("p", [KeyboardInterrupt()]))


class BaseOnly(BaseExceptionGroup):
    pass


attempt("BaseOnly with Exceptions", lambda: BaseOnly("b", [ValueError(1)]))
attempt("BaseOnly with a BaseException", lambda: BaseOnly("b", [KeyboardInterrupt()]))


class AlsoException(BaseExceptionGroup, Exception):
    pass


attempt("BaseExceptionGroup + Exception", lambda: AlsoException("b", [KeyboardInterrupt()]))
print(AlsoException.__mro__)


class Mixin(Exception):
    pass


class Both(ExceptionGroup, Mixin):
    pass


print(Both.__mro__)
print(repr(Both("b", [ValueError()])))


class CustomStr(ExceptionGroup):
    def __str__(self):
        return "custom: " + self.message


print(str(CustomStr("s", [ValueError()])), repr(CustomStr("s", [ValueError()])))


class ManyArgs(ExceptionGroup):
    def __init__(self, *args, **kwargs):
        super().__init__(*args)


print(repr(ManyArgs("k", [ValueError()], flag=1)))
attempt("subclass __init__ only", lambda: type("Extra", (ExceptionGroup,), {
    "__init__": lambda self, a, b, c: None})("m", [ValueError()], 3))
for cls in (ExceptionGroup, BaseExceptionGroup, Plain, MyGroup):
    attempt("BaseException.__new__(" + cls.__name__ + ")", lambda: BaseException.__new__(cls))

print("-- add_note and __notes__")
e = ValueError("v")
print(hasattr(e, "__notes__"), e.__dict__)
print(e.add_note("first"))
e.add_note("second\nline")
print(e.__notes__, e.__dict__)


class Note(str):
    pass


e.add_note(Note("a str subclass"))
print(type(e.__notes__[-1]).__name__)
attempt("note an int", lambda: ValueError().add_note(1))
attempt("note None", lambda: ValueError().add_note(None))
attempt("no note", lambda: ValueError().add_note())
attempt("two notes", lambda: ValueError().add_note("a", "b"))
attempt("keyword", lambda: ValueError().add_note(note="a"))
e = TypeError()
e.__notes__ = ("a", "tuple")
attempt("__notes__ a tuple", lambda: e.add_note("x"))
del e.__notes__
e.add_note("fresh")
print(e.__notes__)
eg = ExceptionGroup("g", [ValueError()])
eg.add_note("on a group")
print(eg.__notes__)
