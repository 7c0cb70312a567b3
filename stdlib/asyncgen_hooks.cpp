// stdlib/asyncgen_hooks.cpp: sys.set_asyncgen_hooks and sys.get_asyncgen_hooks, over the
// hooks the generator machinery keeps (vm/generator.h); stdlib/sys.cpp installs them.
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "stdlib/structseq.h"
#include "vm/generator.h"

namespace gilpy::stdlib {

using namespace rt;

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

}  // namespace gilpy::stdlib
