# match patterns nested past the parser's limit: SyntaxError, never a crash.
try:
    compile("match x:\n    case " + "[" * 5000 + "a" + "]" * 5000 + ":\n        pass\n", "f", "exec")
except (SyntaxError, RecursionError, MemoryError) as e:
    print(type(e).__name__)
