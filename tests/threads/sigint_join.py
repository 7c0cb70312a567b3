# Blocked in join() on a daemon thread that sleeps forever; SIGINT must interrupt it.
import sys
import threading
import time


def forever():
    while True:
        time.sleep(1000)


t = threading.Thread(target=forever, daemon=True)
t.start()
print("ready", flush=True)
t.join()
