# signal: Python handlers run in the main thread, in signal-number order; an exception a
# handler raises comes out where the program was; SIGINT's default handler; a handler
# that replaces itself; _thread.interrupt_main.
import _thread
import os
import signal
import threading

log = []


def record(signum, frame):
    log.append(signal.Signals(signum).name)


def nop():
    pass


# os.kill and raise_signal: the handler runs before the call returns.
signal.signal(signal.SIGUSR1, record)
os.kill(os.getpid(), signal.SIGUSR1)
print("after os.kill:", log)
signal.raise_signal(signal.SIGUSR1)
print("after raise_signal:", log)
signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
print("after pthread_kill:", log)
log.clear()


# The handler gets the plain int and runs in the main thread.
def where(signum, frame):
    print("handler:", repr(signum), type(signum).__name__, threading.current_thread().name)


signal.signal(signal.SIGUSR2, where)
signal.raise_signal(signal.SIGUSR2)

# Several signals at once: handled in signal-number order, whatever order they came in.
for s in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGWINCH):
    signal.signal(s, record)
blocked = [signal.SIGWINCH, signal.SIGALRM, signal.SIGUSR2, signal.SIGUSR1]
print("mask before:", sorted(signal.pthread_sigmask(signal.SIG_BLOCK, blocked)))
for s in blocked:
    os.kill(os.getpid(), s)
print("while blocked:", log, sorted(signal.sigpending()))
print("unblocked:", sorted(signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)))
print("order:", log)
log.clear()


# A handler that raises: the exception comes out of the call that was running; the
# signals after it in the round stay pending and run at the next safepoint.
class Stop(Exception):
    pass


def boom(signum, frame):
    raise Stop(f"from handler {signum}")


signal.signal(signal.SIGUSR1, boom)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGUSR2])
os.kill(os.getpid(), signal.SIGUSR2)
os.kill(os.getpid(), signal.SIGUSR1)
try:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1, signal.SIGUSR2])
    print("not reached")
except Stop as e:
    caught = e
nop()  # a safepoint at the latest: SIGUSR2's handler has run
print("caught:", caught, "then:", log)
log.clear()


# Raised inside a function: it propagates out of it.
def spin():
    signal.raise_signal(signal.SIGUSR1)
    for i in range(10):
        pass


try:
    spin()
except Stop as e:
    print("from spin:", e)


# SIGINT's default handler raises KeyboardInterrupt where the program is.
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", repr(e.args))
try:
    os.kill(os.getpid(), signal.SIGINT)
    for i in range(1000):
        pass
    print("not reached")
except KeyboardInterrupt:
    print("KeyboardInterrupt from os.kill")

# A Python handler for SIGINT replaces KeyboardInterrupt; putting the default back restores it.
old = signal.signal(signal.SIGINT, record)
print(old is signal.default_int_handler)
signal.raise_signal(signal.SIGINT)
print("log:", log)
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print("KeyboardInterrupt again")
log.clear()

# _thread.interrupt_main: SIGINT by default, or any signal with a Python handler; nothing
# for a signal whose handler is SIG_DFL or SIG_IGN.
try:
    _thread.interrupt_main()
    nop()
    print("not reached")
except KeyboardInterrupt:
    print("interrupt_main -> KeyboardInterrupt")
signal.signal(signal.SIGUSR1, record)
_thread.interrupt_main(signal.SIGUSR1)
nop()
print("interrupt_main(SIGUSR1):", log)
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
_thread.interrupt_main(signal.SIGUSR2)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
_thread.interrupt_main(signal.SIGTERM)
nop()
print("ignored ones:", log)
try:
    _thread.interrupt_main(0)
except ValueError as e:
    print("interrupt_main(0):", e)
log.clear()


# A handler that replaces itself, and one that sends another signal.
def once(signum, frame):
    log.append("once")
    signal.signal(signum, signal.SIG_IGN)


def chain(signum, frame):
    log.append("chain")
    signal.raise_signal(signal.SIGUSR1)


signal.signal(signal.SIGUSR1, once)
signal.signal(signal.SIGUSR2, chain)
signal.raise_signal(signal.SIGUSR2)
signal.raise_signal(signal.SIGUSR1)
print("self-replacing:", log, repr(signal.getsignal(signal.SIGUSR1)))

# A callable object and a bound method are handlers too.
class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, signum, frame):
        self.n += 1

    def method(self, signum, frame):
        self.n += 10


c = Counter()
signal.signal(signal.SIGUSR1, c)
signal.raise_signal(signal.SIGUSR1)
signal.signal(signal.SIGUSR1, c.method)
signal.raise_signal(signal.SIGUSR1)
print("counter:", c.n)
for s in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGWINCH):
    signal.signal(s, signal.SIG_DFL)
print("done")
