// stdlib/gil/timeline_svg.cpp: `--gil-timeline FILE.svg`: the GIL trace
// (runtime/gil_meter.h) as one self-contained SVG picture (no scripts, no external
// references), the picture people draw of the convoy effect, from a real run:
//
//   held 97.1% of 2.004 s · 412 switches/s · hand-off p99 5.21 ms · 3 threads   summary
//   ■ holding the GIL  ■ waiting for the GIL  ■ blocked: sleep  | drop request   legend
//   MainThread   [join join join join join join join join join join join join]   a lane a
//   worker-a     [hold wait wait hold wait wait hold wait wait hold wait wait]   thread
//                0          500 ms          1 s          1.5 s          2 s      time axis
//
// Each lane is a <g class="lane"> whose <title> is the thread's name. The plot is
// kPlotColumns pixels wide whatever the length of the run, so each lane's time is
// bucketed into those columns and a column is drawn as a stack of its states, each as
// tall as its share of the column (stack_column). Runs of columns where a state's part of
// the stack stays the same become one rectangle, and all rectangles of a state in a lane
// one <path>: a run whose switches are longer than a pixel's worth of time comes out as a
// few rectangles a switch, and a 10-second run with 8 threads stays a couple of hundred
// kilobytes at worst, however many thousand switches it made. Drop requests are ticks
// above the lane of the thread that asked, one a column at most.
//
// The summary's figures come from the trace alone: the share of the traced time some
// thread held the GIL, switches to another thread per second, and the 99th percentile
// of hand-off latency over the hand-offs that ended a wait (those the meter's own
// histogram counts).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/gil/report.h"
#include "stdlib/gil/trace_common.h"

namespace gilpy::stdlib::gil {

namespace {

// ---- the states a lane shows --------------------------------------------------------------------

// 0 holding, 1 waiting, then one per block reason.
constexpr int kHoldState = 0;
constexpr int kWaitState = 1;
constexpr int kStateCount = 2 + rt::kBlockReasonCount;
int blocked_state(rt::BlockReason reason) { return 2 + int(reason); }

// Green holds, red waits, and cool or neutral colours for the blocking calls, so that the
// two states of contention stand out.
constexpr const char* kStateColours[kStateCount] = {
    "#2ca02c",  // holding
    "#d62728",  // waiting
    "#1f77b4",  // sleep
    "#9467bd",  // lock
    "#8c564b",  // join
    "#e377c2",  // queue
    "#17becf",  // io
    "#bcbd22",  // socket
    "#ff7f0e",  // epoll
    "#7f7f7f",  // input
    "#aec7e8",  // executor
    "#c7c7c7",  // other
};

std::string state_label(int state) {
  if (state == kHoldState) return "holding the GIL";
  if (state == kWaitState) return "waiting for the GIL";
  return std::string("blocked: ") + rt::block_reason_name(rt::BlockReason(state - 2));
}

// ---- geometry -----------------------------------------------------------------------------------

constexpr int kPlotColumns = 1000;  // pixels of time, whatever the length of the run
constexpr int kLabelWidth = 170;    // thread names, left of the plot
constexpr int kRightMargin = 40;    // room for the last tick label
constexpr int kWidth = kLabelWidth + kPlotColumns + kRightMargin;
constexpr int kSummaryY = 20;
constexpr int kLegendY = 42;        // first legend row's baseline
constexpr int kLegendRowHeight = 18;
constexpr int kLanePitch = 24;
constexpr int kBarHeight = 16;
constexpr size_t kLabelChars = 22;  // the longest thread name shown in full left of its lane
constexpr double kCharWidth = 7.0;   // a 12px sans-serif character, for laying out the legend

// ---- text ---------------------------------------------------------------------------------------

// XML character data or an attribute value: markup characters escaped, characters XML
// does not allow (most control characters, bytes that are not UTF-8) replaced.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out.append(kReplacementCharacter);
      i += 1;
      continue;
    }
    if (len > 1) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&apos;"); break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out.append(kReplacementCharacter);
        else out.push_back(char(c));
    }
    i += 1;
  }
  return out;
}

