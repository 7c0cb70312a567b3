// cli/repl.cpp: starting the REPL from the command line, and its native helpers.
//
// The interactive loop itself is Python, frozen into the binary
// (stdlib/python/_gilpy_repl.py: reading statements, deciding with the compiler when one
// is complete, running them, the event loop kept across inputs, completion, help); the
// line editing is libedit's (cli/line_editor.cpp, module `_lineedit`). This file calls
// `_gilpy_repl.interact` and gives it `_gilpy_repl_native`: tracebacks trimmed to the
// user's frames and formatted as the excepthook prints them (for colour).
#include "cli/repl.h"

#include <string>

#include "runtime/runtime.h"
#include "vm/code.h"
#include "vm/import.h"
#include "vm/interpreter.h"

namespace gilpy::cli {

using namespace rt;

namespace {

// repl_traceback(exc): drops the traceback's entries above the first frame of code typed at
// the prompt ("<stdin>"), as CPython's REPL shows no frame of its own; returns exc.
Ref n_repl_traceback(Value, const Value* args, size_t nargs, Tuple*) {
  if (nargs != 1 || !is_exception_instance(args[0])) return raise(&TypeErrorType, "repl_traceback(exc)");
  auto* e = args[0].as<ExceptionObject>();
  Value tb = e->traceback;
  for (Value t = tb; !t.is_null() && !t.is_none(); t = t.as<TracebackObject>()->next) {
    auto* co = t.as<TracebackObject>()->code.as<vm::Code>();
    if (str_to_utf8(co->filename) == "<stdin>") {
      if (t.obj() != tb.obj()) {
        incref(t);
        Value old = e->traceback;
        e->traceback = t;
        decref(old);
      }
      break;
    }
  }
  return Ref::borrow(args[0]);
}

// format_exception(exc): the text sys.excepthook would print.
Ref n_format_exception(Value, const Value* args, size_t nargs, Tuple*) {
  if (nargs != 1) return raise(&TypeErrorType, "format_exception(exc)");
  return str_from_utf8(vm::format_exception(args[0])).into_ref();
}

const MethodDef kReplNativeFunctions[] = {
    {"repl_traceback", n_repl_traceback, 0, "repl_traceback(exc): trim the traceback to the prompt's frames."},
    {"format_exception", n_format_exception, 0, "format_exception(exc): the traceback text."},
    {nullptr}};

Ref create_repl_native_module() {
  Own<Module> m = module_new("_gilpy_repl_native");
  if (!module_add_functions(m.get(), kReplNativeFunctions)) return nullptr;
  return m.into_ref();
}

const vm::NativeModuleDef kReplModules[] = {
    {"_lineedit", create_lineedit_module_for_repl},
    {"_gilpy_repl_native", create_repl_native_module},
    {nullptr, nullptr}};

}  // namespace

const vm::NativeModuleDef* repl_native_modules() { return kReplModules; }

int run_repl(const Options& opt, ReplStart start) {
  vm::Interpreter* interp = vm::current_interpreter();
  interp->flags.interactive = true;
  vm::main_module();
  Ref repl = vm::import_module("_gilpy_repl");
  if (!repl) return vm::handle_uncaught_exception();
  Ref interact = getattr(repl.get(), "interact");
  if (!interact) return vm::handle_uncaught_exception();
  Ref banner = Ref::boolean(start == ReplStart::Banner && !opt.quiet);
  Ref startup = start == ReplStart::Banner && !opt.startup.empty() ? str_from_utf8(opt.startup).into_ref()
                                                                  : Ref::none();
  Value args[2] = {banner.get(), startup.get()};
  Ref r = call(interact.get(), args, 2);
  if (!r) return vm::handle_uncaught_exception();
  return 0;
}

}  // namespace gilpy::cli
