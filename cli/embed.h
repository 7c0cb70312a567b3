// cli/embed.h: an interpreter made as the `gilpy` command makes it (builtins, sys, the
// native and frozen modules, the compiler hook, CPython's standard library on sys.path),
// for gilpy's own programs: the command line (cli/main.cpp) and the fuzz target
// (tests/fuzz/fuzz_program.cpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "vm/interpreter.h"

namespace gilpy::cli {

// Where CPython 3.11's standard library is: $GILPY_STDLIB when set, else the directory
// found at configure time (DESIGN decision 11).
std::string stdlib_directory();

// Where the build put that library's bytecode (read only): GILPY_STDLIB_CACHE overrides.
std::string stdlib_cache_directory();

// Creates the interpreter and makes it current, the main thread holding the GIL.
// `configure` sets its flags first (sys.flags and sys.path are made from them); `path` is
// sys.path (stdlib_directory() its last entry, by convention). Returns 0, or the exit
// status of the error it printed.
int create_interpreter(const vm::NativeModuleDef* native_modules, const std::vector<std::string>& argv,
                       const std::vector<std::string>& path,
                       const std::function<void(vm::Interpreter*)>& configure);

}  // namespace gilpy::cli
