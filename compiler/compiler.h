// compiler/compiler.h: the compiler's public API: source text -> code object.
//
// The pipeline (DESIGN.md): lexer -> parser (AST) -> symtable (scopes) -> codegen
// (compiler/codegen*.cpp: bytecode, constants, names, line table, exception table). The
// result is a vm::Code the VM runs; nothing here runs code. Errors of any stage come back
// as a pending Python SyntaxError / IndentationError / TabError, with CPython's
// attributes, never as a C++ exception.
#pragma once

#include <string_view>

#include "runtime/object.h"
#include "vm/code.h"

namespace gilpy::compiler {

// module (exec) / one expression (eval) / one REPL statement (single: expression
// statements print their value through PRINT_EXPR).
enum class Mode { Exec, Eval, Single };

// Compiles source text. On error returns null with a SyntaxError (or IndentationError,
// TabError) pending as a Python exception whose attributes are set as CPython's: msg,
// filename, lineno, offset (1-based column), text (the source line, with its newline),
// end_lineno, end_offset; args = (msg, (filename, lineno, offset, text, end_lineno,
// end_offset)).
rt::Own<vm::Code> compile(std::string_view source, std::string_view filename, Mode mode);

// The same, in the shape of vm::Interpreter::compile_source (mode 0 exec, 1 eval,
// 2 single): returns the code object as a Ref, or null with the error pending.
rt::Ref compile_source(std::string_view source, std::string_view filename, int mode);

}  // namespace gilpy::compiler
