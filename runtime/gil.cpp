// runtime/gil.cpp: the global interpreter lock, CPython's "new GIL" (3.2+).
//
// THE ALGORITHM, IN PLAIN WORDS
//
// The GIL is a flag `locked` guarded by a mutex, plus a condition variable `cv` on which
// threads that want it sleep. `holder` is the thread that has it and `switch_number`
// counts how many times it changed hands.
//
// A thread moves through these states:
//
//   RUNNING    it holds the GIL and runs Python code. At every safepoint of the eval
//              loop (backward jumps, calls, returns) it tests the eval breaker word; if
//              the "drop request" bit is set it goes to DROPPING.
//   DROPPING   it clears `locked`, wakes one waiter, and then (forced switching) sleeps
//              on a second condition variable until `switch_number` shows that another
//              thread has taken the GIL. Without this a thread that drops and retakes
//              at once would starve everyone: it is still on-CPU and wins the mutex.
//              Then it goes to WAITING to get the GIL back.
//   BLOCKED    it released the GIL around a blocking call (sleep, lock wait, join,
//              read, write, input) through BlockingRegion; it touches no object. Back
//              from the call it goes to SPINNING.
//   SPINNING   it wants the GIL and, on a multi-CPU machine, first polls `holder` for up
//              to 50 microseconds (spin_until in gil.h): a holder that is about to block
//              releases it sooner than a sleep and wakeup would take. Then WAITING.
//   WAITING    it wants the GIL. While `locked`, it waits on `cv` for at most one switch
//              interval (default 5 ms, sys.setswitchinterval). If the wait timed out and
//              `switch_number` did not change meanwhile (the same holder kept the GIL
//              for a whole interval), it sets the drop request, which reaches the
//              holder's eval breaker; it keeps waiting. When `locked` is false it takes
//              the GIL: sets `locked`, `holder`, bumps `switch_number`, wakes a thread in
//              DROPPING, clears a drop request that is now satisfied: RUNNING.
//
// So a CPU-bound thread keeps the GIL until someone has waited a full interval for it,
// and a thread that blocks gives it up at once. A thread ending releases it for good.
//
// The main thread takes the GIL when the interpreter is created and only gives it up at
// safepoints or in blocking regions; at exit it keeps it, so daemon threads that are
// still around stay asleep in WAITING forever and cannot touch state being torn down.
// The GIL itself is never destroyed (it is allocated once and leaked) for that reason.
//
// Counters (DESIGN decision 9) live in each ThreadState's gil_stats: acquisitions, time
// spent waiting and holding, forced switches, drop requests made.
#include "runtime/gil.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "runtime/errors.h"

