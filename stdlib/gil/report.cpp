// stdlib/gil/report.cpp: the GIL meter's figures (collect_figures: what gil.stats(), the
// --gil-stats table and its JSON share), the table and the JSON themselves, and the
// reports the command line asks for, started before the program and written at exit.
#include "stdlib/gil/report.h"

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <tuple>

#include "runtime/gil.h"
#include "stdlib/common.h"
#include "stdlib/gil/trace_common.h"
#include "vm/gil_sites.h"

namespace gilpy::stdlib::gil {

using namespace rt;

namespace {

constexpr size_t kPlacesShown = 10;

double seconds(uint64_t ns) { return double(ns) * 1e-9; }

// Sums the sites of every thread by (function, file, line, reason): the same loop seen
// from several threads is one place.
void collect_places(const GilMeter& m, Figures* f) {
  using Key = std::tuple<std::string, std::string, int, std::string>;
  std::map<Key, PlaceFigures> hogs, blocked;
  for (const auto& rec : m.threads) {
    for (const SiteStats& s : rec->sites) {
      if (s.count == 0) continue;
      vm::SiteDescription d = vm::describe_site(s.site);
      bool hog = s.kind == SiteKind::kForcedOff;
      std::string reason = hog ? "" : block_reason_name(s.reason);
      Key key{d.function, d.file, d.line, reason};
      auto& table = hog ? hogs : blocked;
      auto it = table.find(key);
      if (it == table.end()) it = table.emplace(key, PlaceFigures{d.function, d.file, d.line, reason, 0, 0, 0}).first;
      it->second.count += s.count;
      it->second.time_s += seconds(s.time_ns);
      it->second.wait_s += seconds(s.wait_ns);
    }
  }
  for (auto& [key, place] : hogs) f->hogs.push_back(place);
  for (auto& [key, place] : blocked) f->blocked.push_back(place);
  std::sort(f->hogs.begin(), f->hogs.end(), [](const PlaceFigures& a, const PlaceFigures& b) {
    return a.count != b.count ? a.count > b.count : a.time_s > b.time_s;
  });
  std::sort(f->blocked.begin(), f->blocked.end(), [](const PlaceFigures& a, const PlaceFigures& b) {
    return a.time_s + a.wait_s > b.time_s + b.wait_s;
  });
}

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

std::string where(const PlaceFigures& p) { return vm::SiteDescription{p.function, p.file, p.line}.where(); }

std::string percent(double part, double whole) { return format("%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0); }

std::string milliseconds(double s) { return format("%.3f ms", s * 1e3); }

}  // namespace

std::string thread_object_name(Value thread_object) {
  if (thread_object.is_null()) return "";
  // Thread._name, not the `name` property: running Python code here could switch
  // threads, and another thread starting meanwhile would change the meter's records.
  Ref name = getattr(thread_object, "_name");
  if (name && is_str(name.get())) return utf8_of(name.get());
  if (!name) clear_error();
  return "";
}

std::string thread_name(const GilThreadRecord& rec) {
  std::string running = thread_object_name(rec.thread_object);
  if (!running.empty()) return running;
  if (!rec.name.empty()) return rec.name;
  return "thread-" + std::to_string(rec.ident);
}

Figures collect_figures() {
  GilMeter& m = gil_meter();
  uint64_t now = gil_now_ns();
  Figures f{};
  f.wall_s = seconds(now - m.since_ns);
  f.contended_s = seconds(gil_contended_ns());
  LatencyHistogram handoff;
  for (const auto& rec : m.threads) {
    f.switches += rec->switched_in;
    handoff.merge(rec->handoff);
  }
  f.handoffs = handoff.count;
  f.handoff_p50_s = seconds(handoff.percentile_ns(0.50));
  f.handoff_p99_s = seconds(handoff.percentile_ns(0.99));
  f.handoff_max_s = seconds(handoff.max_ns);
  f.policy = gil_policy_name();
  f.switch_interval_s = 1e-6 * double(gil_switch_interval_us());
  f.check_interval = gil_check_interval();
  f.sites_recorded = m.record_sites;
  ThreadState* me = ThreadState::current();
  uint64_t held = 0;
  for (const auto& rec : m.threads) {
    ThreadFigures t{};
    t.name = thread_name(*rec);
    t.ident = rec->ident;
    t.alive = rec->alive;
    t.acquisitions = rec->acquisitions;
    t.contended = rec->contended;
    t.forced_switches = rec->forced_switches;
    t.drop_requests = rec->drop_requests;
    t.drops_obeyed = rec->drops_obeyed;
    uint64_t hold = rec->hold_ns;
    if (me && me->gil_record == rec.get()) hold += now - rec->taken_at_ns;  // the hold in progress
    held += hold;
    t.hold_s = seconds(hold);
    t.wait_s = seconds(rec->wait_ns);
    t.max_wait_s = seconds(rec->max_wait_ns);
    std::copy(std::begin(rec->blocking), std::end(rec->blocking), t.blocking);
    t.blocking_releases = rec->blocking_releases();
    f.drop_requests += rec->drop_requests;
    f.drops_obeyed += rec->drops_obeyed;
    f.threads.push_back(std::move(t));
  }
  f.held_s = seconds(held);
  collect_places(m, &f);
  return f;
}

// Appends `s` as a JSON string: quotes, backslashes and control characters escaped,
// UTF-8 as it is (bytes that are not UTF-8 become U+FFFD).
void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out.append(kReplacementCharacter);
      i += 1;
      continue;
    }
    if (len > 1 || (c >= 0x20 && c != '"' && c != '\\')) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default: {
        char esc[8];
        std::snprintf(esc, sizeof esc, "\\u%04x", c);
        out.append(esc);
      }
    }
    i += 1;
  }
  out.push_back('"');
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string stats_table() {
  Figures f = collect_figures();
  std::string out = format("gilpy GIL statistics: policy %s, switch interval %s", f.policy.c_str(),
                           milliseconds(f.switch_interval_s).c_str());
  if (f.policy == "legacy") out += format(", check interval %d", f.check_interval);
  out += "\n\n";
  out += format("%-20s %12s %10s %9s %9s %12s %8s %9s\n", "thread", "acquisitions", "contended", "hold s",
                "wait s", "max wait ms", "forced", "blocking");
  for (const ThreadFigures& t : f.threads) {
    std::string name = t.name.size() > 20 ? t.name.substr(0, 19) + "~" : t.name;
    out += format("%-20s %12" PRIu64 " %10" PRIu64 " %9.3f %9.3f %12.3f %8" PRIu64 " %9" PRIu64 "\n", name.c_str(),
                  t.acquisitions, t.contended, t.hold_s, t.wait_s, t.max_wait_s * 1e3, t.forced_switches,
                  t.blocking_releases);
  }
  out += "\n";
  out += format("wall time %.3f s, GIL held %s of it, with at least one waiter %s\n", f.wall_s,
                percent(f.held_s, f.wall_s).c_str(), percent(f.contended_s, f.wall_s).c_str());
  out += format("switches %" PRIu64 " (%.1f/s), drop requests %" PRIu64 " (obeyed %" PRIu64 ")\n", f.switches,
                f.wall_s > 0 ? double(f.switches) / f.wall_s : 0.0, f.drop_requests, f.drops_obeyed);
  out += format("hand-off latency: p50 %s, p99 %s, max %s (%" PRIu64 " hand-offs)\n",
                milliseconds(f.handoff_p50_s).c_str(), milliseconds(f.handoff_p99_s).c_str(),
                milliseconds(f.handoff_max_s).c_str(), f.handoffs);
  if (!f.sites_recorded) return out;
  out += "\nwhere threads were forced off the GIL (GIL hogs):\n";
  if (f.hogs.empty()) out += "  (none)\n";
  else out += format("  %8s %9s %9s  %s\n", "switches", "held s", "wait s", "where");
  for (size_t i = 0; i < f.hogs.size() && i < kPlacesShown; ++i) {
    const PlaceFigures& p = f.hogs[i];
    out += format("  %8" PRIu64 " %9.3f %9.3f  %s\n", p.count, p.time_s, p.wait_s, where(p).c_str());
  }
  out += "\nwhere threads blocked and then waited for the GIL:\n";
  if (f.blocked.empty()) out += "  (none)\n";
  else out += format("  %8s %9s %9s %-8s  %s\n", "count", "blocked s", "wait s", "reason", "where");
  for (size_t i = 0; i < f.blocked.size() && i < kPlacesShown; ++i) {
    const PlaceFigures& p = f.blocked[i];
    out += format("  %8" PRIu64 " %9.3f %9.3f %-8s  %s\n", p.count, p.time_s, p.wait_s, p.reason.c_str(),
                  where(p).c_str());
  }
  return out;
}

