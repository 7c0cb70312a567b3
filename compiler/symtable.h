// symtable.h: scope analysis, the pass between the parser and codegen.
//
// A port of CPython 3.11's Python/symtable.c. One Scope (CPython: a symtable
// entry, `ste`) per module, class body, function (def / async def / lambda) and
// comprehension (list/set/dict comprehension, generator expression: all are
// function scopes in 3.11; the first iterable is evaluated in the enclosing
// scope and passed in as the implicit parameter ".0").
//
// Every name in a scope resolves to one SymbolScope. How codegen uses it
// (CPython's compiler_nameop, 3.11):
//   Local          -> *_FAST in a function scope, *_NAME in module/class scope
//   GlobalImplicit -> *_GLOBAL in a function scope, *_NAME in module/class scope
//   GlobalExplicit -> *_GLOBAL everywhere (declared `global`)
//   Cell, Free     -> *_DEREF (a Free name read in a class body: LOAD_CLASSDEREF)
//
// Names are stored MANGLED (`__x` inside class C -> `_C__x`), as CPython does:
// call mangle(scope.private_name, id) before looking up a Name's id, an
// attribute name, or an import alias.
//
// Also here (raised by SymbolTable::build, after the analysis, in source order
// per scope as CPython's compiler would): 'return' outside function,
// 'yield' outside function, 'await' outside function / async function,
// 'break' outside loop, 'continue' not properly in loop, and the rest of
// symtable.c's errors (global/nonlocal misuse, duplicate argument, ...).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ast.h"

namespace gilpy::compiler {

enum class ScopeType : uint8_t {
  Module,    // the top level (also eval/exec code)
  Class,     // a class body
  Function,  // def, async def, lambda, and comprehensions / generator expressions
};

enum class SymbolScope : uint8_t {
  Unresolved = 0,  // never returned for a name that occurs in the scope
  Local,
  GlobalExplicit,
  GlobalImplicit,
  Free,
  Cell,
};
const char* to_string(SymbolScope s);

// What a scope does with a name (CPython's DEF_* flags), OR-ed together.
namespace symflag {
constexpr uint32_t kDefGlobal = 1u << 0;     // `global x` in this scope
constexpr uint32_t kDefLocal = 1u << 1;      // assigned / deleted / for target / ... here
constexpr uint32_t kDefParam = 1u << 2;      // a parameter of this function
constexpr uint32_t kDefNonlocal = 1u << 3;   // `nonlocal x` in this scope
constexpr uint32_t kUse = 1u << 4;           // read here
constexpr uint32_t kDefFree = 1u << 5;       // (unused, CPython compatibility)
constexpr uint32_t kDefFreeClass = 1u << 6;  // class body binds x AND a method uses an outer x
constexpr uint32_t kDefImport = 1u << 7;     // bound by import
constexpr uint32_t kDefAnnot = 1u << 8;      // annotated (x: int)
constexpr uint32_t kDefCompIter = 1u << 9;   // a comprehension's iteration variable
constexpr uint32_t kDefBound = kDefLocal | kDefParam | kDefImport;
}  // namespace symflag

struct Symbol {
  std::string name;  // mangled
  uint32_t flags = 0;
  SymbolScope scope = SymbolScope::Unresolved;
};

enum class ComprehensionKind : uint8_t { None, List, Set, Dict, Generator };

struct Scope {
  ScopeType type = ScopeType::Module;
  // "top" for the module, the def/class name, "lambda", "listcomp", "setcomp",
  // "dictcomp" or "genexpr" (the code object's co_name is "<lambda>", "<listcomp>", ...).
  std::string name;
  // The AST node this scope belongs to: const Module*, FunctionDef*, ClassDef*,
  // Lambda*, ListComp*, SetComp*, DictComp* or GeneratorExp*.
  const void* node = nullptr;
  Location loc;  // of the node (the module: line 1, col 0)

