# signal: alarm and interval timers interrupting blocking calls. A handler that returns
# lets the call go on for the time left (PEP 475); one that raises ends it.
import signal
import time

log = []


def on_alarm(signum, frame):
    log.append(signal.Signals(signum).name)


class Timeout(Exception):
    pass


def raise_timeout(signum, frame):
    raise Timeout("too slow")


signal.signal(signal.SIGALRM, on_alarm)

# alarm(): returns the seconds left of the previous alarm.
print("alarm(5):", signal.alarm(5))
print("alarm(0) leaves:", signal.alarm(0) in (4, 5))
print("alarm(0) again:", signal.alarm(0))

# setitimer / getitimer: old values come back as (delay, interval) floats.
print("getitimer idle:", signal.getitimer(signal.ITIMER_REAL))
print("setitimer idle:", signal.setitimer(signal.ITIMER_REAL, 10, 2.5))
delay, interval = signal.getitimer(signal.ITIMER_REAL)
print("running:", 9 < delay <= 10, interval)
old = signal.setitimer(signal.ITIMER_REAL, 0)
print("cancelled:", 9 < old[0] <= 10, old[1], signal.getitimer(signal.ITIMER_REAL))
for f in (lambda: signal.setitimer(99, 1), lambda: signal.setitimer(signal.ITIMER_REAL, -1),
          lambda: signal.getitimer(-5), lambda: signal.setitimer(signal.ITIMER_REAL, "a"),
          lambda: signal.alarm("a"), lambda: signal.alarm(1.5)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e, isinstance(e, OSError))
print(signal.ItimerError.__name__, signal.ItimerError.__module__, signal.ItimerError.__mro__[1].__name__)
try:
    signal.getitimer(12345)
except signal.ItimerError as e:
    print("ItimerError errno:", e.errno, e.strerror)

# A timer interrupts time.sleep; the handler returns, so the sleep goes on to the end.
start = time.monotonic()
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.3)
took = time.monotonic() - start
print("sleep resumed:", log, took >= 0.29)
log.clear()

# A handler that raises ends the sleep early with its exception.
signal.signal(signal.SIGALRM, raise_timeout)
start = time.monotonic()
try:
    signal.setitimer(signal.ITIMER_REAL, 0.05)  # in the try: it may fire before the sleep
    time.sleep(5)
except Timeout as e:
    print("sleep interrupted:", e, time.monotonic() - start < 2)

# The same for a busy loop: the exception comes out of the loop.
n = 0
try:
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    while True:
        n += 1
except Timeout as e:
    print("loop interrupted:", e)

# A repeating timer: the handler runs once a period.
signal.signal(signal.SIGALRM, on_alarm)
signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
deadline = time.monotonic() + 10
while len(log) < 3 and time.monotonic() < deadline:
    time.sleep(0.01)
signal.setitimer(signal.ITIMER_REAL, 0)
print("repeating:", log[:3])
log.clear()

# pause() returns once a signal's handler has run. (The timer repeats: should the first
# expiry come before pause() starts on a loaded machine, the next one still ends it.)
signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
print("pause:", signal.pause(), log[:1])
signal.setitimer(signal.ITIMER_REAL, 0)
log.clear()

# alarm() with whole seconds, interrupting a sleep.
signal.signal(signal.SIGALRM, raise_timeout)
start = time.monotonic()
try:
    signal.alarm(1)
    time.sleep(10)
except Timeout as e:
    print("alarm fired:", e, 0.5 < time.monotonic() - start < 5)
signal.signal(signal.SIGALRM, on_alarm)

# ITIMER_PROF and ITIMER_VIRTUAL count CPU time: a busy loop sees them fire.
for which, signum in ((signal.ITIMER_PROF, signal.SIGPROF), (signal.ITIMER_VIRTUAL, signal.SIGVTALRM)):
    signal.signal(signum, on_alarm)
    signal.setitimer(which, 0.01, 0.01)
    deadline = time.monotonic() + 20
    while not log and time.monotonic() < deadline:
        sum(range(1000))
    signal.setitimer(which, 0)
    signal.signal(signum, signal.SIG_DFL)
    print("cpu timer:", log[:1])
    log.clear()
signal.signal(signal.SIGALRM, signal.SIG_DFL)
