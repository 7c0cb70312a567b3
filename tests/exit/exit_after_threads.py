# atexit callbacks run after the non-daemon threads have ended; a file a thread wrote
# to (and nobody closed) holds everything at exit.
import atexit, threading, time

results = open("results.txt", "w")

def worker(n):
    time.sleep(0.05 * n)
    results.write("worker %d done\n" % n)

atexit.register(lambda: print("atexit: workers alive:", sum(t.is_alive() for t in threads)))
threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
print("main returns while the workers run")
