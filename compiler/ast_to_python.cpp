// compiler/ast_to_python.cpp: gilpy's syntax tree (ast.h) as the tree of Python objects
// that CPython's ast.parse returns (compile() with PyCF_ONLY_AST). The node classes are
// those of the frozen `_ast` module (stdlib/python/_ast.py); this file only walks the tree
// and fills each node's fields, in CPython's field order, and its location.
//
// Where ast.h folds CPython's variants into flags (AsyncFunctionDef, AsyncFor, AsyncWith,
// TryStar, the `Expr` statement), the node made here is CPython's.
#include "compiler/ast_to_python.h"

#include <algorithm>
#include <string>

#include "compiler/compile_error.h"
#include "compiler/parser.h"
#include "runtime/bytes.h"
#include "runtime/fiber.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/interpreter.h"

namespace gilpy::compiler {

namespace {

using rt::Ref;
using rt::Value;

// Walks the tree by recursion, as far as the compiler does (kMaxCompilerNesting), and not
// into the last quarter of the thread's stack (at most 256 KiB; a sanitizer build's frames
// are larger): a deeper program is CPython's RecursionError, thrown as a CompileError.
class Converter {
 public:
  explicit Converter(rt::Dict* classes) : classes_(classes) {
    char* low = nullptr;
    size_t size = 0;
    rt::thread_stack_bounds(&low, &size);
    char* limit = rt::ThreadState::current()->stack_limit;
    floor_ = limit ? limit : low ? low + std::min<size_t>(size / 4, 256 << 10) : nullptr;
  }

  Ref module(const Module& m) {
    switch (m.mode) {
      case ParseMode::Eval: {
        Ref node = make("Expression");
        if (!node || !set(node, "body", expr(m.expr.get()))) return nullptr;
        return node;
      }
      case ParseMode::Single: {
        Ref node = make("Interactive");
        if (!node || !set(node, "body", stmts(m.body))) return nullptr;
        return node;
      }
      case ParseMode::Exec: break;
    }
    Ref node = make("Module");
    if (!node || !set(node, "body", stmts(m.body)) || !set(node, "type_ignores", rt::list_new(0).into_ref()))
      return nullptr;
    return node;
  }

 private:
  rt::Dict* classes_;
  int depth_ = 0;
  char* floor_;  // the lowest stack address the walk may reach (null: unknown)

  // One more level of the walk, or the RecursionError.
  struct Level {
    NestingGuard nested;
    explicit Level(Converter* c) : nested(c->depth_, kMaxCompilerNesting, CompileError::too_deep_for_ast) {
      if (c->floor_ && static_cast<char*>(__builtin_frame_address(0)) < c->floor_) throw CompileError::too_deep_for_ast();
    }
  };

  // A new node of the class `name`, with no fields set.
  Ref make(const char* name) {
    if (rt::error_pending()) return nullptr;  // a sibling failed: convert nothing more
    Value cls = rt::dict_get_cstr(classes_, name);
    if (cls.is_null()) return rt::raisef(&rt::SystemErrorType, "_ast has no class %s", name);
    return rt::call(cls, nullptr, 0);
  }

  // Sets node.field = value (consuming value); false when either failed.
  bool set(const Ref& node, const char* field, Ref value) {
    return node && value && rt::setattr(node.get(), field, value.get()) >= 0;
  }

  bool located(const Ref& node, const Location& loc) {
    return set(node, "lineno", rt::make_int(loc.lineno)) && set(node, "col_offset", rt::make_int(loc.col_offset)) &&
           set(node, "end_lineno", rt::make_int(loc.end_lineno)) &&
           set(node, "end_col_offset", rt::make_int(loc.end_col_offset));
  }

  static Ref text(const std::string& s) { return rt::str_from_utf8(s).into_ref(); }
  static Ref optional_text(const std::string& s) { return s.empty() ? Ref::none() : text(s); }
  static Ref flag(bool b) { return rt::make_int(b ? 1 : 0); }

  template <class Items, class Fn>
  Ref list_of(const Items& items, Fn convert) {
    rt::Own<rt::List> list = rt::list_new(0);
    for (const auto& item : items) {
      Ref v = convert(item);
      if (!v || !rt::list_append(list.get(), v.get())) return nullptr;
    }
    return list.into_ref();
  }

