# timeit, atexit, signal, warnings, io, os and os.path from CPython's library or gilpy's.
import atexit
import io
import os
import os.path
import signal
import sys
import tempfile
import timeit
import warnings

t = timeit.Timer("sum(range(100))")
n, elapsed = t.autorange()
print(n >= 1, elapsed >= 0, isinstance(timeit.timeit("x = 1", number=1000), float))
print(len(timeit.repeat("pass", number=10, repeat=3)), timeit.default_timer is not None)
print(timeit.timeit(lambda: None, number=5) >= 0)

atexit.register(print, "atexit second")


@atexit.register
def first():
    print("atexit first")


def unregistered():
    print("never")


atexit.register(unregistered)
atexit.unregister(unregistered)

old = signal.signal(signal.SIGUSR1, lambda signum, frame: print("got", signal.Signals(signum).name))
print(old == signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) is not None)
os.kill(os.getpid(), signal.SIGUSR1)
print(signal.SIGINT.name, int(signal.SIGTERM), signal.default_int_handler is signal.getsignal(signal.SIGINT))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("careful", UserWarning)
    warnings.warn("old", DeprecationWarning)
print([(w.category.__name__, str(w.message)) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warnings.warn("now an error")
    except UserWarning as e:
        print("raised", e)

s = io.StringIO()
s.write("line1\nline2\n")
s.seek(0)
print(s.readline(), s.read(), s.tell(), list(io.StringIO("a\nb")))
b = io.BytesIO(b"abc")
b.seek(0, 2)
b.write(b"def")
print(b.getvalue(), b.tell(), io.BytesIO(b"xyz").read(2))

with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "sub", "file.txt")
    os.makedirs(os.path.dirname(p))
    with open(p, "w") as f:
        f.write("hello\n")
    print(os.path.exists(p), os.path.isfile(p), os.path.isdir(os.path.dirname(p)), os.path.getsize(p))
    print(sorted(os.listdir(d)), os.path.basename(p), os.path.splitext(p)[1], os.path.relpath(p, d))
    with open(p) as f:
        print(repr(f.read()))
    os.rename(p, p + ".bak")
    print(sorted(os.listdir(os.path.dirname(p))))
    os.remove(p + ".bak")
print(os.path.join("a", "b", "c"), os.path.split("/x/y/z"), os.path.normpath("a//b/../c/."), os.path.isabs("/x"))
print(os.path.commonprefix(["/usr/lib", "/usr/local"]), os.path.expanduser("~") == os.environ.get("HOME"))
print(os.sep, os.curdir, os.pardir, os.linesep == "\n", os.name, isinstance(os.getpid(), int))
os.environ["GILPY_TEST_VAR"] = "v"
print(os.environ["GILPY_TEST_VAR"], os.getenv("GILPY_TEST_VAR"), os.getenv("NOPE_NOT_SET", "default"))
print("main done")
sys.stdout.flush()
