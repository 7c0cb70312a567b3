import atexit

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

class Cyclic(Noisy):
    def __init__(self, name):
        super().__init__(name)
        self.me = self

_private = Noisy("_private")
a = Noisy("a")
b = Noisy("b")
c = Cyclic("cycle")
f = open("written.txt", "w")
f.write("hello")

def first():
    print("atexit: first registered, runs last")

def second(x, y=0):
    print("atexit: second", x, y)

def failing():
    raise ValueError("in an atexit handler")

def unregistered():
    print("never")

atexit.register(first)
atexit.register(second, 1, y=2)
atexit.register(failing)
atexit.register(unregistered)
atexit.unregister(unregistered)
print("main done")
