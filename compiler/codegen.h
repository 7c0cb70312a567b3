// compiler/codegen.h: the code generator: AST + symbol table -> vm::Code objects.
//
// A port of CPython 3.11's Python/compile.c, adapted to gilpy's opcode contract
// (vm/opcodes.def, vm/code.h). One Unit (CPython's compiler_unit) per code object being
// compiled: module, class body, function, lambda, comprehension. Code is emitted as a
// linear list of instructions with symbolic labels; four pseudo-instructions carry the
// exception-handling structure exactly as 3.11 does:
//
//   SETUP_FINALLY L   an exception in the following code jumps to L with the stack cut to
//                     the current depth, then the exception pushed
//   SETUP_CLEANUP L   the same, but the raising instruction's index (lasti) is pushed first
//   SETUP_WITH L      as SETUP_CLEANUP, with the stack cut one lower (drops __enter__'s result)
//   POP_BLOCK         ends the innermost SETUP_*
//   JUMP L            becomes JUMP_FORWARD or JUMP_BACKWARD at assembly
//
// The assembler (codegen.cpp) walks the control-flow graph once from the entry with the
// stack depth and the stack of active SETUP_*s (CPython's stackdepth and
// label_exception_targets), drops unreachable code and pseudo-instructions, resolves
// labels to instruction indices (cache words and EXTENDED_ARG prefixes included), and
// builds the line table and the exception table (one row per run of instructions with
// the same innermost handler, so rows never overlap).
//
// Errors found here (e.g. "'await' outside async function") are thrown as CompileError.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ast.h"
#include "compiler/compile_error.h"
#include "compiler/compiler.h"
#include "compiler/symtable.h"
#include "runtime/object.h"
#include "vm/code.h"
#include "vm/opcodes.h"

namespace gilpy::compiler {

// Compiles a parsed module whose symbol table is `st`. Throws CompileError.
rt::Own<vm::Code> codegen_module(const Module& mod, const SymbolTable& st,
                                 std::string_view source, const std::string& filename,
                                 Mode mode, const Options& options = {});

namespace cg {

// Pseudo-instructions (never reach the final code).
constexpr int kSetupFinally = 256;
constexpr int kSetupCleanup = 257;
constexpr int kSetupWith = 258;
constexpr int kPopBlock = 259;
constexpr int kJump = 260;

struct Instr {
  int op;       // vm::Op, or a pseudo-instruction
  int32_t arg;  // operand; a label id for jumps and SETUP_*
  int line;     // -1: artificial (takes the line of the previous instruction)
};

enum class UnitKind { Module, Class, Function, AsyncFunction, Lambda, Comprehension };

// CPython's fblock kinds: what break/continue/return must unwind.
enum class FBlockType {
  WhileLoop, ForLoop, TryExcept, FinallyTry, FinallyEnd, With, AsyncWith, HandlerCleanup,
  PopValue, ExceptionHandler, ExceptionGroupHandler, AsyncComprehensionGenerator
};

struct FBlock {
  FBlockType type;
  int block = -1;  // label: loop start (continue target)
  int exit = -1;   // label: loop exit (break target)
  const StmtList* finalbody = nullptr;  // FinallyTry
  const Stmt* with = nullptr;           // With / AsyncWith (for the line)
  std::string name;                     // HandlerCleanup: the `as` name, "" if none
};

struct Unit {
  const Scope* ste = nullptr;
  UnitKind kind = UnitKind::Module;
  std::string name, qualname, private_name;
  int firstlineno = 1;
  int argcount = 0, posonlyargcount = 0, kwonlyargcount = 0;
  int nparams = 0;  // varnames that are parameters (incl. *args, **kwargs)

  std::vector<Instr> instrs;
  std::vector<int> labels;  // label id -> instruction position (-1 until placed)

  std::vector<rt::Ref> consts;
  std::unordered_map<std::string, int> const_map;
  std::vector<std::string> names;
  std::unordered_map<std::string, int> name_map;
  std::vector<std::string> varnames;
  std::unordered_map<std::string, int> varname_map;
  std::vector<std::string> cellvars, freevars;
  std::unordered_map<std::string, int> cell_map, free_map;

