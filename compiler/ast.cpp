// ast.cpp: names of the AST enums, Constant::as_int64, and ast_dump().
//
// ast_dump format (compact s-expressions, stable for golden tests):
//   node     := "(" Kind field* ")"
//   Name     := (Name id) | (Name id Store) | (Name id Del)      -- Load omitted
//   Constant := (Constant 42) | (Constant 1.5) | (Constant 'text') | (Constant b'raw')
//               | (Constant None) | (Constant True) | (Constant ...)
//   lists    := [a b c]; an absent optional child is "_"
//   operators are CPython's names: (BinOp Add l r), (Compare a [Lt LtE] [b c])
//   contexts are printed only when not Load: (Tuple [..] Store)
#include <charconv>
#include <cstdio>
#include <limits>

#include "compiler/ast.h"

namespace gilpy::compiler {

const char* to_string(ExprContext c) {
  switch (c) {
    case ExprContext::Load: return "Load";
    case ExprContext::Store: return "Store";
    case ExprContext::Del: return "Del";
  }
  return "?";
}

const char* to_string(BoolOpKind k) { return k == BoolOpKind::And ? "And" : "Or"; }

const char* to_string(BinOpKind k) {
  static const char* const kNames[] = {"Add",    "Sub",    "Mult",   "MatMult", "Div",
                                       "Mod",    "Pow",    "LShift", "RShift",  "BitOr",
                                       "BitXor", "BitAnd", "FloorDiv"};
  return kNames[static_cast<int>(k)];
}

const char* op_symbol(BinOpKind k) {
  static const char* const kSyms[] = {"+", "-", "*", "@", "/", "%", "**",
                                      "<<", ">>", "|", "^", "&", "//"};
  return kSyms[static_cast<int>(k)];
}

const char* to_string(UnaryOpKind k) {
  static const char* const kNames[] = {"Invert", "Not", "UAdd", "USub"};
  return kNames[static_cast<int>(k)];
}

const char* to_string(CmpOpKind k) {
  static const char* const kNames[] = {"Eq", "NotEq", "Lt", "LtE", "Gt",
                                       "GtE", "Is", "IsNot", "In", "NotIn"};
  return kNames[static_cast<int>(k)];
}

const char* to_string(ExprKind k) {
  static const char* const kNames[] = {
      "BoolOp",   "NamedExpr", "BinOp",     "UnaryOp",      "Lambda",         "IfExp",
      "Dict",     "Set",       "ListComp",  "SetComp",      "DictComp",       "GeneratorExp",
      "Await",    "Yield",     "YieldFrom", "Compare",      "Call",           "FormattedValue",
      "JoinedStr", "Constant", "Attribute", "Subscript",    "Starred",        "Name",
      "List",     "Tuple",     "Slice"};
  return kNames[static_cast<int>(k)];
}

const char* to_string(StmtKind k) {
  static const char* const kNames[] = {
      "FunctionDef", "ClassDef", "Return", "Delete", "Assign",   "AugAssign", "AnnAssign",
      "For",         "While",    "If",     "With",   "Raise",    "Try",       "Assert",
      "Import",      "ImportFrom", "Global", "Nonlocal", "Expr", "Pass",      "Break",
      "Continue",    "Match"};
  return kNames[static_cast<int>(k)];
}

const char* to_string(PatternKind k) {
  static const char* const kNames[] = {"MatchValue", "MatchSingleton", "MatchSequence",
                                       "MatchMapping", "MatchClass", "MatchStar",
                                       "MatchAs", "MatchOr"};
  return kNames[static_cast<int>(k)];
}

const char* to_string(ConstKind k) {
  static const char* const kNames[] = {"None", "True", "False", "Ellipsis", "Int",
                                       "Float", "Imag", "Str",  "Bytes"};
  return kNames[static_cast<int>(k)];
}

std::optional<int64_t> Constant::as_int64() const {
  if (value_kind != ConstKind::Int) return std::nullopt;
  if (str.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : str) {
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(v);
}

namespace {

// Python's repr(float): shortest round-trip digits, fixed notation for
// 1e-4 <= |x| < 1e16, else d.ddde+XX.
std::string float_repr(double v) {
  if (v != v) return "nan";
  if (v == std::numeric_limits<double>::infinity()) return "inf";
  if (v == -std::numeric_limits<double>::infinity()) return "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, r.ptr);  // [-]d[.ddd]e[+-]XX
  bool neg = s[0] == '-';
  if (neg) s.erase(0, 1);
  size_t e = s.find('e');
  int exp = std::stoi(s.substr(e + 1));
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (s[i] != '.') digits += s[i];
  }
  std::string out;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    } else if (static_cast<size_t>(exp) + 1 >= digits.size()) {
      out = digits + std::string(static_cast<size_t>(exp) + 1 - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, static_cast<size_t>(exp) + 1) + "." +
            digits.substr(static_cast<size_t>(exp) + 1);
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
  }
  return neg ? "-" + out : out;
}

// repr(complex(0, v)): the float repr without a trailing ".0", then 'j' ("1j", "2.5j").
std::string imag_repr(double v) {
  std::string r = float_repr(v);
  if (r.size() > 2 && r.compare(r.size() - 2, 2, ".0") == 0) r.resize(r.size() - 2);
  return r + "j";
}

class Dumper {
 public:
  std::string out;
  bool locations = false;

