// symtable.cpp: a port of CPython 3.11's Python/symtable.c (see symtable.h).
//
// Pass 1 (Builder) walks the AST, creates a Scope per block and records what
// each block does with each name (symflag::*). Pass 2 (analyze_block) resolves
// every name to a SymbolScope exactly as CPython's analyze_block /
// analyze_name / analyze_cells / update_symbols do. Pass 3 (Checker) raises the
// errors CPython's compiler (not symtable) raises: return/yield/await outside
// function, break/continue outside loop, break/continue/return leaving an except*
// body, misplaced starred expressions.
#include "compiler/symtable.h"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "compiler/compile_error.h"
#include "compiler/lexer.h"

namespace gilpy::compiler {

using namespace symflag;

const char* to_string(SymbolScope s) {
  switch (s) {
    case SymbolScope::Unresolved: return "Unresolved";
    case SymbolScope::Local: return "Local";
    case SymbolScope::GlobalExplicit: return "GlobalExplicit";
    case SymbolScope::GlobalImplicit: return "GlobalImplicit";
    case SymbolScope::Free: return "Free";
    case SymbolScope::Cell: return "Cell";
  }
  return "?";
}

std::string mangle(std::string_view private_name, std::string_view name) {
  if (private_name.empty() || name.size() < 2 || name[0] != '_' || name[1] != '_') {
    return std::string(name);
  }
  if (name.size() >= 4 && name[name.size() - 1] == '_' && name[name.size() - 2] == '_') {
    return std::string(name);
  }
  if (name.find('.') != std::string_view::npos) return std::string(name);
  size_t i = 0;
  while (i < private_name.size() && private_name[i] == '_') ++i;
  if (i == private_name.size()) return std::string(name);
  std::string out = "_";
  out.append(private_name.substr(i));
  out.append(name);
  return out;
}

const Symbol* Scope::lookup(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &symbols[it->second];
}

SymbolScope Scope::scope_of(std::string_view name) const {
  if (const Symbol* s = lookup(name)) return s->scope;
  return SymbolScope::GlobalImplicit;
}

Symbol& Scope::add_symbol_(const std::string& name) {
  auto it = index_.find(name);
  if (it != index_.end()) return symbols[it->second];
  index_.emplace(name, symbols.size());
  symbols.push_back(Symbol{name, 0, SymbolScope::Unresolved});
  return symbols.back();
}

const Scope* SymbolTable::lookup(const void* node) const {
  auto it = by_node_.find(node);
  return it == by_node_.end() ? nullptr : it->second;
}

namespace {

using NameSet = std::set<std::string>;

// Per-scope builder state (CPython ste_* fields that are not in Scope).
struct BuildState {
  int comp_iter_expr = 0;
  bool comp_iter_target = false;
  std::vector<std::string> params;  // ste_varnames
};

class Builder {
 public:
  Builder(SymbolTable& st, const std::string& filename, std::string_view source,
          bool future_annotations)
      : st_(st), filename_(filename), source_(source), future_annotations_(future_annotations) {}

  [[noreturn]] void error(const std::string& msg, const Location& l) {
    std::string text = source_.empty() ? std::string() : source_line(source_, l.lineno);
    int c = byte_col_to_char_col(text, l.col_offset);
    int ec = l.end_lineno == l.lineno ? byte_col_to_char_col(text, l.end_col_offset)
                                      : l.end_col_offset;
    if (l.end_lineno == l.lineno && ec <= c) ec = c + 1;
    throw CompileError("SyntaxError", msg, filename_, l.lineno, c, l.end_lineno, ec,
                       std::move(text));
  }

  void build(const Module& m) {
    enter("top", ScopeType::Module, &m, Location{1, 0, 1, 0});
    if (m.mode == ParseMode::Eval) {
      visit_expr(m.expr.get());
    } else {
      for (auto& s : m.body) visit_stmt(*s);
    }
    exit();
  }

  Scope* top() { return top_; }
  std::vector<BuildState>& states() { return states_; }

 private:
  SymbolTable& st_;
  const std::string& filename_;
  std::string_view source_;
  bool future_annotations_;
  Scope* cur_ = nullptr;
  Scope* top_ = nullptr;
  int nesting_ = 0;  // expressions being visited (NestingGuard)
  std::vector<Scope*> stack_;
  std::vector<BuildState> states_;  // parallel to st_.scopes_
  std::vector<size_t> state_stack_;
  std::string private_;

  BuildState& cs() { return states_[state_stack_.back()]; }
  void enter(const std::string& name, ScopeType type, const void* node, const Location& loc) {
    auto sc = std::make_unique<Scope>();
    sc->type = type;
    sc->name = name;
    sc->node = node;
    sc->loc = loc;
    sc->parent = cur_;
    sc->private_name = private_;
    if (cur_ && (cur_->is_nested || cur_->type == ScopeType::Function)) sc->is_nested = true;
    Scope* raw = sc.get();
    BuildState bs;
    if (cur_) bs.comp_iter_expr = cs().comp_iter_expr;
    st_.scopes_.push_back(std::move(sc));
    states_.push_back(bs);
    st_.by_node_[node] = raw;
    if (cur_) cur_->children.push_back(raw);
    if (!top_) top_ = raw;
    stack_.push_back(raw);
    state_stack_.push_back(states_.size() - 1);
    cur_ = raw;
  }

  void exit() {
    stack_.pop_back();
    state_stack_.pop_back();
    cur_ = stack_.empty() ? nullptr : stack_.back();
  }

  uint32_t lookup_flags(const std::string& name) {
    const Symbol* s = cur_->lookup(mangle(private_, name));
    return s ? s->flags : 0;
  }

  void add_def(const std::string& name, uint32_t flag, const Location& loc) {
    add_def_helper(name, flag, cur_, cs(), loc);
  }

