// Lexer tests: token kinds and positions for indentation, brackets, strings,
// numbers, operators, and tokenizer errors.
#include <gtest/gtest.h>

#include "compiler/lexer.h"

using namespace gilpy::compiler;

namespace {

// "NAME(x) = NUMBER(1) NEWLINE ..." for compact comparisons.
std::string kinds(const std::string& src) {
  LexResult r = tokenize(src, "t.py");
  std::string out;
  for (const Token& t : r.tokens) {
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case TokenKind::Name:
      case TokenKind::Number:
      case TokenKind::String:
        out += std::string(token_text(t.kind)) + "(" + std::string(t.text) + ")";
        break;
      default: out += token_text(t.kind);
    }
  }
  if (r.error) out += " ERROR(" + r.error->summary() + ")";
  return out;
}

}  // namespace

TEST(Lexer, IndentDedent) {
  EXPECT_EQ(kinds("if x:\n    y\n    if z:\n        w\nv\n"),
            "if NAME(x) : NEWLINE INDENT NAME(y) NEWLINE if NAME(z) : NEWLINE INDENT NAME(w) "
            "NEWLINE DEDENT DEDENT NAME(v) NEWLINE end of file");
  // blank lines and comment-only lines produce nothing; EOF closes blocks
  EXPECT_EQ(kinds("if x:\n\n    # c\n    y  # t\n"),
            "if NAME(x) : NEWLINE INDENT NAME(y) NEWLINE DEDENT end of file");
  // tabs go to the next multiple of 8; mixing them inconsistently is a TabError (as CPython)
  EXPECT_EQ(kinds("if x:\n\tif y:\n\t\tz\n"),
            "if NAME(x) : NEWLINE INDENT if NAME(y) : NEWLINE INDENT NAME(z) NEWLINE DEDENT "
            "DEDENT end of file");
  EXPECT_EQ(kinds("if x:\n\ty\n        z\n"),
            "if NAME(x) : NEWLINE INDENT NAME(y) NEWLINE end of file ERROR(TabError: "
            "inconsistent use of tabs and spaces in indentation)");
  // no trailing newline: one is implied
  EXPECT_EQ(kinds("x"), "NAME(x) NEWLINE end of file");
  EXPECT_EQ(kinds(""), "end of file");
}

TEST(Lexer, LineJoining) {
  EXPECT_EQ(kinds("x = (1,\n  2)\n"), "NAME(x) = ( NUMBER(1) , NUMBER(2) ) NEWLINE end of file");
  EXPECT_EQ(kinds("x = 1 + \\\n  2\n"), "NAME(x) = NUMBER(1) + NUMBER(2) NEWLINE end of file");
  EXPECT_EQ(kinds("x = [\n# comment\n]\n"), "NAME(x) = [ ] NEWLINE end of file");
}

TEST(Lexer, Strings) {
  EXPECT_EQ(kinds("'a' \"b\" '''c\nd''' rb'x' F\"y\" bR'z' u'w'\n"),
            "STRING('a') STRING(\"b\") STRING('''c\nd''') STRING(rb'x') STRING(F\"y\") "
            "STRING(bR'z') STRING(u'w') NEWLINE end of file");
  EXPECT_EQ(kinds("'a\\'b'\n"), "STRING('a\\'b') NEWLINE end of file");
  EXPECT_EQ(kinds("'a\\\nb'\n"), "STRING('a\\\nb') NEWLINE end of file");
  EXPECT_EQ(kinds("f'{x!r:>{w}}'\n"), "STRING(f'{x!r:>{w}}') NEWLINE end of file");
  // a name that is not a prefix is a name
  EXPECT_EQ(kinds("ab'x'\n"), "NAME(ab) STRING('x') NEWLINE end of file");
}

TEST(Lexer, Numbers) {
  EXPECT_EQ(kinds("1 0x_1F 0o17 0b1 1_000 1. .5 1e10 1_0.0_1e-1_0 0 00\n"),
            "NUMBER(1) NUMBER(0x_1F) NUMBER(0o17) NUMBER(0b1) NUMBER(1_000) NUMBER(1.) "
            "NUMBER(.5) NUMBER(1e10) NUMBER(1_0.0_1e-1_0) NUMBER(0) NUMBER(00) NEWLINE end of "
            "file");
  EXPECT_EQ(kinds("1if x else 2\n"),
            "NUMBER(1) if NAME(x) else NUMBER(2) NEWLINE end of file");
}

TEST(Lexer, Operators) {
  EXPECT_EQ(kinds("a := b -> c ** d **= e // f //= g @ h @= i ... j != k << l >>= m\n"),
            "NAME(a) := NAME(b) -> NAME(c) ** NAME(d) **= NAME(e) // NAME(f) //= NAME(g) @ "
            "NAME(h) @= NAME(i) ... NAME(j) != NAME(k) << NAME(l) >>= NAME(m) NEWLINE end of "
            "file");
  EXPECT_EQ(kinds("x.y\n"), "NAME(x) . NAME(y) NEWLINE end of file");
}

TEST(Lexer, Keywords) {
  EXPECT_EQ(kinds("async await lambda None nonlocal match\n"),
            "async await lambda None nonlocal NAME(match) NEWLINE end of file");
}

TEST(Lexer, Positions) {
  LexResult r = tokenize("x = 'é'\n  \ny", "t.py");
  ASSERT_GE(r.tokens.size(), 5u);
  const Token& s = r.tokens[2];
  EXPECT_EQ(s.kind, TokenKind::String);
  EXPECT_EQ(s.lineno, 1);
  EXPECT_EQ(s.col, 4);
  EXPECT_EQ(s.end_col, 8);  // UTF-8 bytes, as CPython's ast
  const Token& y = r.tokens[4];
  EXPECT_EQ(y.kind, TokenKind::Name);
  EXPECT_EQ(y.lineno, 3);
}

TEST(Lexer, Errors) {
  EXPECT_EQ(tokenize("x = 'abc\n", "t").error->summary(),
            "SyntaxError: unterminated string literal (detected at line 1)");
  EXPECT_EQ(tokenize("x = '''abc\n\n", "t").error->summary(),
            "SyntaxError: unterminated triple-quoted string literal (detected at line 2)");
  EXPECT_EQ(tokenize("if x:\n    y\n  z\n", "t").error->summary(),
            "IndentationError: unindent does not match any outer indentation level");
  EXPECT_EQ(tokenize("(]", "t").error->summary(),
            "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('");
  EXPECT_EQ(tokenize(")", "t").error->summary(), "SyntaxError: unmatched ')'");
  LexResult r = tokenize("f(\n[1,\n", "t");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->summary(), "SyntaxError: '[' was never closed");
  EXPECT_EQ(r.error->lineno, 2);
  EXPECT_TRUE(r.unclosed_bracket);
  EXPECT_EQ(tokenize("1_\n", "t").error->summary(), "SyntaxError: invalid decimal literal");
  EXPECT_EQ(tokenize("0b2\n", "t").error->summary(),
            "SyntaxError: invalid digit '2' in binary literal");
}
