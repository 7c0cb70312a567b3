# Module code compiled with top-level await (the REPL's flag) and run by eval is a
# coroutine whose frame has no function and holds the namespace it was given: the
# namespace goes with the coroutine, whether it ran to the end, was closed or never ran.
import asyncio

TLA = 0x2000


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


code = compile("r = await asyncio.sleep(0, result=7)", "<stdin>", "exec", TLA)

ns = {"asyncio": asyncio, "token": Noisy("ran to the end")}
asyncio.run(eval(code, ns))
print("result:", ns["r"])
del ns
print("after del ns")

ns = {"asyncio": asyncio, "token": Noisy("closed")}
coro = eval(code, ns)
coro.close()
del coro, ns
print("after the closed one")

ns = {"asyncio": asyncio, "token": Noisy("suspended")}
coro = eval(compile("await asyncio.sleep(0)", "<stdin>", "exec", TLA), ns)
coro.send(None)
del coro, ns
print("after the suspended one")
