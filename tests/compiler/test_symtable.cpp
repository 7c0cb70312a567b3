// Symbol table tests: scope resolution must equal CPython 3.11's (expected
// strings recorded from CPython's `symtable` module), plus the extra
// information codegen needs (varnames order, cellvars, freevars, flags).
#include <gtest/gtest.h>

#include <regex>

#include "compiler/parser.h"
#include "compiler/symtable.h"

using namespace gilpy::compiler;

namespace {

struct SymCase {
  const char* src;
  const char* expected;
};

const SymCase kCases[] = {
    {"def f():\n    x = 1\n    def g():\n        return x\n    return g\n",
     "module top: f=Local\nfunction f: x=Cell g=Local\nfunction g: x=Free\n"},
    {"def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    return g\n",
     "module top: f=Local\nfunction f: x=Cell g=Local\nfunction g: x=Free\n"},
    {"x = 1\ndef f():\n    global x\n    x = 2\n    def g():\n        return x\n",
     "module top: x=GlobalExplicit f=Local\nfunction f: x=GlobalExplicit g=Local\nfunction g: x=GlobalImplicit\n"},
    {"def f():\n    x = 1\n    class C:\n        x = 2\n        def m(self):\n            return x\n",
     "module top: f=Local\nfunction f: x=Cell C=Local\nclass C: x=Local m=Local\nfunction m: self=Local x=Free\n"},
    {"class C:\n    def m(self):\n        return super().m()\n    def n(self):\n        return __class__\n",
     "module top: C=Local\nclass C: m=Local n=Local\nfunction m: self=Local super=GlobalImplicit __class__=Free\nfunction n: self=Local __class__=Free\n"},
    {"def f(xs):\n    return [y for x in xs if (y := x)]\n",
     "module top: f=Local\nfunction f: xs=Local y=Cell\nfunction listcomp: .0=Local x=Local y=Free\n"},
    {"[y := 1 for x in range(3)]\n",
     "module top: range=GlobalImplicit y=GlobalExplicit\nfunction listcomp: .0=Local x=Local y=GlobalExplicit\n"},
    {"def f(a, *b, c, **d):\n    return lambda e, *, g=a: e + g + c\n",
     "module top: f=Local\nfunction f: a=Local c=Cell b=Local d=Local\nfunction lambda: e=Local g=Local c=Free\n"},
    {"def f():\n    y = 1\n    return [[x + y for x in range(i)] for i in range(3)]\n",
     "module top: f=Local\nfunction f: y=Cell range=GlobalImplicit\nfunction listcomp: .0=Local i=Local range=GlobalImplicit y=Free\nfunction listcomp: .0=Local x=Local y=Free\n"},
    {"def f():\n    return (x for x in range(3))\n",
     "module top: f=Local\nfunction f: range=GlobalImplicit\nfunction genexpr: .0=Local x=Local\n"},
    {"class A:\n    __p = 1\n    def m(self, __q):\n        return self.__p + __q\n",
     "module top: A=Local\nclass A: _A__p=Local m=Local\nfunction m: self=Local _A__q=Local\n"},
    {"def f():\n    import os.path as p, sys\n    from m import a, b as c\n    try:\n        pass\n    except E as e:\n        del e\n    with g() as (h, i):\n        pass\n    for j, *k in l:\n        pass\n",
     "module top: f=Local\nfunction f: p=Local sys=Local a=Local c=Local E=GlobalImplicit e=Local g=GlobalImplicit h=Local i=Local j=Local k=Local l=GlobalImplicit\n"},
    {"def outer():\n    a = 1\n    def mid():\n        def inner():\n            return a\n        return inner\n    return mid\n",
     "module top: outer=Local\nfunction outer: a=Cell mid=Local\nfunction mid: inner=Local a=Free\nfunction inner: a=Free\n"},
    {"def f():\n    x: int = 1\n    y: str\n    return y\n",
     "module top: f=Local\nfunction f: x=Local int=GlobalImplicit y=Local str=GlobalImplicit\n"},
    {"class C:\n    y = 1\n    z = [y for _ in range(3)]\n",
     "module top: C=Local\nclass C: y=Local z=Local range=GlobalImplicit\nfunction listcomp: .0=Local _=Local y=GlobalImplicit\n"},
    {"def f():\n    def g():\n        global q\n        q = 1\n    def h():\n        return q\n",
     "module top: f=Local q=GlobalExplicit\nfunction f: g=Local h=Local\nfunction g: q=GlobalExplicit\nfunction h: q=GlobalImplicit\n"},
    {"async def f():\n    async for x in y:\n        yield x\n",
     "module top: f=Local\nfunction f: x=Local y=GlobalImplicit\n"},
    {"def f(x):\n    def g():\n        x = 2\n        return x\n    return x\n",
     "module top: f=Local\nfunction f: x=Local g=Local\nfunction g: x=Local\n"},
};

struct Built {
  std::unique_ptr<Module> mod;
  std::unique_ptr<SymbolTable> st;
};

Built build(const std::string& src) {
  Built b;
  b.mod = parse(src, "t.py");
  b.st = SymbolTable::build(*b.mod, "t.py", src);
  return b;
}

// SymbolTable::dump() without the extras CPython's symtable module doesn't show.
std::string scopes_only(const SymbolTable& st) {
  std::string d = st.dump();
  d = std::regex_replace(d, std::regex(" \\[[a-z_ ]*\\]:"), ":");
  d = std::regex_replace(d, std::regex(" (varnames|cellvars|freevars)=[^ \n]*"), "");
  return d;
}

const Scope* child(const Scope* s, const std::string& name) {
  for (const Scope* c : s->children) {
    if (c->name == name) return c;
  }
  return nullptr;
}

}  // namespace

