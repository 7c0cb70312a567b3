// stdlib/gil/report.h: what gilpy shows of the GIL meter (runtime/gil_meter.h): the
// `--gil-stats` table and its JSON form (report.cpp), the `--gil-trace` Chrome trace-event
// file (trace_file.cpp), the `--gil-timeline` SVG picture (timeline_svg.cpp), and the
// reports asked for on the command line, written at exit (report.cpp). Everything here
// runs with the GIL held, reading the meter as it stands.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/gil_meter.h"

namespace gilpy::stdlib::gil {

// The name a report shows for a thread: the threading.Thread's name while it runs, the
// name it had when it ended, else "Thread-<ident>".
std::string thread_name(const rt::GilThreadRecord& rec);
// The name of a threading.Thread (its _name, read without running Python code), or "".
std::string thread_object_name(rt::Value thread_object);

// The meter's figures at one moment, as gil.stats(), the table and the JSON show them.
struct ThreadFigures {
  std::string name;
  uint64_t ident;
  bool alive;
  uint64_t acquisitions, contended, forced_switches, drop_requests, drops_obeyed;
  double hold_s, wait_s, max_wait_s;
  uint64_t blocking[rt::kBlockReasonCount];
  uint64_t blocking_releases;
};
struct PlaceFigures {
  std::string function, file;
  int line;
  std::string reason;    // blocked places: what they blocked on
  uint64_t count;
  double time_s;         // hogs: the holds that ended there; blocked places: time blocked
  double wait_s;         // time waiting for the GIL afterwards
};
struct Figures {
  double wall_s, held_s, contended_s;
  uint64_t switches, drop_requests, drops_obeyed;
  double handoff_p50_s, handoff_p99_s, handoff_max_s;
  uint64_t handoffs;
  std::string policy;
  double switch_interval_s;
  int check_interval;
  std::vector<ThreadFigures> threads;
  std::vector<PlaceFigures> hogs;     // most forced switches first
  std::vector<PlaceFigures> blocked;  // most time first
  bool sites_recorded;
};
Figures collect_figures();

// `s` as a JSON string literal, quotes included: quotes, backslashes and control
// characters escaped, UTF-8 as it is (bytes that are not UTF-8 become U+FFFD).
void append_json_string(std::string& out, std::string_view s);
std::string json_string(std::string_view s);

// The --gil-stats table (one row a thread, the totals, the two "where" lists).
std::string stats_table();
// The same as JSON.
std::string stats_json();

// Writes the trace recorded since gil_trace_start as a Chrome trace-event JSON file
// ({"traceEvents": [...]}, opens in Perfetto). False with `error` set when the file cannot
// be written.
bool write_chrome_trace(const std::string& path, std::string* error);
// Writes the same recording as a self-contained SVG timeline, one lane a thread.
bool write_timeline_svg(const std::string& path, std::string* error);

// What the command line asked for (cli/main.cpp).
struct ReportOptions {
  bool stats = false;         // --gil-stats
  std::string stats_format;   // "" (the table on stderr), "json" (JSON on stderr), or a file for JSON
  std::string trace_path;     // --gil-trace FILE
  std::string timeline_path;  // --gil-timeline FILE.svg
};
// Starts what the reports need (sites, tracing) before the program runs.
void start_reports(const ReportOptions& options);
// Writes them; called once at exit, after the program's threads were joined. Errors go
// to stderr; returns false if a file could not be written.
bool finish_reports(const ReportOptions& options);

}  // namespace gilpy::stdlib::gil
