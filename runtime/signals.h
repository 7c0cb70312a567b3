// runtime/signals.h: the C half of signal handling: what happens when the kernel
// delivers a signal, and what a blocking call asks about it afterwards.
//
// A signal interrupts whatever the process was doing, on whichever thread the kernel
// picked, possibly in the middle of an allocation or with the GIL held by someone else.
// So the C handler (signals.cpp) does only async-signal-safe things: it sets the
// signal's `tripped` flag and `any_tripped` (lock-free atomics), trips the eval breaker
// through `signal_request_hook` (one atomic OR), and writes the signal number as one
// byte to the wakeup fd when one is set (signal.set_wakeup_fd). Nothing else.
//
// The Python half runs later, on the main thread only, with the GIL: at the eval loop's
// next safepoint (vm/pending.cpp) or when a blocking call on the main thread comes back
// with EINTR (check_signals). It calls the Python handlers of the tripped signals in
// signal-number order (vm/signals.cpp; the handler table lives in the interpreter).
//
// The C handler gets nothing but the signal number, so the place it writes cannot be
// reached through a thread state or the interpreter: `signal_trap` is the one
// process-wide struct it knows, and it holds nothing but those atomics.
#pragma once

#include <signal.h>

#include <atomic>

namespace gilpy::rt {

constexpr int kNsig = NSIG;  // signal numbers are 1 .. kNsig - 1 (signal.NSIG)

// THE FIXED PLACE THE C HANDLER WRITES (see above). Written by the handler, read and
// cleared by the main thread with the GIL.
struct SignalTrap {
  std::atomic<bool> any_tripped{false};   // some tripped[] may be set: the fast test
  std::atomic<bool> tripped[kNsig] = {};  // this signal arrived and awaits its Python handler
  std::atomic<int> wakeup_fd{-1};         // signal.set_wakeup_fd's fd, or -1
  std::atomic<bool> wakeup_warn_on_full_buffer{true};
  std::atomic<int> wakeup_errno{0};       // a failed wakeup write, reported by the main thread
};
extern SignalTrap signal_trap;

// `signal_trap.any_tripped` under the name blocking waits have always polled.
extern std::atomic<bool>& signals_pending;
// Set by vm/: trips the eval breaker's signal bit (async-signal-safe: one atomic OR).
extern void (*signal_request_hook)();
// Set by vm/: runs the Python handlers of the tripped signals (main thread, GIL held).
// Returns false with the exception a handler raised pending.
extern bool (*signal_dispatch_hook)();

// Whether the calling thread is the main thread (the one that created the interpreter).
bool is_main_thread();
void mark_main_thread();

// Marks `signum` as arrived, exactly as the C handler does (without the wakeup write):
// _thread.interrupt_main, and the handler itself.
void trip_signal(int signum);

// The start-up dispositions, as CPython's: the C handler on SIGINT (unless SIGINT is
// ignored already, as in a background job of a shell), and SIGPIPE and SIGXFSZ ignored,
// so that writing to a closed pipe or socket raises BrokenPipeError instead of killing
// the process. The command line calls it once.
void install_default_signal_handlers();

// What the process does on `signum` at the C level.
enum class SignalDisposition { kDefault, kIgnore, kTrap, kForeign };
// Sets it (kTrap: the C handler above). Returns 0 or an errno (EINVAL for SIGKILL, ...).
int set_signal_disposition(int signum, SignalDisposition d);
SignalDisposition get_signal_disposition(int signum);

// On the main thread with a signal tripped: runs its Python handler (through
// signal_dispatch_hook; without one, SIGINT raises KeyboardInterrupt). Returns false with
// the exception pending; true when nothing was tripped, or on another thread, which
// leaves the signals to the main thread. Blocking calls call it on EINTR and retry when
// it returns true (PEP 475).
bool check_signals();

}  // namespace gilpy::rt
