// stdlib/contextvars.cpp: the _contextvars module (contextvars.py re-exports it, as
// CPython's does). The types and the per-thread current context live in
// runtime/context.{h,cpp}, where the native asyncio reaches them too.
#include "runtime/context.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Ref cv_copy_context(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("_contextvars.copy_context", nargs, kwnames)) return nullptr;
  return context_copy_current();
}

const MethodDef contextvars_functions[] = {
    {"copy_context", cv_copy_context, 0, "Return a copy of the current Context object."},
    {nullptr}};

}  // namespace

Ref create_contextvars_module() {
  Own<Module> m = module_new("_contextvars");
  if (!module_add_functions(m.get(), contextvars_functions)) return nullptr;
  module_add(m.get(), "Context", Value::from_obj(&ContextType));
  module_add(m.get(), "ContextVar", Value::from_obj(&ContextVarType));
  module_add(m.get(), "Token", Value::from_obj(&TokenType));
  return m.into_ref();
}

}  // namespace gilpy::stdlib
