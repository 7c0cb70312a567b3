# sys, time, os, os.path and gc (stdlib/sys.cpp, time.cpp, os.cpp, gc_module.cpp).
import sys, time, os, os.path, gc

def t(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)

# sys
print(sys.version_info[:2], sys.version_info.major, sys.version_info >= (3, 8), type(sys.version_info).__name__)
print(sys.version.startswith("3.11"), sys.platform, sys.byteorder, sys.maxsize, sys.maxunicode)
print(type(sys.argv).__name__, len(sys.argv), sys.argv[0].endswith("lib_sys_time_os.py"))
print(type(sys.path).__name__, sys.path[0] == os.path.dirname(os.path.abspath(sys.argv[0])))
print("sys" in sys.modules, sys.modules["sys"] is sys, sys.modules["os"] is os)
print(sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
t("reclimit0", lambda: sys.setrecursionlimit(0))
t("reclimitfloat", lambda: sys.setrecursionlimit(1.5))
print(sys.exc_info())
try:
    raise KeyError("k")
except KeyError:
    info = sys.exc_info()
    print(info[0].__name__, repr(info[1]), type(info[2]).__name__, repr(sys.exception()))
print(sys.exc_info(), sys.exception())
print(sys.stdout.writable(), sys.stdin.readable(), sys.stderr.fileno(), sys.stdout.fileno())
print(sys.stdout.write("direct write\n"))
sys.stdout.flush()
print(sys.getdefaultencoding(), sys.intern("abc") == "abc", isinstance(sys.getsizeof([]), int))
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig)
try:
    sys.exit("message")
except SystemExit as e:
    print("SystemExit", repr(e.code))
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", repr(e.code))

# time
t0 = time.time()
m0 = time.monotonic()
p0 = time.perf_counter()
time.sleep(0.01)
print(time.time() > t0, time.monotonic() - m0 >= 0.01, time.perf_counter() > p0)
print(type(time.time_ns()).__name__, type(time.monotonic_ns()).__name__, time.process_time() >= 0)
t("sleepneg", lambda: time.sleep(-1))
t("sleepstr", lambda: time.sleep("1"))
g = time.gmtime(0)
print(g)
print(g.tm_year, g[0], len(g), tuple(g)[:3], type(g).__name__)
print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(86400 * 365 + 3661)))
print(time.asctime(time.gmtime(0)))
t("strftimebad", lambda: time.strftime("%Y", (1, 2)))
print(time.gmtime(1e9)[:6], time.localtime().tm_year >= 2024)

# os and os.path
print(os.name, os.sep, repr(os.linesep), os.getcwd() == os.path.abspath("."), os.getpid() > 0)
os.mkdir("sub")
with open(os.path.join("sub", "f.txt"), "w") as f:
    f.write("12345")
print(os.listdir("sub"), os.path.isdir("sub"), os.path.isfile("sub"), os.path.isfile("sub/f.txt"))
print(os.path.getsize("sub/f.txt"), os.stat("sub/f.txt").st_size, os.path.exists("sub/nope"))
os.rename("sub/f.txt", "sub/g.txt")
print(sorted(os.listdir("sub")))
os.remove("sub/g.txt")
os.rmdir("sub")
print(os.path.exists("sub"))
t("removemissing", lambda: os.remove("nothing.txt"))
t("mkdirexists", lambda: (os.mkdir("d"), os.mkdir("d")))
t("listdirmissing", lambda: os.listdir("missing_dir"))
os.makedirs("x/y/z")
os.makedirs("x/y/z", exist_ok=True)
t("makedirsexists", lambda: os.makedirs("x/y"))
print(os.path.isdir("x/y/z"))
print(os.path.join("a", "b", "c"), os.path.join("/a", "/b"), os.path.join("a/", "b"), os.path.join("a", ""))
print(os.path.split("/usr/lib/x.py"), os.path.split("x.py"), os.path.split("/"), os.path.split("a//b"))
print(os.path.basename("/a/b.txt"), os.path.dirname("/a/b.txt"), repr(os.path.dirname("b.txt")))
print(os.path.splitext("a/b.tar.gz"), os.path.splitext(".bashrc"), os.path.splitext("a.b/c"), os.path.splitext("x."))
print(os.path.normpath("/a//b/./c/../d"), os.path.normpath("../x/.."), os.path.normpath(""), os.path.normpath("//a"))
print(os.path.isabs("/x"), os.path.isabs("x"), os.path.abspath("q") == os.path.join(os.getcwd(), "q"))
print("PATH" in os.environ, isinstance(os.getenv("PATH"), str), os.getenv("NO_SUCH_VAR_X", "dflt"))
print(isinstance(os.cpu_count(), int), len(os.urandom(8)))

# gc
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), len(gc.get_threshold()), type(gc.collect()).__name__)
class Node:
    pass
a = Node(); b = Node(); a.other = b; b.other = a
del a, b
print(gc.collect() >= 2)