std::string stats_json() {
  Figures f = collect_figures();
  std::string out = "{";
  out += format("\"wall_s\": %.9f, \"held_s\": %.9f, \"contended_s\": %.9f, ", f.wall_s, f.held_s, f.contended_s);
  out += format("\"switches\": %" PRIu64 ", \"drop_requests\": %" PRIu64 ", \"drops_obeyed\": %" PRIu64 ", ",
                f.switches, f.drop_requests, f.drops_obeyed);
  out += format("\"handoff_p50_s\": %.9f, \"handoff_p99_s\": %.9f, \"handoff_max_s\": %.9f, \"handoffs\": %" PRIu64
                ", ",
                f.handoff_p50_s, f.handoff_p99_s, f.handoff_max_s, f.handoffs);
  out += "\"policy\": " + json_string(f.policy) + format(", \"switch_interval_s\": %.9g, ", f.switch_interval_s);
  out += format("\"check_interval\": %d, \"threads\": [", f.check_interval);
  for (size_t i = 0; i < f.threads.size(); ++i) {
    const ThreadFigures& t = f.threads[i];
    if (i) out += ", ";
    out += "{\"name\": " + json_string(t.name) + format(", \"ident\": %" PRIu64 ", ", t.ident);
    out += format("\"alive\": %s, \"acquisitions\": %" PRIu64 ", \"contended\": %" PRIu64 ", ",
                  t.alive ? "true" : "false", t.acquisitions, t.contended);
    out += format("\"hold_s\": %.9f, \"wait_s\": %.9f, \"max_wait_s\": %.9f, ", t.hold_s, t.wait_s, t.max_wait_s);
    out += format("\"forced_switches\": %" PRIu64 ", \"drop_requests\": %" PRIu64 ", \"drops_obeyed\": %" PRIu64
                  ", \"blocking_releases\": {",
                  t.forced_switches, t.drop_requests, t.drops_obeyed);
    for (int r = 0; r < kBlockReasonCount; ++r)
      out += format("%s\"%s\": %" PRIu64, r ? ", " : "", block_reason_name(BlockReason(r)), t.blocking[r]);
    out += "}}";
  }
  out += "]";
  auto places = [&](const char* key, const std::vector<PlaceFigures>& list) {
    out += format(", \"%s\": [", key);
    for (size_t i = 0; i < list.size() && i < kPlacesShown; ++i) {
      const PlaceFigures& p = list[i];
      if (i) out += ", ";
      out += "{\"function\": " + json_string(p.function) + ", \"file\": " + json_string(p.file) +
             format(", \"line\": %d, ", p.line);
      if (!p.reason.empty()) out += "\"reason\": " + json_string(p.reason) + ", ";
      out += format("\"count\": %" PRIu64 ", \"time_s\": %.9f, \"wait_s\": %.9f}", p.count, p.time_s, p.wait_s);
    }
    out += "]";
  };
  if (f.sites_recorded) {
    places("hogs", f.hogs);
    places("blocked", f.blocked);
  }
  return out + "}\n";
}

