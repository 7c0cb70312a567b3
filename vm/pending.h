// vm/pending.h: the eval breaker: one word that every safepoint of the eval loop (backward
// jumps, calls) tests, and the one function that does what its bits ask for (STYLE
// convention 5): a GIL drop request, signals to handle (their Python handlers;
// SIGINT's default raises KeyboardInterrupt), a cycle collection.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/thread_state.h"

namespace gilpy::vm {

// Bits of the eval breaker word.
constexpr uint32_t kBreakGc = 1u << 0;        // the allocator asks for a collection
constexpr uint32_t kBreakGilDrop = 1u << 1;   // another thread waits for the GIL
constexpr uint32_t kBreakSignals = 1u << 2;   // a signal arrived (handled on the main thread)

extern std::atomic<uint32_t> eval_breaker;

inline bool eval_breaker_set() { return eval_breaker.load(std::memory_order_relaxed) != 0; }
inline void eval_breaker_request(uint32_t bits) { eval_breaker.fetch_or(bits, std::memory_order_relaxed); }

// Hooks runtime/ calls (through function pointers) to set the breaker's bits.
void request_gil_drop();
void request_signals();

// Does the work the breaker asks for. Returns false with an exception pending (for
// example KeyboardInterrupt, or whatever a signal handler raised) when the eval loop must
// unwind.
bool handle_pending(rt::ThreadState* ts);

}  // namespace gilpy::vm
