// ast.h: the abstract syntax tree the parser builds and symtable/codegen read.
//
// It mirrors CPython 3.11's `ast` module (Python/Python.asdl) closely, so that
// CPython's compiler and symtable are the reference for what each node means.
// Differences, all deliberate simplifications:
//   * async variants are flags: FunctionDef::is_async (AsyncFunctionDef),
//     For::is_async (AsyncFor), With::is_async (AsyncWith).
//   * the expression statement is `ExprStmt` (CPython's `Expr`).
//   * Constant holds a tagged value (ConstKind) instead of a Python object; ints
//     are normalised decimal digit strings (arbitrary precision).
//   * optional strings (ExceptHandler::name, Alias::asname, Keyword::arg,
//     ImportFrom::module) are empty when absent.
//   * no type comments; `except*` is a Try with is_star (CPython's TryStar).
//   * patterns (`match`) keep CPython's node names; optional names (MatchAs::name,
//     MatchStar::name, MatchMapping::rest) are empty when absent.
//
// Ownership: every child is a std::unique_ptr (ExprPtr/StmtPtr); a null ExprPtr
// means "absent" (CPython's None) wherever CPython's field is optional (`?`).
//
// Locations: every Expr/Stmt (and Arg, Keyword, Alias, ExceptHandler) carries
// lineno/end_lineno (1-based) and col_offset/end_col_offset (0-based UTF-8 byte
// offsets in the line, exactly like CPython's ast module).
//
// Dispatch: switch on `kind` and downcast with `as<T>()` (checked in debug).
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gilpy::compiler {

struct Location {
  int lineno = 0;
  int col_offset = 0;
  int end_lineno = 0;
  int end_col_offset = 0;
};

enum class ExprContext : uint8_t { Load, Store, Del };
enum class BoolOpKind : uint8_t { And, Or };
enum class BinOpKind : uint8_t {
  Add, Sub, Mult, MatMult, Div, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, FloorDiv
};
enum class UnaryOpKind : uint8_t { Invert, Not, UAdd, USub };
enum class CmpOpKind : uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

// Names as CPython spells them ("Add", "NotIn", ...), and the operator text ("+", "not in").
const char* to_string(ExprContext c);
const char* to_string(BoolOpKind k);
const char* to_string(BinOpKind k);
const char* to_string(UnaryOpKind k);
const char* to_string(CmpOpKind k);
const char* op_symbol(BinOpKind k);  // "+", "**", "//", "@", ...

enum class ExprKind : uint8_t {
  BoolOp, NamedExpr, BinOp, UnaryOp, Lambda, IfExp, Dict, Set, ListComp, SetComp,
  DictComp, GeneratorExp, Await, Yield, YieldFrom, Compare, Call, FormattedValue,
  JoinedStr, Constant, Attribute, Subscript, Starred, Name, List, Tuple, Slice
};

enum class StmtKind : uint8_t {
  FunctionDef, ClassDef, Return, Delete, Assign, AugAssign, AnnAssign, For, While, If,
  With, Raise, Try, Assert, Import, ImportFrom, Global, Nonlocal, ExprStmt, Pass, Break,
  Continue, Match
};

enum class PatternKind : uint8_t {
  MatchValue, MatchSingleton, MatchSequence, MatchMapping, MatchClass, MatchStar, MatchAs,
  MatchOr
};

const char* to_string(ExprKind k);
const char* to_string(StmtKind k);
const char* to_string(PatternKind k);

// What Expr, Stmt and Pattern share: the kind to switch on, the location, and checked
// downcasts.
template <class KindT>
struct Node {
  const KindT kind;
  Location loc;
  explicit Node(KindT k) : kind(k) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  template <class T> T* as() {
    assert(kind == T::kKind);
    return static_cast<T*>(this);
  }
  template <class T> const T* as() const {
    assert(kind == T::kKind);
    return static_cast<const T*>(this);
  }
  template <class T> bool is() const { return kind == T::kKind; }
};

struct Expr : Node<ExprKind> {
  using Node::Node;
};
struct Stmt : Node<StmtKind> {
  using Node::Node;
};
struct Pattern : Node<PatternKind> {  // CPython `pattern`: the part after `case`
  using Node::Node;
};

using PatternPtr = std::unique_ptr<Pattern>;
using PatternList = std::vector<PatternPtr>;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using ExprList = std::vector<ExprPtr>;
using StmtList = std::vector<StmtPtr>;

// ---------------------------------------------------------------------------
// Helper records (not Expr/Stmt)

struct Arg {  // CPython `arg`
  std::string arg;     // the parameter name
  ExprPtr annotation;  // may be null
  Location loc;
};

struct Arguments {  // CPython `arguments`
  std::vector<Arg> posonlyargs;  // before '/'
  std::vector<Arg> args;         // ordinary positional-or-keyword
  std::optional<Arg> vararg;     // *args
  std::vector<Arg> kwonlyargs;   // after '*' or '*args'
  ExprList kw_defaults;          // same length as kwonlyargs; null = no default
  std::optional<Arg> kwarg;      // **kwargs
  ExprList defaults;             // defaults of the LAST len(defaults) of posonlyargs+args
};

struct Keyword {  // CPython `keyword`: f(arg=value) or f(**value) when arg is empty
  std::string arg;
  ExprPtr value;
  Location loc;
};

struct Comprehension {  // `for target in iter if ifs...` (no location, as CPython)
  ExprPtr target;
  ExprPtr iter;
  ExprList ifs;
  bool is_async = false;
};

struct ExceptHandler {
  ExprPtr type;      // null for bare `except:`
  std::string name;  // `as name`; empty if absent
  StmtList body;
  Location loc;
};

struct WithItem {
  ExprPtr context_expr;
  ExprPtr optional_vars;  // the `as` target (Store context); may be null
};

struct Alias {  // `import name as asname`; name may be dotted ("a.b.c") or "*"
  std::string name;
  std::string asname;  // empty if absent
  Location loc;
};

// ---------------------------------------------------------------------------
// Expressions

struct BoolOp final : Expr {
  static constexpr ExprKind kKind = ExprKind::BoolOp;
  BoolOp() : Expr(kKind) {}
  BoolOpKind op = BoolOpKind::And;
  ExprList values;  // >= 2; `a and b and c` is one BoolOp with 3 values
};

struct NamedExpr final : Expr {  // target := value
  static constexpr ExprKind kKind = ExprKind::NamedExpr;
  NamedExpr() : Expr(kKind) {}
  ExprPtr target;  // always a Name (Store)
  ExprPtr value;
};

struct BinOp final : Expr {
  static constexpr ExprKind kKind = ExprKind::BinOp;
  BinOp() : Expr(kKind) {}
  ~BinOp() override;  // frees the left-nested chain it heads without recursing (ast.cpp)
  ExprPtr left;
  BinOpKind op = BinOpKind::Add;
  ExprPtr right;
};

struct UnaryOp final : Expr {
  static constexpr ExprKind kKind = ExprKind::UnaryOp;
  UnaryOp() : Expr(kKind) {}
  UnaryOpKind op = UnaryOpKind::Not;
  ExprPtr operand;
};

struct Lambda final : Expr {  // a scope (symtable entry keyed by this node)
  static constexpr ExprKind kKind = ExprKind::Lambda;
  Lambda() : Expr(kKind) {}
  std::unique_ptr<Arguments> args;  // never null
  ExprPtr body;
};

struct IfExp final : Expr {  // body if test else orelse
  static constexpr ExprKind kKind = ExprKind::IfExp;
  IfExp() : Expr(kKind) {}
  ExprPtr test, body, orelse;
};

struct Dict final : Expr {
  static constexpr ExprKind kKind = ExprKind::Dict;
  Dict() : Expr(kKind) {}
  ExprList keys;    // a null key means `**values[i]`
  ExprList values;  // same length as keys
};

struct Set final : Expr {
  static constexpr ExprKind kKind = ExprKind::Set;
  Set() : Expr(kKind) {}
  ExprList elts;  // may contain Starred
};

// Comprehensions are scopes (symtable entry keyed by the node). The first
// generator's `iter` is evaluated in the enclosing scope and passed as ".0".
struct ListComp final : Expr {
  static constexpr ExprKind kKind = ExprKind::ListComp;
  ListComp() : Expr(kKind) {}
  ExprPtr elt;
  std::vector<Comprehension> generators;  // >= 1
};

struct SetComp final : Expr {
  static constexpr ExprKind kKind = ExprKind::SetComp;
  SetComp() : Expr(kKind) {}
  ExprPtr elt;
  std::vector<Comprehension> generators;
};

struct DictComp final : Expr {
  static constexpr ExprKind kKind = ExprKind::DictComp;
  DictComp() : Expr(kKind) {}
  ExprPtr key, value;
  std::vector<Comprehension> generators;
};

struct GeneratorExp final : Expr {
  static constexpr ExprKind kKind = ExprKind::GeneratorExp;
  GeneratorExp() : Expr(kKind) {}
  ExprPtr elt;
  std::vector<Comprehension> generators;
};

struct Await final : Expr {
  static constexpr ExprKind kKind = ExprKind::Await;
  Await() : Expr(kKind) {}
  ExprPtr value;
};

struct Yield final : Expr {
  static constexpr ExprKind kKind = ExprKind::Yield;
  Yield() : Expr(kKind) {}
  ExprPtr value;  // may be null
};

struct YieldFrom final : Expr {
  static constexpr ExprKind kKind = ExprKind::YieldFrom;
  YieldFrom() : Expr(kKind) {}
  ExprPtr value;
};

struct Compare final : Expr {  // left ops[0] comparators[0] ops[1] comparators[1] ...
  static constexpr ExprKind kKind = ExprKind::Compare;
  Compare() : Expr(kKind) {}
  ExprPtr left;
  std::vector<CmpOpKind> ops;
  ExprList comparators;  // same length as ops
};

struct Call final : Expr {
  static constexpr ExprKind kKind = ExprKind::Call;
  Call() : Expr(kKind) {}
  ~Call() override;  // frees the left-nested chain it heads without recursing (ast.cpp)
  ExprPtr func;
  ExprList args;                  // positional, in order; `*x` is a Starred
  std::vector<Keyword> keywords;  // in order; `**x` has an empty arg
};

// One `{...}` replacement field of an f-string.
struct FormattedValue final : Expr {
  static constexpr ExprKind kKind = ExprKind::FormattedValue;
  FormattedValue() : Expr(kKind) {}
  ExprPtr value;
  int conversion = -1;  // -1 none, or 's', 'r', 'a'
  ExprPtr format_spec;  // a JoinedStr, or null
};

// An f-string (after implicit concatenation): Constant(str) and FormattedValue
// parts. `f"{x=}"` expands, as in CPython, to Constant("x=") + FormattedValue(x,
// conversion 'r' unless a format spec or conversion is given).
struct JoinedStr final : Expr {
  static constexpr ExprKind kKind = ExprKind::JoinedStr;
  JoinedStr() : Expr(kKind) {}
  ExprList values;
};

enum class ConstKind : uint8_t { None, True, False, Ellipsis, Int, Float, Imag, Str, Bytes };
const char* to_string(ConstKind k);

struct Constant final : Expr {
  static constexpr ExprKind kKind = ExprKind::Constant;
  Constant() : Expr(kKind) {}
  ConstKind value_kind = ConstKind::None;
  // Int:   decimal digits, normalised: no sign, no leading zeros, "0" for zero
  //        (hex/octal/binary literals are converted; feed to GMP/Boost as base 10).
  // Str:   the value as UTF-8.  Bytes: the raw bytes.  Otherwise empty.
  std::string str;
  double f = 0.0;  // Float: the value; Imag: the imaginary part of the complex 0+fj

  // For Int: the value when it fits in int64_t.
  std::optional<int64_t> as_int64() const;
};

struct Attribute final : Expr {  // value.attr
  static constexpr ExprKind kKind = ExprKind::Attribute;
  Attribute() : Expr(kKind) {}
  ~Attribute() override;  // frees the left-nested chain it heads without recursing (ast.cpp)
  ExprPtr value;
  std::string attr;
  ExprContext ctx = ExprContext::Load;
};

struct Subscript final : Expr {  // value[slice]; slice is a Slice, a Tuple (a[1:2, 3]) or any expr
  static constexpr ExprKind kKind = ExprKind::Subscript;
  Subscript() : Expr(kKind) {}
  ~Subscript() override;  // frees the left-nested chain it heads without recursing (ast.cpp)
  ExprPtr value;
  ExprPtr slice;
  ExprContext ctx = ExprContext::Load;
};

struct Starred final : Expr {  // *value
  static constexpr ExprKind kKind = ExprKind::Starred;
  Starred() : Expr(kKind) {}
  ExprPtr value;
  ExprContext ctx = ExprContext::Load;
};

struct Name final : Expr {
  static constexpr ExprKind kKind = ExprKind::Name;
  Name() : Expr(kKind) {}
  std::string id;  // NOT mangled; see symtable.h mangle()
  ExprContext ctx = ExprContext::Load;
};

struct List final : Expr {
  static constexpr ExprKind kKind = ExprKind::List;
  List() : Expr(kKind) {}
  ExprList elts;
  ExprContext ctx = ExprContext::Load;
};

struct Tuple final : Expr {
  static constexpr ExprKind kKind = ExprKind::Tuple;
  Tuple() : Expr(kKind) {}
  ExprList elts;
  ExprContext ctx = ExprContext::Load;
};

struct Slice final : Expr {  // lower:upper:step, only directly inside Subscript::slice (or its Tuple)
  static constexpr ExprKind kKind = ExprKind::Slice;
  Slice() : Expr(kKind) {}
  ExprPtr lower, upper, step;  // each may be null
};

// ---------------------------------------------------------------------------
// Statements

struct FunctionDef final : Stmt {  // `def` / `async def`; a scope
  static constexpr StmtKind kKind = StmtKind::FunctionDef;
  FunctionDef() : Stmt(kKind) {}
  std::string name;
  std::unique_ptr<Arguments> args;  // never null
  StmtList body;
  ExprList decorator_list;  // outermost first, as written
  ExprPtr returns;          // `-> ann`; may be null
  bool is_async = false;
};

struct ClassDef final : Stmt {  // a scope
  static constexpr StmtKind kKind = StmtKind::ClassDef;
  ClassDef() : Stmt(kKind) {}
  std::string name;
  ExprList bases;  // may contain Starred
  std::vector<Keyword> keywords;
  StmtList body;
  ExprList decorator_list;
};

struct Return final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Return;
  Return() : Stmt(kKind) {}
  ExprPtr value;  // may be null
};

