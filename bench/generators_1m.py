# 1,000,000 suspended generators held in a list (issue 4's memory figure): each has
# been started once, so its frame is live. Peak RSS is compared with CPython's by
# bench/generators.sh.
def gen(i):
    total = i
    while True:
        total += yield total


gens = [gen(i) for i in range(1000000)]
for g in gens:
    next(g)
print(len(gens), sum(g.send(1) for g in gens[:10]))
