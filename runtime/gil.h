// runtime/gil.h: the global interpreter lock (DESIGN decision 5) and its policies. The
// algorithm and the policies are explained at the top of runtime/gil.cpp; what it
// measures about itself is in runtime/gil_meter.h.
//
// Rules: every access to an object needs the GIL. A thread running Python holds it; the
// eval loop gives it up at a safepoint when another thread asked (vm/pending.cpp), and
// native code gives it up around a blocking call with exactly one guard, BlockingRegion.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/gil_meter.h"
#include "runtime/signals.h"  // signals_pending, check_signals, is_main_thread: long declared here
#include "runtime/thread_state.h"

namespace gilpy::rt {

// Brief spinning before a sleep. On a machine where this thread may run on more than one
// CPU, a handoff from a thread running on another CPU (a lock released, the GIL dropped
// as the other thread blocks) usually comes within microseconds, while sleeping on a
// futex and being woken costs tens of microseconds and a context switch on each side.
// So a waiter first polls `ready` for up to kSpinNs; on a single CPU it never spins.
constexpr uint64_t kSpinNs = 50000;
bool can_spin();            // more than one CPU in this thread's affinity mask
uint64_t spin_clock_ns();   // CLOCK_MONOTONIC
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
template <class Ready>
bool spin_until(Ready ready) {
  if (ready()) return true;  // before the clock: most waits are over before they start
  if (!can_spin()) return false;
  uint64_t deadline = spin_clock_ns() + kSpinNs;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (spin_clock_ns() > deadline) return false;
  }
}

// Why a thread wants the GIL; the priority policy serves kFromBlocking first.
enum class GilWant : uint8_t { kStart, kFromBlocking, kAfterDrop };

// Takes the GIL for `ts` (blocks; asks the holder to drop as the policy says). Never fails.
void gil_acquire(ThreadState* ts, GilWant why = GilWant::kStart);
// Releases the GIL held by `ts`.
void gil_release(ThreadState* ts);
// The eval-loop safepoint: called when a drop request is pending. Drops the GIL, lets
// another thread take it (as the policy says), and takes it back.
void gil_yield_on_request(ThreadState* ts);
// The legacy policy's check interval: called by the eval loop every N instructions while
// gil_counts_instructions is set. Releases the GIL if anyone waits and competes again.
void gil_check_interval_tick(ThreadState* ts);
// Whether a drop request is pending (set by a waiting thread).
bool gil_drop_requested();
// Whether the calling thread holds the GIL.
bool gil_held_by(ThreadState* ts);

// The switch interval, in microseconds as CPython stores it: sys.setswitchinterval(s)
// stores (unsigned long)(s * 1e6) and getswitchinterval() returns 1e-6 times that.
int64_t gil_switch_interval_us();
void gil_set_switch_interval_us(int64_t us);

// Policies (see runtime/gil.cpp): "cpython" (the default), "legacy", "fifo", "priority".
// Setting one is allowed at any time with the GIL held; false for an unknown name.
bool gil_set_policy(const char* name);
const char* gil_policy_name();
// The legacy policy's instruction count between releases (--check-interval, default 100).
void gil_set_check_interval(int instructions);
int gil_check_interval();
// Set while the legacy policy is in force: the eval loop counts instructions and calls
// gil_check_interval_tick. vm/ installs gil_counting_changed_hook to switch its dispatch.
extern std::atomic<bool> gil_counts_instructions;
extern void (*gil_counting_changed_hook)(bool on);

// Set by vm/: called when a waiting thread sets the drop request, so the eval breaker
// word (which runtime/ cannot see) gets its kBreakGilDrop bit.
extern void (*gil_drop_request_hook)();

// Set once the interpreter is exiting (after the non-daemon threads were joined): from
// then on the main thread keeps the GIL even in blocking regions, so that daemon threads
// never run again while the process tears down.
extern std::atomic<bool> gil_finalizing;

// Number of Python threads alive besides the main thread (_thread._count()).
extern std::atomic<int> extra_thread_count;

// The two halves of BlockingRegion. gil_block_begin releases the GIL, returning the
// release time, and then finds where the thread blocked (while the meter runs);
// gil_block_end takes the GIL back and records the blocked and waiting time and the site.
struct BlockedAt {
  uint64_t released_ns;
  uint64_t resets;  // GilMeter::resets at the release (a reset meanwhile voids `site`)
  GilSite site;     // found when sites are recorded, or to classify a lock wait
  BlockReason reason;
};
BlockedAt gil_block_begin(ThreadState* ts, BlockReason reason);
void gil_block_end(ThreadState* ts, const BlockedAt& at);

// Releases the GIL for the scope of a blocking operation and takes it back at the end.
// Nothing in the scope may touch an object. Harmless when the thread does not hold the
// GIL (nested regions, start-up code before any thread state exists). `reason` is what
// the thread blocks on, counted per thread (gil.stats()).
// `cannot_block`: the call returns at once whatever happens (a non-blocking socket's send
// or recv). Then the GIL is released only when another Python thread exists that could
// run meanwhile; alone, releasing and retaking it would cost more than the call.
class BlockingRegion {
 public:
  explicit BlockingRegion(BlockReason reason, bool cannot_block = false) : ts_(ThreadState::current()) {
    if (ts_ && gil_held_by(ts_) && !gil_finalizing.load(std::memory_order_relaxed) &&
        !(cannot_block && extra_thread_count.load(std::memory_order_relaxed) == 0)) {
      at_ = gil_block_begin(ts_, reason);
    } else {
      ts_ = nullptr;
    }
  }
  ~BlockingRegion() {
    if (ts_) gil_block_end(ts_, at_);
  }
  BlockingRegion(const BlockingRegion&) = delete;
  BlockingRegion& operator=(const BlockingRegion&) = delete;

 private:
  ThreadState* ts_;
  BlockedAt at_;
};

}  // namespace gilpy::rt
