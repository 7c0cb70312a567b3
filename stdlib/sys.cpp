// stdlib/sys.cpp: the sys module: the interpreter's settings and state as Python sees them.
//
// sys.modules is the Interpreter's module dict itself, sys.path is made from
// Interpreter::path once (the list is the source of truth afterwards), the recursion limit
// is Interpreter::recursion_limit, and the std streams are io's file objects over fd 0-2.
#include <unistd.h>

#include <cfloat>
#include <climits>
#include <vector>
#include <string>

#include "runtime/errors.h"
#include "runtime/gil.h"
#include "runtime/thread_state.h"
#include "stdlib/common.h"
#include "stdlib/io.h"
#include "stdlib/modules.h"
#include "stdlib/registry.h"
#include "stdlib/structseq.h"
#include "vm/eval.h"
#include "vm/frame_object.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Ref s_getswitchinterval(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getswitchinterval", kwnames) || !check_nargs("getswitchinterval", nargs, 0, 0))
    return nullptr;
  // The GIL keeps the interval, in microseconds, as CPython does (runtime/gil.h).
  return make_float(1e-6 * double(rt::gil_switch_interval_us()));
}

Ref s_setswitchinterval(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value interval;
  if (!bind_args("setswitchinterval", args, nargs, kwnames, {"interval", "/"}, 1, {&interval})) return nullptr;
  double d;
  if (!as_double(interval, &d)) return nullptr;
  if (!(d > 0.0)) return raise(&ValueErrorType, "switch interval must be strictly positive");
  double us = 1.0e6 * d;
  rt::gil_set_switch_interval_us(us >= 9.2e18 ? INT64_MAX : int64_t(us));
  return Ref::none();
}

constexpr int kMajor = 3, kMinor = 11, kMicro = 7;

Type VersionInfoType;
Type FlagsType;
Type FloatInfoType;
Type HashInfoType;

const char* const kVersionInfoFields[] = {"major", "minor", "micro", "releaselevel", "serial"};
const char* const kFlagsFields[] = {
    "debug",      "inspect", "interactive", "optimize", "dont_write_bytecode", "no_user_site",
    "no_site",    "ignore_environment", "verbose", "bytes_warning", "quiet", "hash_randomization",
    "isolated",   "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path", "int_max_str_digits"};
const char* const kHashInfoFields[] = {"width", "modulus", "inf", "nan", "imag", "algorithm", "hash_bits",
                                       "seed_bits", "cutoff"};
const char* const kImplementationFields[] = {"name", "cache_tag", "version", "hexversion"};
const char* const kFloatInfoFields[] = {"max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp",
                                        "dig", "mant_dig", "epsilon", "radix", "rounds"};

void init_sys_types() {
  static bool done = false;
  if (done) return;
  done = true;
  structseq_init_type(&VersionInfoType, "version_info", "sys.version_info", kVersionInfoFields, 5);
  structseq_init_type(&FlagsType, "flags", "sys.flags", kFlagsFields, 18);
  structseq_init_type(&FloatInfoType, "float_info", "sys.float_info", kFloatInfoFields, 11);
  structseq_init_type(&HashInfoType, "hash_info", "sys.hash_info", kHashInfoFields, 9);
}

Ref s_exit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value code = Value::none();
  if (!bind_args("exit", args, nargs, kwnames, {"status", "/"}, 0, {&code})) return nullptr;
  Ref exc = nargs ? call1(Value::from_obj(&SystemExitType), code) : call0(Value::from_obj(&SystemExitType));
  if (!exc) return nullptr;
  return raise_value(exc.get());
}

Ref s_getrecursionlimit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("getrecursionlimit", kwnames) || !check_nargs("getrecursionlimit", nargs, 0, 0))
    return nullptr;
  return make_int(vm::current_interpreter()->recursion_limit);
}

