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

// What compile() takes beyond the mode (CPython's compile flags and optimize level).
struct Options {
  // PyCF_ALLOW_TOP_LEVEL_AWAIT: await, async for and async with at module level; code
  // that uses them is a coroutine (running it returns the coroutine, as in CPython).
  bool top_level_await = false;
  // PyCF_ALLOW_INCOMPLETE_INPUT: an error only because the input ended (an unclosed
  // bracket or triple-quoted string, a block header without its body) is raised as
  // SyntaxError("incomplete input"), as codeop expects.
  bool incomplete_input = false;
  // -O: asserts are dropped and __debug__ is False (1 and up).
  int optimize = 0;
};
// CPython's values of the flags above, as compile() takes them.
constexpr int kCfAllowTopLevelAwait = 0x2000;
constexpr int kCfAllowIncompleteInput = 0x4000;

// Compiles source text. On error returns null with a SyntaxError (or IndentationError,
// TabError) pending as a Python exception whose attributes are set as CPython's: msg,
// filename, lineno, offset (1-based column), text (the source line, with its newline),
// end_lineno, end_offset; args = (msg, (filename, lineno, offset, text, end_lineno,
// end_offset)).
rt::Own<vm::Code> compile(std::string_view source, std::string_view filename, Mode mode,
                          const Options& options = {});

// The same, in the shape of vm::Interpreter::compile_source (mode 0 exec, 1 eval,
// 2 single; flags the kCf* bits; optimize -1 for the interpreter's -O level): returns the
// code object as a Ref, or null with the error pending.
rt::Ref compile_source(std::string_view source, std::string_view filename, int mode, int flags = 0,
                       int optimize = -1);

}  // namespace gilpy::compiler
