// cli/repl.h: the interactive loop's entry point for the command line (cli/repl.cpp) and
// the native modules the REPL brings (its line editor, cli/line_editor.cpp).
#pragma once

#include "cli/options.h"
#include "runtime/object.h"
#include "vm/interpreter.h"

namespace gilpy::cli {

enum class ReplStart {
  Banner,        // no program: the banner (unless -q), then PYTHONSTARTUP
  AfterProgram,  // -i after a script, -c or -m: straight to the prompt
};

// Runs the REPL in __main__ until Ctrl-D, exit() or SystemExit. Returns the exit status.
int run_repl(const Options& opt, ReplStart start);

// {"_lineedit", ...}, {"_gilpy_repl_native", ...}, ending with {nullptr}.
const vm::NativeModuleDef* repl_native_modules();

rt::Ref create_lineedit_module_for_repl();  // cli/line_editor.cpp

}  // namespace gilpy::cli
