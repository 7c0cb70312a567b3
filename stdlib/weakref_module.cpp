// stdlib/weakref_module.cpp: _weakref, under CPython's weakref.py and _weakrefset.py:
// ref, proxy and their types (runtime/weakref.h), getweakrefcount, getweakrefs and
// _remove_dead_weakref.
#include "runtime/weakref.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Ref wr_getweakrefcount(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getweakrefcount", kwnames) || !check_nargs("getweakrefcount", nargs, 1, 1)) return nullptr;
  return make_int(weakref_count(args[0]));
}

Ref wr_getweakrefs(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getweakrefs", kwnames) || !check_nargs("getweakrefs", nargs, 1, 1)) return nullptr;
  return weakref_list(args[0]);
}

Ref wr_proxy(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("proxy", kwnames) || !check_nargs("proxy", nargs, 1, 2)) return nullptr;
  return weakproxy_new(args[0], nargs == 2 ? args[1] : Value::none());
}

// _remove_dead_weakref(dict, key): del dict[key] if it holds a dead reference.
Ref wr_remove_dead_weakref(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_remove_dead_weakref", kwnames) || !check_nargs("_remove_dead_weakref", nargs, 2, 2))
    return nullptr;
  if (!is_dict(args[0])) return raisef(&TypeErrorType, "_remove_dead_weakref() argument 1 must be dict, not %s", type_name(args[0]));
  Dict* d = args[0].as<Dict>();
  Value v = dict_get(d, args[1]);
  if (v.is_null()) return error_pending() ? nullptr : Ref::none();
  if (is_instance_of_type(v, &WeakRefType) && static_cast<WeakRef*>(v.obj())->referent == nullptr) {
    if (!dict_del(d, args[1]) && error_pending()) {
      if (!error_matches(&KeyErrorType)) return nullptr;
      clear_error();
    }
  }
  return Ref::none();
}

const MethodDef weakref_functions[] = {
    {"getweakrefcount", wr_getweakrefcount, 0, "Return the number of weak references to 'obj'."},
    {"getweakrefs", wr_getweakrefs, 0, "Return a list of all weak reference objects pointing to 'obj'."},
    {"proxy", wr_proxy, 0, "Create a proxy object that weakly references 'object'."},
    {"_remove_dead_weakref", wr_remove_dead_weakref, 0, "Atomically remove key from dict if it points to a dead weakref."},
    {nullptr}};

}  // namespace

Ref create_weakref_module() {
  Own<Module> m = module_new("_weakref");
  if (!module_add_functions(m.get(), weakref_functions)) return nullptr;
  module_add(m.get(), "ref", Value::from_obj(&WeakRefType));
  module_add(m.get(), "ReferenceType", Value::from_obj(&WeakRefType));
  module_add(m.get(), "ProxyType", Value::from_obj(&WeakProxyType));
  module_add(m.get(), "CallableProxyType", Value::from_obj(&WeakCallableProxyType));
  return m.into_ref();
}

}  // namespace gilpy::stdlib