// At most `limit` characters of `s` (UTF-8 aware), with an ellipsis when cut.
std::string shorten(const std::string& s, size_t limit) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = std::max<size_t>(1, utf8_sequence_length(s, i));
    if (++chars > limit) return s.substr(0, i) + "\xE2\x80\xA6";
    i += len;
  }
  return s;
}

size_t display_chars(std::string_view s) {
  size_t chars = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) chars++;
  return chars;
}

template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// A duration for people: "87 µs", "5.21 ms", "1.234 s".
std::string human_duration(double ns) {
  if (ns < 1e3) return format("%.0f ns", ns);
  if (ns < 1e6) return format("%.0f \xC2\xB5s", ns / 1e3);
  if (ns < 1e9) return format("%.2f ms", ns / 1e6);
  return format("%.3f s", ns / 1e9);
}

// ---- what the trace says ------------------------------------------------------------------------

// One thread's lane: the time in each state, per pixel column, as fractions of a column.
struct Lane {
  std::string name;
  std::vector<std::array<float, kStateCount>> columns;
  std::vector<bool> drop_request;  // a drop request in this column
  uint64_t state_ns[kStateCount] = {};
  uint64_t drop_requests = 0;
};

struct Timeline {
  TraceSpan span;
  double column_ns = 1;
  std::vector<Lane> lanes;
  bool state_shown[kStateCount] = {};  // in some lane: the legend lists these
  bool drops_shown = false;
  uint64_t held_ns = 0;
  uint64_t handoffs = 0;
  std::vector<uint64_t> handoff_latencies;  // the contended ones
};

int column_of(const Timeline& tl, uint64_t t) {
  double c = double(t - std::min(t, tl.span.begin_ns)) / tl.column_ns;
  return std::clamp(int(c), 0, kPlotColumns - 1);
}

// Spreads [start, end) over the columns it covers.
void add_interval(const Timeline& tl, Lane& lane, int state, uint64_t start, uint64_t end) {
  if (end <= start) return;
  lane.state_ns[state] += end - start;
  double from = double(start - std::min(start, tl.span.begin_ns)) / tl.column_ns;
  double to = double(end - std::min(end, tl.span.begin_ns)) / tl.column_ns;
  from = std::clamp(from, 0.0, double(kPlotColumns));
  to = std::clamp(to, 0.0, double(kPlotColumns));
  for (int c = int(from); c < kPlotColumns && double(c) < to; ++c) {
    double share = std::min(to, double(c + 1)) - std::max(from, double(c));
    if (share > 0) lane.columns[size_t(c)][size_t(state)] += float(share);
  }
}

Timeline read_trace(const rt::GilMeter& meter) {
  Timeline tl;
  tl.span = trace_span(meter);
  tl.column_ns = std::max(1.0, double(tl.span.length_ns()) / kPlotColumns);
  for (const auto& rec_ptr : meter.threads) {
    const rt::GilThreadRecord& rec = *rec_ptr;
    if (!trace_shows_thread(rec)) continue;
    Lane lane;
    lane.name = thread_name(rec);
    lane.columns.assign(kPlotColumns, {});
    lane.drop_request.assign(kPlotColumns, false);
    for (size_t i = 0; i < rec.trace.size(); ++i) {
      const rt::TraceEvent& ev = rec.trace[i];
      switch (ev.kind) {
        case rt::TraceKind::kHold:
          add_interval(tl, lane, kHoldState, ev.start_ns, ev.end_ns);
          tl.held_ns += ev.end_ns - ev.start_ns;
          break;
        case rt::TraceKind::kWait:
          add_interval(tl, lane, kWaitState, ev.start_ns, ev.end_ns);
          break;
        case rt::TraceKind::kBlocked:
          add_interval(tl, lane, blocked_state(ev.reason), ev.start_ns, ev.end_ns);
          break;
        case rt::TraceKind::kDropRequest:
          lane.drop_request[size_t(column_of(tl, ev.start_ns))] = true;
          lane.drop_requests++;
          tl.drops_shown = true;
          break;
        case rt::TraceKind::kForcedSwitch:
          break;
        case rt::TraceKind::kHandoff:
          tl.handoffs++;
          if (handoff_was_contended(rec.trace, i)) tl.handoff_latencies.push_back(ev.end_ns - ev.start_ns);
          break;
      }
    }
    for (int s = 0; s < kStateCount; ++s)
      if (lane.state_ns[s] > 0) tl.state_shown[s] = true;
    tl.lanes.push_back(std::move(lane));
  }
  return tl;
}