  void add_def_helper(const std::string& name, uint32_t flag, Scope* ste, BuildState& bs,
                      const Location& loc) {
    std::string mangled = mangle(private_, name);
    Symbol& sym = ste->add_symbol_(mangled);
    uint32_t val = sym.flags;
    if ((flag & kDefParam) && (val & kDefParam)) {
      error("duplicate argument '" + name + "' in function definition", loc);
    }
    val |= flag;
    if (bs.comp_iter_target) {
      if (val & (kDefGlobal | kDefNonlocal)) {
        error("comprehension inner loop cannot rebind assignment expression target '" + name +
                  "'",
              loc);
      }
      val |= kDefCompIter;
    }
    sym.flags = val;
    if (flag & kDefParam) {
      bs.params.push_back(mangled);
    } else if (flag & kDefGlobal) {
      Symbol& g = top_->add_symbol_(mangled);
      g.flags |= flag;
    }
  }

  void visit_exprs(const ExprList& l) {
    for (auto& e : l) {
      if (e) visit_expr(e.get());
    }
  }
  void visit_stmts(const StmtList& l) {
    for (auto& s : l) visit_stmt(*s);
  }

  void visit_annotation(const Expr* e) {
    if (!e || future_annotations_) return;
    visit_expr(e);
  }

  void visit_arg_annotations(const Arguments& a, const Expr* returns) {
    for (auto& x : a.posonlyargs) visit_annotation(x.annotation.get());
    for (auto& x : a.args) visit_annotation(x.annotation.get());
    if (a.vararg) visit_annotation(a.vararg->annotation.get());
    if (a.kwarg) visit_annotation(a.kwarg->annotation.get());
    for (auto& x : a.kwonlyargs) visit_annotation(x.annotation.get());
    visit_annotation(returns);
  }

  void visit_params(const Arguments& a) {
    for (auto& x : a.posonlyargs) add_def(x.arg, kDefParam, x.loc);
    for (auto& x : a.args) add_def(x.arg, kDefParam, x.loc);
    for (auto& x : a.kwonlyargs) add_def(x.arg, kDefParam, x.loc);
    if (a.vararg) {
      add_def(a.vararg->arg, kDefParam, a.vararg->loc);
      cur_->has_varargs = true;
    }
    if (a.kwarg) {
      add_def(a.kwarg->arg, kDefParam, a.kwarg->loc);
      cur_->has_varkw = true;
    }
    cur_->argcount = static_cast<int>(a.posonlyargs.size() + a.args.size());
    cur_->posonlyargcount = static_cast<int>(a.posonlyargs.size());
    cur_->kwonlyargcount = static_cast<int>(a.kwonlyargs.size());
  }

  void visit_stmt(const Stmt& s) {
    switch (s.kind) {
      case StmtKind::FunctionDef: {
        auto* n = s.as<FunctionDef>();
        add_def(n->name, kDefLocal, s.loc);
        visit_exprs(n->args->defaults);
        visit_exprs(n->args->kw_defaults);
        visit_arg_annotations(*n->args, n->returns.get());
        visit_exprs(n->decorator_list);
        enter(n->name, ScopeType::Function, n, s.loc);
        if (n->is_async) cur_->is_coroutine = true;
        visit_params(*n->args);
        visit_stmts(n->body);
        exit();
        break;
      }
      case StmtKind::ClassDef: {
        auto* n = s.as<ClassDef>();
        add_def(n->name, kDefLocal, s.loc);
        visit_exprs(n->bases);
        for (auto& k : n->keywords) visit_expr(k.value.get());
        visit_exprs(n->decorator_list);
        enter(n->name, ScopeType::Class, n, s.loc);
        std::string saved = private_;
        private_ = n->name;
        cur_->private_name = n->name;
        visit_stmts(n->body);
        private_ = saved;
        exit();
        break;
      }
      case StmtKind::Return: {
        auto* n = s.as<Return>();
        if (n->value) {
          visit_expr(n->value.get());
          cur_->returns_value = true;
        }
        break;
      }
      case StmtKind::Delete: visit_exprs(s.as<Delete>()->targets); break;
      case StmtKind::Assign: {
        auto* n = s.as<Assign>();
        visit_exprs(n->targets);
        visit_expr(n->value.get());
        break;
      }
      case StmtKind::AnnAssign: {
        auto* n = s.as<AnnAssign>();
        if (n->target->is<Name>()) {
          const std::string& id = n->target->as<Name>()->id;
          uint32_t cur = lookup_flags(id);
          if ((cur & (kDefGlobal | kDefNonlocal)) && cur_ != top_ && n->simple) {
            error(std::string("annotated name '") + id + "' can't be " +
                      ((cur & kDefGlobal) ? "global" : "nonlocal"),
                  s.loc);
          }
          if (n->simple) {
            add_def(id, kDefAnnot | kDefLocal, n->target->loc);
          } else if (n->value) {
            add_def(id, kDefLocal, n->target->loc);
          }
        } else {
          visit_expr(n->target.get());
        }
        visit_annotation(n->annotation.get());
        if (n->value) visit_expr(n->value.get());
        break;
      }
      case StmtKind::AugAssign: {
        auto* n = s.as<AugAssign>();
        visit_expr(n->target.get());
        visit_expr(n->value.get());
        break;
      }
      case StmtKind::For: {
        auto* n = s.as<For>();
        if (n->is_async) cur_->is_coroutine = true;  // at module level: top-level await
        visit_expr(n->target.get());
        visit_expr(n->iter.get());
        visit_stmts(n->body);
        visit_stmts(n->orelse);
        break;
      }
      case StmtKind::While: {
        auto* n = s.as<While>();
        visit_expr(n->test.get());
        visit_stmts(n->body);
        visit_stmts(n->orelse);
        break;
      }
      case StmtKind::If: {
        auto* n = s.as<If>();
        visit_expr(n->test.get());
        visit_stmts(n->body);
        visit_stmts(n->orelse);
        break;
      }
      case StmtKind::Raise: {
        auto* n = s.as<Raise>();
        if (n->exc) {
          visit_expr(n->exc.get());
          if (n->cause) visit_expr(n->cause.get());
        }
        break;
      }
      case StmtKind::Try: {
        auto* n = s.as<Try>();
        visit_stmts(n->body);
        visit_stmts(n->orelse);
        for (auto& h : n->handlers) {
          if (h.type) visit_expr(h.type.get());
          if (!h.name.empty()) add_def(h.name, kDefLocal, h.loc);
          visit_stmts(h.body);
        }
        visit_stmts(n->finalbody);
        break;
      }
      case StmtKind::Assert: {
        auto* n = s.as<Assert>();
        visit_expr(n->test.get());
        if (n->msg) visit_expr(n->msg.get());
        break;
      }
      case StmtKind::Import:
        for (auto& a : s.as<Import>()->names) visit_alias(a);
        break;
      case StmtKind::ImportFrom:
        for (auto& a : s.as<ImportFrom>()->names) visit_alias(a);
        break;
      case StmtKind::Global:
      case StmtKind::Nonlocal: {
        bool global = s.kind == StmtKind::Global;
        const auto& names = global ? s.as<Global>()->names : s.as<Nonlocal>()->names;
        const char* kw = global ? "global" : "nonlocal";
        for (auto& name : names) {
          uint32_t cur = lookup_flags(name);
          if (cur & (kDefParam | kDefLocal | kUse | kDefAnnot)) {
            std::string msg;
            if (cur & kDefParam) msg = "name '" + name + "' is parameter and " + kw;
            else if (cur & kUse) msg = "name '" + name + "' is used prior to " + kw + " declaration";
            else if (cur & kDefAnnot) msg = "annotated name '" + name + "' can't be " + kw;
            else msg = "name '" + name + "' is assigned to before " + kw + " declaration";
            error(msg, s.loc);
          }
          add_def(name, global ? kDefGlobal : kDefNonlocal, s.loc);
          directive_locs_[cur_].emplace(mangle(private_, name), s.loc);  // first one wins
        }
        break;
      }
      case StmtKind::ExprStmt: visit_expr(s.as<ExprStmt>()->value.get()); break;
      case StmtKind::Pass:
      case StmtKind::Break:
      case StmtKind::Continue: break;
      case StmtKind::With: {
        auto* n = s.as<With>();
        if (n->is_async) cur_->is_coroutine = true;  // at module level: top-level await
        for (auto& item : n->items) {
          visit_expr(item.context_expr.get());
          if (item.optional_vars) visit_expr(item.optional_vars.get());
        }
        visit_stmts(n->body);
        break;
      }
      case StmtKind::Match: {
        auto* n = s.as<Match>();
        visit_expr(n->subject.get());
        for (auto& c : n->cases) {
          visit_pattern(*c.pattern);
          if (c.guard) visit_expr(c.guard.get());
          visit_stmts(c.body);
        }
        break;
      }
    }
  }

