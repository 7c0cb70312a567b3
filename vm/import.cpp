// vm/import.cpp: the import system (see vm/import.h): finding, loading, relative names,
// fromlist and the errors, in the order CPython's importlib._bootstrap does them.
#include "vm/import.h"

#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "vm/bytecode_cache.h"
#include "vm/code.h"
#include "vm/interpreter.h"
#include "vm/marshal.h"

namespace gilpy::vm {

using namespace rt;

namespace {

bool is_file(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_dir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Value sys_module() { return dict_get_cstr(current_interpreter()->modules.get(), "sys"); }

std::string str_or_empty(Value v) { return !v.is_null() && is_str(v) ? str_to_utf8(v.as<Str>()) : ""; }

// The str items of a list (sys.path, a package's __path__); others are skipped, as
// CPython's path finder skips them.
std::vector<std::string> str_items(Value list) {
  std::vector<std::string> out;
  if (list.is_null() || !is_list(list)) return out;
  List* l = list.as<List>();
  for (int64_t i = 0; i < l->size; ++i)
    if (is_str(l->items[i])) out.push_back(str_to_utf8(l->items[i].as<Str>()));
  return out;
}

Ref module_not_found(const std::string& message, const std::string& name) {
  Ref exc = new_exception(&ModuleNotFoundErrorType, message);
  Own<Str> n = str_from_utf8(name);
  setattr(exc.get(), "name", n.value());
  restore_error(std::move(exc));
  return nullptr;
}

// ---- specs -----------------------------------------------------------------------------
//
// __spec__ objects are importlib.machinery.ModuleSpec instances (stdlib/python/importlib,
// gilpy's own), made by its _spec_for_location. That module is itself imported the first
// time a spec is needed; the modules loaded before it (sys, builtins, importlib's own
// modules) get theirs right after.

constexpr const char* kMachinery = "importlib.machinery";

const char* kind_name(ModuleLocation::Kind kind) {
  switch (kind) {
    case ModuleLocation::kNative: return "built-in";
    case ModuleLocation::kFrozen: return "frozen";
    case ModuleLocation::kSource: return "source";
    case ModuleLocation::kNamespace: return "namespace";
    case ModuleLocation::kNotFound: break;
  }
  return "";
}

Ref make_spec_with(Value machinery, const std::string& name, const ModuleLocation& loc, const std::string& cached) {
  Ref factory = getattr(machinery, intern("_spec_for_location"));
  if (!factory) return nullptr;
  Own<List> locations = list_new(0);
  for (const std::string& dir : loc.locations) {
    Own<Str> d = str_from_utf8(dir);
    list_append(locations.get(), d.value());
  }
  Own<Str> n = str_from_utf8(name);
  Own<Str> kind = str_from_utf8(kind_name(loc.kind));
  Own<Str> origin = str_from_utf8(loc.origin);
  Own<Str> cache = str_from_utf8(cached);
  Value args[] = {n.value(), kind.value(), origin.value(), loc.is_package ? locations.value() : Value::none(),
                  cache.value()};
  return call(factory.get(), args, 5);
}

bool set_module_spec(Value module, Value spec) {
  if (setattr(module, "__spec__", spec) < 0) return false;
  if (spec.is_none()) return true;
  Ref loader = getattr(spec, intern("loader"));
  return loader && setattr(module, "__loader__", loader.get()) >= 0;
}

bool bootstrap_done = false;

// Gives every module loaded before importlib.machinery its __spec__.
bool backfill_specs(Value machinery) {
  Dict* modules = current_interpreter()->modules.get();
  std::vector<std::pair<std::string, Ref>> missing;
  int64_t pos = 0;
  Value k, v;
  while (dict_next(modules, &pos, &k, &v)) {
    if (!is_str(k) || !is_module(v)) continue;
    std::string name = str_to_utf8(k.as<Str>());
    if (name == "__main__") continue;
    Value spec = dict_get_cstr(v.as<Module>()->dict, "__spec__");
    if (spec.is_null() || spec.is_none()) missing.push_back({name, Ref::borrow(v)});
  }
  for (auto& [name, module] : missing) {
    ModuleLocation loc = find_module(name);
    if (loc.kind == ModuleLocation::kNotFound) {
      if (error_pending()) return false;
      continue;
    }
    Ref spec = make_spec_with(machinery, name, loc, "");
    if (!spec || !set_module_spec(module.get(), spec.get())) return false;
  }
  return true;
}

// The spec for a module about to be run, or None while importlib.machinery itself loads.
Ref make_spec(const std::string& name, const ModuleLocation& loc, const std::string& cached) {
  if (!bootstrap_done) {
    if (name == "importlib" || name == kMachinery) return Ref::borrow(Value::none());
    bootstrap_done = true;
    Ref machinery = import_module(kMachinery);
    if (!machinery || !backfill_specs(machinery.get())) {
      bootstrap_done = false;
      return nullptr;
    }
  }
  Value machinery = dict_get_cstr(current_interpreter()->modules.get(), kMachinery);
  if (machinery.is_null()) return Ref::borrow(Value::none());
  return make_spec_with(machinery, name, loc, cached);
}

// ---- one thread runs a module's code ----------------------------------------------------
//
// While a thread runs a module's code, the module is in sys.modules already (so circular
// imports see it), half made. Another thread importing it then waits until it is done,
// as CPython's per-module import locks make it wait, unless that would deadlock (the
// thread running it waits, directly or through others, for a module this thread runs):
// then it gets the half-made module, as in CPython.

}  // namespace
struct ImportLocks {
  std::mutex mu;
  std::condition_variable done;
  std::map<std::string, ThreadState*> running;    // module name -> the thread running its code
  std::map<ThreadState*, std::string> waiting;    // thread -> the module it waits for
  std::atomic<int> count{0};                      // running.size(), read without the mutex
};
namespace {

ImportLocks& import_locks() {
  Interpreter* interp = current_interpreter();
  if (!interp->import_locks) interp->import_locks = new ImportLocks();
  return *interp->import_locks;
}

// True when `waiter` waiting for `name` would close a cycle of waits (mu held).
bool would_deadlock(ImportLocks& locks, ThreadState* waiter, const std::string& name) {
  std::string current = name;
  for (size_t hops = 0; hops <= locks.waiting.size(); ++hops) {
    auto owner = locks.running.find(current);
    if (owner == locks.running.end()) return false;
    if (owner->second == waiter) return true;
    auto next = locks.waiting.find(owner->second);
    if (next == locks.waiting.end()) return false;
    current = next->second;
  }
  return true;
}

// Waits, with the GIL released, while another thread runs `name`'s code.
void wait_until_initialised(const std::string& name) {
  ImportLocks& locks = import_locks();
  if (locks.count.load(std::memory_order_relaxed) == 0) return;
  ThreadState* me = ThreadState::current();
  std::unique_lock<std::mutex> lk(locks.mu);
  auto running = [&] {
    auto it = locks.running.find(name);
    return it != locks.running.end() && it->second != me;
  };
  if (!running() || would_deadlock(locks, me, name)) return;
  locks.waiting[me] = name;
  lk.unlock();
  {
    BlockingRegion blocked(BlockReason::kLock);
    std::unique_lock<std::mutex> wait_lock(locks.mu);
    locks.done.wait(wait_lock, [&] { return !running(); });
  }
  lk.lock();
  locks.waiting.erase(me);
}

// Marks `name` as run by this thread for the scope.
class RunningModule {
 public:
  explicit RunningModule(const std::string& name) : locks_(import_locks()), name_(name) {
    std::lock_guard<std::mutex> lk(locks_.mu);
    registered_ = locks_.running.emplace(name, ThreadState::current()).second;
    if (registered_) locks_.count.fetch_add(1, std::memory_order_relaxed);
  }
  ~RunningModule() {
    if (!registered_) return;
    {
      std::lock_guard<std::mutex> lk(locks_.mu);
      locks_.running.erase(name_);
      locks_.count.fetch_sub(1, std::memory_order_relaxed);
    }
    locks_.done.notify_all();
  }
  RunningModule(const RunningModule&) = delete;
  RunningModule& operator=(const RunningModule&) = delete;

