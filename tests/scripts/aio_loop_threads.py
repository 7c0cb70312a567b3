# call_soon_threadsafe wakes a loop blocked in epoll; a thread can hand work to the loop,
# and the loop keeps its callbacks in FIFO order across threads.
import asyncio
import threading
import time

loop = asyncio.new_event_loop()
log = []

def worker(n):
    time.sleep(0.02)
    loop.call_soon_threadsafe(log.append, f"from thread {n}")
    if n == 2:
        loop.call_soon_threadsafe(loop.stop)

threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
for t in threads:
    t.start()
    t.join()
# The loop has nothing to do: it sleeps in epoll until the threads wake it.
start = time.monotonic()
loop.run_forever()
print(log, "waited for the threads:", time.monotonic() - start < 5)

# A far-away timer does not keep the loop from waking up for a thread's callback.
log.clear()
loop.call_later(60, log.append, "far")
threading.Thread(target=lambda: (time.sleep(0.02), loop.call_soon_threadsafe(loop.stop))).start()
start = time.monotonic()
loop.run_forever()
print("woken early:", time.monotonic() - start < 30, log)

# run_coroutine_threadsafe is not needed for futures: call_soon_threadsafe sets them.
async def main():
    fut = loop.create_future()
    threading.Thread(target=lambda: loop.call_soon_threadsafe(fut.set_result, "done")).start()
    return await fut

print(loop.run_until_complete(main()))

# The loop runs in a thread of its own; other threads schedule onto it.
loop2 = asyncio.new_event_loop()
ready = threading.Event()
def run_loop():
    asyncio.set_event_loop(loop2)
    loop2.call_soon(ready.set)
    loop2.run_forever()
t = threading.Thread(target=run_loop)
t.start()
ready.wait()
results = []
for i in range(5):
    loop2.call_soon_threadsafe(results.append, i)
loop2.call_soon_threadsafe(loop2.stop)
t.join()
print("loop in a thread ran:", results, "running:", loop2.is_running())
loop2.close()
loop.close()
