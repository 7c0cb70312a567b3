# Deeply nested source is CPython's exception, not a crash of the compiler (issue 11,
# class 2): the tokenizer's 200 levels of brackets and 100 of indentation, MemoryError
# where the parser's stack runs out (right-nested forms), RecursionError where the
# passes over the tree do (left-nested chains), and the program goes on.


def attempt(label, source, mode="eval"):
    try:
        compile(source, "<nested>", mode)
        print(label, "-> compiled")
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


def nested_blocks(header, levels):
    lines = [" " * i + header for i in range(levels)]
    return "\n".join(lines) + "\n" + " " * levels + "pass\n"


print("-- the tokenizer")
attempt("( * 100000", "(" * 100000 + ")" * 100000)
attempt("( * 200", "(" * 200 + "1" + ")" * 200)
attempt("( * 201", "(" * 201 + "1" + ")" * 201)
attempt("[ * 10000", "[" * 10000 + "]" * 10000)
attempt("{ * 10000", "{" * 10000 + "}" * 10000)
attempt("[ * 150", "[" * 150 + "]" * 150)
attempt("if blocks 99", nested_blocks("if x:", 99), "exec")
attempt("if blocks 100", nested_blocks("if x:", 100), "exec")
attempt("def blocks 200", nested_blocks("def f():", 200), "exec")

print("-- the parser")
attempt("- * 100000", "-" * 100000 + "1")
attempt("~ * 100000", "~" * 100000 + "1")
attempt("not * 100000", "not " * 100000 + "1")
attempt("if-else * 10000", "1 if x else " * 10000 + "1")
attempt("** * 100000", "**".join(["2"] * 100000))
attempt("lambda * 10000", "lambda: " * 10000 + "1")
attempt("- * 1000", "-" * 1000 + "1")
attempt("lambda * 1000", "lambda: " * 1000 + "1")

print("-- the passes over the tree")
attempt("a+a * 100000", "+".join(["a"] * 100000))
attempt("a+a * 10000", "+".join(["a"] * 10000))
attempt("1+1 * 100000", "+".join(["1"] * 100000))
attempt("x.y * 100000", "x" + ".y" * 100000)
attempt("f() * 100000", "f" + "()" * 100000)
attempt("x[0] * 100000", "x" + "[0]" * 100000)
attempt("x.y[0]() * 30000", "x" + ".y[0]()" * 30000)
attempt("statement x.y * 100000 = 1", "x" + ".y" * 100000 + " = 1", "exec")
attempt("in a function", "def f():\n    return " + "+".join(["a"] * 100000) + "\n", "exec")

print("-- flat, however long")
attempt("and * 100000", " and ".join(["a"] * 100000))
attempt("< * 100000", " < ".join(["a"] * 100000))
attempt("'a' 'a' * 100000", " ".join(["'a'"] * 100000))
attempt("list of 100000", "[" + ",".join(["1"] * 100000) + "]")
attempt("a+a * 1000", "+".join(["a"] * 1000))

print("-- and the program goes on")
print(eval("-" * 51 + "1"), eval("(" * 150 + "7" + ")" * 150), eval("+".join(["1"] * 1000)))
