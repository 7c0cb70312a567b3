// stdlib/signal_module.cpp: the _signal module, the native half of signal (the frozen
// stdlib/python/signal.py adds CPython's IntEnum views: Signals, Handlers, Sigmasks).
//
// Setting a handler changes two things: the Python handler in the interpreter's table
// (vm/signals.h), which the main thread calls at its next safepoint, and the process's
// C-level disposition (runtime/signals.h): the C handler for a callable, SIG_DFL or
// SIG_IGN otherwise, so that a signal nobody handles kills the process as it would kill
// CPython (exit status 128+n in a shell). The wakeup fd, the timers and the signal masks
// are the kernel's own state, reached through the system calls of the same names.
//
// Handlers may only be set from the main thread (CPython's rule); they always run there.
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmath>
#include <limits>

#include "runtime/gil.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

constexpr int64_t kSigDfl = 0;  // _signal.SIG_DFL, as the handler table stores it
constexpr int64_t kSigIgn = 1;  // _signal.SIG_IGN

vm::SignalHandlers& handler_table() { return vm::current_interpreter()->signal_handlers; }

// A C int argument (CPython's `int` converter): __index__, and C int's range.
bool int_arg(Value v, int* out) {
  auto i = index_as_int64(v);
  if (!i) return false;
  if (*i < std::numeric_limits<int>::min() || *i > std::numeric_limits<int>::max()) {
    raise(&OverflowErrorType, "Python int too large to convert to C int");
    return false;
  }
  *out = int(*i);
  return true;
}

// A signal number argument, checked against 1 .. NSIG-1.
bool signum_arg(Value v, int* out) {
  if (!int_arg(v, out)) return false;
  if (*out < 1 || *out >= kNsig) {
    raise(&ValueErrorType, "signal number out of range");
    return false;
  }
  return true;
}

bool is_exact_int(Value v, int64_t n) { return v.is_small_int() && v.small_int() == n; }

// An iterable of signal numbers -> a sigset_t (CPython's _Py_Sigset_Converter).
bool sigset_arg(Value iterable, sigset_t* out) {
  sigemptyset(out);
  return for_each(iterable, [&](Value item) {
    auto n = index_as_int64(item);
    if (!n) return false;
    if (*n < 1 || *n >= kNsig) {
      raisef(&ValueErrorType, "signal number %lld out of range [1; %d]", (long long)*n, kNsig - 1);
      return false;
    }
    sigaddset(out, int(*n));
    return true;
  });
}

// The members of a sigset_t as a set of ints.
Ref set_of_sigset(const sigset_t& mask) {
  Own<Set> s = set_new();
  for (int i = 1; i < kNsig; ++i) {
    if (sigismember(&mask, i) == 1 && !set_add(s.get(), Value::small_int(i))) return nullptr;
  }
  return s.into_ref();
}

// Fills the handler table from the dispositions the process has (once per interpreter):
// SIG_DFL and SIG_IGN as such, SIGINT's start-up handler as default_int_handler, and None
// for a C handler that Python did not install.
void init_handler_table(Value default_int_handler) {
  vm::SignalHandlers& table = handler_table();
  if (table.ready) return;
  incref(default_int_handler);
  table.default_int_handler = default_int_handler;
  for (int i = 1; i < kNsig; ++i) {
    switch (get_signal_disposition(i)) {
      case SignalDisposition::kDefault: table.handler[i] = Value::small_int(kSigDfl); break;
      case SignalDisposition::kIgnore: table.handler[i] = Value::small_int(kSigIgn); break;
      case SignalDisposition::kTrap:
        if (i == SIGINT) {
          incref(default_int_handler);
          table.handler[i] = default_int_handler;
        } else {
          table.handler[i] = Value::none();
        }
        break;
      case SignalDisposition::kForeign: table.handler[i] = Value::none(); break;
    }
  }
  table.ready = true;
}

// ---- handlers ---------------------------------------------------------------------------

