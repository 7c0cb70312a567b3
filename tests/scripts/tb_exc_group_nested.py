# The traceback CPython 3.11 prints for an uncaught exception group: the "+ Exception
# Group Traceback" header, "| " margins, one "+---- N ----" section per sub-exception,
# sub-exceptions with their own tracebacks, causes and contexts, a nested group, notes,
# and the closing "+----" lines. (Every line a traceback shows is a whole statement, so
# that CPython prints no position carets, which gilpy does not draw.)


def inner(n):
    raise ValueError(n)


def collect():
    errors = []
    for i in range(2):
        try:
            inner(i)
        except ValueError as e:
            errors.append(e)
    errors.append(TypeError("never raised: no traceback"))
    try:
        raise OSError("the cause")
    except OSError as cause:
        try:
            raise RuntimeError("with a cause") from cause
        except RuntimeError as e:
            errors.append(e)
    try:
        raise KeyError("the context")
    except KeyError:
        try:
            raise LookupError("during handling")
        except LookupError as e:
            errors.append(e)
    try:
        raise ExceptionGroup("nested", [ValueError("n1"), TypeError("n2")])
    except ExceptionGroup as e:
        errors.append(e)
    errors.append(ExceptionGroup("nested, never raised", [ZeroDivisionError("z")]))
    noted = ValueError("noted")
    noted.add_note("a note")
    noted.add_note("a note\non two lines")
    errors.append(noted)
    raise ExceptionGroup("many problems", errors)


def main():
    print("about to fail")
    collect()


main()
