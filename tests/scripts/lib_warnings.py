# warnings: the default filters of a release build (DeprecationWarning only for __main__,
# once per location), stacklevel, the actions (error/ignore/always/default/module/once),
# filterwarnings/simplefilter/resetwarnings, catch_warnings(record=True), the showwarning
# and formatwarning hooks, the warning categories, and "coroutine ... was never awaited"
# going through the module. What would go to stderr is captured and printed (file names
# reduced to their base name); the last warning goes to the real stderr (.err).
import os
import sys
import warnings


class Capture:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text = "".join(self.parts).replace(__file__, os.path.basename(__file__))
        self.parts = []
        return text


captured = Capture()
real_stderr = sys.stderr
sys.stderr = captured


def show(label):
    print("--", label)
    print(captured.take(), end="")


print("-- categories")
for cat in (Warning, UserWarning, DeprecationWarning, PendingDeprecationWarning, SyntaxWarning,
            RuntimeWarning, FutureWarning, ImportWarning, UnicodeWarning, BytesWarning,
            ResourceWarning, EncodingWarning):
    print(cat.__name__, [c.__name__ for c in cat.__mro__[1:]])
print(issubclass(PendingDeprecationWarning, DeprecationWarning), isinstance(FutureWarning("x"), Exception))

print("-- default filters")
for f in warnings.filters:
    print(f)
print(warnings.defaultaction, warnings.onceregistry)


def warn_here(text, category=UserWarning):
    warnings.warn(text, category)


def warn_caller(text):
    warnings.warn(text, stacklevel=2)


warn_here("once per location")
warn_here("once per location")
warn_here("another text, same place")
show("default action: once per (text, category, line)")
warnings.warn("deprecated in main", DeprecationWarning)
warnings.warn("pending", PendingDeprecationWarning)
warnings.warn("import", ImportWarning)
warnings.warn("resource", ResourceWarning)
warnings.warn("future", FutureWarning)
exec("import warnings\nwarnings.warn('deprecated elsewhere', DeprecationWarning)\n"
     "warnings.warn('user warning elsewhere')", {"__name__": "othermod"})
show("DeprecationWarning only for __main__")
warn_caller("blame the caller")
warnings.warn("past the outermost frame", stacklevel=99)
warnings.warn("stacklevel zero", stacklevel=0)
warnings.warn(RuntimeWarning("an instance"))
warnings.warn(RuntimeWarning("an instance wins"), UserWarning)
warnings.warn(12345)
show("stacklevel and messages")
print("__warningregistry__" in globals(), sys.__dict__["__warningregistry__"])

print("-- argument errors")
for bad in (int, "x", 3, None.__class__):
    try:
        warnings.warn("bad", bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    warnings.warn("bad", stacklevel=1.5)
except TypeError as e:
    print("TypeError:", e)
for call in (lambda: warnings.simplefilter("bogus"),
             lambda: warnings.simplefilter("error", lineno=-1),
             lambda: warnings.filterwarnings("error", message=1),
             lambda: warnings.filterwarnings("error", category=1),
             lambda: warnings.filterwarnings("error", category=int),
             lambda: warnings.filterwarnings("error", module=None)):
    try:
        call()
    except AssertionError as e:
        print("AssertionError:", e)

print("-- actions")
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warn_here("now an error")
    except UserWarning as e:
        print("raised", repr(e))
    warnings.simplefilter("ignore", UserWarning)
    warn_here("ignored")
    warnings.simplefilter("always")
    for i in range(2):
        warn_here("always shown")
    show("always")
    warnings.simplefilter("once")
    for i in range(2):
        warn_here("once only")
    warnings.warn("once only")
    show("once: one per text, anywhere")
    warnings.simplefilter("module")
    for i in range(2):
        warn_here("once per module")
    warnings.warn("once per module")
    show("module: one per text in a module")
    warnings.simplefilter("default")
    warn_here("default again")
    warn_here("default again")
    show("default")
    warnings.filters.insert(0, ("bogus", None, Warning, None, 0))
    try:
        warn_here("bogus action")
    except RuntimeError as e:
        print("RuntimeError:", e)

print("-- filterwarnings")
with warnings.catch_warnings():
    warnings.filterwarnings("always", module="__main__", lineno=0)
    warnings.filterwarnings("error", message="Fatal")
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message="skip", module="othermod")
    warnings.filterwarnings("error", category=UserWarning, lineno=49000)
    try:
        warn_here("fatal: message prefix, any case")
    except UserWarning as e:
        print("raised", e)
    warn_here("not fatal, as the prefix is not at the start")
    warn_here("not fatal, as the prefix is not at the start")
    warn_here("ignored future", FutureWarning)
    warn_here("skip: another module's filter")
    exec("import warnings\nwarnings.warn('skip me')", {"__name__": "othermod"})
    show("message, category and module filters")
    warnings.filterwarnings("always", module="__main__", lineno=0)
    print(len(warnings.filters), "filters: a duplicate moved to the front")
    warnings.filterwarnings("ignore", module="__main__", append=True)
    warnings.filterwarnings("ignore", module="__main__", append=True)
    print(len(warnings.filters), "filters: appending a duplicate adds nothing")
    warnings.resetwarnings()
    print("after resetwarnings:", warnings.filters)
    warnings.warn("deprecated, no filters", DeprecationWarning)
    show("with no filters the default action applies")