Ref s_signal(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("signal", kwnames) || !check_nargs("signal", nargs, 2, 2)) return nullptr;
  int signum;
  if (!int_arg(args[0], &signum)) return nullptr;
  Value handler = args[1];
  if (!is_main_thread()) return raise(&ValueErrorType, "signal only works in main thread of the main interpreter");
  if (signum < 1 || signum >= kNsig) return raise(&ValueErrorType, "signal number out of range");
  SignalDisposition disposition;
  if (is_exact_int(handler, kSigIgn)) {
    disposition = SignalDisposition::kIgnore;
  } else if (is_exact_int(handler, kSigDfl)) {
    disposition = SignalDisposition::kDefault;
  } else if (is_callable(handler)) {
    disposition = SignalDisposition::kTrap;
  } else {
    return raise(&TypeErrorType, "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object");
  }
  // Signals that arrived under the old handler are handled by it.
  if (!check_signals()) return nullptr;
  if (int err = set_signal_disposition(signum, disposition)) return raise_os_error(err);
  vm::SignalHandlers& table = handler_table();
  Value old = table.handler[signum];
  incref(handler);
  table.handler[signum] = handler;
  if (old.is_null()) return Ref::none();
  return Ref::steal(old);
}

Ref s_getsignal(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getsignal", kwnames) || !check_nargs("getsignal", nargs, 1, 1)) return nullptr;
  int signum;
  if (!signum_arg(args[0], &signum)) return nullptr;
  Value h = handler_table().handler[signum];
  return h.is_null() ? Ref::none() : Ref::borrow(h);
}

Ref s_default_int_handler(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("default_int_handler", kwnames) || !check_nargs("default_int_handler", nargs, 2, 2))
    return nullptr;
  return raise_value(Value::from_obj(&KeyboardInterruptType));
}

// ---- sending signals ----------------------------------------------------------------------

Ref s_raise_signal(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("raise_signal", kwnames) || !check_nargs("raise_signal", nargs, 1, 1)) return nullptr;
  int signum;  // not range-checked: raise(2) itself says EINVAL, and 0 is a valid no-op
  if (!int_arg(args[0], &signum)) return nullptr;
  if (::raise(signum) != 0) return raise_os_error(errno);
  // The handler of a signal sent to this thread runs before raise_signal returns.
  if (!check_signals()) return nullptr;
  return Ref::none();
}

Ref s_pthread_kill(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("pthread_kill", kwnames) || !check_nargs("pthread_kill", nargs, 2, 2)) return nullptr;
  if (!is_int(args[0]))
    return raisef(&TypeErrorType, "pthread_kill() argument 1 must be int, not %s", type_name(args[0]));
  mpz_t z;
  mpz_init(z);
  int_to_mpz(args[0], z);
  // CPython's 'k' converter: the value modulo 2**64.
  mpz_fdiv_r_2exp(z, z, 64);
  uint64_t id = mpz_get_ui(z);
  mpz_clear(z);
  int signum;
  if (!int_arg(args[1], &signum)) return nullptr;
  if (int err = pthread_kill(static_cast<pthread_t>(id), signum)) return raise_os_error(err);
  if (!check_signals()) return nullptr;
  return Ref::none();
}

// ---- waiting for signals --------------------------------------------------------------------

Ref s_pause(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("pause", kwnames) || !check_nargs("pause", nargs, 0, 0)) return nullptr;
  {
    BlockingRegion br(BlockReason::kOther);
    ::pause();
  }
  if (!check_signals()) return nullptr;
  return Ref::none();
}

Ref s_sigwait(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("sigwait", kwnames) || !check_nargs("sigwait", nargs, 1, 1)) return nullptr;
  sigset_t mask;
  if (!sigset_arg(args[0], &mask)) return nullptr;
  int signum = 0, err;
  {
    BlockingRegion br(BlockReason::kOther);
    err = sigwait(&mask, &signum);
  }
  if (err) return raise_os_error(err);
  return make_int(signum);
}

// ---- alarms and interval timers -----------------------------------------------------------------

Ref s_alarm(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("alarm", kwnames) || !check_nargs("alarm", nargs, 1, 1)) return nullptr;
  int seconds;
  if (!int_arg(args[0], &seconds)) return nullptr;
  return make_int(int64_t(::alarm(static_cast<unsigned>(seconds))));
}

// signal.ItimerError(errno, strerror): the module's own OSError subclass.
Ref raise_itimer_error(Value module, int err) {
  Value type = dict_get_cstr(module.as<Module>()->dict, "ItimerError");
  if (type.is_null()) return raise_os_error(err);
  Ref num = make_int(err);
  Ref msg = new_str(strerror(err));
  Value cargs[2] = {num.get(), msg.get()};
  Ref exc = call(type, cargs, 2);
  if (!exc) return nullptr;
  return raise_value(exc.get());
}