  void loc(const Location& l) {
    if (!locations) return;
    out += '@';
    out += std::to_string(l.lineno) + ':' + std::to_string(l.col_offset) + '-' +
           std::to_string(l.end_lineno) + ':' + std::to_string(l.end_col_offset);
  }

  void quoted(const std::string& s, bool bytes) {
    if (bytes) out += 'b';
    out += '\'';
    for (unsigned char c : s) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
          if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    out += '\'';
  }

  void open(const char* kind) {
    out += '(';
    out += kind;
  }
  void close() { out += ')'; }
  void sp() { out += ' '; }
  void word(const std::string& w) {
    sp();
    out += w;
  }
  void ctx(ExprContext c) {
    if (c != ExprContext::Load) word(to_string(c));
  }

  void expr(const Expr* e) {
    sp();
    if (!e) {
      out += '_';
      return;
    }
    expr_bare(*e);
  }
  void exprs(const ExprList& l) {
    sp();
    out += '[';
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out += ' ';
      if (l[i]) expr_bare(*l[i]);
      else out += '_';
    }
    out += ']';
  }
  void stmts(const StmtList& l) {
    sp();
    out += '[';
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out += ' ';
      stmt_bare(*l[i]);
    }
    out += ']';
  }
  void arg(const Arg& a) {
    if (a.annotation) {
      out += "(";
      out += a.arg;
      expr(a.annotation.get());
      out += ")";
    } else {
      out += a.arg;
    }
  }
  void args_list(const std::vector<Arg>& l) {
    sp();
    out += '[';
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out += ' ';
      arg(l[i]);
    }
    out += ']';
  }
  void arguments(const Arguments& a) {
    sp();
    open("arguments");
    if (!a.posonlyargs.empty()) {
      word("posonly");
      args_list(a.posonlyargs);
    }
    args_list(a.args);
    if (a.vararg) {
      word("*");
      sp();
      arg(*a.vararg);
    }
    if (!a.kwonlyargs.empty()) {
      word("kwonly");
      args_list(a.kwonlyargs);
      exprs(a.kw_defaults);
    }
    if (a.kwarg) {
      word("**");
      sp();
      arg(*a.kwarg);
    }
    if (!a.defaults.empty()) {
      word("defaults");
      exprs(a.defaults);
    }
    close();
  }
  void keywords(const std::vector<Keyword>& l) {
    sp();
    out += '[';
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out += ' ';
      out += "(keyword ";
      out += l[i].arg.empty() ? "**" : l[i].arg;
      expr(l[i].value.get());
      out += ')';
    }
    out += ']';
  }
  void comprehensions(const std::vector<Comprehension>& l) {
    sp();
    out += '[';
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out += ' ';
      out += l[i].is_async ? "(async-comprehension" : "(comprehension";
      expr(l[i].target.get());
      expr(l[i].iter.get());
      exprs(l[i].ifs);
      out += ')';
    }
    out += ']';
  }

  void expr_bare(const Expr& e) {
    open(to_string(e.kind));
    loc(e.loc);
    switch (e.kind) {
      case ExprKind::BoolOp: {
        auto* n = e.as<BoolOp>();
        word(to_string(n->op));
        exprs(n->values);
        break;
      }
      case ExprKind::NamedExpr: {
        auto* n = e.as<NamedExpr>();
        expr(n->target.get());
        expr(n->value.get());
        break;
      }
      case ExprKind::BinOp: {
        auto* n = e.as<BinOp>();
        word(to_string(n->op));
        expr(n->left.get());
        expr(n->right.get());
        break;
      }
      case ExprKind::UnaryOp: {
        auto* n = e.as<UnaryOp>();
        word(to_string(n->op));
        expr(n->operand.get());
        break;
      }
      case ExprKind::Lambda: {
        auto* n = e.as<Lambda>();
        arguments(*n->args);
        expr(n->body.get());
        break;
      }
      case ExprKind::IfExp: {
        auto* n = e.as<IfExp>();
        expr(n->test.get());
        expr(n->body.get());
        expr(n->orelse.get());
        break;
      }
      case ExprKind::Dict: {
        auto* n = e.as<Dict>();
        exprs(n->keys);
        exprs(n->values);
        break;
      }
      case ExprKind::Set: exprs(e.as<Set>()->elts); break;
      case ExprKind::ListComp: {
        auto* n = e.as<ListComp>();
        expr(n->elt.get());
        comprehensions(n->generators);
        break;
      }
      case ExprKind::SetComp: {
        auto* n = e.as<SetComp>();
        expr(n->elt.get());
        comprehensions(n->generators);
        break;
      }
      case ExprKind::GeneratorExp: {
        auto* n = e.as<GeneratorExp>();
        expr(n->elt.get());
        comprehensions(n->generators);
        break;
      }
      case ExprKind::DictComp: {
        auto* n = e.as<DictComp>();
        expr(n->key.get());
        expr(n->value.get());
        comprehensions(n->generators);
        break;
      }
      case ExprKind::Await: expr(e.as<Await>()->value.get()); break;
      case ExprKind::Yield: expr(e.as<Yield>()->value.get()); break;
      case ExprKind::YieldFrom: expr(e.as<YieldFrom>()->value.get()); break;
      case ExprKind::Compare: {
        auto* n = e.as<Compare>();
        expr(n->left.get());
        sp();
        out += '[';
        for (size_t i = 0; i < n->ops.size(); ++i) {
          if (i) out += ' ';
          out += to_string(n->ops[i]);
        }
        out += ']';
        exprs(n->comparators);
        break;
      }
      case ExprKind::Call: {
        auto* n = e.as<Call>();
        expr(n->func.get());
        exprs(n->args);
        keywords(n->keywords);
        break;
      }
      case ExprKind::FormattedValue: {
        auto* n = e.as<FormattedValue>();
        expr(n->value.get());
        if (n->conversion >= 0) {
          sp();
          out += '!';
          out += static_cast<char>(n->conversion);
        }
        if (n->format_spec) expr(n->format_spec.get());
        break;
      }
      case ExprKind::JoinedStr: exprs(e.as<JoinedStr>()->values); break;
      case ExprKind::Constant: {
        auto* n = e.as<Constant>();
        sp();
        switch (n->value_kind) {
          case ConstKind::None: out += "None"; break;
          case ConstKind::True: out += "True"; break;
          case ConstKind::False: out += "False"; break;
          case ConstKind::Ellipsis: out += "..."; break;
          case ConstKind::Int: out += n->str; break;
          case ConstKind::Float: out += float_repr(n->f); break;
          case ConstKind::Imag: out += imag_repr(n->f); break;
          case ConstKind::Str: quoted(n->str, false); break;
          case ConstKind::Bytes: quoted(n->str, true); break;
        }
        break;
      }
      case ExprKind::Attribute: {
        auto* n = e.as<Attribute>();
        expr(n->value.get());
        word(n->attr);
        ctx(n->ctx);
        break;
      }
      case ExprKind::Subscript: {
        auto* n = e.as<Subscript>();
        expr(n->value.get());
        expr(n->slice.get());
        ctx(n->ctx);
        break;
      }
      case ExprKind::Starred: {
        auto* n = e.as<Starred>();
        expr(n->value.get());
        ctx(n->ctx);
        break;
      }
      case ExprKind::Name: {
        auto* n = e.as<Name>();
        word(n->id);
        ctx(n->ctx);
        break;
      }
      case ExprKind::List: {
        auto* n = e.as<List>();
        exprs(n->elts);
        ctx(n->ctx);
        break;
      }
      case ExprKind::Tuple: {
        auto* n = e.as<Tuple>();
        exprs(n->elts);
        ctx(n->ctx);
        break;
      }
      case ExprKind::Slice: {
        auto* n = e.as<Slice>();
        expr(n->lower.get());
        expr(n->upper.get());
        expr(n->step.get());
        break;
      }
    }
    close();
  }

  void stmt_bare(const Stmt& s) {
    open(to_string(s.kind));
    loc(s.loc);
    switch (s.kind) {
      case StmtKind::FunctionDef: {
        auto* n = s.as<FunctionDef>();
        if (n->is_async) word("async");
        word(n->name);
        arguments(*n->args);
        stmts(n->body);
        if (!n->decorator_list.empty()) {
          word("decorators");
          exprs(n->decorator_list);
        }
        if (n->returns) {
          word("returns");
          expr(n->returns.get());
        }
        break;
      }
      case StmtKind::ClassDef: {
        auto* n = s.as<ClassDef>();
        word(n->name);
        exprs(n->bases);
        keywords(n->keywords);
        stmts(n->body);
        if (!n->decorator_list.empty()) {
          word("decorators");
          exprs(n->decorator_list);
        }
        break;
      }
      case StmtKind::Return: expr(s.as<Return>()->value.get()); break;
      case StmtKind::Delete: exprs(s.as<Delete>()->targets); break;
      case StmtKind::Assign: {
        auto* n = s.as<Assign>();
        exprs(n->targets);
        expr(n->value.get());
        break;
      }
      case StmtKind::AugAssign: {
        auto* n = s.as<AugAssign>();
        expr(n->target.get());
        word(to_string(n->op));
        expr(n->value.get());
        break;
      }
      case StmtKind::AnnAssign: {
        auto* n = s.as<AnnAssign>();
        expr(n->target.get());
        expr(n->annotation.get());
        expr(n->value.get());
        word(n->simple ? "simple" : "complex");
        break;
      }
      case StmtKind::For: {
        auto* n = s.as<For>();
        if (n->is_async) word("async");
        expr(n->target.get());
        expr(n->iter.get());
        stmts(n->body);
        stmts(n->orelse);
        break;
      }
      case StmtKind::While: {
        auto* n = s.as<While>();
        expr(n->test.get());
        stmts(n->body);
        stmts(n->orelse);
        break;
      }
      case StmtKind::If: {
        auto* n = s.as<If>();
        expr(n->test.get());
        stmts(n->body);
        stmts(n->orelse);
        break;
      }
      case StmtKind::With: {
        auto* n = s.as<With>();
        if (n->is_async) word("async");
        sp();
        out += '[';
        for (size_t i = 0; i < n->items.size(); ++i) {
          if (i) out += ' ';
          out += "(withitem";
          expr(n->items[i].context_expr.get());
          expr(n->items[i].optional_vars.get());
          out += ')';
        }
        out += ']';
        stmts(n->body);
        break;
      }
      case StmtKind::Raise: {
        auto* n = s.as<Raise>();
        expr(n->exc.get());
        expr(n->cause.get());
        break;
      }
      case StmtKind::Try: {
        auto* n = s.as<Try>();
        if (n->is_star) word("star");
        stmts(n->body);
        sp();
        out += '[';
        for (size_t i = 0; i < n->handlers.size(); ++i) {
          if (i) out += ' ';
          const ExceptHandler& h = n->handlers[i];
          out += "(except";
          expr(h.type.get());
          word(h.name.empty() ? "_" : h.name);
          stmts(h.body);
          out += ')';
        }
        out += ']';
        stmts(n->orelse);
        stmts(n->finalbody);
        break;
      }
      case StmtKind::Assert: {
        auto* n = s.as<Assert>();
        expr(n->test.get());
        expr(n->msg.get());
        break;
      }
      case StmtKind::Import:
      case StmtKind::ImportFrom: {
        const std::vector<Alias>* names;
        if (s.kind == StmtKind::Import) {
          names = &s.as<Import>()->names;
        } else {
          auto* n = s.as<ImportFrom>();
          word(std::string(static_cast<size_t>(n->level), '.') + n->module);
          names = &n->names;
        }
        sp();
        out += '[';
        for (size_t i = 0; i < names->size(); ++i) {
          if (i) out += ' ';
          out += (*names)[i].name;
          if (!(*names)[i].asname.empty()) {
            out += " as ";
            out += (*names)[i].asname;
          }
        }
        out += ']';
        break;
      }
      case StmtKind::Global:
      case StmtKind::Nonlocal: {
        const auto& names =
            s.kind == StmtKind::Global ? s.as<Global>()->names : s.as<Nonlocal>()->names;
        for (auto& nm : names) word(nm);
        break;
      }
      case StmtKind::ExprStmt: expr(s.as<ExprStmt>()->value.get()); break;
      case StmtKind::Pass:
      case StmtKind::Break:
      case StmtKind::Continue: break;
      case StmtKind::Match: {
        auto* n = s.as<Match>();
        expr(n->subject.get());
        sp();
        out += '[';
        for (size_t i = 0; i < n->cases.size(); ++i) {
          if (i) out += ' ';
          out += "(match_case";
          pattern(n->cases[i].pattern.get());
          expr(n->cases[i].guard.get());
          stmts(n->cases[i].body);
          out += ')';
        }
        out += ']';
        break;
      }
    }
    close();
  }

  void pattern(const Pattern* p) {
    sp();
    if (!p) {
      out += '_';
      return;
    }
    pattern_bare(*p);
  }
  void patterns(const PatternList& l) {
    sp();
    out += '[';
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) out += ' ';
      pattern_bare(*l[i]);
    }
    out += ']';
  }
  void name_or_blank(const std::string& name) { word(name.empty() ? "_" : name); }

  void pattern_bare(const Pattern& p) {
    open(to_string(p.kind));
    loc(p.loc);
    switch (p.kind) {
      case PatternKind::MatchValue: expr(p.as<MatchValue>()->value.get()); break;
      case PatternKind::MatchSingleton: word(to_string(p.as<MatchSingleton>()->value)); break;
      case PatternKind::MatchSequence: patterns(p.as<MatchSequence>()->patterns); break;
      case PatternKind::MatchMapping: {
        auto* n = p.as<MatchMapping>();
        exprs(n->keys);
        patterns(n->patterns);
        if (!n->rest.empty()) word("**" + n->rest);
        break;
      }
      case PatternKind::MatchClass: {
        auto* n = p.as<MatchClass>();
        expr(n->cls.get());
        patterns(n->patterns);
        sp();
        out += '[';
        for (size_t i = 0; i < n->kwd_attrs.size(); ++i) {
          if (i) out += ' ';
          out += n->kwd_attrs[i];
        }
        out += ']';
        patterns(n->kwd_patterns);
        break;
      }
      case PatternKind::MatchStar: name_or_blank(p.as<MatchStar>()->name); break;
      case PatternKind::MatchAs:
        pattern(p.as<MatchAs>()->pattern.get());
        name_or_blank(p.as<MatchAs>()->name);
        break;
      case PatternKind::MatchOr: patterns(p.as<MatchOr>()->patterns); break;
    }
    close();
  }
};

}  // namespace