// How a column is drawn: a stack from the bottom of the bar, holding first, then waiting,
// then each kind of blocking, each as tall as its share of the column, but at least a
// pixel when the thread was in that state at all (a brief hold beside a long one must
// still show). The rest of the column, time for which nothing was recorded (before the
// thread started, after it ended, between states the meter does not record), stays empty.
struct Segment {
  int low = 0, high = 0;  // pixels above the bar's bottom, [low, high)
  bool operator==(const Segment&) const = default;
};
using ColumnStack = std::array<Segment, kStateCount>;

ColumnStack stack_column(const std::array<float, kStateCount>& column) {
  ColumnStack stack{};
  float below = 0;
  int top = 0;
  for (int s = 0; s < kStateCount && top < kBarHeight; ++s) {
    float share = column[size_t(s)];
    if (share <= 0) continue;
    below += share;
    int high = std::min(kBarHeight, std::max(top + 1, int(std::lround(below * kBarHeight))));
    stack[size_t(s)] = {top, high};
    top = high;
  }
  return stack;
}

std::string summary_line(const Timeline& tl) {
  double seconds = double(tl.span.length_ns()) / 1e9;
  double held_share = tl.span.length_ns() ? 100.0 * double(tl.held_ns) / double(tl.span.length_ns()) : 0.0;
  double switches_per_s = seconds > 0 ? double(tl.handoffs) / seconds : 0.0;
  std::string line = format("held %.1f%% of %s", held_share, human_duration(double(tl.span.length_ns())).c_str());
  line += switches_per_s >= 10 ? format(" \xC2\xB7 %.0f switches/s", switches_per_s)
                               : format(" \xC2\xB7 %.1f switches/s", switches_per_s);
  if (tl.handoff_latencies.empty()) {
    line += " \xC2\xB7 hand-off p99 n/a";
  } else {
    std::vector<uint64_t> sorted = tl.handoff_latencies;
    size_t rank = size_t(std::ceil(0.99 * double(sorted.size()))) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + long(rank), sorted.end());
    line += " \xC2\xB7 hand-off p99 " + human_duration(double(sorted[rank]));
  }
  line += format(" \xC2\xB7 %zu thread%s", tl.lanes.size(), tl.lanes.size() == 1 ? "" : "s");
  return line;
}

// ---- drawing ------------------------------------------------------------------------------------

class SvgWriter {
 public:
  explicit SvgWriter(FILE* out) : out_(out) {}
  void put(std::string_view s) {
    if (!s.empty() && std::fwrite(s.data(), 1, s.size(), out_) != s.size()) failed_ = true;
  }
  bool failed() const { return failed_; }

 private:
  FILE* out_;
  bool failed_ = false;
};

// The legend: every state some lane shows (holding and waiting always), and the drop
// request tick if there is one, in rows across the top.
struct LegendItem {
  std::string label;
  const char* colour;  // nullptr: the drop request tick
  double x;
  int row;
};

std::vector<LegendItem> lay_out_legend(const Timeline& tl) {
  std::vector<LegendItem> items;
  for (int s = 0; s < kStateCount; ++s)
    if (s == kHoldState || s == kWaitState || tl.state_shown[s]) items.push_back({state_label(s), kStateColours[s], 0, 0});
  if (tl.drops_shown) items.push_back({"drop request", nullptr, 0, 0});
  double x = kLabelWidth;
  int row = 0;
  for (LegendItem& item : items) {
    double width = 18 + double(display_chars(item.label)) * kCharWidth + 16;
    if (x + width > kWidth && x > kLabelWidth) {
      x = kLabelWidth;
      row++;
    }
    item.x = x;
    item.row = row;
    x += width;
  }
  return items;
}

