# greenlet.switch: the values each side receives for every argument shape, in both
# directions, on the first switch (run's arguments) and later ones.
from greenlet import greenlet, getcurrent

main = getcurrent()


def echo(*args, **kwargs):
    print("run got", args, kwargs)
    received = main.switch()
    while True:
        print("greenlet got", repr(received))
        received = main.switch(received)


g = greenlet(echo)
print("first switch returns", repr(g.switch(1, 2, key="v")))
for args, kwargs in [((), {}), ((1,), {}), ((1, 2), {}), ((), {"a": 1}), ((1,), {"a": 1}),
                     ((1, 2), {"a": 1, "b": 2}), ((None,), {}), (((),), {}), (((1, 2),), {})]:
    print("switch", args, kwargs, "->", repr(g.switch(*args, **kwargs)))

# The shapes coming back from the greenlet to its parent.
def sender():
    main.switch()
    main.switch(1)
    main.switch(1, 2)
    main.switch(x=1)
    main.switch(1, x=2)
    main.switch((1, 2))
    return "returned"

s = greenlet(sender)
for _ in range(7):
    print("parent got", repr(s.switch()))
print("dead:", s.dead)

# run's own arguments: positional, keyword, and none at all.
print(greenlet(lambda a, b=2: (a, b)).switch(1))
print(greenlet(lambda a, b=2: (a, b)).switch(1, b=3))
print(greenlet(lambda: "no args").switch())
try:
    greenlet(lambda: None).switch(1)
except TypeError as e:
    print("TypeError:", e)

# Switching to a dead greenlet goes to its parent: here the current greenlet, which
# receives the arguments at once.
d = greenlet(lambda: "done")
print(d.switch(), d.switch("again"), d.switch(1, 2), d.switch(k=1))

# A greenlet can switch to itself: the call returns its own arguments.
def selfish():
    me = getcurrent()
    return me.switch("to myself"), me.switch(1, 2), me.switch()

print(greenlet(selfish).switch())

# Ping-pong between two greenlets, neither of them main.
log = []
def ping():
    for i in range(3):
        log.append(("ping", i))
        i = pong.switch(i)
    return "ping done"

def pong(i):
    while True:
        log.append(("pong", i))
        i = ping_g.switch(i + 10)

ping_g = greenlet(ping)
pong = greenlet(pong, parent=ping_g)
print(ping_g.switch(), log)
print(pong.dead, bool(pong))
