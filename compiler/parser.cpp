// parser.cpp: tokens -> AST. Recursive descent over CPython 3.11's grammar
// (Grammar/python.gram), one function per rule level. CPython's PEG parser
// finds its detailed error messages in a second pass with `invalid_*` rules;
// here the same checks are made inline at the point of failure, and the
// tokenizer-error precedence is reproduced by fail() (see lexer.h).
//
// Locations follow CPython's EXTRA: a node spans from the first token of its
// rule to the last token consumed (so `(a) + b` starts at the parenthesis).
#include "compiler/parser.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "compiler/lexer.h"
#include "runtime/unicode_data.h"

namespace gilpy::compiler {
namespace {

using TK = TokenKind;

const char* expr_name(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Attribute: return "attribute";
    case ExprKind::Subscript: return "subscript";
    case ExprKind::Starred: return "starred";
    case ExprKind::Name: return "name";
    case ExprKind::List: return "list";
    case ExprKind::Tuple: return "tuple";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::Call: return "function call";
    case ExprKind::BoolOp:
    case ExprKind::BinOp:
    case ExprKind::UnaryOp: return "expression";
    case ExprKind::GeneratorExp: return "generator expression";
    case ExprKind::Yield:
    case ExprKind::YieldFrom: return "yield expression";
    case ExprKind::Await: return "await expression";
    case ExprKind::ListComp: return "list comprehension";
    case ExprKind::SetComp: return "set comprehension";
    case ExprKind::DictComp: return "dict comprehension";
    case ExprKind::Dict: return "dict literal";
    case ExprKind::Set: return "set display";
    case ExprKind::JoinedStr:
    case ExprKind::FormattedValue: return "f-string expression";
    case ExprKind::Constant: {
      switch (e.as<Constant>()->value_kind) {
        case ConstKind::None: return "None";
        case ConstKind::False: return "False";
        case ConstKind::True: return "True";
        case ConstKind::Ellipsis: return "ellipsis";
        default: return "literal";
      }
    }
    case ExprKind::Compare: return "comparison";
    case ExprKind::IfExp: return "conditional expression";
    case ExprKind::NamedExpr: return "named expression";
    case ExprKind::Slice: return "slice";
  }
  return "expression";
}

enum class TargetsType { Star, Del, For };

// CPython's _PyPegen_get_invalid_target.
const Expr* invalid_target(const Expr* e, TargetsType t) {
  if (!e) return nullptr;
  switch (e->kind) {
    case ExprKind::List:
      for (auto& x : e->as<List>()->elts) {
        if (auto* c = invalid_target(x.get(), t)) return c;
      }
      return nullptr;
    case ExprKind::Tuple:
      for (auto& x : e->as<Tuple>()->elts) {
        if (auto* c = invalid_target(x.get(), t)) return c;
      }
      return nullptr;
    case ExprKind::Starred:
      if (t == TargetsType::Del) return e;
      return invalid_target(e->as<Starred>()->value.get(), t);
    case ExprKind::Compare:
      if (t == TargetsType::For) {
        auto* c = e->as<Compare>();
        if (c->ops[0] == CmpOpKind::In) return invalid_target(c->left.get(), t);
        return nullptr;
      }
      return e;
    case ExprKind::Name:
    case ExprKind::Subscript:
    case ExprKind::Attribute: return nullptr;
    default: return e;
  }
}

void set_context(Expr* e, ExprContext ctx) {
  switch (e->kind) {
    case ExprKind::Name: e->as<Name>()->ctx = ctx; break;
    case ExprKind::Attribute: e->as<Attribute>()->ctx = ctx; break;
    case ExprKind::Subscript: e->as<Subscript>()->ctx = ctx; break;
    case ExprKind::Starred:
      e->as<Starred>()->ctx = ctx;
      set_context(e->as<Starred>()->value.get(), ctx);
      break;
    case ExprKind::List:
      e->as<List>()->ctx = ctx;
      for (auto& x : e->as<List>()->elts) set_context(x.get(), ctx);
      break;
    case ExprKind::Tuple:
      e->as<Tuple>()->ctx = ctx;
      for (auto& x : e->as<Tuple>()->elts) set_context(x.get(), ctx);
      break;
    default: break;
  }
}

// --- numbers ---------------------------------------------------------------

// Digits (no prefix, no underscores) in `base` -> normalised decimal string.
std::string to_decimal(std::string_view digits, int base) {
  auto dval = [](char c) -> uint32_t {
    if (c >= '0' && c <= '9') return c - '0';
    return static_cast<uint32_t>((c | 0x20) - 'a' + 10);
  };
  if (base == 10) {
    size_t i = 0;
    while (i + 1 < digits.size() && digits[i] == '0') ++i;
    return std::string(digits.substr(i));
  }
  std::vector<uint32_t> limbs;  // base 1e9, little endian
  for (char c : digits) {
    uint64_t carry = dval(c);
    for (auto& l : limbs) {
      uint64_t v = static_cast<uint64_t>(l) * base + carry;
      l = static_cast<uint32_t>(v % 1000000000u);
      carry = v / 1000000000u;
    }
    while (carry) {
      limbs.push_back(static_cast<uint32_t>(carry % 1000000000u));
      carry /= 1000000000u;
    }
  }
  if (limbs.empty()) return "0";
  std::string out = std::to_string(limbs.back());
  char buf[16];
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    std::snprintf(buf, sizeof buf, "%09u", limbs[i]);
    out += buf;
  }
  return out;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool can_start_expression(TK k) {
  switch (k) {
    case TK::Name: case TK::Number: case TK::String: case TK::LPar: case TK::LSqb:
    case TK::LBrace: case TK::Minus: case TK::Plus: case TK::Tilde: case TK::KwNot:
    case TK::KwLambda: case TK::KwAwait: case TK::KwNone: case TK::KwTrue: case TK::KwFalse:
    case TK::Ellipsis:
      return true;
    default: return false;
  }
}

std::optional<BinOpKind> augassign_op(TK k) {
  switch (k) {
    case TK::PlusEqual: return BinOpKind::Add;
    case TK::MinEqual: return BinOpKind::Sub;
    case TK::StarEqual: return BinOpKind::Mult;
    case TK::AtEqual: return BinOpKind::MatMult;
    case TK::SlashEqual: return BinOpKind::Div;
    case TK::PercentEqual: return BinOpKind::Mod;
    case TK::AmperEqual: return BinOpKind::BitAnd;
    case TK::VBarEqual: return BinOpKind::BitOr;
    case TK::CircumflexEqual: return BinOpKind::BitXor;
    case TK::LeftShiftEqual: return BinOpKind::LShift;
    case TK::RightShiftEqual: return BinOpKind::RShift;
    case TK::DoubleStarEqual: return BinOpKind::Pow;
    case TK::DoubleSlashEqual: return BinOpKind::FloorDiv;
    default: return std::nullopt;
  }
}

class Parser {
 public:
  // `full_source`: the whole file (error lines, f-string positions).
  Parser(std::string_view full_source, const std::string& filename, LexResult lex,
         const std::vector<size_t>* line_starts)
      : src_(full_source), filename_(filename), lex_(std::move(lex)), toks_(lex_.tokens),
        line_starts_(line_starts) {}

  std::unique_ptr<Module> parse_module(ParseMode mode) {
    auto mod = std::make_unique<Module>();
    mod->mode = mode;
    if (mode == ParseMode::Eval) {
      while (at(TK::Newline)) ++p_;
      if (at(TK::Indent)) {
        // eval() strips leading whitespace in CPython before parsing.
        ++p_;
      }
      mod->expr = at(TK::KwYield) ? parse_yield_expr() : parse_star_expressions();
      while (at(TK::Newline) || at(TK::Dedent)) ++p_;
      if (!at(TK::EndMarker)) syntax_error_here("invalid syntax");
    } else {
      parse_statements_until_end(mod->body, mode == ParseMode::Single);
    }
    if (lex_.error) throw *lex_.error;
    for (auto& s : mod->body) {
      if (!s->is<ImportFrom>()) break;
      auto* imp = s->as<ImportFrom>();
      if (imp->module != "__future__") break;
      for (auto& a : imp->names) {
        if (a.name == "annotations") mod->future_annotations = true;
      }
    }
    return mod;
  }

  // f-string replacement field: tokens of "(" expr ")".
  ExprPtr parse_fstring_expression() {
    ExprPtr e = parse_atom();
    while (at(TK::Newline)) ++p_;
    if (!at(TK::EndMarker)) syntax_error_here("invalid syntax");
    if (lex_.error) throw *lex_.error;
    return e;
  }

 private:
  std::string_view src_;
  const std::string& filename_;
  LexResult lex_;
  std::vector<Token>& toks_;
  const std::vector<size_t>* line_starts_;
  size_t p_ = 0;
  mutable size_t furthest_ = 0;  // the furthest token the parser has looked at
  int nesting_ = 0;  // right-nested forms being parsed (NestingGuard)
  std::unordered_set<const Expr*> parenthesized_;
  int fstring_depth_ = 0;

  // --- token helpers -------------------------------------------------------
  // Every look at a token notes how far the parser has read (see raise()).
  const Token& examine(size_t i) const {
    if (i > furthest_) furthest_ = i;
    return toks_[i];
  }
  const Token& cur() const { return examine(p_); }
  const Token& peek_tok(size_t n = 1) const { return examine(std::min(p_ + n, toks_.size() - 1)); }
  bool at(TK k) const { return examine(p_).kind == k; }
  bool accept(TK k) {
    if (at(k)) {
      ++p_;
      return true;
    }
    return false;
  }
  void expect(TK k) {
    if (!accept(k)) syntax_error_here(std::string("expected '") + token_text(k) + "'");
  }
  // End of the last consumed significant token.
  const Token& last_tok() const {
    size_t i = p_;
    while (i > 0) {
      --i;
      TK k = toks_[i].kind;
      if (k != TK::Newline && k != TK::Indent && k != TK::Dedent) return toks_[i];
    }
    return toks_[0];
  }
  template <class N> void set_loc(N* n, size_t start) {
    const Token& a = toks_[start];
    const Token& b = last_tok();
    n->loc = Location{a.lineno, a.col, b.end_lineno, b.end_col};
  }
  Location loc_of(size_t start) const {
    const Token& a = toks_[start];
    const Token& b = last_tok();
    return Location{a.lineno, a.col, b.end_lineno, b.end_col};
  }
  size_t token_index_of(const Expr& e) const {
    auto it = std::lower_bound(toks_.begin(), toks_.end(), e.loc, [](const Token& t, const Location& l) {
      return t.lineno < l.lineno || (t.lineno == l.lineno && t.col < l.col_offset);
    });
    size_t i = static_cast<size_t>(it - toks_.begin());
    while (i + 1 < toks_.size() && (toks_[i].kind == TK::Indent || toks_[i].kind == TK::Dedent)) ++i;
    return std::min(i, toks_.size() - 1);
  }

  // --- errors ----------------------------------------------------------------
  [[noreturn]] void raise(const char* type, std::string msg, int lineno, int col, int end_lineno,
                          int end_col) {
    // Tokenizer errors take precedence (CPython tokenizes the rest of the file
    // after a parser error and reports a tokenizer error found there). A bracket left
    // open at the end of the input is the error only when the parser read to the end of
    // the input or beyond the bracket's line (_PyPegen_tokenize_full_source_to_check_for_errors
    // compares the line of the last token read): `f(a b` and a call left open above more
    // lines report the bracket, `def f(:` is "invalid syntax" at the colon.
    if (lex_.error) {
      const Token& furthest = toks_[furthest_];
      if (!lex_.unclosed_bracket || furthest.kind == TK::EndMarker || furthest.lineno > lex_.error->lineno)
        throw *lex_.error;
    }
    if (fstring_depth_ > 0 && msg.rfind("f-string", 0) != 0) msg = "f-string: " + msg;
    std::string text = source_line(src_, lineno);
    int c = byte_col_to_char_col(text, col);
    int ec = end_col < 0 ? -1  // the end unknown, as CPython leaves some
             : end_lineno == lineno ? byte_col_to_char_col(text, end_col)
                                    : byte_col_to_char_col(source_line(src_, end_lineno), end_col);
    CompileError e(type, std::move(msg), filename_, lineno, c, end_lineno, ec, std::move(text));
    e.at_eof = at_end_of_input();
    throw e;
  }
  [[noreturn]] void unexpected_indent(const Token& t) {
    int c = t.end_col > 0 ? t.end_col - 1 : 0;
    raise("IndentationError", "unexpected indent", t.lineno, c, t.lineno, c + 1);
  }
  // Only dedents and the end marker remain: the parser ran out of input (the REPL's
  // "incomplete input", CompileError::at_eof).
  bool at_end_of_input() const {
    for (size_t i = p_; i < toks_.size(); ++i)
      if (toks_[i].kind != TK::Dedent && toks_[i].kind != TK::EndMarker) return false;
    return true;
  }
  [[noreturn]] void syntax_error_here(std::string msg) {
    const Token& t = cur();
    if (t.kind == TK::EndMarker && lex_.error) throw *lex_.error;
    if (t.kind == TK::Indent && msg == "invalid syntax") {
      unexpected_indent(t);
    }
    if (t.kind == TK::Dedent && msg == "invalid syntax") {
      raise("IndentationError", "unexpected unindent", t.lineno, t.col, t.lineno, t.col + 1);
    }
    int end_col = t.end_col > t.col ? t.end_col : t.col + 1;
    raise("SyntaxError", std::move(msg), t.lineno, t.col, t.end_lineno, end_col);
  }
  [[noreturn]] void syntax_error_at(const Location& l, std::string msg) {
    raise("SyntaxError", std::move(msg), l.lineno, l.col_offset, l.end_lineno, l.end_col_offset);
  }
  [[noreturn]] void syntax_error_range(const Location& a, const Location& b, std::string msg) {
    raise("SyntaxError", std::move(msg), a.lineno, a.col_offset, b.end_lineno, b.end_col_offset);
  }