// Seconds (int or float, rounded up to the microsecond as CPython's) -> timeval.
bool timeval_arg(Value v, struct timeval* out) {
  double secs;
  if (is_int(v)) {
    auto i = index_as_int64(v);
    if (!i) return false;
    out->tv_sec = time_t(*i);
    out->tv_usec = 0;
    return true;
  }
  if (!is_instance_of_type(v, &FloatType)) {
    index_as_int64(v);  // the TypeError CPython gives
    return false;
  }
  if (!as_double(v, &secs)) return false;
  if (std::isnan(secs)) {
    raise(&ValueErrorType, "Invalid value NaN (not a number)");
    return false;
  }
  double whole = std::floor(secs);
  double usec = std::ceil((secs - whole) * 1e6);
  if (whole >= 9.2e18 || whole <= -9.2e18) {
    raise(&OverflowErrorType, "timestamp out of range for platform time_t");
    return false;
  }
  out->tv_sec = time_t(whole);
  out->tv_usec = suseconds_t(usec);
  if (out->tv_usec >= 1000000) {
    out->tv_sec += 1;
    out->tv_usec -= 1000000;
  }
  return true;
}

Ref itimer_tuple(const struct itimerval& v) {
  return make_tuple(make_float(double(v.it_value.tv_sec) + double(v.it_value.tv_usec) * 1e-6),
                    make_float(double(v.it_interval.tv_sec) + double(v.it_interval.tv_usec) * 1e-6));
}

Ref s_setitimer(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("setitimer", kwnames) || !check_nargs("setitimer", nargs, 2, 3)) return nullptr;
  int which;
  if (!int_arg(args[0], &which)) return nullptr;
  struct itimerval new_value {}, old_value {};
  if (!timeval_arg(args[1], &new_value.it_value)) return nullptr;
  if (nargs == 3 && !timeval_arg(args[2], &new_value.it_interval)) return nullptr;
  if (setitimer(which, &new_value, &old_value) != 0) return raise_itimer_error(self, errno);
  return itimer_tuple(old_value);
}

Ref s_getitimer(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getitimer", kwnames) || !check_nargs("getitimer", nargs, 1, 1)) return nullptr;
  int which;
  if (!int_arg(args[0], &which)) return nullptr;
  struct itimerval value {};
  if (getitimer(which, &value) != 0) return raise_itimer_error(self, errno);
  return itimer_tuple(value);
}

// ---- the wakeup fd and restarting ----------------------------------------------------------------

Ref s_set_wakeup_fd(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nargs > 1) return raisef(&TypeErrorType, "set_wakeup_fd() takes at most 1 positional argument (%zu given)", nargs);
  if (nargs < 1)
    return raisef(&TypeErrorType, "set_wakeup_fd() takes exactly 1 positional argument (%zu given)", nargs);
  Value warn = Value::true_();
  for (size_t i = 0; i < nkw; ++i) {
    std::string key = utf8_of(kwnames->items[i]);
    if (key != "warn_on_full_buffer")
      return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for set_wakeup_fd()", key.c_str());
    warn = args[nargs + i];
  }
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  int warn_on_full = truthy(warn);
  if (warn_on_full < 0) return nullptr;
  if (!is_main_thread())
    return raise(&ValueErrorType, "set_wakeup_fd only works in main thread of the main interpreter");
  if (fd != -1) {
    struct stat st;
    if (fstat(fd, &st) != 0) return raise_os_error(errno);
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return raise_os_error(errno);
    // The C handler must never block on a full pipe.
    if (!(flags & O_NONBLOCK)) return raisef(&ValueErrorType, "the fd %d must be in non-blocking mode", fd);
  }
  signal_trap.wakeup_warn_on_full_buffer.store(warn_on_full == 1);
  int old = signal_trap.wakeup_fd.exchange(fd);
  return make_int(old);
}

Ref s_siginterrupt(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("siginterrupt", kwnames) || !check_nargs("siginterrupt", nargs, 2, 2)) return nullptr;
  int signum, flag;
  if (!signum_arg(args[0], &signum) || !int_arg(args[1], &flag)) return nullptr;
  struct sigaction act {};
  sigaction(signum, nullptr, &act);
  if (flag) act.sa_flags &= ~SA_RESTART;
  else act.sa_flags |= SA_RESTART;
  if (sigaction(signum, &act, nullptr) != 0) return raise_os_error(errno);
  return Ref::none();
}

// ---- masks and information ---------------------------------------------------------------------

