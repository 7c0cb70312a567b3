// compiler/codegen_expr.cpp: code generation for expressions: operators, displays,
// calls, comprehensions, lambdas, f-strings, yield / yield from / await.
//
// Mirrors CPython 3.11's compile.c (compiler_visit_expr1 and helpers). gilpy's call
// layout is `callable self_or_null args` (PUSH_NULL after the callable), and the
// yield-from / await loop uses 3.12's CLEANUP_THROW (see add_yield_from).
#include <unordered_set>

#include "compiler/codegen.h"

namespace gilpy::compiler {
namespace cg {

using vm::Op;

namespace {
constexpr size_t kStackUseGuideline = 30;

bool has_starred(const ExprList& elts) {
  for (const auto& e : elts)
    if (e->kind == ExprKind::Starred) return true;
  return false;
}

int const_truth(const Expr& e) {
  if (e.kind != ExprKind::Constant) return -1;
  const Constant* c = e.as<Constant>();
  switch (c->value_kind) {
    case ConstKind::None:
    case ConstKind::False:
      return 0;
    case ConstKind::True:
    case ConstKind::Ellipsis:
      return 1;
    case ConstKind::Int:
      return c->str != "0";
    case ConstKind::Float:
    case ConstKind::Imag:
      return c->f != 0.0;
    case ConstKind::Str:
    case ConstKind::Bytes:
      return !c->str.empty();
  }
  return -1;
}
}  // namespace

void Codegen::visit_expr(const Expr& e) {
  NestingGuard nested(nesting_, kMaxCompilerNesting, CompileError::too_deep_for_compiler);
  int old = u_->lineno;
  set_loc(e.loc);
  visit_expr1(e);
  u_->lineno = old;
}

void Codegen::visit_expr1(const Expr& e) {
  switch (e.kind) {
    case ExprKind::NamedExpr: {
      const NamedExpr* n = e.as<NamedExpr>();
      visit_expr(*n->value);
      emit(Op::COPY, 1);
      visit_expr(*n->target);
      break;
    }
    case ExprKind::BoolOp: visit_boolop(*e.as<BoolOp>()); break;
    case ExprKind::BinOp: {
      const BinOp* b = e.as<BinOp>();
      visit_expr(*b->left);
      visit_expr(*b->right);
      emit(Op::BINARY_OP, int32_t(binop_of(b->op)));
      break;
    }
    case ExprKind::UnaryOp: {
      if (try_load_folded(e)) break;
      const UnaryOp* un = e.as<UnaryOp>();
      visit_expr(*un->operand);
      switch (un->op) {
        case UnaryOpKind::Invert: emit(Op::UNARY_INVERT); break;
        case UnaryOpKind::Not: emit(Op::UNARY_NOT); break;
        case UnaryOpKind::UAdd: emit(Op::UNARY_POSITIVE); break;
        case UnaryOpKind::USub: emit(Op::UNARY_NEGATIVE); break;
      }
      break;
    }
    case ExprKind::Lambda: visit_lambda(*e.as<Lambda>()); break;
    case ExprKind::IfExp: visit_ifexp(*e.as<IfExp>()); break;
    case ExprKind::Dict: visit_dict(*e.as<Dict>()); break;
    case ExprKind::Set: visit_set(*e.as<Set>()); break;
    case ExprKind::GeneratorExp: {
      const GeneratorExp* g = e.as<GeneratorExp>();
      visit_comprehension(e, CompKind::Genexp, "<genexpr>", g->generators, g->elt.get(),
                          nullptr);
      break;
    }
    case ExprKind::ListComp: {
      const ListComp* g = e.as<ListComp>();
      visit_comprehension(e, CompKind::List, "<listcomp>", g->generators, g->elt.get(),
                          nullptr);
      break;
    }
    case ExprKind::SetComp: {
      const SetComp* g = e.as<SetComp>();
      visit_comprehension(e, CompKind::Set, "<setcomp>", g->generators, g->elt.get(),
                          nullptr);
      break;
    }
    case ExprKind::DictComp: {
      const DictComp* g = e.as<DictComp>();
      visit_comprehension(e, CompKind::Dict, "<dictcomp>", g->generators, g->key.get(),
                          g->value.get());
      break;
    }
    case ExprKind::Yield: {
      if (u_->ste->type != ScopeType::Function) error(e.loc, "'yield' outside function");
      const Yield* y = e.as<Yield>();
      if (y->value)
        visit_expr(*y->value);
      else
        load_none();
      add_yield();
      break;
    }
    case ExprKind::YieldFrom: {
      if (u_->ste->type != ScopeType::Function) error(e.loc, "'yield' outside function");
      if (u_->kind == UnitKind::AsyncFunction) error(e.loc, "'yield from' inside async function");
      visit_expr(*e.as<YieldFrom>()->value);
      emit(Op::GET_YIELD_FROM_ITER);
      load_none();
      add_yield_from(false);
      break;
    }
    case ExprKind::Await: {
      if (!async_allowed()) {
        if (u_->ste->type != ScopeType::Function) error(e.loc, "'await' outside function");
        if (u_->kind != UnitKind::AsyncFunction && u_->kind != UnitKind::Comprehension)
          error(e.loc, "'await' outside async function");
      }
      visit_expr(*e.as<Await>()->value);
      emit(Op::GET_AWAITABLE, 0);
      load_none();
      add_yield_from(true);
      break;
    }
    case ExprKind::Compare: visit_compare(*e.as<Compare>()); break;
    case ExprKind::Call: visit_call(*e.as<Call>()); break;
    case ExprKind::Constant: load_const_index(const_of(*e.as<Constant>())); break;
    case ExprKind::JoinedStr: visit_joined_str(*e.as<JoinedStr>()); break;
    case ExprKind::FormattedValue: visit_formatted_value(*e.as<FormattedValue>()); break;
    case ExprKind::Attribute: visit_attribute(*e.as<Attribute>()); break;
    case ExprKind::Subscript: visit_subscript(*e.as<Subscript>()); break;
    case ExprKind::Starred: visit_starred(*e.as<Starred>()); break;
    case ExprKind::Name: visit_name(*e.as<Name>()); break;
    case ExprKind::List: visit_list(*e.as<List>()); break;
    case ExprKind::Tuple: visit_tuple(*e.as<Tuple>()); break;
    case ExprKind::Slice: visit_slice(*e.as<Slice>()); break;
  }
}

// ---------------------------------------------------------------------------
// Names, attributes, subscripts

void Codegen::visit_name(const Name& e) {
  if (e.ctx == ExprContext::Load && e.id == "__debug__") {
    bool debug = options_.optimize == 0;
    load_const_index(add_const(rt::Ref::boolean(debug), debug ? "T" : "F"));
    return;
  }
  nameop(e.id, e.ctx);
}

void Codegen::visit_attribute(const Attribute& e) {
  visit_expr(*e.value);
  // A multi-line attribute chain reports the attribute's own line.
  if (e.loc.end_lineno && e.loc.end_lineno != e.loc.lineno) u_->lineno = e.loc.end_lineno;
  int idx = name_index(mangle_name(e.attr));
  switch (e.ctx) {
    case ExprContext::Load: emit(Op::LOAD_ATTR, idx); break;
    case ExprContext::Store: emit(Op::STORE_ATTR, idx); break;
    case ExprContext::Del: emit(Op::DELETE_ATTR, idx); break;
  }
}

void Codegen::visit_subscript(const Subscript& e) {
  visit_expr(*e.value);
  visit_expr(*e.slice);
  switch (e.ctx) {
    case ExprContext::Load: emit(Op::BINARY_SUBSCR); break;
    case ExprContext::Store: emit(Op::STORE_SUBSCR); break;
    case ExprContext::Del: emit(Op::DELETE_SUBSCR); break;
  }
}

void Codegen::visit_slice(const Slice& e) {
  int n = 2;
  if (e.lower)
    visit_expr(*e.lower);
  else
    load_none();
  if (e.upper)
    visit_expr(*e.upper);
  else
    load_none();
  if (e.step) {
    visit_expr(*e.step);
    n = 3;
  }
  emit(Op::BUILD_SLICE, n);
}

void Codegen::visit_starred(const Starred& e) {
  if (e.ctx == ExprContext::Store)
    error(e.loc, "starred assignment target must be in a list or tuple");
  error(e.loc, "can't use starred expression here");
}

// ---------------------------------------------------------------------------
// Displays and unpacking

void Codegen::starunpack_helper(const ExprList& elts, int pushed, Op build, Op add, Op extend,
                                bool tuple) {
  size_t n = elts.size();
  if (n > 2 && build == Op::BUILD_LIST) {
    // [1, 2, 3] -> BUILD_LIST pushed; LOAD_CONST (1, 2, 3); LIST_EXTEND 1 (as CPython).
    std::string key;
    rt::Ref value;
    if (fold_tuple(elts, &key, &value)) {
      emit(Op::BUILD_LIST, pushed);
      load_const_index(add_const(std::move(value), key));
      emit(Op::LIST_EXTEND, 1);
      if (tuple) emit(Op::LIST_TO_TUPLE);
      return;
    }
  }
  bool big = n + size_t(pushed) > kStackUseGuideline;
  bool seen_star = has_starred(elts);
  if (!seen_star && !big) {
    for (const auto& e : elts) visit_expr(*e);
    emit(tuple ? Op::BUILD_TUPLE : build, int32_t(n) + pushed);
    return;
  }
  bool sequence_built = false;
  if (big) {
    emit(build, pushed);
    sequence_built = true;
  }
  for (size_t i = 0; i < n; ++i) {
    const Expr& elt = *elts[i];
    if (elt.kind == ExprKind::Starred) {
      if (!sequence_built) {
        emit(build, int32_t(i) + pushed);
        sequence_built = true;
      }
      visit_expr(*elt.as<Starred>()->value);
      emit(extend, 1);
    } else {
      visit_expr(elt);
      if (sequence_built) emit(add, 1);
    }
  }
  if (tuple) emit(Op::LIST_TO_TUPLE);
}

void Codegen::unpack_helper(const ExprList& elts, const Location& loc) {
  size_t n = elts.size();
  bool seen_star = false;
  for (size_t i = 0; i < n; ++i) {
    const Expr& elt = *elts[i];
    if (elt.kind == ExprKind::Starred && !seen_star) {
      if (i >= (1u << 8) || n - i - 1 >= (INT32_MAX >> 8))
        error(loc, "too many expressions in star-unpacking assignment");
      emit(Op::UNPACK_EX, int32_t(i + ((n - i - 1) << 8)));
      seen_star = true;
    } else if (elt.kind == ExprKind::Starred) {
      error(loc, "multiple starred expressions in assignment");
    }
  }
  if (!seen_star) emit(Op::UNPACK_SEQUENCE, int32_t(n));
}

void Codegen::assignment_helper(const ExprList& elts, const Location& loc) {
  unpack_helper(elts, loc);
  for (const auto& e : elts) {
    visit_expr(e->kind == ExprKind::Starred ? *e->as<Starred>()->value : *e);
  }
}

void Codegen::visit_list(const List& e) {
  if (e.ctx == ExprContext::Store) {
    assignment_helper(e.elts, e.loc);
  } else if (e.ctx == ExprContext::Load) {
    starunpack_helper(e.elts, 0, Op::BUILD_LIST, Op::LIST_APPEND, Op::LIST_EXTEND, false);
  } else {
    for (const auto& x : e.elts) visit_expr(*x);
  }
}

void Codegen::visit_tuple(const Tuple& e) {
  if (e.ctx == ExprContext::Load && try_load_folded(e)) return;
  if (e.ctx == ExprContext::Store) {
    assignment_helper(e.elts, e.loc);
  } else if (e.ctx == ExprContext::Load) {
    starunpack_helper(e.elts, 0, Op::BUILD_LIST, Op::LIST_APPEND, Op::LIST_EXTEND, true);
  } else {
    for (const auto& x : e.elts) visit_expr(*x);
  }
}

void Codegen::visit_set(const Set& e) {
  starunpack_helper(e.elts, 0, Op::BUILD_SET, Op::SET_ADD, Op::SET_UPDATE, false);
}

void Codegen::subdict(const Dict& e, size_t begin, size_t end) {
  size_t n = end - begin;
  bool big = n * 2 > kStackUseGuideline;
  bool all_const_keys = true;
  for (size_t i = begin; i < end; ++i) {
    const Expr* k = e.keys[i].get();
    if (!k || k->kind != ExprKind::Constant) all_const_keys = false;
  }
  if (n > 1 && !big && all_const_keys) {
    // Only str keys go in a const tuple here (the common case); others use BUILD_MAP.
    bool all_str = true;
    for (size_t i = begin; i < end; ++i)
      if (e.keys[i]->as<Constant>()->value_kind != ConstKind::Str) all_str = false;
    if (all_str) {
      std::vector<std::string> keys;
      for (size_t i = begin; i < end; ++i) {
        visit_expr(*e.values[i]);
        keys.push_back(e.keys[i]->as<Constant>()->str);
      }
      load_const_index(const_tuple_of_strs(keys));
      emit(Op::BUILD_CONST_KEY_MAP, int32_t(n));
      return;
    }
  }
  if (big) emit(Op::BUILD_MAP, 0);
  for (size_t i = begin; i < end; ++i) {
    visit_expr(*e.keys[i]);
    visit_expr(*e.values[i]);
    if (big) emit(Op::MAP_ADD, 1);
  }
  if (!big) emit(Op::BUILD_MAP, int32_t(n));
}

void Codegen::visit_dict(const Dict& e) {
  size_t n = e.values.size();
  bool have_dict = false;
  size_t elements = 0;
  for (size_t i = 0; i < n; ++i) {
    bool is_unpacking = !e.keys[i];
    if (is_unpacking) {
      if (elements) {
        subdict(e, i - elements, i);
        if (have_dict) emit(Op::DICT_UPDATE, 1);
        have_dict = true;
        elements = 0;
      }
      if (!have_dict) {
        emit(Op::BUILD_MAP, 0);
        have_dict = true;
      }
      visit_expr(*e.values[i]);
      emit(Op::DICT_UPDATE, 1);
    } else {
      if (elements * 2 > kStackUseGuideline) {
        subdict(e, i - elements, i + 1);
        if (have_dict) emit(Op::DICT_UPDATE, 1);
        have_dict = true;
        elements = 0;
      } else {
        ++elements;
      }
    }
  }
  if (elements) {
    subdict(e, n - elements, n);
    if (have_dict) emit(Op::DICT_UPDATE, 1);
    have_dict = true;
  }
  if (!have_dict) emit(Op::BUILD_MAP, 0);
}

// ---------------------------------------------------------------------------
// Boolean operators, comparisons, conditional expressions

void Codegen::visit_boolop(const BoolOp& e) {
  Op jumpi = e.op == BoolOpKind::And ? Op::JUMP_IF_FALSE_OR_POP : Op::JUMP_IF_TRUE_OR_POP;
  int end = new_label();
  size_t n = e.values.size() - 1;
  for (size_t i = 0; i < n; ++i) {
    visit_expr(*e.values[i]);
    emit_jump(int(jumpi), end);
  }
  visit_expr(*e.values[n]);
  use_label(end);
}

void Codegen::add_compare(CmpOpKind op) {
  switch (op) {
    case CmpOpKind::Eq: emit(Op::COMPARE_OP, int32_t(rt::CompareOp::Eq)); break;
    case CmpOpKind::NotEq: emit(Op::COMPARE_OP, int32_t(rt::CompareOp::Ne)); break;
    case CmpOpKind::Lt: emit(Op::COMPARE_OP, int32_t(rt::CompareOp::Lt)); break;
    case CmpOpKind::LtE: emit(Op::COMPARE_OP, int32_t(rt::CompareOp::Le)); break;
    case CmpOpKind::Gt: emit(Op::COMPARE_OP, int32_t(rt::CompareOp::Gt)); break;
    case CmpOpKind::GtE: emit(Op::COMPARE_OP, int32_t(rt::CompareOp::Ge)); break;
    case CmpOpKind::Is: emit(Op::IS_OP, 0); break;
    case CmpOpKind::IsNot: emit(Op::IS_OP, 1); break;
    case CmpOpKind::In: emit(Op::CONTAINS_OP, 0); break;
    case CmpOpKind::NotIn: emit(Op::CONTAINS_OP, 1); break;
  }
}

// The right operand of a comparison; `x in [1, 2]` tests against a constant tuple.
static bool is_membership(CmpOpKind op) { return op == CmpOpKind::In || op == CmpOpKind::NotIn; }

void Codegen::visit_compare(const Compare& e) {
  visit_expr(*e.left);
  size_t n = e.ops.size() - 1;
  if (n == 0) {
    if (is_membership(e.ops[0]))
      visit_iterable(*e.comparators[0]);
    else
      visit_expr(*e.comparators[0]);
    add_compare(e.ops[0]);
    return;
  }
  int cleanup = new_label();
  for (size_t i = 0; i < n; ++i) {
    visit_expr(*e.comparators[i]);
    emit(Op::SWAP, 2);
    emit(Op::COPY, 2);
    add_compare(e.ops[i]);
    emit_jump(int(Op::JUMP_IF_FALSE_OR_POP), cleanup);
  }
  visit_expr(*e.comparators[n]);
  add_compare(e.ops[n]);
  int end = new_label();
  emit_jump_noline(kJump, end);
  use_label(cleanup);
  emit(Op::SWAP, 2);
  emit(Op::POP_TOP);
  use_label(end);
}

void Codegen::visit_ifexp(const IfExp& e) {
  int end = new_label(), next = new_label();
  jump_if(*e.test, next, false);
  visit_expr(*e.body);
  emit_jump_noline(kJump, end);
  use_label(next);
  visit_expr(*e.orelse);
  use_label(end);
}

// Jumps to `next` when the truth of e equals cond (CPython's compiler_jump_if).
void Codegen::jump_if(const Expr& e, int next, bool cond) {
  switch (e.kind) {
    case ExprKind::UnaryOp:
      if (e.as<UnaryOp>()->op == UnaryOpKind::Not) {
        jump_if(*e.as<UnaryOp>()->operand, next, !cond);
        return;
      }
      break;
    case ExprKind::BoolOp: {
      const BoolOp* b = e.as<BoolOp>();
      size_t n = b->values.size() - 1;
      bool cond2 = b->op == BoolOpKind::Or;
      int next2 = next;
      if (cond2 != cond) next2 = new_label();
      for (size_t i = 0; i < n; ++i) jump_if(*b->values[i], next2, cond2);
      jump_if(*b->values[n], next, cond);
      if (next2 != next) use_label(next2);
      return;
    }
    case ExprKind::IfExp: {
      const IfExp* ie = e.as<IfExp>();
      int end = new_label(), next2 = new_label();
      jump_if(*ie->test, next2, false);
      jump_if(*ie->body, next, cond);
      emit_jump_noline(kJump, end);
      use_label(next2);
      jump_if(*ie->orelse, next, cond);
      use_label(end);
      return;
    }
    case ExprKind::Compare: {
      const Compare* c = e.as<Compare>();
      size_t n = c->ops.size() - 1;
      if (n == 0) break;
      int old = u_->lineno;
      set_loc(e.loc);
      int cleanup = new_label();
      visit_expr(*c->left);
      for (size_t i = 0; i < n; ++i) {
        visit_expr(*c->comparators[i]);
        emit(Op::SWAP, 2);
        emit(Op::COPY, 2);
        add_compare(c->ops[i]);
        emit_jump(int(Op::POP_JUMP_IF_FALSE), cleanup);
      }
      if (is_membership(c->ops[n]))
        visit_iterable(*c->comparators[n]);
      else
        visit_expr(*c->comparators[n]);
      add_compare(c->ops[n]);
      emit_jump(int(cond ? Op::POP_JUMP_IF_TRUE : Op::POP_JUMP_IF_FALSE), next);
      int end = new_label();
      emit_jump_noline(kJump, end);
      use_label(cleanup);
      emit(Op::POP_TOP);
      if (!cond) emit_jump_noline(kJump, next);
      use_label(end);
      u_->lineno = old;
      return;
    }
    case ExprKind::Constant: {
      int truth = const_truth(e);
      if (truth >= 0) {
        if ((truth == 1) == cond) emit_jump_noline(kJump, next);
        return;
      }
      break;
    }
    default:
      break;
  }
  visit_expr(e);
  emit_jump(int(cond ? Op::POP_JUMP_IF_TRUE : Op::POP_JUMP_IF_FALSE), next);
}

// ---------------------------------------------------------------------------
// Calls

bool Codegen::maybe_optimize_method_call(const Call& e) {
  const Expr& meth = *e.func;
  if (meth.kind != ExprKind::Attribute || meth.as<Attribute>()->ctx != ExprContext::Load)
    return false;
  size_t argsl = e.args.size(), kwdsl = e.keywords.size();
  if (argsl + kwdsl + (kwdsl != 0) >= kStackUseGuideline) return false;
  if (has_starred(e.args)) return false;
  for (const auto& kw : e.keywords)
    if (kw.arg.empty()) return false;
  // Duplicate keywords are reported by call_helper's check.
  {
    std::unordered_set<std::string> seen;
    for (const auto& kw : e.keywords)
      if (!seen.insert(kw.arg).second) return false;
  }
  const Attribute* a = meth.as<Attribute>();
  visit_expr(*a->value);
  int old = u_->lineno;
  int line = meth.loc.end_lineno ? meth.loc.end_lineno : meth.loc.lineno;
  u_->lineno = line;
  emit(Op::LOAD_METHOD, name_index(mangle_name(a->attr)));
  for (const auto& arg : e.args) visit_expr(*arg);
  if (kwdsl) {
    for (const auto& kw : e.keywords) visit_expr(*kw.value);
    call_simple_kw_helper(e.keywords);
  }
  u_->lineno = line;
  emit(Op::CALL, int32_t(argsl + kwdsl));
  u_->lineno = old;
  return true;
}

void Codegen::visit_call(const Call& e) {
  if (maybe_optimize_method_call(e)) return;
  visit_expr(*e.func);
  emit(Op::PUSH_NULL);
  call_helper(0, e.args, e.keywords, e.loc);
}

void Codegen::call_simple_kw_helper(const std::vector<Keyword>& keywords) {
  std::vector<std::string> names;
  for (const auto& kw : keywords) names.push_back(kw.arg);
  emit(Op::KW_NAMES, const_tuple_of_strs(names));
}

void Codegen::subkwargs(const std::vector<Keyword>& keywords, size_t begin, size_t end) {
  size_t n = end - begin;
  bool big = n * 2 > kStackUseGuideline;
  if (n > 1 && !big) {
    std::vector<std::string> keys;
    for (size_t i = begin; i < end; ++i) {
      visit_expr(*keywords[i].value);
      keys.push_back(keywords[i].arg);
    }
    load_const_index(const_tuple_of_strs(keys));
    emit(Op::BUILD_CONST_KEY_MAP, int32_t(n));
    return;
  }
  if (big) emit(Op::BUILD_MAP, 0);
  for (size_t i = begin; i < end; ++i) {
    load_const_index(const_str(keywords[i].arg));
    visit_expr(*keywords[i].value);
    if (big) emit(Op::MAP_ADD, 1);
  }
  if (!big) emit(Op::BUILD_MAP, int32_t(n));
}

// The call after the callable and self_or_null (and `n` more positionals) are pushed.
void Codegen::call_helper(int n, const ExprList& args, const std::vector<Keyword>& keywords,
                          const Location& loc) {
  {
    std::unordered_set<std::string> seen;
    for (const auto& kw : keywords) {
      if (kw.arg.empty()) continue;
      if (!seen.insert(kw.arg).second)
        error(kw.loc.lineno ? kw.loc : loc, "keyword argument repeated: " + kw.arg);
    }
  }
  size_t nelts = args.size(), nkwelts = keywords.size();
  bool ex_call = nelts + nkwelts * 2 > kStackUseGuideline || has_starred(args);
  for (const auto& kw : keywords)
    if (kw.arg.empty()) ex_call = true;
  if (!ex_call) {
    for (const auto& a : args) visit_expr(*a);
    if (nkwelts) {
      for (const auto& kw : keywords) visit_expr(*kw.value);
      call_simple_kw_helper(keywords);
    }
    emit(Op::CALL, int32_t(n + nelts + nkwelts));
    return;
  }
  // f(*args, **kwargs): a positional tuple (any iterable when it is a lone *x: the VM
  // converts it) and a fresh dict.
  if (n == 0 && nelts == 1 && args[0]->kind == ExprKind::Starred) {
    visit_expr(*args[0]->as<Starred>()->value);
  } else {
    starunpack_helper(args, n, Op::BUILD_LIST, Op::LIST_APPEND, Op::LIST_EXTEND, true);
  }
  if (nkwelts) {
    bool have_dict = false;
    size_t nseen = 0;
    for (size_t i = 0; i < nkwelts; ++i) {
      const Keyword& kw = keywords[i];
      if (kw.arg.empty()) {
        if (nseen) {
          subkwargs(keywords, i - nseen, i);
          if (have_dict) emit(Op::DICT_MERGE, 1);
          have_dict = true;
          nseen = 0;
        }
        if (!have_dict) {
          emit(Op::BUILD_MAP, 0);
          have_dict = true;
        }
        visit_expr(*kw.value);
        emit(Op::DICT_MERGE, 1);
      } else {
        ++nseen;
      }
    }
    if (nseen) {
      subkwargs(keywords, nkwelts - nseen, nkwelts);
      if (have_dict) emit(Op::DICT_MERGE, 1);
      have_dict = true;
    }
  }
  emit(Op::CALL_FUNCTION_EX, nkwelts > 0 ? 1 : 0);
}

// ---------------------------------------------------------------------------
// Lambdas and comprehensions

void Codegen::visit_lambda(const Lambda& e) {
  int flags = default_arguments(*e.args);
  const Scope* ste = st_.lookup(e);
  enter_scope("<lambda>", UnitKind::Lambda, ste, e.loc.lineno);
  const_none();  // co_consts[0] is None: a lambda has no docstring
  set_params(*e.args);
  visit_expr(*e.body);
  emit(Op::RETURN_VALUE);
  rt::Own<vm::Code> co = assemble(true);
  exit_scope();
  make_closure(std::move(co), ste, flags);
}

void Codegen::visit_comprehension(const Expr& e, CompKind type, const std::string& name,
                                  const std::vector<Comprehension>& gens, const Expr* elt,
                                  const Expr* val) {
  const Scope* ste = st_.lookup(e);
  if (!ste) internal_error("no scope for comprehension");
  UnitKind outer = u_->kind;
  bool is_async_generator = ste->is_coroutine;
  enter_scope(name, UnitKind::Comprehension, ste, e.loc.lineno);
  set_loc(e.loc);
  if (is_async_generator && type != CompKind::Genexp && outer != UnitKind::AsyncFunction &&
      outer != UnitKind::Comprehension) {
    error(e.loc, "asynchronous comprehension outside of an asynchronous function");
  }
  // The outermost iterator arrives as the parameter ".0".
  varname_index(".0");
  u_->argcount = 1;
  u_->nparams = 1;
  switch (type) {
    case CompKind::List: emit(Op::BUILD_LIST, 0); break;
    case CompKind::Set: emit(Op::BUILD_SET, 0); break;
    case CompKind::Dict: emit(Op::BUILD_MAP, 0); break;
    case CompKind::Genexp: break;
  }
  comprehension_generator(gens, 0, 0, elt, val, type);
  if (type != CompKind::Genexp) emit(Op::RETURN_VALUE);
  rt::Own<vm::Code> co = assemble(true);
  exit_scope();

  make_closure(std::move(co), ste, 0);
  emit(Op::PUSH_NULL);
  visit_iterable(*gens[0].iter);
  emit(gens[0].is_async ? Op::GET_AITER : Op::GET_ITER);
  emit(Op::CALL, 1);
  if (is_async_generator && type != CompKind::Genexp) {
    emit(Op::GET_AWAITABLE, 0);
    load_none();
    add_yield_from(true);
  }
}

void Codegen::comprehension_generator(const std::vector<Comprehension>& gens,
                                      size_t gen_index, int depth, const Expr* elt,
                                      const Expr* val, CompKind type) {
  if (gens[gen_index].is_async)
    async_comprehension_generator(gens, gen_index, depth, elt, val, type);
  else
    sync_comprehension_generator(gens, gen_index, depth, elt, val, type);
}

void Codegen::comprehension_element(const Expr* elt, const Expr* val, CompKind type,
                                    int depth) {
  switch (type) {
    case CompKind::Genexp:
      visit_expr(*elt);
      add_yield();
      emit(Op::POP_TOP);
      break;
    case CompKind::List:
      visit_expr(*elt);
      emit(Op::LIST_APPEND, depth + 1);
      break;
    case CompKind::Set:
      visit_expr(*elt);
      emit(Op::SET_ADD, depth + 1);
      break;
    case CompKind::Dict:
      visit_expr(*elt);
      visit_expr(*val);
      emit(Op::MAP_ADD, depth + 1);
      break;
  }
}

void Codegen::sync_comprehension_generator(const std::vector<Comprehension>& gens,
                                           size_t gen_index, int depth, const Expr* elt,
                                           const Expr* val, CompKind type) {
  int start = new_label(), if_cleanup = new_label(), anchor = new_label();
  bool has_start = true;
  const Comprehension& gen = gens[gen_index];
  if (gen_index == 0) {
    emit(Op::LOAD_FAST, 0);  // .0
  } else {
    // `for y in [f(x)]`: the single element is assigned directly.
    const ExprList* elts = nullptr;
    if (gen.iter->kind == ExprKind::List) elts = &gen.iter->as<List>()->elts;
    if (gen.iter->kind == ExprKind::Tuple) elts = &gen.iter->as<Tuple>()->elts;
    if (elts && elts->size() == 1 && (*elts)[0]->kind != ExprKind::Starred) {
      visit_expr(*(*elts)[0]);
      has_start = false;
    }
    if (has_start) {
      visit_iterable(*gen.iter);
      emit(Op::GET_ITER);
    }
  }
  if (has_start) {
    ++depth;
    use_label(start);
    emit_jump(int(Op::FOR_ITER), anchor);
  }
  visit_expr(*gen.target);
  for (const auto& cond : gen.ifs) jump_if(*cond, if_cleanup, false);
  if (gen_index + 1 < gens.size())
    comprehension_generator(gens, gen_index + 1, depth, elt, val, type);
  else
    comprehension_element(elt, val, type, depth);
  use_label(if_cleanup);
  if (has_start) {
    emit_jump(kJump, start);
    use_label(anchor);
  }
}

void Codegen::async_comprehension_generator(const std::vector<Comprehension>& gens,
                                            size_t gen_index, int depth, const Expr* elt,
                                            const Expr* val, CompKind type) {
  int start = new_label(), except = new_label(), if_cleanup = new_label();
  const Comprehension& gen = gens[gen_index];
  if (gen_index == 0) {
    emit(Op::LOAD_FAST, 0);  // .0 (an async iterator)
  } else {
    visit_expr(*gen.iter);
    emit(Op::GET_AITER);
  }
  use_label(start);
  push_fblock(gen.iter->loc, {FBlockType::AsyncComprehensionGenerator, start});
  emit_jump(kSetupFinally, except);
  emit(Op::GET_ANEXT);
  load_none();
  add_yield_from(true);
  pop_block();
  visit_expr(*gen.target);
  for (const auto& cond : gen.ifs) jump_if(*cond, if_cleanup, false);
  ++depth;
  if (gen_index + 1 < gens.size())
    comprehension_generator(gens, gen_index + 1, depth, elt, val, type);
  else
    comprehension_element(elt, val, type, depth);
  use_label(if_cleanup);
  emit_jump(kJump, start);
  pop_fblock(FBlockType::AsyncComprehensionGenerator);
  use_label(except);
  emit(Op::END_ASYNC_FOR);
}

// ---------------------------------------------------------------------------
// f-strings

void Codegen::visit_joined_str(const JoinedStr& e) {
  size_t n = e.values.size();
  if (n > kStackUseGuideline) {
    // "".join([...])
    load_const_index(const_str(""));
    emit(Op::LOAD_METHOD, name_index("join"));
    emit(Op::BUILD_LIST, 0);
    for (const auto& v : e.values) {
      visit_expr(*v);
      emit(Op::LIST_APPEND, 1);
    }
    emit(Op::CALL, 1);
    return;
  }
  for (const auto& v : e.values) visit_expr(*v);
  if (n != 1) emit(Op::BUILD_STRING, int32_t(n));
}

void Codegen::visit_formatted_value(const FormattedValue& e) {
  visit_expr(*e.value);
  int oparg = 0;
  switch (e.conversion) {
    case 's': oparg = 1; break;
    case 'r': oparg = 2; break;
    case 'a': oparg = 3; break;
    default: oparg = 0; break;
  }
  if (e.format_spec) {
    visit_expr(*e.format_spec);
    oparg |= 4;
  }
  emit(Op::FORMAT_VALUE, oparg);
}

// ---------------------------------------------------------------------------
// yield, yield from, await

void Codegen::add_yield() {
  if (u_->ste->is_coroutine) emit(Op::ASYNC_GEN_WRAP);
  emit(Op::YIELD_VALUE);
}

// The delegation loop, with  sub v  on the stack (v: the first value to send, None):
//
//   send: SEND exit              sub v -- sub yielded  /  jumps with the return value
//         YIELD_VALUE            (exception table: -> fail, depth keeps sub and last_sent)
//         JUMP_BACKWARD send
//   fail: CLEANUP_THROW          sub last_sent exc -- None value
//         SWAP 2; POP_TOP        -- value
//   exit:                        -- value
void Codegen::add_yield_from(bool /*await*/) {
  int send = new_label(), fail = new_label(), exit = new_label();
  use_label(send);
  emit_jump(int(Op::SEND), exit);
  emit_jump(kSetupFinally, fail);
  emit(Op::YIELD_VALUE);
  pop_block();
  emit_jump(kJump, send);
  use_label(fail);
  emit(Op::CLEANUP_THROW);
  emit(Op::SWAP, 2);
  emit(Op::POP_TOP);
  use_label(exit);
}

}  // namespace cg
}  // namespace gilpy::compiler