struct Delete final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Delete;
  Delete() : Stmt(kKind) {}
  ExprList targets;  // Del context
};

struct Assign final : Stmt {  // t1 = t2 = value
  static constexpr StmtKind kKind = StmtKind::Assign;
  Assign() : Stmt(kKind) {}
  ExprList targets;  // >= 1, Store context, assigned left to right
  ExprPtr value;
};

struct AugAssign final : Stmt {  // target op= value
  static constexpr StmtKind kKind = StmtKind::AugAssign;
  AugAssign() : Stmt(kKind) {}
  ExprPtr target;  // Name/Attribute/Subscript, Store context
  BinOpKind op = BinOpKind::Add;
  ExprPtr value;
};

struct AnnAssign final : Stmt {  // target: annotation [= value]
  static constexpr StmtKind kKind = StmtKind::AnnAssign;
  AnnAssign() : Stmt(kKind) {}
  ExprPtr target;  // Name/Attribute/Subscript, Store context
  ExprPtr annotation;
  ExprPtr value;  // may be null
  bool simple = false;  // target is a bare Name not in parentheses
};

struct For final : Stmt {  // `for` / `async for`
  static constexpr StmtKind kKind = StmtKind::For;
  For() : Stmt(kKind) {}
  ExprPtr target;  // Store context
  ExprPtr iter;
  StmtList body;
  StmtList orelse;
  bool is_async = false;
};

