// vm/signals.cpp: running the Python signal handlers (see vm/signals.h), on the main
// thread with the GIL, at a safepoint of the eval loop (vm/pending.cpp) or when a
// blocking call comes back with EINTR (rt::check_signals).
#include "vm/signals.h"

#include <cstdio>
#include <string>

#include "runtime/runtime.h"
#include "vm/interpreter.h"
#include "vm/pending.h"

namespace gilpy::vm {

using namespace rt;

namespace {

// CPython reports a failed wakeup write as an unraisable error: on stderr, and go on.
void report_wakeup_write_error(int err) {
  raise_os_error(err);
  write_unraisable(Value(), "when trying to write to the signal wakeup fd");
}

}  // namespace

bool run_signal_handlers() {
  if (!is_main_thread() || !signal_trap.any_tripped.exchange(false)) return true;
  if (int err = signal_trap.wakeup_errno.exchange(0)) report_wakeup_write_error(err);
  SignalHandlers& table = current_interpreter()->signal_handlers;
  for (int signum = 1; signum < kNsig; ++signum) {
    if (!signal_trap.tripped[signum].exchange(false)) continue;
    Value handler = table.ready ? table.handler[signum] : Value();
    if (handler.is_null()) {
      if (signum != SIGINT) continue;
      raise_value(Value::from_obj(&KeyboardInterruptType));
    } else {
      // SIG_DFL, SIG_IGN or None: the handler changed after the signal arrived.
      if (handler.is_small_int() || handler.is_none()) continue;
      Ref keep = Ref::borrow(handler);  // the handler may replace itself while it runs
      Value args[2] = {Value::small_int(signum), Value::none()};
      Ref result = call(handler, args, 2);
      if (result) continue;
    }
    // The rest of the tripped signals wait for the next safepoint.
    signal_trap.any_tripped.store(true);
    request_signals();
    return false;
  }
  return true;
}

void simulate_signal(int signum) {
  if (signum < 1 || signum >= kNsig) return;
  const SignalHandlers& table = current_interpreter()->signal_handlers;
  bool python_handler = table.ready ? !table.handler[signum].is_small_int()
                                    : get_signal_disposition(signum) == SignalDisposition::kTrap;
  if (python_handler) trip_signal(signum);
}

}  // namespace gilpy::vm
