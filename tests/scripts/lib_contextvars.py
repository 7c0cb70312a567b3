# contextvars: ContextVar get/set/reset and Token, Context as a read-only mapping,
# Context.run and copy_context (copies are independent), CPython's error messages, and
# per-thread contexts (a new thread starts empty; copy_context().run carries values over).
import contextvars
import threading
from contextvars import Context, ContextVar, Token, copy_context


def scrub(text):
    """Replaces every 0x... address by 0x..., so the output is deterministic."""
    out = []
    i = 0
    while i < len(text):
        if text.startswith("0x", i):
            j = i + 2
            while j < len(text) and text[j] in "0123456789abcdef":
                j += 1
            out.append("0x...")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def attempt(label, fn):
    try:
        result = fn()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", scrub(str(e)))
    else:
        print(label, "=", scrub(repr(result)))


print("-- module")
print(contextvars.__all__)
print(ContextVar, Context, Token)
print(ContextVar.__name__, ContextVar.__module__, Token.MISSING, type(Token.MISSING).__name__)

print("-- ContextVar")
name = ContextVar("name")
level = ContextVar("level", default=0)
print(scrub(repr(name)), scrub(repr(level)))
print(name.name, level.name, hash(name) == hash(name))
attempt("name.get()", lambda: name.get())
attempt("name.get('dflt')", lambda: name.get("dflt"))
attempt("level.get()", lambda: level.get())
attempt("level.get(5)", lambda: level.get(5))
tok = name.set("alice")
print(scrub(repr(tok)), tok.var is name, tok.old_value is Token.MISSING)
print(name.get(), name.get("unused"))
tok2 = name.set("bob")
print(tok2.old_value, name.get())
name.reset(tok2)
print("after reset:", name.get(), scrub(repr(tok2)))
name.reset(tok)
attempt("after second reset", lambda: name.get())

print("-- argument errors")
attempt("ContextVar()", lambda: ContextVar())
attempt("ContextVar(1)", lambda: ContextVar(1))
attempt("ContextVar('a', 1)", lambda: ContextVar("a", 1))
attempt("ContextVar('a', foo=1)", lambda: ContextVar("a", foo=1))
attempt("ContextVar('a', default=1, foo=2)", lambda: ContextVar("a", default=1, foo=2))
attempt("get(1, 2)", lambda: name.get(1, 2))
attempt("get(default=1)", lambda: name.get(default=1))
attempt("set()", lambda: name.set())
attempt("set(value=1)", lambda: name.set(value=1))
attempt("reset()", lambda: name.reset())
attempt("reset(1)", lambda: name.reset(1))
attempt("Token()", lambda: Token())
attempt("MISSING type()", lambda: type(Token.MISSING)())
attempt("Context(1)", lambda: Context(1))
attempt("copy_context(1)", lambda: copy_context(1))
attempt("name.name = 'x'", lambda: setattr(name, "name", "x"))
attempt("tok.var = 1", lambda: setattr(tok, "var", 1))


def subclass():
    class Sub(ContextVar):
        pass


attempt("subclass", subclass)

print("-- token errors")
used = level.set(1)
level.reset(used)
attempt("reset used token", lambda: level.reset(used))
other = ContextVar("other")
otok = other.set(1)
attempt("reset with another var's token", lambda: level.reset(otok))
attempt("reset in another context", lambda: copy_context().run(other.reset, otok))
other.reset(otok)
print("other reset here:", other.get("gone"))

print("-- Context mapping")
a = ContextVar("a")
b = ContextVar("b", default="B")
a.set(1)
ctx = copy_context()
print(len(ctx) >= 1, a in ctx, b in ctx, ctx[a], ctx.get(a), ctx.get(b), ctx.get(b, 42))
attempt("ctx[b]", lambda: ctx[b])
attempt("ctx[5]", lambda: ctx[5])
attempt("5 in ctx", lambda: 5 in ctx)
attempt("ctx.get(5)", lambda: ctx.get(5))
attempt("ctx.get()", lambda: ctx.get())
attempt("ctx.get(a, 1, 2)", lambda: ctx.get(a, 1, 2))
attempt("ctx.get(a, default=1)", lambda: ctx.get(a, default=1))
attempt("ctx.keys(1)", lambda: ctx.keys(1))
attempt("hash(ctx)", lambda: hash(ctx))
attempt("ctx < ctx", lambda: ctx < ctx)
empty = Context()
print("empty:", len(empty), list(empty), list(empty.items()), bool(empty), empty == Context())
print(a in list(ctx.keys()), 1 in list(ctx.values()), (a, 1) in list(ctx.items()), a in list(iter(ctx)))
print(ctx == ctx.copy(), ctx != empty, ctx == 1, ctx.copy() is ctx)

print("-- run and copies")
counter = ContextVar("counter", default=0)


def bump(step, *, times=1):
    for _ in range(times):
        counter.set(counter.get() + step)
    return counter.get()


c1 = copy_context()
print(c1.run(bump, 2, times=3), c1[counter], counter.get())
c2 = c1.copy()
print(c2.run(bump, 10), c1[counter], c2[counter], counter.get())
print(c1.run(counter.get), c2.run(counter.get))
attempt("c1.run()", lambda: c1.run())


def reenter():
    return c1.run(lambda: 1)


attempt("c1.run(reenter)", lambda: c1.run(reenter))


def fails():
    counter.set(99)
    raise KeyError("inside")


attempt("c1.run(fails)", lambda: c1.run(fails))
print("c1 keeps the write before the error:", c1[counter], "outside:", counter.get())

# A snapshot taken while iterating does not see later writes (copy-on-write).
it = iter(c1)
c1.run(ContextVar("late").set, 1)
print("iteration unaffected:", len(list(it)), "then", len(c1))

# Nested runs restore each context on the way out.
outer = Context()
inner = Context()


def nested():
    counter.set(1)
    inner.run(counter.set, 2)
    return counter.get(), inner[counter]


print(outer.run(nested), outer[counter], counter.get())

print("-- threads")
tv = ContextVar("tv", default="unset")
tv.set("main")
seen = []


def in_thread():
    seen.append(("start", tv.get()))
    tv.set("thread")
    seen.append(("after set", tv.get()))


t = threading.Thread(target=in_thread)
t.start()
t.join()
snapshot = copy_context()
t = threading.Thread(target=snapshot.run, args=(in_thread,))
t.start()
t.join()
print(seen, tv.get(), snapshot[tv])
