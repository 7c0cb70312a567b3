# gilpy only (not recorded from CPython, whose greenlets share the thread's stack): native
# recursion that would overflow a greenlet's own stack raises RecursionError, on the
# smallest stack greenlet.stack_size allows and on the default one, with the recursion
# limit raised out of the way. A crash fails the test; so does any other outcome.
import sys
import greenlet
from greenlet import greenlet as G


class Node:
    def __init__(self, depth):
        self.child = Node(depth + 1)  # each level re-enters the eval loop from native code


def build_tree():
    Node(0)


def nested_repr():
    nested = []
    for _ in range(100000):
        nested = [nested]
    repr(nested)  # recursion in native code only, no Python frames


def generator_chain():
    def relay(inner):
        yield next(inner)  # next() resumes the inner generator from native code

    gen = iter([1])
    for _ in range(50000):
        gen = relay(gen)
    next(gen)


def sort_keys(n=0):
    return sorted([1, 2], key=lambda x: sort_keys(n + 1))


def expect_recursion_error(body):
    def run():
        try:
            body()
        except RecursionError:
            return "RecursionError"
        return "no error"
    return G(run).switch()


sys.setrecursionlimit(1000000)
failures = 0
minimum = 128 * 1024
for size in [minimum, 0]:
    greenlet.stack_size(size)
    for body in [build_tree, nested_repr, generator_chain, sort_keys]:
        got = expect_recursion_error(body)
        print(size or "default", body.__name__, got)
        failures += got != "RecursionError"
greenlet.stack_size(0)

# Afterwards greenlets and the main stack work as before.
print(G(lambda: "still fine").switch())
try:
    greenlet.stack_size(4096)
except ValueError:
    print("too small a stack is refused")
print(greenlet.stack_size(), greenlet.stack_size(minimum), greenlet.stack_size())
sys.exit(1 if failures else 0)
