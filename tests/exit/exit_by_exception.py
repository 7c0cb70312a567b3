# An uncaught exception ends the program: atexit still runs, files are still flushed,
# and __del__ of module-level objects runs after the traceback is printed.
import atexit

class Noisy:
    def __del__(self):
        print("del at exit")

keep = Noisy()
log = open("log.txt", "w")
log.write("written before the exception\n")
atexit.register(print, "atexit after an uncaught exception")
raise RuntimeError("the program fails")
