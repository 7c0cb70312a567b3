# The greenlet package's chain benchmark: 100,000 greenlets, each started from the main
# loop and suspended, then the chain run back, each one switching into the one made
# before it.
from greenlet import greenlet, getcurrent


def link(next_greenlet):
    value = getcurrent().parent.switch()
    next_greenlet.switch(value + 1)


def chain(n):
    start_node = getcurrent()
    for i in range(n):
        g = greenlet(link)
        g.switch(start_node)
        start_node = g
    return start_node.switch(0)


print(chain(100_000))
