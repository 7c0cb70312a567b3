// Parser golden tests: ast_dump() of each snippet must equal the dump of
// CPython 3.11's ast.parse() for the same source (the expected strings were
// generated from CPython with the same s-expression format; see ast.cpp).
#include <gtest/gtest.h>

#include "compiler/parser.h"

using namespace gilpy::compiler;

namespace {

std::string dump(const std::string& src, bool loc = false) {
  auto m = parse(src, "<test>");
  return ast_dump(*m, loc);
}

struct Golden {
  const char* src;
  const char* ast;
};

const Golden kGolden[] = {
    {R"PY(x = 1
)PY",
     R"AST((Module (Assign [(Name x Store)] (Constant 1))))AST"},
    {R"PY(a = b = c
)PY",
     R"AST((Module (Assign [(Name a Store) (Name b Store)] (Name c))))AST"},
    {R"PY(a, *b = c
)PY",
     R"AST((Module (Assign [(Tuple [(Name a Store) (Starred (Name b Store) Store)] Store)] (Name c))))AST"},
    {R"PY([a, (b, c)] = d
)PY",
     R"AST((Module (Assign [(List [(Name a Store) (Tuple [(Name b Store) (Name c Store)] Store)] Store)] (Name d))))AST"},
    {R"PY(x.y[1:2, ::3] = z
)PY",
     R"AST((Module (Assign [(Subscript (Attribute (Name x) y) (Tuple [(Slice (Constant 1) (Constant 2) _) (Slice _ _ (Constant 3))]) Store)] (Name z))))AST"},
    {R"PY(del a, b.c, d[0]
)PY",
     R"AST((Module (Delete [(Name a Del) (Attribute (Name b) c Del) (Subscript (Name d) (Constant 0) Del)])))AST"},
    {R"PY(x += 1; y //= 2; z **= 3; w @= m
)PY",
     R"AST((Module (AugAssign (Name x Store) Add (Constant 1)) (AugAssign (Name y Store) FloorDiv (Constant 2)) (AugAssign (Name z Store) Pow (Constant 3)) (AugAssign (Name w Store) MatMult (Name m))))AST"},
    {R"PY(x += 1; y //= 2; z **= 3; w @= m
)PY",
     R"AST((Module (AugAssign (Name x Store) Add (Constant 1)) (AugAssign (Name y Store) FloorDiv (Constant 2)) (AugAssign (Name z Store) Pow (Constant 3)) (AugAssign (Name w Store) MatMult (Name m))))AST"},
    {R"PY(x += 1; y //= 2; z **= 3; w @= m
)PY",
     R"AST((Module (AugAssign (Name x Store) Add (Constant 1)) (AugAssign (Name y Store) FloorDiv (Constant 2)) (AugAssign (Name z Store) Pow (Constant 3)) (AugAssign (Name w Store) MatMult (Name m))))AST"},
    {R"PY(x += 1; y //= 2; z **= 3; w @= m
)PY",
     R"AST((Module (AugAssign (Name x Store) Add (Constant 1)) (AugAssign (Name y Store) FloorDiv (Constant 2)) (AugAssign (Name z Store) Pow (Constant 3)) (AugAssign (Name w Store) MatMult (Name m))))AST"},
    {R"PY(x: int = 3
)PY",
     R"AST((Module (AnnAssign (Name x Store) (Name int) (Constant 3) simple)))AST"},
    {R"PY(x: int
)PY",
     R"AST((Module (AnnAssign (Name x Store) (Name int) _ simple)))AST"},
    {R"PY((x): int = 1
)PY",
     R"AST((Module (AnnAssign (Name x Store) (Name int) (Constant 1) complex)))AST"},
    {R"PY(a.b: str
)PY",
     R"AST((Module (AnnAssign (Attribute (Name a) b Store) (Name str) _ complex)))AST"},
    {R"PY(pass
)PY",
     R"AST((Module (Pass)))AST"},
    {R"PY(for i in range(3):
    break
else:
    continue
)PY",
     R"AST((Module (For (Name i Store) (Call (Name range) [(Constant 3)] []) [(Break)] [(Continue)])))AST"},
    {R"PY(while x:
    pass
else:
    pass
)PY",
     R"AST((Module (While (Name x) [(Pass)] [(Pass)])))AST"},
    {R"PY(if a:
    pass
elif b:
    pass
else:
    pass
)PY",
     R"AST((Module (If (Name a) [(Pass)] [(If (Name b) [(Pass)] [(Pass)])])))AST"},
    {R"PY(return_ = lambda: 0
)PY",
     R"AST((Module (Assign [(Name return_ Store)] (Lambda (arguments []) (Constant 0)))))AST"},
    {R"PY(def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:
    return a
)PY",
     R"AST((Module (FunctionDef f (arguments posonly [a b] [c] * args kwonly [d e] [_ (Constant 3)] ** kw defaults [(Constant 1) (Constant 2)]) [(Return (Name a))] returns (Name int))))AST"},
    {R"PY(def g(*, a): pass
)PY",
     R"AST((Module (FunctionDef g (arguments [] kwonly [a] [_]) [(Pass)])))AST"},
    {R"PY(@dec
@dec2(1)
class C(B, metaclass=M):
    x = 1
)PY",
     R"AST((Module (ClassDef C [(Name B)] [(keyword metaclass (Name M))] [(Assign [(Name x Store)] (Constant 1))] decorators [(Name dec) (Call (Name dec2) [(Constant 1)] [])])))AST"},
    {R"PY(async def h():
    await x
    async for i in y:
        pass
    async with a as b, c:
        pass
    [i async for i in y]
)PY",
     R"AST((Module (FunctionDef async h (arguments []) [(Expr (Await (Name x))) (For async (Name i Store) (Name y) [(Pass)] []) (With async [(withitem (Name a) (Name b Store)) (withitem (Name c) _)] [(Pass)]) (Expr (ListComp (Name i) [(async-comprehension (Name i Store) (Name y) [])]))])))AST"},
    {R"PY(def gen():
    yield
    yield 1
    x = yield from g()
)PY",
     R"AST((Module (FunctionDef gen (arguments []) [(Expr (Yield _)) (Expr (Yield (Constant 1))) (Assign [(Name x Store)] (YieldFrom (Call (Name g) [] [])))])))AST"},
    {R"PY(import a.b.c as d, e
)PY",
     R"AST((Module (Import [a.b.c as d e])))AST"},
    {R"PY(from . import x
)PY",
     R"AST((Module (ImportFrom . [x])))AST"},
    {R"PY(from ..m import (a, b as c,)
)PY",
     R"AST((Module (ImportFrom ..m [a b as c])))AST"},
    {R"PY(from m import *
)PY",
     R"AST((Module (ImportFrom m [*])))AST"},
    {R"PY(try:
    pass
except E as e:
    pass
except (A, B):
    pass
except:
    pass
else:
    pass
finally:
    pass
)PY",
     R"AST((Module (Try [(Pass)] [(except (Name E) e [(Pass)]) (except (Tuple [(Name A) (Name B)]) _ [(Pass)]) (except _ _ [(Pass)])] [(Pass)] [(Pass)])))AST"},
    {R"PY(raise
)PY",
     R"AST((Module (Raise _ _)))AST"},
    {R"PY(raise X from Y
)PY",
     R"AST((Module (Raise (Name X) (Name Y))))AST"},
    {R"PY(with (open(a) as f, open(b) as g):
    pass
)PY",
     R"AST((Module (With [(withitem (Call (Name open) [(Name a)] []) (Name f Store)) (withitem (Call (Name open) [(Name b)] []) (Name g Store))] [(Pass)])))AST"},
    {R"PY(with (a, b):
    pass
)PY",
     R"AST((Module (With [(withitem (Name a) _) (withitem (Name b) _)] [(Pass)])))AST"},
    {R"PY(with (yield):
    pass
)PY",
     R"AST((Module (With [(withitem (Yield _) _)] [(Pass)])))AST"},
    {R"PY(global a, b
)PY",
     R"AST((Module (Global a b)))AST"},
    {R"PY(assert x, "msg"
)PY",
     R"AST((Module (Assert (Name x) (Constant 'msg'))))AST"},
    {R"PY(assert y
)PY",
     R"AST((Module (Assert (Name y) _)))AST"},
    {R"PY(x = a if b else c
)PY",
     R"AST((Module (Assign [(Name x Store)] (IfExp (Name b) (Name a) (Name c)))))AST"},
    {R"PY(x = not a and b or c
)PY",
     R"AST((Module (Assign [(Name x Store)] (BoolOp Or [(BoolOp And [(UnaryOp Not (Name a)) (Name b)]) (Name c)]))))AST"},
    {R"PY(x = a < b <= c != d is not e not in f in g is h
)PY",
     R"AST((Module (Assign [(Name x Store)] (Compare (Name a) [Lt LtE NotEq IsNot NotIn In Is] [(Name b) (Name c) (Name d) (Name e) (Name f) (Name g) (Name h)]))))AST"},
    {R"PY(x = -2 ** 2
)PY",
     R"AST((Module (Assign [(Name x Store)] (UnaryOp USub (BinOp Pow (Constant 2) (Constant 2))))))AST"},
    {R"PY(x = a ** -b ** c
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp Pow (Name a) (UnaryOp USub (BinOp Pow (Name b) (Name c)))))))AST"},
    {R"PY(x = ~a + b * c - d / e // f % g @ h
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp Sub (BinOp Add (UnaryOp Invert (Name a)) (BinOp Mult (Name b) (Name c))) (BinOp MatMult (BinOp Mod (BinOp FloorDiv (BinOp Div (Name d) (Name e)) (Name f)) (Name g)) (Name h))))))AST"},
    {R"PY(x = a | b ^ c & d << e >> f
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp BitOr (Name a) (BinOp BitXor (Name b) (BinOp BitAnd (Name c) (BinOp RShift (BinOp LShift (Name d) (Name e)) (Name f))))))))AST"},
    {R"PY(x = (n := 10)
)PY",
     R"AST((Module (Assign [(Name x Store)] (NamedExpr (Name n Store) (Constant 10)))))AST"},
    {R"PY(print(*args, sep='', **kw)
)PY",
     R"AST((Module (Expr (Call (Name print) [(Starred (Name args))] [(keyword sep (Constant '')) (keyword ** (Name kw))]))))AST"},
    {R"PY(f(x for x in y)
)PY",
     R"AST((Module (Expr (Call (Name f) [(GeneratorExp (Name x) [(comprehension (Name x Store) (Name y) [])])] []))))AST"},
    {R"PY(f(a)(b)[c].d
)PY",
     R"AST((Module (Expr (Attribute (Subscript (Call (Call (Name f) [(Name a)] []) [(Name b)] []) (Name c)) d))))AST"},
    {R"PY(x = [1, *a, 2]
)PY",
     R"AST((Module (Assign [(Name x Store)] (List [(Constant 1) (Starred (Name a)) (Constant 2)]))))AST"},
    {R"PY(x = {1, *a}
)PY",
     R"AST((Module (Assign [(Name x Store)] (Set [(Constant 1) (Starred (Name a))]))))AST"},
    {R"PY(x = {'a': 1, **d}
)PY",
     R"AST((Module (Assign [(Name x Store)] (Dict [(Constant 'a') _] [(Constant 1) (Name d)]))))AST"},
    {R"PY(x = {}
)PY",
     R"AST((Module (Assign [(Name x Store)] (Dict [] []))))AST"},
    {R"PY(x = ()
)PY",
     R"AST((Module (Assign [(Name x Store)] (Tuple []))))AST"},
    {R"PY(x = (1,)
)PY",
     R"AST((Module (Assign [(Name x Store)] (Tuple [(Constant 1)]))))AST"},
    {R"PY(x = 1, 2,
)PY",
     R"AST((Module (Assign [(Name x Store)] (Tuple [(Constant 1) (Constant 2)]))))AST"},
    {R"PY(x = ...
)PY",
     R"AST((Module (Assign [(Name x Store)] (Constant ...))))AST"},
    {R"PY(x = [i * j for i in range(3) if i for j in range(i) if j if i]
)PY",
     R"AST((Module (Assign [(Name x Store)] (ListComp (BinOp Mult (Name i) (Name j)) [(comprehension (Name i Store) (Call (Name range) [(Constant 3)] []) [(Name i)]) (comprehension (Name j Store) (Call (Name range) [(Name i)] []) [(Name j) (Name i)])]))))AST"},
    {R"PY(x = {k: v for k, v in d.items()}
)PY",
     R"AST((Module (Assign [(Name x Store)] (DictComp (Name k) (Name v) [(comprehension (Tuple [(Name k Store) (Name v Store)] Store) (Call (Attribute (Name d) items) [] []) [])]))))AST"},
    {R"PY(x = {a for a in b}
)PY",
     R"AST((Module (Assign [(Name x Store)] (SetComp (Name a) [(comprehension (Name a Store) (Name b) [])]))))AST"},
    {R"PY(x = (a for a in b)
)PY",
     R"AST((Module (Assign [(Name x Store)] (GeneratorExp (Name a) [(comprehension (Name a Store) (Name b) [])]))))AST"},
    {R"PY(x = 0x_FF + 0o17 + 0b1010 + 1_000_000 + 123456789012345678901234567890
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp Add (BinOp Add (BinOp Add (BinOp Add (Constant 255) (Constant 15)) (Constant 10)) (Constant 1000000)) (Constant 123456789012345678901234567890)))))AST"},
    {R"PY(x = 0xFFFFFFFFFFFFFFFFFFFFFFFF
)PY",
     R"AST((Module (Assign [(Name x Store)] (Constant 79228162514264337593543950335))))AST"},
    {R"PY(x = 1. + .5 + 1e10 + 1_000.5 + 1E-3
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp Add (BinOp Add (BinOp Add (BinOp Add (Constant 1.0) (Constant 0.5)) (Constant 10000000000.0)) (Constant 1000.5)) (Constant 0.001)))))AST"},
    {R"PY(x = "a" 'b' """c""" '''d'''
)PY",
     R"AST((Module (Assign [(Name x Store)] (Constant 'abcd'))))AST"},
    {R"PY(x = b"\x00\xff" rb"\n" Br"x"
)PY",
     R"AST((Module (Assign [(Name x Store)] (Constant b'\x00\xff\\nx'))))AST"},
    {R"PY(x = r"\n" + "\t\\\'\"\x41\u00e9\U0001F600\101\a\b\f\v\r" + u"u"
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp Add (BinOp Add (Constant '\\n') (Constant '\t\\\'"Aé😀A\x07\x08\x0c\x0b\r')) (Constant 'u')))))AST"},
    {R"PY(x = "line\
cont"
)PY",
     R"AST((Module (Assign [(Name x Store)] (Constant 'linecont'))))AST"},
    {R"PY(x = f"{a!r:>{width}} {b=} {c = !s} {{}} {d:%H}"
)PY",
     R"AST((Module (Assign [(Name x Store)] (JoinedStr [(FormattedValue (Name a) !r (JoinedStr [(Constant '>') (FormattedValue (Name width))])) (Constant ' b=') (FormattedValue (Name b) !r) (Constant ' c = ') (FormattedValue (Name c) !s) (Constant ' {} ') (FormattedValue (Name d) (JoinedStr [(Constant '%H')]))]))))AST"},
    {R"PY(x = f"{'nested'} {f'{inner}'}" "plain" f"{x:{y}.{z}}"
)PY",
     R"AST((Module (Assign [(Name x Store)] (JoinedStr [(FormattedValue (Constant 'nested')) (Constant ' ') (FormattedValue (JoinedStr [(FormattedValue (Name inner))])) (Constant 'plain') (FormattedValue (Name x) (JoinedStr [(FormattedValue (Name y)) (Constant '.') (FormattedValue (Name z))]))]))))AST"},
    {R"PY(x = rf"\d{a}" + Rb"x"
)PY",
     R"AST((Module (Assign [(Name x Store)] (BinOp Add (JoinedStr [(Constant '\\d') (FormattedValue (Name a))]) (Constant b'x')))))AST"},
    {R"PY(x = f"{a,b}"
)PY",
     R"AST((Module (Assign [(Name x Store)] (JoinedStr [(FormattedValue (Tuple [(Name a) (Name b)]))]))))AST"},
    {R"PY(x = f"""multi
{line}"""
)PY",
     R"AST((Module (Assign [(Name x Store)] (JoinedStr [(Constant 'multi\n') (FormattedValue (Name line))]))))AST"},
    {R"PY(x = a[1:2:3], a[::2], a[:], a[1:], a[:, 1], a[...]
)PY",
     R"AST((Module (Assign [(Name x Store)] (Tuple [(Subscript (Name a) (Slice (Constant 1) (Constant 2) (Constant 3))) (Subscript (Name a) (Slice _ _ (Constant 2))) (Subscript (Name a) (Slice _ _ _)) (Subscript (Name a) (Slice (Constant 1) _ _)) (Subscript (Name a) (Tuple [(Slice _ _ _) (Constant 1)])) (Subscript (Name a) (Constant ...))]))))AST"},
    {R"PY(x = lambda a, b=1, *c, d, e=2, **f: a
)PY",
     R"AST((Module (Assign [(Name x Store)] (Lambda (arguments [a b] * c kwonly [d e] [_ (Constant 2)] ** f defaults [(Constant 1)]) (Name a)))))AST"},
    {R"PY(x = lambda *, a: a
)PY",
     R"AST((Module (Assign [(Name x Store)] (Lambda (arguments [] kwonly [a] [_]) (Name a)))))AST"},
    {R"PY(x = lambda: (yield)
)PY",
     R"AST((Module (Assign [(Name x Store)] (Lambda (arguments []) (Yield _)))))AST"},
    {R"PY(class D:
    def m(self):
        return super().m()
)PY",
     R"AST((Module (ClassDef D [] [] [(FunctionDef m (arguments [self]) [(Return (Call (Attribute (Call (Name super) [] []) m) [] []))])])))AST"},
    {R"PY(if (y := f()) is not None: pass
)PY",
     R"AST((Module (If (Compare (NamedExpr (Name y Store) (Call (Name f) [] [])) [IsNot] [(Constant None)]) [(Pass)] [])))AST"},
    {R"PY(x = [y := 1, y ** 2]
)PY",
     R"AST((Module (Assign [(Name x Store)] (List [(NamedExpr (Name y Store) (Constant 1)) (BinOp Pow (Name y) (Constant 2))]))))AST"},
    {R"PY(x = a if b else lambda: c
)PY",
     R"AST((Module (Assign [(Name x Store)] (IfExp (Name b) (Name a) (Lambda (arguments []) (Name c))))))AST"},
    {R"PY(x = await_ = 1
)PY",
     R"AST((Module (Assign [(Name x Store) (Name await_ Store)] (Constant 1))))AST"},
    {R"PY(x = not not a
)PY",
     R"AST((Module (Assign [(Name x Store)] (UnaryOp Not (UnaryOp Not (Name a))))))AST"},
    {R"PY(x = - - a
)PY",
     R"AST((Module (Assign [(Name x Store)] (UnaryOp USub (UnaryOp USub (Name a))))))AST"},
    {R"PY(x = a.b.c(d=1)(*e)
)PY",
     R"AST((Module (Assign [(Name x Store)] (Call (Call (Attribute (Attribute (Name a) b) c) [] [(keyword d (Constant 1))]) [(Starred (Name e))] []))))AST"},
    {R"PY(def f(a: int = 1, *args: str, b: "x" = 2, **kw: dict): pass
)PY",
     R"AST((Module (FunctionDef f (arguments [(a (Name int))] * (args (Name str)) kwonly [(b (Constant 'x'))] [(Constant 2)] ** (kw (Name dict)) defaults [(Constant 1)]) [(Pass)])))AST"},
    {R"PY(x = yield_ = 3
)PY",
     R"AST((Module (Assign [(Name x Store) (Name yield_ Store)] (Constant 3))))AST"},
    {R"PY(nonlocal_ = 1
)PY",
     R"AST((Module (Assign [(Name nonlocal_ Store)] (Constant 1))))AST"},
    {R"PY(for x, in y: pass
)PY",
     R"AST((Module (For (Tuple [(Name x Store)] Store) (Name y) [(Pass)] [])))AST"},
    {R"PY(for (a, b), c in d: pass
)PY",
     R"AST((Module (For (Tuple [(Tuple [(Name a Store) (Name b Store)] Store) (Name c Store)] Store) (Name d) [(Pass)] [])))AST"},
    {R"PY(x = [*a, *b]
)PY",
     R"AST((Module (Assign [(Name x Store)] (List [(Starred (Name a)) (Starred (Name b))]))))AST"},
    {R"PY(print(f(*"123" and (4, 5, 6)))
)PY",
     R"AST((Module (Expr (Call (Name print) [(Call (Name f) [(Starred (BoolOp And [(Constant '123') (Tuple [(Constant 4) (Constant 5) (Constant 6)])]))] [])] []))))AST"},
    {R"PY(x = t[1, 2]
)PY",
     R"AST((Module (Assign [(Name x Store)] (Subscript (Name t) (Tuple [(Constant 1) (Constant 2)])))))AST"},
    {R"PY(x = t[*a]
)PY",
     R"AST((Module (Assign [(Name x Store)] (Subscript (Name t) (Tuple [(Starred (Name a))])))))AST"},
    {R"PY(x = 1 if 2 else 3 if 4 else 5
)PY",
     R"AST((Module (Assign [(Name x Store)] (IfExp (Constant 2) (Constant 1) (IfExp (Constant 4) (Constant 3) (Constant 5))))))AST"},
};

}  // namespace

TEST(Parser, GoldenAgainstCPython) {
  for (const Golden& g : kGolden) {
    std::string got;
    try {
      got = dump(g.src);
    } catch (const CompileError& e) {
      got = "CompileError: " + e.summary() + " line " + std::to_string(e.lineno);
    }
    EXPECT_EQ(got, g.ast) << "source:\n" << g.src;
  }
}

TEST(Parser, Precedence) {
  EXPECT_EQ(dump("-2**2\n"),
            "(Module (Expr (UnaryOp USub (BinOp Pow (Constant 2) (Constant 2)))))");
  EXPECT_EQ(dump("2**3**4\n"),
            "(Module (Expr (BinOp Pow (Constant 2) (BinOp Pow (Constant 3) (Constant 4)))))");
  EXPECT_EQ(dump("await a ** b\n"),
            "(Module (Expr (BinOp Pow (Await (Name a)) (Name b))))");
  EXPECT_EQ(dump("a - b - c\n"),
            "(Module (Expr (BinOp Sub (BinOp Sub (Name a) (Name b)) (Name c))))");
  EXPECT_EQ(dump("not a == b\n"),
            "(Module (Expr (UnaryOp Not (Compare (Name a) [Eq] [(Name b)]))))");
}

TEST(Parser, Locations) {
  // CPython: a node spans from its rule's first token, so `(a) + b` starts at '('.
  EXPECT_EQ(dump("(a) + b\n", true),
            "(Module (Expr@1:0-1:7 (BinOp@1:0-1:7 Add (Name@1:1-1:2 a) (Name@1:6-1:7 b))))");
  EXPECT_EQ(dump("f(x for x in y)\n", true),
            "(Module (Expr@1:0-1:15 (Call@1:0-1:15 (Name@1:0-1:1 f) [(GeneratorExp@1:1-1:15 "
            "(Name@1:2-1:3 x) [(comprehension (Name@1:8-1:9 x Store) (Name@1:13-1:14 y) [])])] "
            "[])))");
  // f-string fields carry their real positions
  EXPECT_EQ(dump("f'{ab}'\n", true),
            "(Module (Expr@1:0-1:7 (JoinedStr@1:0-1:7 [(FormattedValue@1:0-1:7 "
            "(Name@1:3-1:5 ab))])))");
  // compound statements end at their last body statement
  EXPECT_EQ(dump("if a:\n    b\n\n", true),
            "(Module (If@1:0-2:5 (Name@1:3-1:4 a) [(Expr@2:4-2:5 (Name@2:4-2:5 b))] []))");
  // columns are UTF-8 byte offsets, as in CPython's ast
  EXPECT_EQ(dump("'\xc3\xa9' + x\n", true),
            "(Module (Expr@1:0-1:8 (BinOp@1:0-1:8 Add (Constant@1:0-1:4 '\xc3\xa9') "
            "(Name@1:7-1:8 x))))");
}

TEST(Parser, IntConstants) {
  auto m = parse("x = 0xFF\ny = 123456789012345678901234567890\nz = 0b0\nw = 9223372036854775807\n"
                 "v = 9223372036854775808\n", "<t>");
  auto val = [&](int i) { return m->body[i]->as<Assign>()->value->as<Constant>(); };
  EXPECT_EQ(val(0)->str, "255");
  EXPECT_EQ(val(0)->as_int64(), 255);
  EXPECT_EQ(val(1)->str, "123456789012345678901234567890");
  EXPECT_FALSE(val(1)->as_int64().has_value());
  EXPECT_EQ(val(2)->str, "0");
  EXPECT_EQ(val(3)->as_int64(), INT64_MAX);
  EXPECT_FALSE(val(4)->as_int64().has_value());
}

TEST(Parser, FloatAndStringValues) {
  auto m = parse("a = 1_000.5\nb = 'x\\ty\\u00e9'\nc = b'\\xff\\x00'\n", "<t>");
  auto val = [&](int i) { return m->body[i]->as<Assign>()->value->as<Constant>(); };
  EXPECT_EQ(val(0)->value_kind, ConstKind::Float);
  EXPECT_DOUBLE_EQ(val(0)->f, 1000.5);
  EXPECT_EQ(val(1)->str, "x\ty\xc3\xa9");
  EXPECT_EQ(val(2)->value_kind, ConstKind::Bytes);
  EXPECT_EQ(val(2)->str, std::string("\xff\x00", 2));
}

TEST(Parser, Modes) {
  auto e = parse("  1 + x\n", "<eval>", ParseMode::Eval);
  EXPECT_EQ(ast_dump(*e), "(Expression (BinOp Add (Constant 1) (Name x)))");
  auto s = parse("for i in x:\n    print(i)\n\n", "<stdin>", ParseMode::Single);
  EXPECT_EQ(s->body.size(), 1u);
  auto fut = parse("from __future__ import annotations\nx: int\n", "<t>");
  EXPECT_TRUE(fut->future_annotations);
}

TEST(Parser, FStringDebugAndSpec) {
  EXPECT_EQ(dump("f'{x=}'\n"),
            "(Module (Expr (JoinedStr [(Constant 'x=') (FormattedValue (Name x) !r)])))");
  EXPECT_EQ(dump("f'{x=:>4}'\n"),
            "(Module (Expr (JoinedStr [(Constant 'x=') (FormattedValue (Name x) (JoinedStr "
            "[(Constant '>4')]))])))");
  EXPECT_EQ(dump("f'{x!a}{{}}'\n"),
            "(Module (Expr (JoinedStr [(FormattedValue (Name x) !a) (Constant '{}')])))");
}