void write_legend(SvgWriter& svg, const std::vector<LegendItem>& items) {
  svg.put("<g id=\"legend\">\n");
  for (const LegendItem& item : items) {
    int baseline = kLegendY + item.row * kLegendRowHeight;
    if (item.colour)
      svg.put(format("<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", item.x, baseline - 10,
                     item.colour));
    else
      svg.put(format("<path d=\"M%.0f %dv12\" stroke=\"#000\" stroke-width=\"1.5\"/>", item.x + 6, baseline - 10));
    svg.put(format("<text x=\"%.0f\" y=\"%d\">", item.x + 18, baseline) + xml_escape(item.label) + "</text>\n");
  }
  svg.put("</g>\n");
}

void write_lane(SvgWriter& svg, const Timeline& tl, const Lane& lane, size_t index, int top) {
  int bar_top = top + (kLanePitch - kBarHeight) / 2;
  double span_s = double(tl.span.length_ns()) / 1e9;
  auto share = [&](uint64_t ns) { return span_s > 0 ? 100.0 * double(ns) / 1e9 / span_s : 0.0; };
  uint64_t blocked_ns = 0;
  for (int s = 2; s < kStateCount; ++s) blocked_ns += lane.state_ns[s];

  svg.put(format("<g class=\"lane\" id=\"lane-%zu\">", index + 1));
  svg.put("<title>" + xml_escape(lane.name) + "</title>");
  svg.put("<desc>" +
          xml_escape(format("held %s (%.1f%%), waited %s (%.1f%%), blocked %s (%.1f%%), %llu drop requests",
                            human_duration(double(lane.state_ns[kHoldState])).c_str(), share(lane.state_ns[kHoldState]),
                            human_duration(double(lane.state_ns[kWaitState])).c_str(), share(lane.state_ns[kWaitState]),
                            human_duration(double(blocked_ns)).c_str(), share(blocked_ns),
                            static_cast<unsigned long long>(lane.drop_requests))) +
          "</desc>\n");
  svg.put(format("<text x=\"%d\" y=\"%d\">", 6, bar_top + kBarHeight - 4) +
          xml_escape(shorten(lane.name, kLabelChars)) + "</text>\n");
  svg.put(format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f3f3f3\"/>\n", kLabelWidth, bar_top,
                 kPlotColumns, kBarHeight));

  // Runs of columns where a state's segment stays the same, gathered into one path a
  // state.
  std::array<std::string, kStateCount> paths;
  std::array<Segment, kStateCount> run{};
  std::array<int, kStateCount> run_start{};
  int bar_bottom = bar_top + kBarHeight;
  auto close_run = [&](int s, int end) {
    const Segment& seg = run[size_t(s)];
    if (seg.high <= seg.low) return;
    int width = end - run_start[size_t(s)];
    paths[size_t(s)] += format("M%d %dh%dv%dh-%dz", kLabelWidth + run_start[size_t(s)], bar_bottom - seg.high, width,
                               seg.high - seg.low, width);
  };
  for (int c = 0; c <= kPlotColumns; ++c) {
    ColumnStack stack = c < kPlotColumns ? stack_column(lane.columns[size_t(c)]) : ColumnStack{};
    for (int s = 0; s < kStateCount; ++s) {
      if (stack[size_t(s)] == run[size_t(s)]) continue;
      close_run(s, c);
      run[size_t(s)] = stack[size_t(s)];
      run_start[size_t(s)] = c;
    }
  }
  for (int s = 0; s < kStateCount; ++s) {
    if (paths[size_t(s)].empty()) continue;
    svg.put(format("<path class=\"state\" data-state=\"%s\" fill=\"%s\" d=\"", xml_escape(state_label(s)).c_str(),
                   kStateColours[s]));
    svg.put(paths[size_t(s)]);
    svg.put("\"/>\n");
  }

  std::string ticks;
  for (int c = 0; c < kPlotColumns; ++c)
    if (lane.drop_request[size_t(c)]) ticks += format("M%d.5 %dv5", kLabelWidth + c, bar_top - 3);
  if (!ticks.empty()) svg.put("<path class=\"drop-requests\" stroke=\"#000\" stroke-width=\"1\" d=\"" + ticks + "\"/>\n");
  svg.put("</g>\n");
}

