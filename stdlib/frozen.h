// stdlib/frozen.h: the standard-library modules written in Python and built into the
// binary (stdlib/python/NAME.py), compiled at build time: cli/freeze.cpp writes one
// source file a module holding its serialised code (vm/marshal.h), and
// stdlib/CMakeLists.txt generates the table that lists them. The VM's import looks here
// after the native modules. To add one: drop NAME.py into stdlib/python/ and re-run cmake.
#pragma once

#include "vm/frozen_module.h"

namespace gilpy::stdlib {

// Every frozen module, ending with nullptr.
const vm::FrozenModuleDef* const* frozen_module_table();

}  // namespace gilpy::stdlib
