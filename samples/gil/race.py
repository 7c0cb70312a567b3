# The document's question 3: two threads race on a global without a lock. `x += 1` is
# several bytecode instructions (load x, add, store x); a thread switch between the load
# and the store loses the other thread's updates. Under gilpy's default (CPython's)
# policy the switch only happens at backward jumps and calls, so it always prints 0;
# Python 2's GIL switched every N instructions, which makes the race show:
#   gilpy --gil-policy=legacy --check-interval 1 samples/gil/race.py   (a nonzero x, most runs)
import threading

x = 0

def increment():
    global x
    for i in range(1000000):
        x += 1

def decrement():
    global x
    for i in range(1000000):
        x -= 1

# create 2 threads
t1 = threading.Thread(target=increment)
t2 = threading.Thread(target=decrement)

# start the threads
t1.start()
t2.start()

# wait for the threads to finish
t1.join()
t2.join()

print(x)
