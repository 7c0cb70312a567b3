# A coroutine collected without ever being awaited: RuntimeWarning on stderr (the
# recorded .err is its last line), and the program goes on.
import sys

async def fetch():
    return 1

def caller():
    fetch()

caller()
print("after the warning")
sys.stdout.flush()
sys.exit(3)
