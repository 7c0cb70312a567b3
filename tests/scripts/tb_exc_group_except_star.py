# What escapes a try/except* and how it prints: the new exceptions raised in the clauses
# (each with its clause's part as its context) and the unhandled rest, combined in an
# ExceptionGroup('') that carries no traceback of its own in the frame that raised it.


def handle():
    try:
        raise ExceptionGroup("work failed", [ValueError("bad value"), TypeError("bad type"),
                                             OSError("disk")])
    except* ValueError:
        raise KeyError("while handling the ValueError")
    except* TypeError:
        raise


def main():
    handle()


main()
