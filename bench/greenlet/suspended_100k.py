# 100,000 greenlets suspended at once, each in a call of its own (peak RSS).
from greenlet import greenlet, getcurrent

main = getcurrent()


def body(i):
    main.switch()


suspended = []
for i in range(100_000):
    g = greenlet(body)
    g.switch(i)
    suspended.append(g)
print(len(suspended))
