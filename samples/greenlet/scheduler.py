# A cooperative round-robin scheduler on greenlets: each task runs until it calls
# yield_(), which switches back to the scheduler; the scheduler resumes the tasks in turn
# until all have finished. Unlike a generator, a task can yield from any depth of calls.
from collections import deque
from greenlet import greenlet, getcurrent


class Scheduler:
    def __init__(self):
        self.ready = deque()
        self.loop = getcurrent()  # run() runs here: every task's parent, where returns go

    def spawn(self, fn, *args):
        self.ready.append((greenlet(fn, parent=self.loop), args))

    def yield_(self):
        self.ready.append((getcurrent(), ()))
        self.loop.switch()

    def run(self):
        while self.ready:
            task, args = self.ready.popleft()
            task.switch(*args)


sched = Scheduler()


def countdown(name, n):
    while n:
        print(name, "counts", n)
        n -= 1
        sched.yield_()
    print(name, "done")


def deep_worker(name, depth):
    # yield_() from inside nested calls: the whole call chain is suspended.
    def descend(level):
        if level == depth:
            print(name, "reached depth", level)
            sched.yield_()
            print(name, "resumed at depth", level)
            return level
        return descend(level + 1)
    print(name, "returned", descend(0))


sched.spawn(countdown, "A", 3)
sched.spawn(countdown, "B", 2)
sched.spawn(deep_worker, "C", 5)
sched.run()
print("all tasks finished")
