class Bad:
    def __del__(self):
        raise ValueError("from __del__")
x = Bad()
del x
print("after")
class Exits:
    def __del__(self):
        raise SystemExit(3)
y = Exits()
del y
print("still here")
class Interrupts:
    def __del__(self):
        raise KeyboardInterrupt
z = Interrupts()
del z
print("went on after KeyboardInterrupt in __del__")
