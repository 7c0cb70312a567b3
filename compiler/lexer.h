// lexer.h: source text -> tokens, with CPython's INDENT/DEDENT algorithm
// (tabs to the next multiple of 8), implicit line joining inside brackets,
// backslash continuation, comments and blank lines skipped.
//
// tokenize() scans the whole source at once. A tokenizer error does not throw:
// it is returned in LexResult::error (CPython lets tokenizer errors override a
// later-reported parser error, and reports an unclosed bracket only when the
// parser gets that far), and the token list is cut there.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compile_error.h"
#include "compiler/token.h"

namespace gilpy::compiler {

struct LexResult {
  std::vector<Token> tokens;          // always ends with an EndMarker
  std::optional<CompileError> error;  // a tokenizer error (tokens stop before it)
  // An unclosed bracket at end of file: "'(' was never closed" (in `error`).
  bool unclosed_bracket = false;
};

// `source` must outlive the tokens (they point into it).
LexResult tokenize(std::string_view source, const std::string& filename);

// Helpers shared with the parser for error reporting.
std::string source_line(std::string_view source, int lineno);  // without newline
int byte_col_to_char_col(std::string_view line, int byte_col);

}  // namespace gilpy::compiler
