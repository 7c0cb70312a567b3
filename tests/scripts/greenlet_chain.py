# A chain of 100,000 greenlets: each is started from the main loop, suspends, and is then
# resumed by the one made after it, passing a counter down the chain (the greenlet
# package's own chain benchmark). All 100,000 are suspended at once before the run back.
from greenlet import greenlet as G, getcurrent


def link(next_greenlet):
    value = getcurrent().parent.switch()
    next_greenlet.switch(value + 1)


def chain(n):
    start_node = getcurrent()
    for i in range(n):
        g = G(link)
        g.switch(start_node)
        start_node = g
    return start_node.switch(0)


print(chain(100000))

# Create, switch into once, return: 100,000 times.
total = 0
for i in range(100000):
    total += G(lambda x: x + 1).switch(i)
print(total)
