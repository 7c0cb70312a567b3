// stdlib/gil/trace_file.cpp: `--gil-trace FILE` and gil.trace_stop(): the GIL trace
// (runtime/gil_meter.h) as a Chrome trace-event JSON file, which Perfetto and
// chrome://tracing open. One process (pid 1), one track a thread (tid = its position in
// the meter + 1, named by thread_name metadata), and on each track:
//
//   gil.hold, gil.wait   complete events ("X") while the thread held / waited for the GIL
//   blocked              complete events for blocking calls, args.reason and args.where
//   gil.drop_request     instants ("i") where a waiting thread asked the holder to drop
//   gil.forced_switch    instants where the holder dropped on request (args.where)
//   gil.handoff          a flow arrow from the hold that released the GIL to the hold
//                        that took it next ("s" on the releaser, "f" on the taker)
//
// Times are microseconds since the start of tracing, written from integer nanoseconds
// with three decimals, so they are exact: two holds that touch in the meter touch in the
// file, and holds of different threads never overlap there either.
//
// A flow event binds to the slice open on its track at its timestamp (Perfetto takes the
// topmost open slice; a slice ending exactly at the flow's time is already closed, and
// one starting at it may not be open yet). So each end of an arrow sits a little inside
// its hold, never on an edge; Perfetto draws the arrow from the end of the releasing
// hold to the start of the taking one regardless.
//
// The file is written as it goes through a buffer, not built in memory: a long run
// traces hundreds of thousands of events.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/gil/report.h"
#include "stdlib/gil/trace_common.h"

namespace gilpy::stdlib::gil {

namespace {

// How far inside a hold a flow arrow's end sits (at most half the hold).
constexpr uint64_t kFlowInsetNs = 500;

// A FILE* with a buffer of its own and the few JSON pieces the trace needs. A busy run
// writes millions of numbers: they are formatted by hand, not by printf.
class JsonWriter {
 public:
  JsonWriter(FILE* out, uint64_t origin_ns) : out_(out), origin_ns_(origin_ns) { buffer_.reserve(kFlushAt + 4096); }

  void raw(std::string_view s) {
    buffer_.append(s);
    if (buffer_.size() >= kFlushAt) flush();
  }
  void integer(uint64_t n) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    raw(std::string_view(digits, size_t(end - digits)));
  }
  // A length of time in microseconds from nanoseconds, exactly: "12.345".
  void micros(uint64_t ns) {
    char digits[32];
    char* end = std::to_chars(digits, digits + 24, ns / 1000).ptr;
    uint64_t frac = ns % 1000;
    end[0] = '.';
    end[1] = char('0' + frac / 100);
    end[2] = char('0' + frac / 10 % 10);
    end[3] = char('0' + frac % 10);
    raw(std::string_view(digits, size_t(end + 4 - digits)));
  }
  // A point in time, relative to the start of tracing.
  void time(uint64_t ns) { micros(ns > origin_ns_ ? ns - origin_ns_ : 0); }
  void string(std::string_view s) {
    append_json_string(buffer_, s);
    if (buffer_.size() >= kFlushAt) flush();
  }

  // Opens one event object of the traceEvents array: name (one of this file's own,
  // which need no escaping), phase, pid, tid; the category only on flow events, which
  // bind by category and id (the rest are most of a busy trace's bytes).
  void begin_event(std::string_view name, std::string_view phase, uint64_t tid) {
    raw(first_event_ ? "\n{\"name\":\"" : ",\n{\"name\":\"");
    first_event_ = false;
    raw(name);
    raw(phase == "s" || phase == "f" ? "\",\"cat\":\"gil\",\"ph\":\"" : "\",\"ph\":\"");
    raw(phase);
    raw("\",\"pid\":1,\"tid\":");
    integer(tid);
  }
  void end_event() { raw("}"); }

  void flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }
  bool failed() const { return failed_; }

 private:
  static constexpr size_t kFlushAt = 1 << 16;
  FILE* out_;
  uint64_t origin_ns_;
  std::string buffer_;
  bool first_event_ = true;
  bool failed_ = false;
};

void write_metadata(JsonWriter& w, const rt::GilMeter& meter) {
  w.begin_event("process_name", "M", 0);
  w.raw(",\"args\":{\"name\":\"gilpy\"}");
  w.end_event();
  for (size_t i = 0; i < meter.threads.size(); ++i) {
    const rt::GilThreadRecord& rec = *meter.threads[i];
    if (!trace_shows_thread(rec)) continue;
    w.begin_event("thread_name", "M", i + 1);
    w.raw(",\"args\":{\"name\":");
    w.string(thread_name(rec));
    w.raw("}");
    w.end_event();
    // Tracks in the order threads first took the GIL (the main thread first).
    w.begin_event("thread_sort_index", "M", i + 1);
    w.raw(",\"args\":{\"sort_index\":");
    w.integer(i);
    w.raw("}");
    w.end_event();
  }
}

void write_slice(JsonWriter& w, std::string_view name, uint64_t tid, const rt::TraceEvent& ev) {
  w.begin_event(name, "X", tid);
  w.raw(",\"ts\":");
  w.time(ev.start_ns);
  w.raw(",\"dur\":");
  w.micros(ev.end_ns - ev.start_ns);
}