struct While final : Stmt {
  static constexpr StmtKind kKind = StmtKind::While;
  While() : Stmt(kKind) {}
  ExprPtr test;
  StmtList body;
  StmtList orelse;
};

struct If final : Stmt {  // `elif` is a nested If alone in orelse
  static constexpr StmtKind kKind = StmtKind::If;
  If() : Stmt(kKind) {}
  ExprPtr test;
  StmtList body;
  StmtList orelse;
};

struct With final : Stmt {  // `with` / `async with`
  static constexpr StmtKind kKind = StmtKind::With;
  With() : Stmt(kKind) {}
  std::vector<WithItem> items;  // >= 1
  StmtList body;
  bool is_async = false;
};

struct Raise final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Raise;
  Raise() : Stmt(kKind) {}
  ExprPtr exc;    // may be null (bare raise)
  ExprPtr cause;  // `from cause`; may be null
};

struct Try final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Try;
  Try() : Stmt(kKind) {}
  StmtList body;
  std::vector<ExceptHandler> handlers;
  StmtList orelse;
  StmtList finalbody;
  bool is_star = false;  // `except*` handlers (CPython's TryStar node)
};

struct Assert final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Assert;
  Assert() : Stmt(kKind) {}
  ExprPtr test;
  ExprPtr msg;  // may be null
};

