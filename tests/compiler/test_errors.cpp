// Error tests: each snippet must fail with exactly CPython 3.11's exception
// type, message and line (expected values recorded from CPython's compile()).
#include <gtest/gtest.h>

#include "compiler/parser.h"
#include "compiler/symtable.h"

using namespace gilpy::compiler;

namespace {

struct ErrCase {
  const char* src;
  const char* expected;  // "SyntaxError: ..."
  int lineno;
};

const ErrCase kCases[] = {
    {"f() = 1\n", "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?", 1},
    {"1 = x\n", "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?", 1},
    {"a, f() = 1\n", "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?", 1},
    {"(a, f()) = 1\n", "SyntaxError: cannot assign to function call", 1},
    {"x + 1 = 2\n", "SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?", 1},
    {"f() = x = 1\n", "SyntaxError: cannot assign to function call", 1},
    {"x = f() = 1\n", "SyntaxError: cannot assign to function call", 1},
    {"[a, 1] = x\n", "SyntaxError: cannot assign to literal", 1},
    {"None = 1\n", "SyntaxError: cannot assign to None", 1},
    {"f() += 1\n", "SyntaxError: 'function call' is an illegal expression for augmented assignment", 1},
    {"(a, b) += 1\n", "SyntaxError: 'tuple' is an illegal expression for augmented assignment", 1},
    {"del f()\n", "SyntaxError: cannot delete function call", 1},
    {"for f() in x: pass\n", "SyntaxError: cannot assign to function call", 1},
    {"x = 1 +\n", "SyntaxError: invalid syntax", 1},
    {"print \"hi\"\n", "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?", 1},
    {"f(a for a in b, c)\n", "SyntaxError: Generator expression must be parenthesized", 1},
    {"f(x=1, 2)\n", "SyntaxError: positional argument follows keyword argument", 1},
    {"f(**k, *a)\n", "SyntaxError: iterable argument unpacking follows keyword argument unpacking", 1},
    {"def f(a=1, b): pass\n", "SyntaxError: non-default argument follows default argument", 1},
    {"def f(a, a): pass\n", "SyntaxError: duplicate argument 'a' in function definition", 1},
    {"x = (1, 2\n", "SyntaxError: '(' was never closed", 1},
    {"x = )\n", "SyntaxError: unmatched ')'", 1},
    {"x = (1]\n", "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('", 1},
    {"x = (1,\n]\n", "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2},
    {"if x\n  pass\n", "SyntaxError: expected ':'", 1},
    {"if x:\npass\n", "IndentationError: expected an indented block after 'if' statement on line 1", 2},
    {"def f():\nreturn\n", "IndentationError: expected an indented block after function definition on line 1", 2},
    {"  x = 1\n", "IndentationError: unexpected indent", 1},
    {"x = 1\n  y = 2\n", "IndentationError: unexpected indent", 2},
    {"x = \"abc\n", "SyntaxError: unterminated string literal (detected at line 1)", 1},
    {"x = \"\"\"abc\n\n\n", "SyntaxError: unterminated triple-quoted string literal (detected at line 3)", 1},
    {"x = 1abc\n", "SyntaxError: invalid decimal literal", 1},
    {"return 1\n", "SyntaxError: 'return' outside function", 1},
    {"break\n", "SyntaxError: 'break' outside loop", 1},
    {"continue\n", "SyntaxError: 'continue' not properly in loop", 1},
    {"await x\n", "SyntaxError: 'await' outside function", 1},
    {"yield 1\n", "SyntaxError: 'yield' outside function", 1},
    {"def f():\n  x = 1\n  global x\n", "SyntaxError: name 'x' is assigned to before global declaration", 3},
    {"def f():\n  print(x)\n  global x\n", "SyntaxError: name 'x' is used prior to global declaration", 3},
    {"def f():\n  nonlocal x\n", "SyntaxError: no binding for nonlocal 'x' found", 2},
    {"nonlocal x\n", "SyntaxError: nonlocal declaration not allowed at module level", 1},
    {"x = [1 2]\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1},
    {"f(a b)\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1},
    {"x = 0777\n", "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1},
    {"x = 1_\n", "SyntaxError: invalid decimal literal", 1},
    {"x = 0x\n", "SyntaxError: invalid hexadecimal literal", 1},
    {"x = 1__0\n", "SyntaxError: invalid decimal literal", 1},
    {"x = b\"a\" \"b\"\n", "SyntaxError: cannot mix bytes and nonbytes literals", 1},
    {"class A\n  pass\n", "SyntaxError: expected ':'", 1},
    {"while x\n  pass\n", "SyntaxError: expected ':'", 1},
    {"for x in y\n  pass\n", "SyntaxError: expected ':'", 1},
    {"try\n  pass\n", "SyntaxError: expected ':'", 1},
    {"with x\n  pass\n", "SyntaxError: expected ':'", 1},
    {"else:\n pass\n", "SyntaxError: invalid syntax", 1},
    {"x = $\n", "SyntaxError: invalid syntax", 1},
    {"a = 1 if b\n", "SyntaxError: expected 'else' after 'if' expression", 1},
    {"f\"{}\"\n", "SyntaxError: f-string: empty expression not allowed", 1},
    {"f\"{x!z}\"\n", "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'", 1},
    {"f\"}\"\n", "SyntaxError: f-string: single '}' is not allowed", 1},
    {"f\"{\"\n", "SyntaxError: f-string: expecting '}'", 1},
    {"x.1\n", "SyntaxError: invalid syntax", 1},
    {"def f(*): pass\n", "SyntaxError: named arguments must follow bare *", 1},
    {"def f(**k, a): pass\n", "SyntaxError: arguments cannot follow var-keyword argument", 1},
    {"import a.b as\n", "SyntaxError: invalid syntax", 1},
    {"from x import\n", "SyntaxError: invalid syntax", 1},
    {"x = yield = 1\n", "SyntaxError: assignment to yield expression not possible", 1},
    {"a := 1\n", "SyntaxError: invalid syntax", 1},
    {"(a.b := 1)\n", "SyntaxError: cannot use assignment expressions with attribute", 1},
    {"for x in y:\nz\n", "IndentationError: expected an indented block after 'for' statement on line 1", 2},
    {"while x:\nz\n", "IndentationError: expected an indented block after 'while' statement on line 1", 2},
    {"class A:\nz\n", "IndentationError: expected an indented block after class definition on line 1", 2},
    {"try:\nz\n", "IndentationError: expected an indented block after 'try' statement on line 1", 2},
    {"try:\n z\nexcept:\nz\n", "IndentationError: expected an indented block after 'except' statement on line 3", 4},
    {"try:\n z\nfinally:\nz\n", "IndentationError: expected an indented block after 'finally' statement on line 3", 4},
    {"with a:\nz\n", "IndentationError: expected an indented block after 'with' statement on line 1", 2},
    {"if a:\n z\nelif b:\nz\n", "IndentationError: expected an indented block after 'elif' statement on line 3", 4},
    {"if a:\n z\nelse:\nz\n", "IndentationError: expected an indented block after 'else' statement on line 3", 4},
    {"async def f():\nz\n", "IndentationError: expected an indented block after function definition on line 1", 2},
    {"def f(x) -> int\n  return x\n", "SyntaxError: expected ':'", 1},
    {"if x == 1\n  pass\n", "SyntaxError: expected ':'", 1},
    {"if x = 1:\n  pass\n", "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1},
    {"else\n", "SyntaxError: invalid syntax", 1},
    {"x = 1 2\n", "SyntaxError: invalid syntax", 1},
    {"f(1 2)\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1},
    {"x = a b c\n", "SyntaxError: invalid syntax", 1},
    {"def f(x):\n  global x\n", "SyntaxError: name 'x' is parameter and global", 2},
    {"x: int = 1\nglobal x\n", "SyntaxError: annotated name 'x' can't be global", 2},
    {"def f():\n  x: int\n  global x\n", "SyntaxError: annotated name 'x' can't be global", 3},
    {"@dec\nx = 1\n", "SyntaxError: invalid syntax", 2},
    {"x = 1 if 2 else\n", "SyntaxError: invalid syntax", 1},
    {"class C(x for x in y): pass\n", "SyntaxError: invalid syntax", 1},
    {"f(**k, a)\n", "SyntaxError: positional argument follows keyword argument unpacking", 1},
    {"f(a=1, a=2)\n", "SyntaxError: keyword argument repeated: a", 1},
    {"def f():\n  yield = 1\n", "SyntaxError: assignment to yield expression not possible", 2},
    {"[i := 0 for i in range(3)]\n", "SyntaxError: assignment expression cannot rebind comprehension iteration variable 'i'", 1},
    {"class A:\n  [(j := i) for i in range(3)]\n", "SyntaxError: assignment expression within a comprehension cannot be used in a class body", 2},
    {"[i for i in (j := range(3))]\n", "SyntaxError: assignment expression cannot be used in a comprehension iterable expression", 1},
    {"def f():\n  x = 1\n  def g():\n    global x\n    nonlocal x\n", "SyntaxError: name 'x' is nonlocal and global", 4},
    {"def f():\n    await x\n", "SyntaxError: 'await' outside async function", 2},
    {"async def f():\n    yield from x\n", "SyntaxError: 'yield from' inside async function", 2},
    {"async def f():\n    yield 1\n    return 2\n", "SyntaxError: 'return' with value in async generator", 3},
    {"def f():\n    async for x in y: pass\n", "SyntaxError: 'async for' outside async function", 2},
    {"def f():\n    async with x: pass\n", "SyntaxError: 'async with' outside async function", 2},
    {"def f():\n    return [await x for x in y]\n", "SyntaxError: asynchronous comprehension outside of an asynchronous function", 2},
    {"*a = 1\n", "SyntaxError: starred assignment target must be in a list or tuple", 1},
    {"*a, *b = 1\n", "SyntaxError: multiple starred expressions in assignment", 1},
    {"x = *a\n", "SyntaxError: can't use starred expression here", 1},
    {"class A:\n    return 1\n", "SyntaxError: 'return' outside function", 2},
    {"class A:\n    yield 1\n", "SyntaxError: 'yield' outside function", 2},
    {"while x:\n    pass\nelse:\n    break\n", "SyntaxError: 'break' outside loop", 4},
    {"def f():\n    for x in y:\n        def g():\n            break\n", "SyntaxError: 'break' outside loop", 4},
    {"f(True=1)\n", "SyntaxError: cannot assign to True", 1},
    {"f(a.b=1)\n", "SyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?", 1},
    {"x = [1, 2\ny = 3\n", "SyntaxError: '[' was never closed", 1},
    {"foo(1,\n    2\n", "SyntaxError: '(' was never closed", 1},
    {"d = {1: 2,\n", "SyntaxError: '{' was never closed", 1},
    {"x = (1 +\n     2))\n", "SyntaxError: unmatched ')'", 2},
    {"def f(\n    a,\n    b\n", "SyntaxError: '(' was never closed", 1},
    {"if True:\n\tx = 1\n        y = 2\n", "TabError: inconsistent use of tabs and spaces in indentation", 3},
    {"x = 'abc' 'def\n", "SyntaxError: unterminated string literal (detected at line 1)", 1},
    {"def f():\n    pass\n  x = 1\n", "IndentationError: unindent does not match any outer indentation level", 3},
    {"try:\n    pass\n", "SyntaxError: expected 'except' or 'finally' block", 2},
    {"import *\n", "SyntaxError: invalid syntax", 1},
    {"from m import a,\n", "SyntaxError: trailing comma not allowed without surrounding parentheses", 1},
    {"def f():\n    from m import *\n", "SyntaxError: import * only allowed at module level", 2},
    {"x = [i for i in range(3)] = 1\n", "SyntaxError: cannot assign to list comprehension", 1},
    {"(yield)\n", "SyntaxError: 'yield' outside function", 1},
    {"x = {1: 2, 3}\n", "SyntaxError: ':' expected after dictionary key", 1},
    {"x = {1, 2: 3}\n", "SyntaxError: invalid syntax", 1},
    {"f(a=1 b=2)\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1},
    {"x = 1 if else 2\n", "SyntaxError: invalid syntax", 1},
    {"a b\n", "SyntaxError: invalid syntax", 1},
    {"def f(a, *, b, **c, d): pass\n", "SyntaxError: arguments cannot follow var-keyword argument", 1},
    {"x = 0b12\n", "SyntaxError: invalid digit '2' in binary literal", 1},
    {"x = 0o8\n", "SyntaxError: invalid digit '8' in octal literal", 1},
    {"x = 1e\n", "SyntaxError: invalid decimal literal", 1},
    {"x = \"\\xZZ\"\n", "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape", 1},
    {"'''\nabc\n", "SyntaxError: unterminated triple-quoted string literal (detected at line 2)", 1},
    {"(x for x in y) = 1\n", "SyntaxError: cannot assign to generator expression", 1},
    {"[x for x in y] = 1\n", "SyntaxError: cannot assign to list comprehension here. Maybe you meant '==' instead of '='?", 1},
    {"True = 1\n", "SyntaxError: cannot assign to True", 1},
    {"... = 1\n", "SyntaxError: cannot assign to ellipsis here. Maybe you meant '==' instead of '='?", 1},
    {"\"abc\" = 1\n", "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?", 1},
    {"f\"{x}\" = 1\n", "SyntaxError: cannot assign to f-string expression here. Maybe you meant '==' instead of '='?", 1},
    {"def f():\n    x = 1\n        y = 2\n", "IndentationError: unexpected indent", 3},
    {"for x in range(3):\n    pass\n  print(x)\n", "IndentationError: unindent does not match any outer indentation level", 3},
    {"x = [\n    1,\n    2\ny = 3\n", "SyntaxError: '[' was never closed", 1},
    // An unclosed bracket is the error only when the parser read past the bracket's line.
    {"def f(:\n", "SyntaxError: invalid syntax", 1},
    {"f(a b\n", "SyntaxError: '(' was never closed", 1},
    {"x = (1,\n  2\nprint(x\n", "SyntaxError: '(' was never closed", 3},
    {"print(1 2", "SyntaxError: '(' was never closed", 1},  // no newline at the end
    {"class A(B C\n", "SyntaxError: '(' was never closed", 1},
    {"class A(B C):\n  pass\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 1},
    // Dictionary displays (CPython's invalid_kvpair, invalid_double_starred_kvpairs).
    {"a = {1: 2, abc def}\n", "SyntaxError: ':' expected after dictionary key", 1},
    {"a = {**b, 3 4}\n", "SyntaxError: ':' expected after dictionary key", 1},
    {"a = {1: 2,\n  abc}\n", "SyntaxError: ':' expected after dictionary key", 2},
    {"a = {1:}\n", "SyntaxError: expression expected after dictionary key and ':'", 1},
    {"a = {3:, 4: 5}\n", "SyntaxError: expression expected after dictionary key and ':'", 1},
    {"a = {1: *b}\n", "SyntaxError: cannot use a starred expression in a dictionary value", 1},
    {"a = {1: 2, 3: *b}\n", "SyntaxError: cannot use a starred expression in a dictionary value", 1},
    {"a = {1:\n2 3}\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", 2},
};

// Runs the whole front-end: parse + symtable (which also does the compiler-stage checks).
std::optional<CompileError> front_end(const std::string& src) {
  try {
    auto m = parse(src, "t.py");
    SymbolTable::build(*m, "t.py", src);
  } catch (const CompileError& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

TEST(Errors, MatchCPython) {
  for (const ErrCase& c : kCases) {
    auto e = front_end(c.src);
    ASSERT_TRUE(e.has_value()) << "no error for:\n" << c.src;
    EXPECT_EQ(e->summary(), c.expected) << "source:\n" << c.src;
    EXPECT_EQ(e->lineno, c.lineno) << "source:\n" << c.src;
    EXPECT_EQ(e->filename, "t.py");
  }
}

TEST(Errors, Locations) {
  auto e = front_end("x = 1\ntotal = sum(values\nprint(total)\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->summary(), "SyntaxError: '(' was never closed");
  EXPECT_EQ(e->lineno, 2);
  EXPECT_EQ(e->col_offset, 11);
  EXPECT_EQ(e->text, "total = sum(values");
  e = front_end("def check(n)\n    return n\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->summary(), "SyntaxError: expected ':'");
  EXPECT_EQ(e->lineno, 1);
  EXPECT_EQ(e->col_offset, 12);
  // columns in CompileError are characters, not bytes
  e = front_end("s = '\xc3\xa9\xc3\xa9' $\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->col_offset, 9);
  // CPython's columns for the errors above (SyntaxError.offset - 1, end_offset - 1), and
  // an end it leaves unknown (end_offset 0) where it gives none.
  struct Columns {
    const char* src;
    int col, end_col;
  };
  for (const Columns& c : {Columns{"def f(:\n", 6, 7}, Columns{"x = (1, 2\n", 4, -1},
                           Columns{"a = {1: 2, abc def}\n", 13, -1}, Columns{"a = {3:, 4: 5}\n", 6, 7},
                           Columns{"a = {1: 2, 3: *b}\n", 14, 16}, Columns{"a = {1: 2 3}\n", 8, 11}}) {
    e = front_end(c.src);
    ASSERT_TRUE(e) << c.src;
    EXPECT_EQ(e->col_offset, c.col) << c.src;
    EXPECT_EQ(e->end_col_offset, c.end_col) << c.src;
  }
}

TEST(Errors, TokenizerErrorWinsOverLaterParserError) {
  // CPython tokenizes the rest of the file after a parser error.
  auto e = front_end("x = = 1\ny = 'abc\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->summary(), "SyntaxError: unterminated string literal (detected at line 2)");
}

TEST(Errors, ImaginaryLiterals) {
  EXPECT_FALSE(front_end("x = 5j + 2.5J + 1e3j\n"));
  auto e = front_end("x = 5jx\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->summary(), "SyntaxError: invalid imaginary literal");
}

TEST(Errors, ValidProgramsPass) {
  const char* ok[] = {
      "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n",
      "async def f():\n    [await x for x in y]\n    async with a: pass\n",
      "def f():\n    for x in y:\n        try:\n            continue\n        finally:\n            break\n",
      "lambda: (yield)\n",
      "x = *a, *b\n",
      "class A:\n    def f(self):\n        return __class__\n",
  };
  for (const char* src : ok) EXPECT_FALSE(front_end(src).has_value()) << src;
}
