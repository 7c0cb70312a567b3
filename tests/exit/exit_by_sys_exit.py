# sys.exit(3) at module level: status 3, atexit runs, a callback may exit too.
import atexit, sys

def callback_exits():
    print("callback raising SystemExit")
    sys.exit(5)

atexit.register(print, "runs after the one that exits")
atexit.register(callback_exits)
out = open("out.txt", "w")
print("to the file", file=out)
sys.exit(3)