print("-- catch_warnings(record=True)")
with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("always")
    warn_here("recorded one")
    warn_caller("recorded two")
    warnings.warn(SyntaxWarning("recorded three"))
print(len(log), captured.take() == "")
for w in log:
    print(type(w).__name__, repr(w.message), w.category.__name__, os.path.basename(w.filename), w.lineno,
          w.file, w.line, w.source)
print(str(log[0]).replace(__file__, "FILE"))
with warnings.catch_warnings(record=True, action="ignore") as quiet:
    warn_here("ignored by action=")
print(quiet)
cw = warnings.catch_warnings(record=True)
print(repr(cw), repr(warnings.catch_warnings()))
cw.__enter__()
try:
    cw.__enter__()
except RuntimeError as e:
    print("RuntimeError:", e)
cw.__exit__(None, None, None)
try:
    warnings.catch_warnings().__exit__(None, None, None)
except RuntimeError as e:
    print("RuntimeError:", e)
print(warnings.filters == [f for f in warnings.filters], len(warnings.filters))

print("-- hooks")
print(repr(warnings.formatwarning("text", UserWarning, "file.py", 7)))
print(repr(warnings.formatwarning("text", UserWarning, "file.py", 7, line="  given line  ")))
print(repr(warnings.formatwarning(UserWarning("inst"), UserWarning, "file.py", 7, line="")))
seen = []


def my_showwarning(message, category, filename, lineno, file=None, line=None):
    seen.append((str(message), category.__name__, os.path.basename(filename), lineno, file, line))


with warnings.catch_warnings():
    warnings.simplefilter("always")
    warnings.showwarning = my_showwarning
    warn_here("to my hook")
    warnings.showwarning = 42
    try:
        warn_here("hook not callable")
    except TypeError as e:
        print("TypeError:", e)
print(seen, warnings.showwarning is warnings._showwarning_orig)
with warnings.catch_warnings():
    warnings.simplefilter("always")
    warnings.formatwarning = lambda message, category, filename, lineno, line=None: (
        "custom: %s %s %s\n" % (category.__name__, message, line))
    warn_here("custom format")
    show("formatwarning replaced")
    warnings.formatwarning = warnings._formatwarning_orig  # catch_warnings keeps no copy of it
warnings.showwarning("shown directly", UserWarning, "somewhere.py", 3)
warnings.showwarning("to a file", UserWarning, "somewhere.py", 4, file=captured, line="the line")
show("showwarning called directly")
print(warnings.WarningMessage("m", UserWarning, "f.py", 1))
print(warnings.WarningMessage("m", None, "f.py", 1)._category_name)

print("-- warn_explicit")
registry = {}
for i in range(2):
    warnings.warn_explicit("explicit", UserWarning, "explicit.py", 10, registry=registry)
warnings.warn_explicit("no registry", UserWarning, "explicit.py", 11)
warnings.warn_explicit("no registry", UserWarning, "explicit.py", 11)
print(sorted(k if isinstance(k, str) else k[0] for k in registry), registry["version"])
try:
    warnings.warn_explicit("bad registry", UserWarning, "x.py", 1, registry=[])
except TypeError as e:
    print("TypeError:", e)
with warnings.catch_warnings(record=True) as log:
    warnings.filterwarnings("module", module="explicit")
    for line in (1, 2):
        warnings.warn_explicit("per module", UserWarning, "explicit.py", line, registry=registry)
print([(w.lineno, str(w.message)) for w in log])
show("warn_explicit")

print("-- coroutine never awaited")


async def never():
    return 1


def drop():
    never()


with warnings.catch_warnings(record=True) as log:
    drop()
for w in log:
    print(w.category.__name__, w.message, w.lineno, type(w.source).__name__, w.source.__qualname__)
del w, log
drop()
show("printed with the allocation hint")

sys.stderr = real_stderr
print("-- the real stderr")
sys.stdout.flush()
warnings.warn("the last warning goes to stderr")
sys.exit(3)
