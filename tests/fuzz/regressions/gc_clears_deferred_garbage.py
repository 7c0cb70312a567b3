# Once a use-after-free the fuzzer found (issue 11, class 4): a collection run by a __del__
# inside a deallocation clears garbage holding a deep chain; the chain's tail waits in the
# deferred-deallocation list while the collection still holds it among its garbage.
import gc


def nest(depth):
    x = []
    for _ in range(depth):
        x = [x]
    return x


class CollectsOnDel:
    def __del__(self):
        gc.collect()


class Cycle:
    pass


for depth in (300, 1000, 5000):
    c = Cycle()
    c.me = c
    c.payload = nest(depth)
    del c
    holder = [CollectsOnDel()]
    del holder
    junk = [[i] for i in range(5000)]
print("ok")
