# A generator made of a greenlet: the function body calls yield_(value) from any depth,
# and iterating over it resumes the body until its next yield_. Here it walks a tree
# recursively, which a plain generator could only do with `yield from` at every level.
from greenlet import greenlet, getcurrent


class GreenletGenerator:
    def __init__(self, body, *args):
        self.body = greenlet(self._run)
        self.args = args
        self.fn = body

    def _run(self):
        self.fn(*self.args)
        raise StopIteration  # goes to the consumer's switch in __next__

    def __iter__(self):
        return self

    def __next__(self):
        if self.body.dead:
            raise StopIteration
        self.body.parent = getcurrent()  # whoever iterates receives the values
        return self.body.switch()


def yield_(value):
    getcurrent().parent.switch(value)


def walk(tree, path=""):
    name, children = tree
    yield_(path + name)
    for child in children:
        walk(child, path + name + "/")


tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [("b1", [("deep", [])])]), ("c", [])])
for node in GreenletGenerator(walk, tree):
    print(node)

squares = GreenletGenerator(lambda n: [yield_(i * i) for i in range(n)], 5)
print(list(squares))
# Two at once, each suspended in its own calls, advanced in turn by zip.
print(list(zip(GreenletGenerator(walk, tree), GreenletGenerator(lambda n: [yield_(i * i) for i in range(n)], 4))))
