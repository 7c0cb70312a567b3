// runtime/gil.cpp: the global interpreter lock, CPython's "new GIL" (3.2+) by default,
// and three other policies to experiment with.
//
// THE ALGORITHM, IN PLAIN WORDS
//
// The GIL is a flag `locked` guarded by a mutex, plus a condition variable `cv` on which
// threads that want it sleep, in a queue of waiters (oldest first). `holder` is the
// thread that has it and `switch_number` counts how many times it changed hands.
//
// A thread moves through these states:
//
//   RUNNING    it holds the GIL and runs Python code. At every safepoint of the eval
//              loop (backward jumps, calls, returns) it tests the eval breaker word; if
//              the "drop request" bit is set it goes to DROPPING.
//   DROPPING   it releases the GIL and, under the cpython policy (forced switching),
//              sleeps on a second condition variable until `switch_number` shows that
//              another thread has taken it. Without this a thread that drops and
//              retakes at once would starve everyone: it is still on-CPU and wins the
//              mutex. Then it goes to WAITING to get the GIL back.
//   BLOCKED    it released the GIL around a blocking call (sleep, lock wait, join,
//              read, write, input) through BlockingRegion; it touches no object. Back
//              from the call it goes to SPINNING.
//   SPINNING   it wants the GIL and, on a multi-CPU machine, first polls `holder` for up
//              to 50 microseconds (spin_until in gil.h): a holder that is about to block
//              releases it sooner than a sleep and wakeup would take. Then WAITING.
//   WAITING    it wants the GIL. While `locked`, it waits in the queue on `cv` for at
//              most one switch interval (default 5 ms, sys.setswitchinterval). If the
//              wait timed out and `switch_number` did not change meanwhile (the same
//              holder kept the GIL for a whole interval), it sets the drop request, which
//              reaches the holder's eval breaker; it keeps waiting. When `locked` is false
//              it takes the GIL (or, under a hand-off policy, finds that the releasing
//              thread gave it the GIL): RUNNING.
//
// So a CPU-bound thread keeps the GIL until someone has waited a full interval for it,
// and a thread that blocks gives it up at once. A thread ending releases it for good.
//
// THE POLICIES (--gil-policy, gil.set_policy), which differ only in the decisions of
// struct Policy below:
//
//   cpython   the above. On release the GIL is free and whoever takes it first has it.
//   legacy    Python 2's GIL: no drop requests and no forced switching. Instead the
//             holder releases it every `check interval` instructions (--check-interval,
//             default 100) and at once competes for it again, so a CPU-bound thread,
//             still on its CPU, usually wins it back before a woken waiter gets there.
//             Switches can fall between any two instructions, which makes races on
//             `x += 1` visible.
//   fifo      waiters are served in arrival order: a release hands the GIL straight to
//             the oldest waiter, which becomes the holder without competing.
//   priority  the fix for the convoy effect CPython never merged (bpo-7946): a thread
//             back from a blocking call is served before threads that were forced off or
//             are starting, and when such a thread starts waiting, the holder is asked
//             to drop at once instead of after a switch interval. An I/O-bound thread
//             then regains the GIL within microseconds beside a CPU-bound one.
//
// The main thread takes the GIL when the interpreter is created and only gives it up at
// safepoints or in blocking regions; at exit it keeps it, so daemon threads that are
// still around stay asleep in WAITING forever and cannot touch state being torn down.
// The GIL itself is never destroyed (it is allocated once and leaked) for that reason.
//
// Measurement (DESIGN decision 9, runtime/gil_meter.h): every acquisition and release
// updates the thread's record with the GIL held; what a waiting thread measured it keeps
// in locals until then. Sites and trace events only when asked for.
#include "runtime/gil.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include "runtime/errors.h"

