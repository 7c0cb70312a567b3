# Each task runs in a copy of the context it was made in; callbacks run in the context
# they were scheduled from (or the one given); to_thread carries it into the thread,
# run_in_executor does not.
import asyncio
import contextvars
import threading

request = contextvars.ContextVar("request", default="none")
seen = []

async def handler(name):
    request.set(name)
    await asyncio.sleep(0)
    seen.append((name, request.get()))     # other tasks' set() did not leak in
    return request.get()

async def main():
    loop = asyncio.get_running_loop()
    request.set("main")
    results = await asyncio.gather(*(handler(f"req{i}") for i in range(3)))
    print("tasks:", results, sorted(seen))
    print("main still sees:", request.get())

    # A task sees the variables as they were when it was made, not later changes.
    async def reads_twice():
        first = request.get()
        await asyncio.sleep(0)
        return first, request.get()
    request.set("before")
    late = asyncio.create_task(reads_twice())
    request.set("after")
    print("made before a change:", await late)
    request.set("main")

    # A task made with an explicit context runs in that context.
    ctx = contextvars.copy_context()
    ctx.run(request.set, "in ctx")
    t = asyncio.create_task(handler("ctx-task"), context=ctx)
    await t
    print("explicit context afterwards:", ctx[request], "main:", request.get())

    # call_soon copies the current context; context= picks one.
    got = []
    loop.call_soon(lambda: got.append(request.get()))
    other = contextvars.Context()
    loop.call_soon(lambda: got.append(request.get()), context=other)
    request.set("changed after scheduling")
    await asyncio.sleep(0)
    print("callbacks saw:", got)

    # Done callbacks run in the context current when they were added.
    fut = loop.create_future()
    fut.add_done_callback(lambda f: got.append(("done", request.get())))
    request.set("later")
    fut.set_result(None)
    await asyncio.sleep(0)
    print("done callback saw:", got[-1])

    print("to_thread sees:", await asyncio.to_thread(request.get))
    print("run_in_executor sees:", await loop.run_in_executor(None, request.get))
    print("a new thread sees:", await asyncio.to_thread(
        lambda: (t := threading.Thread(target=lambda: got.append(request.get())), t.start(), t.join(), got[-1])[-1]))

asyncio.run(main())
print("after run:", request.get())
