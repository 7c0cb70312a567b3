// parser.h: tokens -> AST (ast.h). A hand-written recursive-descent parser for
// Python 3.11's grammar (type parameters are 3.12's). It also
// decodes string literals (escapes, implicit concatenation, f-strings) and
// numbers, and raises CPython 3.11's SyntaxError / IndentationError messages.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "compiler/ast.h"
#include "compiler/compile_error.h"

namespace gilpy::compiler {

// Throws CompileError. `filename` only goes into errors.
std::unique_ptr<Module> parse(std::string_view source, const std::string& filename,
                              ParseMode mode = ParseMode::Exec);

}  // namespace gilpy::compiler