Ref s_setrecursionlimit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value limit;
  if (!bind_args("setrecursionlimit", args, nargs, kwnames, {"limit", "/"}, 1, {&limit})) return nullptr;
  if (is_float(limit)) return raise(&TypeErrorType, "'float' object cannot be interpreted as an integer");
  auto v = index_as_int64(limit);
  if (!v) return nullptr;
  if (*v > INT_MAX) return raise(&OverflowErrorType, "Python int too large to convert to C int");
  if (*v < 1) return raise(&ValueErrorType, "recursion limit must be greater or equal than 1");
  int depth = ThreadState::current() ? ThreadState::current()->recursion_depth : 0;
  if (*v <= depth)
    return raisef(&RecursionErrorType,
                  "cannot set the recursion limit to %lld at the recursion depth %d: the limit is too low",
                  (long long)*v, depth);
  vm::current_interpreter()->recursion_limit = int(*v);
  return Ref::none();
}

Ref exc_triple(Value exc) {
  if (!exc || exc.is_none()) return make_tuple(Ref::none(), Ref::none(), Ref::none());
  Value tb = exc.as<ExceptionObject>()->traceback;
  return make_tuple(Ref::borrow(Value::from_obj(type_of(exc))), Ref::borrow(exc),
                    tb ? Ref::borrow(tb) : Ref::none());
}

Ref s_exc_info(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("exc_info", kwnames) || !check_nargs("exc_info", nargs, 0, 0)) return nullptr;
  ThreadState* ts = ThreadState::current();
  return exc_triple(ts ? ts->topmost_handled() : Value());  // a generator's callers' too
}

Ref s_exception(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("exception", kwnames) || !check_nargs("exception", nargs, 0, 0)) return nullptr;
  ThreadState* ts = ThreadState::current();
  Value exc = ts ? ts->topmost_handled() : Value();
  if (!exc) return Ref::none();
  return Ref::borrow(exc);
}

Ref s_intern(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value s;
  if (!bind_args("intern", args, nargs, kwnames, {"string", "/"}, 1, {&s})) return nullptr;
  if (!is_exact_str(s)) return raisef(&TypeErrorType, "intern() argument must be str, not %s", type_name(s));
  return intern_str(Own<Str>::borrow(s.as<Str>())).into_ref();
}

Ref s_getsizeof(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value obj, dflt = Value();
  if (!bind_args("getsizeof", args, nargs, kwnames, {"object", "default"}, 1, {&obj, &dflt})) return nullptr;
  Type* t = type_of(obj);
  int64_t size = int64_t(t->basic_size);
  if (obj.is_small_int()) size = 28;
  else if (obj.is_bool() || obj.is_none()) size = 28;
  if (is_str(obj)) {
    Str* s = obj.as<Str>();
    size = int64_t(sizeof(Str)) + s->length * s->kind + 1;
  } else if (t->item_size && t->len) {
    int64_t n = length(obj);
    if (n < 0) {
      clear_error();
      n = 0;
    }
    size += n * int64_t(t->item_size);
  } else if (is_list(obj)) {
    size += obj.as<List>()->capacity * int64_t(sizeof(Value));
  }
  if (type_has(t, kTypeGc)) size += int64_t(sizeof(GcLink));
  return make_int(size);
}

Ref s_getrefcount(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value obj;
  if (!bind_args("getrefcount", args, nargs, kwnames, {"object", "/"}, 1, {&obj})) return nullptr;
  if (!obj.is_obj()) return make_int(kImmortal);
  return make_int(int64_t(obj.obj()->refcnt));
}

Ref s_excepthook(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("excepthook", kwnames) || !check_nargs("excepthook", nargs, 3, 3)) return nullptr;
  flush_std_streams();
  vm::print_exception(args[1]);
  return Ref::none();
}

