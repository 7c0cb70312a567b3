# compile()'s flags as the REPL uses them (issue 10): top-level await makes the module's
# code a coroutine; "incomplete input" for source that ends where more is expected, as
# CPython's codeop relies on; -O's effects are tested from the command line.
import asyncio

TLA = 0x2000
INCOMPLETE = 0x4000
CO_COROUTINE = 0x80

code = compile("await asyncio.sleep(0, result=7)", "<stdin>", "single", TLA)
print("coroutine code:", bool(code.co_flags & CO_COROUTINE))
code = compile("x = 1", "<stdin>", "single", TLA)
print("plain code:", bool(code.co_flags & CO_COROUTINE))

ns = {"asyncio": asyncio}
code = compile("r = await asyncio.sleep(0, result=7)\nasync for v in agen(): out.append(v)\n"
               "async with cm(): out.append('in')", "<stdin>", "exec", TLA)


async def agen():
    yield 1
    yield 2


class cm:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


ns.update(agen=agen, cm=cm, out=[])
asyncio.run(eval(code, ns))
print(ns["r"], ns["out"])

for src in ["await x"]:
    try:
        compile(src, "<stdin>", "single")
    except SyntaxError as e:
        print("without the flag:", e.msg)

# (Not "1 +" or "def f(:": CPython's compile() calls them incomplete, but its REPL reports
# them at once, and so does gilpy's, whose compile() follows the REPL there.)
for src in ["(1,", "[1,\n2", '"""abc', "if x:", "for a in b:\n    if a:", "@dec",
            "def f():\n    return (1,", "x = 1", "if x:\n    pass", "x = = 1"]:
    try:
        compile(src, "<stdin>", "single", INCOMPLETE)
        print(repr(src), "-> complete")
    except SyntaxError as e:
        print(repr(src), "->", e.msg)
