// vm/import.h: the import system, as CPython's importlib._bootstrap does it: sys.modules
// first, then the native modules (stdlib/registry.cpp), the frozen ones (vm/frozen_module.h)
// and the .py files along sys.path, or along the parent package's __path__ for a
// submodule (regular packages, and namespace packages for directories without
// __init__.py). A loaded module gets __spec__, __loader__, __file__, __cached__,
// __package__ and (a package) __path__; source is compiled through the bytecode cache
// (vm/bytecode_cache.h). IMPORT_NAME, IMPORT_FROM, IMPORT_STAR, __import__, -m and the
// `importlib` functions (stdlib/imp_module.cpp) all come here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/object.h"
#include "runtime/str.h"
#include "vm/frozen_module.h"

namespace gilpy::vm {

struct NativeModuleDef;

// Where a module's code is, before it is loaded (CPython's ModuleSpec, without the object).
struct ModuleLocation {
  enum Kind { kNotFound, kNative, kFrozen, kSource, kNamespace };
  Kind kind = kNotFound;
  const NativeModuleDef* native = nullptr;
  const FrozenModuleDef* frozen = nullptr;
  std::string origin;                         // kSource: the .py file
  bool is_package = false;                    // a package: its submodules are found along `locations`
  std::vector<std::string> locations;         // a package's __path__ (kSource, kNamespace)
};

// Finds the module `name` (absolute, dotted) without loading it. A submodule is looked for
// in its parent's __path__, which the caller has imported. kNotFound with no exception
// pending when there is none; null-kind with an exception pending only for a failing
// sys.path or __path__.
ModuleLocation find_module(const std::string& name);

// import name (absolute, dotted names allowed): the module, its parents imported first.
// Null with ImportError / ModuleNotFoundError (or the module's own exception) pending.
rt::Ref import_module(std::string_view name);

// IMPORT_NAME and __import__ (CPython's PyImport_ImportModuleLevelObject): `name` relative
// to the package of `globals` when level > 0, then the fromlist's submodules. Returns
// what the statement binds: the top package for `import a.b`, else the module itself.
rt::Ref import_name(rt::Value name, rt::Value globals, rt::Value fromlist, rt::Value level);

// The absolute name of `name` imported `level` dots up from `package` (CPython's
// _resolve_name). False with ImportError pending beyond the top-level package.
bool resolve_relative_name(const std::string& name, const std::string& package, int64_t level, std::string* out);

// IMPORT_FROM: `from module import name`, a submodule when the attribute is missing, or
// ImportError with CPython's message (and a partially initialised module named as such).
rt::Ref import_from(rt::Value module, rt::Str* name);

// importlib.reload: finds the module again and runs its code in its own namespace.
rt::Ref reload_module(rt::Value module);

// The directories of sys.path, as strings.
std::vector<std::string> search_path();

}  // namespace gilpy::vm
