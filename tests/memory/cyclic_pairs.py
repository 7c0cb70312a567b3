# Builds 5 million small reference cycles (two objects pointing at each other) in a loop
# and drops each at once: only the cycle collector can free them. Peak memory must stay
# flat (tests/peak_rss.py checks it).
class Node:
    def __init__(self):
        self.peer = None


def churn(n):
    for _ in range(n):
        a = Node()
        b = Node()
        a.peer = b
        b.peer = a


churn(5_000_000)
print("done")