  // The names a pattern captures are assignments; its values and classes are uses.
  void visit_pattern(const Pattern& p) {
    switch (p.kind) {
      case PatternKind::MatchValue: visit_expr(p.as<MatchValue>()->value.get()); break;
      case PatternKind::MatchSingleton: break;
      case PatternKind::MatchSequence:
        for (auto& sub : p.as<MatchSequence>()->patterns) visit_pattern(*sub);
        break;
      case PatternKind::MatchStar:
        if (!p.as<MatchStar>()->name.empty()) add_def(p.as<MatchStar>()->name, kDefLocal, p.loc);
        break;
      case PatternKind::MatchMapping: {
        auto* n = p.as<MatchMapping>();
        visit_exprs(n->keys);
        for (auto& sub : n->patterns) visit_pattern(*sub);
        if (!n->rest.empty()) add_def(n->rest, kDefLocal, p.loc);
        break;
      }
      case PatternKind::MatchClass: {
        auto* n = p.as<MatchClass>();
        visit_expr(n->cls.get());
        for (auto& sub : n->patterns) visit_pattern(*sub);
        for (auto& sub : n->kwd_patterns) visit_pattern(*sub);
        break;
      }
      case PatternKind::MatchAs: {
        auto* n = p.as<MatchAs>();
        if (n->pattern) visit_pattern(*n->pattern);
        if (!n->name.empty()) add_def(n->name, kDefLocal, p.loc);
        break;
      }
      case PatternKind::MatchOr:
        for (auto& sub : p.as<MatchOr>()->patterns) visit_pattern(*sub);
        break;
    }
  }

  void visit_alias(const Alias& a) {
    const std::string& name = a.asname.empty() ? a.name : a.asname;
    if (name == "*") {
      if (cur_->type != ScopeType::Module) error("import * only allowed at module level", a.loc);
      return;
    }
    size_t dot = name.find('.');
    add_def(dot == std::string::npos ? name : name.substr(0, dot), kDefImport, a.loc);
  }

  void raise_if_comprehension_yield(const Expr& e) {
    const char* msg = nullptr;
    switch (cur_->comprehension) {
      case ComprehensionKind::List: msg = "'yield' inside list comprehension"; break;
      case ComprehensionKind::Set: msg = "'yield' inside set comprehension"; break;
      case ComprehensionKind::Dict: msg = "'yield' inside dict comprehension"; break;
      case ComprehensionKind::Generator: msg = "'yield' inside generator expression"; break;
      case ComprehensionKind::None: return;
    }
    error(msg, e.loc);
  }

  void extend_namedexpr_scope(const Expr& target) {
    const std::string& name = target.as<Name>()->id;
    for (size_t i = stack_.size(); i-- > 0;) {
      Scope* ste = stack_[i];
      BuildState& bs = states_[state_stack_[i]];
      if (ste->comprehension != ComprehensionKind::None) {
        const Symbol* sym = ste->lookup(mangle(private_, name));
        if (sym && (sym->flags & kDefCompIter)) {
          error("assignment expression cannot rebind comprehension iteration variable '" + name +
                    "'",
                target.loc);
        }
        continue;
      }
      if (ste->type == ScopeType::Function) {
        const Symbol* sym = ste->lookup(mangle(private_, name));
        if (sym && (sym->flags & kDefGlobal)) add_def(name, kDefGlobal, target.loc);
        else add_def(name, kDefNonlocal, target.loc);
        directive_locs_[cur_].emplace(mangle(private_, name), target.loc);
        add_def_helper(name, kDefLocal, ste, bs, target.loc);
        return;
      }
      if (ste->type == ScopeType::Module) {
        add_def(name, kDefGlobal, target.loc);
        directive_locs_[cur_].emplace(mangle(private_, name), target.loc);
        add_def_helper(name, kDefGlobal, ste, bs, target.loc);
        return;
      }
      if (ste->type == ScopeType::Class) {
        error("assignment expression within a comprehension cannot be used in a class body",
              target.loc);
      }
    }
  }

