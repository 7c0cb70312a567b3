import atexit

def f():
    print("f")

def g(*args, **kwargs):
    print("g", args, sorted(kwargs.items()))

print(atexit.register(f) is f)
atexit.register(g, 1, 2, a=3)
atexit.register(f)
atexit.unregister(f)          # every registration of f
for bad in [(), (1,)]:
    try:
        atexit.register(*bad)
    except TypeError as e:
        print("TypeError:", e)
atexit._run_exitfuncs()       # runs g now; none are left for exit
atexit.register(print, "registered again, runs at exit")
atexit.register(f)
atexit._clear()
atexit.register(print, "only this one")