std::string ast_dump(const Module& m, bool locations) {
  Dumper d;
  d.locations = locations;
  if (m.mode == ParseMode::Eval) {
    d.open("Expression");
    d.expr(m.expr.get());
    d.close();
    return d.out;
  }
  d.open(m.mode == ParseMode::Single ? "Interactive" : "Module");
  for (auto& s : m.body) {
    d.sp();
    d.stmt_bare(*s);
  }
  d.close();
  return d.out;
}

std::string ast_dump(const Stmt& s, bool locations) {
  Dumper d;
  d.locations = locations;
  d.stmt_bare(s);
  return d.out;
}

std::string ast_dump(const Expr& e, bool locations) {
  Dumper d;
  d.locations = locations;
  d.expr_bare(e);
  return d.out;
}

std::string ast_dump(const Pattern& p, bool locations) {
  Dumper d;
  d.locations = locations;
  d.pattern_bare(p);
  return d.out;
}

// ---- freeing left-nested chains ---------------------------------------------------------
// a+a+...+a, x.y.y...y, f()()...() and x[0][0]...[0] are built by loops in the parser, so
// their depth has no bound there: unique_ptr's recursive destruction would overflow the
// C++ stack at 100,000 levels. Each node heading such a chain unlinks the next link before
// it is freed, so the chain goes link by link; other children are shallow (their nesting
// is bounded by the parser's NestingGuard).

namespace {

// The child through which chains of these nodes nest to the left, or null.
ExprPtr* chain_link(Expr* e) {
  switch (e->kind) {
    case ExprKind::BinOp: return &e->as<BinOp>()->left;
    case ExprKind::Call: return &e->as<Call>()->func;
    case ExprKind::Attribute: return &e->as<Attribute>()->value;
    case ExprKind::Subscript: return &e->as<Subscript>()->value;
    default: return nullptr;
  }
}

void free_chain(ExprPtr& link) {
  ExprPtr next = std::move(link);
  while (next) {
    ExprPtr* after = chain_link(next.get());
    ExprPtr rest = after ? std::move(*after) : nullptr;
    next = std::move(rest);  // frees the previous link, whose own link is already detached
  }
}

}  // namespace

BinOp::~BinOp() { free_chain(left); }
Call::~Call() { free_chain(func); }
Attribute::~Attribute() { free_chain(value); }
Subscript::~Subscript() { free_chain(value); }

}  // namespace gilpy::compiler
