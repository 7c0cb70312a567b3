# collections.deque shared by threads: each method is atomic under the GIL (no item lost
# or duplicated), with a switch interval short enough that threads interleave between
# every few calls (recorded from CPython 3.11; also run under ThreadSanitizer).
import sys
import threading
from collections import deque

sys.setswitchinterval(1e-5)
PRODUCERS, CONSUMERS, PER_PRODUCER = 4, 3, 20000

# Producers append at both ends; consumers pop from both ends until they see a sentinel.
shared = deque()
consumed = [[] for _ in range(CONSUMERS)]


def produce(k):
    base = k * PER_PRODUCER
    for i in range(PER_PRODUCER):
        if i % 2:
            shared.append(base + i)
        else:
            shared.appendleft(base + i)


def consume(k):
    mine = consumed[k]
    left = k % 2 == 0
    while True:
        try:
            x = shared.popleft() if left else shared.pop()
        except IndexError:
            continue
        if x is None:
            return
        mine.append(x)
        left = not left


consumers = [threading.Thread(target=consume, args=(k,)) for k in range(CONSUMERS)]
producers = [threading.Thread(target=produce, args=(k,)) for k in range(PRODUCERS)]
for t in consumers + producers:
    t.start()
for t in producers:
    t.join()
for _ in range(CONSUMERS):
    shared.append(None)
for t in consumers:
    t.join()
leftover = [x for x in shared if x is not None]
everything = sorted(leftover + [x for mine in consumed for x in mine])
total = PRODUCERS * PER_PRODUCER
print("items:", len(everything), "expected:", total)
print("each exactly once:", everything == list(range(total)))

# A bounded deque: concurrent appends keep exactly maxlen distinct items.
bounded = deque(maxlen=100)


def fill(k):
    for i in range(10000):
        bounded.append((k, i))
        if i % 7 == 0:
            bounded.appendleft((k, -i))


threads = [threading.Thread(target=fill, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("bounded:", len(bounded), bounded.maxlen, len(set(bounded)))

# Rotations, moves between the ends, insert and remove: the multiset is unchanged.
ring = deque(range(200))


def churn(k):
    for i in range(5000):
        ring.rotate(k + 1)
        ring.append(ring.popleft())
        ring.appendleft(ring.pop())
        if i % 50 == 0:
            ring.rotate(-3 * k)
            x = ring.popleft()
            ring.insert(k * 10, x)


threads = [threading.Thread(target=churn, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("ring:", len(ring), sorted(ring) == list(range(200)))

# list(d) runs no Python code, so it is atomic too: it sees the deque between two calls of
# the mutating thread (999 or 1000 items), never mid-call.
moving = deque(range(1000))
outcomes = set()
stop = threading.Event()


def mutate():
    while not stop.is_set():
        moving.append(moving.popleft())


def iterate():
    for _ in range(50):
        outcomes.add(len(list(moving)))


m = threading.Thread(target=mutate)
m.start()
readers = [threading.Thread(target=iterate) for _ in range(2)]
for t in readers:
    t.start()
for t in readers:
    t.join()
stop.set()
m.join()
print("list() saw whole calls only:", outcomes <= {999, 1000})
print("final:", len(moving), sorted(moving) == list(range(1000)))
