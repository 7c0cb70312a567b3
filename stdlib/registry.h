// stdlib/registry.h: the one registry of native modules (STYLE convention 9).
//
// Every native module is one file in stdlib/ with a table of {name, function, doc} and one
// create function; this registry lists them all. The VM's import consults the table
// (vm::Interpreter::native_modules) after sys.modules and before searching sys.path; the
// builtins module is made once at start-up by create_builtins_module() and is also listed
// as "builtins" so that `import builtins` works.
//
// To add a native module: write stdlib/NAME.cpp with its MethodDef table and a
// `rt::Ref create_NAME_module()`, declare it in stdlib/modules.h, add a row below (in
// registry.cpp).
#pragma once

#include "runtime/object.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

// The table of every native module, ending with {nullptr, nullptr}.
const vm::NativeModuleDef* native_module_table();
// Makes the builtins module (the VM calls it once at start-up). Null with an error pending
// on failure.
rt::Ref create_builtins_module();

}  // namespace gilpy::stdlib
