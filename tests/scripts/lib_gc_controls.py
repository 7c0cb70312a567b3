# gc's controls reach the collector: thresholds, counts, per-generation statistics,
# callbacks around every collection, collect(generation).
import gc

print(gc.get_threshold())
gc.set_threshold(500)
print(gc.get_threshold())
gc.set_threshold(700, 5, 3)
print(gc.get_threshold())
for bad in [(), (1, 2, 3, 4), ("x",), (1.5,)]:
    try:
        gc.set_threshold(*bad)
    except TypeError as e:
        print("TypeError:", e)

# Generation 0's count: allocations of tracked objects minus their deallocations.
gc.collect()
before = gc.get_count()[0]
keep = [[] for _ in range(100)]
print("count grew by about 100:", 95 <= gc.get_count()[0] - before <= 110)
del keep

# Statistics: a collection of each generation counts there, with what it found.
stats = gc.get_stats()
print(len(stats), sorted(stats[0]))
for generation in range(3):
    n = gc.get_stats()[generation]["collections"]
    gc.collect(generation)
    print(generation, gc.get_stats()[generation]["collections"] - n)

class Node:
    pass

def make_cycles(n):
    for _ in range(n):
        a, b = Node(), Node()
        a.b, b.a = b, a

collected = gc.get_stats()[2]["collected"]
make_cycles(10)
found = gc.collect()
print("collect() found the 10 cycles:", found >= 20, gc.get_stats()[2]["collected"] - collected >= 20)
try:
    gc.collect(3)
except ValueError as e:
    print("ValueError:", e)

# Callbacks: start and stop around each collection, with the generation and the counts.
events = []
def callback(phase, info):
    events.append((phase, info["generation"], sorted(info)))
    if phase == "stop":
        events.append(("collected enough", info["collected"] >= 20))
gc.callbacks.append(callback)
make_cycles(10)
gc.collect()
gc.callbacks.remove(callback)
for e in events:
    print(e)

# Automatic collection follows the threshold: with generation 0's at 100, building
# cycles collects them without gc.collect(); with 0, nothing is collected automatically.
gc.collect()
gc.set_threshold(100)
n = gc.get_stats()[0]["collections"]
make_cycles(1000)
print("automatic collections at threshold 100:", gc.get_stats()[0]["collections"] - n > 5)
gc.set_threshold(0)
n = sum(s["collections"] for s in gc.get_stats())
make_cycles(1000)
print("automatic collections at threshold 0:", sum(s["collections"] for s in gc.get_stats()) - n)
gc.set_threshold(700, 10, 10)
gc.collect()

# An exception in a callback is reported, and the collection goes on.
def failing(phase, info):
    raise RuntimeError("in a gc callback")
gc.callbacks.append(failing)
print(gc.collect() >= 0)
gc.callbacks.remove(failing)
