// stdlib/imp_module.cpp: _gilpy_imp, what gilpy's own `importlib` package
// (stdlib/python/importlib) calls into: the import system of vm/import.h and the bytecode
// cache of vm/bytecode_cache.h, in the role of CPython's _imp.
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/bytecode_cache.h"
#include "vm/import.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

std::string str_arg(Value v) { return str_to_utf8(v.as<Str>()); }

// gcd_import(name, package, level): importlib.import_module after its checks (CPython's
// _gcd_import and _sanity_check); returns the module itself.
Ref imp_gcd_import(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name, package = Value::none(), level = Value::small_int(0);
  if (!bind_args("gcd_import", args, nargs, kwnames, {"name", "package", "level"}, 1, {&name, &package, &level}))
    return nullptr;
  if (!is_str(name)) return raisef(&TypeErrorType, "module name must be str, not %s", type_name(name));
  auto lv = index_as_int64(level);
  if (!lv) return nullptr;
  if (*lv < 0) return raise(&ValueErrorType, "level must be >= 0");
  std::string absolute = str_arg(name);
  if (*lv > 0) {
    if (!is_str(package)) return raise(&TypeErrorType, "__package__ not set to a string");
    if (!vm::resolve_relative_name(absolute, str_arg(package), *lv, &absolute)) return nullptr;
  } else if (absolute.empty()) {
    return raise(&ValueErrorType, "Empty module name");
  }
  return vm::import_module(absolute);
}

// resolve_name(name, package, level) -> the absolute name (importlib.util.resolve_name).
Ref imp_resolve_name(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name, package, level;
  if (!bind_args("resolve_name", args, nargs, kwnames, {"name", "package", "level"}, 3, {&name, &package, &level}))
    return nullptr;
  if (!is_str(name) || !is_str(package)) return raise(&TypeErrorType, "name and package must be str");
  auto lv = index_as_int64(level);
  if (!lv) return nullptr;
  std::string out;
  if (!vm::resolve_relative_name(str_arg(name), str_arg(package), *lv, &out)) return nullptr;
  return new_str(out);
}

Ref imp_reload(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value module;
  if (!bind_args("reload", args, nargs, kwnames, {"module"}, 1, {&module})) return nullptr;
  return vm::reload_module(module);
}

// find(name) -> None, or (kind, origin, locations or None): where `name` would be loaded
// from ("built-in", "frozen", "source", "namespace"); its parent package must be imported.
Ref imp_find(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value name;
  if (!bind_args("find", args, nargs, kwnames, {"name"}, 1, {&name})) return nullptr;
  if (!is_str(name)) return raise(&TypeErrorType, "name must be str");
  vm::ModuleLocation loc = vm::find_module(str_arg(name));
  if (loc.kind == vm::ModuleLocation::kNotFound) return error_pending() ? nullptr : Ref::none();
  const char* kinds[] = {"", "built-in", "frozen", "source", "namespace"};
  Ref kind = new_str(kinds[loc.kind]);
  Ref origin = new_str(loc.origin);
  Ref locations = Ref::none();
  if (loc.is_package) {
    Own<List> l = list_new(0);
    for (const std::string& d : loc.locations) {
      Ref s = new_str(d);
      list_append(l.get(), s.get());
    }
    locations = l.into_ref();
  }
  return tuple_from({kind.get(), origin.get(), locations.get()}).into_ref();
}

// source_code(path) -> the module code of a .py file, through the bytecode cache.
Ref imp_source_code(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value path;
  if (!bind_args("source_code", args, nargs, kwnames, {"path"}, 1, {&path})) return nullptr;
  if (!is_str(path)) return raise(&TypeErrorType, "path must be str");
  return vm::cached_source_code(str_arg(path), nullptr);
}

// cache_from_source(path) -> the cache file beside it (importlib.util.cache_from_source).
Ref imp_cache_from_source(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value path;
  if (!bind_args("cache_from_source", args, nargs, kwnames, {"path"}, 1, {&path})) return nullptr;
  if (!is_str(path)) return raise(&TypeErrorType, "path must be str");
  return new_str(vm::cache_path_for(str_arg(path)));
}

const MethodDef imp_functions[] = {
    {"gcd_import", imp_gcd_import, 0, "Import a module by absolute or relative name; returns the module itself."},
    {"resolve_name", imp_resolve_name, 0, "The absolute name of a relative import."},
    {"reload", imp_reload, 0, "Find a module again and run its code in its own namespace."},
    {"find", imp_find, 0, "Where a module would be loaded from, or None."},
    {"source_code", imp_source_code, 0, "The code object of a .py file, through the bytecode cache."},
    {"cache_from_source", imp_cache_from_source, 0, "The bytecode cache file for a .py file."},
    {nullptr}};

}  // namespace

Ref create_imp_module() {
  Own<Module> m = module_new("_gilpy_imp");
  if (!module_add_functions(m.get(), imp_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
