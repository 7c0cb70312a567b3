# Once a read past the end of an empty vector the fuzzer found (issue 11): the parser
# took the first element of `()` to place its error.
(): int
