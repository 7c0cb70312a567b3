// runtime/gil_meter.h: what the GIL records about itself (DESIGN decision 9): per-thread
// counters, the places in Python code where threads were forced off the GIL or blocked
// ("sites"), the hand-off latency histogram and, while tracing, a timeline of events.
// runtime/gil.cpp writes it; stdlib/gil/ reads it (the gil module, --gil-stats,
// --gil-trace, --gil-timeline).
//
// Every write and every read happens with the GIL held, so nothing here is atomic: a
// thread that waits or blocks keeps what it measured in locals and records it once it
// holds the GIL again. Once started (gil_meter_start), the counters cost a few additions
// and a clock read or two per acquisition; sites and the timeline cost more and are
// recorded only when asked for. A build with -DGILPY_GIL_METER=OFF compiles all of it
// out, to show that the meter costs nothing measurable until started (bench/gil_meter.sh).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/gil_clock.h"
#include "runtime/thread_state.h"

#ifndef GILPY_GIL_METER
#define GILPY_GIL_METER 1
#endif

namespace gilpy::rt {

constexpr bool kGilMeter = GILPY_GIL_METER != 0;

// Why a thread released the GIL around a blocking call (BlockingRegion's argument).
enum class BlockReason : uint8_t { kSleep, kLock, kJoin, kQueue, kIo, kSocket, kEpoll, kInput, kExecutor, kOther };
constexpr int kBlockReasonCount = 10;
const char* block_reason_name(BlockReason reason);  // "sleep", "lock", ...

// A place in Python code: a code object (vm::Code; the site table holds a reference) and
// the index of an instruction in it. The null site: no Python frame was running.
struct GilSite {
  Object* code = nullptr;
  int32_t instr = 0;
};

// What happened at a site.
enum class SiteKind : uint8_t { kForcedOff, kBlocked };

struct SiteStats {
  GilSite site;
  SiteKind kind;
  BlockReason reason;    // kBlocked: why
  uint64_t count = 0;
  uint64_t time_ns = 0;  // kForcedOff: the holds that ended there; kBlocked: time blocked
  uint64_t wait_ns = 0;  // time spent waiting for the GIL afterwards
};
constexpr uint32_t kNoSite = UINT32_MAX;

enum class TraceKind : uint8_t {
  kHold,          // [start, end): the thread held the GIL
  kWait,          // [start, end): it waited to take it
  kBlocked,       // [start, end): it was in a blocking call (reason, site)
  kDropRequest,   // instant: it asked the holder to drop
  kForcedSwitch,  // instant: it dropped on request and another thread took over (site)
  kHandoff,       // from_thread released at start, this thread took the GIL at end
};
struct TraceEvent {
  uint64_t start_ns;
  uint64_t end_ns;         // == start_ns for instants
  TraceKind kind;
  BlockReason reason;      // kBlocked
  uint32_t site;           // kBlocked, kForcedSwitch: index into the thread's sites, or kNoSite
  uint32_t from_thread;    // kHandoff: index of the releasing thread in GilMeter::threads
};

// Latencies in log-linear buckets: 16 per power of two (6% wide), exact up to 16 ns.
struct LatencyHistogram {
  static constexpr int kSubBits = 4;
  static constexpr int kBuckets = 64 << kSubBits;
  uint64_t buckets[kBuckets] = {};
  uint64_t count = 0;
  uint64_t max_ns = 0;
  void add(uint64_t ns);
  void merge(const LatencyHistogram& other);
  // The smallest bucket bound below which a fraction `p` of the samples lies (0 if empty).
  uint64_t percentile_ns(double p) const;
};

// One thread that ever took the GIL. Records outlive their threads, so the totals at exit
// include threads that ended.
struct GilThreadRecord {
  uint64_t ident = 0;
  uint32_t index = 0;        // position in GilMeter::threads
  bool alive = true;
  std::string name;          // fixed when the thread ends; while it runs, see thread_object
  Value thread_object;       // the threading.Thread running it (borrowed; null for the main thread)
  uint64_t acquisitions = 0;
  uint64_t contended = 0;        // acquisitions that had to wait
  uint64_t wait_ns = 0;
  uint64_t max_wait_ns = 0;
  uint64_t hold_ns = 0;
  uint64_t forced_switches = 0;  // drops on request that another thread took over
  uint64_t drop_requests = 0;    // drop requests this thread made while waiting
  uint64_t drops_obeyed = 0;     // times this thread dropped the GIL because asked to
  uint64_t blocking[kBlockReasonCount] = {};
  uint64_t taken_at_ns = 0;      // when the current hold began
  // Kept per thread rather than once for all: a figure every switch updates would bounce
  // between the CPUs' caches on every switch (the reports sum them).
  uint64_t switched_in = 0;      // acquisitions that took the GIL from another thread
  uint64_t waiting_stretches_ns = 0;  // stretches with a waiter that ended as this thread took it
  LatencyHistogram handoff;      // the latency of those that had to wait
  std::vector<SiteStats> sites;  // when GilMeter::record_sites
  std::unordered_map<uint64_t, uint32_t> site_index;  // (code, instr, kind, reason) -> sites
  uint32_t last_site = kNoSite;  // the site found last, tried before site_index
  std::vector<TraceEvent> trace;  // when GilMeter::tracing