  // --- statements ------------------------------------------------------------
  void parse_statements_until_end(StmtList& out, bool single) {
    while (!at(TK::EndMarker)) {
      if (at(TK::Newline)) {
        ++p_;
        continue;
      }
      if (at(TK::Indent)) {
        const Token& t = cur();
        unexpected_indent(t);
      }
      parse_statement(out);
      if (single) break;
    }
  }

  void parse_statement(StmtList& out) {
    switch (cur().kind) {
      case TK::KwDef: case TK::KwIf: case TK::KwClass: case TK::KwWith: case TK::KwFor:
      case TK::KwTry: case TK::KwWhile: case TK::At:
        out.push_back(parse_compound());
        return;
      case TK::KwAsync:
        if (peek_tok().kind == TK::KwDef || peek_tok().kind == TK::KwWith ||
            peek_tok().kind == TK::KwFor) {
          out.push_back(parse_compound());
          return;
        }
        break;
      case TK::Name:
        if (cur().text == "match") {
          parse_match_or_simple_stmts(out);
          return;
        }
        break;
      default: break;
    }
    parse_simple_stmts(out);
  }

  void parse_simple_stmts(StmtList& out) {
    for (;;) {
      out.push_back(parse_simple_stmt());
      if (accept(TK::Semi)) {
        if (at(TK::Newline)) break;
        continue;
      }
      break;
    }
    if (!accept(TK::Newline)) syntax_error_here("invalid syntax");
  }

  StmtPtr parse_simple_stmt() {
    size_t s = p_;
    switch (cur().kind) {
      case TK::KwPass: { ++p_; auto n = std::make_unique<Pass>(); set_loc(n.get(), s); return n; }
      case TK::KwBreak: { ++p_; auto n = std::make_unique<Break>(); set_loc(n.get(), s); return n; }
      case TK::KwContinue: { ++p_; auto n = std::make_unique<Continue>(); set_loc(n.get(), s); return n; }
      case TK::KwReturn: {
        ++p_;
        auto n = std::make_unique<Return>();
        if (can_start_expression(cur().kind) || at(TK::Star)) n->value = parse_star_expressions();
        set_loc(n.get(), s);
        return n;
      }
      case TK::KwRaise: {
        ++p_;
        auto n = std::make_unique<Raise>();
        if (can_start_expression(cur().kind)) {
          n->exc = parse_expression();
          if (accept(TK::KwFrom)) n->cause = parse_expression();
        }
        set_loc(n.get(), s);
        return n;
      }
      case TK::KwGlobal:
      case TK::KwNonlocal: {
        bool global = at(TK::KwGlobal);
        ++p_;
        std::vector<std::string> names;
        do {
          if (!at(TK::Name)) syntax_error_here("invalid syntax");
          names.emplace_back(cur().text);
          ++p_;
        } while (accept(TK::Comma));
        if (global) {
          auto n = std::make_unique<Global>();
          n->names = std::move(names);
          set_loc(n.get(), s);
          return n;
        }
        auto n = std::make_unique<Nonlocal>();
        n->names = std::move(names);
        set_loc(n.get(), s);
        return n;
      }
      case TK::KwDel: {
        ++p_;
        auto n = std::make_unique<Delete>();
        do {
          if (at(TK::Newline) || at(TK::Semi)) break;
          n->targets.push_back(parse_star_expression_or_named(false));
        } while (accept(TK::Comma));
        if (n->targets.empty()) syntax_error_here("invalid syntax");
        if (!at(TK::Newline) && !at(TK::Semi)) syntax_error_here("invalid syntax");
        for (auto& t : n->targets) {
          if (auto* bad = invalid_target(t.get(), TargetsType::Del)) {
            syntax_error_at(bad->loc, std::string("cannot delete ") + expr_name(*bad));
          }
          set_context(t.get(), ExprContext::Del);
        }
        set_loc(n.get(), s);
        return n;
      }
      case TK::KwAssert: {
        ++p_;
        auto n = std::make_unique<Assert>();
        n->test = parse_expression();
        if (accept(TK::Comma)) n->msg = parse_expression();
        set_loc(n.get(), s);
        return n;
      }
      case TK::KwImport: return parse_import();
      case TK::KwFrom: return parse_from_import();
      default: break;
    }
    return parse_expr_or_assign_stmt();
  }

  std::string parse_dotted_name() {
    if (!at(TK::Name)) syntax_error_here("invalid syntax");
    std::string name(cur().text);
    ++p_;
    while (at(TK::Dot)) {
      ++p_;
      if (!at(TK::Name)) syntax_error_here("invalid syntax");
      name += '.';
      name += cur().text;
      ++p_;
    }
    return name;
  }

  StmtPtr parse_import() {
    size_t s = p_;
    ++p_;
    auto n = std::make_unique<Import>();
    do {
      size_t as = p_;
      Alias a;
      a.name = parse_dotted_name();
      if (accept(TK::KwAs)) {
        if (!at(TK::Name)) syntax_error_here("invalid syntax");
        a.asname = std::string(cur().text);
        ++p_;
      }
      a.loc = loc_of(as);
      n->names.push_back(std::move(a));
    } while (accept(TK::Comma));
    set_loc(n.get(), s);
    return n;
  }

  StmtPtr parse_from_import() {
    size_t s = p_;
    ++p_;
    auto n = std::make_unique<ImportFrom>();
    for (;;) {
      if (accept(TK::Dot)) n->level += 1;
      else if (accept(TK::Ellipsis)) n->level += 3;
      else break;
    }
    if (at(TK::Name)) n->module = parse_dotted_name();
    else if (n->level == 0) syntax_error_here("invalid syntax");
    if (!accept(TK::KwImport)) syntax_error_here("invalid syntax");
    if (at(TK::Star)) {
      size_t as = p_;
      ++p_;
      Alias a;
      a.name = "*";
      a.loc = loc_of(as);
      n->names.push_back(std::move(a));
    } else {
      bool paren = accept(TK::LPar);
      for (;;) {
        if (!at(TK::Name)) syntax_error_here("invalid syntax");
        size_t as = p_;
        Alias a;
        a.name = std::string(cur().text);
        ++p_;
        if (accept(TK::KwAs)) {
          if (!at(TK::Name)) syntax_error_here("invalid syntax");
          a.asname = std::string(cur().text);
          ++p_;
        }
        a.loc = loc_of(as);
        n->names.push_back(std::move(a));
        if (!accept(TK::Comma)) break;
        if (paren && at(TK::RPar)) break;
        if (!paren && (at(TK::Newline) || at(TK::Semi))) {
          syntax_error_here("trailing comma not allowed without surrounding parentheses");
        }
      }
      if (paren) expect(TK::RPar);
    }
    set_loc(n.get(), s);
    return n;
  }

  // Is the expression a plain `bitwise_or` (what invalid_named_expression's
  // third alternative matches), given it is directly followed by '='?
  bool is_bitwise_or_level(const Expr& e) const {
    if (parenthesized_.count(&e)) return true;
    switch (e.kind) {
      case ExprKind::BoolOp: case ExprKind::Compare: case ExprKind::IfExp:
      case ExprKind::Lambda: case ExprKind::NamedExpr: case ExprKind::Starred:
      case ExprKind::Yield: case ExprKind::YieldFrom:
        return false;
      case ExprKind::UnaryOp: return e.as<UnaryOp>()->op != UnaryOpKind::Not;
      case ExprKind::Tuple: return false;  // unparenthesized
      default: return true;
    }
  }

