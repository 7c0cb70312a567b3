# Greenlets started inside greenlets, as deep as it goes: each new greenlet inherits the
# Python recursion depth of the one that starts it, so the nesting ends with RecursionError
# near the recursion limit (never with a crash), and every level unwinds to main.
import sys
from greenlet import greenlet as G, getcurrent

main = getcurrent()
deepest = 0


def nest(level):
    global deepest
    deepest = level
    return G(nest).switch(level + 1)


try:
    nest(0)
except RecursionError:
    print("RecursionError caught in main")
print("went deep:", sys.getrecursionlimit() // 4 < deepest <= sys.getrecursionlimit())
print("back in main:", getcurrent() is main)

# The same with a lower limit: the depth follows it.
sys.setrecursionlimit(200)
deepest = 0
try:
    nest(0)
except RecursionError:
    print("RecursionError caught again")
print("followed the limit:", 200 // 4 < deepest <= 200)
sys.setrecursionlimit(1000)

# Recursion inside one greenlet is bounded by the same limit.
def recurse(n):
    return recurse(n + 1)

def run_recursion():
    try:
        recurse(0)
    except RecursionError:
        return "RecursionError inside the greenlet"

print(G(run_recursion).switch())

# And recursion through native calls inside a greenlet (here the key functions of
# sorted) ends the same way.
def sort_deeper(n):
    return sorted([1, 2], key=lambda x: sort_deeper(n + 1))

def run_native_recursion():
    try:
        sort_deeper(0)
    except RecursionError:
        return "RecursionError through native calls"

print(G(run_native_recursion).switch())

# Afterwards greenlets work as before.
print(G(lambda: "still fine").switch())
