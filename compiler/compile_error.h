// compile_error.h: the one error type the compiler front-end (lexer, parser,
// symtable) and codegen throw. It is a C++ exception used only inside the
// compiler; the caller (compile(), exec, eval, the CLI) catches it and turns it
// into a Python SyntaxError / IndentationError / TabError with the same fields, or the
// RecursionError / MemoryError of a program nested too deep (NestingGuard below).
#pragma once

#include <stdexcept>
#include <string>

namespace gilpy::compiler {

struct CompileError : std::exception {
  std::string type;      // "SyntaxError", "IndentationError", "TabError", "RecursionError", "MemoryError"
  std::string msg;       // CPython 3.11's message, e.g. "expected ':'"
  std::string filename;
  int lineno = 0;          // 1-based
  int col_offset = 0;      // 0-based, in characters (code points) of `text`
  int end_lineno = 0;      // 1-based; == lineno when unknown
  int end_col_offset = 0;  // 0-based, exclusive, in characters; -1 where CPython leaves the
                           // end unknown (SyntaxError.end_offset 0: one caret)
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

  // A program nested deeper than a stage of the compiler goes (NestingGuard).
  static CompileError too_deep_for_parser() { return with_type("MemoryError", ""); }
  static CompileError too_deep_for_compiler() {
    return with_type("RecursionError", "maximum recursion depth exceeded during compilation");
  }
  static CompileError too_deep_for_ast() {
    return with_type("RecursionError", "maximum recursion depth exceeded during ast construction");
  }
  static CompileError with_type(std::string type, std::string msg) {
    CompileError e;
    e.type = std::move(type);
    e.msg = std::move(msg);
    return e;
  }

  // "SyntaxError: expected ':'": the last line CPython prints.
  std::string summary() const { return type + ": " + msg; }
  const char* what() const noexcept override { return msg.c_str(); }
};

// Bounds the recursion of a compiler stage, so that a deeply nested program is CPython's
// exception rather than a C++ stack overflow. The parser recurses for right-nested forms
// (-x, not x, a if b else c, a ** b, lambda: x) and fails as CPython's does past its stack
// of 6000 rules (MemoryError); the passes over the tree (symtable, codegen, constant
// folding) fail past CPython's 3000 levels (RecursionError). Left-nested chains
// (a+a+..., x.y.y..., f()()...) are built by loops, so only the passes meet their depth;
// the tree frees them without recursing along them (ast.cpp).
constexpr int kMaxParserNesting = 6000;
constexpr int kMaxCompilerNesting = 3000;

// Sets the pending Python exception for a CompileError (compiler.cpp): SyntaxError & co.
// with CPython's attributes, or the RecursionError / MemoryError.
void raise_compile_error(const CompileError& e);

class NestingGuard {
 public:
  NestingGuard(int& depth, int limit, CompileError (*too_deep)()) : depth_(depth) {
    if (depth_ >= limit) throw too_deep();
    ++depth_;
  }
  ~NestingGuard() { --depth_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  int& depth_;
};

}  // namespace gilpy::compiler