  std::vector<FBlock> fblocks;
  int lineno = -1;  // line of the instructions being emitted (-1: artificial)
};

// The BINARY_OP operand of an AST operator.
inline rt::BinOp binop_of(BinOpKind k) {
  switch (k) {
    case BinOpKind::Add: return rt::BinOp::Add;
    case BinOpKind::Sub: return rt::BinOp::Sub;
    case BinOpKind::Mult: return rt::BinOp::Mul;
    case BinOpKind::MatMult: return rt::BinOp::MatMul;
    case BinOpKind::Div: return rt::BinOp::TrueDiv;
    case BinOpKind::Mod: return rt::BinOp::Mod;
    case BinOpKind::Pow: return rt::BinOp::Pow;
    case BinOpKind::LShift: return rt::BinOp::LShift;
    case BinOpKind::RShift: return rt::BinOp::RShift;
    case BinOpKind::BitOr: return rt::BinOp::Or;
    case BinOpKind::BitXor: return rt::BinOp::Xor;
    case BinOpKind::BitAnd: return rt::BinOp::And;
    case BinOpKind::FloorDiv: return rt::BinOp::FloorDiv;
  }
  return rt::BinOp::Add;
}

// Does the block (not nested scopes) contain an annotated assignment? (CPython's find_ann)
bool find_annotations(const StmtList& stmts);

enum class CompKind { List, Set, Dict, Genexp };

class Codegen {
 public:
  Codegen(const SymbolTable& st, std::string_view source, std::string filename, Mode mode,
          const Options& options = {});
  rt::Own<vm::Code> compile_module(const Module& mod);

 private:
  // ---- units and emission (codegen.cpp)
  void enter_scope(const std::string& name, UnitKind kind, const Scope* ste, int firstlineno);
  void exit_scope();
  rt::Own<vm::Code> assemble(bool add_none);
  int new_label();
  void use_label(int label);
  void emit(vm::Op op, int32_t arg = 0);
  void emit_at(vm::Op op, int32_t arg, int line);
  void emit_jump(int op, int label);  // a jump opcode or kJump / kSetup*
  void emit_jump_noline(int op, int label);
  void pop_block();
  int add_const(rt::Ref v, const std::string& key);
  int const_none();
  int const_str(std::string_view s);
  int const_int(int64_t i);
  int const_tuple_of_strs(const std::vector<std::string>& strs);
  int const_of(const Constant& c);
  bool fold_const(const Expr& e, std::string* key, rt::Ref* value);
  void complex_const(double real, double imag, std::string* key, rt::Ref* value);
  bool fold_tuple(const ExprList& elts, std::string* key, rt::Ref* value);
  bool try_load_folded(const Expr& e);
  void visit_iterable(const Expr& e);
  void load_const_index(int i) { emit(vm::Op::LOAD_CONST, i); }
  void load_none() { load_const_index(const_none()); }
  int name_index(const std::string& name);     // co_names (not mangled here)
  int varname_index(const std::string& name);  // fast local slot
  int deref_index_cell(const std::string& name);
  int deref_index_free(const std::string& name);
  std::string mangle_name(std::string_view name) const;
  void nameop(const std::string& name, ExprContext ctx);
  [[noreturn]] void error(const Location& loc, const std::string& msg);
  [[noreturn]] void internal_error(const std::string& msg);
  void push_fblock(const Location& loc, FBlock fb);
  void pop_fblock(FBlockType type);
  void set_loc(const Location& loc) { u_->lineno = loc.lineno; }
  void unset_loc() { u_->lineno = -1; }
  uint32_t compute_code_flags() const;

  // ---- statements (codegen_stmt.cpp)
  void visit_body(const StmtList& body);
  void compiler_body(const StmtList& body);  // module / class: annotations + docstring
  void visit_stmt(const Stmt& s);
  void visit_function_def(const FunctionDef& s);
  void visit_class_def(const ClassDef& s);
  void visit_return(const Return& s);
  void visit_delete(const Delete& s);
  void visit_assign(const Assign& s);
  void visit_aug_assign(const AugAssign& s);
  void visit_ann_assign(const AnnAssign& s);
  void visit_for(const For& s);
  void visit_async_for(const For& s);
  void visit_while(const While& s);
  void visit_if(const If& s);
  void visit_with(const With& s, size_t pos);
  void visit_async_with(const With& s, size_t pos);
  void with_except_finish(int cleanup);
  void call_exit_with_nones();
  void visit_raise(const Raise& s);
  void visit_try(const Try& s);
  void visit_try_except(const Try& s);
  void visit_try_star_except(const Try& s);
  void visit_try_finally(const Try& s);
  void pop_except_and_reraise();
  void visit_assert(const Assert& s);
  void visit_import(const Import& s);
  void visit_import_from(const ImportFrom& s);
  void visit_expr_stmt(const ExprStmt& s);
  void visit_break(const Stmt& s);
  void visit_continue(const Stmt& s);
  void unwind_fblock(const FBlock& fb, bool preserve_tos);
  // Unwinds the fblock stack from the top (CPython's compiler_unwind_fblock_stack); with
  // stop_at_loop, stops at the innermost loop, copies it to *loop and returns true.
  // Reaching an except* block is a SyntaxError, reported at `where`.
  bool unwind_fblock_stack(bool preserve_tos, bool stop_at_loop, FBlock* loop, Location where);
  int default_arguments(const Arguments& args);
  bool visit_annotations(const Arguments& args, const Expr* returns);
  void annotation_value(const Expr& e);
  void make_closure(rt::Own<vm::Code> co, const Scope* child, int flags);
  void set_params(const Arguments& args);
  std::string source_text(const Location& loc) const;

