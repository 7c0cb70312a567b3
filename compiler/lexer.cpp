// lexer.cpp: source text -> tokens (see lexer.h). Follows CPython 3.11's
// Parser/tokenizer.c: the indentation stack (with the tabs-as-1 "altcol" check
// for TabError), bracket matching errors, number and string scanning and their
// error messages. String literals are only delimited here; parser.cpp decodes.
#include "compiler/lexer.h"

#include <cstdio>
#include <cstring>

namespace gilpy::compiler {

const char* token_text(TokenKind k) {
  static const char* const kTexts[] = {
#define GILPY_TOKEN_TEXT(name, text) text,
      GILPY_TOKENS(GILPY_TOKEN_TEXT)
#undef GILPY_TOKEN_TEXT
  };
  return kTexts[static_cast<int>(k)];
}

std::string source_line(std::string_view source, int lineno) {
  if (lineno < 1) return "";
  size_t pos = 0;
  for (int l = 1; l < lineno; ++l) {
    size_t nl = source.find('\n', pos);
    if (nl == std::string_view::npos) return "";
    pos = nl + 1;
  }
  size_t end = source.find('\n', pos);
  if (end == std::string_view::npos) end = source.size();
  std::string line(source.substr(pos, end - pos));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int byte_col_to_char_col(std::string_view line, int byte_col) {
  int chars = 0;
  for (int i = 0; i < byte_col && i < static_cast<int>(line.size()); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
  }
  if (byte_col > static_cast<int>(line.size())) chars += byte_col - static_cast<int>(line.size());
  return chars;
}

namespace {

struct KeywordEntry {
  std::string_view text;  // string_view: compares lengths first, no strlen
  TokenKind kind;
};

// CPython's tokenizer limits (Parser/tokenizer.h): deeper is an error, not a crash.
constexpr size_t kMaxIndentLevels = 100;   // MAXINDENT
constexpr size_t kMaxBracketLevels = 200;  // MAXLEVEL

constexpr KeywordEntry kKeywords[] = {
    {"False", TokenKind::KwFalse},     {"None", TokenKind::KwNone},
    {"True", TokenKind::KwTrue},       {"and", TokenKind::KwAnd},
    {"as", TokenKind::KwAs},           {"assert", TokenKind::KwAssert},
    {"async", TokenKind::KwAsync},     {"await", TokenKind::KwAwait},
    {"break", TokenKind::KwBreak},     {"class", TokenKind::KwClass},
    {"continue", TokenKind::KwContinue}, {"def", TokenKind::KwDef},
    {"del", TokenKind::KwDel},         {"elif", TokenKind::KwElif},
    {"else", TokenKind::KwElse},       {"except", TokenKind::KwExcept},
    {"finally", TokenKind::KwFinally}, {"for", TokenKind::KwFor},
    {"from", TokenKind::KwFrom},       {"global", TokenKind::KwGlobal},
    {"if", TokenKind::KwIf},           {"import", TokenKind::KwImport},
    {"in", TokenKind::KwIn},           {"is", TokenKind::KwIs},
    {"lambda", TokenKind::KwLambda},   {"nonlocal", TokenKind::KwNonlocal},
    {"not", TokenKind::KwNot},         {"or", TokenKind::KwOr},
    {"pass", TokenKind::KwPass},       {"raise", TokenKind::KwRaise},
    {"return", TokenKind::KwReturn},   {"try", TokenKind::KwTry},
    {"while", TokenKind::KwWhile},     {"with", TokenKind::KwWith},
    {"yield", TokenKind::KwYield},
};

TokenKind keyword_or_name(std::string_view s) {
  if (s.size() < 2 || s.size() > 8) return TokenKind::Name;
  for (const auto& k : kKeywords) {
    if (s == k.text) return k.kind;
  }
  return TokenKind::Name;
}

inline bool is_id_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
inline bool is_id_char(unsigned char c) { return is_id_start(c) || (c >= '0' && c <= '9'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct LexError {};  // internal unwinding; the CompileError is in Lexer::result

class Lexer {
 public:
  Lexer(std::string_view src, const std::string& filename) : src_(src), filename_(filename) {
    if (src_.size() >= 3 && src_.substr(0, 3) == "\xEF\xBB\xBF") {
      pos_ = 3;
      line_start_ = 3;
    }
  }

  LexResult run() {
    res_.tokens.reserve(src_.size() / 4 + 16);
    try {
      lex_all();
    } catch (LexError&) {
      Token eof;
      eof.kind = TokenKind::EndMarker;
      eof.lineno = eof.end_lineno = line_;
      eof.col = eof.end_col = 0;
      eof.start = eof.end = static_cast<uint32_t>(src_.size());
      res_.tokens.push_back(eof);
    }
    return std::move(res_);
  }

 private:
  std::string_view src_;
  const std::string& filename_;
  size_t pos_ = 0;
  size_t line_start_ = 0;  // byte offset of the current line's start
  int line_ = 1;
  std::vector<int> indents_{0};
  std::vector<int> altindents_{0};
  struct Bracket {
    char c;
    int lineno, col;
  };
  std::vector<Bracket> brackets_;
  LexResult res_;
  bool at_line_start_ = true;
  bool eof_pending_ = false;  // the error being raised is one of running out of input

  char peek(size_t off = 0) const {
    return pos_ + off < src_.size() ? src_[pos_ + off] : '\0';
  }
  bool eof() const { return pos_ >= src_.size(); }
  int col() const { return static_cast<int>(pos_ - line_start_); }

  // The end column of an error CPython gives no end (CompileError::end_col_offset -1).
  static constexpr int kEndUnknown = -2;
  [[noreturn]] void fail(const char* type, std::string msg, int lineno, int byte_col,
                         int end_lineno = -1, int end_byte_col = -1) {
    std::string text = source_line(src_, lineno);
    int c = byte_col_to_char_col(text, byte_col);
    int el = end_lineno < 0 ? lineno : end_lineno;
    int ec;
    if (end_byte_col == kEndUnknown) {
      ec = -1;
    } else if (end_byte_col < 0) {
      ec = c + 1;
    } else {
      ec = el == lineno ? byte_col_to_char_col(text, end_byte_col)
                        : byte_col_to_char_col(source_line(src_, el), end_byte_col);
    }
    res_.error = CompileError(type, std::move(msg), filename_, lineno, c, el, ec, std::move(text));
    res_.error->at_eof = eof_pending_;
    throw LexError{};
  }
  [[noreturn]] void syntax(std::string msg, int lineno, int byte_col, int end_byte_col = -1) {
    fail("SyntaxError", std::move(msg), lineno, byte_col, lineno, end_byte_col);
  }
  // An error because the input ended (CompileError::at_eof).
  [[noreturn]] void eof_syntax(std::string msg, int lineno, int byte_col) {
    eof_pending_ = true;
    syntax(std::move(msg), lineno, byte_col);
  }

  void newline_at(size_t p) {  // p = index of the '\n'
    ++line_;
    line_start_ = p + 1;
  }

  Token make(TokenKind k, size_t start, int lineno, int col) {
    Token t;
    t.kind = k;
    t.lineno = lineno;
    t.col = col;
    t.end_lineno = line_;
    t.end_col = static_cast<int>(pos_ - line_start_);
    t.start = static_cast<uint32_t>(start);
    t.end = static_cast<uint32_t>(pos_);
    t.level = static_cast<int>(brackets_.size());
    t.text = src_.substr(start, pos_ - start);
    return t;
  }

  void push_simple(TokenKind k, int lineno, int col) {
    Token t;
    t.kind = k;
    t.lineno = t.end_lineno = lineno;
    t.col = t.end_col = col;
    t.start = t.end = static_cast<uint32_t>(pos_);
    t.level = static_cast<int>(brackets_.size());
    res_.tokens.push_back(t);
  }

  // Handles indentation at the start of a logical line. Returns false if the
  // line is blank/comment-only (then skipped entirely).
  bool handle_line_start() {
    int col = 0, altcol = 0;
    size_t p = pos_;
    for (;;) {
      char c = p < src_.size() ? src_[p] : '\0';
      if (c == ' ') {
        ++col;
        ++altcol;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
        altcol = altcol + 1;
      } else if (c == '\f') {
        col = altcol = 0;
      } else {
        break;
      }
      ++p;
    }
    pos_ = p;
    char c = peek();
    if (c == '#' || c == '\n' || c == '\r' || c == '\\' || eof()) {
      if (c == '\\') {
        // CPython: a backslash continuation on an otherwise blank line joins with the next.
        if (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n')) {
          // treat as blank-ish: continue scanning on the next line as if indentation here
          // (rare; CPython's behaviour differs subtly)
          return true_indent(col, altcol);
        }
        return true_indent(col, altcol);
      }
      // blank line: skip comment and newline
      while (!eof() && peek() != '\n') ++pos_;
      if (!eof()) {
        newline_at(pos_);
        ++pos_;
      }
      return false;
    }
    return true_indent(col, altcol);
  }

  bool true_indent(int col, int altcol) {
    if (col == indents_.back()) {
      if (altcol != altindents_.back()) tab_error();
    } else if (col > indents_.back()) {
      if (altcol <= altindents_.back()) tab_error();
      // CPython's tokenizer keeps at most 100 levels (MAXINDENT), the outermost included.
      if (indents_.size() >= kMaxIndentLevels)
        fail("IndentationError", "too many levels of indentation", line_, col);
      indents_.push_back(col);
      altindents_.push_back(altcol);
      push_simple(TokenKind::Indent, line_, 0);
      res_.tokens.back().end_col = col;
    } else {
      while (indents_.size() > 1 && col < indents_.back()) {
        indents_.pop_back();
        altindents_.pop_back();
        push_simple(TokenKind::Dedent, line_, col);
      }
      if (col != indents_.back()) {
        // CPython points at the end of the offending line
        size_t eol = src_.find('\n', pos_);
        if (eol == std::string_view::npos) eol = src_.size();
        fail("IndentationError", "unindent does not match any outer indentation level", line_,
             static_cast<int>(eol - line_start_));
      }
      if (altcol != altindents_.back()) tab_error();
    }
    return true;
  }

  [[noreturn]] void tab_error() {
    fail("TabError", "inconsistent use of tabs and spaces in indentation", line_, 0);
  }

  void lex_all() {
    for (;;) {
      if (at_line_start_ && brackets_.empty()) {
        if (eof()) break;
        if (!handle_line_start()) continue;
        at_line_start_ = false;
      }
      // skip whitespace
      char c = peek();
      while (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
        ++pos_;
        c = peek();
      }
      if (eof()) break;
      if (c == '#') {
        while (!eof() && peek() != '\n') ++pos_;
        continue;
      }
      if (c == '\n') {
        if (brackets_.empty()) {
          Token t;
          t.kind = TokenKind::Newline;
          t.lineno = t.end_lineno = line_;
          t.col = col();
          t.end_col = t.col + 1;
          t.start = static_cast<uint32_t>(pos_);
          t.end = t.start + 1;
          t.level = 0;
          res_.tokens.push_back(t);
          at_line_start_ = true;
        }
        newline_at(pos_);
        ++pos_;
        continue;
      }
      if (c == '\\') {
        size_t p = pos_ + 1;
        if (p < src_.size() && src_[p] == '\r') ++p;
        if (p < src_.size() && src_[p] == '\n') {
          newline_at(p);
          pos_ = p + 1;
          if (eof()) eof_syntax("unexpected EOF while parsing", line_, 0);
          continue;
        }
        if (p >= src_.size()) eof_syntax("unexpected EOF while parsing", line_, col());
        syntax("unexpected character after line continuation character", line_, col() + 1);
      }
      lex_token();
    }
    // end of file
    if (!brackets_.empty()) {
      const Bracket& b = brackets_.back();
      std::string msg = std::string("'") + b.c + "' was never closed";
      res_.unclosed_bracket = true;
      eof_pending_ = true;
      fail("SyntaxError", msg, b.lineno, b.col, b.lineno, kEndUnknown);
    }
    if (!res_.tokens.empty() && res_.tokens.back().kind != TokenKind::Newline &&
        res_.tokens.back().kind != TokenKind::Dedent &&
        res_.tokens.back().kind != TokenKind::Indent) {
      Token t;
      t.kind = TokenKind::Newline;
      t.lineno = t.end_lineno = line_;
      t.col = col();
      t.end_col = t.col + 1;
      t.start = t.end = static_cast<uint32_t>(pos_);
      res_.tokens.push_back(t);
    }
    int eline = line_;
    int ecol = col();
    while (indents_.size() > 1) {
      indents_.pop_back();
      push_simple(TokenKind::Dedent, eline, ecol);
    }
    push_simple(TokenKind::EndMarker, eline, ecol);
  }

  void lex_token() {
    size_t start = pos_;
    int lineno = line_, c0 = col();
    unsigned char c = static_cast<unsigned char>(peek());
    if (is_id_start(c)) {
      while (!eof() && is_id_char(static_cast<unsigned char>(peek()))) ++pos_;
      std::string_view word = src_.substr(start, pos_ - start);
      char q = peek();
      if ((q == '"' || q == '\'') && word.size() <= 2 && is_string_prefix(word)) {
        lex_string(start, lineno, c0);
        return;
      }
      // non-ASCII identifier characters: accept as identifier (no NFKC normalisation)
      res_.tokens.push_back(make(keyword_or_name(word), start, lineno, c0));
      return;
    }
    if (is_digit(static_cast<char>(c)) || (c == '.' && is_digit(peek(1)))) {
      lex_number(start, lineno, c0);
      return;
    }
    if (c == '"' || c == '\'') {
      lex_string(start, lineno, c0);
      return;
    }
    lex_operator(start, lineno, c0);
  }

  static bool is_string_prefix(std::string_view w) {
    auto lower = [](char ch) { return static_cast<char>(ch | 0x20); };
    if (w.size() == 1) {
      char a = lower(w[0]);
      return a == 'r' || a == 'u' || a == 'b' || a == 'f';
    }
    char a = lower(w[0]), b = lower(w[1]);
    return (a == 'r' && (b == 'b' || b == 'f')) || (b == 'r' && (a == 'b' || a == 'f'));
  }

  void lex_string(size_t start, int lineno, int c0) {
    char q = peek();
    bool triple = peek(1) == q && peek(2) == q;
    pos_ += triple ? 3 : 1;
    for (;;) {
      if (eof()) {
        if (triple) {
          int detected = line_;
          if (!src_.empty() && src_.back() == '\n' && detected > lineno) --detected;
          eof_pending_ = true;
          syntax("unterminated triple-quoted string literal (detected at line " +
                     std::to_string(detected) + ")",
                 lineno, c0);
        }
        syntax("unterminated string literal (detected at line " + std::to_string(lineno) + ")",
               lineno, c0);
      }
      char ch = peek();
      if (ch == '\\') {
        if (pos_ + 1 >= src_.size()) {
          ++pos_;
          continue;
        }
        char n = peek(1);
        if (n == '\n') {
          newline_at(pos_ + 1);
        } else if (n == '\r' && peek(2) == '\n') {
          newline_at(pos_ + 2);
          ++pos_;
        }
        pos_ += 2;
        continue;
      }
      if (ch == '\n') {
        if (!triple) {
          syntax("unterminated string literal (detected at line " + std::to_string(lineno) + ")",
                 lineno, c0);
        }
        newline_at(pos_);
        ++pos_;
        continue;
      }
      if (ch == q) {
        if (!triple) {
          ++pos_;
          break;
        }
        if (peek(1) == q && peek(2) == q) {
          pos_ += 3;
          break;
        }
      }
      ++pos_;
    }
    res_.tokens.push_back(make(TokenKind::String, start, lineno, c0));
  }

  // After a number: a following identifier character is an error, except the
  // keywords CPython tolerates (`1if x else y`).
  void verify_end_of_number(size_t start, int lineno, int c0, const char* kind) {
    unsigned char c = static_cast<unsigned char>(peek());
    if (!is_id_char(c)) return;
    static const char* const kOk[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
    for (const char* kw : kOk) {
      size_t n = std::strlen(kw);
      if (src_.substr(pos_, n) == kw) return;
    }
    (void)start;
    (void)c0;
    syntax(std::string("invalid ") + kind + " literal", lineno, col() - 1);
  }

  void digits_with_underscores(bool (*ok)(char), int lineno, const char* kind) {
    // at least one digit must already be consumed or follow
    for (;;) {
      while (ok(peek())) ++pos_;
      if (peek() == '_') {
        ++pos_;
        if (!ok(peek())) syntax(std::string("invalid ") + kind + " literal", lineno, col() - 1);
        continue;
      }
      break;
    }
  }

  void lex_number(size_t start, int lineno, int c0) {
    auto dec = [](char ch) { return ch >= '0' && ch <= '9'; };
    auto hex = [](char ch) {
      return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    };
    auto oct = [](char ch) { return ch >= '0' && ch <= '7'; };
    auto bin = [](char ch) { return ch == '0' || ch == '1'; };
    char c = peek();
    if (c == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'o' || peek(1) == 'O' ||
                     peek(1) == 'b' || peek(1) == 'B')) {
      char b = static_cast<char>(peek(1) | 0x20);
      pos_ += 2;
      bool (*ok)(char) = b == 'x' ? +hex : b == 'o' ? +oct : +bin;
      const char* kind = b == 'x' ? "hexadecimal" : b == 'o' ? "octal" : "binary";
      if (peek() == '_') ++pos_;
      if (!ok(peek())) {
        if (b != 'x' && is_digit(peek())) {
          syntax(std::string("invalid digit '") + peek() + "' in " + kind + " literal", lineno,
                 col());
        }
        syntax(std::string("invalid ") + kind + " literal", lineno, col() - 1);
      }
      digits_with_underscores(ok, lineno, kind);
      if (b != 'x' && is_digit(peek())) {
        syntax(std::string("invalid digit '") + peek() + "' in " + kind + " literal", lineno,
               col());
      }
      verify_end_of_number(start, lineno, c0, kind);
      res_.tokens.push_back(make(TokenKind::Number, start, lineno, c0));
      return;
    }
    bool is_float = false;
    if (c != '.') {
      digits_with_underscores(+dec, lineno, "decimal");
      // leading zeros check
      if (src_[start] == '0' && peek() != '.' && peek() != 'e' && peek() != 'E' &&
          peek() != 'j' && peek() != 'J') {
        for (size_t i = start; i < pos_; ++i) {
          if (src_[i] != '0' && src_[i] != '_') {
            syntax(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                "for octal integers",
                lineno, c0, col());
          }
        }
      }
    }
    if (peek() == '.') {
      is_float = true;
      ++pos_;
      if (is_digit(peek())) digits_with_underscores(+dec, lineno, "decimal");
    }
    if (peek() == 'e' || peek() == 'E') {
      size_t save = pos_;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) {
        pos_ = save;
        syntax("invalid decimal literal", lineno, col() - 1);
      }
      is_float = true;
      digits_with_underscores(+dec, lineno, "decimal");
    }
    if (peek() == 'j' || peek() == 'J') {
      ++pos_;
      verify_end_of_number(start, lineno, c0, "imaginary");
      res_.tokens.push_back(make(TokenKind::Number, start, lineno, c0));
      return;
    }
    verify_end_of_number(start, lineno, c0, "decimal");
    (void)is_float;
    res_.tokens.push_back(make(TokenKind::Number, start, lineno, c0));
  }

  void lex_operator(size_t start, int lineno, int c0) {
    char c = peek(), c1 = peek(1), c2 = peek(2);
    TokenKind k;
    int n = 1;
    switch (c) {
      case '(': case '[': case '{': {
        k = c == '(' ? TokenKind::LPar : c == '[' ? TokenKind::LSqb : TokenKind::LBrace;
        // CPython's tokenizer nests brackets 200 deep at most (MAXLEVEL).
        if (brackets_.size() >= kMaxBracketLevels) syntax("too many nested parentheses", lineno, c0);
        ++pos_;
        res_.tokens.push_back(make(k, start, lineno, c0));
        brackets_.push_back({c, lineno, c0});
        return;
      }
      case ')': case ']': case '}': {
        if (brackets_.empty()) syntax(std::string("unmatched '") + c + "'", lineno, c0);
        char open = brackets_.back().c;
        char want = open == '(' ? ')' : open == '[' ? ']' : '}';
        if (c != want) {
          std::string msg = std::string("closing parenthesis '") + c +
                            "' does not match opening parenthesis '" + open + "'";
          if (brackets_.back().lineno != lineno) {
            msg += " on line " + std::to_string(brackets_.back().lineno);
          }
          syntax(msg, lineno, c0);
        }
        brackets_.pop_back();
        k = c == ')' ? TokenKind::RPar : c == ']' ? TokenKind::RSqb : TokenKind::RBrace;
        ++pos_;
        res_.tokens.push_back(make(k, start, lineno, c0));
        return;
      }
      case ':': if (c1 == '=') { k = TokenKind::ColonEqual; n = 2; } else k = TokenKind::Colon; break;
      case ',': k = TokenKind::Comma; break;
      case ';': k = TokenKind::Semi; break;
      case '+': if (c1 == '=') { k = TokenKind::PlusEqual; n = 2; } else k = TokenKind::Plus; break;
      case '-':
        if (c1 == '=') { k = TokenKind::MinEqual; n = 2; }
        else if (c1 == '>') { k = TokenKind::RArrow; n = 2; }
        else k = TokenKind::Minus;
        break;
      case '*':
        if (c1 == '*') {
          if (c2 == '=') { k = TokenKind::DoubleStarEqual; n = 3; } else { k = TokenKind::DoubleStar; n = 2; }
        } else if (c1 == '=') { k = TokenKind::StarEqual; n = 2; }
        else k = TokenKind::Star;
        break;
      case '/':
        if (c1 == '/') {
          if (c2 == '=') { k = TokenKind::DoubleSlashEqual; n = 3; } else { k = TokenKind::DoubleSlash; n = 2; }
        } else if (c1 == '=') { k = TokenKind::SlashEqual; n = 2; }
        else k = TokenKind::Slash;
        break;
      case '|': if (c1 == '=') { k = TokenKind::VBarEqual; n = 2; } else k = TokenKind::VBar; break;
      case '&': if (c1 == '=') { k = TokenKind::AmperEqual; n = 2; } else k = TokenKind::Amper; break;
      case '^': if (c1 == '=') { k = TokenKind::CircumflexEqual; n = 2; } else k = TokenKind::CircumFlex; break;
      case '%': if (c1 == '=') { k = TokenKind::PercentEqual; n = 2; } else k = TokenKind::Percent; break;
      case '@': if (c1 == '=') { k = TokenKind::AtEqual; n = 2; } else k = TokenKind::At; break;
      case '~': k = TokenKind::Tilde; break;
      case '=': if (c1 == '=') { k = TokenKind::EqEqual; n = 2; } else k = TokenKind::Equal; break;
      case '!':
        if (c1 == '=') { k = TokenKind::NotEqual; n = 2; } else k = TokenKind::Exclamation;
        break;
      case '<':
        if (c1 == '<') {
          if (c2 == '=') { k = TokenKind::LeftShiftEqual; n = 3; } else { k = TokenKind::LeftShift; n = 2; }
        } else if (c1 == '=') { k = TokenKind::LessEqual; n = 2; }
        else if (c1 == '>') { syntax("invalid syntax", lineno, c0); }
        else k = TokenKind::Less;
        break;
      case '>':
        if (c1 == '>') {
          if (c2 == '=') { k = TokenKind::RightShiftEqual; n = 3; } else { k = TokenKind::RightShift; n = 2; }
        } else if (c1 == '=') { k = TokenKind::GreaterEqual; n = 2; }
        else k = TokenKind::Greater;
        break;
      case '.':
        if (c1 == '.' && c2 == '.') { k = TokenKind::Ellipsis; n = 3; } else k = TokenKind::Dot;
        break;
      default: {
        unsigned char uc = static_cast<unsigned char>(c);
        if (uc < 0x80) {
          if (uc < 0x20 || uc == 0x7F) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X", uc);
            syntax(buf, lineno, c0);
          }
          syntax("invalid syntax", lineno, c0);
        }
        syntax("invalid character", lineno, c0);
      }
    }
    pos_ += n;
    res_.tokens.push_back(make(k, start, lineno, c0));
  }
};

}  // namespace

LexResult tokenize(std::string_view source, const std::string& filename) {
  Lexer lx(source, filename);
  return lx.run();
}

}  // namespace gilpy::compiler