  Ref stmts(const StmtList& body) {
    return list_of(body, [&](const StmtPtr& s) { return stmt(*s); });
  }
  Ref exprs(const ExprList& items) {
    return list_of(items, [&](const ExprPtr& e) { return expr(e.get()); });
  }
  Ref names(const std::vector<std::string>& items) {
    return list_of(items, [&](const std::string& s) { return text(s); });
  }
  Ref patterns(const PatternList& items) {
    return list_of(items, [&](const PatternPtr& p) { return pattern(*p); });
  }

  Ref constant_value(ConstKind kind, const Constant* c) {
    switch (kind) {
      case ConstKind::None: return Ref::none();
      case ConstKind::True: return Ref::boolean(true);
      case ConstKind::False: return Ref::boolean(false);
      case ConstKind::Ellipsis: return Ref::borrow(rt::ellipsis());
      case ConstKind::Int: {
        auto small = c->as_int64();
        return small ? rt::make_int(*small) : rt::int_from_string(c->str, 10);
      }
      case ConstKind::Float: return rt::make_float(c->f);
      case ConstKind::Imag: return rt::make_complex(0.0, c->f);
      case ConstKind::Str: return text(c->str);
      case ConstKind::Bytes: return rt::bytes_new(c->str).into_ref();
    }
    return Ref::none();
  }

  Ref arg(const Arg& a) {
    Ref node = make("arg");
    if (!set(node, "arg", text(a.arg)) || !set(node, "annotation", expr(a.annotation.get())) ||
        !set(node, "type_comment", Ref::none()) || !located(node, a.loc))
      return nullptr;
    return node;
  }
  Ref optional_arg(const std::optional<Arg>& a) { return a ? arg(*a) : Ref::none(); }

  Ref arguments(const Arguments& a) {
    Ref node = make("arguments");
    auto args = [&](const std::vector<Arg>& v) { return list_of(v, [&](const Arg& x) { return arg(x); }); };
    if (!set(node, "posonlyargs", args(a.posonlyargs)) || !set(node, "args", args(a.args)) ||
        !set(node, "vararg", optional_arg(a.vararg)) || !set(node, "kwonlyargs", args(a.kwonlyargs)) ||
        !set(node, "kw_defaults", exprs(a.kw_defaults)) || !set(node, "kwarg", optional_arg(a.kwarg)) ||
        !set(node, "defaults", exprs(a.defaults)))
      return nullptr;
    return node;
  }

  Ref keywords(const std::vector<Keyword>& items) {
    return list_of(items, [&](const Keyword& k) -> Ref {
      Ref node = make("keyword");
      if (!set(node, "arg", optional_text(k.arg)) || !set(node, "value", expr(k.value.get())) || !located(node, k.loc))
        return nullptr;
      return node;
    });
  }

  Ref comprehensions(const std::vector<Comprehension>& items) {
    return list_of(items, [&](const Comprehension& c) -> Ref {
      Ref node = make("comprehension");
      if (!set(node, "target", expr(c.target.get())) || !set(node, "iter", expr(c.iter.get())) ||
          !set(node, "ifs", exprs(c.ifs)) || !set(node, "is_async", flag(c.is_async)))
        return nullptr;
      return node;
    });
  }

  Ref aliases(const std::vector<Alias>& items) {
    return list_of(items, [&](const Alias& a) -> Ref {
      Ref node = make("alias");
      if (!set(node, "name", text(a.name)) || !set(node, "asname", optional_text(a.asname)) || !located(node, a.loc))
        return nullptr;
      return node;
    });
  }

