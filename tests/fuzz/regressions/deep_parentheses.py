# Once a segfault in the parser (issue 11, class 2): now a SyntaxError.
try:
    eval("(" * 100000 + ")" * 100000)
except (SyntaxError, RecursionError, MemoryError) as e:
    print(type(e).__name__)
