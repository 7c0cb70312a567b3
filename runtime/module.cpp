// runtime/module.cpp: the module type: a namespace dict with __name__; attribute access
// reads the dict (CPython's "module 'm' has no attribute 'x'").
#include "runtime/module.h"

#include <cstddef>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/str.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type ModuleType;

Own<Module> module_new(std::string_view name) {
  auto* m = alloc<Module>(&ModuleType);
  m->dict = dict_new().release();
  Own<Str> n = str_from_utf8(name);
  dict_set_str(m->dict, "__name__", n.value());
  dict_set_str(m->dict, "__doc__", Value::none());
  return Own<Module>::steal(m);
}

bool module_add_function(Module* m, const MethodDef* def) {
  Ref f = builtin_function_new(def, Value::from_obj(m));
  return f && dict_set_str(m->dict, def->name, f.get());
}

bool module_add_functions(Module* m, const MethodDef* defs) {
  for (const MethodDef* d = defs; d->name; ++d)
    if (!module_add_function(m, d)) return false;
  return true;
}

bool module_add(Module* m, const char* name, Value v) { return dict_set_str(m->dict, name, v); }

std::string_view module_name(Module* m) {
  Value n = dict_get_cstr(m->dict, "__name__");
  if (n.is_null() || !is_str(n) || n.as<Str>()->kind != 1) return "?";
  return n.as<Str>()->ascii_view();
}

static Ref module_getattr(Value self, Str* name) {
  Ref r = generic_getattr(self, name);
  if (r || !error_matches(&AttributeErrorType)) return r;
  clear_error();
  Module* m = self.as<Module>();
  Value ga = dict_get_cstr(m->dict, "__getattr__");
  if (!ga.is_null()) return call1(ga, Value::from_obj(name));
  return raisef(&AttributeErrorType, "module '%s' has no attribute '%s'", std::string(module_name(m)).c_str(),
                str_to_utf8(name).c_str());
}

static Ref module_repr(Value self) {
  Module* m = self.as<Module>();
  Value file = dict_get_cstr(m->dict, "__file__");
  std::string name(module_name(m));
  if (!file.is_null() && is_str(file))
    return str_from_utf8("<module '" + name + "' from '" + str_to_utf8(file.as<Str>()) + "'>").into_ref();
  return str_from_utf8("<module '" + name + "' (built-in)>").into_ref();
}

static void module_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* m = static_cast<Module*>(o);
  if (m->dict) visit(Value::from_obj(m->dict), ctx);
}
static void module_clear(Object* o) {
  auto* m = static_cast<Module*>(o);
  Dict* d = m->dict;
  m->dict = nullptr;
  xdecref(d);
}
static void module_dealloc(Object* o) {
  gc_untrack(o);
  module_clear(o);
  free_object(o);
}
static Ref module_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("module", nargs, 1, 2)) return nullptr;
  if (!is_str(args[0])) return raise(&TypeErrorType, "module.__init__() argument 'name' must be str");
  return module_new(str_to_utf8(args[0].as<Str>())).into_ref();
}

void init_module_type() {
  static_type_init(ModuleType, "module", sizeof(Module), &ObjectType, kTypeBaseType | kTypeGc);
  ModuleType.dict_offset = offsetof(Module, dict);
  ModuleType.getattr = module_getattr;
  ModuleType.repr = module_repr;
  ModuleType.traverse = module_traverse;
  ModuleType.clear = module_clear;
  ModuleType.dealloc = module_dealloc;
  ModuleType.new_ = module_new_slot;
  ready_type(&ModuleType);
}

}  // namespace gilpy::rt
