# Once a segfault (issue 11, class 3): exec with locals that are not a mapping.
try:
    exec("print(1)", None, 123)
except TypeError as e:
    print(e)
