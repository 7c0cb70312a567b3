// compiler/codegen.cpp: the code generator's units, emission helpers and assembler.
//
// Statements are in codegen_stmt.cpp, expressions in codegen_expr.cpp; this file owns
// what turns a Unit's instruction list into a vm::Code (see codegen.h for the
// pseudo-instructions and the CFG walk). Invariants the assembler checks (an internal
// error otherwise): every path reaching an instruction has the same stack depth, no
// path falls off the end, conditional jumps only go forward.
#include "compiler/codegen.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "compiler/lexer.h"
#include "runtime/bytes.h"
#include "runtime/complex.h"
#include "runtime/float.h"
#include "runtime/int.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::compiler {
namespace cg {

using vm::Op;

namespace {

bool is_identifier_like(std::string_view s) {
  for (unsigned char ch : s) {
    if (!(std::isalnum(ch) || ch == '_')) return false;
  }
  return true;
}

// A const's dedup key: kind letter, payload length, payload.
std::string key_of(char kind, std::string_view payload) {
  std::string k;
  k.reserve(payload.size() + 12);
  k += kind;
  k += std::to_string(payload.size());
  k += ':';
  k += payload;
  return k;
}

bool is_uncond_terminator(int op) {
  return op == int(Op::RETURN_VALUE) || op == int(Op::RAISE_VARARGS) ||
         op == int(Op::RERAISE) || op == kJump || op == int(Op::JUMP_FORWARD) ||
         op == int(Op::JUMP_BACKWARD);
}

bool is_setup(int op) { return op == kSetupFinally || op == kSetupCleanup || op == kSetupWith; }

bool is_jump_op(int op) {
  if (op == kJump) return true;
  if (op >= vm::kOpCount) return false;
  return vm::op_has_jump(static_cast<Op>(op));
}

rt::Value str_value(std::string_view s) {
  return rt::Value::from_obj(rt::intern(s));
}

rt::Own<rt::Tuple> tuple_of_names(const std::vector<std::string>& v) {
  std::vector<rt::Value> items;
  items.reserve(v.size());
  for (const auto& s : v) items.push_back(str_value(s));
  return rt::tuple_from_array(items.data(), int64_t(items.size()));
}

}  // namespace

Codegen::Codegen(const SymbolTable& st, std::string_view source, std::string filename,
                 Mode mode, const Options& options)
    : st_(st), source_(source), filename_(std::move(filename)), mode_(mode), options_(options) {}

// ---------------------------------------------------------------------------
// Errors

void Codegen::error(const Location& loc, const std::string& msg) {
  std::string line = source_line(source_, loc.lineno);
  int col = byte_col_to_char_col(line, loc.col_offset);
  int end_lineno = loc.end_lineno ? loc.end_lineno : loc.lineno;
  int end_col = col;
  if (loc.end_lineno) {
    std::string end_line =
        end_lineno == loc.lineno ? line : source_line(source_, end_lineno);
    end_col = byte_col_to_char_col(end_line, loc.end_col_offset);
  }
  throw CompileError("SyntaxError", msg, filename_, loc.lineno, col, end_lineno, end_col,
                     line);
}

void Codegen::internal_error(const std::string& msg) {
  throw CompileError("SystemError", "internal compiler error: " + msg, filename_,
                     u_ ? std::max(u_->lineno, 1) : 1, 0, 0, 0, "");
}

// ---------------------------------------------------------------------------
// Units

void Codegen::enter_scope(const std::string& name, UnitKind kind, const Scope* ste,
                          int firstlineno) {
  if (!ste) internal_error("no symbol table entry for " + name);
  auto unit = std::make_unique<Unit>();
  Unit* parent = u_;
  unit->ste = ste;
  unit->kind = kind;
  unit->name = name;
  unit->firstlineno = firstlineno;
  unit->lineno = firstlineno;
  unit->private_name = kind == UnitKind::Class ? name : (parent ? parent->private_name : "");
  for (const auto& c : ste->cellvars) {
    unit->cell_map.emplace(c, int(unit->cellvars.size()));
    unit->cellvars.push_back(c);
  }
  for (const auto& f : ste->freevars) {
    unit->free_map.emplace(f, int(unit->freevars.size()));
    unit->freevars.push_back(f);
  }

  // Qualified name (CPython's compiler_set_qualname).
  if (parent && parent->kind != UnitKind::Module) {
    bool force_global = false;
    if (kind == UnitKind::Function || kind == UnitKind::AsyncFunction ||
        kind == UnitKind::Class) {
      std::string mangled = mangle(parent->private_name, name);
      if (parent->ste->scope_of(mangled) == SymbolScope::GlobalExplicit) force_global = true;
    }
    if (force_global) {
      unit->qualname = name;
    } else if (parent->kind == UnitKind::Function || parent->kind == UnitKind::AsyncFunction ||
               parent->kind == UnitKind::Lambda) {
      unit->qualname = parent->qualname + ".<locals>." + name;
    } else {
      unit->qualname = parent->qualname + "." + name;
    }
  } else {
    unit->qualname = name;
  }

  stack_.push_back(std::move(unit));
  u_ = stack_.back().get();
  if (kind != UnitKind::Module) ++nestlevel_;
}

void Codegen::exit_scope() {
  if (u_->kind != UnitKind::Module) --nestlevel_;
  stack_.pop_back();
  u_ = stack_.empty() ? nullptr : stack_.back().get();
}

// ---------------------------------------------------------------------------
// Emission

int Codegen::new_label() {
  u_->labels.push_back(-1);
  return int(u_->labels.size()) - 1;
}

void Codegen::use_label(int label) { u_->labels[label] = int(u_->instrs.size()); }

void Codegen::emit(Op op, int32_t arg) { u_->instrs.push_back({int(op), arg, u_->lineno}); }

void Codegen::emit_at(Op op, int32_t arg, int line) {
  u_->instrs.push_back({int(op), arg, line});
}

void Codegen::emit_jump(int op, int label) { u_->instrs.push_back({op, label, u_->lineno}); }

void Codegen::emit_jump_noline(int op, int label) { u_->instrs.push_back({op, label, -1}); }

void Codegen::pop_block() { u_->instrs.push_back({kPopBlock, 0, u_->lineno}); }

int Codegen::add_const(rt::Ref v, const std::string& key) {
  auto it = u_->const_map.find(key);
  if (it != u_->const_map.end()) return it->second;
  if (v.is_null()) internal_error("constant creation failed");
  int i = int(u_->consts.size());
  u_->consts.push_back(std::move(v));
  u_->const_map.emplace(key, i);
  return i;
}

int Codegen::const_none() { return add_const(rt::Ref::none(), "N"); }

int Codegen::const_str(std::string_view s) {
  std::string key = key_of('s', s);
  auto it = u_->const_map.find(key);
  if (it != u_->const_map.end()) return it->second;
  rt::Ref v = is_identifier_like(s) ? rt::Ref::borrow(str_value(s))
                                    : rt::Ref(rt::str_from_utf8(s).into_ref());
  return add_const(std::move(v), key);
}

int Codegen::const_int(int64_t i) {
  std::string digits = std::to_string(i);
  std::string key = key_of('i', digits);
  auto it = u_->const_map.find(key);
  if (it != u_->const_map.end()) return it->second;
  return add_const(rt::make_int(i), key);
}

int Codegen::const_tuple_of_strs(const std::vector<std::string>& strs) {
  std::string payload;
  for (const auto& s : strs) payload += key_of('s', s);
  std::string key = key_of('t', payload);
  auto it = u_->const_map.find(key);
  if (it != u_->const_map.end()) return it->second;
  std::vector<rt::Ref> owned;
  std::vector<rt::Value> items;
  for (const auto& s : strs) {
    rt::Ref v = is_identifier_like(s) ? rt::Ref::borrow(str_value(s))
                                      : rt::Ref(rt::str_from_utf8(s).into_ref());
    items.push_back(v.get());
    owned.push_back(std::move(v));
  }
  return add_const(rt::tuple_from_array(items.data(), int64_t(items.size())).into_ref(), key);
}

int Codegen::const_of(const Constant& c) {
  switch (c.value_kind) {
    case ConstKind::None: return const_none();
    case ConstKind::True: return add_const(rt::Ref::boolean(true), "T");
    case ConstKind::False: return add_const(rt::Ref::boolean(false), "F");
    case ConstKind::Ellipsis: return add_const(rt::Ref::borrow(rt::ellipsis()), "E");
    case ConstKind::Int: {
      std::string key = key_of('i', c.str);
      auto it = u_->const_map.find(key);
      if (it != u_->const_map.end()) return it->second;
      auto small = c.as_int64();
      return add_const(small ? rt::make_int(*small) : rt::int_from_string(c.str, 10), key);
    }
    case ConstKind::Float: {
      char bits[sizeof(double)];
      std::memcpy(bits, &c.f, sizeof bits);
      std::string key = key_of('f', std::string_view(bits, sizeof bits));
      auto it = u_->const_map.find(key);
      if (it != u_->const_map.end()) return it->second;
      return add_const(rt::make_float(c.f), key);
    }
    case ConstKind::Imag: {
      std::string key;
      rt::Ref value;
      complex_const(0.0, c.f, &key, &value);
      auto it = u_->const_map.find(key);
      if (it != u_->const_map.end()) return it->second;
      return add_const(std::move(value), key);
    }
    case ConstKind::Str: return const_str(c.str);
    case ConstKind::Bytes: {
      std::string key = key_of('b', c.str);
      auto it = u_->const_map.find(key);
      if (it != u_->const_map.end()) return it->second;
      return add_const(rt::bytes_new(c.str).into_ref(), key);
    }
  }
  internal_error("bad constant kind");
}

// A complex constant and its const_map key: both parts' bits, so 0j and -0j differ.
void Codegen::complex_const(double real, double imag, std::string* key, rt::Ref* value) {
  char bits[2 * sizeof(double)];
  std::memcpy(bits, &real, sizeof real);
  std::memcpy(bits + sizeof real, &imag, sizeof imag);
  *key = key_of('c', std::string_view(bits, sizeof bits));
  *value = rt::make_complex(real, imag);
}

// Constant folding: the part of CPython's AST optimizer that matters for speed and for
// what programs can observe (a constant tuple is one object). Foldable: a Constant,
// unary - or + of an int, float or imaginary constant, and a tuple display of foldable expressions.
bool Codegen::fold_const(const Expr& e, std::string* key, rt::Ref* value) {
  NestingGuard nested(nesting_, kMaxCompilerNesting, CompileError::too_deep_for_compiler);
  switch (e.kind) {
    case ExprKind::Constant: {
      const Constant& c = *e.as<Constant>();
      switch (c.value_kind) {
        case ConstKind::None: *key = "N"; *value = rt::Ref::none(); return true;
        case ConstKind::True: *key = "T"; *value = rt::Ref::boolean(true); return true;
        case ConstKind::False: *key = "F"; *value = rt::Ref::boolean(false); return true;
        case ConstKind::Ellipsis:
          *key = "E";
          *value = rt::Ref::borrow(rt::ellipsis());
          return true;
        case ConstKind::Int: {
          *key = key_of('i', c.str);
          auto small = c.as_int64();
          *value = small ? rt::make_int(*small) : rt::int_from_string(c.str, 10);
          return !value->is_null();
        }
        case ConstKind::Float: {
          char bits[sizeof(double)];
          std::memcpy(bits, &c.f, sizeof bits);
          *key = key_of('f', std::string_view(bits, sizeof bits));
          *value = rt::make_float(c.f);
          return !value->is_null();
        }
        case ConstKind::Imag:
          complex_const(0.0, c.f, key, value);
          return !value->is_null();
        case ConstKind::Str:
          *key = key_of('s', c.str);
          *value = is_identifier_like(c.str) ? rt::Ref::borrow(str_value(c.str))
                                             : rt::Ref(rt::str_from_utf8(c.str).into_ref());
          return true;
        case ConstKind::Bytes:
          *key = key_of('b', c.str);
          *value = rt::bytes_new(c.str).into_ref();
          return !value->is_null();
      }
      return false;
    }
    case ExprKind::UnaryOp: {
      const UnaryOp& un = *e.as<UnaryOp>();
      if (un.op != UnaryOpKind::USub && un.op != UnaryOpKind::UAdd) return false;
      if (un.operand->kind != ExprKind::Constant) return false;
      const Constant& c = *un.operand->as<Constant>();
      bool neg = un.op == UnaryOpKind::USub;
      if (c.value_kind == ConstKind::Int) {
        std::string digits = (neg && c.str != "0") ? "-" + c.str : c.str;
        *key = key_of('i', digits);
        auto small = c.as_int64();
        *value = small ? rt::make_int(neg ? -*small : *small) : rt::int_from_string(digits, 10);
        return !value->is_null();
      }
      if (c.value_kind == ConstKind::Float) {
        double d = neg ? -c.f : c.f;
        char bits[sizeof(double)];
        std::memcpy(bits, &d, sizeof bits);
        *key = key_of('f', std::string_view(bits, sizeof bits));
        *value = rt::make_float(d);
        return !value->is_null();
      }
      if (c.value_kind == ConstKind::Imag) {  // -(0+fj) is (-0.0)+(-f)j
        complex_const(neg ? -0.0 : 0.0, neg ? -c.f : c.f, key, value);
        return !value->is_null();
      }
      return false;
    }
    case ExprKind::Tuple: {
      const Tuple& t = *e.as<Tuple>();
      if (t.ctx != ExprContext::Load) return false;
      return fold_tuple(t.elts, key, value);
    }
    default:
      return false;
  }
}

bool Codegen::fold_tuple(const ExprList& elts, std::string* key, rt::Ref* value) {
  std::string payload;
  std::vector<rt::Ref> items;
  items.reserve(elts.size());
  for (const auto& elt : elts) {
    std::string k;
    rt::Ref v;
    if (!fold_const(*elt, &k, &v)) return false;
    payload += key_of('k', k);
    items.push_back(std::move(v));
  }
  std::vector<rt::Value> raw;
  raw.reserve(items.size());
  for (const auto& r : items) raw.push_back(r.get());
  *key = key_of('t', payload);
  *value = rt::tuple_from_array(raw.data(), int64_t(raw.size())).into_ref();
  return !value->is_null();
}

bool Codegen::try_load_folded(const Expr& e) {
  std::string key;
  rt::Ref value;
  if (!fold_const(e, &key, &value)) return false;
  load_const_index(add_const(std::move(value), key));
  return true;
}

// An iterable or `in` container: a list display of constants becomes a constant tuple
// (CPython's fold_iter / fold_compare), anything else is evaluated.
void Codegen::visit_iterable(const Expr& e) {
  if (e.kind == ExprKind::List && e.as<List>()->ctx == ExprContext::Load) {
    std::string key;
    rt::Ref value;
    if (fold_tuple(e.as<List>()->elts, &key, &value)) {
      int old = u_->lineno;
      set_loc(e.loc);
      load_const_index(add_const(std::move(value), key));
      u_->lineno = old;
      return;
    }
  }
  visit_expr(e);
}

int Codegen::name_index(const std::string& name) {
  auto it = u_->name_map.find(name);
  if (it != u_->name_map.end()) return it->second;
  int i = int(u_->names.size());
  u_->names.push_back(name);
  u_->name_map.emplace(name, i);
  return i;
}

int Codegen::varname_index(const std::string& name) {
  auto it = u_->varname_map.find(name);
  if (it != u_->varname_map.end()) return it->second;
  int i = int(u_->varnames.size());
  u_->varnames.push_back(name);
  u_->varname_map.emplace(name, i);
  return i;
}

int Codegen::deref_index_cell(const std::string& name) {
  auto it = u_->cell_map.find(name);
  if (it == u_->cell_map.end()) internal_error("no cell for '" + name + "'");
  return it->second;
}

int Codegen::deref_index_free(const std::string& name) {
  auto it = u_->free_map.find(name);
  if (it == u_->free_map.end()) internal_error("no free variable '" + name + "'");
  return int(u_->cellvars.size()) + it->second;
}

std::string Codegen::mangle_name(std::string_view name) const {
  return mangle(u_->private_name, name);
}

// CPython's compiler_nameop.
void Codegen::nameop(const std::string& raw, ExprContext ctx) {
  std::string name = mangle_name(raw);
  SymbolScope scope = u_->ste->scope_of(name);
  bool function = u_->ste->type == ScopeType::Function;
  enum { kName, kFast, kDeref, kGlobal } optype = kName;
  int arg = 0;
  switch (scope) {
    case SymbolScope::Free:
      optype = kDeref;
      arg = deref_index_free(name);
      break;
    case SymbolScope::Cell:
      optype = kDeref;
      arg = deref_index_cell(name);
      break;
    case SymbolScope::Local:
      if (function) optype = kFast;
      break;
    case SymbolScope::GlobalImplicit:
      if (function) optype = kGlobal;
      break;
    case SymbolScope::GlobalExplicit:
      optype = kGlobal;
      break;
    case SymbolScope::Unresolved:
      break;
  }
  switch (optype) {
    case kDeref: {
      Op op = ctx == ExprContext::Load
                  ? (u_->ste->type == ScopeType::Class ? Op::LOAD_CLASSDEREF : Op::LOAD_DEREF)
                  : ctx == ExprContext::Store ? Op::STORE_DEREF : Op::DELETE_DEREF;
      emit(op, arg);
      return;
    }
    case kFast: {
      Op op = ctx == ExprContext::Load    ? Op::LOAD_FAST
              : ctx == ExprContext::Store ? Op::STORE_FAST
                                          : Op::DELETE_FAST;
      emit(op, varname_index(name));
      return;
    }
    case kGlobal: {
      Op op = ctx == ExprContext::Load    ? Op::LOAD_GLOBAL
              : ctx == ExprContext::Store ? Op::STORE_GLOBAL
                                          : Op::DELETE_GLOBAL;
      emit(op, name_index(name));
      return;
    }
    case kName: {
      Op op = ctx == ExprContext::Load    ? Op::LOAD_NAME
              : ctx == ExprContext::Store ? Op::STORE_NAME
                                          : Op::DELETE_NAME;
      emit(op, name_index(name));
      return;
    }
  }
}

void Codegen::push_fblock(const Location& loc, FBlock fb) {
  if (u_->fblocks.size() >= 20) error(loc, "too many statically nested blocks");
  u_->fblocks.push_back(std::move(fb));
}

void Codegen::pop_fblock(FBlockType type) {
  if (u_->fblocks.empty() || u_->fblocks.back().type != type) internal_error("fblock mismatch");
  u_->fblocks.pop_back();
}

bool Codegen::async_allowed() const { return options_.top_level_await && u_->kind == UnitKind::Module; }

uint32_t Codegen::compute_code_flags() const {
  const Scope* ste = u_->ste;
  uint32_t flags = 0;
  if (ste->type == ScopeType::Function) {
    flags |= vm::kCoOptimized | vm::kCoNewLocals;
    if (ste->is_nested) flags |= vm::kCoNested;
    if (ste->is_generator && !ste->is_coroutine) flags |= vm::kCoGenerator;
    if (!ste->is_generator && ste->is_coroutine) flags |= vm::kCoCoroutine;
    if (ste->is_generator && ste->is_coroutine) flags |= vm::kCoAsyncGenerator;
    if (ste->has_varargs) flags |= vm::kCoVarargs;
    if (ste->has_varkw) flags |= vm::kCoVarkeywords;
  } else if (ste->type == ScopeType::Module && ste->is_coroutine && async_allowed()) {
    flags |= vm::kCoCoroutine;  // top-level await: the module's code is a coroutine
  }
  return flags;
}

// ---------------------------------------------------------------------------
// The module

rt::Own<vm::Code> Codegen::compile_module(const Module& mod) {
  future_annotations_ = mod.future_annotations;
  enter_scope("<module>", UnitKind::Module, st_.lookup(mod), 1);
  rt::Own<vm::Code> co;
  switch (mode_) {
    case Mode::Exec:
      compiler_body(mod.body);
      co = assemble(true);
      break;
    case Mode::Single:
      if (!mod.body.empty() && mod.body[0]) set_loc(mod.body[0]->loc);
      if (find_annotations(mod.body)) emit(Op::SETUP_ANNOTATIONS);
      for (const auto& s : mod.body) visit_stmt(*s);
      co = assemble(true);
      break;
    case Mode::Eval:
      if (!mod.expr) internal_error("eval mode without an expression");
      set_loc(mod.expr->loc);
      visit_expr(*mod.expr);
      emit(Op::RETURN_VALUE);
      co = assemble(false);
      break;
  }
  exit_scope();
  return co;
}

// ---------------------------------------------------------------------------
// The assembler

rt::Own<vm::Code> Codegen::assemble(bool add_none) {
  Unit& U = *u_;
  // Every path that falls off the end returns None.
  {
    bool need = U.instrs.empty() || !is_uncond_terminator(U.instrs.back().op);
    for (int pos : U.labels) {
      if (pos == int(U.instrs.size())) need = true;
    }
    if (need) {
      U.lineno = -1;
      if (add_none) load_none();
      emit(Op::RETURN_VALUE);
    }
  }
  // Generators and coroutines start with RETURN_GENERATOR; POP_TOP (the first send's None).
  uint32_t flags = compute_code_flags();
  if (flags & (vm::kCoGenerator | vm::kCoCoroutine | vm::kCoAsyncGenerator)) {
    U.instrs.insert(U.instrs.begin(), {{int(Op::RETURN_GENERATOR), 0, U.firstlineno},
                                       {int(Op::POP_TOP), 0, U.firstlineno}});
    for (int& pos : U.labels) {
      if (pos >= 0) pos += 2;
    }
  }

  const int n = int(U.instrs.size());
  auto target_pos = [&](int label) {
    if (label < 0 || label >= int(U.labels.size()) || U.labels[label] < 0)
      internal_error("unplaced label");
    return U.labels[label];
  };

  // 1. One walk of the control-flow graph: stack depth before each instruction,
  //    innermost active SETUP_* (handler) of each instruction, reachability.
  std::vector<int> depth(n, INT_MIN);
  std::vector<int> handler(n, -1);
  std::vector<int> setup_target_depth(n, 0);
  struct Work {
    int pos;
    int depth;
    std::vector<int> stack;
  };
  std::vector<Work> todo;
  // A generator's frame resumes after RETURN_GENERATOR with the sent value pushed (the
  // POP_TOP that follows drops it): start the walk at depth 1, as CPython does.
  bool resumable = flags & (vm::kCoGenerator | vm::kCoCoroutine | vm::kCoAsyncGenerator);
  todo.push_back({0, resumable ? 1 : 0, {}});
  int maxdepth = 0;
  while (!todo.empty()) {
    Work w = std::move(todo.back());
    todo.pop_back();
    int i = w.pos;
    int d = w.depth;
    std::vector<int> stk = std::move(w.stack);
    for (;;) {
      if (i >= n) internal_error("control falls off the end of " + U.name);
      if (depth[i] != INT_MIN) {
        if (depth[i] != d)
          internal_error("inconsistent stack depth at instruction " + std::to_string(i) +
                         " of " + U.name + " (" + std::to_string(depth[i]) + " vs " +
                         std::to_string(d) + ")");
        break;
      }
      depth[i] = d;
      const Instr& in = U.instrs[i];
      handler[i] = stk.empty() ? -1 : stk.back();
      if (is_setup(in.op)) {
        int je = in.op == kSetupCleanup ? 2 : 1;
        setup_target_depth[i] = d + je;
        maxdepth = std::max(maxdepth, d + je);
        todo.push_back({target_pos(in.arg), d + je, stk});
        stk.push_back(i);
        ++i;
        continue;
      }
      if (in.op == kPopBlock) {
        if (stk.empty()) internal_error("POP_BLOCK without SETUP in " + U.name);
        stk.pop_back();
        ++i;
        continue;
      }
      if (in.op == kJump) {
        todo.push_back({target_pos(in.arg), d, stk});
        break;
      }
      Op op = static_cast<Op>(in.op);
      if (vm::op_has_jump(op)) {
        int jd = d + vm::op_stack_effect(op, in.arg, true);
        if (jd < 0) internal_error("negative stack depth in " + U.name);
        maxdepth = std::max(maxdepth, jd);
        todo.push_back({target_pos(in.arg), jd, stk});
        if (op == Op::JUMP_FORWARD || op == Op::JUMP_BACKWARD) break;
      }
      d += vm::op_stack_effect(op, in.arg, false);
      if (d < 0)
        internal_error("negative stack depth at instruction " + std::to_string(i) + " of " +
                       U.name);
      maxdepth = std::max(maxdepth, d);
      if (is_uncond_terminator(in.op)) break;
      ++i;
    }
  }

  // 2. Keep reachable real instructions; drop jumps to the next kept instruction.
  std::vector<char> keep(n, 0);
  for (int i = 0; i < n; ++i) {
    keep[i] = depth[i] != INT_MIN && !is_setup(U.instrs[i].op) && U.instrs[i].op != kPopBlock;
  }
  std::vector<int> next_kept(n + 1, n);
  auto compute_next_kept = [&] {
    next_kept[n] = n;
    for (int i = n - 1; i >= 0; --i) next_kept[i] = keep[i] ? i : next_kept[i + 1];
  };
  compute_next_kept();
  for (int i = 0; i < n; ++i) {
    if (keep[i] && U.instrs[i].op == kJump) {
      int t = next_kept[target_pos(U.instrs[i].arg)];
      if (t == next_kept[i + 1] && t != i) {
        keep[i] = 0;
        compute_next_kept();
      }
    }
  }
  std::vector<int> new_index(n + 1, -1);
  std::vector<int> kept;
  for (int i = 0; i < n; ++i) {
    if (keep[i]) {
      new_index[i] = int(kept.size());
      kept.push_back(i);
    }
  }
  const int m = int(kept.size());
  auto label_index = [&](int label) {
    int p = next_kept[target_pos(label)];
    if (p >= n) internal_error("jump to the end of " + U.name);
    return new_index[p];
  };

  // 3. Final opcodes and operands (jump operands as kept-instruction indices for now).
  std::vector<int> fop(m), farg(m), ftarget(m, -1);
  for (int k = 0; k < m; ++k) {
    const Instr& in = U.instrs[kept[k]];
    fop[k] = in.op;
    farg[k] = in.arg;
    if (is_jump_op(in.op)) {
      int t = label_index(in.arg);
      ftarget[k] = t;
      if (in.op == kJump) {
        fop[k] = int(t <= k ? Op::JUMP_BACKWARD : Op::JUMP_FORWARD);
      } else if (t <= k) {
        internal_error(std::string("backward conditional jump ") +
                       vm::op_info(static_cast<Op>(in.op)).name + " in " + U.name);
      }
    }
  }

  // 4. Word offsets (cache words, EXTENDED_ARG prefixes); iterate until stable.
  std::vector<int> ext(m, 0), off(m + 1, 0);
  for (;;) {
    for (int k = 0; k < m; ++k)
      off[k + 1] = off[k] + ext[k] + 1 + vm::op_info(static_cast<Op>(fop[k])).caches;
    bool changed = false;
    for (int k = 0; k < m; ++k) {
      uint32_t a = ftarget[k] >= 0 ? uint32_t(off[ftarget[k]]) : uint32_t(farg[k]);
      int need = a > 0xFFFFFFu ? 1 : 0;
      if (need > ext[k]) {
        ext[k] = need;
        changed = true;
      }
    }
    if (!changed) break;
  }

  rt::Own<vm::Code> co = vm::code_new();
  if (!co) internal_error("code_new failed");
  co->code.reserve(off[m]);
  for (int k = 0; k < m; ++k) {
    Op op = static_cast<Op>(fop[k]);
    uint32_t a = ftarget[k] >= 0 ? uint32_t(off[ftarget[k]]) : uint32_t(farg[k]);
    if (ext[k]) co->code.push_back(vm::make_instr(Op::EXTENDED_ARG, a >> 24));
    co->code.push_back(vm::make_instr(op, a & 0xFFFFFFu));
    for (int c = 0; c < vm::op_info(op).caches; ++c) co->code.push_back(0);
  }

  // 5. Line table: artificial instructions take the previous line.
  {
    int prev = U.firstlineno;
    for (int k = 0; k < m; ++k) {
      int line = U.instrs[kept[k]].line;
      if (line <= 0) line = prev;
      if (co->lines.empty() || co->lines.back().line != line) {
        co->lines.push_back({off[k], line});
      }
      prev = line;
    }
  }

  // 6. Exception table: one row per run of instructions with the same handler.
  {
    int k = 0;
    while (k < m) {
      int h = handler[kept[k]];
      int start = k;
      while (k < m && handler[kept[k]] == h) ++k;
      if (h < 0) continue;
      const Instr& setup = U.instrs[h];
      bool lasti = setup.op != kSetupFinally;
      vm::ExceptionTableRow row;
      row.start = off[start];
      row.end = off[k];
      row.target = off[label_index(setup.arg)];
      row.depth = setup_target_depth[h] - 1 - (lasti ? 1 : 0);
      row.push_lasti = lasti;
      co->exception_table.push_back(row);
    }
  }

  // 7. The rest of the code object.
  // cell2arg: one entry per cellvar (the parameter it starts from, or -1).
  co->cell2arg.clear();
  for (const auto& c : U.cellvars) {
    auto it = U.varname_map.find(c);
    co->cell2arg.push_back(it != U.varname_map.end() && it->second < U.nparams ? it->second
                                                                                : -1);
  }

  {
    std::vector<rt::Value> items;
    items.reserve(U.consts.size());
    for (const auto& r : U.consts) items.push_back(r.get());
    co->consts = rt::tuple_from_array(items.data(), int64_t(items.size())).release();
  }
  co->names = tuple_of_names(U.names).release();
  co->varnames = tuple_of_names(U.varnames).release();
  co->cellvars = tuple_of_names(U.cellvars).release();
  co->freevars = tuple_of_names(U.freevars).release();
  co->filename = rt::str_from_utf8(filename_).release();
  rt::Str* nm = rt::intern(U.name);
  rt::incref(nm);
  co->name = nm;
  rt::Str* qn = rt::intern(U.qualname);
  rt::incref(qn);
  co->qualname = qn;
  co->argcount = U.argcount;
  co->posonlyargcount = U.posonlyargcount;
  co->kwonlyargcount = U.kwonlyargcount;
  co->nlocals = int32_t(U.varnames.size());
  co->ncells = int32_t(U.cellvars.size());
  co->nfrees = int32_t(U.freevars.size());
  co->stacksize = maxdepth;
  co->firstlineno = U.firstlineno;
  co->flags = flags;
  if (!vm::code_finish(co.get())) internal_error("code_finish rejected " + U.name);
  return co;
}

}  // namespace cg

rt::Own<vm::Code> codegen_module(const Module& mod, const SymbolTable& st,
                                 std::string_view source, const std::string& filename,
                                 Mode mode, const Options& options) {
  cg::Codegen gen(st, source, filename, mode, options);
  return gen.compile_module(mod);
}

}  // namespace gilpy::compiler
