# signal.set_wakeup_fd: the C handler writes each signal's number as one byte to the fd
# (what an event loop reads to learn which signals arrived), for signals with a Python
# handler. Also the fd's checks and the os functions it relies on.
import os
import signal

log = []


def record(signum, frame):
    log.append(signum)


r, w = os.pipe()
print("blocking at first:", os.get_blocking(w), os.get_blocking(r))
try:
    signal.set_wakeup_fd(w)
except ValueError as e:
    print("ValueError:", str(e).replace(str(w), "W"))
os.set_blocking(w, False)
os.set_blocking(r, False)
print("blocking now:", os.get_blocking(w), os.get_blocking(r))

print("old fd:", signal.set_wakeup_fd(w))
signal.signal(signal.SIGUSR1, record)
signal.signal(signal.SIGUSR2, record)
signal.raise_signal(signal.SIGUSR1)
signal.raise_signal(signal.SIGUSR2)
os.kill(os.getpid(), signal.SIGUSR1)
print("bytes:", list(os.read(r, 100)), "handlers:", log)
log.clear()

# Signals blocked and released together: one byte each, handlers in number order.
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGUSR2])
os.kill(os.getpid(), signal.SIGUSR2)
os.kill(os.getpid(), signal.SIGUSR1)
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1, signal.SIGUSR2])
print("bytes:", sorted(os.read(r, 100)), "handlers:", log)
log.clear()

# An ignored signal has no C handler: no byte.
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
signal.raise_signal(signal.SIGUSR2)
try:
    os.read(r, 100)
except BlockingIOError as e:
    print("nothing written:", e)

# A full pipe: the handler still runs (the failed write is reported on stderr unless
# warn_on_full_buffer=False).
print("same fd back:", signal.set_wakeup_fd(w, warn_on_full_buffer=False) == w)
filled = 0
while True:
    try:
        filled += os.write(w, b"\0" * 4096)
    except BlockingIOError:
        break
signal.raise_signal(signal.SIGUSR1)
print("full pipe, handler ran:", log, filled > 0)
log.clear()
drained = 0
while True:
    try:
        drained += len(os.read(r, 65536))
    except BlockingIOError:
        break
print("drained all:", drained == filled)

# -1 turns it off and returns the fd that was set.
print("off:", signal.set_wakeup_fd(-1) == w, signal.set_wakeup_fd(-1))
signal.raise_signal(signal.SIGUSR1)
try:
    os.read(r, 1)
except BlockingIOError:
    print("no byte once off; handlers:", log)

# The checks.
def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


attempt("set_wakeup_fd(-5)", lambda: signal.set_wakeup_fd(-5))
attempt("set_wakeup_fd('a')", lambda: signal.set_wakeup_fd("a"))
attempt("set_wakeup_fd()", lambda: signal.set_wakeup_fd())
attempt("set_wakeup_fd(w, False)", lambda: signal.set_wakeup_fd(w, False))
attempt("set_wakeup_fd(fd=w)", lambda: signal.set_wakeup_fd(fd=w))
attempt("set_wakeup_fd(w, bad=1)", lambda: signal.set_wakeup_fd(w, bad=1))
os.close(r)
os.close(w)
attempt("closed fd", lambda: signal.set_wakeup_fd(w))

# The os functions used above, and their errors.
attempt("os.read(bad)", lambda: os.read(w, 1))
attempt("os.write(str)", lambda: os.write(1, "x"))
attempt("os.read(-1 bytes)", lambda: os.read(0, -1))
attempt("os.close(bad)", lambda: os.close(w))
attempt("os.get_blocking(bad)", lambda: os.get_blocking(w))
attempt("os.kill(no such pid)", lambda: os.kill(2**22 + 12345, 0))
attempt("os.kill(self, 0)", lambda: os.kill(os.getpid(), 0))
attempt("os.kill(one arg)", lambda: os.kill(os.getpid()))
r, w = os.pipe()
print(os.write(w, b"hello"), os.read(r, 3), os.read(r, 10))
os.close(w)
print("at EOF:", os.read(r, 10))
os.close(r)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
signal.signal(signal.SIGUSR2, signal.SIG_DFL)
