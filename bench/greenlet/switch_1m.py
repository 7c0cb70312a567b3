# 1,000,000 switch round trips between two greenlets, driven from a Python loop.
from greenlet import greenlet, getcurrent


def echo(value):
    main = getcurrent().parent
    while True:
        value = main.switch(value)


def round_trips(n):
    partner = greenlet(echo)
    value = partner.switch(0)
    for i in range(n):
        value = partner.switch(i)
    return value


print(round_trips(1_000_000))
