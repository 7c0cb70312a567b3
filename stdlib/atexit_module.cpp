// stdlib/atexit_module.cpp: the atexit module. The callbacks live in the interpreter
// (Interpreter::atexit_callbacks), which runs them at exit (vm/finalize.cpp); this file
// only registers and unregisters them.
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

List* callbacks() {
  vm::Interpreter* interp = vm::current_interpreter();
  if (!interp->atexit_callbacks) interp->atexit_callbacks = list_new();
  return interp->atexit_callbacks.get();
}

// register(func, /, *args, **kwargs) -> func
Ref atexit_register(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (nargs == 0) return raise(&TypeErrorType, "register() takes at least 1 argument (0 given)");
  if (!is_callable(args[0])) return raise(&TypeErrorType, "the first argument must be callable");
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  Own<Tuple> positional = tuple_from_array(args + 1, int64_t(nargs - 1));
  Ref kwargs = Ref::none();
  if (nkw) {
    Own<Dict> d = dict_new();
    for (size_t i = 0; i < nkw; ++i)
      if (!dict_set(d.get(), kwnames->items[i], args[nargs + i])) return nullptr;
    kwargs = d.into_ref();
  }
  Own<Tuple> entry = tuple_from({args[0], positional.value(), kwargs.get()});
  if (!list_append(callbacks(), entry.value())) return nullptr;
  return Ref::borrow(args[0]);
}

// unregister(func): every registration of a callback equal to func is forgotten.
Ref atexit_unregister(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("unregister", kwnames) || !check_nargs("unregister", nargs, 1, 1)) return nullptr;
  List* list = callbacks();
  for (int64_t i = 0; i < list->size; ++i) {
    if (list->items[i].is_none()) continue;
    Ref func = Ref::borrow(list->items[i].as<Tuple>()->items[0]);
    int eq = rich_compare_bool(func.get(), args[0], CompareOp::Eq);
    if (eq < 0) return nullptr;
    if (eq && i < list->size) set_owned(&list->items[i], Value::none());
  }
  return Ref::none();
}

Ref atexit_run_exitfuncs(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_run_exitfuncs", kwnames) || !check_nargs("_run_exitfuncs", nargs, 0, 0)) return nullptr;
  vm::run_atexit_callbacks();
  return Ref::none();
}

Ref atexit_clear(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_clear", kwnames) || !check_nargs("_clear", nargs, 0, 0)) return nullptr;
  vm::current_interpreter()->atexit_callbacks = list_new();
  return Ref::none();
}

Ref atexit_ncallbacks(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_ncallbacks", kwnames) || !check_nargs("_ncallbacks", nargs, 0, 0)) return nullptr;
  return make_int(callbacks()->size);  // (as CPython 3.11: unregistered ones count until a run)
}

const MethodDef atexit_functions[] = {
    {"register", atexit_register, 0, "Register a function to be executed upon normal program termination."},
    {"unregister", atexit_unregister, 0, "Unregister an exit function which was previously registered."},
    {"_run_exitfuncs", atexit_run_exitfuncs, 0, "Run all registered exit functions."},
    {"_clear", atexit_clear, 0, "Clear the list of previously registered exit functions."},
    {"_ncallbacks", atexit_ncallbacks, 0, "Return the number of registered exit functions."},
    {nullptr}};

}  // namespace

Ref create_atexit_module() {
  Own<Module> m = module_new("atexit");
  if (!module_add_functions(m.get(), atexit_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