  // CPython's invalid_named_expression alternatives 2 and 3, for `l = ...`
  // where l starts at token ls and '=' is token eq. Returns if they don't apply.
  void invalid_named_assign(const Expr& le, size_t ls, size_t eq) {
    const Expr* l = &le;
    {
      // alt b: NAME '=' bitwise_or !('='|':=')
      // alt c: !(list|tuple|genexp|True|None|False) bitwise_or '=' bitwise_or !('='|':=')
      size_t save = p_;
      bool next_is_eq = true;
      Location rhs{};
      try {
        p_ = eq + 1;
        size_t rs = p_;
        ExprPtr b = parse_bitwise_or();
        rhs = loc_of(rs);
        next_is_eq = at(TK::Equal) || at(TK::ColonEqual);
      } catch (CompileError&) {
      }
      p_ = save;
      if (!next_is_eq) {
        if (l->is<Name>() && ls + 1 == eq) {
          syntax_error_range(l->loc, rhs,
                             "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        }
        bool excluded = false;
        TK k0 = toks_[ls].kind;
        if (k0 == TK::KwTrue || k0 == TK::KwNone || k0 == TK::KwFalse) excluded = true;
        if (k0 == TK::LSqb || k0 == TK::LPar) {
          size_t save2 = p_;
          try {
            p_ = ls;
            ExprPtr a = parse_atom();
            if (a->is<List>() || a->is<GeneratorExp>() ||
                (a->is<Tuple>() && k0 == TK::LPar)) {
              excluded = true;
            }
          } catch (CompileError&) {
          }
          p_ = save2;
        }
        if (!excluded && is_bitwise_or_level(*l)) {
          syntax_error_at(l->loc, std::string("cannot assign to ") + expr_name(*l) +
                                      " here. Maybe you meant '==' instead of '='?");
        }
      }
    }
  }

  // The error CPython reports for `targets[i] = ...` when targets[i] is invalid.
  [[noreturn]] void invalid_assignment(ExprList& targets, size_t bad_index,
                                       std::vector<size_t>& eq_token_index) {
    // invalid_named_expression on the first target (or its last element when it
    // is a bare tuple), reached through invalid_assignment's 2nd alternative.
    Expr* first = targets[0].get();
    Expr* l = first;
    if (first->is<Tuple>() && !parenthesized_.count(first) && !first->as<Tuple>()->elts.empty()) {
      auto& elts = first->as<Tuple>()->elts;
      // trailing comma: `a, = ...` then l is the tuple itself (no '=' after an element)
      l = elts.back().get();
      const Token& after = toks_[eq_token_index[0] - 1];
      if (after.kind == TK::Comma) l = nullptr;
    }
    if (l && !l->is<Starred>()) invalid_named_assign(*l, token_index_of(*l), eq_token_index[0]);
    Expr* bad = targets[bad_index].get();
    if (bad->is<Yield>() || bad->is<YieldFrom>()) {
      syntax_error_at(bad->loc, "assignment to yield expression not possible");
    }
    const Expr* inv = invalid_target(bad, TargetsType::Star);
    if (!inv) inv = bad;
    syntax_error_at(inv->loc, std::string("cannot assign to ") + expr_name(*inv));
  }

  StmtPtr parse_expr_or_assign_stmt() {
    size_t s = p_;
    if (!can_start_expression(cur().kind) && !at(TK::Star) && !at(TK::KwYield)) {
      syntax_error_here("invalid syntax");
    }
    ExprPtr first = at(TK::KwYield) ? parse_yield_expr() : parse_star_expressions();
    // annotated assignment
    if (at(TK::Colon)) {
      Expr* t = first.get();
      bool paren = parenthesized_.count(t) > 0;
      // (`()` is a tuple without elements: the error below, at the parentheses.)
      if (t->is<Tuple>() && !paren && !t->as<Tuple>()->elts.empty()) {
        syntax_error_at(t->as<Tuple>()->elts[0]->loc,
                        "only single target (not tuple) can be annotated");
      }
      if (t->is<Tuple>() || t->is<List>()) {
        syntax_error_at(t->loc, std::string("only single target (not ") + expr_name(*t) +
                                    ") can be annotated");
      }
      if (!t->is<Name>() && !t->is<Attribute>() && !t->is<Subscript>()) {
        syntax_error_at(t->loc, "illegal target for annotation");
      }
      ++p_;
      auto n = std::make_unique<AnnAssign>();
      n->simple = t->is<Name>() && !paren;
      set_context(t, ExprContext::Store);
      n->target = std::move(first);
      n->annotation = parse_expression();
      if (accept(TK::Equal)) {
        n->value = at(TK::KwYield) ? parse_yield_expr() : parse_star_expressions();
      }
      set_loc(n.get(), s);
      return n;
    }
    if (auto op = augassign_op(cur().kind)) {
      Expr* t = first.get();
      if (!t->is<Name>() && !t->is<Attribute>() && !t->is<Subscript>()) {
        syntax_error_at(t->loc, std::string("'") + expr_name(*t) +
                                    "' is an illegal expression for augmented assignment");
      }
      ++p_;
      auto n = std::make_unique<AugAssign>();
      set_context(t, ExprContext::Store);
      n->target = std::move(first);
      n->op = *op;
      n->value = at(TK::KwYield) ? parse_yield_expr() : parse_star_expressions();
      set_loc(n.get(), s);
      return n;
    }
    if (at(TK::Equal)) {
      ExprList targets;
      std::vector<size_t> eqs;
      targets.push_back(std::move(first));
      while (at(TK::Equal)) {
        eqs.push_back(p_);
        ++p_;
        targets.push_back(at(TK::KwYield) ? parse_yield_expr() : parse_star_expressions());
      }
      ExprPtr value = std::move(targets.back());
      targets.pop_back();
      for (size_t i = 0; i < targets.size(); ++i) {
        Expr* t = targets[i].get();
        if (t->is<Yield>() || t->is<YieldFrom>() || invalid_target(t, TargetsType::Star)) {
          invalid_assignment(targets, i, eqs);
        }
      }
      for (auto& t : targets) set_context(t.get(), ExprContext::Store);
      auto n = std::make_unique<Assign>();
      n->targets = std::move(targets);
      n->value = std::move(value);
      set_loc(n.get(), s);
      return n;
    }
    // expression statement
    if (first->is<Name>() && can_start_expression(cur().kind) && !at(TK::LPar)) {
      const std::string& id = first->as<Name>()->id;
      if (id == "print" || id == "exec") {
        size_t save = p_;
        bool ok = false;
        Location bl{};
        try {
          size_t bs = p_;
          ExprPtr b = parse_star_expressions();
          bl = loc_of(bs);
          ok = true;
        } catch (CompileError&) {
        }
        p_ = save;
        if (ok) {
          syntax_error_range(first->loc, bl,
                             "Missing parentheses in call to '" + id + "'. Did you mean " + id +
                                 "(...)?");
        }
      }
    }
    if (!at(TK::Newline) && !at(TK::Semi)) {
      // `a b` at statement level: invalid syntax at the second token
      syntax_error_here("invalid syntax");
    }
    auto n = std::make_unique<ExprStmt>();
    n->value = std::move(first);
    set_loc(n.get(), s);
    return n;
  }

  // --- compound statements -----------------------------------------------------
  void expect_colon(bool forced) {
    if (accept(TK::Colon)) return;
    if (at(TK::Newline)) {  // CPython marks the (zero-width) end of the line
      const Token& t = cur();
      raise("SyntaxError", "expected ':'", t.lineno, t.col, t.lineno, t.col);
    }
    if (forced) syntax_error_here("expected ':'");
    syntax_error_here("invalid syntax");
  }

  void parse_block(StmtList& out, const std::string& what, int line) {
    if (accept(TK::Newline)) {
      if (!at(TK::Indent)) {
        const Token& t = cur();
        if (lex_.error && t.kind == TK::EndMarker) throw *lex_.error;
        raise("IndentationError",
              "expected an indented block after " + what + " on line " + std::to_string(line),
              t.lineno, t.col, t.end_lineno, t.end_col > t.col ? t.end_col : t.col + 1);
      }
      ++p_;
      while (!at(TK::Dedent) && !at(TK::EndMarker)) {
        if (at(TK::Indent)) {
          const Token& t = cur();
          unexpected_indent(t);
        }
        parse_statement(out);
      }
      accept(TK::Dedent);
    } else {
      if (at(TK::EndMarker)) syntax_error_here("invalid syntax");
      parse_simple_stmts(out);
    }
  }

  StmtPtr parse_compound() {
    switch (cur().kind) {
      case TK::KwIf: return parse_if();
      case TK::KwWhile: return parse_while();
      case TK::KwFor: return parse_for(p_, false);
      case TK::KwWith: return parse_with(p_, false);
      case TK::KwTry: return parse_try();
      case TK::KwDef: return parse_funcdef(p_, false, {});
      case TK::KwClass: return parse_classdef({});
      case TK::At: return parse_decorated();
      case TK::KwAsync: {
        size_t s = p_;
        ++p_;
        if (at(TK::KwDef)) return parse_funcdef(s, true, {});
        if (at(TK::KwWith)) return parse_with(s, true);
        if (at(TK::KwFor)) return parse_for(s, true);
        syntax_error_here("invalid syntax");
      }
      default: syntax_error_here("invalid syntax");
    }
  }

  // --- match statements (CPython's match_stmt and its pattern rules) ----------------
  // `match` and `case` are soft keywords: a statement that starts with the name `match`
  // is a match statement when `match subject:` parses, and an ordinary statement
  // (`match = re.match(...)`, `match(x)`) otherwise.
  bool at_name(std::string_view name) const { return at(TK::Name) && cur().text == name; }

  void parse_match_or_simple_stmts(StmtList& out) {
    size_t s = p_;
    ++p_;
    ExprPtr subject;
    try {
      subject = parse_match_subject();
    } catch (const CompileError&) {
      subject = nullptr;
    }
    if (subject && at(TK::Colon)) {
      out.push_back(finish_match(s, std::move(subject)));
      return;
    }
    size_t after_subject = p_;
    p_ = s;
    if (!subject || !at_newline(after_subject)) {
      parse_simple_stmts(out);
      return;
    }
    // `match x` NEWLINE: an expression statement if it is one, else a missing colon.
    try {
      parse_simple_stmts(out);
    } catch (const CompileError&) {
      p_ = after_subject;
      expect_colon(true);
    }
  }
  bool at_newline(size_t i) const { return toks_[i].kind == TK::Newline; }

  // subject_expr: star_named_expression ',' star_named_expressions? | named_expression
  ExprPtr parse_match_subject() {
    size_t s = p_;
    ExprPtr first = parse_star_expression_or_named(true);
    if (!at(TK::Comma)) {
      if (first->is<Starred>()) syntax_error_here("invalid syntax");
      return first;
    }
    auto t = std::make_unique<Tuple>();
    t->elts.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (!can_start_expression(cur().kind) && !at(TK::Star)) break;
      t->elts.push_back(parse_star_expression_or_named(true));
    }
    set_loc(t.get(), s);
    return t;
  }

  StmtPtr finish_match(size_t s, ExprPtr subject) {
    int line = toks_[s].lineno;
    ++p_;  // ':'
    auto n = std::make_unique<Match>();
    n->subject = std::move(subject);
    if (!accept(TK::Newline)) syntax_error_here("invalid syntax");
    if (!at(TK::Indent)) {
      const Token& t = cur();
      if (lex_.error && t.kind == TK::EndMarker) throw *lex_.error;
      raise("IndentationError",
            "expected an indented block after 'match' statement on line " + std::to_string(line),
            t.lineno, t.col, t.end_lineno, t.end_col > t.col ? t.end_col : t.col + 1);
    }
    ++p_;
    do {
      if (!at_name("case")) syntax_error_here("invalid syntax");
      n->cases.push_back(parse_case_block());
    } while (!at(TK::Dedent) && !at(TK::EndMarker));
    accept(TK::Dedent);
    set_loc(n.get(), s);
    return n;
  }

  // case_block: "case" patterns guard? ':' block
  MatchCase parse_case_block() {
    int line = cur().lineno;
    ++p_;
    MatchCase c;
    c.pattern = parse_patterns();
    if (accept(TK::KwIf)) c.guard = parse_named_expression();
    expect_colon(true);
    parse_block(c.body, "'case' statement", line);
    return c;
  }

  // patterns: open_sequence_pattern | pattern
  PatternPtr parse_patterns() {
    size_t s = p_;
    PatternPtr first = parse_maybe_star_pattern();
    if (!at(TK::Comma)) {
      if (first->is<MatchStar>()) syntax_error_here("invalid syntax");
      return first;
    }
    auto seq = std::make_unique<MatchSequence>();
    seq->patterns.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (at(TK::Colon) || at(TK::KwIf)) break;
      seq->patterns.push_back(parse_maybe_star_pattern());
    }
    set_loc(seq.get(), s);
    return seq;
  }

  // maybe_star_pattern: '*' (capture | '_') | pattern
  PatternPtr parse_maybe_star_pattern() {
    if (!at(TK::Star)) return parse_pattern();
    size_t s = p_;
    ++p_;
    if (!at(TK::Name)) syntax_error_here("invalid syntax");
    auto star = std::make_unique<MatchStar>();
    if (cur().text != "_") star->name = std::string(cur().text);
    ++p_;
    set_loc(star.get(), s);
    return star;
  }

  // A NAME not followed by '.', '(' or '=' (CPython's pattern_capture_target lookahead).
  bool at_capture_name() const {
    if (!at(TK::Name)) return false;
    TK next = peek_tok().kind;
    return next != TK::Dot && next != TK::LPar && next != TK::Equal;
  }

  // pattern: or_pattern ['as' capture_target]
  PatternPtr parse_pattern() {
    NestingGuard nested(nesting_, kMaxParserNesting, CompileError::too_deep_for_parser);
    size_t s = p_;
    PatternPtr alternatives = parse_or_pattern();
    if (!accept(TK::KwAs)) return alternatives;
    if (at_name("_")) syntax_error_here("cannot use '_' as a target");
    if (!at_capture_name()) {
      ExprPtr target = parse_expression();
      syntax_error_at(target->loc, "invalid pattern target");
    }
    auto as = std::make_unique<MatchAs>();
    as->pattern = std::move(alternatives);
    as->name = std::string(cur().text);
    ++p_;
    set_loc(as.get(), s);
    return as;
  }

  // or_pattern: '|'.closed_pattern+
  PatternPtr parse_or_pattern() {
    size_t s = p_;
    PatternPtr first = parse_closed_pattern();
    if (!at(TK::VBar)) return first;
    auto alt = std::make_unique<MatchOr>();
    alt->patterns.push_back(std::move(first));
    while (accept(TK::VBar)) alt->patterns.push_back(parse_closed_pattern());
    set_loc(alt.get(), s);
    return alt;
  }

  PatternPtr parse_closed_pattern() {
    size_t s = p_;
    switch (cur().kind) {
      case TK::Number:
      case TK::Minus:
      case TK::String: return value_pattern(parse_literal_value());
      case TK::KwNone:
      case TK::KwTrue:
      case TK::KwFalse: {
        auto n = std::make_unique<MatchSingleton>();
        n->value = at(TK::KwNone) ? ConstKind::None : at(TK::KwTrue) ? ConstKind::True : ConstKind::False;
        ++p_;
        set_loc(n.get(), s);
        return n;
      }
      case TK::LPar: return parse_group_or_sequence_pattern();
      case TK::LSqb: {
        ++p_;
        auto seq = std::make_unique<MatchSequence>();
        while (!at(TK::RSqb)) {
          seq->patterns.push_back(parse_maybe_star_pattern());
          if (!accept(TK::Comma)) break;
        }
        expect(TK::RSqb);
        set_loc(seq.get(), s);
        return seq;
      }
      case TK::LBrace: return parse_mapping_pattern();
      case TK::Name: {
        if (at_capture_name()) {  // a capture, or the wildcard `_`
          auto n = std::make_unique<MatchAs>();
          if (cur().text != "_") n->name = std::string(cur().text);
          ++p_;
          set_loc(n.get(), s);
          return n;
        }
        ExprPtr dotted = parse_name_or_attr();
        if (at(TK::LPar)) return parse_class_pattern(s, std::move(dotted));
        if (dotted->is<Name>()) syntax_error_here("invalid syntax");
        return value_pattern(std::move(dotted));
      }
      default: syntax_error_here("invalid syntax");
    }
  }

