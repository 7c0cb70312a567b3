# asyncio.Runner, loop.add_signal_handler, executors (the default one, one set as
# default), run_coroutine_threadsafe and wrap_future.
import asyncio
import concurrent.futures
import os
import signal
import threading

with asyncio.Runner() as runner:
    loop = runner.get_loop()
    print("same loop each run:", runner.get_loop() is loop)
    print(runner.run(asyncio.sleep(0, "first run")))
    print(runner.run(asyncio.sleep(0, "second run")))
    try:
        runner.run(42)
    except ValueError as e:
        print("ValueError:", e)
print("closed after the with:", loop.is_closed())
late = asyncio.sleep(0)
try:
    runner.run(late)
except RuntimeError as e:
    print("RuntimeError:", e)
finally:
    late.close()

async def signals():
    loop = asyncio.get_running_loop()
    got = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, lambda: got.set_result("SIGUSR1 handled in the loop"))
    os.kill(os.getpid(), signal.SIGUSR1)
    print(await got)
    print("removed:", loop.remove_signal_handler(signal.SIGUSR1), loop.remove_signal_handler(signal.SIGUSR1))
    try:
        loop.add_signal_handler(signal.SIGKILL, print)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        loop.add_signal_handler(12345, print)
    except ValueError as e:
        print("ValueError:", e)
    try:
        loop.add_signal_handler("x", print)
    except TypeError as e:
        print("TypeError:", e)
    async def coro_cb():
        pass
    try:
        loop.add_signal_handler(signal.SIGUSR2, coro_cb)
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(signals())

async def executors():
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="mine")
    loop.set_default_executor(pool)
    print(await loop.run_in_executor(None, lambda: threading.current_thread().name))
    try:
        loop.set_default_executor(object())
    except TypeError as e:
        print("TypeError:", e)
    cf = pool.submit(pow, 2, 10)
    print("wrapped:", await asyncio.wrap_future(cf))
    fut = asyncio.run_coroutine_threadsafe(asyncio.sleep(0, "no"), loop)
    print("a concurrent future:", isinstance(fut, concurrent.futures.Future))
    await asyncio.sleep(0.01)
    print("its result:", fut.result(timeout=1))
    # run_coroutine_threadsafe from a thread, waiting for the loop.
    def from_thread():
        return asyncio.run_coroutine_threadsafe(asyncio.sleep(0.001, "from a thread"), loop).result(timeout=5)
    print(await loop.run_in_executor(None, from_thread))
    await loop.shutdown_default_executor()
    try:
        await loop.run_in_executor(None, print)
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(executors())
print("done")