  // An expression node; None for an absent optional one.
  Ref expr(const Expr* e) {
    if (!e) return Ref::none();
    Level level(this);
    Ref node;
    bool ok = true;
    auto field = [&](const char* name, Ref value) { ok = ok && set(node, name, std::move(value)); };
    switch (e->kind) {
      case ExprKind::BoolOp: {
        auto* n = e->as<BoolOp>();
        node = make("BoolOp");
        field("op", make(to_string(n->op)));
        field("values", exprs(n->values));
        break;
      }
      case ExprKind::NamedExpr: {
        auto* n = e->as<NamedExpr>();
        node = make("NamedExpr");
        field("target", expr(n->target.get()));
        field("value", expr(n->value.get()));
        break;
      }
      case ExprKind::BinOp: {
        auto* n = e->as<BinOp>();
        node = make("BinOp");
        field("left", expr(n->left.get()));
        field("op", make(to_string(n->op)));
        field("right", expr(n->right.get()));
        break;
      }
      case ExprKind::UnaryOp: {
        auto* n = e->as<UnaryOp>();
        node = make("UnaryOp");
        field("op", make(to_string(n->op)));
        field("operand", expr(n->operand.get()));
        break;
      }
      case ExprKind::Lambda: {
        auto* n = e->as<Lambda>();
        node = make("Lambda");
        field("args", arguments(*n->args));
        field("body", expr(n->body.get()));
        break;
      }
      case ExprKind::IfExp: {
        auto* n = e->as<IfExp>();
        node = make("IfExp");
        field("test", expr(n->test.get()));
        field("body", expr(n->body.get()));
        field("orelse", expr(n->orelse.get()));
        break;
      }
      case ExprKind::Dict: {
        auto* n = e->as<Dict>();
        node = make("Dict");
        field("keys", exprs(n->keys));
        field("values", exprs(n->values));
        break;
      }
      case ExprKind::Set:
        node = make("Set");
        field("elts", exprs(e->as<Set>()->elts));
        break;
      case ExprKind::ListComp: {
        auto* n = e->as<ListComp>();
        node = make("ListComp");
        field("elt", expr(n->elt.get()));
        field("generators", comprehensions(n->generators));
        break;
      }
      case ExprKind::SetComp: {
        auto* n = e->as<SetComp>();
        node = make("SetComp");
        field("elt", expr(n->elt.get()));
        field("generators", comprehensions(n->generators));
        break;
      }
      case ExprKind::DictComp: {
        auto* n = e->as<DictComp>();
        node = make("DictComp");
        field("key", expr(n->key.get()));
        field("value", expr(n->value.get()));
        field("generators", comprehensions(n->generators));
        break;
      }
      case ExprKind::GeneratorExp: {
        auto* n = e->as<GeneratorExp>();
        node = make("GeneratorExp");
        field("elt", expr(n->elt.get()));
        field("generators", comprehensions(n->generators));
        break;
      }
      case ExprKind::Await:
        node = make("Await");
        field("value", expr(e->as<Await>()->value.get()));
        break;
      case ExprKind::Yield:
        node = make("Yield");
        field("value", expr(e->as<Yield>()->value.get()));
        break;
      case ExprKind::YieldFrom:
        node = make("YieldFrom");
        field("value", expr(e->as<YieldFrom>()->value.get()));
        break;
      case ExprKind::Compare: {
        auto* n = e->as<Compare>();
        node = make("Compare");
        field("left", expr(n->left.get()));
        field("ops", list_of(n->ops, [&](CmpOpKind op) { return make(to_string(op)); }));
        field("comparators", exprs(n->comparators));
        break;
      }
      case ExprKind::Call: {
        auto* n = e->as<Call>();
        node = make("Call");
        field("func", expr(n->func.get()));
        field("args", exprs(n->args));
        field("keywords", keywords(n->keywords));
        break;
      }
      case ExprKind::FormattedValue: {
        auto* n = e->as<FormattedValue>();
        node = make("FormattedValue");
        field("value", expr(n->value.get()));
        field("conversion", rt::make_int(n->conversion));
        field("format_spec", expr(n->format_spec.get()));
        break;
      }
      case ExprKind::JoinedStr:
        node = make("JoinedStr");
        field("values", exprs(e->as<JoinedStr>()->values));
        break;
      case ExprKind::Constant: {
        auto* n = e->as<Constant>();
        node = make("Constant");
        field("value", constant_value(n->value_kind, n));
        field("kind", Ref::none());
        break;
      }
      case ExprKind::Attribute: {
        auto* n = e->as<Attribute>();
        node = make("Attribute");
        field("value", expr(n->value.get()));
        field("attr", text(n->attr));
        field("ctx", make(to_string(n->ctx)));
        break;
      }
      case ExprKind::Subscript: {
        auto* n = e->as<Subscript>();
        node = make("Subscript");
        field("value", expr(n->value.get()));
        field("slice", expr(n->slice.get()));
        field("ctx", make(to_string(n->ctx)));
        break;
      }
      case ExprKind::Starred: {
        auto* n = e->as<Starred>();
        node = make("Starred");
        field("value", expr(n->value.get()));
        field("ctx", make(to_string(n->ctx)));
        break;
      }
      case ExprKind::Name: {
        auto* n = e->as<Name>();
        node = make("Name");
        field("id", text(n->id));
        field("ctx", make(to_string(n->ctx)));
        break;
      }
      case ExprKind::List: {
        auto* n = e->as<List>();
        node = make("List");
        field("elts", exprs(n->elts));
        field("ctx", make(to_string(n->ctx)));
        break;
      }
      case ExprKind::Tuple: {
        auto* n = e->as<Tuple>();
        node = make("Tuple");
        field("elts", exprs(n->elts));
        field("ctx", make(to_string(n->ctx)));
        break;
      }
      case ExprKind::Slice: {
        auto* n = e->as<Slice>();
        node = make("Slice");
        field("lower", expr(n->lower.get()));
        field("upper", expr(n->upper.get()));
        field("step", expr(n->step.get()));
        break;
      }
    }
    if (!ok || !located(node, e->loc)) return nullptr;
    return node;
  }