void write_instant(JsonWriter& w, std::string_view name, uint64_t tid, uint64_t at_ns) {
  w.begin_event(name, "i", tid);
  w.raw(",\"s\":\"t\",\"ts\":");
  w.time(at_ns);
}

// `where`: the site as JSON text (empty: none).
void write_where(JsonWriter& w, const std::string& where) {
  if (where.empty()) return;
  w.raw(",\"where\":");
  w.raw(where);
}

// The arrow of one hand-off, if both holds it joins are in the trace (a hold still
// running when the file is written is not, nor is one that ended before tracing began).
void write_handoff(JsonWriter& w, const rt::TraceEvent& handoff, uint64_t taker_tid, const HoldIndex& taker_holds,
                   const std::vector<HoldIndex>& holds_by_thread, uint64_t* next_flow_id) {
  if (handoff.from_thread >= holds_by_thread.size()) return;
  const rt::TraceEvent* released = holds_by_thread[handoff.from_thread].ended_by(handoff.end_ns);
  const rt::TraceEvent* taken = taker_holds.starting_at(handoff.end_ns);
  if (!released || !taken) return;
  uint64_t id = (*next_flow_id)++;
  uint64_t out_inset = std::min(kFlowInsetNs, (released->end_ns - released->start_ns) / 2);
  uint64_t in_inset = std::min(kFlowInsetNs, (taken->end_ns - taken->start_ns) / 2);
  w.begin_event("gil.handoff", "s", uint64_t(handoff.from_thread) + 1);
  w.raw(",\"id\":");
  w.integer(id);
  w.raw(",\"ts\":");
  w.time(released->end_ns - out_inset);
  w.end_event();
  w.begin_event("gil.handoff", "f", taker_tid);
  w.raw(",\"bp\":\"e\",\"id\":");
  w.integer(id);
  w.raw(",\"ts\":");
  w.time(taken->start_ns + in_inset);
  w.end_event();
}

void write_events(JsonWriter& w, const rt::GilMeter& meter) {
  std::vector<HoldIndex> holds_by_thread;
  holds_by_thread.reserve(meter.threads.size());
  for (const auto& rec : meter.threads) holds_by_thread.emplace_back(rec->trace);
  uint64_t next_flow_id = 1;
  for (size_t t = 0; t < meter.threads.size(); ++t) {
    const rt::GilThreadRecord& rec = *meter.threads[t];
    uint64_t tid = t + 1;
    // Sites are named once each, as JSON text: describe_site reads line tables.
    std::vector<std::string> where(rec.sites.size());
    std::vector<bool> named(rec.sites.size(), false);
    auto where_of = [&](uint32_t site) -> const std::string& {
      static const std::string kNowhere;
      if (site >= rec.sites.size()) return kNowhere;
      if (!named[site]) {
        std::string text = site_where(rec, site);
        if (!text.empty()) append_json_string(where[site], text);
        named[site] = true;
      }
      return where[site];
    };
    for (const rt::TraceEvent& ev : rec.trace) {
      switch (ev.kind) {
        case rt::TraceKind::kHold:
          write_slice(w, "gil.hold", tid, ev);
          w.end_event();
          break;
        case rt::TraceKind::kWait:
          write_slice(w, "gil.wait", tid, ev);
          w.end_event();
          break;
        case rt::TraceKind::kBlocked:
          write_slice(w, "blocked", tid, ev);
          w.raw(",\"args\":{\"reason\":\"");
          w.raw(rt::block_reason_name(ev.reason));
          w.raw("\"");
          write_where(w, where_of(ev.site));
          w.raw("}");
          w.end_event();
          break;
        case rt::TraceKind::kDropRequest:
          write_instant(w, "gil.drop_request", tid, ev.start_ns);
          w.end_event();
          break;
        case rt::TraceKind::kForcedSwitch: {
          write_instant(w, "gil.forced_switch", tid, ev.start_ns);
          const std::string& at = where_of(ev.site);
          if (!at.empty()) {
            w.raw(",\"args\":{\"where\":");
            w.raw(at);
            w.raw("}");
          }
          w.end_event();
          break;
        }
        case rt::TraceKind::kHandoff:
          write_handoff(w, ev, tid, holds_by_thread[t], holds_by_thread, &next_flow_id);
          break;
      }
    }
  }
}

}  // namespace

bool write_chrome_trace(const std::string& path, std::string* error) {
  FILE* out = std::fopen(path.c_str(), "w");
  if (!out) {
    if (error) *error = "cannot write trace to " + path + ": " + std::strerror(errno);
    return false;
  }
  const rt::GilMeter& meter = rt::gil_meter();
  JsonWriter w(out, meter.trace_since_ns);
  errno = 0;
  w.raw("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
  write_metadata(w, meter);
  write_events(w, meter);
  w.raw("\n]}\n");
  w.flush();
  bool ok = !w.failed() && !std::ferror(out);
  int reason = ok ? 0 : errno ? errno : EIO;
  if (std::fclose(out) != 0 && ok) {
    ok = false;
    reason = errno ? errno : EIO;
  }
  if (!ok && error) *error = "cannot write trace to " + path + ": " + std::strerror(reason);
  return ok;
}

}  // namespace gilpy::stdlib::gil
