// vm/pending.cpp: handle_pending, the one place the eval breaker's requests are served.
#include "vm/pending.h"

#include "runtime/errors.h"
#include "runtime/gc.h"

namespace gilpy::vm {

std::atomic<uint32_t> eval_breaker{0};

void request_eval_break() { eval_breaker_request(kBreakGc); }

bool handle_pending(rt::ThreadState* ts) {
  uint32_t bits = eval_breaker.exchange(0, std::memory_order_acq_rel);
  if (bits & kBreakGc) rt::gc_collect_if_needed();
  return !rt::error_pending();
}

}  // namespace gilpy::vm
