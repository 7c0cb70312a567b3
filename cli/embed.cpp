// cli/embed.cpp: see embed.h.
#include "cli/embed.h"

#include <cstdlib>

#include "compiler/ast_to_python.h"
#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "stdlib/frozen.h"
#include "stdlib/io.h"
#include "stdlib/modules.h"
#include "vm/import.h"

namespace gilpy::cli {

std::string stdlib_directory() {
  const char* env = std::getenv("GILPY_STDLIB");
  return env && *env ? env : GILPY_CPYTHON_LIB;
}

std::string stdlib_cache_directory() {
  const char* env = std::getenv("GILPY_STDLIB_CACHE");
  return env ? env : GILPY_STDLIB_CACHE;
}

int create_interpreter(const vm::NativeModuleDef* native_modules, const std::vector<std::string>& argv,
                       const std::vector<std::string>& path,
                       const std::function<void(vm::Interpreter*)>& configure) {
  vm::Interpreter* interp = vm::interpreter_create(native_modules);
  interp->compile_source = compiler::compile_source;
  interp->parse_to_ast = compiler::parse_to_python_ast;
  interp->frozen_modules = stdlib::frozen_module_table();
  interp->argv = argv;
  interp->path = path;
  if (configure) configure(interp);
  rt::Ref builtins = stdlib::create_builtins_module();
  if (!builtins) return vm::handle_uncaught_exception();
  interp->builtins = rt::Own<rt::Module>::borrow(builtins.as<rt::Module>());
  interp->builtins_dict = rt::Own<rt::Dict>::borrow(builtins.as<rt::Module>()->dict);
  if (!vm::add_vm_builtins(interp->builtins.get())) return vm::handle_uncaught_exception();
  rt::dict_set_str(interp->modules.get(), "builtins", builtins.get());
  vm::flush_stdout_hook = stdlib::flush_std_streams;
  rt::codec_fallback_hook = stdlib::encode_with_registry;
  // sys is imported eagerly: sys.argv, sys.path and sys.modules must exist from the start.
  if (!vm::import_module("sys")) return vm::handle_uncaught_exception();
  interp->stdlib_dir = path.empty() ? stdlib_directory() : path.back();
  interp->stdlib_cache_dir = stdlib_cache_directory();
  // What start-up built lives until exit: no collection, the one at exit included, needs
  // to walk it (for -c pass, that walk was a tenth of the run).
  rt::gc_make_permanent();
  return 0;
}

}  // namespace gilpy::cli