Ref s_pthread_sigmask(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("pthread_sigmask", kwnames) || !check_nargs("pthread_sigmask", nargs, 2, 2)) return nullptr;
  int how;
  if (!int_arg(args[0], &how)) return nullptr;
  sigset_t mask, previous;
  if (!sigset_arg(args[1], &mask)) return nullptr;
  if (int err = pthread_sigmask(how, &mask, &previous)) return raise_os_error(err);
  // A signal that was pending while blocked is delivered now: run its handler.
  if (!check_signals()) return nullptr;
  return set_of_sigset(previous);
}

Ref s_sigpending(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("sigpending", kwnames) || !check_nargs("sigpending", nargs, 0, 0)) return nullptr;
  sigset_t mask;
  if (sigpending(&mask) != 0) return raise_os_error(errno);
  return set_of_sigset(mask);
}

Ref s_valid_signals(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("valid_signals", kwnames) || !check_nargs("valid_signals", nargs, 0, 0)) return nullptr;
  sigset_t mask;
  if (sigfillset(&mask) != 0) return raise_os_error(errno);
  return set_of_sigset(mask);
}

Ref s_strsignal(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("strsignal", kwnames) || !check_nargs("strsignal", nargs, 1, 1)) return nullptr;
  int signum;
  if (!signum_arg(args[0], &signum)) return nullptr;
  // strsignal's text lives in a buffer of its own for numbers without a fixed one; the
  // GIL keeps other Python threads from calling it meanwhile.
  errno = 0;
  const char* text = strsignal(signum);
  if (errno || !text || strstr(text, "Unknown signal")) return Ref::none();
  return new_str(text);
}

const MethodDef signal_functions[] = {
    {"signal", s_signal, 0,
     "Set the action for the given signal.\n\nThe action can be SIG_DFL, SIG_IGN, or a callable Python object.\n"
     "The previous action is returned.  See getsignal() for possible return values.\n\n*** IMPORTANT NOTICE ***\n"
     "A signal handler function is called with two arguments:\nthe first is the signal number, the second is the "
     "interrupted stack frame."},
    {"getsignal", s_getsignal, 0,
     "Return the current action for the given signal.\n\nThe return value can be:\n  SIG_IGN -- if the signal is "
     "being ignored\n  SIG_DFL -- if the default action for the signal is in effect\n  None    -- if an unknown "
     "handler is in effect\n  anything else -- the callable Python object used as a handler"},
    {"raise_signal", s_raise_signal, 0, "Send a signal to the executing process."},
    {"pthread_kill", s_pthread_kill, 0, "Send a signal to a thread."},
    {"pause", s_pause, 0, "Wait until a signal arrives."},
    {"sigwait", s_sigwait, 0,
     "Wait for a signal.\n\nSuspend execution of the calling thread until the delivery of one of the\nsignals "
     "specified in the signal set sigset.  The function accepts the signal\nand returns the signal number."},
    {"alarm", s_alarm, 0, "Arrange for SIGALRM to arrive after the given number of seconds."},
    {"setitimer", s_setitimer, 0,
     "Sets given itimer (one of ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF).\n\nThe timer will fire after value "
     "seconds and after that every interval seconds.\nThe itimer can be cleared by setting seconds to zero.\n\n"
     "Returns old values as a tuple: (delay, interval)."},
    {"getitimer", s_getitimer, 0, "Returns current value of given itimer."},
    {"set_wakeup_fd", s_set_wakeup_fd, 0,
     "set_wakeup_fd(fd, *, warn_on_full_buffer=True) -> fd\n\nSets the fd to be written to (with the signal "
     "number) when a signal\ncomes in.  A library can use this to wakeup select or poll.\nThe previous fd or -1 is "
     "returned.\n\nThe fd must be non-blocking."},
    {"siginterrupt", s_siginterrupt, 0,
     "Change system call restart behaviour.\n\nIf flag is False, system calls will be restarted when interrupted "
     "by\nsignal sig, else system calls will be interrupted."},
    {"pthread_sigmask", s_pthread_sigmask, 0, "Fetch and/or change the signal mask of the calling thread."},
    {"sigpending", s_sigpending, 0,
     "Examine pending signals.\n\nReturns a set of signal numbers that are pending for delivery to\nthe calling "
     "thread."},
    {"valid_signals", s_valid_signals, 0,
     "Return a set of valid signal numbers on this platform.\n\nThe signal numbers returned by this function can be "
     "safely passed to\nfunctions like `pthread_sigmask`."},
    {"strsignal", s_strsignal, 0,
     "Return the system description of the given signal.\n\nReturns the description of signal *signalnum*, such as "
     "\"Interrupt\"\nfor :const:`SIGINT`. Returns :const:`None` if *signalnum* has no\ndescription. Raises "
     ":exc:`ValueError` if *signalnum* is invalid."},
    {nullptr}};

