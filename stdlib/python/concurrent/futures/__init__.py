"""Execute computations asynchronously using threads (CPython 3.11's concurrent.futures,
written for gilpy).

The Future, the waiting functions and the executor base live in concurrent.futures._base;
ThreadPoolExecutor in concurrent.futures.thread, imported on first use as CPython does.
ProcessPoolExecutor is not provided (gilpy has no multiprocessing): the name is absent.
"""

from concurrent.futures._base import (FIRST_COMPLETED,
                                      FIRST_EXCEPTION,
                                      ALL_COMPLETED,
                                      CancelledError,
                                      TimeoutError,
                                      InvalidStateError,
                                      BrokenExecutor,
                                      Future,
                                      Executor,
                                      wait,
                                      as_completed)

__all__ = (
    'FIRST_COMPLETED',
    'FIRST_EXCEPTION',
    'ALL_COMPLETED',
    'CancelledError',
    'TimeoutError',
    'BrokenExecutor',
    'Future',
    'Executor',
    'wait',
    'as_completed',
    'ThreadPoolExecutor',
)


def __dir__():
    return __all__ + ('__doc__',)


def __getattr__(name):
    global ThreadPoolExecutor
    if name == 'ThreadPoolExecutor':
        from concurrent.futures.thread import ThreadPoolExecutor as executor_class
        ThreadPoolExecutor = executor_class
        return executor_class
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
