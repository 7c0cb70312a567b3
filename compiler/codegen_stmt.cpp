// compiler/codegen_stmt.cpp: code generation for statements, function and class
// definitions, and the unwinding of blocks by break/continue/return.
//
// Each visit_* mirrors the compiler_* function of the same construct in CPython 3.11's
// compile.c; where gilpy's opcode contract differs (call layout `callable self_or_null
// args`, annotations as a dict, the yield-from loop) the comment says so.
#include <algorithm>

#include "compiler/codegen.h"

namespace gilpy::compiler {
namespace cg {

using vm::Op;

namespace {

// CPython's _PyAST_GetDocString.
const Constant* docstring_of(const StmtList& body) {
  if (body.empty() || body[0]->kind != StmtKind::ExprStmt) return nullptr;
  const Expr* v = body[0]->as<ExprStmt>()->value.get();
  if (!v || v->kind != ExprKind::Constant) return nullptr;
  const Constant* c = v->as<Constant>();
  return c->value_kind == ConstKind::Str ? c : nullptr;
}

}  // namespace

// CPython's find_ann: does the block (not nested scopes) contain an annotated assignment?
bool find_annotations(const StmtList& stmts) {
  for (const auto& sp : stmts) {
    const Stmt& s = *sp;
    switch (s.kind) {
      case StmtKind::AnnAssign:
        return true;
      case StmtKind::For:
        if (find_annotations(s.as<For>()->body) || find_annotations(s.as<For>()->orelse))
          return true;
        break;
      case StmtKind::While:
        if (find_annotations(s.as<While>()->body) || find_annotations(s.as<While>()->orelse))
          return true;
        break;
      case StmtKind::If:
        if (find_annotations(s.as<If>()->body) || find_annotations(s.as<If>()->orelse))
          return true;
        break;
      case StmtKind::With:
        if (find_annotations(s.as<With>()->body)) return true;
        break;
      case StmtKind::Match:
        for (const auto& c : s.as<Match>()->cases)
          if (find_annotations(c.body)) return true;
        break;
      case StmtKind::Try: {
        const Try* t = s.as<Try>();
        for (const auto& h : t->handlers)
          if (find_annotations(h.body)) return true;
        if (find_annotations(t->body) || find_annotations(t->finalbody) ||
            find_annotations(t->orelse))
          return true;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

void Codegen::visit_body(const StmtList& body) {
  for (const auto& s : body) visit_stmt(*s);
}

// Module and class bodies (CPython's compiler_body).
void Codegen::compiler_body(const StmtList& stmts) {
  if (u_->kind == UnitKind::Module && !stmts.empty()) set_loc(stmts[0]->loc);
  if (find_annotations(stmts)) emit(Op::SETUP_ANNOTATIONS);
  if (stmts.empty()) return;
  size_t i = 0;
  if (docstring_of(stmts)) {
    i = 1;
    set_loc(stmts[0]->loc);
    visit_expr(*stmts[0]->as<ExprStmt>()->value);
    unset_loc();
    nameop("__doc__", ExprContext::Store);
  }
  for (; i < stmts.size(); ++i) visit_stmt(*stmts[i]);
}

void Codegen::visit_stmt(const Stmt& s) {
  set_loc(s.loc);
  switch (s.kind) {
    case StmtKind::FunctionDef: visit_function_def(*s.as<FunctionDef>()); break;
    case StmtKind::ClassDef: visit_class_def(*s.as<ClassDef>()); break;
    case StmtKind::Return: visit_return(*s.as<Return>()); break;
    case StmtKind::Delete: visit_delete(*s.as<Delete>()); break;
    case StmtKind::Assign: visit_assign(*s.as<Assign>()); break;
    case StmtKind::AugAssign: visit_aug_assign(*s.as<AugAssign>()); break;
    case StmtKind::AnnAssign: visit_ann_assign(*s.as<AnnAssign>()); break;
    case StmtKind::For:
      if (s.as<For>()->is_async)
        visit_async_for(*s.as<For>());
      else
        visit_for(*s.as<For>());
      break;
    case StmtKind::While: visit_while(*s.as<While>()); break;
    case StmtKind::If: visit_if(*s.as<If>()); break;
    case StmtKind::With:
      if (s.as<With>()->is_async)
        visit_async_with(*s.as<With>(), 0);
      else
        visit_with(*s.as<With>(), 0);
      break;
    case StmtKind::Raise: visit_raise(*s.as<Raise>()); break;
    case StmtKind::Try: visit_try(*s.as<Try>()); break;
    case StmtKind::Match: visit_match(*s.as<Match>()); break;
    case StmtKind::Assert: visit_assert(*s.as<Assert>()); break;
    case StmtKind::Import: visit_import(*s.as<Import>()); break;
    case StmtKind::ImportFrom: visit_import_from(*s.as<ImportFrom>()); break;
    case StmtKind::Global:
    case StmtKind::Nonlocal:
    case StmtKind::Pass:
      break;
    case StmtKind::ExprStmt: visit_expr_stmt(*s.as<ExprStmt>()); break;
    case StmtKind::Break: visit_break(s); break;
    case StmtKind::Continue: visit_continue(s); break;
  }
}

// ---------------------------------------------------------------------------
// Functions and classes

void Codegen::set_params(const Arguments& a) {
  for (const auto& p : a.posonlyargs) varname_index(mangle_name(p.arg));
  for (const auto& p : a.args) varname_index(mangle_name(p.arg));
  for (const auto& p : a.kwonlyargs) varname_index(mangle_name(p.arg));
  if (a.vararg) varname_index(mangle_name(a.vararg->arg));
  if (a.kwarg) varname_index(mangle_name(a.kwarg->arg));
  u_->posonlyargcount = int(a.posonlyargs.size());
  u_->argcount = int(a.posonlyargs.size() + a.args.size());
  u_->kwonlyargcount = int(a.kwonlyargs.size());
  u_->nparams = int(u_->varnames.size());
}

// Defaults tuple (flag 1) and keyword-only defaults dict (flag 2).
int Codegen::default_arguments(const Arguments& args) {
  int flags = 0;
  if (!args.defaults.empty()) {
    std::string key;
    rt::Ref value;
    if (fold_tuple(args.defaults, &key, &value)) {
      load_const_index(add_const(std::move(value), key));
    } else {
      for (const auto& d : args.defaults) visit_expr(*d);
      emit(Op::BUILD_TUPLE, int32_t(args.defaults.size()));
    }
    flags |= 1;
  }
  std::vector<std::string> keys;
  for (size_t i = 0; i < args.kwonlyargs.size(); ++i) {
    const Expr* d = i < args.kw_defaults.size() ? args.kw_defaults[i].get() : nullptr;
    if (!d) continue;
    keys.push_back(mangle_name(args.kwonlyargs[i].arg));
    visit_expr(*d);
  }
  if (!keys.empty()) {
    load_const_index(const_tuple_of_strs(keys));
    emit(Op::BUILD_CONST_KEY_MAP, int32_t(keys.size()));
    flags |= 2;
  }
  return flags;
}

std::string Codegen::source_text(const Location& loc) const {
  // Byte offset of the start of each needed line.
  auto line_start = [&](int lineno) -> size_t {
    size_t pos = 0;
    for (int l = 1; l < lineno; ++l) {
      size_t nl = source_.find('\n', pos);
      if (nl == std::string_view::npos) return source_.size();
      pos = nl + 1;
    }
    return pos;
  };
  size_t a = std::min(source_.size(), line_start(loc.lineno) + size_t(loc.col_offset));
  int end_line = loc.end_lineno ? loc.end_lineno : loc.lineno;
  size_t b = std::min(source_.size(), line_start(end_line) + size_t(loc.end_col_offset));
  if (b < a) b = a;
  return std::string(source_.substr(a, b - a));
}

// An annotation's value: the expression, or its source text under
// `from __future__ import annotations`.
void Codegen::annotation_value(const Expr& e) {
  if (future_annotations_) {
    load_const_index(const_str(source_text(e.loc)));
  } else if (e.kind == ExprKind::Starred) {
    visit_expr(*e.as<Starred>()->value);
    emit(Op::UNPACK_SEQUENCE, 1);
  } else {
    visit_expr(e);
  }
}

// Annotations of a def as a dict name -> value (MAKE_FUNCTION flag 4). Returns whether any.
bool Codegen::visit_annotations(const Arguments& args, const Expr* returns) {
  int n = 0;
  auto one = [&](const std::string& name, const Expr* ann) {
    if (!ann) return;
    load_const_index(const_str(mangle_name(name)));
    annotation_value(*ann);
    ++n;
  };
  // CPython's order: args, posonlyargs, *args, kwonlyargs, **kwargs, return.
  for (const auto& p : args.args) one(p.arg, p.annotation.get());
  for (const auto& p : args.posonlyargs) one(p.arg, p.annotation.get());
  if (args.vararg) one(args.vararg->arg, args.vararg->annotation.get());
  for (const auto& p : args.kwonlyargs) one(p.arg, p.annotation.get());
  if (args.kwarg) one(args.kwarg->arg, args.kwarg->annotation.get());
  one("return", returns);
  if (n == 0) return false;
  emit(Op::BUILD_MAP, n);
  return true;
}

// Pushes the function for `co` (with its closure tuple when it has free variables).
void Codegen::make_closure(rt::Own<vm::Code> co, const Scope* child, int flags) {
  const auto& frees = child->freevars;
  if (!frees.empty()) {
    for (const auto& name : frees) {
      int arg;
      if (u_->kind == UnitKind::Class && name == "__class__") {
        arg = deref_index_cell(name);
      } else if (u_->ste->scope_of(name) == SymbolScope::Cell) {
        arg = deref_index_cell(name);
      } else {
        arg = deref_index_free(name);
      }
      emit(Op::LOAD_CLOSURE, arg);
    }
    flags |= 8;
    emit(Op::BUILD_TUPLE, int32_t(frees.size()));
  }
  std::string key = "c" + std::to_string(reinterpret_cast<uintptr_t>(co.get()));
  load_const_index(add_const(co.into_ref(), key));
  emit(Op::MAKE_FUNCTION, flags);
}

void Codegen::visit_function_def(const FunctionDef& s) {
  for (const auto& d : s.decorator_list) {
    visit_expr(*d);
    emit_at(Op::PUSH_NULL, 0, d->loc.lineno);
  }
  int firstlineno = s.decorator_list.empty() ? s.loc.lineno : s.decorator_list[0]->loc.lineno;
  int flags = default_arguments(*s.args);
  if (visit_annotations(*s.args, s.returns.get())) flags |= 4;

  const Scope* ste = st_.lookup(s);
  enter_scope(s.name, s.is_async ? UnitKind::AsyncFunction : UnitKind::Function, ste,
              firstlineno);
  const Constant* doc = docstring_of(s.body);
  if (doc)
    const_str(doc->str);
  else
    const_none();
  set_params(*s.args);
  for (size_t i = doc ? 1 : 0; i < s.body.size(); ++i) visit_stmt(*s.body[i]);
  rt::Own<vm::Code> co = assemble(true);
  exit_scope();

  make_closure(std::move(co), ste, flags);
  set_loc(s.loc);
  for (size_t i = 0; i < s.decorator_list.size(); ++i) emit(Op::CALL, 1);
  nameop(s.name, ExprContext::Store);
}

void Codegen::visit_class_def(const ClassDef& s) {
  for (const auto& d : s.decorator_list) {
    visit_expr(*d);
    emit_at(Op::PUSH_NULL, 0, d->loc.lineno);
  }
  int firstlineno = s.decorator_list.empty() ? s.loc.lineno : s.decorator_list[0]->loc.lineno;

  const Scope* ste = st_.lookup(s);
  enter_scope(s.name, UnitKind::Class, ste, firstlineno);
  set_loc(s.loc);
  emit(Op::LOAD_NAME, name_index("__name__"));
  emit(Op::STORE_NAME, name_index("__module__"));
  load_const_index(const_str(u_->qualname));
  emit(Op::STORE_NAME, name_index("__qualname__"));
  compiler_body(s.body);
  unset_loc();
  if (ste->needs_class_closure) {
    emit(Op::LOAD_CLOSURE, deref_index_cell("__class__"));
    emit(Op::COPY, 1);
    emit(Op::STORE_NAME, name_index("__classcell__"));
  } else {
    load_none();
  }
  emit(Op::RETURN_VALUE);
  rt::Own<vm::Code> co = assemble(true);
  exit_scope();

  set_loc(s.loc);
  emit(Op::LOAD_BUILD_CLASS);
  emit(Op::PUSH_NULL);
  make_closure(std::move(co), ste, 0);
  load_const_index(const_str(s.name));
  call_helper(2, s.bases, s.keywords, s.loc);
  for (size_t i = 0; i < s.decorator_list.size(); ++i) emit(Op::CALL, 1);
  nameop(s.name, ExprContext::Store);
}

// ---------------------------------------------------------------------------
// Simple statements

void Codegen::visit_return(const Return& s) {
  bool preserve_tos = s.value && s.value->kind != ExprKind::Constant;
  if (u_->ste->type != ScopeType::Function) error(s.loc, "'return' outside function");
  if (s.value && u_->ste->is_coroutine && u_->ste->is_generator)
    error(s.loc, "'return' with value in async generator");
  if (preserve_tos) visit_expr(*s.value);
  unwind_fblock_stack(preserve_tos, false, nullptr, s.loc);
  if (!s.value) {
    load_none();
  } else if (!preserve_tos) {
    load_const_index(const_of(*s.value->as<Constant>()));
  }
  emit(Op::RETURN_VALUE);
}

void Codegen::visit_delete(const Delete& s) {
  for (const auto& t : s.targets) visit_expr(*t);
}

void Codegen::visit_assign(const Assign& s) {
  visit_expr(*s.value);
  for (size_t i = 0; i < s.targets.size(); ++i) {
    if (i + 1 < s.targets.size()) emit(Op::COPY, 1);
    visit_expr(*s.targets[i]);
  }
}


void Codegen::visit_aug_assign(const AugAssign& s) {
  const Expr& e = *s.target;
  int old = u_->lineno;
  set_loc(e.loc);
  int attr_line = e.loc.end_lineno && e.loc.end_lineno != e.loc.lineno ? e.loc.end_lineno
                                                                       : e.loc.lineno;
  switch (e.kind) {
    case ExprKind::Attribute: {
      const Attribute* a = e.as<Attribute>();
      visit_expr(*a->value);
      emit(Op::COPY, 1);
      emit_at(Op::LOAD_ATTR, name_index(mangle_name(a->attr)), attr_line);
      break;
    }
    case ExprKind::Subscript: {
      const Subscript* sub = e.as<Subscript>();
      visit_expr(*sub->value);
      visit_expr(*sub->slice);
      emit(Op::COPY, 2);
      emit(Op::COPY, 2);
      emit(Op::BINARY_SUBSCR);
      break;
    }
    case ExprKind::Name:
      nameop(e.as<Name>()->id, ExprContext::Load);
      break;
    default:
      error(e.loc, "illegal expression for augmented assignment");
  }
  u_->lineno = old;
  visit_expr(*s.value);
  emit(Op::BINARY_OP, int32_t(binop_of(s.op)) + int32_t(vm::kInplaceFlag));
  set_loc(e.loc);
  switch (e.kind) {
    case ExprKind::Attribute:
      emit(Op::SWAP, 2);
      emit_at(Op::STORE_ATTR, name_index(mangle_name(e.as<Attribute>()->attr)), attr_line);
      break;
    case ExprKind::Subscript:
      emit(Op::SWAP, 3);
      emit(Op::SWAP, 2);
      emit(Op::STORE_SUBSCR);
      break;
    default:
      nameop(e.as<Name>()->id, ExprContext::Store);
      break;
  }
}

void Codegen::visit_ann_assign(const AnnAssign& s) {
  const Expr& targ = *s.target;
  if (s.value) {
    visit_expr(*s.value);
    visit_expr(targ);
  }
  bool module_or_class = u_->kind == UnitKind::Module || u_->kind == UnitKind::Class;
  switch (targ.kind) {
    case ExprKind::Name:
      if (s.simple && module_or_class) {
        annotation_value(*s.annotation);
        emit(Op::LOAD_NAME, name_index("__annotations__"));
        load_const_index(const_str(mangle_name(targ.as<Name>()->id)));
        emit(Op::STORE_SUBSCR);
      }
      break;
    case ExprKind::Attribute:
      if (!s.value) {
        visit_expr(*targ.as<Attribute>()->value);
        emit(Op::POP_TOP);
      }
      break;
    case ExprKind::Subscript:
      if (!s.value) {
        const Subscript* sub = targ.as<Subscript>();
        visit_expr(*sub->value);
        emit(Op::POP_TOP);
        // check_ann_subscr: evaluate the slice parts.
        auto ann_subscr = [&](const Expr& sl, auto& self) -> void {
          if (sl.kind == ExprKind::Slice) {
            const Slice* s2 = sl.as<Slice>();
            for (const Expr* p : {s2->lower.get(), s2->upper.get(), s2->step.get()}) {
              if (p) {
                visit_expr(*p);
                emit(Op::POP_TOP);
              }
            }
          } else if (sl.kind == ExprKind::Tuple) {
            for (const auto& elt : sl.as<Tuple>()->elts) self(*elt, self);
          } else {
            visit_expr(sl);
            emit(Op::POP_TOP);
          }
        };
        ann_subscr(*sub->slice, ann_subscr);
      }
      break;
    default:
      error(targ.loc, "invalid node type for annotated assignment");
  }
  // The annotation of a complex target is evaluated (and dropped) at module/class level.
  if (!s.simple && !future_annotations_ && module_or_class) {
    visit_expr(*s.annotation);
    emit(Op::POP_TOP);
  }
}

void Codegen::visit_expr_stmt(const ExprStmt& s) {
  const Expr& value = *s.value;
  if (mode_ == Mode::Single && nestlevel_ == 0) {
    visit_expr(value);
    emit(Op::PRINT_EXPR);
    return;
  }
  if (value.kind == ExprKind::Constant) return;  // a constant statement does nothing
  visit_expr(value);
  unset_loc();
  emit(Op::POP_TOP);
}

void Codegen::visit_raise(const Raise& s) {
  int n = 0;
  if (s.exc) {
    visit_expr(*s.exc);
    ++n;
    if (s.cause) {
      visit_expr(*s.cause);
      ++n;
    }
  }
  emit(Op::RAISE_VARARGS, n);
}

void Codegen::visit_assert(const Assert& s) {
  if (options_.optimize > 0) return;  // -O drops asserts
  int end = new_label();
  jump_if(*s.test, end, true);
  emit(Op::LOAD_ASSERTION_ERROR);
  if (s.msg) {
    emit(Op::PUSH_NULL);
    visit_expr(*s.msg);
    emit(Op::CALL, 1);
  }
  emit(Op::RAISE_VARARGS, 1);
  use_label(end);
}

void Codegen::visit_import(const Import& s) {
  for (const auto& alias : s.names) {
    set_loc(alias.loc.lineno ? alias.loc : s.loc);
    load_const_index(const_int(0));
    load_none();
    emit(Op::IMPORT_NAME, name_index(mangle_name(alias.name)));
    if (!alias.asname.empty()) {
      // import a.b.c as d: IMPORT_FROM b, IMPORT_FROM c, then store.
      size_t dot = alias.name.find('.');
      if (dot != std::string::npos) {
        size_t pos = dot + 1;
        for (;;) {
          size_t next = alias.name.find('.', pos);
          std::string attr = alias.name.substr(pos, next == std::string::npos ? next : next - pos);
          emit(Op::IMPORT_FROM, name_index(attr));
          if (next == std::string::npos) break;
          emit(Op::SWAP, 2);
          emit(Op::POP_TOP);
          pos = next + 1;
        }
        nameop(alias.asname, ExprContext::Store);
        emit(Op::POP_TOP);
      } else {
        nameop(alias.asname, ExprContext::Store);
      }
    } else {
      size_t dot = alias.name.find('.');
      nameop(dot == std::string::npos ? alias.name : alias.name.substr(0, dot),
             ExprContext::Store);
    }
  }
}

void Codegen::visit_import_from(const ImportFrom& s) {
  load_const_index(const_int(s.level));
  std::vector<std::string> names;
  for (const auto& a : s.names) names.push_back(a.name);
  load_const_index(const_tuple_of_strs(names));
  emit(Op::IMPORT_NAME, name_index(mangle_name(s.module)));
  for (size_t i = 0; i < s.names.size(); ++i) {
    const Alias& alias = s.names[i];
    if (i == 0 && alias.name == "*") {
      emit(Op::IMPORT_STAR);
      return;
    }
    emit(Op::IMPORT_FROM, name_index(mangle_name(alias.name)));
    nameop(alias.asname.empty() ? alias.name : alias.asname, ExprContext::Store);
  }
  emit(Op::POP_TOP);
}

// ---------------------------------------------------------------------------
// Loops

void Codegen::visit_for(const For& s) {
  int start = new_label(), cleanup = new_label(), end = new_label();
  push_fblock(s.loc, {FBlockType::ForLoop, start, end});
  visit_iterable(*s.iter);
  emit(Op::GET_ITER);
  use_label(start);
  emit_jump(int(Op::FOR_ITER), cleanup);
  visit_expr(*s.target);
  visit_body(s.body);
  emit_jump_noline(kJump, start);
  use_label(cleanup);
  pop_fblock(FBlockType::ForLoop);
  visit_body(s.orelse);
  use_label(end);
}

void Codegen::visit_async_for(const For& s) {
  if (u_->kind != UnitKind::AsyncFunction && !async_allowed())
    error(s.loc, "'async for' outside async function");
  int start = new_label(), except = new_label(), end = new_label();
  visit_expr(*s.iter);
  emit(Op::GET_AITER);
  use_label(start);
  push_fblock(s.loc, {FBlockType::ForLoop, start, end});
  emit_jump(kSetupFinally, except);  // guards the __anext__ call
  emit(Op::GET_ANEXT);
  load_none();
  add_yield_from(true);
  pop_block();
  visit_expr(*s.target);
  visit_body(s.body);
  emit_jump_noline(kJump, start);
  pop_fblock(FBlockType::ForLoop);
  use_label(except);
  set_loc(s.iter->loc);
  emit(Op::END_ASYNC_FOR);
  visit_body(s.orelse);
  use_label(end);
}

namespace {
// The truth value of a constant, when the expression is one.
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

// top: test; POP_JUMP_IF_FALSE anchor; body; JUMP_BACKWARD top; anchor: orelse; end:
void Codegen::visit_while(const While& s) {
  int loop = new_label(), anchor = new_label(), end = new_label();
  use_label(loop);
  push_fblock(s.loc, {FBlockType::WhileLoop, loop, end});
  if (const_truth(*s.test) != 1) jump_if(*s.test, anchor, false);
  visit_body(s.body);
  set_loc(s.loc);
  emit_jump(kJump, loop);
  pop_fblock(FBlockType::WhileLoop);
  use_label(anchor);
  visit_body(s.orelse);
  use_label(end);
}

void Codegen::visit_if(const If& s) {
  int end = new_label();
  int next = s.orelse.empty() ? end : new_label();
  int truth = const_truth(*s.test);
  if (truth == 0) {
    // `if 0:` the body is still checked (compiled) but never runs.
    emit_jump_noline(kJump, next);
  } else if (truth < 0) {
    jump_if(*s.test, next, false);
  }
  visit_body(s.body);
  if (!s.orelse.empty()) {
    emit_jump_noline(kJump, end);
    use_label(next);
    visit_body(s.orelse);
  }
  use_label(end);
}

void Codegen::visit_break(const Stmt& s) {
  FBlock loop{FBlockType::WhileLoop};
  if (!unwind_fblock_stack(false, true, &loop, s.loc)) error(s.loc, "'break' outside loop");
  unwind_fblock(loop, false);
  emit_jump(kJump, loop.exit);
}

void Codegen::visit_continue(const Stmt& s) {
  FBlock loop{FBlockType::WhileLoop};
  if (!unwind_fblock_stack(false, true, &loop, s.loc)) error(s.loc, "'continue' not properly in loop");
  emit_jump(kJump, loop.block);
}

// ---------------------------------------------------------------------------
// Unwinding (break / continue / return leaving blocks)

void Codegen::unwind_fblock(const FBlock& fb, bool preserve_tos) {
  switch (fb.type) {
    case FBlockType::WhileLoop:
    case FBlockType::ExceptionHandler:
    case FBlockType::ExceptionGroupHandler:  // never unwound: unwind_fblock_stack refuses
    case FBlockType::AsyncComprehensionGenerator:
      return;
    case FBlockType::ForLoop:
      if (preserve_tos) emit(Op::SWAP, 2);
      emit(Op::POP_TOP);  // the iterator
      return;
    case FBlockType::TryExcept:
      pop_block();
      return;
    case FBlockType::FinallyTry:
      pop_block();
      if (preserve_tos) push_fblock(Location{}, {FBlockType::PopValue});
      visit_body(*fb.finalbody);
      if (preserve_tos) pop_fblock(FBlockType::PopValue);
      unset_loc();
      return;
    case FBlockType::FinallyEnd:
      if (preserve_tos) emit(Op::SWAP, 2);
      emit(Op::POP_TOP);  // exc
      if (preserve_tos) emit(Op::SWAP, 2);
      pop_block();
      emit(Op::POP_EXCEPT);
      return;
    case FBlockType::With:
    case FBlockType::AsyncWith:
      set_loc(fb.with->loc);
      pop_block();
      if (preserve_tos) emit(Op::SWAP, 2);
      call_exit_with_nones();
      if (fb.type == FBlockType::AsyncWith) {
        emit(Op::GET_AWAITABLE, 2);
        load_none();
        add_yield_from(true);
      }
      emit(Op::POP_TOP);
      unset_loc();
      return;
    case FBlockType::HandlerCleanup:
      if (!fb.name.empty()) pop_block();
      if (preserve_tos) emit(Op::SWAP, 2);
      pop_block();
      emit(Op::POP_EXCEPT);
      if (!fb.name.empty()) {
        load_none();
        nameop(fb.name, ExprContext::Store);
        nameop(fb.name, ExprContext::Del);
      }
      return;
    case FBlockType::PopValue:
      if (preserve_tos) emit(Op::SWAP, 2);
      emit(Op::POP_TOP);
      return;
  }
}

bool Codegen::unwind_fblock_stack(bool preserve_tos, bool stop_at_loop, FBlock* loop, Location where) {
  if (u_->fblocks.empty()) return false;
  FBlock top = u_->fblocks.back();
  // The symtable's checker reports this first, with CPython's location; kept as a guard.
  if (top.type == FBlockType::ExceptionGroupHandler)
    error(where, "'break', 'continue' and 'return' cannot appear in an except* block");
  if (stop_at_loop && (top.type == FBlockType::WhileLoop || top.type == FBlockType::ForLoop)) {
    *loop = top;
    return true;
  }
  u_->fblocks.pop_back();
  unwind_fblock(top, preserve_tos);
  bool found = unwind_fblock_stack(preserve_tos, stop_at_loop, loop, where);
  u_->fblocks.push_back(std::move(top));
  return found;
}

// ---------------------------------------------------------------------------
// with / async with

// The normal exit: exit(None, None, None) with the stack  ... exit  (gilpy's call layout).
void Codegen::call_exit_with_nones() {
  emit(Op::PUSH_NULL);
  load_none();
  load_none();
  load_none();
  emit(Op::CALL, 3);
}

// After WITH_EXCEPT_START (and its await): exit lasti prev exc res.
void Codegen::with_except_finish(int cleanup) {
  unset_loc();
  int exit = new_label();
  emit_jump(int(Op::POP_JUMP_IF_TRUE), exit);
  emit(Op::RERAISE, 2);
  use_label(cleanup);
  pop_except_and_reraise();
  use_label(exit);
  emit(Op::POP_TOP);  // exc
  pop_block();
  emit(Op::POP_EXCEPT);
  emit(Op::POP_TOP);  // lasti
  emit(Op::POP_TOP);  // exit
}

void Codegen::pop_except_and_reraise() {
  // prev lasti exc -> COPY 3 -> POP_EXCEPT restores prev -> RERAISE 1 (lasti at stack[-2])
  emit(Op::COPY, 3);
  emit(Op::POP_EXCEPT);
  emit(Op::RERAISE, 1);
}

void Codegen::visit_with(const With& s, size_t pos) {
  const WithItem& item = s.items[pos];
  int block = new_label(), final_ = new_label(), exit = new_label(), cleanup = new_label();
  visit_expr(*item.context_expr);
  emit(Op::BEFORE_WITH);  // mgr -- exit enter_result
  emit_jump(kSetupWith, final_);
  use_label(block);
  push_fblock(s.loc, {FBlockType::With, block, final_, nullptr, &s});
  if (item.optional_vars)
    visit_expr(*item.optional_vars);
  else
    emit(Op::POP_TOP);
  if (pos + 1 == s.items.size())
    visit_body(s.body);
  else
    visit_with(s, pos + 1);
  unset_loc();
  pop_block();
  pop_fblock(FBlockType::With);
  set_loc(s.loc);
  call_exit_with_nones();
  emit(Op::POP_TOP);
  emit_jump(kJump, exit);

  use_label(final_);  // exit lasti exc
  emit_jump(kSetupCleanup, cleanup);
  emit(Op::PUSH_EXC_INFO);
  emit(Op::WITH_EXCEPT_START);
  with_except_finish(cleanup);
  use_label(exit);
}

void Codegen::visit_async_with(const With& s, size_t pos) {
  if (u_->kind != UnitKind::AsyncFunction && !async_allowed())
    error(s.loc, "'async with' outside async function");
  const WithItem& item = s.items[pos];
  int block = new_label(), final_ = new_label(), exit = new_label(), cleanup = new_label();
  visit_expr(*item.context_expr);
  emit(Op::BEFORE_ASYNC_WITH);
  emit(Op::GET_AWAITABLE, 1);
  load_none();
  add_yield_from(true);
  emit_jump(kSetupWith, final_);
  use_label(block);
  push_fblock(s.loc, {FBlockType::AsyncWith, block, final_, nullptr, &s});
  if (item.optional_vars)
    visit_expr(*item.optional_vars);
  else
    emit(Op::POP_TOP);
  if (pos + 1 == s.items.size())
    visit_body(s.body);
  else
    visit_async_with(s, pos + 1);
  pop_fblock(FBlockType::AsyncWith);
  pop_block();
  set_loc(s.loc);
  call_exit_with_nones();
  emit(Op::GET_AWAITABLE, 2);
  load_none();
  add_yield_from(true);
  emit(Op::POP_TOP);
  emit_jump(kJump, exit);

  use_label(final_);
  emit_jump(kSetupCleanup, cleanup);
  emit(Op::PUSH_EXC_INFO);
  emit(Op::WITH_EXCEPT_START);
  emit(Op::GET_AWAITABLE, 2);
  load_none();
  add_yield_from(true);
  with_except_finish(cleanup);
  use_label(exit);
}

// ---------------------------------------------------------------------------
// try

void Codegen::visit_try(const Try& s) {
  if (!s.finalbody.empty())
    visit_try_finally(s);
  else if (s.is_star)
    visit_try_star_except(s);
  else
    visit_try_except(s);
}

void Codegen::visit_try_finally(const Try& s) {
  int body = new_label(), end = new_label(), exit = new_label(), cleanup = new_label();
  emit_jump(kSetupFinally, end);
  use_label(body);
  push_fblock(s.loc, {FBlockType::FinallyTry, body, end, &s.finalbody});
  if (s.handlers.empty())
    visit_body(s.body);
  else if (s.is_star)
    visit_try_star_except(s);
  else
    visit_try_except(s);
  u_->instrs.push_back({kPopBlock, 0, -1});
  pop_fblock(FBlockType::FinallyTry);
  visit_body(s.finalbody);
  emit_jump_noline(kJump, exit);

  use_label(end);  // exc
  unset_loc();
  emit_jump(kSetupCleanup, cleanup);
  emit(Op::PUSH_EXC_INFO);
  push_fblock(s.loc, {FBlockType::FinallyEnd, end});
  visit_body(s.finalbody);
  pop_fblock(FBlockType::FinallyEnd);
  unset_loc();
  emit(Op::RERAISE, 0);
  use_label(cleanup);
  pop_except_and_reraise();
  use_label(exit);
}

void Codegen::visit_try_except(const Try& s) {
  int body = new_label(), except = new_label(), end = new_label(), cleanup = new_label();
  emit_jump(kSetupFinally, except);
  use_label(body);
  push_fblock(s.loc, {FBlockType::TryExcept, body});
  visit_body(s.body);
  pop_fblock(FBlockType::TryExcept);
  u_->instrs.push_back({kPopBlock, 0, -1});
  visit_body(s.orelse);
  emit_jump_noline(kJump, end);

  use_label(except);  // exc
  unset_loc();
  emit_jump(kSetupCleanup, cleanup);
  emit(Op::PUSH_EXC_INFO);  // prev exc
  push_fblock(s.loc, {FBlockType::ExceptionHandler});
  for (size_t i = 0; i < s.handlers.size(); ++i) {
    const ExceptHandler& h = s.handlers[i];
    set_loc(h.loc);
    if (!h.type && i + 1 < s.handlers.size()) error(h.loc, "default 'except:' must be last");
    except = new_label();
    if (h.type) {
      visit_expr(*h.type);
      emit(Op::CHECK_EXC_MATCH);
      emit_jump(int(Op::POP_JUMP_IF_FALSE), except);
    }
    if (!h.name.empty()) {
      int cleanup_end = new_label(), cleanup_body = new_label();
      nameop(h.name, ExprContext::Store);
      // try: body  finally: name = None; del name
      emit_jump(kSetupCleanup, cleanup_end);
      use_label(cleanup_body);
      FBlock fb{FBlockType::HandlerCleanup, cleanup_body};
      fb.name = h.name;
      push_fblock(h.loc, std::move(fb));
      visit_body(h.body);
      pop_fblock(FBlockType::HandlerCleanup);
      unset_loc();
      pop_block();
      pop_block();
      emit(Op::POP_EXCEPT);
      load_none();
      nameop(h.name, ExprContext::Store);
      nameop(h.name, ExprContext::Del);
      emit_jump(kJump, end);

      use_label(cleanup_end);  // prev lasti exc2
      unset_loc();
      load_none();
      nameop(h.name, ExprContext::Store);
      nameop(h.name, ExprContext::Del);
      emit(Op::RERAISE, 1);
    } else {
      int cleanup_body = new_label();
      emit(Op::POP_TOP);  // exc
      use_label(cleanup_body);
      push_fblock(h.loc, {FBlockType::HandlerCleanup, cleanup_body});
      visit_body(h.body);
      pop_fblock(FBlockType::HandlerCleanup);
      unset_loc();
      pop_block();
      emit(Op::POP_EXCEPT);
      emit_jump(kJump, end);
    }
    use_label(except);
  }
  unset_loc();
  pop_fblock(FBlockType::ExceptionHandler);
  emit(Op::RERAISE, 0);
  use_label(cleanup);
  pop_except_and_reraise();
  use_label(end);
}

// try/except* (PEP 654), as CPython 3.11's compiler_try_star_except. The handler region
// keeps  prev_exc orig raised_list rest  on the stack: each clause splits `rest` with
// CHECK_EG_MATCH, binds the match as a group, and leaves the unmatched part as the next
// `rest`; whatever a clause body raises is appended to raised_list (so the next clause
// still runs). At the end the last rest is appended too, and PREP_RERAISE_STAR combines
// the list with orig into what to re-raise (None: nothing). break, continue and return
// cannot leave an except* body (the ExceptionGroupHandler fblock refuses them).
void Codegen::visit_try_star_except(const Try& s) {
  int body = new_label(), except = new_label(), orelse = new_label(), end = new_label(),
      cleanup = new_label(), reraise_star = new_label(), reraise = new_label();
  emit_jump(kSetupFinally, except);
  use_label(body);
  push_fblock(s.loc, {FBlockType::TryExcept, body});
  visit_body(s.body);
  pop_fblock(FBlockType::TryExcept);
  u_->instrs.push_back({kPopBlock, 0, -1});
  emit_jump_noline(kJump, orelse);

  use_label(except);  // exc
  unset_loc();
  emit_jump(kSetupCleanup, cleanup);
  emit(Op::PUSH_EXC_INFO);  // prev exc
  push_fblock(s.loc, {FBlockType::ExceptionGroupHandler});
  size_t n = s.handlers.size();
  for (size_t i = 0; i < n; ++i) {
    const ExceptHandler& h = s.handlers[i];
    set_loc(h.loc);
    int next = new_label(), except_with_error = new_label(), no_match = new_label();
    if (i == 0) {
      emit(Op::COPY, 1);        // prev orig exc
      emit(Op::BUILD_LIST, 0);  // prev orig exc []
      emit(Op::SWAP, 2);        // prev orig [] exc
    }
    if (h.type) {  // the parser requires one
      visit_expr(*h.type);
      emit(Op::CHECK_EG_MATCH);  // ... rest match
      emit(Op::COPY, 1);
      emit_jump(int(Op::POP_JUMP_IF_NONE), no_match);
    }
    int cleanup_end = new_label(), cleanup_body = new_label();
    if (!h.name.empty())
      nameop(h.name, ExprContext::Store);
    else
      emit(Op::POP_TOP);  // match
    // try: body  finally: name = None; del name   (and what the body raises is kept)
    emit_jump(kSetupCleanup, cleanup_end);
    use_label(cleanup_body);
    FBlock fb{FBlockType::HandlerCleanup, cleanup_body};
    fb.name = h.name;
    push_fblock(h.loc, std::move(fb));
    visit_body(h.body);
    pop_fblock(FBlockType::HandlerCleanup);
    pop_block();
    if (!h.name.empty()) {
      load_none();
      nameop(h.name, ExprContext::Store);
      nameop(h.name, ExprContext::Del);
    }
    emit_jump(kJump, next);

    use_label(cleanup_end);  // prev orig list rest lasti exc2
    unset_loc();
    if (!h.name.empty()) {
      load_none();
      nameop(h.name, ExprContext::Store);
      nameop(h.name, ExprContext::Del);
    }
    emit(Op::LIST_APPEND, 3);  // raised_list.append(exc2)
    emit(Op::POP_TOP);         // lasti
    emit_jump(kJump, except_with_error);

    use_label(next);
    emit(Op::NOP);  // holds the location the body's end propagates
    emit_jump(kJump, except_with_error);

    use_label(no_match);
    emit(Op::POP_TOP);  // match (None)

    use_label(except_with_error);
    if (i + 1 == n) {
      emit(Op::LIST_APPEND, 1);  // the unhandled rest (None when all was handled)
      emit_jump(kJump, reraise_star);
    }
  }
  unset_loc();
  pop_fblock(FBlockType::ExceptionGroupHandler);

  use_label(reraise_star);  // prev orig list
  emit(Op::PREP_RERAISE_STAR);
  emit(Op::COPY, 1);
  emit_jump(int(Op::POP_JUMP_IF_NOT_NONE), reraise);
  emit(Op::POP_TOP);  // nothing to re-raise
  pop_block();
  emit(Op::POP_EXCEPT);
  emit_jump(kJump, end);
  use_label(reraise);  // prev exc
  pop_block();
  emit(Op::SWAP, 2);
  emit(Op::POP_EXCEPT);
  emit(Op::RERAISE, 0);
  use_label(cleanup);
  pop_except_and_reraise();
  use_label(orelse);
  visit_body(s.orelse);
  use_label(end);
}

}  // namespace cg
}  // namespace gilpy::compiler
