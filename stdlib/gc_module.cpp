// stdlib/gc_module.cpp: the gc module: the cycle collector (runtime/gc.h) as Python sees it.
//
// runtime/gc.h exposes collection and enabling; the thresholds and per-generation counts
// live inside the collector without accessors yet, so get_threshold/set_threshold keep
// the values given here (they are validated and returned, not yet applied) and
// get_count reports zeros. When runtime/gc.h grows gc_get_threshold/gc_set_threshold/
// gc_get_count, these three switch to them.
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

// The thresholds set from Python (process-wide, as the collector is), under the GIL.
int64_t g_thresholds[3] = {700, 10, 10};

Ref gc_collect_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value generation = Value::small_int(2);
  if (!bind_args("collect", args, nargs, kwnames, {"generation"}, 0, {&generation})) return nullptr;
  auto g = index_as_int64(generation);
  if (!g) return nullptr;
  if (*g < 0 || *g > 2) return raise(&ValueErrorType, "invalid generation");
  return make_int(gc_collect());
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
  return make_tuple(make_int(g_thresholds[0]), make_int(g_thresholds[1]), make_int(g_thresholds[2]));
}

Ref gc_set_threshold_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "set_threshold() takes no keyword arguments");
  if (nargs < 1 || nargs > 3)
    return raisef(&TypeErrorType, "set_threshold expected %s, got %zu arguments",
                  nargs < 1 ? "at least 1 argument" : "at most 3 arguments", nargs);
  int64_t t[3] = {g_thresholds[0], g_thresholds[1], g_thresholds[2]};
  for (size_t i = 0; i < nargs; i++) {
    auto v = int_as_int64(args[i]);
    if (!v) {
      if (!error_pending())
        raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(args[i]));
      return nullptr;
    }
    t[i] = *v;
  }
  for (int i = 0; i < 3; i++) g_thresholds[i] = t[i];
  return Ref::none();
}

Ref gc_get_count_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("get_count", kwnames) || !check_nargs("get_count", nargs, 0, 0)) return nullptr;
  return make_tuple(make_int(0), make_int(0), make_int(0));
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
    {"is_tracked", gc_is_tracked_fn, 0, "Returns true if the object is tracked by the garbage collector."},
    {nullptr}};

}  // namespace

Ref create_gc_module() {
  Own<Module> m = module_new("gc");
  if (!module_add_functions(m.get(), gc_functions)) return nullptr;
  Own<List> garbage = list_new();
  module_add(m.get(), "garbage", garbage.value());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