  void handle_comprehension(const Expr& e, const char* scope_name, ComprehensionKind kind,
                            const std::vector<Comprehension>& gens, const Expr* elt,
                            const Expr* value) {
    bool is_generator = kind == ComprehensionKind::Generator;
    const Comprehension& outermost = gens[0];
    cs().comp_iter_expr++;
    visit_expr(outermost.iter.get());
    cs().comp_iter_expr--;
    enter(scope_name, ScopeType::Function, &e, e.loc);
    cur_->comprehension = kind;
    if (outermost.is_async) cur_->is_coroutine = true;
    add_def(".0", kDefParam, e.loc);
    cur_->argcount = 1;
    cs().comp_iter_target = true;
    visit_expr(outermost.target.get());
    cs().comp_iter_target = false;
    visit_exprs(outermost.ifs);
    for (size_t i = 1; i < gens.size(); ++i) {
      const Comprehension& c = gens[i];
      cs().comp_iter_target = true;
      visit_expr(c.target.get());
      cs().comp_iter_target = false;
      cs().comp_iter_expr++;
      visit_expr(c.iter.get());
      cs().comp_iter_expr--;
      visit_exprs(c.ifs);
      if (c.is_async) cur_->is_coroutine = true;
    }
    if (value) visit_expr(value);
    visit_expr(elt);
    if (is_generator) cur_->is_generator = true;
    bool is_async = cur_->is_coroutine && !is_generator;
    exit();
    if (is_async) cur_->is_coroutine = true;
  }

  void visit_expr(const Expr* ep) {
    NestingGuard nested(nesting_, kMaxCompilerNesting, CompileError::too_deep_for_compiler);
    const Expr& e = *ep;
    switch (e.kind) {
      case ExprKind::NamedExpr: {
        auto* n = e.as<NamedExpr>();
        if (cs().comp_iter_expr > 0) {
          error("assignment expression cannot be used in a comprehension iterable expression",
                e.loc);
        }
        if (cur_->comprehension != ComprehensionKind::None) extend_namedexpr_scope(*n->target);
        visit_expr(n->value.get());
        visit_expr(n->target.get());
        break;
      }
      case ExprKind::BoolOp: visit_exprs(e.as<BoolOp>()->values); break;
      case ExprKind::BinOp:
        visit_expr(e.as<BinOp>()->left.get());
        visit_expr(e.as<BinOp>()->right.get());
        break;
      case ExprKind::UnaryOp: visit_expr(e.as<UnaryOp>()->operand.get()); break;
      case ExprKind::Lambda: {
        auto* n = e.as<Lambda>();
        visit_exprs(n->args->defaults);
        visit_exprs(n->args->kw_defaults);
        enter("lambda", ScopeType::Function, n, e.loc);
        cur_->is_lambda = true;
        visit_params(*n->args);
        visit_expr(n->body.get());
        exit();
        break;
      }
      case ExprKind::IfExp: {
        auto* n = e.as<IfExp>();
        visit_expr(n->test.get());
        visit_expr(n->body.get());
        visit_expr(n->orelse.get());
        break;
      }
      case ExprKind::Dict: {
        auto* n = e.as<Dict>();
        visit_exprs(n->keys);  // all keys, then all values (CPython's order)
        visit_exprs(n->values);
        break;
      }
      case ExprKind::Set: visit_exprs(e.as<Set>()->elts); break;
      case ExprKind::GeneratorExp: {
        auto* n = e.as<GeneratorExp>();
        handle_comprehension(e, "genexpr", ComprehensionKind::Generator, n->generators,
                             n->elt.get(), nullptr);
        break;
      }
      case ExprKind::ListComp: {
        auto* n = e.as<ListComp>();
        handle_comprehension(e, "listcomp", ComprehensionKind::List, n->generators,
                             n->elt.get(), nullptr);
        break;
      }
      case ExprKind::SetComp: {
        auto* n = e.as<SetComp>();
        handle_comprehension(e, "setcomp", ComprehensionKind::Set, n->generators, n->elt.get(),
                             nullptr);
        break;
      }
      case ExprKind::DictComp: {
        auto* n = e.as<DictComp>();
        handle_comprehension(e, "dictcomp", ComprehensionKind::Dict, n->generators,
                             n->key.get(), n->value.get());
        break;
      }
      case ExprKind::Yield:
      case ExprKind::YieldFrom: {
        const Expr* v = e.is<Yield>() ? e.as<Yield>()->value.get() : e.as<YieldFrom>()->value.get();
        if (v) visit_expr(v);
        cur_->is_generator = true;
        if (cur_->comprehension != ComprehensionKind::None) raise_if_comprehension_yield(e);
        break;
      }
      case ExprKind::Await:
        visit_expr(e.as<Await>()->value.get());
        cur_->is_coroutine = true;
        break;
      case ExprKind::Compare:
        visit_expr(e.as<Compare>()->left.get());
        visit_exprs(e.as<Compare>()->comparators);
        break;
      case ExprKind::Call: {
        auto* n = e.as<Call>();
        visit_expr(n->func.get());
        visit_exprs(n->args);
        for (auto& k : n->keywords) visit_expr(k.value.get());
        break;
      }
      case ExprKind::FormattedValue: {
        auto* n = e.as<FormattedValue>();
        visit_expr(n->value.get());
        if (n->format_spec) visit_expr(n->format_spec.get());
        break;
      }
      case ExprKind::JoinedStr: visit_exprs(e.as<JoinedStr>()->values); break;
      case ExprKind::Constant: break;
      case ExprKind::Attribute: visit_expr(e.as<Attribute>()->value.get()); break;
      case ExprKind::Subscript:
        visit_expr(e.as<Subscript>()->value.get());
        visit_expr(e.as<Subscript>()->slice.get());
        break;
      case ExprKind::Starred: visit_expr(e.as<Starred>()->value.get()); break;
      case ExprKind::Slice: {
        auto* n = e.as<Slice>();
        if (n->lower) visit_expr(n->lower.get());
        if (n->upper) visit_expr(n->upper.get());
        if (n->step) visit_expr(n->step.get());
        break;
      }
      case ExprKind::Name: {
        auto* n = e.as<Name>();
        add_def(n->id, n->ctx == ExprContext::Load ? kUse : kDefLocal, e.loc);
        if (n->ctx == ExprContext::Load && cur_->type == ScopeType::Function && n->id == "super") {
          add_def("__class__", kUse, e.loc);
        }
        break;
      }
      case ExprKind::List: visit_exprs(e.as<List>()->elts); break;
      case ExprKind::Tuple: visit_exprs(e.as<Tuple>()->elts); break;
    }
  }

