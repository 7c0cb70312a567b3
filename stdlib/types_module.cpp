// stdlib/types_module.cpp: _gilpy_types, the native half of the `types` module
// (stdlib/python/types.py): what Python code cannot do on code objects itself.
//
// mark_iterable_coroutine(func) sets CO_ITERABLE_COROUTINE on a generator function's code,
// as types.coroutine does (CPython replaces the code object with a copy; gilpy's code
// objects are not copyable from Python, so the flag is set in place).
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/code.h"
#include "vm/function.h"
#include "vm/generator.h"
#include "stdlib/structseq.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Ref mark_iterable_coroutine_fn(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("mark_iterable_coroutine", kwnames) || !check_nargs("mark_iterable_coroutine", nargs, 1, 1))
    return nullptr;
  if (!vm::is_function(args[0])) return raise(&TypeErrorType, "mark_iterable_coroutine() expects a function");
  vm::Code* co = args[0].as<vm::Function>()->code;
  if (co->flags & vm::kCoGenerator) co->flags |= vm::kCoIterableCoroutine;
  return Ref::borrow(args[0]);
}

}  // namespace

// ---- sys.set_asyncgen_hooks / sys.get_asyncgen_hooks (vm/generator.h) ----------------------

static Type AsyncGenHooksType;
static const char* const kAsyncGenHooksFields[] = {"firstiter", "finalizer"};

Ref sys_get_asyncgen_hooks(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("get_asyncgen_hooks", kwnames) || !check_nargs("get_asyncgen_hooks", nargs, 0, 0))
    return nullptr;
  if (!AsyncGenHooksType.name)
    structseq_init_type(&AsyncGenHooksType, "asyncgen_hooks", "asyncgen_hooks", kAsyncGenHooksFields, 2);
  vm::AsyncGenHooks& h = vm::async_gen_hooks();
  Value items[2] = {h.firstiter.is_null() ? Value::none() : h.firstiter,
                    h.finalizer.is_null() ? Value::none() : h.finalizer};
  return structseq_new(&AsyncGenHooksType, items, 2);
}

Ref sys_set_asyncgen_hooks(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value firstiter, finalizer;  // null: leave unchanged
  if (!bind_args("set_asyncgen_hooks", args, nargs, kwnames, {"firstiter", "finalizer"}, 0, {&firstiter, &finalizer}))
    return nullptr;
  if (finalizer && !finalizer.is_none() && !is_callable(finalizer))
    return raisef(&TypeErrorType, "callable finalizer expected, got %s", type_name(finalizer));
  if (firstiter && !firstiter.is_none() && !is_callable(firstiter))
    return raisef(&TypeErrorType, "callable firstiter expected, got %s", type_name(firstiter));
  vm::AsyncGenHooks& h = vm::async_gen_hooks();
  if (finalizer) {
    incref(finalizer);
    set_owned(&h.finalizer, finalizer);
  }
  if (firstiter) {
    incref(firstiter);
    set_owned(&h.firstiter, firstiter);
  }
  return Ref::none();
}

namespace {

const MethodDef types_functions[] = {
    {"mark_iterable_coroutine", mark_iterable_coroutine_fn, 0,
     "Set CO_ITERABLE_COROUTINE on a generator function's code (types.coroutine)."},
    {nullptr}};

}  // namespace

Ref create_gilpy_types_module() {
  Own<Module> m = module_new("_gilpy_types");
  if (!module_add_functions(m.get(), types_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