// sys.displayhook: what the REPL (and compile(..., "single") code) does with the value of
// an expression statement: repr to sys.stdout, kept in builtins._ (None is not shown).
Ref s_displayhook(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("displayhook", kwnames) || !check_nargs("displayhook", nargs, 1, 1)) return nullptr;
  Value v = args[0];
  if (v.is_none()) return Ref::none();
  vm::Interpreter* interp = vm::current_interpreter();
  Dict* builtins = interp->builtins_dict.get();
  // As CPython: _ is set to None first, so that repr() sees no stale value.
  if (!dict_set_str(builtins, "_", Value::none())) return nullptr;
  Ref text = repr(v);
  if (!text) return nullptr;
  Value sys = dict_get_cstr(interp->modules.get(), "sys");
  Ref out = sys.is_null() ? Ref() : getattr_opt(sys, intern("stdout"));
  if (!out || out.get().is_none()) {
    if (!error_pending()) raise(&RuntimeErrorType, "lost sys.stdout");
    return nullptr;
  }
  Ref w = call_method1(out.get(), "write", text.get());
  if (!w) return nullptr;
  Ref nl = new_str("\n");
  w = call_method1(out.get(), "write", nl.get());
  if (!w) return nullptr;
  if (!dict_set_str(builtins, "_", v)) return nullptr;
  return Ref::none();
}

Ref s_getdefaultencoding(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return new_str("utf-8");
}

// sys._getframe([depth]): the caller's frame object (vm/frame_object.h), depth frames up.
Ref s_getframe(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_getframe", kwnames) || !check_nargs("_getframe", nargs, 0, 1)) return nullptr;
  int64_t depth = 0;
  if (nargs == 1) {
    auto d = index_as_int64(args[0]);
    if (!d) return nullptr;
    depth = *d;
  }
  vm::Frame* f = vm::current_frame();
  while (f && !f->code) f = f->previous;
  for (; f && depth > 0; --depth) {
    f = f->previous;
    while (f && !f->code) f = f->previous;
  }
  if (!f) return raise(&ValueErrorType, "call stack is not deep enough");
  return vm::frame_object_for(f);
}

// sys.audit / sys.addaudithook: gilpy has no audit hooks; events are accepted and dropped
// (tempfile and shutil raise them).
Ref s_audit(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("audit", kwnames)) return nullptr;
  if (nargs < 1) return raise(&TypeErrorType, "audit() missing 1 required positional argument: 'event'");
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "expected str for argument 'event', not %s", type_name(args[0]));
  return Ref::none();
}

Ref s_addaudithook(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value hook;
  if (!bind_args("addaudithook", args, nargs, kwnames, {"hook"}, 1, {&hook})) return nullptr;
  return Ref::none();
}

const MethodDef sys_functions[] = {
    {"audit", s_audit, 0, "Passes the event to any audit hooks that are attached."},
    {"addaudithook", s_addaudithook, 0, "Adds a new audit hook callback."},
    {"_getframe", s_getframe, 0, "Return a frame object from the call stack."},
    {"exit", s_exit, 0, "Exit the interpreter by raising SystemExit(status)."},
    {"getrecursionlimit", s_getrecursionlimit, 0, "Return the current value of the recursion limit."},
    {"setrecursionlimit", s_setrecursionlimit, 0, "Set the maximum depth of the Python interpreter stack to n."},
    {"exc_info", s_exc_info, 0, "Return current exception information: (type, value, traceback)."},
    {"exception", s_exception, 0, "Return the current exception."},
    {"intern", s_intern, 0, "``Intern'' the given string."},
    {"getsizeof", s_getsizeof, 0, "Return the size of object in bytes."},
    {"get_asyncgen_hooks", sys_get_asyncgen_hooks, 0, "Return the installed asynchronous generators hooks."},
    {"set_asyncgen_hooks", sys_set_asyncgen_hooks, 0, "Set new hooks for asynchronous generators."},
    {"getrefcount", s_getrefcount, 0, "Return the reference count of object."},
    {"excepthook", s_excepthook, 0, "Handle an exception by displaying it with a traceback on sys.stderr."},
    {"displayhook", s_displayhook, 0, "Print an object to sys.stdout and also save it in builtins._"},
    {"getdefaultencoding", s_getdefaultencoding, 0, "Return the current default encoding used by the Unicode implementation."},
    {"getfilesystemencoding", s_getdefaultencoding, 0, "Return the encoding used to convert Unicode filenames to OS filenames."},
    {"getswitchinterval", s_getswitchinterval, 0, "Return the current thread switch interval; see sys.setswitchinterval()."},
    {"setswitchinterval", s_setswitchinterval, 0, "Set the ideal thread switching delay inside the Python interpreter."},
    {nullptr}};

