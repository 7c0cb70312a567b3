// runtime/gil_meter.cpp: the GIL meter's bookkeeping (runtime/gil_meter.h): thread
// records, the site tables, the latency histogram, reset and tracing switches. The
// measuring itself happens in runtime/gil.cpp, at the moments it describes.
#include "runtime/gil_meter.h"

#include "runtime/gil.h"

namespace gilpy::rt {

GilSite (*gil_site_hook)(ThreadState* ts, BlockReason* reason) = nullptr;

const char* block_reason_name(BlockReason reason) {
  static const char* const kNames[kBlockReasonCount] = {"sleep", "lock",   "join",  "queue",    "io",
                                                        "socket", "epoll", "input", "executor", "other"};
  return kNames[int(reason)];
}

// ---- the histogram ----------------------------------------------------------------------------

static int bucket_of(uint64_t ns) {
  constexpr int S = LatencyHistogram::kSubBits;
  if (ns < (1u << S)) return int(ns);
  int e = 63 - __builtin_clzll(ns);  // >= S
  int sub = int((ns >> (e - S)) & ((1u << S) - 1));
  return (e - S + 1) * (1 << S) + sub;
}

// One past the largest value that falls in bucket `b`.
static uint64_t bucket_end(int b) {
  constexpr int S = LatencyHistogram::kSubBits;
  if (b < (1 << S)) return uint64_t(b) + 1;
  int e = b / (1 << S) + S - 1;
  uint64_t sub = uint64_t(b % (1 << S));
  return (((1u << S) + sub + 1) << (e - S));
}

void LatencyHistogram::add(uint64_t ns) {
  buckets[bucket_of(ns)]++;
  count++;
  if (ns > max_ns) max_ns = ns;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (int b = 0; b < kBuckets; ++b) buckets[b] += other.buckets[b];
  count += other.count;
  if (other.max_ns > max_ns) max_ns = other.max_ns;
}

uint64_t LatencyHistogram::percentile_ns(double p) const {
  if (count == 0) return 0;
  uint64_t rank = uint64_t(p * double(count));
  if (rank < 1) rank = 1;
  if (rank > count) rank = count;
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets[b];
    if (seen >= rank) {
      uint64_t end = bucket_end(b) - 1;
      return end < max_ns ? end : max_ns;
    }
  }
  return max_ns;
}

// ---- records ------------------------------------------------------------------------------------

uint64_t GilThreadRecord::blocking_releases() const {
  uint64_t n = 0;
  for (uint64_t c : blocking) n += c;
  return n;
}

GilThreadRecord* gil_new_record(ThreadState* ts) {
  GilMeter& m = gil_meter();
  auto rec = std::make_unique<GilThreadRecord>();
  rec->ident = ts->thread_id;
  rec->index = uint32_t(m.threads.size());
  if (ts->is_main) rec->name = "MainThread";
  rec->thread_object = ts->thread_object;
  ts->gil_record = rec.get();
  m.threads.push_back(std::move(rec));
  return ts->gil_record;
}

void gil_thread_exiting(ThreadState* ts, std::string name) {
  ts->thread_object = Value();
  GilThreadRecord* rec = ts->gil_record;
  if (!rec) return;  // the meter never saw it
  rec->alive = false;
  rec->thread_object = Value();
  if (!name.empty()) rec->name = std::move(name);
}

// ---- sites ----------------------------------------------------------------------------------------

uint32_t gil_meter_site_slow(GilThreadRecord* rec, GilSite site, SiteKind kind, BlockReason reason) {
  uint64_t key = (uint64_t(uintptr_t(site.code)) << 12) ^ (uint64_t(uint32_t(site.instr)) << 5) ^
                 (uint64_t(kind) << 4) ^ uint64_t(reason);
  // Keys can collide: probe on until the entry is this site or free.
  for (;; ++key) {
    auto it = rec->site_index.find(key);
    if (it == rec->site_index.end()) break;
    const SiteStats& s = rec->sites[it->second];
    if (s.site.code == site.code && s.site.instr == site.instr && s.kind == kind && s.reason == reason)
      return rec->last_site = it->second;
  }
  uint32_t index = uint32_t(rec->sites.size());
  incref(site.code);
  rec->sites.push_back(SiteStats{site, kind, reason});
  rec->site_index.emplace(key, index);
  return rec->last_site = index;
}

static void clear_sites(GilThreadRecord* rec) {
  for (SiteStats& s : rec->sites) decref(s.site.code);
  rec->sites.clear();
  rec->site_index.clear();
  rec->last_site = kNoSite;
}

// ---- reset and tracing ----------------------------------------------------------------------------

void gil_meter_clear(uint64_t now) {
  GilMeter& m = gil_meter();
  std::vector<std::unique_ptr<GilThreadRecord>> kept;
  for (auto& rec : m.threads) {
    if (!rec->alive) {
      clear_sites(rec.get());
      continue;
    }
    GilThreadRecord fresh;
    fresh.ident = rec->ident;
    fresh.index = uint32_t(kept.size());
    fresh.name = std::move(rec->name);
    fresh.thread_object = rec->thread_object;
    fresh.taken_at_ns = now;  // the thread resetting holds the GIL: its hold counts from now
    clear_sites(rec.get());
    *rec = std::move(fresh);
    kept.push_back(std::move(rec));
  }
  m.threads = std::move(kept);
  m.since_ns = now;
  m.resets++;
  if (m.tracing) m.trace_since_ns = now;
}

void gil_meter_record_sites() {
  gil_meter_start();
  gil_meter().record_sites = true;
}

void gil_trace_event(GilThreadRecord* rec, TraceEvent ev) {
  GilMeter& m = gil_meter();
  if (ev.end_ns < m.trace_since_ns) return;
  if (ev.start_ns < m.trace_since_ns) ev.start_ns = m.trace_since_ns;
  rec->trace.push_back(ev);
}

void gil_trace_start() {
  gil_meter_start();
  GilMeter& m = gil_meter();
  for (auto& rec : m.threads) rec->trace.clear();
  m.record_sites = true;
  m.tracing = true;
  m.trace_since_ns = gil_now_ns();
}

void gil_trace_stop() {
  GilMeter& m = gil_meter();
  if (!m.tracing) return;
  // The caller holds the GIL: its hold so far belongs to the trace.
  if (ThreadState* ts = ThreadState::current()) {
    GilThreadRecord* rec = gil_record(ts);
    gil_trace_event(rec, {rec->taken_at_ns, gil_now_ns(), TraceKind::kHold, BlockReason::kOther, kNoSite, 0});
  }
  m.tracing = false;
}

}  // namespace gilpy::rt