  Ref handlers(const std::vector<ExceptHandler>& items) {
    return list_of(items, [&](const ExceptHandler& h) -> Ref {
      Ref node = make("ExceptHandler");
      if (!set(node, "type", expr(h.type.get())) || !set(node, "name", optional_text(h.name)) ||
          !set(node, "body", stmts(h.body)) || !located(node, h.loc))
        return nullptr;
      return node;
    });
  }

  Ref stmt(const Stmt& s) {
    Level level(this);
    Ref node;
    bool ok = true;
    auto field = [&](const char* name, Ref value) { ok = ok && set(node, name, std::move(value)); };
    switch (s.kind) {
      case StmtKind::FunctionDef: {
        auto* n = s.as<FunctionDef>();
        node = make(n->is_async ? "AsyncFunctionDef" : "FunctionDef");
        field("name", text(n->name));
        field("args", arguments(*n->args));
        field("body", stmts(n->body));
        field("decorator_list", exprs(n->decorator_list));
        field("returns", expr(n->returns.get()));
        field("type_comment", Ref::none());
        break;
      }
      case StmtKind::ClassDef: {
        auto* n = s.as<ClassDef>();
        node = make("ClassDef");
        field("name", text(n->name));
        field("bases", exprs(n->bases));
        field("keywords", keywords(n->keywords));
        field("body", stmts(n->body));
        field("decorator_list", exprs(n->decorator_list));
        break;
      }
      case StmtKind::Return:
        node = make("Return");
        field("value", expr(s.as<Return>()->value.get()));
        break;
      case StmtKind::Delete:
        node = make("Delete");
        field("targets", exprs(s.as<Delete>()->targets));
        break;
      case StmtKind::Assign: {
        auto* n = s.as<Assign>();
        node = make("Assign");
        field("targets", exprs(n->targets));
        field("value", expr(n->value.get()));
        field("type_comment", Ref::none());
        break;
      }
      case StmtKind::AugAssign: {
        auto* n = s.as<AugAssign>();
        node = make("AugAssign");
        field("target", expr(n->target.get()));
        field("op", make(to_string(n->op)));
        field("value", expr(n->value.get()));
        break;
      }
      case StmtKind::AnnAssign: {
        auto* n = s.as<AnnAssign>();
        node = make("AnnAssign");
        field("target", expr(n->target.get()));
        field("annotation", expr(n->annotation.get()));
        field("value", expr(n->value.get()));
        field("simple", flag(n->simple));
        break;
      }
      case StmtKind::For: {
        auto* n = s.as<For>();
        node = make(n->is_async ? "AsyncFor" : "For");
        field("target", expr(n->target.get()));
        field("iter", expr(n->iter.get()));
        field("body", stmts(n->body));
        field("orelse", stmts(n->orelse));
        field("type_comment", Ref::none());
        break;
      }
      case StmtKind::While: {
        auto* n = s.as<While>();
        node = make("While");
        field("test", expr(n->test.get()));
        field("body", stmts(n->body));
        field("orelse", stmts(n->orelse));
        break;
      }
      case StmtKind::If: {
        auto* n = s.as<If>();
        node = make("If");
        field("test", expr(n->test.get()));
        field("body", stmts(n->body));
        field("orelse", stmts(n->orelse));
        break;
      }
      case StmtKind::With: {
        auto* n = s.as<With>();
        node = make(n->is_async ? "AsyncWith" : "With");
        field("items", list_of(n->items, [&](const WithItem& item) -> Ref {
                Ref w = make("withitem");
                if (!set(w, "context_expr", expr(item.context_expr.get())) ||
                    !set(w, "optional_vars", expr(item.optional_vars.get())))
                  return nullptr;
                return w;
              }));
        field("body", stmts(n->body));
        field("type_comment", Ref::none());
        break;
      }
      case StmtKind::Raise: {
        auto* n = s.as<Raise>();
        node = make("Raise");
        field("exc", expr(n->exc.get()));
        field("cause", expr(n->cause.get()));
        break;
      }
      case StmtKind::Try: {
        auto* n = s.as<Try>();
        node = make(n->is_star ? "TryStar" : "Try");
        field("body", stmts(n->body));
        field("handlers", handlers(n->handlers));
        field("orelse", stmts(n->orelse));
        field("finalbody", stmts(n->finalbody));
        break;
      }
      case StmtKind::Assert: {
        auto* n = s.as<Assert>();
        node = make("Assert");
        field("test", expr(n->test.get()));
        field("msg", expr(n->msg.get()));
        break;
      }
      case StmtKind::Import:
        node = make("Import");
        field("names", aliases(s.as<Import>()->names));
        break;
      case StmtKind::ImportFrom: {
        auto* n = s.as<ImportFrom>();
        node = make("ImportFrom");
        field("module", optional_text(n->module));
        field("names", aliases(n->names));
        field("level", rt::make_int(n->level));
        break;
      }
      case StmtKind::Global:
        node = make("Global");
        field("names", names(s.as<Global>()->names));
        break;
      case StmtKind::Nonlocal:
        node = make("Nonlocal");
        field("names", names(s.as<Nonlocal>()->names));
        break;
      case StmtKind::ExprStmt:
        node = make("Expr");
        field("value", expr(s.as<ExprStmt>()->value.get()));
        break;
      case StmtKind::Pass: node = make("Pass"); break;
      case StmtKind::Break: node = make("Break"); break;
      case StmtKind::Continue: node = make("Continue"); break;
      case StmtKind::Match: {
        auto* n = s.as<Match>();
        node = make("Match");
        field("subject", expr(n->subject.get()));
        field("cases", list_of(n->cases, [&](const MatchCase& c) -> Ref {
                Ref mc = make("match_case");
                if (!set(mc, "pattern", pattern(*c.pattern)) || !set(mc, "guard", expr(c.guard.get())) ||
                    !set(mc, "body", stmts(c.body)))
                  return nullptr;
                return mc;
              }));
        break;
      }
    }
    if (!ok || !located(node, s.loc)) return nullptr;
    return node;
  }