 public:
  // where the first global/nonlocal statement (or walrus) for a name in a
  // scope was, for analysis-time errors (CPython's ste_directives)
  std::unordered_map<const Scope*, std::unordered_map<std::string, Location>> directive_locs_;
};

// --- analysis (CPython's analyze_block & co) ----------------------------------

class Analyzer {
 public:
  Analyzer(Builder& b) : b_(b) {}

  void analyze_block(Scope* ste, NameSet* bound, NameSet& free, NameSet& global) {
    NameSet local;
    std::unordered_map<std::string, SymbolScope> scopes;
    NameSet newglobal, newfree, newbound;
    if (ste->type == ScopeType::Class) {
      newglobal.insert(global.begin(), global.end());
      if (bound) newbound.insert(bound->begin(), bound->end());
    }
    for (auto& sym : ste->symbols) {
      analyze_name(ste, scopes, sym.name, sym.flags, bound, local, free, global);
    }
    if (ste->type != ScopeType::Class) {
      if (ste->type == ScopeType::Function) newbound.insert(local.begin(), local.end());
      if (bound) newbound.insert(bound->begin(), bound->end());
      newglobal.insert(global.begin(), global.end());
    } else {
      newbound.insert("__class__");
    }
    NameSet allfree;
    for (Scope* c : ste->children) {
      NameSet temp_bound = newbound, temp_free = newfree, temp_global = newglobal;
      analyze_block(c, &temp_bound, temp_free, temp_global);
      allfree.insert(temp_free.begin(), temp_free.end());
      if (c->has_free || c->child_free) ste->child_free = true;
    }
    newfree.insert(allfree.begin(), allfree.end());
    if (ste->type == ScopeType::Function) {
      // analyze_cells
      for (auto& [name, sc] : scopes) {
        if (sc != SymbolScope::Local) continue;
        if (!newfree.count(name)) continue;
        sc = SymbolScope::Cell;
        newfree.erase(name);
      }
    } else if (ste->type == ScopeType::Class) {
      if (newfree.erase("__class__")) ste->needs_class_closure = true;
    }
    update_symbols(ste, scopes, bound, newfree, ste->type == ScopeType::Class);
    free.insert(newfree.begin(), newfree.end());
  }

 private:
  Builder& b_;

  Location directive_loc(const Scope* ste, const std::string& name, bool) {
    auto& m = b_.directive_locs_;
    auto it = m.find(ste);
    if (it != m.end()) {
      auto jt = it->second.find(name);
      if (jt != it->second.end()) return jt->second;
    }
    return ste->loc;
  }

  void analyze_name(Scope* ste, std::unordered_map<std::string, SymbolScope>& scopes,
                    const std::string& name, uint32_t flags, NameSet* bound,
                    NameSet& local, NameSet& free, NameSet& global) {
    if (flags & kDefGlobal) {
      if (flags & kDefNonlocal) {
        b_.error("name '" + name + "' is nonlocal and global", directive_loc(ste, name, true));
      }
      scopes[name] = SymbolScope::GlobalExplicit;
      global.insert(name);
      if (bound) bound->erase(name);  // bound is this block's own copy
      return;
    }
    if (flags & kDefNonlocal) {
      if (!bound) {
        b_.error("nonlocal declaration not allowed at module level",
                 directive_loc(ste, name, true));
      }
      if (!bound->count(name)) {
        b_.error("no binding for nonlocal '" + name + "' found", directive_loc(ste, name, true));
      }
      scopes[name] = SymbolScope::Free;
      ste->has_free = true;
      free.insert(name);
      return;
    }
    if (flags & kDefBound) {
      scopes[name] = SymbolScope::Local;
      local.insert(name);
      global.erase(name);
      return;
    }
    if (bound && bound->count(name)) {
      scopes[name] = SymbolScope::Free;
      ste->has_free = true;
      free.insert(name);
      return;
    }
    if (global.count(name)) {
      scopes[name] = SymbolScope::GlobalImplicit;
      return;
    }
    if (ste->is_nested) ste->has_free = true;
    scopes[name] = SymbolScope::GlobalImplicit;
  }

  void update_symbols(Scope* ste, std::unordered_map<std::string, SymbolScope>& scopes,
                      const NameSet* bound, const NameSet& free, bool classflag) {
    for (auto& sym : ste->symbols) sym.scope = scopes[sym.name];
    for (const std::string& name : free) {
      if (const Symbol* existing = ste->lookup(name)) {
        if (classflag && (existing->flags & (kDefBound | kDefGlobal))) {
          ste->add_symbol_(name).flags |= kDefFreeClass;
        }
        continue;
      }
      if (bound && !bound->count(name)) continue;
      Symbol& s = ste->add_symbol_(name);
      s.flags = 0;
      s.scope = SymbolScope::Free;
    }
  }
};

// --- compiler-stage checks ------------------------------------------------------

class Checker {
 public:
  Checker(const SymbolTable& st, Builder& b, bool top_level_await)
      : st_(st), b_(b), top_level_await_(top_level_await) {}

  void run(const Module& m) {
    scope_ = st_.top();
    if (m.mode == ParseMode::Eval) {
      expr(m.expr.get());
    } else {
      stmts(m.body);
    }
  }

