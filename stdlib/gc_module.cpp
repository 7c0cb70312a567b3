// stdlib/gc_module.cpp: the gc module: the cycle collector (runtime/gc.h) as Python sees it:
// collect, enable/disable, the three generations' thresholds, counts and statistics, and
// gc.callbacks, called around every collection.
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

// gc.callbacks: each is called as callback(phase, info) with phase "start" or "stop" and
// info {"generation", "collected", "uncollectable"}; one that raises is reported and the
// others still run (runtime/gc.h's gc_callback_hook).
void call_gc_callbacks(bool starting, int generation, int64_t collected, int64_t uncollectable) {
  Value gc = dict_get_cstr(vm::current_interpreter()->modules.get(), "gc");
  if (gc.is_null()) return;
  Ref callbacks = getattr_opt(gc, intern("callbacks"));
  if (!callbacks || !is_list(callbacks.get()) || callbacks.as<List>()->size == 0) {
    if (error_pending()) clear_error();
    return;
  }
  Own<Dict> info = dict_new();
  Ref g = make_int(generation), c = make_int(collected), u = make_int(uncollectable);
  dict_set_str(info.get(), "generation", g.get());
  dict_set_str(info.get(), "collected", c.get());
  dict_set_str(info.get(), "uncollectable", u.get());
  Own<Str> phase = str_from_utf8(starting ? "start" : "stop");
  // A copy: a callback may add or remove callbacks.
  Own<Tuple> each = tuple_from_array(callbacks.as<List>()->items, callbacks.as<List>()->size);
  for (int64_t i = 0; i < each->size; ++i) {
    Value args[2] = {phase.value(), info.value()};
    Ref r = call(each->items[i], args, 2);
    if (!r) write_unraisable(each->items[i]);
  }
}

Ref gc_collect_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value generation = Value::small_int(2);
  if (!bind_args("collect", args, nargs, kwnames, {"generation"}, 0, {&generation})) return nullptr;
  auto g = index_as_int64(generation);
  if (!g) return nullptr;
  if (*g < 0 || *g >= kGcGenerations) return raise(&ValueErrorType, "invalid generation");
  return make_int(gc_collect_generation(int(*g)));
}

Ref gc_enable_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("enable", kwnames) || !check_nargs("enable", nargs, 0, 0)) return nullptr;
  gc_set_enabled(true);
  return Ref::none();
}

Ref gc_disable_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("disable", kwnames) || !check_nargs("disable", nargs, 0, 0)) return nullptr;
  gc_set_enabled(false);
  return Ref::none();
}

Ref gc_isenabled_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("isenabled", kwnames) || !check_nargs("isenabled", nargs, 0, 0)) return nullptr;
  return Ref::boolean(gc_enabled());
}

Ref gc_get_threshold_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("get_threshold", kwnames) || !check_nargs("get_threshold", nargs, 0, 0)) return nullptr;
  return make_tuple(make_int(gc_threshold(0)), make_int(gc_threshold(1)), make_int(gc_threshold(2)));
}

Ref gc_set_threshold_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "set_threshold() takes no keyword arguments");
  if (nargs < 1 || nargs > 3)
    return raisef(&TypeErrorType, "set_threshold() takes %s (%zu given)",
                  nargs < 1 ? "at least 1 argument" : "at most 3 arguments", nargs);
  int64_t t[kGcGenerations] = {gc_threshold(0), gc_threshold(1), gc_threshold(2)};
  for (size_t i = 0; i < nargs; i++) {
    auto v = int_as_int64(args[i]);
    if (!v) {
      if (!error_pending())
        raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(args[i]));
      return nullptr;
    }
    t[i] = *v;
  }
  for (int i = 0; i < kGcGenerations; i++) gc_set_threshold(i, t[i]);
  return Ref::none();
}

Ref gc_get_count_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("get_count", kwnames) || !check_nargs("get_count", nargs, 0, 0)) return nullptr;
  return make_tuple(make_int(gc_count(0)), make_int(gc_count(1)), make_int(gc_count(2)));
}

Ref gc_get_stats_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("get_stats", kwnames) || !check_nargs("get_stats", nargs, 0, 0)) return nullptr;
  Own<List> all = list_new();
  for (int i = 0; i < kGcGenerations; ++i) {
    GcGenerationStats s = gc_generation_stats(i);
    Own<Dict> d = dict_new();
    Ref collections = make_int(s.collections), collected = make_int(s.collected),
        uncollectable = make_int(s.uncollectable);
    dict_set_str(d.get(), "collections", collections.get());
    dict_set_str(d.get(), "collected", collected.get());
    dict_set_str(d.get(), "uncollectable", uncollectable.get());
    if (!list_append(all.get(), d.value())) return nullptr;
  }
  return all.into_ref();
}

Ref gc_is_tracked_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("is_tracked", kwnames) || !check_nargs("is_tracked", nargs, 1, 1)) return nullptr;
  Value v = args[0];
  return Ref::boolean(v.is_obj() && type_has(v.obj()->type, kTypeGc) && gc_is_tracked(v.obj()));
}

const MethodDef gc_functions[] = {
    {"collect", gc_collect_fn, 0, "Run the garbage collector; return the number of unreachable objects found."},
    {"enable", gc_enable_fn, 0, "Enable automatic garbage collection."},
    {"disable", gc_disable_fn, 0, "Disable automatic garbage collection."},
    {"isenabled", gc_isenabled_fn, 0, "Returns true if automatic garbage collection is enabled."},
    {"get_threshold", gc_get_threshold_fn, 0, "Return the current collection thresholds."},
    {"set_threshold", gc_set_threshold_fn, 0, "Set the collection thresholds."},
    {"get_count", gc_get_count_fn, 0, "Return a three-tuple of the current collection counts."},
    {"get_stats", gc_get_stats_fn, 0, "Return a list of dictionaries containing per-generation statistics."},
    {"is_tracked", gc_is_tracked_fn, 0, "Returns true if the object is tracked by the garbage collector."},
    {nullptr}};

}  // namespace

Ref create_gc_module() {
  Own<Module> m = module_new("gc");
  if (!module_add_functions(m.get(), gc_functions)) return nullptr;
  Own<List> garbage = list_new(), callbacks = list_new();
  module_add(m.get(), "garbage", garbage.value());
  module_add(m.get(), "callbacks", callbacks.value());
  gc_callback_hook = call_gc_callbacks;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
