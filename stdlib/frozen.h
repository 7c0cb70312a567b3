// stdlib/frozen.h: the standard-library modules written in Python and built into the
// binary (stdlib/python/NAME.py). The VM's import looks here after the native modules.
// To add one: drop NAME.py into stdlib/python/ and re-run cmake.
#pragma once

#include "vm/interpreter.h"

namespace gilpy::stdlib {

const vm::FrozenModuleDef* frozen_module_table();

}  // namespace gilpy::stdlib