  PatternPtr value_pattern(ExprPtr value) {
    auto n = std::make_unique<MatchValue>();
    n->loc = value->loc;
    n->value = std::move(value);
    return n;
  }

  // A literal pattern's value or a mapping key: a string, a signed number, or a complex
  // literal `real +/- imag`.
  ExprPtr parse_literal_value() {
    size_t s = p_;
    if (at(TK::String)) {
      ExprPtr e = parse_strings();
      if (e->is<JoinedStr>()) syntax_error_at(e->loc, "patterns may only match literals and attribute lookups");
      return e;
    }
    ExprPtr real = parse_signed_number();
    if (!at(TK::Plus) && !at(TK::Minus)) return real;
    if (is_imaginary(*real)) syntax_error_at(real->loc, "real number required in complex literal");
    BinOpKind op = at(TK::Plus) ? BinOpKind::Add : BinOpKind::Sub;
    ++p_;
    if (!at(TK::Number)) syntax_error_here("invalid syntax");
    ExprPtr imag = parse_number();
    if (!is_imaginary(*imag)) syntax_error_at(imag->loc, "imaginary number required in complex literal");
    return make_binop(s, std::move(real), op, std::move(imag));
  }
  static bool is_imaginary(const Expr& e) {
    const Expr* n = e.is<UnaryOp>() ? e.as<UnaryOp>()->operand.get() : &e;
    return n->is<Constant>() && n->as<Constant>()->value_kind == ConstKind::Imag;
  }
  ExprPtr parse_signed_number() {
    size_t s = p_;
    if (!accept(TK::Minus)) {
      if (!at(TK::Number)) syntax_error_here("invalid syntax");
      return parse_number();
    }
    if (!at(TK::Number)) syntax_error_here("invalid syntax");
    auto n = std::make_unique<UnaryOp>();
    n->op = UnaryOpKind::USub;
    n->operand = parse_number();
    set_loc(n.get(), s);
    return n;
  }

  // name_or_attr: NAME ('.' NAME)*
  ExprPtr parse_name_or_attr() {
    size_t s = p_;
    auto name = std::make_unique<Name>();
    name->id = std::string(cur().text);
    ++p_;
    set_loc(name.get(), s);
    ExprPtr e = std::move(name);
    while (accept(TK::Dot)) {
      if (!at(TK::Name)) syntax_error_here("invalid syntax");
      auto attr = std::make_unique<Attribute>();
      attr->value = std::move(e);
      attr->attr = std::string(cur().text);
      ++p_;
      set_loc(attr.get(), s);
      e = std::move(attr);
    }
    return e;
  }

  // '(' pattern ')' (a group) | '(' [open_sequence_pattern] ')' (a sequence)
  PatternPtr parse_group_or_sequence_pattern() {
    size_t s = p_;
    ++p_;
    auto seq = std::make_unique<MatchSequence>();
    if (!accept(TK::RPar)) {
      PatternPtr first = parse_maybe_star_pattern();
      if (at(TK::RPar) && !first->is<MatchStar>()) {
        ++p_;
        return first;
      }
      seq->patterns.push_back(std::move(first));
      if (!accept(TK::Comma)) syntax_error_here("invalid syntax");
      while (!at(TK::RPar)) {
        seq->patterns.push_back(parse_maybe_star_pattern());
        if (!accept(TK::Comma)) break;
      }
      expect(TK::RPar);
    }
    set_loc(seq.get(), s);
    return seq;
  }

  // '{' (key ':' pattern ',')* ['**' capture] '}'; keys are literals or dotted names
  PatternPtr parse_mapping_pattern() {
    size_t s = p_;
    ++p_;
    auto n = std::make_unique<MatchMapping>();
    while (!at(TK::RBrace)) {
      if (accept(TK::DoubleStar)) {
        if (!at_capture_name() || cur().text == "_") syntax_error_here("invalid syntax");
        n->rest = std::string(cur().text);
        ++p_;
        accept(TK::Comma);
        if (!at(TK::RBrace)) syntax_error_here("invalid syntax");
        break;
      }
      ExprPtr key;
      if (at(TK::Name)) {
        key = parse_name_or_attr();
        if (key->is<Name>()) syntax_error_at(key->loc, "invalid syntax");
      } else if (at(TK::KwNone) || at(TK::KwTrue) || at(TK::KwFalse)) {
        key = parse_atom();
      } else {
        key = parse_literal_value();
      }
      expect(TK::Colon);
      n->keys.push_back(std::move(key));
      n->patterns.push_back(parse_pattern());
      if (!accept(TK::Comma)) break;
    }
    expect(TK::RBrace);
    set_loc(n.get(), s);
    return n;
  }

  // name_or_attr '(' [positional patterns] [keyword patterns] ')'
  PatternPtr parse_class_pattern(size_t s, ExprPtr cls) {
    ++p_;  // '('
    auto n = std::make_unique<MatchClass>();
    n->cls = std::move(cls);
    while (!at(TK::RPar)) {
      if (at(TK::Name) && peek_tok().kind == TK::Equal) {
        n->kwd_attrs.push_back(std::string(cur().text));
        p_ += 2;
        n->kwd_patterns.push_back(parse_pattern());
      } else {
        PatternPtr positional = parse_pattern();
        if (!n->kwd_attrs.empty())
          syntax_error_at(positional->loc, "positional patterns follow keyword patterns");
        n->patterns.push_back(std::move(positional));
      }
      if (!accept(TK::Comma)) break;
    }
    expect(TK::RPar);
    set_loc(n.get(), s);
    return n;
  }

  StmtPtr parse_decorated() {
    ExprList decorators;
    while (accept(TK::At)) {
      decorators.push_back(parse_named_expression());
      if (!accept(TK::Newline)) syntax_error_here("invalid syntax");
    }
    if (at(TK::KwDef)) return parse_funcdef(p_, false, std::move(decorators));
    if (at(TK::KwAsync) && peek_tok().kind == TK::KwDef) {
      size_t s = p_;
      ++p_;
      return parse_funcdef(s, true, std::move(decorators));
    }
    if (at(TK::KwClass)) return parse_classdef(std::move(decorators));
    syntax_error_here("invalid syntax");
  }

  StmtPtr parse_if() {
    size_t s = p_;
    int line = cur().lineno;
    bool is_elif = at(TK::KwElif);
    ++p_;
    auto n = std::make_unique<If>();
    n->test = parse_named_expression();
    expect_colon(false);
    parse_block(n->body, is_elif ? "'elif' statement" : "'if' statement", line);
    if (at(TK::KwElif)) {
      n->orelse.push_back(parse_if());
    } else if (at(TK::KwElse)) {
      int eline = cur().lineno;
      ++p_;
      expect_colon(true);
      parse_block(n->orelse, "'else' statement", eline);
    }
    set_loc(n.get(), s);
    return n;
  }

  StmtPtr parse_while() {
    size_t s = p_;
    int line = cur().lineno;
    ++p_;
    auto n = std::make_unique<While>();
    n->test = parse_named_expression();
    expect_colon(false);
    parse_block(n->body, "'while' statement", line);
    if (at(TK::KwElse)) {
      int eline = cur().lineno;
      ++p_;
      expect_colon(true);
      parse_block(n->orelse, "'else' statement", eline);
    }
    set_loc(n.get(), s);
    return n;
  }

  // star_targets for `for` / comprehension: stops before `in`.
  ExprPtr parse_for_targets(TargetsType tt) {
    size_t s = p_;
    ExprList elts;
    bool comma = false;
    for (;;) {
      size_t es = p_;
      if (at(TK::Star)) {
        ++p_;
        auto st = std::make_unique<Starred>();
        st->value = parse_bitwise_or();
        set_loc(st.get(), es);
        elts.push_back(std::move(st));
      } else {
        elts.push_back(parse_bitwise_or());
      }
      if (!at(TK::Comma)) break;
      ++p_;
      comma = true;
      if (at(TK::KwIn)) break;
    }
    ExprPtr target;
    if (!comma) {
      target = std::move(elts[0]);
    } else {
      auto t = std::make_unique<Tuple>();
      t->elts = std::move(elts);
      set_loc(t.get(), s);
      target = std::move(t);
    }
    if (!at(TK::KwIn)) {
      // `for x y in z` etc.: CPython reports the invalid target if any
      if (auto* bad = invalid_target(target.get(), tt)) {
        syntax_error_at(bad->loc, std::string("cannot assign to ") + expr_name(*bad));
      }
      syntax_error_here("invalid syntax");
    }
    if (auto* bad = invalid_target(target.get(), tt)) {
      syntax_error_at(bad->loc, std::string("cannot assign to ") + expr_name(*bad));
    }
    set_context(target.get(), ExprContext::Store);
    return target;
  }

  StmtPtr parse_for(size_t s, bool is_async) {
    int line = toks_[s].lineno;
    ++p_;  // 'for'
    auto n = std::make_unique<For>();
    n->is_async = is_async;
    n->target = parse_for_targets(TargetsType::For);
    ++p_;  // 'in'
    n->iter = parse_star_expressions();
    expect_colon(false);
    parse_block(n->body, "'for' statement", line);
    if (at(TK::KwElse)) {
      int eline = cur().lineno;
      ++p_;
      expect_colon(true);
      parse_block(n->orelse, "'else' statement", eline);
    }
    set_loc(n.get(), s);
    return n;
  }

  WithItem parse_with_item() {
    WithItem item;
    item.context_expr = parse_expression();
    if (accept(TK::KwAs)) {
      ExprPtr t = parse_star_target();
      if (auto* bad = invalid_target(t.get(), TargetsType::Star)) {
        syntax_error_at(bad->loc, std::string("cannot assign to ") + expr_name(*bad));
      }
      set_context(t.get(), ExprContext::Store);
      item.optional_vars = std::move(t);
    }
    return item;
  }

  // A single star_target (with-item `as` target): `a`, `a.b`, `(a, b)`, `[a, *b]`.
  ExprPtr parse_star_target() {
    size_t s = p_;
    if (at(TK::Star)) {
      ++p_;
      auto st = std::make_unique<Starred>();
      st->value = parse_star_target();
      set_loc(st.get(), s);
      return st;
    }
    return parse_bitwise_or();
  }

  StmtPtr parse_with(size_t s, bool is_async) {
    int line = toks_[s].lineno;
    ++p_;  // 'with'
    auto n = std::make_unique<With>();
    n->is_async = is_async;
    bool done = false;
    if (at(TK::LPar)) {
      // Parenthesised form `with (a as b, c):` -- only if the matching ')' is followed by ':'
      size_t depth = 0, i = p_;
      for (; i < toks_.size(); ++i) {
        TK k = toks_[i].kind;
        if (k == TK::LPar || k == TK::LSqb || k == TK::LBrace) ++depth;
        else if (k == TK::RPar || k == TK::RSqb || k == TK::RBrace) {
          if (--depth == 0) break;
        } else if (k == TK::EndMarker) break;
      }
      if (i + 1 < toks_.size() && toks_[i].kind == TK::RPar && toks_[i + 1].kind == TK::Colon) {
        // Is it a with-items list rather than one parenthesised expression?
        bool has_as_or_comma = false;
        int d = 0;
        for (size_t j = p_ + 1; j < i; ++j) {
          TK k = toks_[j].kind;
          if (k == TK::LPar || k == TK::LSqb || k == TK::LBrace) ++d;
          else if (k == TK::RPar || k == TK::RSqb || k == TK::RBrace) --d;
          else if (d == 0 && (k == TK::KwAs || k == TK::Comma)) has_as_or_comma = true;
        }
        if (has_as_or_comma) {
          ++p_;
          for (;;) {
            n->items.push_back(parse_with_item());
            if (!accept(TK::Comma)) break;
            if (at(TK::RPar)) break;
          }
          expect(TK::RPar);
          done = true;
        }
      }
    }
    if (!done) {
      for (;;) {
        n->items.push_back(parse_with_item());
        if (!accept(TK::Comma)) break;
      }
    }
    expect_colon(false);
    parse_block(n->body, "'with' statement", line);
    set_loc(n.get(), s);
    return n;
  }