const MethodDef default_int_handler_def = {"default_int_handler", s_default_int_handler, 0,
                                           "The default handler for SIGINT installed by Python.\n\n"
                                           "It raises KeyboardInterrupt."};

// The signal numbers by name, as Linux defines them (aliases included).
struct NamedSignal {
  const char* name;
  int number;
};
const NamedSignal kSignalNames[] = {
    {"SIGHUP", SIGHUP},       {"SIGINT", SIGINT},       {"SIGQUIT", SIGQUIT},     {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP},     {"SIGABRT", SIGABRT},     {"SIGIOT", SIGIOT},       {"SIGBUS", SIGBUS},
    {"SIGFPE", SIGFPE},       {"SIGKILL", SIGKILL},     {"SIGUSR1", SIGUSR1},     {"SIGSEGV", SIGSEGV},
    {"SIGUSR2", SIGUSR2},     {"SIGPIPE", SIGPIPE},     {"SIGALRM", SIGALRM},     {"SIGTERM", SIGTERM},
    {"SIGSTKFLT", SIGSTKFLT}, {"SIGCHLD", SIGCHLD},     {"SIGCLD", SIGCHLD},      {"SIGCONT", SIGCONT},
    {"SIGSTOP", SIGSTOP},     {"SIGTSTP", SIGTSTP},     {"SIGTTIN", SIGTTIN},     {"SIGTTOU", SIGTTOU},
    {"SIGURG", SIGURG},       {"SIGXCPU", SIGXCPU},     {"SIGXFSZ", SIGXFSZ},     {"SIGVTALRM", SIGVTALRM},
    {"SIGPROF", SIGPROF},     {"SIGWINCH", SIGWINCH},   {"SIGIO", SIGIO},         {"SIGPOLL", SIGPOLL},
    {"SIGPWR", SIGPWR},       {"SIGSYS", SIGSYS},
};

bool add_int(Module* m, const char* name, int64_t value) {
  Ref v = make_int(value);
  return v && module_add(m, name, v.get());
}

// class signal.itimer_error(OSError)
Ref make_itimer_error_type() {
  Own<Str> name = str_from_utf8("itimer_error");
  Own<Tuple> bases = tuple_from({Value::from_obj(&OSErrorType)});
  Own<Dict> ns = dict_new();
  Own<Str> module = str_from_utf8("signal");
  if (!dict_set_str(ns.get(), "__module__", module.value())) return nullptr;
  return type_new(&TypeType, name.get(), bases.get(), ns.get());
}

}  // namespace

Ref create_signal_module() {
  Own<Module> m = module_new("_signal");
  if (!module_add_functions(m.get(), signal_functions)) return nullptr;
  // default_int_handler is made once per interpreter: the handler table holds it, and
  // getsignal(SIGINT) must stay `is` signal.default_int_handler after a re-import.
  vm::SignalHandlers& table = handler_table();
  Ref dih = table.ready ? Ref::borrow(table.default_int_handler) : builtin_function_new(&default_int_handler_def, m.value());
  if (!dih) return nullptr;
  init_handler_table(dih.get());
  module_add(m.get(), "default_int_handler", dih.get());
  for (const NamedSignal& s : kSignalNames)
    if (!add_int(m.get(), s.name, s.number)) return nullptr;
  if (!add_int(m.get(), "SIGRTMIN", SIGRTMIN) || !add_int(m.get(), "SIGRTMAX", SIGRTMAX) ||
      !add_int(m.get(), "NSIG", kNsig) || !add_int(m.get(), "SIG_DFL", kSigDfl) ||
      !add_int(m.get(), "SIG_IGN", kSigIgn) || !add_int(m.get(), "SIG_BLOCK", SIG_BLOCK) ||
      !add_int(m.get(), "SIG_UNBLOCK", SIG_UNBLOCK) || !add_int(m.get(), "SIG_SETMASK", SIG_SETMASK) ||
      !add_int(m.get(), "ITIMER_REAL", ITIMER_REAL) || !add_int(m.get(), "ITIMER_VIRTUAL", ITIMER_VIRTUAL) ||
      !add_int(m.get(), "ITIMER_PROF", ITIMER_PROF))
    return nullptr;
  Ref itimer_error = make_itimer_error_type();
  if (!itimer_error) return nullptr;
  module_add(m.get(), "ItimerError", itimer_error.get());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
