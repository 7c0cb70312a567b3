// vm/signals.h: the Python half of signal handling: each signal's Python handler (what
// signal.signal sets and signal.getsignal returns), kept in the interpreter, and the
// dispatcher that calls them on the main thread. The C half, which only records that a
// signal arrived, is runtime/signals.h; the signal module itself is
// stdlib/signal_module.cpp (_signal) and stdlib/python/signal.py.
#pragma once

#include "runtime/object.h"
#include "runtime/signals.h"
#include "runtime/thread_state.h"

namespace gilpy::vm {

// One table per interpreter (Interpreter::signal_handlers). Written with the GIL by the
// main thread only (signal.signal refuses other threads); read with the GIL.
struct SignalHandlers {
  // Owned: a callable, the int SIG_DFL (0) or SIG_IGN (1), or None (a C-level handler
  // that Python did not install). All null until the signal module first loads and
  // fills them from the process's dispositions; until then only SIGINT can be tripped
  // (the start-up handler) and it raises KeyboardInterrupt, as default_int_handler would.
  rt::Value handler[rt::kNsig];
  rt::Value default_int_handler;  // signal.default_int_handler (owned; null until then)
  bool ready = false;
};

// CPython's _PyErr_CheckSignals: on the main thread, calls the Python handler of each
// tripped signal in signal-number order as handler(signum, frame) (frame is None: gilpy
// has no frame objects). A handler that raises stops the round; the signals not yet
// handled stay tripped for the next safepoint. Returns false with that exception
// pending. Also reports a failed write to the wakeup fd, as an unraisable error.
// The runtime reaches it through rt::signal_dispatch_hook (rt::check_signals).
bool run_signal_handlers();

// _thread.interrupt_main(signum): acts as if `signum` arrived, unless its handler is
// SIG_DFL or SIG_IGN (then nothing happens, as CPython's PyErr_SetInterruptEx).
void simulate_signal(int signum);

}  // namespace gilpy::vm