  StmtPtr parse_try() {
    size_t s = p_;
    int line = cur().lineno;
    ++p_;
    auto n = std::make_unique<Try>();
    expect_colon(true);
    parse_block(n->body, "'try' statement", line);
    while (at(TK::KwExcept)) {
      size_t hs = p_;
      int hline = cur().lineno;
      ++p_;
      bool star = accept(TK::Star);
      if (!n->handlers.empty() && star != n->is_star) {
        syntax_error_at(loc_of(hs), "cannot have both 'except' and 'except*' on the same 'try'");
      }
      n->is_star = star;
      if (star && (at(TK::Colon) || at(TK::Newline))) syntax_error_here("expected one or more exception types");
      ExceptHandler h;
      if (!at(TK::Colon) && !at(TK::Newline)) {  // a bare `except` then a newline: "expected ':'"
        size_t ts = p_;
        h.type = parse_expression();
        if (at(TK::Comma)) {
          // `except A, B:` -> CPython: "multiple exception types must be parenthesized",
          // marked from the first type to the end of `expressions ['as' NAME]` when a ':'
          // follows (its invalid_except_stmt rule); else plain invalid syntax at the comma.
          size_t comma = p_;
          while (accept(TK::Comma) && !at(TK::Colon) && !at(TK::KwAs)) parse_expression();
          if (accept(TK::KwAs) && at(TK::Name)) ++p_;
          if (at(TK::Colon)) syntax_error_at(loc_of(ts), "multiple exception types must be parenthesized");
          p_ = comma;
          syntax_error_here("invalid syntax");
        }
        if (accept(TK::KwAs)) {
          if (!at(TK::Name)) syntax_error_here("invalid syntax");
          h.name = std::string(cur().text);
          ++p_;
        }
      }
      expect_colon(false);
      parse_block(h.body, star ? "'except*' statement" : "'except' statement", hline);
      h.loc = loc_of(hs);
      n->handlers.push_back(std::move(h));
    }
    if (at(TK::KwElse)) {
      if (n->handlers.empty()) syntax_error_here("invalid syntax");
      int eline = cur().lineno;
      ++p_;
      expect_colon(true);
      parse_block(n->orelse, "'else' statement", eline);
    }
    if (at(TK::KwFinally)) {
      int fline = cur().lineno;
      ++p_;
      expect_colon(true);
      parse_block(n->finalbody, "'finally' statement", fline);
    }
    if (n->handlers.empty() && n->finalbody.empty()) {
      size_t i = p_;
      while (i > 0 && toks_[i].kind != TK::Newline) --i;
      const Token& t = toks_[i];
      raise("SyntaxError", "expected 'except' or 'finally' block", t.lineno, t.col, t.lineno,
            t.col + 1);
    }
    set_loc(n.get(), s);
    return n;
  }

  StmtPtr parse_funcdef(size_t s, bool is_async, ExprList decorators) {
    int line = toks_[s].lineno;
    ++p_;  // 'def'
    auto n = std::make_unique<FunctionDef>();
    n->is_async = is_async;
    n->decorator_list = std::move(decorators);
    if (!at(TK::Name)) syntax_error_here("invalid syntax");
    n->name = std::string(cur().text);
    ++p_;
    if (!at(TK::LPar)) syntax_error_here("expected '('");
    ++p_;
    n->args = parse_parameters(true, TK::RPar);
    expect(TK::RPar);
    if (accept(TK::RArrow)) n->returns = parse_expression();
    expect_colon(true);
    parse_block(n->body, "function definition", line);
    set_loc(n.get(), s);
    return n;
  }

  StmtPtr parse_classdef(ExprList decorators) {
    size_t s = p_;
    int line = cur().lineno;
    ++p_;
    auto n = std::make_unique<ClassDef>();
    n->decorator_list = std::move(decorators);
    if (!at(TK::Name)) syntax_error_here("invalid syntax");
    n->name = std::string(cur().text);
    ++p_;
    if (accept(TK::LPar)) {
      ElemGuard elem_guard(last_elem_start_);  // the bases are parsed as a call's arguments
      if (!at(TK::RPar)) parse_call_args(n->bases, n->keywords, false);
      if (!at(TK::RPar)) comma_or_close_error(TK::RPar);
      ++p_;
    }
    expect_colon(false);
    parse_block(n->body, "class definition", line);
    set_loc(n.get(), s);
    return n;
  }

  // Parameters of def (annotations allowed) or lambda, up to `closer`.
  std::unique_ptr<Arguments> parse_parameters(bool annotations, TK closer) {
    auto a = std::make_unique<Arguments>();
    bool seen_default = false, seen_star = false, seen_slash = false;
    std::vector<Arg> positional;
    while (!at(closer)) {
      size_t s = p_;
      if (at(TK::Slash)) {
        if (seen_slash) syntax_error_here("/ may appear only once");
        if (seen_star) syntax_error_here("/ must be ahead of *");
        if (positional.empty()) syntax_error_here("at least one argument must precede /");
        ++p_;
        seen_slash = true;
        a->posonlyargs = std::move(positional);
        positional.clear();
      } else if (at(TK::Star)) {
        if (seen_star) syntax_error_here("* argument may appear only once");
        ++p_;
        seen_star = true;
        if (at(TK::Comma) || at(closer)) {
          if (at(closer) || peek_tok().kind == TK::DoubleStar) {
            syntax_error_at(loc_of(s), "named arguments must follow bare *");
          }
        } else {
          a->vararg = parse_param(annotations, true);
          if (at(TK::Equal)) syntax_error_here("var-positional argument cannot have default value");
        }
      } else if (at(TK::DoubleStar)) {
        ++p_;
        a->kwarg = parse_param(annotations, false);
        if (at(TK::Equal)) syntax_error_here("var-keyword argument cannot have default value");
        accept(TK::Comma);
        if (!at(closer)) syntax_error_here("arguments cannot follow var-keyword argument");
        break;
      } else if (at(TK::Name)) {
        Arg arg = parse_param(annotations, false);
        ExprPtr def;
        if (accept(TK::Equal)) def = parse_expression();
        if (seen_star) {
          a->kwonlyargs.push_back(std::move(arg));
          a->kw_defaults.push_back(std::move(def));
        } else {
          if (def) {
            seen_default = true;
            a->defaults.push_back(std::move(def));
          } else if (seen_default) {
            syntax_error_at(arg.loc, "non-default argument follows default argument");
          }
          positional.push_back(std::move(arg));
        }
      } else {
        syntax_error_here("invalid syntax");
      }
      if (!accept(TK::Comma)) break;
    }
    a->args = std::move(positional);
    return a;
  }

  Arg parse_param(bool annotations, bool star_annotation) {
    size_t s = p_;
    if (!at(TK::Name)) syntax_error_here("invalid syntax");
    Arg arg;
    arg.arg = std::string(cur().text);
    ++p_;
    if (annotations && accept(TK::Colon)) {
      if (star_annotation && at(TK::Star)) {
        size_t ss = p_;
        ++p_;
        auto st = std::make_unique<Starred>();
        st->value = parse_expression();
        set_loc(st.get(), ss);
        arg.annotation = std::move(st);
      } else {
        arg.annotation = parse_expression();
      }
    }
    arg.loc = loc_of(s);
    return arg;
  }

  // --- expressions -------------------------------------------------------------

  ExprPtr parse_yield_expr() {
    size_t s = p_;
    ++p_;  // yield
    if (accept(TK::KwFrom)) {
      auto n = std::make_unique<YieldFrom>();
      n->value = parse_expression();
      set_loc(n.get(), s);
      return n;
    }
    auto n = std::make_unique<Yield>();
    if (can_start_expression(cur().kind) || at(TK::Star)) n->value = parse_star_expressions();
    set_loc(n.get(), s);
    return n;
  }

  // star_expressions: a, *b, c  (tuple when there is a comma)
  ExprPtr parse_star_expressions() {
    size_t s = p_;
    ExprPtr first = parse_star_expression_or_named(false);
    if (!at(TK::Comma)) return first;
    auto t = std::make_unique<Tuple>();
    t->elts.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (!can_start_expression(cur().kind) && !at(TK::Star)) break;
      t->elts.push_back(parse_star_expression_or_named(false));
    }
    set_loc(t.get(), s);
    return t;
  }

  // '*' bitwise_or | expression (or named_expression when `named`)
  ExprPtr parse_star_expression_or_named(bool named) {
    if (at(TK::Star)) {
      size_t s = p_;
      ++p_;
      auto st = std::make_unique<Starred>();
      st->value = parse_bitwise_or();
      set_loc(st.get(), s);
      return st;
    }
    return named ? parse_named_expression() : parse_expression();
  }

  ExprPtr parse_named_expression(bool check_eq = true) {
    if (at(TK::Name) && peek_tok().kind == TK::ColonEqual) {
      size_t s = p_;
      auto target = std::make_unique<Name>();
      target->id = std::string(cur().text);
      target->ctx = ExprContext::Store;
      ++p_;
      set_loc(target.get(), s);
      ++p_;  // :=
      auto n = std::make_unique<NamedExpr>();
      n->target = std::move(target);
      n->value = parse_expression();
      set_loc(n.get(), s);
      return n;
    }
    size_t s = p_;
    ExprPtr e = parse_expression();
    if (at(TK::ColonEqual)) {
      syntax_error_at(e->loc, std::string("cannot use assignment expressions with ") +
                                  expr_name(*e));
    }
    if (check_eq && at(TK::Equal)) invalid_named_assign(*e, s, p_);
    return e;
  }

  ExprPtr parse_expression() {
    NestingGuard nested(nesting_, kMaxParserNesting, CompileError::too_deep_for_parser);
    if (at(TK::KwLambda)) return parse_lambda();
    size_t s = p_;
    ExprPtr body = parse_disjunction();
    if (at(TK::KwIf)) {
      ++p_;
      ExprPtr test = parse_disjunction();
      if (!accept(TK::KwElse)) {
        if (!at(TK::Colon)) {
          syntax_error_range(body->loc, test->loc, "expected 'else' after 'if' expression");
        }
        syntax_error_here("invalid syntax");
      }
      auto n = std::make_unique<IfExp>();
      n->body = std::move(body);
      n->test = std::move(test);
      n->orelse = parse_expression();
      set_loc(n.get(), s);
      return n;
    }
    return body;
  }

  ExprPtr parse_lambda() {
    NestingGuard nested(nesting_, kMaxParserNesting, CompileError::too_deep_for_parser);
    size_t s = p_;
    ++p_;
    auto n = std::make_unique<Lambda>();
    n->args = parse_parameters(false, TK::Colon);
    expect(TK::Colon);
    n->body = parse_expression();
    set_loc(n.get(), s);
    return n;
  }

  ExprPtr parse_disjunction() {
    size_t s = p_;
    ExprPtr e = parse_conjunction();
    if (!at(TK::KwOr)) return e;
    auto n = std::make_unique<BoolOp>();
    n->op = BoolOpKind::Or;
    n->values.push_back(std::move(e));
    while (accept(TK::KwOr)) n->values.push_back(parse_conjunction());
    set_loc(n.get(), s);
    return n;
  }

  ExprPtr parse_conjunction() {
    size_t s = p_;
    ExprPtr e = parse_inversion();
    if (!at(TK::KwAnd)) return e;
    auto n = std::make_unique<BoolOp>();
    n->op = BoolOpKind::And;
    n->values.push_back(std::move(e));
    while (accept(TK::KwAnd)) n->values.push_back(parse_inversion());
    set_loc(n.get(), s);
    return n;
  }

  ExprPtr parse_inversion() {
    NestingGuard nested(nesting_, kMaxParserNesting, CompileError::too_deep_for_parser);
    if (at(TK::KwNot)) {
      size_t s = p_;
      ++p_;
      auto n = std::make_unique<UnaryOp>();
      n->op = UnaryOpKind::Not;
      n->operand = parse_inversion();
      set_loc(n.get(), s);
      return n;
    }
    return parse_comparison();
  }

  std::optional<CmpOpKind> comparison_op() {
    switch (cur().kind) {
      case TK::EqEqual: ++p_; return CmpOpKind::Eq;
      case TK::NotEqual: ++p_; return CmpOpKind::NotEq;
      case TK::Less: ++p_; return CmpOpKind::Lt;
      case TK::LessEqual: ++p_; return CmpOpKind::LtE;
      case TK::Greater: ++p_; return CmpOpKind::Gt;
      case TK::GreaterEqual: ++p_; return CmpOpKind::GtE;
      case TK::KwIn: ++p_; return CmpOpKind::In;
      case TK::KwIs:
        ++p_;
        if (accept(TK::KwNot)) return CmpOpKind::IsNot;
        return CmpOpKind::Is;
      case TK::KwNot:
        if (peek_tok().kind == TK::KwIn) {
          p_ += 2;
          return CmpOpKind::NotIn;
        }
        return std::nullopt;
      default: return std::nullopt;
    }
  }

