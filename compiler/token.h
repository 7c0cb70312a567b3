// token.h: the tokens the lexer produces and the parser consumes.
// Keywords get their own kinds; the soft keywords `match`, `case` and `_` are Names,
// recognised by the parser where they act as keywords.
// Operators get one kind each. A String token's text is the raw literal
// (prefix and quotes included): the parser decodes it, so that adjacent
// literals can be concatenated and f-strings parsed with their locations.
#pragma once

#include <cstdint>
#include <string_view>

namespace gilpy::compiler {

#define GILPY_TOKENS(X)                                                              \
  X(EndMarker, "end of file") X(Newline, "NEWLINE") X(Indent, "INDENT")             \
  X(Dedent, "DEDENT") X(Name, "NAME") X(Number, "NUMBER") X(String, "STRING")       \
  /* operators */                                                                   \
  X(LPar, "(") X(RPar, ")") X(LSqb, "[") X(RSqb, "]") X(LBrace, "{") X(RBrace, "}") \
  X(Colon, ":") X(Comma, ",") X(Semi, ";") X(Plus, "+") X(Minus, "-") X(Star, "*")  \
  X(Slash, "/") X(VBar, "|") X(Amper, "&") X(Less, "<") X(Greater, ">")             \
  X(Equal, "=") X(Dot, ".") X(Percent, "%") X(EqEqual, "==") X(NotEqual, "!=")      \
  X(LessEqual, "<=") X(GreaterEqual, ">=") X(Tilde, "~") X(CircumFlex, "^")         \
  X(LeftShift, "<<") X(RightShift, ">>") X(DoubleStar, "**") X(PlusEqual, "+=")     \
  X(MinEqual, "-=") X(StarEqual, "*=") X(SlashEqual, "/=") X(PercentEqual, "%=")    \
  X(AmperEqual, "&=") X(VBarEqual, "|=") X(CircumflexEqual, "^=")                   \
  X(LeftShiftEqual, "<<=") X(RightShiftEqual, ">>=") X(DoubleStarEqual, "**=")      \
  X(DoubleSlash, "//") X(DoubleSlashEqual, "//=") X(At, "@") X(AtEqual, "@=")       \
  X(RArrow, "->") X(Ellipsis, "...") X(ColonEqual, ":=") X(Exclamation, "!")        \
  /* keywords */                                                                    \
  X(KwFalse, "False") X(KwNone, "None") X(KwTrue, "True") X(KwAnd, "and")           \
  X(KwAs, "as") X(KwAssert, "assert") X(KwAsync, "async") X(KwAwait, "await")       \
  X(KwBreak, "break") X(KwClass, "class") X(KwContinue, "continue") X(KwDef, "def") \
  X(KwDel, "del") X(KwElif, "elif") X(KwElse, "else") X(KwExcept, "except")         \
  X(KwFinally, "finally") X(KwFor, "for") X(KwFrom, "from") X(KwGlobal, "global")   \
  X(KwIf, "if") X(KwImport, "import") X(KwIn, "in") X(KwIs, "is")                   \
  X(KwLambda, "lambda") X(KwNonlocal, "nonlocal") X(KwNot, "not") X(KwOr, "or")     \
  X(KwPass, "pass") X(KwRaise, "raise") X(KwReturn, "return") X(KwTry, "try")       \
  X(KwWhile, "while") X(KwWith, "with") X(KwYield, "yield")

enum class TokenKind : uint8_t {
#define GILPY_TOKEN_ENUM(name, text) name,
  GILPY_TOKENS(GILPY_TOKEN_ENUM)
#undef GILPY_TOKEN_ENUM
};

// The operator/keyword text, or a description ("NAME", "end of file").
const char* token_text(TokenKind k);
inline bool is_keyword(TokenKind k) { return k >= TokenKind::KwFalse; }

struct Token {
  TokenKind kind = TokenKind::EndMarker;
  int lineno = 1, col = 0;          // start: 1-based line, 0-based UTF-8 byte column
  int end_lineno = 1, end_col = 0;  // end (exclusive)
  uint32_t start = 0, end = 0;      // byte offsets into the source
  int level = 0;                    // bracket nesting depth before this token
  std::string_view text;            // source[start, end); empty for NEWLINE/INDENT/DEDENT/EOF
};

}  // namespace gilpy::compiler
