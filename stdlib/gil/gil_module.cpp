// stdlib/gil/gil_module.cpp: the `gil` module, the GIL meter (runtime/gil_meter.h) and the
// GIL's policies as Python sees them:
//
//   gil.stats()             the figures since start-up or the last reset, as a dict
//   gil.reset()             zeroes them
//   gil.policy()            the policy in force; gil.set_policy(name) changes it
//   gil.trace_start(path)   traces from now on; gil.trace_stop() writes the trace to path
//                           (a Chrome trace-event file, or an SVG timeline if the path
//                           ends in .svg)
#include "runtime/gil.h"
#include "stdlib/common.h"
#include "stdlib/gil/report.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

bool set_number(Dict* d, const char* key, double v) { return dict_set_str(d, key, make_float(v).get()); }
bool set_count(Dict* d, const char* key, uint64_t v) { return dict_set_str(d, key, make_int_u64(v).get()); }
bool set_text(Dict* d, const char* key, const std::string& v) { return dict_set_str(d, key, new_str(v).get()); }

Ref places_list(const std::vector<gil::PlaceFigures>& places) {
  Own<List> list = list_new(0);
  for (const gil::PlaceFigures& p : places) {
    Own<Dict> d = dict_new();
    set_text(d.get(), "function", p.function);
    set_text(d.get(), "file", p.file);
    set_count(d.get(), "line", uint64_t(p.line));
    if (!p.reason.empty()) set_text(d.get(), "reason", p.reason);
    set_count(d.get(), "count", p.count);
    set_number(d.get(), "time_s", p.time_s);
    set_number(d.get(), "wait_s", p.wait_s);
    list_append(list.get(), d.value());
  }
  return list.into_ref();
}

Ref gil_stats(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("stats", kwnames) || !check_nargs("stats", nargs, 0, 0)) return nullptr;
  gil::Figures f = gil::collect_figures();
  if (error_pending()) return nullptr;
  Own<Dict> d = dict_new();
  set_number(d.get(), "wall_s", f.wall_s);
  set_number(d.get(), "held_s", f.held_s);
  set_number(d.get(), "contended_s", f.contended_s);
  set_count(d.get(), "switches", f.switches);
  set_count(d.get(), "drop_requests", f.drop_requests);
  set_count(d.get(), "drops_obeyed", f.drops_obeyed);
  set_number(d.get(), "handoff_p50_s", f.handoff_p50_s);
  set_number(d.get(), "handoff_p99_s", f.handoff_p99_s);
  set_number(d.get(), "handoff_max_s", f.handoff_max_s);
  set_count(d.get(), "handoffs", f.handoffs);
  set_text(d.get(), "policy", f.policy);
  set_number(d.get(), "switch_interval_s", f.switch_interval_s);
  set_count(d.get(), "check_interval", uint64_t(f.check_interval));
  Own<List> threads = list_new(0);
  for (const gil::ThreadFigures& t : f.threads) {
    Own<Dict> td = dict_new();
    set_text(td.get(), "name", t.name);
    set_count(td.get(), "ident", t.ident);
    dict_set_str(td.get(), "alive", Value::boolean(t.alive));
    set_count(td.get(), "acquisitions", t.acquisitions);
    set_count(td.get(), "contended", t.contended);
    set_number(td.get(), "hold_s", t.hold_s);
    set_number(td.get(), "wait_s", t.wait_s);
    set_number(td.get(), "max_wait_s", t.max_wait_s);
    set_count(td.get(), "forced_switches", t.forced_switches);
    set_count(td.get(), "drop_requests", t.drop_requests);
    set_count(td.get(), "drops_obeyed", t.drops_obeyed);
    Own<Dict> by_reason = dict_new();
    for (int r = 0; r < kBlockReasonCount; ++r) set_count(by_reason.get(), block_reason_name(BlockReason(r)), t.blocking[r]);
    dict_set_str(td.get(), "blocking_releases", by_reason.value());
    list_append(threads.get(), td.value());
  }
  dict_set_str(d.get(), "threads", threads.value());
  if (f.sites_recorded) {
    Ref hogs = places_list(f.hogs);
    Ref blocked = places_list(f.blocked);
    dict_set_str(d.get(), "hogs", hogs.get());
    dict_set_str(d.get(), "blocked", blocked.get());
  }
  return d.into_ref();
}

Ref gil_reset(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("reset", kwnames) || !check_nargs("reset", nargs, 0, 0)) return nullptr;
  gil_meter_reset();
  return Ref::none();
}

Ref gil_policy(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("policy", kwnames) || !check_nargs("policy", nargs, 0, 0)) return nullptr;
  return new_str(gil_policy_name());
}

Ref gil_set_policy_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name;
  if (!bind_args("set_policy", args, nargs, kwnames, {"name"}, 1, {&name})) return nullptr;
  if (!is_str(name)) return raisef(&TypeErrorType, "policy name must be str, not %s", type_name(name));
  std::string text = utf8_of(name);
  if (!gil_set_policy(text.c_str()))
    return raisef(&ValueErrorType, "unknown GIL policy '%s' (choose from cpython, legacy, fifo, priority)",
                  text.c_str());
  return Ref::none();
}

Ref gil_trace_start_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value path;
  if (!bind_args("trace_start", args, nargs, kwnames, {"path"}, 1, {&path})) return nullptr;
  if (!is_str(path)) return raisef(&TypeErrorType, "trace path must be str, not %s", type_name(path));
  gil_meter().trace_path = utf8_of(path);
  gil_trace_start();
  return Ref::none();
}

Ref gil_trace_stop_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("trace_stop", kwnames) || !check_nargs("trace_stop", nargs, 0, 0)) return nullptr;
  GilMeter& m = gil_meter();
  if (!m.tracing) return Ref::none();
  gil_trace_stop();
  std::string path = std::move(m.trace_path);
  m.trace_path.clear();
  if (path.empty()) return Ref::none();  // tracing began on the command line: written at exit
  std::string error;
  bool svg = path.size() >= 4 && path.compare(path.size() - 4, 4, ".svg") == 0;
  bool ok = svg ? gil::write_timeline_svg(path, &error) : gil::write_chrome_trace(path, &error);
  if (!ok) return raise(&OSErrorType, error);
  return Ref::none();
}

const MethodDef gil_functions[] = {
    {"stats", gil_stats, 0, "Return the GIL's figures since start-up or the last reset(), as a dict."},
    {"reset", gil_reset, 0, "Zero the GIL's figures and forget threads that ended."},
    {"policy", gil_policy, 0, "Return the name of the GIL policy in force."},
    {"set_policy", gil_set_policy_fn, 0, "Switch the GIL policy: 'cpython', 'legacy', 'fifo' or 'priority'."},
    {"trace_start", gil_trace_start_fn, 0, "Trace the GIL from now on; trace_stop() writes the trace to path."},
    {"trace_stop", gil_trace_stop_fn, 0, "Stop tracing and write the trace started by trace_start(path)."},
    {nullptr}};

}  // namespace

Ref create_gil_module() {
  gil_meter_start();  // the meter measures from the first import on
  Own<Module> m = module_new("gil");
  if (!module_add_functions(m.get(), gil_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