  Scope* parent = nullptr;
  std::vector<Scope*> children;  // in source order; owned by the SymbolTable

  // Function scopes.
  bool is_nested = false;       // inside a function scope (directly or not)
  bool is_generator = false;    // contains yield / yield from (or is a genexpr)
  bool is_coroutine = false;    // async def, or an async comprehension
  bool is_lambda = false;
  ComprehensionKind comprehension = ComprehensionKind::None;
  bool has_varargs = false;     // *args
  bool has_varkw = false;       // **kwargs
  int argcount = 0;             // positional params, including posonly (co_argcount)
  int posonlyargcount = 0;
  int kwonlyargcount = 0;
  bool returns_value = false;   // has `return <value>`

  // Class scopes: a method uses `super()` or `__class__`, so the class body
  // must create the `__class__` cell (it is then in cellvars).
  bool needs_class_closure = false;

  bool has_free = false;    // this scope has free variables (ste_free)
  bool child_free = false;  // some nested scope has free variables (ste_child_free)

  // Enclosing class name used for mangling names in this scope ("" if none).
  std::string private_name;

  // The name lists codegen needs:
  //  varnames: parameters in CPython's co_varnames order (posonly, normal,
  //            kwonly, then *args, then **kwargs -- yes, *args after kwonly),
  //            then the other names whose scope is Local, in order of first
  //            appearance. Cell names that are not parameters are NOT here
  //            (3.11: they live only in cellvars). Function scopes only (empty
  //            for module/class scopes: they use names, not fast locals).
  //  cellvars: names whose scope is Cell, sorted (as CPython); a class that
  //            needs_class_closure has exactly "__class__" here.
  //  freevars: names whose scope is Free, plus (class scopes) names flagged
  //            kDefFreeClass; sorted.
  std::vector<std::string> varnames;
  std::vector<std::string> cellvars;
  std::vector<std::string> freevars;

  // All symbols of the scope, in order of first appearance.
  std::vector<Symbol> symbols;

  // nullptr if the (mangled) name does not occur in this scope.
  const Symbol* lookup(std::string_view name) const;
  // Resolution of a (mangled) name in this scope. Every Name of the AST that
  // belongs to this scope is recorded; a name that does not occur here (e.g.
  // one codegen invents) gives GlobalImplicit.
  SymbolScope scope_of(std::string_view name) const;
  bool is_function() const { return type == ScopeType::Function; }
  bool is_async_generator() const { return is_generator && is_coroutine; }

  // internal
  std::unordered_map<std::string, size_t> index_;
  Symbol& add_symbol_(const std::string& name);
};

class SymbolTable {
 public:
  // Runs the analysis; throws CompileError (SyntaxError) on the errors above.
  static std::unique_ptr<SymbolTable> build(const Module& mod, const std::string& filename,
                                            std::string_view source = {},
                                            bool top_level_await = false);

  const Scope* top() const { return top_; }
  // The scope of a scope-creating node (see Scope::node); nullptr for others.
  const Scope* lookup(const void* node) const;
  const Scope* lookup(const Module& m) const { return lookup(static_cast<const void*>(&m)); }
  const Scope* lookup(const Stmt& s) const { return lookup(static_cast<const void*>(&s)); }
  const Scope* lookup(const Expr& e) const { return lookup(static_cast<const void*>(&e)); }

  // A readable dump of every scope and symbol (tests, debugging).
  std::string dump() const;

  // internal
  std::vector<std::unique_ptr<Scope>> scopes_;
  std::unordered_map<const void*, Scope*> by_node_;
  Scope* top_ = nullptr;
};

// CPython's _Py_Mangle: inside class `private_name`, `__spam` (not ending in
// "__", no dot) becomes `_Class__spam` (leading underscores of the class name
// stripped). Returns name unchanged otherwise.
std::string mangle(std::string_view private_name, std::string_view name);

}  // namespace gilpy::compiler
