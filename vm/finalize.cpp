// vm/finalize.cpp: what runs between the end of the program and the end of the process,
// in the order of CPython's Py_FinalizeEx, so that a program loses nothing it wrote and
// its objects' __del__ methods run:
//
//   1. threading._shutdown() joins the non-daemon threads; daemon threads are parked on
//      the GIL from then on (gil_finalizing) and never run again;
//   2. the atexit callbacks, the last registered first; an exception in one is reported
//      ("Exception ignored in atexit callback: ...") and the next one runs;
//   3. the interpreter's at_exit hook (the GIL reports asked for on the command line),
//      while every thread's objects are still alive;
//   4. __main__'s globals are cleared as CPython's _PyModule_ClearDict clears a module:
//      first the names with one leading underscore, then all the others but
//      __builtins__, each set to None in the dict's order. An object only the module
//      held dies there: its __del__ runs, a file it held is flushed and closed;
//   5. a collection, for what lived in cycles (their __del__ methods run too);
//   6. sys.stdout and sys.stderr are flushed (also after 2). A flush that fails (the
//      reader of a pipe went away) is reported against the file, and the exit status
//      becomes 120, as CPython's.
//
// Other modules' globals are left alone: gilpy's own library modules stay usable by the
// __del__ methods that run in 4 and 5.
#include <cstdio>

#include "runtime/abstract.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/gil.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "vm/interpreter.h"

namespace gilpy::vm {

using namespace rt;

namespace {

// threading._shutdown(), if the program imported threading.
void wait_for_thread_shutdown() {
  Value threading = dict_get_cstr(current_interpreter()->modules.get(), "threading");
  if (threading.is_null()) return;
  Ref fn = getattr_opt(threading, intern("_shutdown"));
  if (fn) {
    Ref r = call(fn.get(), nullptr, 0);
    if (r) return;
  }
  if (error_pending()) {
    Ref exc = fetch_error();
    if (!is_instance_of_type(exc.get(), &KeyboardInterruptType)) print_exception(exc.get());
  }
}

// The module dict's names that clearing round `first_round` sets to None (CPython's
// _PyModule_ClearDict): one leading underscore first, then everything but __builtins__.
bool cleared_in_round(Value key, bool first_round) {
  if (!is_str(key)) return false;
  std::string name = str_to_utf8(key.as<Str>());
  if (first_round) return name.size() > 1 && name[0] == '_' && name[1] != '_';
  return name != "__builtins__";
}

void clear_module_dict(Dict* globals) {
  for (bool first_round : {true, false}) {
    // The keys first: a __del__ that runs as a value is replaced may add names.
    std::vector<Ref> keys;
    int64_t pos = 0;
    Value key, value;
    while (dict_next(globals, &pos, &key, &value))
      if (cleared_in_round(key, first_round) && !value.is_none()) keys.push_back(Ref::borrow(key));
    for (const Ref& k : keys)
      if (!dict_set(globals, k.get(), Value::none())) write_unraisable(Value(), "while clearing __main__");
  }
}

// sys.stdout.flush() and sys.stderr.flush() (CPython's flush_std_files); false if one
// failed.
bool flush_std_files() {
  Value sys = dict_get_cstr(current_interpreter()->modules.get(), "sys");
  if (sys.is_null()) return true;
  bool flushed = true;
  for (const char* name : {"stdout", "stderr"}) {
    Ref file = getattr_opt(sys, intern(name));
    if (!file || file.get().is_none()) continue;
    Ref r = call_method0(file.get(), "flush");
    if (!r) {
      write_unraisable(file.get());
      flushed = false;
    }
  }
  if (error_pending()) clear_error();
  return flushed;
}

}  // namespace

void run_atexit_callbacks() {
  Interpreter* interp = current_interpreter();
  if (!interp->atexit_callbacks) return;
  // As CPython: the callbacks there were when the run began, last first; one registered
  // meanwhile does not run, one unregistered meanwhile is None by then.
  for (int64_t i = interp->atexit_callbacks->size - 1; i >= 0; --i) {
    List* callbacks = interp->atexit_callbacks.get();
    if (i >= callbacks->size || callbacks->items[i].is_none()) continue;
    Ref entry = Ref::borrow(callbacks->items[i]);
    auto* t = entry.as<Tuple>();
    Value func = t->items[0], kwargs = t->items[2];
    Ref r = call_tuple_dict(func, t->items[1].as<Tuple>(), kwargs.is_none() ? nullptr : kwargs.as<Dict>());
    if (!r) write_unraisable(func, "in atexit callback");
  }
  interp->atexit_callbacks = list_new();
}

bool finalize_interpreter() {
  Interpreter* interp = current_interpreter();
  wait_for_thread_shutdown();
  gil_finalizing = true;  // daemon threads stay parked on the GIL from here on
  run_atexit_callbacks();
  bool flushed = flush_std_files();
  if (interp->at_exit) interp->at_exit();
  Value main = dict_get_cstr(interp->modules.get(), "__main__");
  if (!main.is_null() && type_of(main) == &ModuleType) {  // (a program may have replaced it)
    Ref keep = Ref::borrow(main);
    clear_module_dict(main.as<Module>()->dict);
  }
  gc_collect();
  return flush_std_files() && flushed;
}

}  // namespace gilpy::vm
