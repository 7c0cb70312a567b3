# contextvars and greenlets: each greenlet runs in its own context (a new one starts
# empty), gr_context reads and replaces it, and a switch never leaks values across.
import contextvars
from greenlet import greenlet as G, getcurrent

var = contextvars.ContextVar("var", default="unset")
main = getcurrent()
var.set("main value")


def body():
    print("new greenlet sees:", var.get())
    var.set("greenlet value")
    main.switch()
    print("greenlet still sees:", var.get())

g = G(body)
print("gr_context before start:", g.gr_context)
g.switch()
print("main sees:", var.get())
print("greenlet's context:", g.gr_context[var])
g.switch()
print("after it ended:", g.gr_context[var])

# A greenlet given a context before it starts runs in it.
ctx = contextvars.copy_context()
h = G(lambda: var.get())
h.gr_context = ctx
print("given context:", h.switch())

# Context.run inside a greenlet.
other = contextvars.Context()
print(G(lambda: other.run(lambda: (var.set("in other"), var.get())[1])).switch(), var.get())
try:
    g.gr_context = 5
except TypeError as e:
    print("TypeError:", e)
