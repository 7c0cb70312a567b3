# try/except* (PEP 654) as CPython 3.11 runs it: each clause takes its part of the group
# (split), binds it as a group, and leaves the rest to the next clause; a naked exception
# is wrapped; what the clauses raise is combined with the unhandled rest the way
# PREP_RERAISE_STAR does (re-raised parts keep the original structure, new exceptions
# join them in ExceptionGroup("", ...)); else/finally; the TypeErrors; and the
# SyntaxErrors, with their locations.
import sys


def shape(e, indent=""):
    if isinstance(e, BaseExceptionGroup):
        print(indent + f"{type(e).__name__}({e.message!r})")
        for x in e.exceptions:
            shape(x, indent + "  ")
    else:
        print(indent + repr(e), "context:", repr(e.__context__))


def run(label, f):
    print("--", label)
    try:
        f()
    except BaseException as e:
        print("raised:")
        shape(e)
        return e
    print("nothing raised")


def clauses_in_order():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3), ValueError(4)])
    except* ValueError as e:
        print("ValueError clause:", repr(e), repr(sys.exc_info()[1]))
    except* (TypeError, KeyError) as e:
        print("Type/KeyError clause:", repr(e))
    except* OSError:
        print("never: nothing is left")
    print("after:", sys.exc_info())


run("clauses take their parts in order", clauses_in_order)


def rest_goes_on():
    try:
        raise ExceptionGroup("eg", [ValueError(1), ExceptionGroup("nested", [TypeError(2), OSError(3)])])
    except* TypeError as e:
        print("TypeError clause:", repr(e))


run("the unmatched rest is re-raised with its structure", rest_goes_on)


def naked():
    try:
        raise ValueError("naked")
    except* ValueError as e:
        print(repr(e), type(e).__name__, e.exceptions[0].__traceback__ is not None)
        print("handled:", sys.exc_info()[1] is e)


run("a naked exception is wrapped", naked)


def naked_base():
    try:
        raise KeyboardInterrupt("k")
    except* Exception:
        print("never")
    except* BaseException as e:
        print(repr(e))


run("a naked BaseException is wrapped in a BaseExceptionGroup", naked_base)


def naked_unmatched():
    try:
        raise TypeError("not matched")
    except* ValueError:
        print("never")


e = run("a naked exception nobody matches stays naked", naked_unmatched)
print(type(e).__name__)


def naked_reraise():
    try:
        raise ValueError(1)
    except* ValueError:
        raise


run("re-raising a wrapped naked exception raises the wrapper", naked_reraise)


def naked_raise_new():
    try:
        raise ValueError(1)
    except* ValueError:
        raise KeyError("new")


run("a new exception from a naked one is raised as it is", naked_raise_new)


def raise_and_reraise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)])
    except* ValueError:
        raise KeyError("raised")
    except* TypeError:
        raise


run("raised + re-raised + unhandled", raise_and_reraise)


def reraise_all():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)])
    except* ValueError:
        raise
    except* TypeError:
        raise


run("re-raised parts merge back into one group", reraise_all)

orig = ExceptionGroup("eg", [ValueError(1), TypeError(2)])


def reraise_everything():
    try:
        raise orig
    except* ValueError:
        raise
    except* TypeError:
        raise


e = run("everything re-raised: a copy, not the original", reraise_everything)
print("same object:", e is orig, "same leaves:", e.exceptions[0] is orig.exceptions[0])


def raise_match_again():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        raise e  # a new raise: new traceback, so it counts as raised, not re-raised


run("raise e is a new exception", raise_match_again)


def two_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
    except* ValueError:
        raise KeyError("a")
    except* TypeError:
        raise KeyError("b")


e = run("two new exceptions and the rest", two_new)
print(repr(e))


def new_group():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        raise ExceptionGroup("from the clause", [KeyError(1), KeyError(2)])


run("a clause may raise a group", new_group)


def notes_do_not_count():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        e.add_note("a note on the part")
        raise


e = run("a note on a re-raised part", notes_do_not_count)
print([getattr(x, "__notes__", None) for x in e.exceptions], hasattr(e, "__notes__"))


def exc_info_inside():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        print("in ValueError:", repr(sys.exc_info()[1]))
    except* TypeError:
        print("in TypeError:", repr(sys.exc_info()[1]))
        raise


e = run("sys.exc_info() is the clause's part", exc_info_inside)


def else_finally():
    for raising in (False, True):
        try:
            if raising:
                raise ExceptionGroup("eg", [ValueError(1)])
            print("body ran")
        except* ValueError as e:
            print("caught", repr(e))
        else:
            print("else ran")
        finally:
            print("finally ran")


run("else and finally", else_finally)


def finally_on_reraise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        pass
    finally:
        print("finally runs before the rest propagates")


run("finally with a rest to re-raise", finally_on_reraise)


def name_unbound_after():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as e:
        pass
    print("e bound after the clause:", "e" in locals())
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as e:
        del e  # allowed, as in except