struct Import final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Import;
  Import() : Stmt(kKind) {}
  std::vector<Alias> names;
};

struct ImportFrom final : Stmt {  // from .module import names
  static constexpr StmtKind kKind = StmtKind::ImportFrom;
  ImportFrom() : Stmt(kKind) {}
  std::string module;  // dotted, may be empty (`from . import x`)
  std::vector<Alias> names;  // a single Alias "*" for `import *`
  int level = 0;             // number of leading dots
};

struct Global final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Global;
  Global() : Stmt(kKind) {}
  std::vector<std::string> names;
};

struct Nonlocal final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Nonlocal;
  Nonlocal() : Stmt(kKind) {}
  std::vector<std::string> names;
};

struct ExprStmt final : Stmt {  // CPython's `Expr` statement
  static constexpr StmtKind kKind = StmtKind::ExprStmt;
  ExprStmt() : Stmt(kKind) {}
  ExprPtr value;
};

struct Pass final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Pass;
  Pass() : Stmt(kKind) {}
};

struct Break final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Break;
  Break() : Stmt(kKind) {}
};

struct Continue final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Continue;
  Continue() : Stmt(kKind) {}
};

struct MatchCase {  // `case pattern if guard: body`
  PatternPtr pattern;
  ExprPtr guard;  // may be null
  StmtList body;
};

