# signal with threads: handlers run in the main thread while it waits on a lock, a
# join or a condition; an exception from a handler comes out of that wait; only the
# main thread may set handlers or the wakeup fd.
import os
import signal
import threading
import time

log = []


def record(signum, frame):
    log.append((signal.Signals(signum).name, threading.current_thread().name))


class Stop(Exception):
    pass


def boom(signum, frame):
    raise Stop("handler raised")


senders = []


def later(delay, *actions):
    """A thread that waits `delay` seconds, then runs each action, `delay` apart. Kept in
    `senders` before it starts: a handler that raises may do so before later() returns
    (on a loaded machine), so the waits that expect it are in the same try block."""
    def run():
        for act in actions:
            time.sleep(delay)
            act()
    t = threading.Thread(target=run, name="sender")
    senders.append(t)
    t.start()
    return t


def join_senders():
    while senders:
        senders.pop().join()


def kill(signum):
    return lambda: os.kill(os.getpid(), signum)


signal.signal(signal.SIGUSR1, record)

# Waiting on a lock: the handler runs, then the wait goes on until the release.
lock = threading.Lock()
lock.acquire()
t = later(0.05, kill(signal.SIGUSR1), lock.release)
print("acquired:", lock.acquire(), log)
lock.release()
t.join()
log.clear()

# The same with a timeout: the wait resumes for the rest of it, then gives up.
lock.acquire()
start = time.monotonic()
t = later(0.05, kill(signal.SIGUSR1))
print("timed out:", lock.acquire(timeout=1.0), log, time.monotonic() - start >= 0.99)
t.join()
lock.release()
log.clear()

# A handler that raises: the exception comes out of acquire, and the lock is not taken.
signal.signal(signal.SIGUSR2, boom)
lock.acquire()
try:
    later(0.05, kill(signal.SIGUSR2))
    lock.acquire()
except Stop as e:
    print("acquire raised:", e, lock.locked())
join_senders()
lock.release()

# Joining a thread: the handler runs during the join; join still waits for the end.
t = later(0.05, kill(signal.SIGUSR1), lambda: log.append(("sender done", "sender")))
t.join()
print("joined:", log, t.is_alive())
log.clear()

# A handler that raises during join.
try:
    later(0.05, kill(signal.SIGUSR2), lambda: None).join()
except Stop as e:
    print("join raised:", e)
t = senders[-1]
join_senders()
print("second join:", t.is_alive())

# A condition wait interrupted by a raising handler still gives the lock back to the
# waiter, so the `with` block exits normally.
cond = threading.Condition()
with cond:
    try:
        later(0.05, kill(signal.SIGUSR2))
        cond.wait()
    except Stop as e:
        print("wait raised:", e)
    print("still own the condition's lock:", cond._is_owned())
join_senders()

# An RLock and a Semaphore wait the same way.
rlock = threading.RLock()
sem = threading.Semaphore(0)
holder_ready = threading.Event()
release_it = threading.Event()


def hold_rlock():
    with rlock:
        holder_ready.set()
        release_it.wait()


h = threading.Thread(target=hold_rlock)
h.start()
holder_ready.wait()
t = later(0.05, kill(signal.SIGUSR1), release_it.set)
print("rlock:", rlock.acquire(), log)
rlock.release()
h.join()
t.join()
log.clear()
t = later(0.05, kill(signal.SIGUSR1), sem.release)
print("semaphore:", sem.acquire(), log)
t.join()
log.clear()

# A signal sent while another thread runs Python code is still handled by the main thread.
done = threading.Event()


def busy():
    n = 0
    while not done.is_set():
        n += 1


b = threading.Thread(target=busy, name="busy")
b.start()
os.kill(os.getpid(), signal.SIGUSR1)
for i in range(1000):
    pass
done.set()
b.join()
print("with a busy thread:", log)
log.clear()

# Only the main thread may set handlers or the wakeup fd; any thread may read them.
results = []


def from_thread():
    for f in (lambda: signal.signal(signal.SIGUSR1, signal.SIG_IGN),
              lambda: signal.set_wakeup_fd(-1),
              lambda: signal.getsignal(signal.SIGUSR1) is record,
              lambda: signal.getsignal(signal.SIGINT) is signal.default_int_handler):
        try:
            results.append(repr(f()))
        except ValueError as e:
            results.append(f"ValueError: {e}")


t = threading.Thread(target=from_thread)
t.start()
t.join()
for line in results:
    print(line)
print("handler unchanged:", signal.getsignal(signal.SIGUSR1) is record)

# raise_signal in another thread: the signal is that thread's, the handler runs in main.
t = threading.Thread(target=lambda: signal.raise_signal(signal.SIGUSR1), name="raiser")
t.start()
t.join()
for i in range(1000):
    pass
print("raised in a thread:", log)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
signal.signal(signal.SIGUSR2, signal.SIG_DFL)
