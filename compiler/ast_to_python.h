// compiler/ast_to_python.h: source text -> the tree of Python node objects that CPython's
// ast.parse returns (compile() with PyCF_ONLY_AST), made of the classes of the frozen
// `_ast` module. Only the parser runs: as in CPython, errors that the compiler finds
// later (`return` outside a function, ...) are not raised here.
#pragma once

#include <string_view>

#include "runtime/object.h"

namespace gilpy::rt {
struct Dict;
}

namespace gilpy::compiler {

// mode: 0 exec (an ast.Module), 1 eval (ast.Expression), 2 single (ast.Interactive).
// node_classes: the `_ast` module's dict. Returns the tree, or null with the SyntaxError
// (or the RecursionError of a program nested too deep) pending.
rt::Ref parse_to_python_ast(std::string_view source, std::string_view filename, int mode, rt::Dict* node_classes);

}  // namespace gilpy::compiler
