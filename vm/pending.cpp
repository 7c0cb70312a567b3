// vm/pending.cpp: handle_pending, the one place the eval breaker's requests are served.
//
// The breaker word only says "look here"; the requests themselves live where they are
// made: the collector's flag, the GIL's drop request (runtime/gil.cpp), the tripped
// signals (runtime/signals.h; their Python handlers run in vm/signals.cpp).
// A request that this thread may not serve (a signal, on a thread other than the main
// one) stays pending for the thread that may.
#include "vm/pending.h"

#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/gil.h"
#include "vm/signals.h"

namespace gilpy::vm {

std::atomic<uint32_t> eval_breaker{0};

void request_eval_break() { eval_breaker_request(kBreakGc); }
void request_gil_drop() { eval_breaker_request(kBreakGilDrop); }
void request_signals() { eval_breaker_request(kBreakSignals); }

bool handle_pending(rt::ThreadState* ts) {
  uint32_t bits = eval_breaker.exchange(0, std::memory_order_acq_rel);
  if (bits & kBreakGc) rt::gc_collect_if_needed();
  if (rt::gil_drop_requested()) rt::gil_yield_on_request(ts);
  if (rt::signals_pending.load(std::memory_order_relaxed)) {
    if (ts->is_main) {
      if (!run_signal_handlers()) return false;
    } else {
      // Leave it for the main thread, which checks at its next safepoint or wait slice.
      eval_breaker_request(kBreakSignals);
    }
  }
  return !rt::error_pending();
}

}  // namespace gilpy::vm