namespace gilpy::rt {

void (*gil_drop_request_hook)() = nullptr;
std::atomic<int> extra_thread_count{0};
std::atomic<bool> gil_finalizing{false};

namespace {

struct Gil {
  std::mutex mu;
  std::condition_variable cv;          // signalled when the GIL is released
  bool locked = false;                 // guarded by mu
  std::atomic<ThreadState*> holder{nullptr};
  std::atomic<uint64_t> switch_number{0};
  std::mutex switch_mu;                // forced switching: a dropper waits here
  std::condition_variable switch_cv;   //   until another thread has taken the GIL
  std::atomic<bool> drop_request{false};
  std::atomic<int> droppers_waiting{0};  // threads in DROPPING, waiting on switch_cv
  std::atomic<int64_t> interval_us{5000};
};

// Allocated once, never freed: daemon threads may still wait on it during exit.
Gil& gil() {
  static Gil* g = new Gil();
  return *g;
}

inline uint64_t now_ns() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

}  // namespace

bool gil_held_by(ThreadState* ts) { return gil().holder.load(std::memory_order_relaxed) == ts; }

bool gil_drop_requested() { return gil().drop_request.load(std::memory_order_relaxed); }

uint64_t spin_clock_ns() { return now_ns(); }

bool can_spin() {
  static const bool multi = [] {
    cpu_set_t set;
    return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 1;
  }();
  return multi;
}

void gil_acquire(ThreadState* ts) {
  Gil& g = gil();
  uint64_t start = now_ns();
  bool waited = g.holder.load(std::memory_order_relaxed) != nullptr;
  // SPINNING: a holder about to block releases within microseconds (see spin_until).
  if (waited) spin_until([&] { return g.holder.load(std::memory_order_relaxed) == nullptr; });
  std::unique_lock<std::mutex> lk(g.mu);
  while (g.locked) {
    waited = true;
    uint64_t saved = g.switch_number.load(std::memory_order_relaxed);
    auto interval = std::chrono::microseconds(g.interval_us.load(std::memory_order_relaxed));
    bool timed_out = g.cv.wait_for(lk, interval) == std::cv_status::timeout;
    if (timed_out && g.locked && g.switch_number.load(std::memory_order_relaxed) == saved) {
      // Nobody switched during a whole interval: ask the holder to drop.
      g.drop_request.store(true, std::memory_order_relaxed);
      if (gil_drop_request_hook) gil_drop_request_hook();
      if (ts) ts->gil_stats.drop_requests++;
    }
  }
  g.locked = true;
  g.holder.store(ts, std::memory_order_relaxed);
  g.switch_number.fetch_add(1, std::memory_order_relaxed);
  // A drop request is satisfied by this switch (a later waiter sets a new one).
  g.drop_request.store(false, std::memory_order_relaxed);
  lk.unlock();
  // Wake a thread in DROPPING that waits to see the GIL taken. It counted itself in
  // droppers_waiting before it released the GIL, so under g.mu's ordering we see it.
  if (g.droppers_waiting.load()) {
    std::lock_guard<std::mutex> sl(g.switch_mu);
    g.switch_cv.notify_all();
  }
  if (ts) {
    uint64_t t = waited ? now_ns() : start;  // the uncontended case reads the clock once
    ts->gil_stats.acquisitions++;
    ts->gil_stats.wait_ns += t - start;
    ts->gil_stats.taken_at_ns = t;
  }
}

static uint64_t release_locked(ThreadState* ts) {
  Gil& g = gil();
  if (ts) ts->gil_stats.hold_ns += now_ns() - ts->gil_stats.taken_at_ns;
  uint64_t sn;
  {
    std::lock_guard<std::mutex> lk(g.mu);
    g.locked = false;
    g.holder.store(nullptr, std::memory_order_relaxed);
    sn = g.switch_number.load(std::memory_order_relaxed);
  }
  // Outside the mutex, so that the woken thread does not block on it right away.
  g.cv.notify_one();
  return sn;
}

void gil_release(ThreadState* ts) { release_locked(ts); }

void gil_yield_on_request(ThreadState* ts) {
  Gil& g = gil();
  if (!g.drop_request.load(std::memory_order_relaxed)) return;
  g.droppers_waiting.fetch_add(1);
  uint64_t sn = release_locked(ts);
  {
    // Forced switching: wait until another thread has taken the GIL (if the waiter
    // vanished meanwhile, stop waiting after a few intervals).
    std::unique_lock<std::mutex> sl(g.switch_mu);
    auto interval = std::chrono::microseconds(g.interval_us.load(std::memory_order_relaxed));
    bool switched = g.switch_cv.wait_for(sl, interval * 4, [&] {
      return g.switch_number.load(std::memory_order_relaxed) != sn;
    });
    if (switched && ts) ts->gil_stats.forced_switches++;
  }
  g.droppers_waiting.fetch_sub(1);
  gil_acquire(ts);
}

double gil_get_switch_interval() { return double(gil().interval_us.load()) / 1e6; }

void gil_set_switch_interval(double seconds) {
  int64_t us = int64_t(seconds * 1e6);
  if (us < 1) us = 1;
  gil().interval_us.store(us);
}

}  // namespace gilpy::rt
