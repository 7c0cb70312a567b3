# A greenlet whose run has returned releases its arguments while it still counts as
# alive: here each link's argument is the previous link, suspended, so releasing it
# kills that one (GreenletExit), which then switches back to the link releasing it. 300
# links deep, past the collector's 200 nested deallocations. Afterwards objects still die
# at their last reference, and every killed link ran its finally block.
from greenlet import greenlet, getcurrent

finished = 0


def link(next_greenlet):
    global finished
    try:
        value = getcurrent().parent.switch()
        next_greenlet.switch(value + 1)
    finally:
        finished += 1


def chain(n):
    start = getcurrent()
    for i in range(n):
        g = greenlet(link)
        g.switch(start)
        start = g
    return start.switch(0)


print(chain(300))
print("finally blocks run:", finished)


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


n = Noisy("runs at the last reference")
del n
print("after del")
lst = [Noisy("in a list")]
lst = None
print("after the list")