struct Match final : Stmt {
  static constexpr StmtKind kKind = StmtKind::Match;
  Match() : Stmt(kKind) {}
  ExprPtr subject;
  std::vector<MatchCase> cases;  // >= 1
};

// ---------------------------------------------------------------------------
// Patterns

struct MatchValue final : Pattern {  // a literal or a dotted name, compared with ==
  static constexpr PatternKind kKind = PatternKind::MatchValue;
  MatchValue() : Pattern(kKind) {}
  ExprPtr value;
};

struct MatchSingleton final : Pattern {  // None / True / False, compared with `is`
  static constexpr PatternKind kKind = PatternKind::MatchSingleton;
  MatchSingleton() : Pattern(kKind) {}
  ConstKind value = ConstKind::None;
};

struct MatchSequence final : Pattern {  // [p, ...] or (p, ...); at most one MatchStar
  static constexpr PatternKind kKind = PatternKind::MatchSequence;
  MatchSequence() : Pattern(kKind) {}
  PatternList patterns;
};

struct MatchMapping final : Pattern {  // {key: p, ..., **rest}
  static constexpr PatternKind kKind = PatternKind::MatchMapping;
  MatchMapping() : Pattern(kKind) {}
  ExprList keys;         // literals or dotted names
  PatternList patterns;  // one per key
  std::string rest;      // empty if absent
};

struct MatchClass final : Pattern {  // cls(p, ..., attr=p, ...)
  static constexpr PatternKind kKind = PatternKind::MatchClass;
  MatchClass() : Pattern(kKind) {}
  ExprPtr cls;  // a Name or an Attribute chain
  PatternList patterns;
  std::vector<std::string> kwd_attrs;
  PatternList kwd_patterns;  // one per kwd_attrs
};

struct MatchStar final : Pattern {  // *name inside a sequence pattern; `*_` has no name
  static constexpr PatternKind kKind = PatternKind::MatchStar;
  MatchStar() : Pattern(kKind) {}
  std::string name;
};

struct MatchAs final : Pattern {  // `p as name`, a capture (no p) or `_` (neither)
  static constexpr PatternKind kKind = PatternKind::MatchAs;
  MatchAs() : Pattern(kKind) {}
  PatternPtr pattern;  // may be null
  std::string name;    // empty for `_`
};

struct MatchOr final : Pattern {  // p | p | ...
  static constexpr PatternKind kKind = PatternKind::MatchOr;
  MatchOr() : Pattern(kKind) {}
  PatternList patterns;  // >= 2
};

// ---------------------------------------------------------------------------
// The root. One per parse; also the key of the module's symtable entry.

enum class ParseMode : uint8_t {
  Exec,    // a file / exec(): statements in `body`
  Eval,    // eval(): one expression in `expr`, body empty
  Single,  // the REPL / compile(..., 'single'): one statement (maybe compound) in `body`
};

struct Module {
  ParseMode mode = ParseMode::Exec;
  StmtList body;
  ExprPtr expr;  // Eval mode only
  bool future_annotations = false;  // `from __future__ import annotations` seen
};

// ---------------------------------------------------------------------------
// Dumping, for tests and debugging: a compact s-expression, e.g.
//   x = f(1, *a, k=2)  ->  (Module (Assign [(Name x Store)] (Call (Name x) ...)))
// Exact format: see ast.cpp; tests in tests/compiler/ pin it down.
// With `locations`, every Expr/Stmt node is followed by @line:col-endline:endcol.
std::string ast_dump(const Module& m, bool locations = false);
std::string ast_dump(const Stmt& s, bool locations = false);
std::string ast_dump(const Expr& e, bool locations = false);
std::string ast_dump(const Pattern& p, bool locations = false);

}  // namespace gilpy::compiler
