# signal: constants and their IntEnum views, the start-up handlers, signal/getsignal
# round trips, SIG_IGN, and CPython's error messages.
import os
import signal


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except BaseException as e:
        print(label, "->", type(e).__name__ + ":", e)


# Constants: the Signals / Handlers / Sigmasks members.
print(repr(signal.SIGINT), str(signal.SIGINT), f"{signal.SIGINT}", f"[{signal.SIGTERM:>4}]", "%d" % signal.SIGUSR1)
print(repr(signal.SIG_DFL), repr(signal.SIG_IGN), str(signal.SIG_IGN))
print(repr(signal.SIG_BLOCK), repr(signal.SIG_UNBLOCK), repr(signal.SIG_SETMASK))
print(signal.NSIG, type(signal.NSIG).__name__, signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF)
print(signal.SIGINT == 2, signal.SIGINT + 1, type(signal.SIGINT + 1).__name__, hash(signal.SIGTERM) == hash(15))
print(isinstance(signal.SIGINT, int), isinstance(signal.SIGINT, signal.Signals), type(signal.SIGINT).__name__)
print(signal.Signals(2), repr(signal.Signals(2)), signal.Signals(2) is signal.SIGINT, signal.Signals(2.0))
print(signal.Signals["SIGTERM"], signal.Signals.SIGHUP, signal.Signals.SIGINT.name, signal.Signals.SIGINT.value)
print(type(signal.Signals.SIGINT.value).__name__, signal.Handlers(1), signal.Sigmasks(2).name)
print(repr(signal.Signals), repr(signal.Handlers), signal.Signals.__name__, signal.Signals.__module__)
print("aliases:", repr(signal.SIGIOT), repr(signal.SIGCLD), repr(signal.SIGPOLL), signal.Signals["SIGIOT"].name)
print(len(signal.Signals), list(signal.Handlers), list(signal.Sigmasks))
print([s.name for s in signal.Signals][:8], repr(list(signal.Signals)[-1]))
print(list(signal.Signals.__members__)[5:8], signal.Signals.__members__["SIGCLD"])
print(signal.SIGINT in signal.Signals, signal.SIG_IGN in signal.Signals)
print(sorted([signal.SIGTERM, signal.SIGINT, signal.SIGHUP]))
print(signal.SIGRTMIN, signal.SIGRTMAX, signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD, signal.SIGWINCH)
attempt("Signals(1000)", lambda: signal.Signals(1000))
attempt("Signals('SIGINT')", lambda: signal.Signals("SIGINT"))
attempt("Signals['NOPE']", lambda: signal.Signals["NOPE"])
attempt("5 in Signals", lambda: 5 in signal.Signals)

# Start-up handlers: SIGINT's default raises KeyboardInterrupt, SIGPIPE and SIGXFSZ are
# ignored, the rest have the default action.
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, repr(signal.default_int_handler))
print(repr(signal.getsignal(signal.SIGPIPE)), repr(signal.getsignal(signal.SIGXFSZ)))
# (Not SIGHUP or SIGQUIT: nohup and background jobs start us with those ignored; not
# SIGSEGV, which the sanitizers catch.)
print([signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM,
                                     signal.SIGCHLD, signal.SIGWINCH, signal.SIGURG, signal.SIGRTMIN)])
attempt("default_int_handler(2, None)", lambda: signal.default_int_handler(2, None))
attempt("default_int_handler()", lambda: signal.default_int_handler())

# SIGPIPE ignored: writing to a pipe nobody reads raises instead of killing the process.
r, w = os.pipe()
os.close(r)
attempt("write to a closed pipe", lambda: os.write(w, b"x"))
os.close(w)


# signal() returns the previous handler; getsignal agrees.
def on_usr1(signum, frame):
    print("on_usr1", signum)


print(repr(signal.signal(signal.SIGUSR1, on_usr1)))
print(signal.getsignal(signal.SIGUSR1) is on_usr1)
print(signal.signal(signal.SIGUSR1, signal.SIG_IGN) is on_usr1)
print(repr(signal.getsignal(signal.SIGUSR1)))
os.kill(os.getpid(), signal.SIGUSR1)  # ignored: nothing happens
signal.raise_signal(signal.SIGUSR1)
print("still alive after ignored SIGUSR1")
print(repr(signal.signal(signal.SIGUSR1, 0)), repr(signal.signal(signal.SIGUSR1, signal.SIG_DFL)))
print(repr(signal.signal(signal.SIGUSR2, True)), repr(signal.getsignal(signal.SIGUSR2)))
signal.signal(signal.SIGUSR2, signal.SIG_DFL)
print(repr(signal.signal(signal.Signals.SIGUSR1, on_usr1)))
signal.raise_signal(signal.SIGUSR1)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
print(signal.signal(signal.SIGUSR1, print) is signal.SIG_DFL)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)