 private:
  const SymbolTable& st_;
  Builder& b_;
  bool top_level_await_;  // PyCF_ALLOW_TOP_LEVEL_AWAIT: the module scope counts as async
  const Scope* scope_ = nullptr;
  const FunctionDef* func_ = nullptr;  // innermost def (not lambda/comprehension)
  int loops_ = 0;
  int nesting_ = 0;  // expressions being checked (NestingGuard)
  // What a break/continue/return in the current scope would unwind, innermost last, as
  // far as the except* rule needs CPython's fblock stack: kLoop a loop body, kStarHandler
  // an except* clause body, kNoLocation a with body or the part of a try that its finally
  // guards (CPython's compiler unwinds those leaving no line set: "line -1").
  enum Block : char { kLoop, kStarHandler, kNoLocation };
  std::vector<Block> blocks_;

  struct BlockScope {  // pushes a block for the lifetime of the statement's body
    std::vector<Block>& v;
    BlockScope(std::vector<Block>& blocks, Block b) : v(blocks) { v.push_back(b); }
    ~BlockScope() { v.pop_back(); }
  };
  struct NewScopeBlocks {  // a nested scope starts with none (restored even when an error unwinds)
    std::vector<Block>& v;
    std::vector<Block> saved;
    explicit NewScopeBlocks(std::vector<Block>& blocks) : v(blocks), saved(std::move(blocks)) { v.clear(); }
    ~NewScopeBlocks() { v = std::move(saved); }
  };

  // CPython's compiler_unwind_fblock_stack meeting an except* body; break and continue
  // (stop_at_loop) stop at the innermost loop instead.
  void check_except_star_exit(bool stop_at_loop, Location where) {
    for (size_t i = blocks_.size(); i-- > 0;) {
      if (blocks_[i] == kLoop && stop_at_loop) return;
      if (blocks_[i] == kNoLocation) where = Location{-1, -1, -1, -1};
      if (blocks_[i] == kStarHandler)
        b_.error("'break', 'continue' and 'return' cannot appear in an except* block", where);
    }
  }

  // Does CPython's AST optimizer turn e into a constant? (Then its compiler's location
  // for `return e` is e's, not the statement's.)
  static bool folds_to_constant(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Constant: return true;
      case ExprKind::UnaryOp: return folds_to_constant(*e.as<UnaryOp>()->operand);
      case ExprKind::BinOp:
        return folds_to_constant(*e.as<BinOp>()->left) && folds_to_constant(*e.as<BinOp>()->right);
      case ExprKind::Tuple:
        for (auto& x : e.as<Tuple>()->elts)
          if (!folds_to_constant(*x)) return false;
        return true;
      default: return false;
    }
  }

  bool in_async_function() const {
    if (top_level_await_ && scope_ == st_.top()) return true;
    return func_ && func_->is_async && scope_ == st_.lookup(*func_);
  }

  void stmts(const StmtList& l) {
    for (auto& s : l) stmt(*s);
  }
  void exprs(const ExprList& l, bool starred_ok = false) {
    for (auto& e : l) {
      if (e) expr(e.get(), starred_ok);
    }
  }

  void store_target(const Expr* t) {
    if (t->is<Starred>()) b_.error("starred assignment target must be in a list or tuple", t->loc);
    target_elts(t);
  }
  void target_elts(const Expr* t) {
    const ExprList* elts = nullptr;
    if (t->is<Tuple>()) elts = &t->as<Tuple>()->elts;
    else if (t->is<List>()) elts = &t->as<List>()->elts;
    if (!elts) return;
    bool seen = false;
    for (auto& e : *elts) {
      if (e->is<Starred>()) {
        if (seen) b_.error("multiple starred expressions in assignment", t->loc);
        seen = true;
        target_elts(e->as<Starred>()->value.get());
      } else {
        target_elts(e.get());
      }
    }
  }

  void body_of(const Scope* sc, const FunctionDef* f, const StmtList& body) {
    const Scope* saved_scope = scope_;
    const FunctionDef* saved_func = func_;
    int saved_loops = loops_;
    NewScopeBlocks own_blocks(blocks_);
    scope_ = sc;
    func_ = f;
    loops_ = 0;
    stmts(body);
    scope_ = saved_scope;
    func_ = saved_func;
    loops_ = saved_loops;
  }

  void arguments(const Arguments& a) {
    exprs(a.defaults);
    exprs(a.kw_defaults);
  }