// A tick step of 1, 2 or 5 times a power of ten, the largest that makes at least 5 ticks
// over `span_ns` (so 5 to 12 of them).
double tick_step_ns(double span_ns) {
  double decade = std::pow(10.0, std::floor(std::log10(std::max(span_ns, 1.0))));
  for (double step : {5 * decade, 2 * decade, decade, decade / 2, decade / 5})
    if (span_ns / step >= 5) return step;
  return decade / 10;
}

std::string tick_label(double t_ns, double step_ns, double span_ns) {
  double unit = span_ns >= 2e9 ? 1e9 : span_ns >= 2e6 ? 1e6 : 1e3;
  const char* name = unit == 1e9 ? "s" : unit == 1e6 ? "ms" : "\xC2\xB5s";
  int decimals = std::max(0, int(-std::floor(std::log10(step_ns / unit) + 1e-9)));
  if (t_ns == 0) return "0";
  return format("%.*f %s", decimals, t_ns / unit, name);
}

// The time axis under the lanes, with light grid lines across them.
void write_axis(SvgWriter& svg, const Timeline& tl, int lanes_top, int axis_y) {
  double span_ns = double(tl.span.length_ns());
  svg.put("<g id=\"axis\">\n");
  svg.put(format("<path d=\"M%d %dh%d\" stroke=\"#000\"/>\n", kLabelWidth, axis_y, kPlotColumns));
  if (span_ns > 0) {
    double step = tick_step_ns(span_ns);
    for (int i = 0; i * step <= span_ns * (1 + 1e-9); ++i) {
      double t = i * step;
      double x = kLabelWidth + t / span_ns * kPlotColumns;
      svg.put(format("<path d=\"M%.1f %dV%d\" stroke=\"#ddd\"/>", x, lanes_top, axis_y));
      svg.put(format("<path d=\"M%.1f %dv5\" stroke=\"#000\"/>", x, axis_y));
      svg.put(format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x, axis_y + 18) +
              xml_escape(tick_label(t, step, span_ns)) + "</text>\n");
    }
  }
  svg.put("</g>\n");
}

}  // namespace

bool write_timeline_svg(const std::string& path, std::string* error) {
  Timeline tl = read_trace(rt::gil_meter());

  FILE* out = std::fopen(path.c_str(), "w");
  if (!out) {
    if (error) *error = "cannot write timeline to " + path + ": " + std::strerror(errno);
    return false;
  }
  errno = 0;
  SvgWriter svg(out);
  std::vector<LegendItem> legend = lay_out_legend(tl);
  int lanes_top = kLegendY + legend.back().row * kLegendRowHeight + 14;
  int axis_y = lanes_top + int(tl.lanes.size()) * kLanePitch + 4;
  int height = axis_y + 30;

  svg.put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  svg.put(format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                 "font-family=\"sans-serif\" font-size=\"12\">\n",
                 kWidth, height, kWidth, height));
  svg.put("<title>GIL timeline</title>\n");
  svg.put(format("<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", kWidth, height));
  svg.put(format("<text id=\"summary\" x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">", kLabelWidth, kSummaryY) +
          xml_escape(summary_line(tl)) + "</text>\n");
  write_legend(svg, legend);
  write_axis(svg, tl, lanes_top, axis_y);
  for (size_t i = 0; i < tl.lanes.size(); ++i) write_lane(svg, tl, tl.lanes[i], i, lanes_top + int(i) * kLanePitch);
  svg.put("</svg>\n");

  bool ok = !svg.failed() && !std::ferror(out);
  int reason = ok ? 0 : errno ? errno : EIO;
  if (std::fclose(out) != 0 && ok) {
    ok = false;
    reason = errno ? errno : EIO;
  }
  if (!ok && error) *error = "cannot write timeline to " + path + ": " + std::strerror(reason);
  return ok;
}

}  // namespace gilpy::stdlib::gil