TEST(Symtable, MatchesCPython) {
  for (const SymCase& c : kCases) {
    Built b = build(c.src);
    EXPECT_EQ(scopes_only(*b.st), c.expected) << "source:\n" << c.src;
  }
}

TEST(Symtable, CellsFreesAndVarnames) {
  Built b = build(
      "def f(a, *args, b, **kw):\n"
      "    x = 1\n"
      "    y = 2\n"
      "    def g():\n"
      "        nonlocal x\n"
      "        x = 2\n"
      "        return y + z\n"
      "    return g\n");
  const Scope* f = b.st->lookup(*b.mod->body[0]);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type, ScopeType::Function);
  EXPECT_EQ(f->varnames, (std::vector<std::string>{"a", "b", "args", "kw", "g"}));
  EXPECT_EQ(f->cellvars, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(f->freevars.empty());
  EXPECT_TRUE(f->has_varargs);
  EXPECT_TRUE(f->has_varkw);
  EXPECT_EQ(f->argcount, 1);
  EXPECT_EQ(f->kwonlyargcount, 1);
  EXPECT_EQ(f->scope_of("x"), SymbolScope::Cell);
  const Scope* g = child(f, "g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->freevars, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(g->scope_of("z"), SymbolScope::GlobalImplicit);
  EXPECT_TRUE(g->is_nested);
  EXPECT_EQ(b.st->top()->type, ScopeType::Module);
  EXPECT_EQ(b.st->lookup(*b.mod), b.st->top());
}

TEST(Symtable, ClassClosureAndMangling) {
  Built b = build(
      "class C:\n"
      "    __p = 1\n"
      "    def m(self):\n"
      "        return super().m(self.__p)\n");
  const Scope* c = b.st->lookup(*b.mod->body[0]);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->type, ScopeType::Class);
  EXPECT_TRUE(c->needs_class_closure);
  EXPECT_EQ(c->cellvars, (std::vector<std::string>{"__class__"}));
  EXPECT_NE(c->lookup("_C__p"), nullptr);
  const Scope* m = child(c, "m");
  EXPECT_EQ(m->scope_of("__class__"), SymbolScope::Free);
  EXPECT_EQ(m->freevars, (std::vector<std::string>{"__class__"}));
  EXPECT_EQ(m->private_name, "C");
  EXPECT_EQ(mangle("C", "__x"), "_C__x");
  EXPECT_EQ(mangle("_C", "__x"), "_C__x");
  EXPECT_EQ(mangle("C", "__x__"), "__x__");
  EXPECT_EQ(mangle("___", "__x"), "__x");
  EXPECT_EQ(mangle("", "__x"), "__x");
}

TEST(Symtable, Comprehensions) {
  Built b = build("def f(xs):\n    return [y for x in xs if (y := x)]\n");
  const Scope* f = b.st->lookup(*b.mod->body[0]);
  const auto* ret = b.mod->body[0]->as<FunctionDef>()->body[0]->as<Return>();
  const Scope* comp = b.st->lookup(*ret->value);
  ASSERT_NE(comp, nullptr);
  EXPECT_EQ(comp->comprehension, ComprehensionKind::List);
  EXPECT_EQ(comp->name, "listcomp");
  EXPECT_EQ(comp->varnames, (std::vector<std::string>{".0", "x"}));
  EXPECT_EQ(comp->scope_of("y"), SymbolScope::Free);
  EXPECT_EQ(comp->lookup("xs"), nullptr);  // the first iterable is evaluated in f
  EXPECT_EQ(f->scope_of("y"), SymbolScope::Cell);
  EXPECT_EQ(f->scope_of("xs"), SymbolScope::Local);
}

TEST(Symtable, GeneratorAndCoroutineFlags) {
  Built b = build(
      "def g():\n    yield 1\n"
      "async def c():\n    await x\n"
      "async def ag():\n    yield 1\n"
      "def h():\n    return (x for x in y)\n");
  const Scope* g = b.st->lookup(*b.mod->body[0]);
  const Scope* c = b.st->lookup(*b.mod->body[1]);
  const Scope* ag = b.st->lookup(*b.mod->body[2]);
  const Scope* h = b.st->lookup(*b.mod->body[3]);
  EXPECT_TRUE(g->is_generator);
  EXPECT_FALSE(g->is_coroutine);
  EXPECT_TRUE(c->is_coroutine);
  EXPECT_FALSE(c->is_generator);
  EXPECT_TRUE(ag->is_async_generator());
  EXPECT_FALSE(h->is_generator);
  ASSERT_EQ(h->children.size(), 1u);
  EXPECT_TRUE(h->children[0]->is_generator);
  EXPECT_EQ(h->children[0]->comprehension, ComprehensionKind::Generator);
}

TEST(Symtable, LambdaScope) {
  Built b = build("f = lambda a, b=c: a + b + d\n");
  const auto* lam = b.mod->body[0]->as<Assign>()->value.get();
  const Scope* s = b.st->lookup(*lam);
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->is_lambda);
  EXPECT_EQ(s->varnames, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(b.st->top()->scope_of("c"), SymbolScope::GlobalImplicit);
}