  void stmt(const Stmt& s) {
    switch (s.kind) {
      case StmtKind::FunctionDef: {
        auto* n = s.as<FunctionDef>();
        exprs(n->decorator_list);
        arguments(*n->args);
        body_of(st_.lookup(s), n, n->body);
        break;
      }
      case StmtKind::ClassDef: {
        auto* n = s.as<ClassDef>();
        exprs(n->decorator_list);
        exprs(n->bases, true);
        for (auto& k : n->keywords) expr(k.value.get());
        body_of(st_.lookup(s), nullptr, n->body);
        break;
      }
      case StmtKind::Return: {
        auto* n = s.as<Return>();
        if (!scope_->is_function()) b_.error("'return' outside function", s.loc);
        if (n->value && scope_->is_coroutine && scope_->is_generator) {
          b_.error("'return' with value in async generator", s.loc);
        }
        if (n->value) expr(n->value.get());
        check_except_star_exit(false, n->value && folds_to_constant(*n->value) ? n->value->loc : s.loc);
        break;
      }
      case StmtKind::Delete: exprs(s.as<Delete>()->targets); break;
      case StmtKind::Assign: {
        auto* n = s.as<Assign>();
        for (auto& t : n->targets) store_target(t.get());
        exprs(n->targets);
        expr(n->value.get());
        break;
      }
      case StmtKind::AugAssign:
        expr(s.as<AugAssign>()->target.get());
        expr(s.as<AugAssign>()->value.get());
        break;
      case StmtKind::AnnAssign: {
        auto* n = s.as<AnnAssign>();
        expr(n->target.get());
        if (n->value) expr(n->value.get());
        break;
      }
      case StmtKind::For: {
        auto* n = s.as<For>();
        if (n->is_async && !in_async_function()) {
          b_.error("'async for' outside async function", s.loc);
        }
        store_target(n->target.get());
        expr(n->target.get());
        expr(n->iter.get());
        ++loops_;
        {
          BlockScope in_loop(blocks_, kLoop);
          stmts(n->body);
        }
        --loops_;
        stmts(n->orelse);
        break;
      }
      case StmtKind::While: {
        auto* n = s.as<While>();
        expr(n->test.get());
        ++loops_;
        {
          BlockScope in_loop(blocks_, kLoop);
          stmts(n->body);
        }
        --loops_;
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
        if (n->is_async && !in_async_function()) {
          b_.error("'async with' outside async function", s.loc);
        }
        for (auto& item : n->items) {
          expr(item.context_expr.get());
          if (item.optional_vars) {
            store_target(item.optional_vars.get());
            expr(item.optional_vars.get());
          }
        }
        BlockScope in_with(blocks_, kNoLocation);
        stmts(n->body);
        break;
      }
      case StmtKind::Raise:
        if (s.as<Raise>()->exc) expr(s.as<Raise>()->exc.get());
        if (s.as<Raise>()->cause) expr(s.as<Raise>()->cause.get());
        break;
      case StmtKind::Try: {
        auto* n = s.as<Try>();
        {
          std::optional<BlockScope> guarded;
          if (!n->finalbody.empty()) guarded.emplace(blocks_, kNoLocation);
          stmts(n->body);
          for (auto& h : n->handlers) {
            if (h.type) expr(h.type.get());
            std::optional<BlockScope> star;
            if (n->is_star) star.emplace(blocks_, kStarHandler);
            stmts(h.body);
          }
          stmts(n->orelse);
        }
        stmts(n->finalbody);
        break;
      }
      case StmtKind::Assert:
        expr(s.as<Assert>()->test.get());
        if (s.as<Assert>()->msg) expr(s.as<Assert>()->msg.get());
        break;
      case StmtKind::ExprStmt: expr(s.as<ExprStmt>()->value.get()); break;
      case StmtKind::Break:
        check_except_star_exit(true, s.loc);
        if (loops_ == 0) b_.error("'break' outside loop", s.loc);
        break;
      case StmtKind::Continue:
        check_except_star_exit(true, s.loc);
        if (loops_ == 0) b_.error("'continue' not properly in loop", s.loc);
        break;
      case StmtKind::Match: {
        auto* n = s.as<Match>();
        expr(n->subject.get());
        for (auto& c : n->cases) {
          pattern_exprs(*c.pattern);
          if (c.guard) expr(c.guard.get());
          stmts(c.body);
        }
        break;
      }
      default: break;
    }
  }

  // The expressions inside a pattern: values, mapping keys, classes.
  void pattern_exprs(const Pattern& p) {
    switch (p.kind) {
      case PatternKind::MatchValue: expr(p.as<MatchValue>()->value.get()); break;
      case PatternKind::MatchSingleton:
      case PatternKind::MatchStar: break;
      case PatternKind::MatchSequence:
        for (auto& sub : p.as<MatchSequence>()->patterns) pattern_exprs(*sub);
        break;
      case PatternKind::MatchMapping:
        exprs(p.as<MatchMapping>()->keys);
        for (auto& sub : p.as<MatchMapping>()->patterns) pattern_exprs(*sub);
        break;
      case PatternKind::MatchClass:
        expr(p.as<MatchClass>()->cls.get());
        for (auto& sub : p.as<MatchClass>()->patterns) pattern_exprs(*sub);
        for (auto& sub : p.as<MatchClass>()->kwd_patterns) pattern_exprs(*sub);
        break;
      case PatternKind::MatchAs:
        if (p.as<MatchAs>()->pattern) pattern_exprs(*p.as<MatchAs>()->pattern);
        break;
      case PatternKind::MatchOr:
        for (auto& sub : p.as<MatchOr>()->patterns) pattern_exprs(*sub);
        break;
    }
  }

  void comprehension(const Expr& e, const std::vector<Comprehension>& gens,
                     std::initializer_list<const Expr*> elts) {
    const Scope* sc = st_.lookup(e);
    // the first iterable is evaluated in the enclosing scope
    expr(gens[0].iter.get());
    if (sc->is_coroutine && !e.is<GeneratorExp>()) {
      bool ok = in_async_function() || scope_->comprehension != ComprehensionKind::None;
      if (!ok) b_.error("asynchronous comprehension outside of an asynchronous function", e.loc);
    }
    const Scope* saved = scope_;
    int saved_loops = loops_;
    NewScopeBlocks own_blocks(blocks_);
    scope_ = sc;
    loops_ = 0;
    for (size_t i = 0; i < gens.size(); ++i) {
      expr(gens[i].target.get());
      if (i > 0) expr(gens[i].iter.get());
      exprs(gens[i].ifs);
    }
    for (const Expr* x : elts) expr(x);
    scope_ = saved;
    loops_ = saved_loops;
  }

