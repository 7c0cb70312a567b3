// compile_error.h: the one error type the compiler front-end (lexer, parser,
// symtable) and codegen throw. It is a C++ exception used only inside the
// compiler; the caller (compile(), exec, eval, the CLI) catches it and turns it
// into a Python SyntaxError / IndentationError / TabError with the same fields.
#pragma once

#include <stdexcept>
#include <string>

namespace gilpy::compiler {

struct CompileError : std::exception {
  std::string type;      // "SyntaxError", "IndentationError" or "TabError"
  std::string msg;       // CPython 3.11's message, e.g. "expected ':'"
  std::string filename;
  int lineno = 0;          // 1-based
  int col_offset = 0;      // 0-based, in characters (code points) of `text`
  int end_lineno = 0;      // 1-based; == lineno when unknown
  int end_col_offset = 0;  // 0-based, exclusive, in characters
  std::string text;        // the source line (without its newline), may be ""
  // The input ended where more was expected (an unclosed bracket or triple-quoted string,
  // a backslash at the end, a block header with no body yet): the REPL reads more lines
  // (compile()'s PyCF_ALLOW_INCOMPLETE_INPUT turns such an error into "incomplete input").
  bool at_eof = false;

  CompileError() = default;
  CompileError(std::string type_, std::string msg_, std::string filename_, int lineno_,
               int col_, int end_lineno_, int end_col_, std::string text_)
      : type(std::move(type_)), msg(std::move(msg_)), filename(std::move(filename_)),
        lineno(lineno_), col_offset(col_), end_lineno(end_lineno_), end_col_offset(end_col_),
        text(std::move(text_)) {}

  // "SyntaxError: expected ':'": the last line CPython prints.
  std::string summary() const { return type + ": " + msg; }
  const char* what() const noexcept override { return msg.c_str(); }
};

}  // namespace gilpy::compiler