  ExprPtr parse_comparison() {
    size_t s = p_;
    ExprPtr e = parse_bitwise_or();
    auto op = comparison_op();
    if (!op) return e;
    auto n = std::make_unique<Compare>();
    n->left = std::move(e);
    while (op) {
      n->ops.push_back(*op);
      n->comparators.push_back(parse_bitwise_or());
      op = comparison_op();
    }
    set_loc(n.get(), s);
    return n;
  }

  ExprPtr make_binop(size_t s, ExprPtr l, BinOpKind op, ExprPtr r) {
    auto n = std::make_unique<BinOp>();
    n->left = std::move(l);
    n->op = op;
    n->right = std::move(r);
    set_loc(n.get(), s);
    return n;
  }

  ExprPtr parse_bitwise_or() {
    size_t s = p_;
    ExprPtr e = parse_bitwise_xor();
    while (accept(TK::VBar)) e = make_binop(s, std::move(e), BinOpKind::BitOr, parse_bitwise_xor());
    return e;
  }
  ExprPtr parse_bitwise_xor() {
    size_t s = p_;
    ExprPtr e = parse_bitwise_and();
    while (accept(TK::CircumFlex)) {
      e = make_binop(s, std::move(e), BinOpKind::BitXor, parse_bitwise_and());
    }
    return e;
  }
  ExprPtr parse_bitwise_and() {
    size_t s = p_;
    ExprPtr e = parse_shift();
    while (accept(TK::Amper)) e = make_binop(s, std::move(e), BinOpKind::BitAnd, parse_shift());
    return e;
  }
  ExprPtr parse_shift() {
    size_t s = p_;
    ExprPtr e = parse_sum();
    for (;;) {
      if (accept(TK::LeftShift)) e = make_binop(s, std::move(e), BinOpKind::LShift, parse_sum());
      else if (accept(TK::RightShift)) e = make_binop(s, std::move(e), BinOpKind::RShift, parse_sum());
      else return e;
    }
  }
  ExprPtr parse_sum() {
    size_t s = p_;
    ExprPtr e = parse_term();
    for (;;) {
      if (accept(TK::Plus)) e = make_binop(s, std::move(e), BinOpKind::Add, parse_term());
      else if (accept(TK::Minus)) e = make_binop(s, std::move(e), BinOpKind::Sub, parse_term());
      else return e;
    }
  }
  ExprPtr parse_term() {
    size_t s = p_;
    ExprPtr e = parse_factor();
    for (;;) {
      BinOpKind op;
      switch (cur().kind) {
        case TK::Star: op = BinOpKind::Mult; break;
        case TK::Slash: op = BinOpKind::Div; break;
        case TK::DoubleSlash: op = BinOpKind::FloorDiv; break;
        case TK::Percent: op = BinOpKind::Mod; break;
        case TK::At: op = BinOpKind::MatMult; break;
        default: return e;
      }
      ++p_;
      e = make_binop(s, std::move(e), op, parse_factor());
    }
  }
  ExprPtr parse_factor() {
    NestingGuard nested(nesting_, kMaxParserNesting, CompileError::too_deep_for_parser);
    UnaryOpKind op;
    switch (cur().kind) {
      case TK::Plus: op = UnaryOpKind::UAdd; break;
      case TK::Minus: op = UnaryOpKind::USub; break;
      case TK::Tilde: op = UnaryOpKind::Invert; break;
      default: return parse_power();
    }
    size_t s = p_;
    ++p_;
    auto n = std::make_unique<UnaryOp>();
    n->op = op;
    n->operand = parse_factor();
    set_loc(n.get(), s);
    return n;
  }
  ExprPtr parse_power() {
    NestingGuard nested(nesting_, kMaxParserNesting, CompileError::too_deep_for_parser);
    size_t s = p_;
    ExprPtr e = parse_await_primary();
    if (accept(TK::DoubleStar)) return make_binop(s, std::move(e), BinOpKind::Pow, parse_factor());
    return e;
  }
  ExprPtr parse_await_primary() {
    if (at(TK::KwAwait)) {
      size_t s = p_;
      ++p_;
      auto n = std::make_unique<Await>();
      n->value = parse_primary();
      set_loc(n.get(), s);
      return n;
    }
    return parse_primary();
  }

  ExprPtr parse_primary() {
    size_t s = p_;
    ExprPtr e = parse_atom();
    for (;;) {
      if (at(TK::Dot)) {
        ++p_;
        if (!at(TK::Name)) syntax_error_here("invalid syntax");
        auto n = std::make_unique<Attribute>();
        n->value = std::move(e);
        n->attr = std::string(cur().text);
        ++p_;
        set_loc(n.get(), s);
        e = std::move(n);
      } else if (at(TK::LPar)) {
        ++p_;
        size_t open = p_ - 1;
        auto n = std::make_unique<Call>();
        n->func = std::move(e);
        {
          ElemGuard elem_guard(last_elem_start_);
          if (!at(TK::RPar)) parse_call_args(n->args, n->keywords, true);
          if (!at(TK::RPar)) comma_or_close_error(TK::RPar);
        }
        ++p_;
        set_loc(n.get(), s);
        // a sole generator argument spans the call's parentheses (as CPython)
        if (n->args.size() == 1 && n->keywords.empty() && n->args[0]->is<GeneratorExp>() &&
            !parenthesized_.count(n->args[0].get())) {
          n->args[0]->loc = loc_of(open);
        }
        e = std::move(n);
      } else if (at(TK::LSqb)) {
        ++p_;
        auto n = std::make_unique<Subscript>();
        n->value = std::move(e);
        n->slice = parse_slices();
        if (!at(TK::RSqb)) comma_or_close_error(TK::RSqb);
        ++p_;
        set_loc(n.get(), s);
        e = std::move(n);
      } else {
        return e;
      }
    }
  }

  // Inside brackets, after an element, neither ',' nor the closer follows.
  [[noreturn]] void comma_or_close_error(TK closer) {
    (void)closer;
    // invalid_expression: "Perhaps you forgot a comma?" when another expression follows
    if (can_start_expression(cur().kind) && cur().level > 0 && p_ > 0) {
      // the previous element: walk back to find its start is hard; use the
      // previous token's expression by re-parsing is costly -- CPython reports
      // the range from the previous expression to the next one.
      size_t save = p_;
      size_t bs = p_;
      bool ok = false;
      Location bl{};
      try {
        ExprPtr b = parse_expression();
        bl = loc_of(bs);
        ok = true;
      } catch (CompileError&) {
      }
      p_ = save;
      if (ok) {
        const Token& prev = toks_[save - 1];
        // NAME STRING (f "x") is not matched by CPython's rule
        bool name_string = prev.kind == TK::Name && toks_[save].kind == TK::String;
        if (!name_string && last_elem_start_ != SIZE_MAX) {
          syntax_error_range(loc_of_range(last_elem_start_, save - 1), bl,
                             "invalid syntax. Perhaps you forgot a comma?");
        }
      }
    }
    syntax_error_here("invalid syntax");
  }
  size_t last_elem_start_ = SIZE_MAX;  // start token of the last list/call element
  struct ElemGuard {  // nested displays must not clobber the outer element start
    size_t& ref;
    size_t saved;
    explicit ElemGuard(size_t& r) : ref(r), saved(r) {}
    ~ElemGuard() { ref = saved; }
  };
  Location loc_of_range(size_t a, size_t b) const {
    return Location{toks_[a].lineno, toks_[a].col, toks_[b].end_lineno, toks_[b].end_col};
  }

