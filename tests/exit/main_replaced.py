# A program that replaces sys.modules["__main__"] with something that is not a module:
# the exit still runs, and the object it left in its globals is finalized.
import sys

class Noisy:
    def __del__(self):
        print("del at exit")

keep = Noisy()
sys.modules["__main__"] = 42
print("replaced")
