# An asyncio event loop beside a CPU-bound thread. The loop's timers fire late: each time
# the loop wakes up from epoll it must take the GIL back from the CPU-bound thread.
# Run: gilpy samples/gil/asyncio_beside_cpu.py   (and with --gil-policy=priority)
import asyncio
import threading
import time

import gil

TICKS = 100


async def ticker():
    late = []
    loop = asyncio.get_running_loop()
    for _ in range(TICKS):
        due = loop.time() + 0.001
        await asyncio.sleep(0.001)
        late.append(loop.time() - due)
    return late


def spinner(stop):
    x = 0
    while not stop:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF


def mean_ms(values):
    return sum(values) / len(values) * 1e3


alone = asyncio.run(ticker())
stop = []
spin = threading.Thread(target=spinner, args=(stop,), name="spinner")
spin.start()
gil.reset()
beside = asyncio.run(ticker())
stats = gil.stats()
stop.append(True)
spin.join()

main = stats["threads"][0]
print(f"policy {gil.policy()}")
print(f"timer lateness alone:            mean {mean_ms(alone):.2f} ms, worst {max(alone) * 1e3:.2f} ms")
print(f"timer lateness beside a spinner: mean {mean_ms(beside):.2f} ms, worst {max(beside) * 1e3:.2f} ms")
print(f"the loop released the GIL in epoll {main['blocking_releases']['epoll']} times "
      f"and waited {main['wait_s']:.3f} s to get it back")