namespace gilpy::rt {

void (*gil_drop_request_hook)() = nullptr;
void (*gil_counting_changed_hook)(bool on) = nullptr;
std::atomic<int> extra_thread_count{0};
std::atomic<bool> gil_finalizing{false};
std::atomic<bool> gil_counts_instructions{false};

namespace {

// A thread in WAITING: lives on its stack, touched only under Gil::mu.
struct Waiter {
  ThreadState* ts;
  GilWant why;
  bool granted = false;  // a hand-off policy made it the holder
  Waiter* next = nullptr;
};

// The queue of waiters, oldest first.
struct WaitQueue {
  Waiter* head = nullptr;
  Waiter* tail = nullptr;
  int size = 0;
  void push(Waiter* w) {
    if (tail) tail->next = w; else head = w;
    tail = w;
    ++size;
  }
  void remove(Waiter* w) {
    Waiter** link = &head;
    Waiter* prev = nullptr;
    while (*link != w) {
      prev = *link;
      link = &(*link)->next;
    }
    *link = w->next;
    if (tail == w) tail = prev;
    w->next = nullptr;
    --size;
  }
};

// The seam between the policies: what each decides.
struct Policy {
  const char* name;
  // A release hands the GIL to this waiter (null: the GIL is left free for whoever takes
  // it first). Called only with a non-empty queue.
  Waiter* (*hand_off_to)(WaitQueue& queue);
  // A waiter that waited a whole interval with no switch asks the holder to drop.
  bool timed_drop_requests;
  // A thread that dropped on request waits until another thread has taken the GIL.
  bool forced_switching;
  // A thread back from a blocking call asks the holder to drop as soon as it waits.
  bool blocked_threads_first;
  // The holder releases every check interval instructions.
  bool counts_instructions;
};

Waiter* oldest(WaitQueue& q) { return q.head; }

Waiter* oldest_back_from_blocking(WaitQueue& q) {
  for (Waiter* w = q.head; w; w = w->next)
    if (w->why == GilWant::kFromBlocking) return w;
  return q.head;
}

const Policy kPolicies[] = {
    {"cpython", nullptr, true, true, false, false},
    {"legacy", nullptr, false, false, false, true},
    {"fifo", oldest, true, false, false, false},
    {"priority", oldest_back_from_blocking, true, false, true, false},
};

struct Gil {
  std::mutex mu;
  std::condition_variable cv;          // signalled when the GIL is released or handed off
  bool locked = false;                 // guarded by mu
  WaitQueue waiters;                   // guarded by mu
  std::atomic<int> waiting{0};         // waiters.size, readable without mu
  std::atomic<ThreadState*> holder{nullptr};
  std::atomic<uint64_t> switch_number{0};
  std::mutex switch_mu;                // forced switching: a dropper waits here
  std::condition_variable switch_cv;   //   until another thread has taken the GIL
  std::atomic<bool> drop_request{false};
  std::atomic<int> droppers_waiting{0};  // threads in DROPPING, waiting on switch_cv
  std::atomic<int64_t> interval_us{5000};
  std::atomic<const Policy*> policy{&kPolicies[0]};
  std::atomic<int> check_interval{100};
  // Measurement, guarded by mu: when the current drop request was made, where the last
  // hand-off started (that request, or the last release), who released last, and since
  // when somebody has been waiting.
  uint64_t drop_request_ns = 0;
  uint64_t handoff_from_ns = 0;
  GilThreadRecord* last_releaser = nullptr;
  uint64_t waiting_since_ns = 0;
  // Whether the meter runs (gil_meter_start); read without the GIL by threads about to
  // wait for it, so atomic. Everything else in `meter` is guarded by the GIL itself.
  // On a cache line of its own: it is read at every switch and written once, and the
  // fields around it are written at every switch.
  alignas(64) std::atomic<bool> metering{false};
  alignas(64) GilMeter meter;
};

// Allocated once, never freed: daemon threads may still wait on it during exit. Made by
// the first use, on the main thread before any other thread exists (creating the
// interpreter takes the GIL); every later use, several a switch, is one load.
Gil* the_gil = nullptr;
[[gnu::noinline]] Gil& make_gil() {
  static Gil* g = new Gil();
  the_gil = g;
  return *g;
}
inline Gil& gil() { return the_gil ? *the_gil : make_gil(); }

// Whether this moment is measured. Off, the GIL reads no clock at all. (Acquire: the
// clock's calibration is published by the store that starts the meter.)
inline bool metering(Gil& g) { return kGilMeter && g.metering.load(std::memory_order_acquire); }

// The switch interval as a wait: at least a microsecond (as CPython's take_gil), at most
// an hour (so that the condition variable's deadline, now + wait, cannot overflow:
// sys.setswitchinterval(1e30) is accepted).
std::chrono::microseconds wait_interval(Gil& g) {
  constexpr int64_t kLongestWaitUs = int64_t(3600) * 1000000;
  int64_t us = g.interval_us.load(std::memory_order_relaxed);
  return std::chrono::microseconds(std::clamp<int64_t>(us, 1, kLongestWaitUs));
}

// The meter's clock (runtime/gil_clock.h); read only while metering.
inline uint64_t now_ns() { return gil().meter.clock.now_ns(); }

// What a waiting thread measured, recorded once it holds the GIL.
struct WaitNotes {
  uint64_t start_ns = 0;
  bool contended = false;
  bool switched_thread = false;   // the GIL came from another thread
  GilThreadRecord* released_by = nullptr;
  uint64_t released_ns = 0;       // the release or drop request the hand-off started from
  uint64_t waiting_since_ns = 0;  // a stretch with waiters that this acquisition ended
  static constexpr int kMaxDrops = 8;
  uint64_t drop_request_ns[kMaxDrops];
  int drop_requests = 0;
};

void ask_holder_to_drop(Gil& g, WaitNotes& notes) {
  uint64_t t = metering(g) ? now_ns() : 0;
  if (g.drop_request_ns == 0) g.drop_request_ns = t;
  g.drop_request.store(true, std::memory_order_relaxed);
  if (gil_drop_request_hook) gil_drop_request_hook();
  if (notes.drop_requests < WaitNotes::kMaxDrops) notes.drop_request_ns[notes.drop_requests] = t;
  notes.drop_requests++;
}

// Makes `ts` the holder. Under mu.
void take_locked(Gil& g, ThreadState* ts) {
  g.locked = true;
  g.holder.store(ts, std::memory_order_relaxed);
  g.switch_number.fetch_add(1, std::memory_order_relaxed);
  // A drop request is satisfied by this switch (a later waiter sets a new one).
  g.drop_request.store(false, std::memory_order_relaxed);
  g.drop_request_ns = 0;
}

// The meter's share of an acquisition, under mu, once `ts` is the holder: what only the
// GIL's own state knows. No clock here: time read under mu delays every other thread that
// wants the mutex.
void note_taken_locked(Gil& g, ThreadState* ts, WaitNotes& notes) {
  if (!kGilMeter) return;
  notes.released_by = g.last_releaser;
  notes.released_ns = g.handoff_from_ns;
  notes.switched_thread = g.last_releaser && g.last_releaser != ts->gil_record;
  if (notes.contended && g.waiters.size == 0 && g.waiting_since_ns) {
    // The last waiter took the GIL: a stretch with waiters ends. (One that began before
    // the last gil.reset() counts from the reset.)
    notes.waiting_since_ns = std::max(g.waiting_since_ns, g.meter.since_ns);
    g.waiting_since_ns = 0;
  }
}

// The meter's share of an acquisition, with the GIL held.
void record_taken(ThreadState* ts, const WaitNotes& notes) {
  GilThreadRecord* rec = gil_record(ts);
  GilMeter& m = gil_meter();
  uint64_t t = notes.contended ? now_ns() : notes.start_ns;
  uint64_t waited = t - notes.start_ns;
  rec->acquisitions++;
  rec->wait_ns += waited;
  if (waited > rec->max_wait_ns) rec->max_wait_ns = waited;
  rec->taken_at_ns = t;
  rec->drop_requests += uint64_t(notes.drop_requests);
  if (notes.switched_thread) rec->switched_in++;
  if (notes.waiting_since_ns && t > notes.waiting_since_ns) rec->waiting_stretches_ns += t - notes.waiting_since_ns;
  if (notes.contended) {
    rec->contended++;
    if (notes.switched_thread) rec->handoff.add(t > notes.released_ns ? t - notes.released_ns : 0);
  }
  if (m.tracing) {
    for (int i = 0; i < notes.drop_requests && i < WaitNotes::kMaxDrops; ++i)
      gil_trace_event(rec, {notes.drop_request_ns[i], notes.drop_request_ns[i], TraceKind::kDropRequest,
                            BlockReason::kOther, kNoSite, 0});
    if (notes.contended)
      gil_trace_event(rec, {notes.start_ns, t, TraceKind::kWait, BlockReason::kOther, kNoSite, 0});
    if (notes.switched_thread)  // (the writers draw every switch, but time only contended ones)
      gil_trace_event(rec, {notes.released_ns, t, TraceKind::kHandoff, BlockReason::kOther, kNoSite,
                            notes.released_by->index});
  }
}

// Releases the GIL; returns the switch number at the release. `t` is the release time
// (0 when the meter is off).
uint64_t release_at(ThreadState* ts, uint64_t t) {
  Gil& g = gil();
  GilThreadRecord* rec = nullptr;
  if (t && ts && ts->gil_record) {
    rec = ts->gil_record;
    rec->hold_ns += t - rec->taken_at_ns;
    if (gil_meter().tracing)
      gil_trace_event(rec, {rec->taken_at_ns, t, TraceKind::kHold, BlockReason::kOther, kNoSite, 0});
  }
  const Policy* p = g.policy.load(std::memory_order_relaxed);
  uint64_t sn;
  bool handed_off = false;
  {
    std::lock_guard<std::mutex> lk(g.mu);
    if (t) {
      g.handoff_from_ns = g.drop_request_ns ? g.drop_request_ns : t;
      g.last_releaser = rec;
    }
    if (p->hand_off_to && g.waiters.size > 0) {
      Waiter* w = p->hand_off_to(g.waiters);
      w->granted = true;
      take_locked(g, w->ts);
      handed_off = true;
    } else {
      g.locked = false;
      g.holder.store(nullptr, std::memory_order_relaxed);
    }
    sn = g.switch_number.load(std::memory_order_relaxed);
  }
  // Outside the mutex, so that the woken thread does not block on it right away. A
  // hand-off wakes everyone: only the waiter that was granted the GIL goes on.
  if (handed_off) {
    g.cv.notify_all();
    if (g.droppers_waiting.load()) {
      std::lock_guard<std::mutex> sl(g.switch_mu);
      g.switch_cv.notify_all();
    }
  } else {
    g.cv.notify_one();
  }
  return sn;
}

}  // namespace

GilMeter& gil_meter() { return gil().meter; }

bool gil_held_by(ThreadState* ts) { return gil().holder.load(std::memory_order_relaxed) == ts; }

bool gil_drop_requested() { return gil().drop_request.load(std::memory_order_relaxed); }

uint64_t spin_clock_ns() { return monotonic_ns(); }
uint64_t gil_now_ns() { return now_ns(); }

bool can_spin() {
  static const bool multi = [] {
    cpu_set_t set;
    return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 1;
  }();
  return multi;
}

// gil_acquire, for a thread that has wanted the GIL since `wanted_since` (0: now).
// Returns when it began to want it (0 when the meter was off).
static uint64_t acquire(ThreadState* ts, GilWant why, uint64_t wanted_since) {
  Gil& g = gil();
  WaitNotes notes;
  bool measured = metering(g);
  notes.start_ns = measured ? now_ns() : 0;
  notes.contended = g.holder.load(std::memory_order_relaxed) != nullptr;
  if (wanted_since && measured) {
    // A thread that dropped on request has been waiting since it dropped.
    notes.start_ns = wanted_since;
    notes.contended = true;
  }
  // SPINNING: a holder about to block releases within microseconds (see spin_until).
  if (notes.contended) spin_until([&] { return g.holder.load(std::memory_order_relaxed) == nullptr; });
  std::unique_lock<std::mutex> lk(g.mu);
  if (g.locked) {
    // WAITING
    notes.contended = true;
    const Policy* p = g.policy.load(std::memory_order_relaxed);
    Waiter w{ts, why};
    if (measured && g.waiters.size == 0) g.waiting_since_ns = notes.start_ns;
    g.waiters.push(&w);
    g.waiting.fetch_add(1, std::memory_order_relaxed);
    if (p->blocked_threads_first && why == GilWant::kFromBlocking) ask_holder_to_drop(g, notes);
    while (g.locked && !w.granted) {
      uint64_t saved = g.switch_number.load(std::memory_order_relaxed);
      bool timed_out = g.cv.wait_for(lk, wait_interval(g)) == std::cv_status::timeout;
      p = g.policy.load(std::memory_order_relaxed);
      if (timed_out && g.locked && !w.granted && p->timed_drop_requests &&
          g.switch_number.load(std::memory_order_relaxed) == saved) {
        // Nobody switched during a whole interval: ask the holder to drop.
        ask_holder_to_drop(g, notes);
      }
    }
    g.waiters.remove(&w);
    g.waiting.fetch_sub(1, std::memory_order_relaxed);
    if (!w.granted) take_locked(g, ts);
  } else {
    take_locked(g, ts);
  }
  measured = measured && ts;
  if (measured) note_taken_locked(g, ts, notes);
  lk.unlock();
  // Wake a thread in DROPPING that waits to see the GIL taken. It counted itself in
  // droppers_waiting before it released the GIL, so under g.mu's ordering we see it.
  if (g.droppers_waiting.load()) {
    std::lock_guard<std::mutex> sl(g.switch_mu);
    g.switch_cv.notify_all();
  }
  if (measured) {
    record_taken(ts, notes);
  } else if (ts && metering(g)) {
    // The meter started while this thread waited: its hold counts from now.
    gil_record(ts)->taken_at_ns = now_ns();
  }
  return notes.start_ns;
}

void gil_acquire(ThreadState* ts, GilWant why) { acquire(ts, why, 0); }

void gil_release(ThreadState* ts) { release_at(ts, metering(gil()) ? now_ns() : 0); }

void gil_yield_on_request(ThreadState* ts) {
  Gil& g = gil();
  if (!g.drop_request.load(std::memory_order_relaxed)) return;
  const Policy* p = g.policy.load(std::memory_order_relaxed);
  GilThreadRecord* rec = metering(g) && ts ? gil_record(ts) : nullptr;
  uint64_t stint = 0;
  uint64_t released = rec ? now_ns() : 0;
  uint64_t resets = rec ? gil_meter().resets : 0;
  bool find_site = false;
  if (rec) {
    rec->drops_obeyed++;
    stint = released - rec->taken_at_ns;
    find_site = gil_meter().record_sites && gil_site_hook;
  }
  uint64_t sn;
  bool switched;
  GilSite at;  // found after the release, as gil_block_begin does
  if (p->forced_switching) {
    g.droppers_waiting.fetch_add(1);
    sn = release_at(ts, released);
    if (find_site) at = gil_site_hook(ts, nullptr);
    // Forced switching: wait until another thread has taken the GIL (if the waiter
    // vanished meanwhile, stop waiting after a few intervals).
    std::unique_lock<std::mutex> sl(g.switch_mu);
    switched = g.switch_cv.wait_for(sl, wait_interval(g) * 4, [&] {
      return g.switch_number.load(std::memory_order_relaxed) != sn;
    });
    sl.unlock();
    g.droppers_waiting.fetch_sub(1);
  } else {
    uint64_t before = g.switch_number.load(std::memory_order_relaxed);
    sn = release_at(ts, released);
    if (find_site) at = gil_site_hook(ts, nullptr);
    switched = sn != before;  // a hand-off policy gave it to a waiter at the release
  }
  uint64_t wanted = acquire(ts, GilWant::kAfterDrop, switched ? released : 0);
  if (rec && wanted && switched) {
    rec->forced_switches++;
    GilMeter& m = gil_meter();
    uint32_t site = kNoSite;
    if (at.code && m.record_sites && m.resets == resets) {  // (a reset meanwhile voids it)
      site = gil_meter_site(rec, at, SiteKind::kForcedOff, BlockReason::kOther);
      SiteStats& s = rec->sites[site];
      s.count++;
      s.time_ns += stint;
      s.wait_ns += rec->taken_at_ns - released;
    }
    if (m.tracing)
      gil_trace_event(rec, {released, released, TraceKind::kForcedSwitch, BlockReason::kOther, site, 0});
  }
}

void gil_check_interval_tick(ThreadState* ts) {
  Gil& g = gil();
  if (g.waiting.load(std::memory_order_relaxed) == 0) return;
  gil_release(ts);
  gil_acquire(ts, GilWant::kAfterDrop);
}

BlockedAt gil_block_begin(ThreadState* ts, BlockReason reason) {
  BlockedAt at{0, 0, {}, reason};
  Gil& g = gil();
  bool find_site = false;
  if (metering(g)) {
    GilMeter& m = g.meter;
    at.resets = m.resets;
    find_site = (m.record_sites || reason == BlockReason::kLock) && gil_site_hook;
    at.released_ns = m.clock.now_ns();
  }
  release_at(ts, at.released_ns);
  // The thread's frames stay as they are until the blocking call returns, so where it
  // blocked can be found after the release: off the path of the thread that takes the GIL
  // next (on thread_pingpong every switch waits for it otherwise).
  if (find_site) at.site = gil_site_hook(ts, &at.reason);
  return at;
}

void gil_block_end(ThreadState* ts, const BlockedAt& at) {
  uint64_t back = acquire(ts, GilWant::kFromBlocking, 0);  // the blocking call's end
  if (!back || !at.released_ns) return;  // not measured (the meter was off at either end)
  GilThreadRecord* rec = gil_record(ts);
  GilMeter& m = gil_meter();
  rec->blocking[int(at.reason)]++;
  uint32_t site = kNoSite;
  if (at.site.code && m.record_sites && m.resets == at.resets) {
    site = gil_meter_site(rec, at.site, SiteKind::kBlocked, at.reason);
    SiteStats& s = rec->sites[site];
    s.count++;
    s.time_ns += back - at.released_ns;
    s.wait_ns += rec->taken_at_ns - back;
  }
  if (m.tracing) gil_trace_event(rec, {at.released_ns, back, TraceKind::kBlocked, at.reason, site, 0});
}

int64_t gil_switch_interval_us() { return gil().interval_us.load(); }

void gil_set_switch_interval_us(int64_t us) { gil().interval_us.store(us < 0 ? 0 : us); }

bool gil_set_policy(const char* name) {
  for (const Policy& p : kPolicies) {
    if (std::strcmp(p.name, name) != 0) continue;
    gil().policy.store(&p);
    bool counting = p.counts_instructions;
    if (gil_counts_instructions.exchange(counting) != counting && gil_counting_changed_hook)
      gil_counting_changed_hook(counting);
    return true;
  }
  return false;
}

const char* gil_policy_name() { return gil().policy.load()->name; }

void gil_set_check_interval(int instructions) { gil().check_interval.store(instructions < 1 ? 1 : instructions); }

int gil_check_interval() { return gil().check_interval.load(); }

uint64_t gil_contended_ns() {
  Gil& g = gil();
  uint64_t closed = 0;
  for (const auto& rec : g.meter.threads) closed += rec->waiting_stretches_ns;
  std::lock_guard<std::mutex> lk(g.mu);
  uint64_t open = g.waiting_since_ns ? now_ns() - std::max(g.waiting_since_ns, g.meter.since_ns) : 0;
  return closed + open;
}

void gil_meter_start() {
  Gil& g = gil();
  if (!kGilMeter || g.metering.load()) return;
  g.meter.clock.calibrate();
  uint64_t now = now_ns();
  g.meter.since_ns = now;
  g.metering.store(true);
  // The caller holds the GIL: its hold counts from now.
  if (ThreadState* ts = ThreadState::current()) gil_record(ts)->taken_at_ns = now;
}

void gil_meter_reset() {
  Gil& g = gil();
  {
    // The last releaser's record may be one of the ended threads forgotten below.
    std::lock_guard<std::mutex> lk(g.mu);
    g.last_releaser = nullptr;
  }
  gil_meter_clear(now_ns());
}

}  // namespace gilpy::rt
