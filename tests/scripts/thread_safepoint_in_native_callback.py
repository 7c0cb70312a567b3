# A thread inside one long native call that calls back into Python (map over a lambda)
# must still let another thread have the GIL: every Python frame entered is a safepoint.
import threading, time

running = threading.Event()
result = []

def mapper():
    running.set()
    result.append(len(list(map(lambda x: x, range(3_000_000)))))

t = threading.Thread(target=mapper)
t.start()
running.wait()
turns = 0
while t.is_alive():
    time.sleep(0)  # gives up the GIL; taking it back needs the mapper at a safepoint
    turns += 1
t.join()
print(result, "main thread ran during the map:", turns >= 3)
