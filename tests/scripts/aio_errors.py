# asyncio's errors, with CPython's types and messages.
import asyncio

def attempt(label, fn, *args, **kwargs):
    try:
        result = fn(*args, **kwargs)
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: ok {result!r}" if not asyncio.iscoroutine(result) else f"{label}: coroutine")
        if asyncio.iscoroutine(result):
            result.close()

loop = asyncio.new_event_loop()
attempt("call_later(None)", loop.call_later, None, print)
attempt("call_at(None)", loop.call_at, None, print)
attempt("call_soon keyword", loop.call_soon, print, end="")
attempt("Future(loop=1)", asyncio.Future, loop=1)
attempt("Task(42)", asyncio.Task, 42, loop=loop)
attempt("set_event_loop(3)", asyncio.set_event_loop, 3)
attempt("set_event_loop_policy(3)", asyncio.set_event_loop_policy, 3)
attempt("Lock(loop=)", asyncio.Lock, loop=loop)
attempt("Queue(loop=)", asyncio.Queue, loop=loop)
attempt("Semaphore(-1)", asyncio.Semaphore, -1)
attempt("Barrier(0)", asyncio.Barrier, 0)
attempt("set_exception_handler(1)", loop.set_exception_handler, 1)
attempt("set_task_factory(1)", loop.set_task_factory, 1)
attempt("ensure_future(1)", asyncio.ensure_future, 1)
attempt("as_completed(future)", lambda: next(asyncio.as_completed(loop.create_future())))
attempt("run_coroutine_threadsafe(1)", asyncio.run_coroutine_threadsafe, 1, loop)
attempt("current_task()", asyncio.current_task)
attempt("all_tasks()", asyncio.all_tasks)

f = loop.create_future()
attempt("exception() pending", f.exception)
attempt("set_exception(1)", f.set_exception, 1)
attempt("set_exception(StopIteration)", f.set_exception, StopIteration)
attempt("_log_traceback = True", setattr, f, "_log_traceback", True)
f.set_result(1)
attempt("set_result twice", f.set_result, 2)
attempt("set_exception after", f.set_exception, ValueError())
print("cancel() on done:", f.cancel())

async def body():
    t = asyncio.current_task()
    attempt("task.set_result", t.set_result, 1)
    attempt("task.set_exception", t.set_exception, ValueError())
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("wait([]):", e)
    coro = asyncio.sleep(0)
    try:
        await asyncio.wait([coro])
    except TypeError as e:
        print("wait(coroutines):", e)
    finally:
        coro.close()
    try:
        await asyncio.wait({asyncio.create_task(asyncio.sleep(0))}, return_when="SOMETIMES")
    except ValueError as e:
        print("wait(return_when):", e)
    try:
        await asyncio.wait(loop.create_future())
    except TypeError as e:
        print("wait(future):", e)
    fut = loop.create_future()
    try:
        fut.set_result(None)
        await asyncio.gather(fut, loop=None)
    except TypeError as e:
        print("gather(loop=):", e)
    other = asyncio.new_event_loop()
    foreign = other.create_future()
    try:
        await foreign
    except RuntimeError as e:
        print("foreign future:", str(e).split(" got ")[1].split(" attached")[0][:16], "... attached to a different loop")
    other.close()
    coro = asyncio.sleep(0)
    try:
        loop.run_until_complete(coro)
    except RuntimeError as e:
        print("nested run_until_complete:", e)
    finally:
        coro.close()
    async def bad_yield():
        class Weird:
            def __await__(self):
                yield "not a future"
        await Weird()
    try:
        await asyncio.create_task(bad_yield())
    except RuntimeError as e:
        print("bad yield:", e)
    async def self_await():
        await asyncio.current_task()
    try:
        await asyncio.create_task(self_await())
    except RuntimeError as e:
        print("self await:", str(e).split(":")[0])
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print("release unlocked:", e)
    cond = asyncio.Condition()
    try:
        cond.notify_all()
    except RuntimeError as e:
        print("notify unlocked:", e)
    q = asyncio.Queue()
    try:
        q.task_done()
    except ValueError as e:
        print("task_done:", e)
    tg = asyncio.TaskGroup()
    coro = asyncio.sleep(0)
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print("TaskGroup not entered:", str(e).split(" has ")[1])
    finally:
        coro.close()
    cm = asyncio.timeout(1)
    async with cm:
        pass
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print("reschedule after exit:", e)
    return "body done"

print(loop.run_until_complete(body()))

async def stops_early():
    loop.stop()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
try:
    loop.run_until_complete(stops_early())
except RuntimeError as e:
    print("stopped early:", e)
loop.close()
attempt("create_future on closed loop", loop.create_future)
attempt("run_until_complete on closed loop", loop.run_until_complete, loop.create_future())
attempt("call_soon_threadsafe on closed loop", loop.call_soon_threadsafe, print)
attempt("add_reader on closed loop", loop.add_reader, 0, print)
attempt("run(42)", asyncio.run, 42)