  // ---- match statements (codegen_match.cpp)
  struct PatternContext;
  void visit_match(const Match& s);
  bool load_complex_literal(const Expr& e);
  void compile_pattern(const Pattern& p, PatternContext& pc);
  void compile_subpattern(const Pattern& p, PatternContext& pc);
  void pattern_as(const MatchAs& p, PatternContext& pc);
  void pattern_sequence(const MatchSequence& p, PatternContext& pc);
  void pattern_sequence_subscripts(const PatternList& patterns, size_t star, PatternContext& pc);
  void pattern_mapping(const MatchMapping& p, PatternContext& pc);
  void pattern_class(const MatchClass& p, PatternContext& pc);
  void pattern_or(const MatchOr& p, PatternContext& pc);
  void pattern_store_name(const std::string& name, const Location& loc, PatternContext& pc);
  void jump_to_fail_pop(PatternContext& pc, int op);
  void emit_and_reset_fail_pop(PatternContext& pc);

  // ---- expressions (codegen_expr.cpp)
  void visit_expr(const Expr& e);
  void visit_expr1(const Expr& e);
  void visit_name(const Name& e);
  void visit_attribute(const Attribute& e);
  void visit_subscript(const Subscript& e);
  void visit_slice(const Slice& e);
  void visit_starred(const Starred& e);
  void visit_list(const List& e);
  void visit_tuple(const Tuple& e);
  void visit_set(const Set& e);
  void visit_dict(const Dict& e);
  void subdict(const Dict& e, size_t begin, size_t end);
  void starunpack_helper(const ExprList& elts, int pushed, vm::Op build, vm::Op add,
                         vm::Op extend, bool tuple);
  void assignment_helper(const ExprList& elts, const Location& loc);
  void unpack_helper(const ExprList& elts, const Location& loc);
  void visit_boolop(const BoolOp& e);
  void visit_compare(const Compare& e);
  void add_compare(CmpOpKind op);
  void visit_ifexp(const IfExp& e);
  void jump_if(const Expr& e, int next, bool cond);
  void visit_call(const Call& e);
  bool maybe_optimize_method_call(const Call& e);
  void call_helper(int n, const ExprList& args, const std::vector<Keyword>& keywords,
                   const Location& loc);
  void call_simple_kw_helper(const std::vector<Keyword>& keywords);
  void subkwargs(const std::vector<Keyword>& keywords, size_t begin, size_t end);
  void visit_lambda(const Lambda& e);
  void visit_comprehension(const Expr& e, CompKind type, const std::string& name,
                           const std::vector<Comprehension>& gens, const Expr* elt,
                           const Expr* val);
  void comprehension_generator(const std::vector<Comprehension>& gens, size_t gen_index,
                               int depth, const Expr* elt, const Expr* val, CompKind type);
  void sync_comprehension_generator(const std::vector<Comprehension>& gens,
                                    size_t gen_index, int depth, const Expr* elt,
                                    const Expr* val, CompKind type);
  void async_comprehension_generator(const std::vector<Comprehension>& gens,
                                     size_t gen_index, int depth, const Expr* elt,
                                     const Expr* val, CompKind type);
  void comprehension_element(const Expr* elt, const Expr* val, CompKind type, int depth);
  void visit_joined_str(const JoinedStr& e);
  void visit_formatted_value(const FormattedValue& e);
  void add_yield();
  void add_yield_from(bool await);
  void visit_store_target(const Expr& e) { visit_expr(e); }

  const SymbolTable& st_;
  std::string_view source_;
  std::string filename_;
  Mode mode_;
  Options options_;  // top-level await, -O
  // Module-level await / async for / async with are allowed here (top-level await).
  bool async_allowed() const;
  bool future_annotations_ = false;
  Unit* u_ = nullptr;
  std::vector<std::unique_ptr<Unit>> stack_;  // enclosing units; u_ is stack_.back()
  int nestlevel_ = 0;
  int nesting_ = 0;  // expressions being compiled or folded (NestingGuard)
  Location pattern_loc_;  // the pattern compile_pattern began last (an error's location)
};

}  // namespace cg
}  // namespace gilpy::compiler