 private:
  ImportLocks& locks_;
  std::string name_;
  bool registered_;
};

// ---- loading ---------------------------------------------------------------------------

// Marks a spec as being run (CPython's spec._initializing), which IMPORT_FROM's message
// for a circular import reads.
void set_initializing(Value spec, bool on) {
  if (spec.is_none() || spec.is_null()) return;
  if (setattr(spec, "_initializing", on ? Value::true_() : Value::false_()) < 0) clear_error();
}

// Runs `code` in `module`'s namespace as it is registered in sys.modules under `name`;
// on failure the module leaves sys.modules again. Returns what sys.modules holds after
// (a module may replace itself there).
Ref exec_module(const std::string& name, Module* module, Code* code, Value spec, bool reloading = false) {
  Interpreter* interp = current_interpreter();
  Own<Str> n = str_from_utf8(name);
  RunningModule running(name);
  if (!dict_set(interp->modules.get(), n.value(), Value::from_obj(module))) return nullptr;
  set_initializing(spec, true);
  Ref r = run_code(code, module->dict, module->dict);
  set_initializing(spec, false);
  if (!r) {
    if (reloading) return nullptr;  // a failed reload leaves the module where it was
    Ref exc = fetch_error();
    dict_del(interp->modules.get(), n.value());
    clear_error();
    restore_error(std::move(exc));
    return nullptr;
  }
  Value now = dict_get(interp->modules.get(), n.value());
  if (now.is_null()) return module_not_found("import of " + name + " halted; None in sys.modules", name);
  return Ref::borrow(now);
}

// The attributes CPython's _init_module_attrs sets, in its order.
bool init_module_attrs(Module* m, const std::string& name, const ModuleLocation& loc, Value spec,
                       const std::string& cached) {
  if (!set_module_spec(Value::from_obj(m), spec)) return false;
  size_t dot = name.rfind('.');
  Own<Str> package = str_from_utf8(loc.is_package ? name : dot == std::string::npos ? "" : name.substr(0, dot));
  dict_set_str(m->dict, "__package__", package.value());
  if (loc.is_package) {
    Ref path = spec.is_none() ? Ref() : getattr(spec, intern("submodule_search_locations"));
    if (!path) {
      if (error_pending()) return false;
      Own<List> dirs = list_new(0);
      for (const std::string& d : loc.locations) {
        Own<Str> s = str_from_utf8(d);
        list_append(dirs.get(), s.value());
      }
      path = dirs.into_ref();
    }
    dict_set_str(m->dict, "__path__", path.get());
  }
  if (loc.kind == ModuleLocation::kSource) {
    Own<Str> file = str_from_utf8(loc.origin);
    dict_set_str(m->dict, "__file__", file.value());
    Own<Str> cache = str_from_utf8(cached);
    dict_set_str(m->dict, "__cached__", cache.value());
  } else if (loc.kind == ModuleLocation::kNamespace) {
    dict_set_str(m->dict, "__file__", Value::none());
  } else if (loc.kind == ModuleLocation::kFrozen) {
    Own<Str> file = str_from_utf8("<frozen " + name + ">");
    dict_set_str(m->dict, "__file__", file.value());
  }
  return true;
}

Ref load_native(const std::string& name, const ModuleLocation& loc) {
  Ref m = loc.native->create();
  if (!m) return nullptr;
  if (!dict_set_str(current_interpreter()->modules.get(), name.c_str(), m.get())) return nullptr;
  // Native modules imported at start-up (sys) get their spec when importlib.machinery is
  // first needed, so that `-c pass` loads no Python module.
  Ref spec = bootstrap_done ? make_spec(name, loc, "") : Ref::borrow(Value::none());
  if (!spec || !set_module_spec(m.get(), spec.get())) {
    dict_del(current_interpreter()->modules.get(), str_from_utf8(name).value());
    return nullptr;
  }
  return m;
}

// The code a located module runs: read back (frozen) or compiled through the cache.
Ref module_code(const std::string& name, const ModuleLocation& loc, std::string* cached) {
  if (loc.kind == ModuleLocation::kFrozen) {
    Own<Code> code = marshal_read_code(std::string_view(loc.frozen->code, loc.frozen->code_size));
    if (code) return code.into_ref();
    Ref cause = fetch_error();
    Ref msg = str(cause.get());
    std::string why = msg ? str_to_utf8(msg.as<Str>()) : "unreadable";
    clear_error();
    return raisef(&ImportErrorType, "frozen module %s cannot be loaded: %s", name.c_str(), why.c_str());
  }
  return cached_source_code(loc.origin, cached);
}

Ref load(const std::string& name, const ModuleLocation& loc) {
  if (loc.kind == ModuleLocation::kNative) return load_native(name, loc);
  Ref code;
  std::string cached;
  if (loc.kind != ModuleLocation::kNamespace) {
    code = module_code(name, loc, &cached);
    if (!code) return nullptr;
  }
  Own<Module> m = module_new(name);
  dict_set_str(m->dict, "__builtins__", current_interpreter()->builtins.value());
  Ref spec = make_spec(name, loc, cached);
  if (!spec || !init_module_attrs(m.get(), name, loc, spec.get(), cached)) return nullptr;
  if (!code) {  // a namespace package runs nothing
    if (!dict_set_str(current_interpreter()->modules.get(), name.c_str(), m.value())) return nullptr;
    return Ref::borrow(m.value());
  }
  return exec_module(name, m.get(), code.as<Code>(), spec.get());
}

// Where to look for `name`: sys.path for a top-level module, the parent's __path__ for a
// submodule (null list: the parent is not a package).
bool search_dirs_for(const std::string& name, std::vector<std::string>* dirs, bool* parent_is_package) {
  *parent_is_package = true;
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) {
    *dirs = search_path();
    return true;
  }
  Value parent = dict_get_cstr(current_interpreter()->modules.get(), name.substr(0, dot).c_str());
  if (parent.is_null()) return true;
  Ref path = getattr_opt(parent, intern("__path__"));
  if (!path) {
    if (error_pending()) return false;
    *parent_is_package = false;
    return true;
  }
  *dirs = str_items(path.get());
  return true;
}

// The error for a module found nowhere; when CPython's standard library is missing, the
// message says where gilpy looked for it and how to point it elsewhere.
Ref not_found(const std::string& name) {
  std::string message = "No module named '" + name + "'";
  const std::string& stdlib = current_interpreter()->stdlib_dir;
  if (name.find('.') == std::string::npos && !stdlib.empty() && !is_dir(stdlib))
    message += " (gilpy looked for CPython 3.11's standard library in " + stdlib +
               ", which does not exist: install Debian's libpython3.11-stdlib, or set GILPY_STDLIB to its directory)";
  return module_not_found(message, name);
}

Ref find_and_load(const std::string& name) {
  // Another thread may be loading it (its spec made by Python code can let this thread in).
  wait_until_initialised(name);
  if (Value now = dict_get_cstr(current_interpreter()->modules.get(), name.c_str()); !now.is_null())
    return Ref::borrow(now);
  RunningModule running(name);
  ModuleLocation loc = find_module(name);
  if (loc.kind == ModuleLocation::kNotFound) {
    if (error_pending()) return nullptr;
    size_t dot = name.rfind('.');
    if (dot != std::string::npos) {
      std::string parent = name.substr(0, dot);
      Value p = dict_get_cstr(current_interpreter()->modules.get(), parent.c_str());
      if (!p.is_null() && !hasattr(p, intern("__path__")))
        return module_not_found("No module named '" + name + "'; '" + parent + "' is not a package", name);
    }
    return not_found(name);
  }
  return load(name, loc);
}

// CPython's _calc___package__: the package a relative import in `globals` starts from.
bool package_of(Value globals, std::string* out) {
  out->clear();
  if (globals.is_null() || globals.is_none() || !is_dict(globals)) return true;
  Dict* g = globals.as<Dict>();
  Value package = dict_get_cstr(g, "__package__");
  if (!package.is_null() && !package.is_none()) {
    if (!is_str(package)) {
      raise(&TypeErrorType, "package must be a string");
      return false;
    }
    *out = str_to_utf8(package.as<Str>());
    return true;
  }
  Value spec = dict_get_cstr(g, "__spec__");
  if (!spec.is_null() && !spec.is_none()) {
    Ref parent = getattr(spec, intern("parent"));
    if (!parent) return false;
    *out = str_or_empty(parent.get());
    return true;
  }
  Value name = dict_get_cstr(g, "__name__");
  if (name.is_null() || !is_str(name)) {
    raise(&KeyErrorType, "'__name__' not in globals");
    return false;
  }
  *out = str_to_utf8(name.as<Str>());
  if (dict_get_cstr(g, "__path__").is_null()) {
    size_t dot = out->rfind('.');
    *out = dot == std::string::npos ? "" : out->substr(0, dot);
  }
  return true;
}

// CPython's _handle_fromlist: `from package import name` imports package.name when the
// package has no such attribute; a missing submodule is left for IMPORT_FROM to report.
bool import_fromlist(Value module, const std::string& module_name, Value fromlist, bool recursive) {
  return for_each(fromlist, [&](Value item) {
    if (!is_str(item)) {
      if (recursive)
        raisef(&TypeErrorType, "Item in %s.__all__ must be str, not %s", module_name.c_str(), type_name(item));
      else
        raisef(&TypeErrorType, "Item in from list must be str, not %s", type_name(item));
      return false;
    }
    std::string sub = str_to_utf8(item.as<Str>());
    if (sub == "*") {
      if (recursive) return true;
      Ref all = getattr_opt(module, intern("__all__"));
      if (!all) return !error_pending();
      return import_fromlist(module, module_name, all.get(), true);
    }
    if (hasattr(module, item.as<Str>())) return true;
    std::string full = module_name + "." + sub;
    if (import_module(full)) return true;
    if (!error_matches(&ModuleNotFoundErrorType)) return false;
    Ref exc = fetch_error();
    Ref missing = getattr_opt(exc.get(), intern("name"));
    if (missing && str_or_empty(missing.get()) == full &&
        dict_get_cstr(current_interpreter()->modules.get(), full.c_str()).is_null())
      return true;
    restore_error(std::move(exc));
    return false;
  });
}

}  // namespace

std::vector<std::string> search_path() {
  Interpreter* interp = current_interpreter();
  Value sys = sys_module();
  if (!sys.is_null()) {
    Ref p = getattr_opt(sys, intern("path"));
    if (p && is_list(p.get())) return str_items(p.get());
    if (error_pending()) clear_error();
  }
  return interp->path;
}

ModuleLocation find_module(const std::string& name) {
  Interpreter* interp = current_interpreter();
  ModuleLocation loc;
  for (const NativeModuleDef* d = interp->native_modules; d && d->name; ++d) {
    if (name == d->name) {
      loc.kind = ModuleLocation::kNative;
      loc.native = d;
      loc.origin = "built-in";
      return loc;
    }
  }
  for (const FrozenModuleDef* const* d = interp->frozen_modules; d && *d; ++d) {
    if (name == (*d)->name) {
      loc.kind = ModuleLocation::kFrozen;
      loc.frozen = *d;
      loc.origin = "frozen";
      loc.is_package = (*d)->is_package;
      return loc;
    }
  }
  std::vector<std::string> dirs;
  bool parent_is_package = true;
  if (!search_dirs_for(name, &dirs, &parent_is_package) || !parent_is_package) return loc;
  std::string leaf = name.substr(name.rfind('.') + 1);
  std::vector<std::string> namespace_portions;
  for (const std::string& dir : dirs) {
    std::string base = dir.empty() ? leaf : dir + "/" + leaf;
    if (is_dir(base)) {
      if (is_file(base + "/__init__.py")) {
        loc.kind = ModuleLocation::kSource;
        loc.origin = base + "/__init__.py";
        loc.is_package = true;
        loc.locations = {base};
        return loc;
      }
      namespace_portions.push_back(base);
    }
    if (is_file(base + ".py")) {
      loc.kind = ModuleLocation::kSource;
      loc.origin = base + ".py";
      return loc;
    }
  }
  if (!namespace_portions.empty()) {
    loc.kind = ModuleLocation::kNamespace;
    loc.is_package = true;
    loc.locations = std::move(namespace_portions);
  }
  return loc;
}

Ref import_module(std::string_view name_view) {
  Interpreter* interp = current_interpreter();
  std::string name(name_view);
  Value cached = dict_get_cstr(interp->modules.get(), name.c_str());
  if (!cached.is_null() && interp->import_locks && interp->import_locks->count.load(std::memory_order_relaxed)) {
    Ref hold = Ref::borrow(cached);
    wait_until_initialised(name);  // another thread may be running its code
    cached = dict_get_cstr(interp->modules.get(), name.c_str());
  }
  if (!cached.is_null()) {
    if (cached.is_none()) return module_not_found("import of " + name + " halted; None in sys.modules", name);
    return Ref::borrow(cached);
  }
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return find_and_load(name);
  // Packages: the parent first; a submodule becomes an attribute of its parent.
  std::string parent_name = name.substr(0, dot);
  Ref parent = import_module(parent_name);
  if (!parent) return nullptr;
  cached = dict_get_cstr(interp->modules.get(), name.c_str());  // the parent may have imported it
  if (!cached.is_null()) return Ref::borrow(cached);
  Ref m = find_and_load(name);
  if (m && setattr(parent.get(), name.substr(dot + 1).c_str(), m.get()) < 0) return nullptr;
  return m;
}

bool resolve_relative_name(const std::string& name, const std::string& package, int64_t level, std::string* out) {
  if (package.empty()) {
    raise(&ImportErrorType, "attempted relative import with no known parent package");
    return false;
  }
  std::string base = package;
  for (int64_t i = 1; i < level; ++i) {
    size_t dot = base.rfind('.');
    if (dot == std::string::npos) {
      raise(&ImportErrorType, "attempted relative import beyond top-level package");
      return false;
    }
    base.resize(dot);
  }
  *out = name.empty() ? base : base + "." + name;
  return true;
}

Ref import_name(Value name_value, Value globals, Value fromlist, Value level_value) {
  if (!is_str(name_value)) return raisef(&TypeErrorType, "module name must be str, not %s", type_name(name_value));
  auto level_or = index_as_int64(level_value);
  if (!level_or) return nullptr;
  int64_t level = *level_or;
  if (level < 0) return raise(&ValueErrorType, "level must be >= 0");
  std::string name = str_to_utf8(name_value.as<Str>());
  std::string absolute = name;
  if (level > 0) {
    std::string package;
    if (!package_of(globals, &package) || !resolve_relative_name(name, package, level, &absolute)) return nullptr;
  } else if (name.empty()) {
    return raise(&ValueErrorType, "Empty module name");
  }
  Ref module = import_module(absolute);
  if (!module) return nullptr;
  bool has_fromlist = !fromlist.is_null() && !fromlist.is_none();
  if (has_fromlist) {
    int t = truthy(fromlist);
    if (t < 0) return nullptr;
    has_fromlist = t > 0;
  }
  if (has_fromlist) {
    if (hasattr(module.get(), intern("__path__")) && !import_fromlist(module.get(), absolute, fromlist, false))
      return nullptr;
    return module;
  }
  // `import a.b.c` binds the first name: a (relative: the package that name is in).
  size_t first = name.find('.');
  if (level == 0) return first == std::string::npos ? module : import_module(name.substr(0, first));
  if (name.empty() || first == std::string::npos) return module;
  return import_module(absolute.substr(0, absolute.size() - (name.size() - first)));
}

Ref import_from(Value module, Str* name) {
  Ref r = getattr(module, name);
  if (r || !error_matches(&AttributeErrorType)) return r;
  clear_error();
  // A submodule imported but not (yet) bound in its package: sys.modules has it.
  Ref pkg_name = getattr_opt(module, intern("__name__"));
  if (!pkg_name && error_pending()) return nullptr;
  std::string modname = pkg_name && is_str(pkg_name.get()) ? str_to_utf8(pkg_name.as<Str>()) : "";
  if (!modname.empty()) {
    Value m = dict_get_cstr(current_interpreter()->modules.get(), (modname + "." + str_to_utf8(name)).c_str());
    if (!m.is_null()) return Ref::borrow(m);
  }
  if (modname.empty()) modname = "<unknown module name>";
  Ref file = getattr_opt(module, intern("__file__"));
  if (!file && error_pending()) clear_error();
  std::string where = file && is_str(file.get()) ? str_to_utf8(file.as<Str>()) : "unknown location";
  bool initializing = false;
  if (Ref spec = getattr_opt(module, intern("__spec__")); spec && !spec.get().is_none()) {
    Ref flag = getattr_opt(spec.get(), intern("_initializing"));
    initializing = flag && truthy(flag.get()) > 0;
  }
  if (error_pending()) clear_error();
  std::string message = "cannot import name '" + str_to_utf8(name) + "' from " +
                        (initializing ? "partially initialized module " : "") + "'" + modname + "' " +
                        (initializing ? "(most likely due to a circular import) " : "") + "(" + where + ")";
  Ref exc = new_exception(&ImportErrorType, message);
  Own<Str> n = str_from_utf8(modname);
  setattr(exc.get(), "name", n.value());
  if (file && is_str(file.get())) setattr(exc.get(), "path", file.get());
  restore_error(std::move(exc));
  return nullptr;
}

Ref reload_module(Value module) {
  if (!is_module(module)) return raise(&TypeErrorType, "reload() argument must be a module");
  Interpreter* interp = current_interpreter();
  Module* m = module.as<Module>();
  std::string name;
  Value spec = dict_get_cstr(m->dict, "__spec__");
  if (!spec.is_null() && !spec.is_none()) {
    Ref n = getattr(spec, intern("name"));
    if (!n) return nullptr;
    name = str_or_empty(n.get());
  } else {
    name = str_or_empty(dict_get_cstr(m->dict, "__name__"));
  }
  if (dict_get_cstr(interp->modules.get(), name.c_str()) != module) {
    Ref exc = new_exception(&ImportErrorType, "module " + name + " not in sys.modules");
    Own<Str> n = str_from_utf8(name);
    setattr(exc.get(), "name", n.value());
    restore_error(std::move(exc));
    return nullptr;
  }
  size_t dot = name.rfind('.');
  if (dot != std::string::npos && dict_get_cstr(interp->modules.get(), name.substr(0, dot).c_str()).is_null()) {
    Ref exc = new_exception(&ImportErrorType, "parent '" + name.substr(0, dot) + "' not in sys.modules");
    Own<Str> n = str_from_utf8(name.substr(0, dot));
    setattr(exc.get(), "name", n.value());
    restore_error(std::move(exc));
    return nullptr;
  }
  ModuleLocation loc = find_module(name);
  if (loc.kind == ModuleLocation::kNotFound) {
    if (error_pending()) return nullptr;
    return not_found(name);
  }
  if (loc.kind == ModuleLocation::kNative || loc.kind == ModuleLocation::kNamespace) return Ref::borrow(module);
  std::string cached;
  Ref code = module_code(name, loc, &cached);
  if (!code) return nullptr;
  Ref new_spec = make_spec(name, loc, cached);
  if (!new_spec || !init_module_attrs(m, name, loc, new_spec.get(), cached)) return nullptr;
  return exec_module(name, m, code.as<Code>(), new_spec.get(), true);
}

}  // namespace gilpy::vm