run("the name is unbound after the clause", name_unbound_after)


def types_evaluated_lazily():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        print("first clause took everything")
    except* undefined_name:
        print("never")


run("a later clause's type is still evaluated", types_evaluated_lazily)


def nested_in_clause():
    try:
        raise ExceptionGroup("eg", [ValueError(1), ValueError(2)])
    except* ValueError as e:
        try:
            raise TypeError("inner")
        except* TypeError as e2:
            print("inner:", repr(e2), repr(sys.exc_info()[1]))
        print("outer again:", repr(sys.exc_info()[1]))
        for i in range(3):  # a loop inside an except* body may break and continue
            if i == 0:
                continue
            break
        def helper():
            return "return inside a def inside except*"
        print(helper())


run("nesting, loops and defs inside a clause", nested_in_clause)


def loop_around():
    seen = []
    for i in range(3):
        try:
            raise ExceptionGroup("eg", [ValueError(i), TypeError(i)])
        except* ValueError as e:
            seen.append(e.exceptions[0].args[0])
        except* TypeError:
            seen.append("t")
    print(seen)


run("a try/except* in a loop", loop_around)


def gen():
    try:
        yield "start"
        raise ExceptionGroup("g", [ValueError(1), KeyError(2)])
    except* ValueError as e:
        yield "ValueError part: " + repr(e)
    except* KeyError as e:
        yield "KeyError part: " + repr(e)
    yield "end"


run("in a generator", lambda: print(list(gen())))


async def coro():
    try:
        raise ExceptionGroup("c", [ValueError(1), OSError(2)])
    except* OSError as e:
        print("coroutine took", repr(e))
    return "done"


def drive():
    c = coro()
    try:
        c.send(None)
    except StopIteration as stop:
        print("coroutine returned", stop.value)


run("in a coroutine (the rest escapes)", drive)

print("-- TypeErrors")


def catch(kind):
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* kind:
        pass


for kind in (ExceptionGroup, BaseExceptionGroup, (ValueError, ExceptionGroup), 5, (ValueError, 5), "str"):
    try:
        catch(kind)
    except TypeError as e:
        print(repr(kind), "->", e, "| context:", repr(e.__context__))


class MyGroup(ExceptionGroup):
    pass


try:
    catch(MyGroup)
except TypeError as e:
    print("subclass ->", e)

print("-- SyntaxErrors")


def syntax(src):
    try:
        compile(src, "<src>", "exec")
    except SyntaxError as e:
        print(f"{e.msg!r} line {e.lineno} offset {e.offset} end {e.end_lineno},{e.end_offset}")
    else:
        print("compiles")


syntax("try:\n    pass\nexcept* ValueError:\n    pass\nexcept TypeError:\n    pass\n")
syntax("try:\n    pass\nexcept ValueError:\n    pass\nexcept* TypeError:\n    pass\n")
syntax("try:\n    pass\nexcept* ValueError:\n    pass\nexcept:\n    pass\n")
syntax("try:\n    pass\nexcept*:\n    pass\n")
syntax("try:\n    pass\nexcept* :\n    pass\n")
syntax("try:\n    pass\nexcept* ValueError\n    pass\n")
syntax("try:\n    pass\nexcept* ValueError as e\n    pass\n")
syntax("try:\n    pass\nexcept *ValueError, TypeError:\n    pass\n")
syntax("try:\n    pass\nexcept* A, B as e:\n    pass\n")
syntax("try:\n    pass\nexcept* (A, B) as e:\n    pass\nelse:\n    pass\nfinally:\n    pass\n")
syntax("try:\n    pass\nexcept *  ValueError:\n    pass\n")
syntax("for i in x:\n    try:\n        pass\n    except* ValueError:\n        break\n")
syntax("for i in x:\n    try:\n        pass\n    except* ValueError:\n        continue\n")
syntax("try:\n    pass\nexcept* ValueError:\n    break\n")
syntax("def f():\n    try:\n        pass\n    except* ValueError:\n        return\n")
syntax("def f():\n    try:\n        pass\n    except* ValueError:\n        return x\n")
syntax("def f():\n    try:\n        pass\n    except* ValueError:\n        return 1\n")
syntax("def f():\n    try:\n        pass\n    except* ValueError:\n        try:\n            pass\n"
       "        finally:\n            return\n")
syntax("def f():\n    try:\n        pass\n    except* ValueError:\n        try:\n"
       "            return g()\n        finally:\n            pass\n")
syntax("while 1:\n    try:\n        pass\n    except* ValueError:\n        with x:\n            continue\n")
syntax("try:\n    pass\nexcept* ValueError:\n    return\n")
syntax("def f():\n    try:\n        pass\n    except* A:\n        for i in x:\n            break\n"
       "        class C:\n            def g():\n                return 1\n")
syntax("try:\n    pass\nexcept* ValueError:\npass\n")
