# The empty tuple as an assignment or annotation target (the fuzzer found the parser
# reading the first element of `()` when it reported these errors): CPython's SyntaxError
# and its position, or the statement's own behaviour when it is valid.
sources = [
    "(): int",
    '(): "x", y',
    "() = f() = 1",
    "() = yield = 1",
    "() = () = 1",
    "() = []",
    "[] = ()",
    "() += 1",
    "(), = 1",
]
for source in sources:
    try:
        code = compile(source, "<case>", "exec")
    except SyntaxError as e:
        print(f"{source!r}: SyntaxError: {e.msg} (line {e.lineno}, columns {e.offset}-{e.end_offset})")
        continue
    try:
        exec(code, {})
        print(f"{source!r}: ran")
    except Exception as e:
        print(f"{source!r}: {type(e).__name__}: {e}")