  Ref pattern(const Pattern& p) {
    Level level(this);
    Ref node;
    bool ok = true;
    auto field = [&](const char* name, Ref value) { ok = ok && set(node, name, std::move(value)); };
    switch (p.kind) {
      case PatternKind::MatchValue:
        node = make("MatchValue");
        field("value", expr(p.as<MatchValue>()->value.get()));
        break;
      case PatternKind::MatchSingleton:
        node = make("MatchSingleton");
        field("value", constant_value(p.as<MatchSingleton>()->value, nullptr));
        break;
      case PatternKind::MatchSequence:
        node = make("MatchSequence");
        field("patterns", patterns(p.as<MatchSequence>()->patterns));
        break;
      case PatternKind::MatchMapping: {
        auto* n = p.as<MatchMapping>();
        node = make("MatchMapping");
        field("keys", exprs(n->keys));
        field("patterns", patterns(n->patterns));
        field("rest", optional_text(n->rest));
        break;
      }
      case PatternKind::MatchClass: {
        auto* n = p.as<MatchClass>();
        node = make("MatchClass");
        field("cls", expr(n->cls.get()));
        field("patterns", patterns(n->patterns));
        field("kwd_attrs", names(n->kwd_attrs));
        field("kwd_patterns", patterns(n->kwd_patterns));
        break;
      }
      case PatternKind::MatchStar:
        node = make("MatchStar");
        field("name", optional_text(p.as<MatchStar>()->name));
        break;
      case PatternKind::MatchAs: {
        auto* n = p.as<MatchAs>();
        node = make("MatchAs");
        field("pattern", n->pattern ? pattern(*n->pattern) : Ref::none());
        field("name", optional_text(n->name));
        break;
      }
      case PatternKind::MatchOr:
        node = make("MatchOr");
        field("patterns", patterns(p.as<MatchOr>()->patterns));
        break;
    }
    if (!ok || !located(node, p.loc)) return nullptr;
    return node;
  }
};

}  // namespace

Ref parse_to_python_ast(std::string_view source, std::string_view filename, int mode, rt::Dict* node_classes) {
  ParseMode parse_mode = mode == 1 ? ParseMode::Eval : mode == 2 ? ParseMode::Single : ParseMode::Exec;
  try {
    std::unique_ptr<Module> tree = parse(source, std::string(filename), parse_mode);
    return Converter(node_classes).module(*tree);
  } catch (const CompileError& e) {
    raise_compile_error(e);
    return nullptr;
  }
}

}  // namespace gilpy::compiler
