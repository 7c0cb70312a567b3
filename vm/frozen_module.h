// vm/frozen_module.h: a standard-library module written in Python and built into the
// binary, as its compiled code (stdlib/python/NAME.py, frozen at build time by
// cli/freeze.cpp into one generated stdlib source file each; stdlib/CMakeLists.txt lists
// them in stdlib::frozen_module_table()). Import (vm/interpreter.cpp) looks here after
// the native modules and runs the code read back by vm/marshal.h: no compiler involved.
//
// Kept free of includes: every generated file includes it.
#pragma once

#include <cstddef>

namespace gilpy::vm {

struct FrozenModuleDef {
  const char* name;   // dotted: "asyncio.tasks"
  bool is_package;    // NAME/__init__.py: gets an empty __path__; its submodules are modules of their own
  const char* code;   // the module's code object, serialised (vm/marshal.h)
  size_t code_size;
};

}  // namespace gilpy::vm
