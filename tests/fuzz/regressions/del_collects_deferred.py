# Once a use-after-free (issue 11, class 4): a __del__ that collects while deallocation
# is deferred, deep in a nested list.
import gc


class Collects:
    def __del__(self):
        gc.collect()


def nest(depth):
    head = []
    cur = head
    for _ in range(depth):
        nxt = []
        cur.append(nxt)
        cur = nxt
    return head


holder = [Collects(), nest(1000)]
del holder
junk = [[] for _ in range(10000)]
print("ok")
