# A switch interval far beyond any wait (CPython accepts it): threads still hand over
# at blocking calls, and a waiter never times out into a drop request.
import sys, threading

sys.setswitchinterval(1e30)
print("accepted")
done = threading.Event()
results = []

def worker():
    results.append(sum(range(100000)))
    done.set()

t = threading.Thread(target=worker)
t.start()
done.wait()
t.join()
print(results)
sys.setswitchinterval(0.005)
print(sys.getswitchinterval())
