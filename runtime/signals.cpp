// runtime/signals.cpp: the C signal handler, the dispositions it is installed with, and
// check_signals, which blocking calls use to hand tripped signals to the Python half.
// The design is told at the top of runtime/signals.h.
#include "runtime/signals.h"

#include <errno.h>
#include <pthread.h>
#include <unistd.h>

#include "runtime/errors.h"
#include "runtime/thread_state.h"

namespace gilpy::rt {

SignalTrap signal_trap;
std::atomic<bool>& signals_pending = signal_trap.any_tripped;
void (*signal_request_hook)() = nullptr;
bool (*signal_dispatch_hook)() = nullptr;

namespace {

pthread_t g_main_thread;
bool g_main_thread_set = false;

// The C handler. Async-signal-safe: atomics, one write(2), and errno left as it was
// (the interrupted code may be about to read it).
void c_signal_handler(int signum) {
  int saved_errno = errno;
  trip_signal(signum);
  int fd = signal_trap.wakeup_fd.load();
  if (fd >= 0) {
    unsigned char byte = static_cast<unsigned char>(signum);
    if (::write(fd, &byte, 1) < 0) {
      int err = errno;
      bool full = err == EAGAIN || err == EWOULDBLOCK;
      // A full buffer is expected when nobody drains the fd: report it only if asked.
      if (!full || signal_trap.wakeup_warn_on_full_buffer.load()) signal_trap.wakeup_errno.store(err);
    }
  }
  errno = saved_errno;
}

}  // namespace

void mark_main_thread() {
  g_main_thread = pthread_self();
  g_main_thread_set = true;
  if (ThreadState* ts = ThreadState::current()) ts->is_main = true;
}

bool is_main_thread() { return g_main_thread_set && pthread_equal(pthread_self(), g_main_thread); }

void trip_signal(int signum) {
  if (signum < 1 || signum >= kNsig) return;
  // The flag first, then the summary: a reader that sees any_tripped finds the flag.
  signal_trap.tripped[signum].store(true);
  signal_trap.any_tripped.store(true);
  if (signal_request_hook) signal_request_hook();
}

int set_signal_disposition(int signum, SignalDisposition d) {
  struct sigaction sa {};
  switch (d) {
    case SignalDisposition::kDefault: sa.sa_handler = SIG_DFL; break;
    case SignalDisposition::kIgnore: sa.sa_handler = SIG_IGN; break;
    case SignalDisposition::kTrap: sa.sa_handler = c_signal_handler; break;
    case SignalDisposition::kForeign: return EINVAL;
  }
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a blocking call returns EINTR, so the Python handler runs promptly
  // (signal.siginterrupt(n, False) asks for restarting). SA_ONSTACK as CPython: code
  // with an alternate signal stack keeps using it.
  sa.sa_flags = SA_ONSTACK;
  return sigaction(signum, &sa, nullptr) == 0 ? 0 : errno;
}

SignalDisposition get_signal_disposition(int signum) {
  struct sigaction old {};
  if (sigaction(signum, nullptr, &old) != 0) return SignalDisposition::kDefault;
  if (old.sa_flags & SA_SIGINFO) return SignalDisposition::kForeign;
  if (old.sa_handler == SIG_DFL) return SignalDisposition::kDefault;
  if (old.sa_handler == SIG_IGN) return SignalDisposition::kIgnore;
  if (old.sa_handler == c_signal_handler) return SignalDisposition::kTrap;
  return SignalDisposition::kForeign;
}

void install_default_signal_handlers() {
  if (get_signal_disposition(SIGINT) == SignalDisposition::kDefault)
    set_signal_disposition(SIGINT, SignalDisposition::kTrap);
  set_signal_disposition(SIGPIPE, SignalDisposition::kIgnore);
  set_signal_disposition(SIGXFSZ, SignalDisposition::kIgnore);
}

bool check_signals() {
  if (!signal_trap.any_tripped.load() || !is_main_thread()) return true;
  if (signal_dispatch_hook) return signal_dispatch_hook();
  // No VM to run Python handlers (runtime unit tests): SIGINT's default, the rest dropped.
  signal_trap.any_tripped.store(false);
  bool interrupt = false;
  for (int i = 1; i < kNsig; ++i)
    if (signal_trap.tripped[i].exchange(false) && i == SIGINT) interrupt = true;
  if (!interrupt) return true;
  raise_value(Value::from_obj(&KeyboardInterruptType));
  return false;
}

}  // namespace gilpy::rt
