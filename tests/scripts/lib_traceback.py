# traceback from CPython's library.
import sys
import traceback


def no_carets(text):
    # gilpy's code objects keep no column positions yet, so its tracebacks draw no
    # ^^^/~~^~~ lines; everything else must match.
    return "\n".join(l for l in text.split("\n") if l.strip(" ^~") or not l.strip())


def inner(x):
    return 1 / x


def outer():
    return inner(0)


try:
    outer()
except ZeroDivisionError as e:
    text = traceback.format_exc()
    print(no_carets(text.replace(__file__, "FILE")))
    print(traceback.format_exception_only(type(e), e))
    frames = traceback.extract_tb(e.__traceback__)
    print([(f.name, f.lineno, f.line) for f in frames])
    te = traceback.TracebackException.from_exception(e)
    print(list(te.format_exception_only()), te.exc_type.__name__, len(te.stack))
    print(no_carets(traceback.format_exc(limit=1).replace(__file__, "FILE")))


def chained():
    try:
        {}["k"]
    except KeyError as e:
        raise ValueError("bad value") from e


try:
    chained()
except ValueError:
    for line in no_carets(traceback.format_exc().replace(__file__, "FILE")).splitlines():
        print("|", line)


def where():
    return traceback.extract_stack(limit=2)


s = where()
print([(f.name, f.line) for f in s], traceback.format_list(s)[-1].replace(__file__, "FILE"))
try:
    raise RuntimeError("no traceback shown")
except RuntimeError as e:
    print(traceback.format_exception(e, limit=0))
print(traceback.format_exception_only(SyntaxError("invalid", ("f.py", 3, 5, "x = = 1\n"))))
fs = traceback.FrameSummary("f.py", 10, "fn", line="return 1")
print(fs, fs.filename, fs.lineno)
stack = traceback.StackSummary.from_list([("a.py", 1, "f", "x()"), ("b.py", 2, "g", "y()")])
print("".join(stack.format()))