std::string executable_path() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  return std::string(buf, size_t(n));
}

std::string dirname_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool add(Module* m, const char* name, Ref v) { return v && module_add(m, name, v.get()); }

}  // namespace

Ref create_sys_module() {
  init_sys_types();
  vm::Interpreter* interp = vm::current_interpreter();
  Own<Module> m = module_new("sys");
  Module* mod = m.get();
  if (!module_add_functions(mod, sys_functions)) return nullptr;

  Own<List> argv = list_new();
  for (const std::string& a : interp->argv) {
    Ref s = new_str(a);
    list_append(argv.get(), s.get());
  }
  if (interp->argv.empty()) {
    Ref s = new_str("");
    list_append(argv.get(), s.get());
  }
  module_add(mod, "argv", argv.value());

  Own<List> path = list_new();
  std::vector<std::string> entries = interp->path;
  if (entries.empty() && !interp->flags.safe_path) entries.push_back(interp->argv.empty() ? "" : dirname_of(interp->argv[0]));
  for (const std::string& p : entries) {
    // CPython normalises an absolute sys.path[0] ("/a/b/../c" -> "/a/c").
    Ref s = new_str(!p.empty() && p[0] == '/' ? normpath_posix(p) : p);
    list_append(path.get(), s.get());
  }
  module_add(mod, "path", path.value());
  Own<List> warnoptions = list_new();  // -W and PYTHONWARNINGS; `if not sys.warnoptions:` is a common idiom
  for (const std::string& w : interp->warnoptions) {
    Ref s = new_str(w);
    list_append(warnoptions.get(), s.get());
  }
  module_add(mod, "warnoptions", warnoptions.value());
  Own<Dict> xoptions = dict_new();  // -X NAME (True) and -X NAME=VALUE
  for (const std::string& x : interp->xoptions) {
    size_t eq = x.find('=');
    Ref value = eq == std::string::npos ? Ref::boolean(true) : new_str(x.substr(eq + 1));
    Ref key = new_str(x.substr(0, eq));
    dict_set(xoptions.get(), key.get(), value.get());
  }
  module_add(mod, "_xoptions", xoptions.value());
  if (interp->modules) module_add(mod, "modules", interp->modules.value());

  Value hook = dict_get_cstr(mod->dict, "excepthook");
  if (hook) module_add(mod, "__excepthook__", hook);
  hook = dict_get_cstr(mod->dict, "displayhook");
  if (hook) module_add(mod, "__displayhook__", hook);

  for (int fd = 0; fd < 3; fd++) {
    static const char* names[] = {"stdin", "stdout", "stderr"};
    static const char* dunder[] = {"__stdin__", "__stdout__", "__stderr__"};
    Ref s = std_stream(fd);
    module_add(mod, names[fd], s.get());
    module_add(mod, dunder[fd], s.get());
  }

  Ref releaselevel = new_str("final");
  Value vi[] = {Value::small_int(kMajor), Value::small_int(kMinor), Value::small_int(kMicro),
                releaselevel.get(), Value::small_int(0)};
  Ref version_info = structseq_new(&VersionInfoType, vi, 5);
  module_add(mod, "version_info", version_info.get());
  add(mod, "version", new_str(strfmt("%d.%d.%d (gilpy 0.1.0) [GCC %d.%d]", kMajor, kMinor, kMicro,
                                     __GNUC__, __GNUC_MINOR__)));
  int64_t hexversion = (int64_t(kMajor) << 24) | (kMinor << 16) | (kMicro << 8) | (0xF << 4);
  module_add(mod, "hexversion", Value::small_int(hexversion));
  module_add(mod, "api_version", Value::small_int(1013));

  Value flags[18];
  for (auto& f : flags) f = Value::small_int(0);
  const vm::Interpreter::Flags& fl = interp->flags;
  flags[1] = Value::small_int(fl.inspect);
  flags[2] = Value::small_int(fl.inspect);  // interactive: -i, as CPython's flag
  flags[3] = Value::small_int(interp->optimize);
  flags[4] = Value::small_int(fl.dont_write_bytecode);
  flags[5] = Value::small_int(fl.no_user_site);
  flags[6] = Value::small_int(fl.no_site);
  flags[7] = Value::small_int(fl.ignore_environment);
  flags[8] = Value::small_int(fl.verbose);
  flags[9] = Value::small_int(fl.bytes_warning);
  flags[10] = Value::small_int(fl.quiet);
  flags[11] = Value::small_int(1);    // hash_randomization
  flags[12] = Value::small_int(fl.isolated);
  flags[13] = Value::false_();        // dev_mode
  flags[16] = fl.safe_path ? Value::true_() : Value::false_();
  flags[17] = Value::small_int(-1);   // int_max_str_digits
  add(mod, "flags", structseq_new(&FlagsType, flags, 18));

  Ref impl_name = new_str("gilpy");
  Ref cache_tag = Ref::none();
  Value impl[] = {impl_name.get(), cache_tag.get(), version_info.get(), Value::small_int(hexversion)};
  add(mod, "implementation", simple_namespace_new(kImplementationFields, impl, 4));

  Ref fmax = make_float(DBL_MAX), fmin = make_float(DBL_MIN), eps = make_float(DBL_EPSILON);
  Value fi[] = {fmax.get(), Value::small_int(DBL_MAX_EXP), Value::small_int(DBL_MAX_10_EXP), fmin.get(),
                Value::small_int(DBL_MIN_EXP), Value::small_int(DBL_MIN_10_EXP), Value::small_int(DBL_DIG),
                Value::small_int(DBL_MANT_DIG), eps.get(), Value::small_int(FLT_RADIX), Value::small_int(1)};
  add(mod, "float_info", structseq_new(&FloatInfoType, fi, 11));
  // The numeric hash's parameters (runtime/int.cpp, float.cpp: CPython's, modulus 2**61-1);
  // fractions and decimal hash their numbers with them.
  Ref modulus = make_int((int64_t{1} << 61) - 1);
  Ref algorithm = new_str("siphash13");
  Value hi[] = {Value::small_int(64), modulus.get(), Value::small_int(314159), Value::small_int(0),
                Value::small_int(1000003), algorithm.get(), Value::small_int(64), Value::small_int(128),
                Value::small_int(0)};
  add(mod, "hash_info", structseq_new(&HashInfoType, hi, 9));

  add(mod, "platform", new_str("linux"));
  add(mod, "byteorder", new_str("little"));
  add(mod, "executable", new_str(executable_path()));
  add(mod, "prefix", new_str("/usr"));
  add(mod, "base_prefix", new_str("/usr"));
  add(mod, "exec_prefix", new_str("/usr"));
  add(mod, "base_exec_prefix", new_str("/usr"));
  add(mod, "platlibdir", new_str("lib"));
  add(mod, "maxsize", make_int(INT64_MAX));
  module_add(mod, "maxunicode", Value::small_int(0x10FFFF));
  module_add(mod, "dont_write_bytecode", interp->flags.dont_write_bytecode ? Value::true_() : Value::false_());
  Ref pycache_prefix = interp->pycache_prefix.empty() ? Ref::none() : new_str(interp->pycache_prefix);
  module_add(mod, "pycache_prefix", pycache_prefix.get());

  // builtin_module_names: every native module of the registry.
  int64_t count = 0;
  for (const vm::NativeModuleDef* d = native_module_table(); d->name; d++) count++;
  Own<Tuple> names = tuple_new(count);
  int64_t i = 0;
  for (const vm::NativeModuleDef* d = native_module_table(); d->name; d++) names->items[i++] = new_str(d->name).release();
  module_add(mod, "builtin_module_names", names.value());
  return m.into_ref();
}

}  // namespace gilpy::stdlib