  // slices: slice | ','.(slice|starred_expression)+ [','] -> Tuple
  ExprPtr parse_slices() {
    ElemGuard elem_guard(last_elem_start_);
    size_t s = p_;
    last_elem_start_ = p_;
    ExprPtr first = parse_slice();
    if (!at(TK::Comma)) {
      if (!first->is<Starred>()) return first;
      auto t = std::make_unique<Tuple>();  // a[*b] is a[(*b,)]
      t->elts.push_back(std::move(first));
      set_loc(t.get(), s);
      return t;
    }
    auto t = std::make_unique<Tuple>();
    t->elts.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (at(TK::RSqb)) break;
      last_elem_start_ = p_;
      t->elts.push_back(parse_slice());
    }
    set_loc(t.get(), s);
    return t;
  }

  ExprPtr parse_slice() {
    size_t s = p_;
    if (at(TK::Star)) return parse_star_expression_or_named(false);
    ExprPtr lower;
    if (!at(TK::Colon)) {
      lower = parse_named_expression();
      if (!at(TK::Colon)) return lower;
    }
    auto n = std::make_unique<Slice>();
    n->lower = std::move(lower);
    ++p_;  // ':'
    if (!at(TK::Colon) && !at(TK::Comma) && !at(TK::RSqb)) n->upper = parse_expression();
    if (accept(TK::Colon)) {
      if (!at(TK::Comma) && !at(TK::RSqb)) n->step = parse_expression();
    }
    set_loc(n.get(), s);
    return n;
  }

  // Call arguments (or class bases when !is_call), up to but not including ')'.
  void parse_call_args(ExprList& args, std::vector<Keyword>& keywords, bool is_call) {
    bool seen_keyword = false, seen_kwunpack = false;
    size_t count = 0;
    size_t first = p_;
    const char* pending = nullptr;  // CPython reports these at the last token read
    for (;;) {
      size_t s = p_;
      last_elem_start_ = p_;
      ++count;
      if (at(TK::Star)) {
        // starred_expression: '*' expression
        ++p_;
        auto st = std::make_unique<Starred>();
        st->value = parse_expression();
        set_loc(st.get(), s);
        if (seen_kwunpack) {
          syntax_error_at(loc_of_range(first, first),
                          "iterable argument unpacking follows keyword argument unpacking");
        }
        args.push_back(std::move(st));
      } else if (at(TK::DoubleStar)) {
        ++p_;
        Keyword k;
        k.value = parse_expression();
        k.loc = loc_of(s);
        keywords.push_back(std::move(k));
        seen_kwunpack = true;
      } else if (at(TK::Name) && peek_tok().kind == TK::Equal) {
        Keyword k;
        k.arg = std::string(cur().text);
        p_ += 2;
        size_t vs = p_;
        k.value = parse_expression();
        last_elem_start_ = vs;
        k.loc = loc_of(s);
        for (auto& other : keywords) {
          if (other.arg == k.arg) {
            syntax_error_at(k.loc, "keyword argument repeated: " + k.arg);
          }
        }
        keywords.push_back(std::move(k));
        seen_keyword = true;
      } else {
        ExprPtr e = parse_named_expression(false);
        if (at(TK::Equal)) {
          if (e->is<Constant>() && (e->as<Constant>()->value_kind == ConstKind::True ||
                                    e->as<Constant>()->value_kind == ConstKind::False ||
                                    e->as<Constant>()->value_kind == ConstKind::None)) {
            syntax_error_at(e->loc, std::string("cannot assign to ") + expr_name(*e));
          }
          Location l = e->loc;
          // range: expression through the '=' (CPython: a=expression b='=')
          l.end_lineno = cur().end_lineno;
          l.end_col_offset = cur().end_col;
          syntax_error_at(l, "expression cannot contain assignment, perhaps you meant \"==\"?");
        }
        if (at(TK::KwFor) || (at(TK::KwAsync) && peek_tok().kind == TK::KwFor)) {
          auto g = std::make_unique<GeneratorExp>();
          g->elt = std::move(e);
          parse_comprehension_clauses(g->generators);
          set_loc(g.get(), s);
          e = std::move(g);
          if (!is_call) syntax_error_here("invalid syntax");
          if (count > 1 || (at(TK::Comma))) {
            syntax_error_at(e->loc, "Generator expression must be parenthesized");
          }
        }
        if (!pending && seen_kwunpack) {
          pending = "positional argument follows keyword argument unpacking";
        }
        if (!pending && seen_keyword) pending = "positional argument follows keyword argument";
        args.push_back(std::move(e));
      }
      if (!accept(TK::Comma)) break;
      if (at(TK::RPar)) break;
    }
    if (pending) syntax_error_here(pending);
    // a genexp followed by more arguments
    if (args.size() + keywords.size() > 1) {
      for (auto& a : args) {
        if (a->is<GeneratorExp>() && !parenthesized_.count(a.get())) {
          syntax_error_at(a->loc, "Generator expression must be parenthesized");
        }
      }
    }
  }
  void parse_comprehension_clauses(std::vector<Comprehension>& gens) {
    while (at(TK::KwFor) || (at(TK::KwAsync) && peek_tok().kind == TK::KwFor)) {
      Comprehension c;
      if (accept(TK::KwAsync)) c.is_async = true;
      ++p_;  // for
      c.target = parse_for_targets(TargetsType::For);
      ++p_;  // in
      c.iter = parse_disjunction();
      while (at(TK::KwIf)) {
        ++p_;
        c.ifs.push_back(parse_disjunction());
      }
      gens.push_back(std::move(c));
    }
  }

  ExprPtr parse_atom() {
    size_t s = p_;
    const Token& t = cur();
    switch (t.kind) {
      case TK::Name: {
        auto n = std::make_unique<Name>();
        n->id = std::string(t.text);
        ++p_;
        set_loc(n.get(), s);
        return n;
      }
      case TK::KwTrue: case TK::KwFalse: case TK::KwNone: case TK::Ellipsis: {
        auto n = std::make_unique<Constant>();
        n->value_kind = t.kind == TK::KwTrue    ? ConstKind::True
                        : t.kind == TK::KwFalse ? ConstKind::False
                        : t.kind == TK::KwNone  ? ConstKind::None
                                                : ConstKind::Ellipsis;
        ++p_;
        set_loc(n.get(), s);
        return n;
      }
      case TK::Number: return parse_number();
      case TK::String: return parse_strings();
      case TK::LPar: return parse_paren();
      case TK::LSqb: return parse_list();
      case TK::LBrace: return parse_brace();
      default: break;
    }
    syntax_error_here("invalid syntax");
  }

  ExprPtr parse_number() {
    size_t s = p_;
    std::string_view text = cur().text;
    ++p_;
    std::string clean;
    clean.reserve(text.size());
    for (char c : text) {
      if (c != '_') clean += c;
    }
    auto n = std::make_unique<Constant>();
    if (clean.size() > 1 && clean[0] == '0' &&
        (clean[1] == 'x' || clean[1] == 'X' || clean[1] == 'o' || clean[1] == 'O' ||
         clean[1] == 'b' || clean[1] == 'B')) {
      char b = static_cast<char>(clean[1] | 0x20);
      int base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
      n->value_kind = ConstKind::Int;
      n->str = to_decimal(std::string_view(clean).substr(2), base);
    } else if (clean.back() == 'j' || clean.back() == 'J') {
      clean.pop_back();
      n->value_kind = ConstKind::Imag;
      n->f = std::strtod(clean.c_str(), nullptr);
    } else if (clean.find_first_of(".eE") != std::string::npos) {
      n->value_kind = ConstKind::Float;
      n->f = std::strtod(clean.c_str(), nullptr);
    } else {
      n->value_kind = ConstKind::Int;
      n->str = to_decimal(clean, 10);
    }
    set_loc(n.get(), s);
    return n;
  }

  ExprPtr parse_paren() {
    ElemGuard elem_guard(last_elem_start_);
    size_t s = p_;
    ++p_;
    if (at(TK::RPar)) {
      ++p_;
      auto t = std::make_unique<Tuple>();
      set_loc(t.get(), s);
      return t;
    }
    if (at(TK::KwYield)) {
      ExprPtr y = parse_yield_expr();
      if (!at(TK::RPar)) syntax_error_here("invalid syntax");
      ++p_;
      parenthesized_.insert(y.get());
      return y;
    }
    last_elem_start_ = p_;
    ExprPtr first = parse_star_expression_or_named(true);
    if (at(TK::KwFor) || (at(TK::KwAsync) && peek_tok().kind == TK::KwFor)) {
      auto g = std::make_unique<GeneratorExp>();
      g->elt = std::move(first);
      parse_comprehension_clauses(g->generators);
      if (!at(TK::RPar)) comma_or_close_error(TK::RPar);
      ++p_;
      set_loc(g.get(), s);
      parenthesized_.insert(g.get());
      return g;
    }
    if (at(TK::RPar)) {
      ++p_;
      if (first->is<Starred>()) syntax_error_at(first->loc, "cannot use starred expression here");
      parenthesized_.insert(first.get());
      return first;
    }
    if (!at(TK::Comma)) comma_or_close_error(TK::RPar);
    auto t = std::make_unique<Tuple>();
    t->elts.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (at(TK::RPar)) break;
      last_elem_start_ = p_;
      t->elts.push_back(parse_star_expression_or_named(true));
    }
    if (!at(TK::RPar)) comma_or_close_error(TK::RPar);
    ++p_;
    set_loc(t.get(), s);
    parenthesized_.insert(t.get());
    return t;
  }

  ExprPtr parse_list() {
    ElemGuard elem_guard(last_elem_start_);
    size_t s = p_;
    ++p_;
    auto l = std::make_unique<List>();
    if (accept(TK::RSqb)) {
      set_loc(l.get(), s);
      return l;
    }
    last_elem_start_ = p_;
    ExprPtr first = parse_star_expression_or_named(true);
    if (at(TK::KwFor) || (at(TK::KwAsync) && peek_tok().kind == TK::KwFor)) {
      auto c = std::make_unique<ListComp>();
      c->elt = std::move(first);
      parse_comprehension_clauses(c->generators);
      if (!at(TK::RSqb)) comma_or_close_error(TK::RSqb);
      ++p_;
      set_loc(c.get(), s);
      return c;
    }
    l->elts.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (at(TK::RSqb)) break;
      last_elem_start_ = p_;
      l->elts.push_back(parse_star_expression_or_named(true));
    }
    if (!at(TK::RSqb)) comma_or_close_error(TK::RSqb);
    ++p_;
    set_loc(l.get(), s);
    return l;
  }

  ExprPtr parse_brace() {
    ElemGuard elem_guard(last_elem_start_);
    size_t s = p_;
    ++p_;
    if (accept(TK::RBrace)) {
      auto d = std::make_unique<Dict>();
      set_loc(d.get(), s);
      return d;
    }
    last_elem_start_ = p_;
    if (at(TK::DoubleStar) || !at(TK::Star)) {
      // dict (or set starting with a non-starred element)
      ExprPtr key, value;
      if (accept(TK::DoubleStar)) {
        value = parse_bitwise_or();
      } else {
        key = parse_named_expression();
        if (!at(TK::Colon)) return finish_set(s, std::move(key));
        value = parse_dict_value();
        if (at(TK::KwFor) || (at(TK::KwAsync) && peek_tok().kind == TK::KwFor)) {
          auto c = std::make_unique<DictComp>();
          c->key = std::move(key);
          c->value = std::move(value);
          parse_comprehension_clauses(c->generators);
          if (!at(TK::RBrace)) comma_or_close_error(TK::RBrace);
          ++p_;
          set_loc(c.get(), s);
          return c;
        }
      }
      auto d = std::make_unique<Dict>();
      d->keys.push_back(std::move(key));
      d->values.push_back(std::move(value));
      while (accept(TK::Comma)) {
        if (at(TK::RBrace)) break;
        last_elem_start_ = p_;
        if (accept(TK::DoubleStar)) {
          d->keys.push_back(nullptr);
          d->values.push_back(parse_bitwise_or());
        } else {
          d->keys.push_back(parse_expression());
          if (!at(TK::Colon)) {
            // CPython's invalid_kvpair: at the key's last character, with no end.
            const Location& k = d->keys.back()->loc;
            raise("SyntaxError", "':' expected after dictionary key", k.lineno, k.end_col_offset - 1, k.end_lineno, -1);
          }
          d->values.push_back(parse_dict_value());
        }
      }
      if (!at(TK::RBrace)) comma_or_close_error(TK::RBrace);
      ++p_;
      set_loc(d.get(), s);
      return d;
    }
    return finish_set(s, parse_star_expression_or_named(true));
  }

  // `: value` after a dictionary key, with CPython's errors for a starred value and for
  // a missing one (invalid_kvpair, invalid_double_starred_kvpairs).
  ExprPtr parse_dict_value() {
    const Token& colon = cur();
    ++p_;
    if (at(TK::Star)) {
      size_t star = p_;
      ++p_;
      parse_bitwise_or();
      syntax_error_at(loc_of(star), "cannot use a starred expression in a dictionary value");
    }
    if (at(TK::RBrace) || at(TK::Comma))
      raise("SyntaxError", "expression expected after dictionary key and ':'", colon.lineno, colon.col, colon.lineno,
            colon.end_col);
    last_elem_start_ = p_;  // "Perhaps you forgot a comma?" marks from the value, not the key
    return parse_expression();
  }

  ExprPtr finish_set(size_t s, ExprPtr first) {
    if (at(TK::KwFor) || (at(TK::KwAsync) && peek_tok().kind == TK::KwFor)) {
      auto c = std::make_unique<SetComp>();
      c->elt = std::move(first);
      parse_comprehension_clauses(c->generators);
      if (!at(TK::RBrace)) comma_or_close_error(TK::RBrace);
      ++p_;
      set_loc(c.get(), s);
      return c;
    }
    auto st = std::make_unique<Set>();
    st->elts.push_back(std::move(first));
    while (accept(TK::Comma)) {
      if (at(TK::RBrace)) break;
      last_elem_start_ = p_;
      st->elts.push_back(parse_star_expression_or_named(true));
    }
    if (!at(TK::RBrace)) comma_or_close_error(TK::RBrace);
    ++p_;
    set_loc(st.get(), s);
    return st;
  }

  // --- strings -------------------------------------------------------------------

  struct StrPiece {  // one decoded literal token
    bool bytes = false, fstring = false, raw = false;
    std::string_view body;  // between the quotes
    uint32_t body_abs = 0;  // absolute source offset of body[0]
    const Token* tok = nullptr;
  };

  StrPiece split_literal(const Token& t) {
    StrPiece sp;
    sp.tok = &t;
    std::string_view text = t.text;
    size_t i = 0;
    while (text[i] != '"' && text[i] != '\'') {
      char c = static_cast<char>(text[i] | 0x20);
      if (c == 'b') sp.bytes = true;
      else if (c == 'r') sp.raw = true;
      else if (c == 'f') sp.fstring = true;
      ++i;
    }
    char q = text[i];
    size_t qlen = (text.size() - i >= 6 && text[i + 1] == q && text[i + 2] == q) ? 3 : 1;
    sp.body = text.substr(i + qlen, text.size() - i - 2 * qlen);
    sp.body_abs = t.start + static_cast<uint32_t>(i + qlen);
    return sp;
  }

  // Decode escapes of a non-raw literal segment into out (UTF-8 or bytes).
  // \N{NAME} in a str literal: i is just past the 'N'; advances it past the '}'. The
  // errors are CPython's unicodeescape ones, positions counted in the literal's bytes.
  void decode_named_escape(std::string_view body, size_t& i, std::string& out, const Token& t) {
    size_t start = i - 2;  // the backslash
    auto fail = [&](size_t last, const char* what) {
      syntax_error_at(after_strings_loc(t),
                      "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
                          std::to_string(start) + "-" + std::to_string(last) + ": " + what);
    };
    const char* malformed = "malformed \\N character escape";
    if (i >= body.size() || body[i] != '{') fail(i - 1, malformed);
    size_t close = body.find('}', i + 1);
    if (close == std::string_view::npos) fail(body.size() - 1, malformed);
    if (close == i + 1) fail(close - 1, malformed);
    std::u32string chars;
    if (!rt::unicode::lookup_name(body.substr(i + 1, close - i - 1), false, &chars))
      fail(close, "unknown Unicode character name");
    append_utf8(out, chars[0]);
    i = close + 1;
  }

  void decode_escapes(std::string_view body, bool bytes, bool raw, std::string& out,
                      const Token& t) {
    out.reserve(out.size() + body.size());
    size_t n = body.size();
    for (size_t i = 0; i < n;) {
      char c = body[i];
      if (c == '\r') {  // universal newlines
        out += '\n';
        i += (i + 1 < n && body[i + 1] == '\n') ? 2 : 1;
        continue;
      }
      if (bytes && static_cast<unsigned char>(c) >= 0x80) {
        syntax_error_at(after_strings_loc(t),
                        "bytes can only contain ASCII literal characters");
      }
      if (c != '\\' || raw) {
        out += c;
        ++i;
        continue;
      }
      if (i + 1 >= n) {
        out += c;
        ++i;
        continue;
      }
      char e = body[i + 1];
      i += 2;
      switch (e) {
        case '\n': break;
        case '\r': if (i < n && body[i] == '\n') ++i; break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
          uint32_t v = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i < n && body[i] >= '0' && body[i] <= '7'; ++k, ++i) {
            v = v * 8 + static_cast<uint32_t>(body[i] - '0');
          }
          if (bytes) out += static_cast<char>(v & 0xFF);
          else append_utf8(out, v);
          break;
        }
        case 'x': case 'u': case 'U': {
          if (bytes && e != 'x') {
            out += '\\';
            out += e;
            break;
          }
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          uint32_t v = 0;
          for (int k = 0; k < digits; ++k) {
            char h = i + k < n ? body[i + k] : '\0';
            int d = (h >= '0' && h <= '9')   ? h - '0'
                    : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                    : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                             : -1;
            if (d < 0) {
              std::string what = e == 'x' ? "\\xXX" : e == 'u' ? "\\uXXXX" : "\\UXXXXXXXX";
              syntax_error_at(after_strings_loc(t),
                              std::string("(") + (bytes ? "value error) invalid " : "unicode error) 'unicodeescape' codec can't decode bytes in position ") +
                                  (bytes ? "\\x escape at position " + std::to_string(out.size())
                                         : std::to_string(i - 2) + "-" + std::to_string(i + k - 1) +
                                               ": truncated " + what + " escape"));
            }
            v = v * 16 + static_cast<uint32_t>(d);
          }
          i += digits;
          if (bytes) {
            out += static_cast<char>(v);
          } else {
            if (v > 0x10FFFF) {
              syntax_error_at(after_strings_loc(t),
                              "(unicode error) 'unicodeescape' codec can't decode bytes in "
                              "position " + std::to_string(i - digits - 2) + "-" +
                                  std::to_string(i - 1) + ": illegal Unicode character");
            }
            append_utf8(out, v);
          }
          break;
        }
        case 'N':
          if (!bytes) {
            decode_named_escape(body, i, out, t);
            break;
          }
          [[fallthrough]];
        default:
          // invalid escape: kept as is (CPython warns)
          out += '\\';
          out += e;
          break;
      }
    }
  }

  ExprPtr parse_strings() {
    size_t s = p_;
    std::vector<StrPiece> pieces;
    while (at(TK::String)) {
      pieces.push_back(split_literal(cur()));
      ++p_;
    }
    bool any_bytes = false, any_str = false, any_f = false;
    for (auto& pc : pieces) {
      (pc.bytes ? any_bytes : any_str) = true;
      any_f |= pc.fstring;
    }
    Location loc = loc_of(s);
    if (any_bytes && any_str) {
      syntax_error_at(after_strings_loc(toks_[p_ - 1]), "cannot mix bytes and nonbytes literals");
    }
    if (!any_f) {
      auto n = std::make_unique<Constant>();
      n->value_kind = any_bytes ? ConstKind::Bytes : ConstKind::Str;
      for (auto& pc : pieces) decode_escapes(pc.body, pc.bytes, pc.raw, n->str, *pc.tok);
      n->loc = loc;
      return n;
    }
    auto js = std::make_unique<JoinedStr>();
    js->loc = loc;
    std::string literal;
    for (auto& pc : pieces) {
      if (!pc.fstring) {
        decode_escapes(pc.body, false, pc.raw, literal, *pc.tok);
        continue;
      }
      size_t end = parse_fstring_body(pc, 0, pc.body.size(), 0, literal, js->values, loc);
      (void)end;
    }
    flush_literal(literal, js->values, loc);
    return js;
  }

  void flush_literal(std::string& literal, ExprList& values, const Location& loc) {
    if (literal.empty()) return;
    auto c = std::make_unique<Constant>();
    c->value_kind = ConstKind::Str;
    c->str = std::move(literal);
    c->loc = loc;
    literal.clear();
    values.push_back(std::move(c));
  }

  // (line, col) of an absolute source offset.
  std::pair<int, int> abs_pos(uint32_t off) const {
    auto it = std::upper_bound(line_starts_->begin(), line_starts_->end(), off);
    size_t line = static_cast<size_t>(it - line_starts_->begin());  // 1-based
    return {static_cast<int>(line), static_cast<int>(off - (*line_starts_)[line - 1])};
  }

  [[noreturn]] void fstring_error(const StrPiece& pc, std::string msg) {
    Location l = after_strings_loc(*pc.tok);
    raise("SyntaxError", std::move(msg), l.lineno, l.col_offset, l.end_lineno, l.end_col_offset);
  }
  // CPython reports string-decoding errors at the token after the literals.
  Location after_strings_loc(const Token& t) const {
    const Token& c = cur();
    if (c.kind == TK::EndMarker || c.kind == TK::Dedent) {
      return Location{t.lineno, t.col, t.end_lineno, t.end_col};
    }
    return Location{c.lineno, c.col, c.end_lineno, std::max(c.end_col, c.col + 1)};
  }

  // Parses body[i, end) of an f-string piece at nesting `lvl` (0: the string,
  // 1: a format spec). Appends to values/literal; returns where it stopped (at
  // the '}' closing a format spec, or end).
  size_t parse_fstring_body(const StrPiece& pc, size_t i, size_t end, int lvl,
                            std::string& literal, ExprList& values, const Location& loc) {
    std::string_view b = pc.body;
    while (i < end) {
      // literal run
      size_t j = i;
      while (j < end && b[j] != '{' && b[j] != '}') {
        if (b[j] == '\\' && !pc.raw && j + 1 < end) {
          if (b[j + 1] == 'N' && j + 2 < end && b[j + 2] == '{') {
            // \N{NAME}: its braces are not a replacement field (decode_escapes reads it).
            size_t close = b.find('}', j + 3);
            j = close == std::string_view::npos || close >= end ? end : close + 1;
            continue;
          }
          j += 2;
          continue;
        }
        ++j;
      }
      if (j > i) decode_escapes(b.substr(i, j - i), false, pc.raw, literal, *pc.tok);
      i = j;
      if (i >= end) break;
      char ch = b[i];
      if (lvl == 0 && i + 1 < end && b[i + 1] == ch) {
        literal += ch;
        i += 2;
        continue;
      }
      if (ch == '}') {
        if (lvl == 0) fstring_error(pc, "f-string: single '}' is not allowed");
        return i;
      }
      // '{': a replacement field (pending literal text is flushed by it, after
      // the `=` debug text is appended, so the two merge as in CPython)
      i = parse_fstring_field(pc, i + 1, end, lvl, literal, values, loc);
    }
    return i;
  }

  size_t parse_fstring_field(const StrPiece& pc, size_t i, size_t end, int lvl,
                             std::string& literal, ExprList& values, const Location& loc) {
    std::string_view b = pc.body;
    if (lvl >= 2) fstring_error(pc, "f-string: expressions nested too deeply");
    size_t expr_start = i;
    int depth = 0;
    char quote = 0;
    int quote_len = 0;
    char parens[200];
    for (; i < end; ++i) {
      char ch = b[i];
      if (ch == '\\') fstring_error(pc, "f-string expression part cannot include a backslash");
      if (quote) {
        if (ch == quote) {
          if (quote_len == 3) {
            if (i + 2 < end && b[i + 1] == ch && b[i + 2] == ch) {
              i += 2;
              quote = 0;
            }
          } else {
            quote = 0;
          }
        }
        continue;
      }
      if (ch == '\'' || ch == '"') {
        if (i + 2 < end && b[i + 1] == ch && b[i + 2] == ch) {
          quote_len = 3;
          i += 2;
        } else {
          quote_len = 1;
        }
        quote = ch;
        continue;
      }
      if (ch == '[' || ch == '(' || ch == '{') {
        if (depth >= 200) fstring_error(pc, "f-string: too many nested parenthesis");
        parens[depth++] = ch;
        continue;
      }
      if (ch == '#') fstring_error(pc, "f-string expression part cannot include '#'");
      if (depth == 0 && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' ||
                         ch == '<')) {
        if (i + 1 < end && b[i + 1] == '=' && ch != ':' && ch != '}') {
          ++i;  // != == <= >=
          continue;
        }
        if (ch == '>' || ch == '<') continue;
        break;
      }
      if (ch == ']' || ch == ')' || ch == '}') {
        if (depth == 0) fstring_error(pc, std::string("f-string: unmatched '") + ch + "'");
        char open = parens[--depth];
        if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') ||
              (open == '{' && ch == '}'))) {
          fstring_error(pc, std::string("f-string: closing parenthesis '") + ch +
                                "' does not match opening parenthesis '" + open + "'");
        }
      }
    }
    if (quote) fstring_error(pc, "f-string: unterminated string");
    if (depth > 0) fstring_error(pc, "f-string: expecting '}'");
    if (i >= end) fstring_error(pc, "f-string: expecting '}'");
    size_t expr_end = i;
    bool blank = true;
    for (size_t k = expr_start; k < expr_end; ++k) {
      char c = b[k];
      if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) blank = false;
    }
    if (blank) fstring_error(pc, "f-string: empty expression not allowed");
    ExprPtr expr = compile_fstring_expr(pc, expr_start, expr_end);
    auto fv = std::make_unique<FormattedValue>();
    fv->loc = loc;
    bool debug = false;
    if (b[i] == '=') {
      debug = true;
      ++i;
      while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' ||
                         b[i] == '\f')) {
        ++i;
      }
      if (i >= end) fstring_error(pc, "f-string: expecting '}'");
      literal.append(b.substr(expr_start, i - expr_start));
    }
    flush_literal(literal, values, loc);
    if (b[i] == '!') {
      ++i;
      if (i >= end) fstring_error(pc, "f-string: expecting '}'");
      char conv = b[i];
      if (conv != 's' && conv != 'r' && conv != 'a') {
        fstring_error(pc, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
      fv->conversion = conv;
      ++i;
    }
    if (i < end && b[i] == ':') {
      ++i;
      // CPython locates a format spec at its own string token only
      const Token& t = *pc.tok;
      Location sloc{t.lineno, t.col, t.end_lineno, t.end_col};
      auto spec = std::make_unique<JoinedStr>();
      spec->loc = sloc;
      std::string spec_lit;
      i = parse_fstring_body(pc, i, end, lvl + 1, spec_lit, spec->values, sloc);
      flush_literal(spec_lit, spec->values, sloc);
      fv->format_spec = std::move(spec);
    }
    if (i >= end || b[i] != '}') fstring_error(pc, "f-string: expecting '}'");
    ++i;
    if (debug && fv->conversion == -1 && !fv->format_spec) fv->conversion = 'r';
    fv->value = std::move(expr);
    values.push_back(std::move(fv));
    return i;
  }

  ExprPtr compile_fstring_expr(const StrPiece& pc, size_t a, size_t b_end);
};