void start_reports(const ReportOptions& options) {
  if (options.stats) gil_meter_record_sites();  // (each starts the meter)
  if (!options.trace_path.empty() || !options.timeline_path.empty()) gil_trace_start();
}

static bool write_file(const std::string& path, const std::string& text) {
  FILE* fp = std::fopen(path.c_str(), "w");
  bool ok = fp && std::fwrite(text.data(), 1, text.size(), fp) == text.size();
  int err = errno;
  if (fp && std::fclose(fp) != 0) ok = false;
  if (!ok) std::fprintf(stderr, "gilpy: cannot write GIL statistics to %s: %s\n", path.c_str(), std::strerror(err));
  return ok;
}

bool finish_reports(const ReportOptions& options) {
  bool ok = true;
  if (gil_meter().tracing) gil_trace_stop();
  std::string error;
  if (!options.trace_path.empty() && !write_chrome_trace(options.trace_path, &error)) {
    std::fprintf(stderr, "gilpy: %s\n", error.c_str());
    ok = false;
  }
  if (!options.timeline_path.empty() && !write_timeline_svg(options.timeline_path, &error)) {
    std::fprintf(stderr, "gilpy: %s\n", error.c_str());
    ok = false;
  }
  if (options.stats) {
    if (options.stats_format.empty()) {
      std::string table = stats_table();
      std::fwrite(table.data(), 1, table.size(), stderr);
    } else if (options.stats_format == "json") {
      std::string json = stats_json();
      std::fwrite(json.data(), 1, json.size(), stderr);
    } else {
      ok = write_file(options.stats_format, stats_json()) && ok;
    }
    std::fflush(stderr);
  }
  return ok;
}

}  // namespace gilpy::stdlib::gil
