# The document's question 4: the same race with a lock held around each loop, so no
# update is lost whatever the GIL policy: always 0, even under
#   gilpy --gil-policy=legacy --check-interval 1 samples/gil/race_locked.py
import threading

x = 0
lock = threading.Lock()


def increment():
    global x
    with lock:
        for i in range(1000000):
            x += 1


def decrement():
    global x
    with lock:
        for i in range(1000000):
            x -= 1


t1 = threading.Thread(target=increment)
t2 = threading.Thread(target=decrement)
t1.start()
t2.start()
t1.join()
t2.join()

print(x)
