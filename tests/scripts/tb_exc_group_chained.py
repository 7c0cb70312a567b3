# Groups in exception chains: a group raised from another group (the cause is printed
# first, at the top level), a plain exception raised while handling a group (the group
# is its context), a BaseExceptionGroup, and a group that holds one exception twice.


def fail_in_group():
    shared = ValueError("appears twice")
    raise BaseExceptionGroup("base", [KeyboardInterrupt(), shared, shared])


def outer():
    try:
        fail_in_group()
    except BaseExceptionGroup as eg:
        try:
            raise RuntimeError("handling the group")
        except RuntimeError as r:
            raise ExceptionGroup("outer", [r, ExceptionGroup("sub", [OSError(1)])]) from eg


try:
    outer()
except ExceptionGroup:
    raise AttributeError("a plain exception while handling the group")