  void expr(const Expr* ep, bool starred_ok = false) {
    NestingGuard nested(nesting_, kMaxCompilerNesting, CompileError::too_deep_for_compiler);
    const Expr& e = *ep;
    switch (e.kind) {
      case ExprKind::Starred: {
        auto* n = e.as<Starred>();
        if (!starred_ok && n->ctx == ExprContext::Load) {
          b_.error("can't use starred expression here", e.loc);
        }
        expr(n->value.get());
        break;
      }
      case ExprKind::Yield:
      case ExprKind::YieldFrom: {
        if (!scope_->is_function()) b_.error("'yield' outside function", e.loc);
        if (e.is<YieldFrom>() && scope_->is_coroutine && func_ && scope_ == st_.lookup(*func_)) {
          b_.error("'yield from' inside async function", e.loc);
        }
        const Expr* v = e.is<Yield>() ? e.as<Yield>()->value.get() : e.as<YieldFrom>()->value.get();
        if (v) expr(v);
        break;
      }
      case ExprKind::Await: {
        if (!scope_->is_function() && !in_async_function()) b_.error("'await' outside function", e.loc);
        if (!in_async_function() && scope_->comprehension == ComprehensionKind::None) {
          b_.error("'await' outside async function", e.loc);
        }
        expr(e.as<Await>()->value.get());
        break;
      }
      case ExprKind::Lambda: {
        auto* n = e.as<Lambda>();
        arguments(*n->args);
        const Scope* saved = scope_;
        int saved_loops = loops_;
        scope_ = st_.lookup(e);
        loops_ = 0;
        expr(n->body.get());
        scope_ = saved;
        loops_ = saved_loops;
        break;
      }
      case ExprKind::ListComp: {
        auto* n = e.as<ListComp>();
        comprehension(e, n->generators, {n->elt.get()});
        break;
      }
      case ExprKind::SetComp: {
        auto* n = e.as<SetComp>();
        comprehension(e, n->generators, {n->elt.get()});
        break;
      }
      case ExprKind::GeneratorExp: {
        auto* n = e.as<GeneratorExp>();
        comprehension(e, n->generators, {n->elt.get()});
        break;
      }
      case ExprKind::DictComp: {
        auto* n = e.as<DictComp>();
        comprehension(e, n->generators, {n->key.get(), n->value.get()});
        break;
      }
      case ExprKind::BoolOp: exprs(e.as<BoolOp>()->values); break;
      case ExprKind::NamedExpr: expr(e.as<NamedExpr>()->value.get()); break;
      case ExprKind::BinOp:
        expr(e.as<BinOp>()->left.get());
        expr(e.as<BinOp>()->right.get());
        break;
      case ExprKind::UnaryOp: expr(e.as<UnaryOp>()->operand.get()); break;
      case ExprKind::IfExp:
        expr(e.as<IfExp>()->test.get());
        expr(e.as<IfExp>()->body.get());
        expr(e.as<IfExp>()->orelse.get());
        break;
      case ExprKind::Dict:
        exprs(e.as<Dict>()->keys);
        exprs(e.as<Dict>()->values);
        break;
      case ExprKind::Set: exprs(e.as<Set>()->elts, true); break;
      case ExprKind::Compare:
        expr(e.as<Compare>()->left.get());
        exprs(e.as<Compare>()->comparators);
        break;
      case ExprKind::Call: {
        auto* n = e.as<Call>();
        expr(n->func.get());
        exprs(n->args, true);
        for (auto& k : n->keywords) expr(k.value.get());
        break;
      }
      case ExprKind::FormattedValue:
        expr(e.as<FormattedValue>()->value.get());
        if (e.as<FormattedValue>()->format_spec) expr(e.as<FormattedValue>()->format_spec.get());
        break;
      case ExprKind::JoinedStr: exprs(e.as<JoinedStr>()->values); break;
      case ExprKind::Attribute: expr(e.as<Attribute>()->value.get()); break;
      case ExprKind::Subscript:
        expr(e.as<Subscript>()->value.get());
        expr(e.as<Subscript>()->slice.get());
        break;
      case ExprKind::List: exprs(e.as<List>()->elts, true); break;
      case ExprKind::Tuple: exprs(e.as<Tuple>()->elts, true); break;
      case ExprKind::Slice: {
        auto* n = e.as<Slice>();
        if (n->lower) expr(n->lower.get());
        if (n->upper) expr(n->upper.get());
        if (n->step) expr(n->step.get());
        break;
      }
      case ExprKind::Constant:
      case ExprKind::Name: break;
    }
  }
};

void finish_scope(Scope* sc, const BuildState& bs) {
  if (sc->type == ScopeType::Function) {
    sc->varnames = bs.params;
    for (auto& sym : sc->symbols) {
      if (sym.scope == SymbolScope::Local && !(sym.flags & kDefParam)) {
        sc->varnames.push_back(sym.name);
      }
    }
  }
  for (auto& sym : sc->symbols) {
    if (sym.scope == SymbolScope::Cell) sc->cellvars.push_back(sym.name);
    if (sym.scope == SymbolScope::Free || (sym.flags & kDefFreeClass)) {
      sc->freevars.push_back(sym.name);
    }
  }
  if (sc->needs_class_closure) sc->cellvars.push_back("__class__");
  std::sort(sc->cellvars.begin(), sc->cellvars.end());
  std::sort(sc->freevars.begin(), sc->freevars.end());
}

}  // namespace

std::unique_ptr<SymbolTable> SymbolTable::build(const Module& mod, const std::string& filename,
                                                std::string_view source, bool top_level_await) {
  auto st = std::make_unique<SymbolTable>();
  Builder b(*st, filename, source, mod.future_annotations);
  b.build(mod);
  st->top_ = b.top();
  NameSet free, global;
  Analyzer(b).analyze_block(st->top_, nullptr, free, global);
  for (size_t i = 0; i < st->scopes_.size(); ++i) finish_scope(st->scopes_[i].get(), b.states()[i]);
  Checker(*st, b, top_level_await).run(mod);
  return st;
}

std::string SymbolTable::dump() const {
  std::string out;
  for (auto& sc : scopes_) {
    const char* type = sc->type == ScopeType::Module ? "module"
                       : sc->type == ScopeType::Class ? "class"
                                                      : "function";
    out += std::string(type) + " " + sc->name;
    std::string flags;
    if (sc->is_generator) flags += " generator";
    if (sc->is_coroutine) flags += " coroutine";
    if (sc->needs_class_closure) flags += " needs_class_closure";
    if (!flags.empty()) out += " [" + flags.substr(1) + "]";
    out += ":";
    for (auto& sym : sc->symbols) out += " " + sym.name + "=" + to_string(sym.scope);
    if (!sc->varnames.empty()) {
      out += " varnames=";
      for (auto& v : sc->varnames) out += v + ",";
    }
    if (!sc->cellvars.empty()) {
      out += " cellvars=";
      for (auto& v : sc->cellvars) out += v + ",";
    }
    if (!sc->freevars.empty()) {
      out += " freevars=";
      for (auto& v : sc->freevars) out += v + ",";
    }
    out += "\n";
  }
  return out;
}

}  // namespace gilpy::compiler