// Builds the line-start table for abs_pos().
std::vector<size_t> line_starts_of(std::string_view src) {
  std::vector<size_t> v;
  v.push_back(0);
  for (size_t i = 0; i < src.size(); ++i) {
    if (src[i] == '\n') v.push_back(i + 1);
  }
  return v;
}

ExprPtr Parser::compile_fstring_expr(const StrPiece& pc, size_t a, size_t b_end) {
  std::string sub;
  sub.reserve(b_end - a + 2);
  sub += '(';
  sub.append(pc.body.substr(a, b_end - a));
  sub += ')';
  uint32_t abs_start = pc.body_abs + static_cast<uint32_t>(a);
  auto [line0, col0] = abs_pos(abs_start);
  LexResult lex = tokenize(sub, filename_);
  for (auto& t : lex.tokens) {
    if (t.lineno == 1) t.col += col0 - 1;
    if (t.end_lineno == 1) t.end_col += col0 - 1;
    t.lineno += line0 - 1;
    t.end_lineno += line0 - 1;
    t.start = t.start + abs_start - 1;
    t.end = t.end + abs_start - 1;
  }
  if (lex.error) {
    CompileError e = *lex.error;
    if (e.msg.rfind("f-string", 0) != 0) e.msg = "f-string: " + e.msg;
    e.lineno = pc.tok->lineno;
    e.end_lineno = pc.tok->end_lineno;
    e.text = source_line(src_, e.lineno);
    e.col_offset = byte_col_to_char_col(e.text, pc.tok->col);
    e.end_col_offset = e.col_offset + 1;
    if (lex.unclosed_bracket) e.msg = "f-string: expecting '}'";
    throw e;
  }
  Parser sub_parser(src_, filename_, std::move(lex), line_starts_);
  sub_parser.fstring_depth_ = fstring_depth_ + 1;
  return sub_parser.parse_fstring_expression();
}

}  // namespace

std::unique_ptr<Module> parse(std::string_view source, const std::string& filename,
                              ParseMode mode) {
  LexResult lex = tokenize(source, filename);
  std::vector<size_t> line_starts = line_starts_of(source);
  Parser p(source, filename, std::move(lex), &line_starts);
  return p.parse_module(mode);
}

}  // namespace gilpy::compiler