# Errors, with CPython's messages.
h = lambda s, f: None
attempt("signal(0, h)", lambda: signal.signal(0, h))
attempt("signal(NSIG, h)", lambda: signal.signal(signal.NSIG, h))
attempt("signal(-1, h)", lambda: signal.signal(-1, h))
attempt("signal(USR1, 5)", lambda: signal.signal(signal.SIGUSR1, 5))
attempt("signal(USR1, None)", lambda: signal.signal(signal.SIGUSR1, None))
attempt("signal(USR1, 'x')", lambda: signal.signal(signal.SIGUSR1, "x"))
attempt("signal('x', h)", lambda: signal.signal("x", h))
attempt("signal(KILL, h)", lambda: signal.signal(signal.SIGKILL, h))
attempt("signal(STOP, SIG_IGN)", lambda: signal.signal(signal.SIGSTOP, signal.SIG_IGN))
attempt("signal(KILL, SIG_DFL)", lambda: signal.signal(signal.SIGKILL, signal.SIG_DFL))
attempt("signal(USR1)", lambda: signal.signal(signal.SIGUSR1))
attempt("getsignal(0)", lambda: signal.getsignal(0))
attempt("getsignal(99)", lambda: signal.getsignal(99))
attempt("getsignal('a')", lambda: signal.getsignal("a"))
attempt("getsignal(KILL)", lambda: signal.getsignal(signal.SIGKILL))
attempt("raise_signal(0)", lambda: signal.raise_signal(0))
attempt("raise_signal(99)", lambda: signal.raise_signal(99))
attempt("raise_signal('a')", lambda: signal.raise_signal("a"))
attempt("siginterrupt(0, 1)", lambda: signal.siginterrupt(0, 1))
attempt("siginterrupt(USR1, 1)", lambda: signal.siginterrupt(signal.SIGUSR1, 1))
attempt("siginterrupt(USR1, 0)", lambda: signal.siginterrupt(signal.SIGUSR1, 0))
attempt("pthread_sigmask(5, [])", lambda: signal.pthread_sigmask(5, []))
attempt("pthread_sigmask(BLOCK, [0])", lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [0]))
attempt("pthread_sigmask(BLOCK, [NSIG])", lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [signal.NSIG]))
attempt("pthread_sigmask(BLOCK, ['a'])", lambda: signal.pthread_sigmask(signal.SIG_BLOCK, ["a"]))
attempt("pthread_sigmask(BLOCK, 5)", lambda: signal.pthread_sigmask(signal.SIG_BLOCK, 5))
attempt("pthread_sigmask(BLOCK, [])", lambda: signal.pthread_sigmask(signal.SIG_BLOCK, []))
attempt("pthread_kill(self, 0)", lambda: signal.pthread_kill(__import__("threading").get_ident(), 0))
attempt("pthread_kill(self, 99)", lambda: signal.pthread_kill(__import__("threading").get_ident(), 99))
attempt("pthread_kill('a', 0)", lambda: signal.pthread_kill("a", 0))
attempt("sigwait(5)", lambda: signal.sigwait(5))
attempt("sigpending()", lambda: signal.sigpending())

# sigwait takes a blocked, pending signal without running its handler.
signal.signal(signal.SIGUSR1, on_usr1)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
signal.raise_signal(signal.SIGUSR1)
print("pending:", signal.sigpending())
print("sigwait:", repr(signal.sigwait([signal.SIGUSR1, signal.SIGUSR2])), signal.sigpending())
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
print("mask mixes ints and members:", sorted(signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2, 34})))
print("mask now:", sorted(signal.pthread_sigmask(signal.SIG_SETMASK, [])))

# strsignal and valid_signals.
for n in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL, signal.SIGUSR1, signal.SIGCHLD, 32, signal.SIGRTMIN, 64):
    attempt(f"strsignal({int(n)})", lambda: signal.strsignal(n))
attempt("strsignal(0)", lambda: signal.strsignal(0))
attempt("strsignal(65)", lambda: signal.strsignal(65))
valid = signal.valid_signals()
print(type(valid).__name__, len(valid), sorted(valid)[:3], 32 in valid, 33 in valid, repr(max(valid)))
print(signal.signal.__doc__.splitlines()[0], "|", signal.valid_signals.__doc__.splitlines()[0])
