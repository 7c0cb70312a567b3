// stdlib/gil/trace_common.h: what the two pictures of a GIL trace share, the Chrome
// trace-event file (trace_file.cpp) and the SVG timeline (timeline_svg.cpp): which threads
// they show, the stretch of time they cover, how a site reads, and how a recorded hand-off
// is interpreted. Both read the meter (runtime/gil_meter.h) with the GIL held.
//
// Facts about a thread's trace (runtime/gil.cpp records them) that the readers rely on:
// - a thread's kHold events are appended at each release, so they are in time order;
// - an acquisition appends its drop requests, then its kWait (when it had to wait), then
//   its kHandoff (when the GIL came from another thread), all ending at the same instant,
//   the moment the thread took the GIL, which is where its next kHold starts;
// - a kHandoff starts at the drop request that preceded the release, if any, else at the
//   release itself; the release is the end of the releasing thread's latest kHold.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/gil_meter.h"
#include "vm/gil_sites.h"

namespace gilpy::stdlib::gil {

// The threads a picture shows: every thread with something in the trace, and every one
// still running (a thread blocked for the whole trace has no event yet, but exists).
inline bool trace_shows_thread(const rt::GilThreadRecord& rec) { return rec.alive || !rec.trace.empty(); }

// The stretch of time a picture covers: from the start of tracing to the end of the
// last event (or now, when nothing was recorded).
struct TraceSpan {
  uint64_t begin_ns = 0;
  uint64_t end_ns = 0;
  uint64_t length_ns() const { return end_ns > begin_ns ? end_ns - begin_ns : 0; }
};

inline TraceSpan trace_span(const rt::GilMeter& meter) {
  TraceSpan span{meter.trace_since_ns, meter.trace_since_ns};
  bool any = false;
  for (const auto& rec : meter.threads) {
    for (const rt::TraceEvent& ev : rec->trace) {
      span.end_ns = std::max(span.end_ns, ev.end_ns);
      any = true;
    }
  }
  if (!any) span.end_ns = std::max(span.begin_ns, rt::gil_now_ns());
  return span;
}

// A site as a report names it, "function (file:line)"; empty for kNoSite or a site
// without Python code.
inline std::string site_where(const rt::GilThreadRecord& rec, uint32_t site) {
  if (site == rt::kNoSite || site >= rec.sites.size()) return std::string();
  vm::SiteDescription d = vm::describe_site(rec.sites[site].site);
  if (d.function.empty() && d.file.empty()) return std::string();
  return d.where();
}

// Whether the kHandoff at `trace[i]` ended a wait: the thread found the GIL taken and
// had to wait for it. Only these measure hand-off latency (the meter's histogram counts
// the same ones); an uncontended switch records the time the GIL lay idle instead.
inline bool handoff_was_contended(const std::vector<rt::TraceEvent>& trace, size_t i) {
  return i > 0 && trace[i - 1].kind == rt::TraceKind::kWait && trace[i - 1].end_ns == trace[i].end_ns;
}

// The length of the well-formed UTF-8 sequence at `s[i]`, or 0 if the bytes there are not
// one (a stray continuation byte, a truncated or overlong sequence, a surrogate). The
// escapers replace such bytes with U+FFFD: a name with them would make the whole file
// unreadable to a strict JSON or XML parser.
inline size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  unsigned char c1 = byte(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 >= 0xA0) return 0;  // a surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 >= 0x90) return 0;  // beyond U+10FFFF
  return len;
}
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// The positions of a thread's kHold events in its trace, in time order, to find the hold a
// hand-off came from (the latest that ended by a time) or went to (the one that starts at
// a time).
class HoldIndex {
 public:
  explicit HoldIndex(const std::vector<rt::TraceEvent>& trace) : trace_(&trace) {
    for (size_t i = 0; i < trace.size(); ++i)
      if (trace[i].kind == rt::TraceKind::kHold) holds_.push_back(i);
    // (in order already, see above; sorting keeps the lookups right if that ever changes)
    std::sort(holds_.begin(), holds_.end(), [&](size_t a, size_t b) { return trace[a].start_ns < trace[b].start_ns; });
  }
  // The latest hold that ended at or before `t`, or nullptr.
  const rt::TraceEvent* ended_by(uint64_t t) const {
    auto it = std::upper_bound(holds_.begin(), holds_.end(), t,
                               [&](uint64_t time, size_t h) { return time < (*trace_)[h].start_ns; });
    while (it != holds_.begin()) {
      --it;
      const rt::TraceEvent& hold = (*trace_)[*it];
      if (hold.end_ns <= t) return &hold;
    }
    return nullptr;
  }
  // The hold that starts at `t`, or nullptr.
  const rt::TraceEvent* starting_at(uint64_t t) const {
    auto it = std::lower_bound(holds_.begin(), holds_.end(), t,
                               [&](size_t h, uint64_t time) { return (*trace_)[h].start_ns < time; });
    if (it == holds_.end() || (*trace_)[*it].start_ns != t) return nullptr;
    return &(*trace_)[*it];
  }

 private:
  const std::vector<rt::TraceEvent>* trace_;
  std::vector<size_t> holds_;
};

}  // namespace gilpy::stdlib::gil