  uint64_t blocking_releases() const;
};

struct GilMeter {
  GilClock clock;              // read without the GIL too, once the meter has started
  std::vector<std::unique_ptr<GilThreadRecord>> threads;  // every thread since the last reset
  uint64_t since_ns = 0;       // start of measurement (start-up, or the last reset)
  uint64_t resets = 0;         // gil.reset() calls: a site index taken before one is stale
  bool record_sites = false;   // --gil-stats, --gil-trace, --gil-timeline, gil.trace_start
  bool tracing = false;
  uint64_t trace_since_ns = 0;
  std::string trace_path;      // where gil.trace_stop() writes what gil.trace_start(path) began
};

// The meter starts when a report is asked for on the command line or when the gil module
// is first imported; until then (and in a program that does neither) the GIL measures
// nothing and reads no clock. Figures cover the time since the start or the last reset.
void gil_meter_start();
// The one meter, part of the GIL (one per process; runtime/gil.cpp). GIL held.
GilMeter& gil_meter();
// Zeroes every counter, forgets ended threads, sites and the trace (gil.reset()).
void gil_meter_reset();
// Starts the meter and its recording of sites (--gil-stats).
void gil_meter_record_sites();
// Tracing from now on (every thread's earlier events are dropped); stopping records the
// caller's hold so far and keeps the events for a writer (stdlib/gil/).
void gil_trace_start();
void gil_trace_stop();
// Appends an event to a thread's trace, clipped to the start of tracing.
void gil_trace_event(GilThreadRecord* rec, TraceEvent ev);
// Time in ns since `since_ns` during which at least one thread waited (the open stretch
// included), and the meter's clock (ns; runtime/gil_clock.h).
uint64_t gil_contended_ns();
uint64_t gil_now_ns();
// The calling thread's record (created at its first acquisition).
GilThreadRecord* gil_new_record(ThreadState* ts);
inline GilThreadRecord* gil_record(ThreadState* ts) { return ts->gil_record ? ts->gil_record : gil_new_record(ts); }
// Called by a thread about to end (GIL held): fixes its name in its record, if any.
void gil_thread_exiting(ThreadState* ts, std::string name);
// The index in rec's sites of `site` (not the null site), for `kind` and `reason`; the
// first time, the site is added and takes a reference to the code. A thread in a loop
// blocks or is forced off at the same place again and again: that one is checked inline.
uint32_t gil_meter_site_slow(GilThreadRecord* rec, GilSite site, SiteKind kind, BlockReason reason);
inline uint32_t gil_meter_site(GilThreadRecord* rec, GilSite site, SiteKind kind, BlockReason reason) {
  if (rec->last_site < rec->sites.size()) {
    const SiteStats& last = rec->sites[rec->last_site];
    if (last.site.code == site.code && last.site.instr == site.instr && last.kind == kind && last.reason == reason)
      return rec->last_site;
  }
  return gil_meter_site_slow(rec, site, kind, reason);
}
// gil_meter_reset's part outside the GIL's own state (runtime/gil.cpp calls it).
void gil_meter_clear(uint64_t now_ns);

// Set by vm/: where `ts` is in Python code (its innermost frame), skipping frames of the
// interpreter's own library modules when a user frame is further out (the null site: no
// Python frame). When `reason` points to kLock, the same frames reclassify the lock wait
// as a join, a queue's or an executor's (threading's join, queue's get and put).
// Called right after `ts` released the GIL (the frames cannot change until it takes it
// back), so it reads nothing but the thread's own frames and their code objects.
extern GilSite (*gil_site_hook)(ThreadState* ts, BlockReason* reason);

}  // namespace gilpy::rt
