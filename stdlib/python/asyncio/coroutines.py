# asyncio.coroutines: telling coroutines and coroutine functions apart.

__all__ = ('iscoroutinefunction', 'iscoroutine')

import types

# Set as `_is_coroutine` on functions that must count as coroutine functions.
_is_coroutine = object()


def iscoroutinefunction(func):
    """Return True if func is a decorated coroutine function."""
    import inspect  # CPython's inspect is large: loaded on first use, not by `import asyncio`
    return inspect.iscoroutinefunction(func) or getattr(func, '_is_coroutine', None) is _is_coroutine


# Types found to be coroutine-like, cached. Coroutines, generators (3.11 still counts
# generator-based coroutines) and anything with collections.abc.Coroutine's methods.
_iscoroutine_typecache = {types.CoroutineType: True, types.GeneratorType: True}
_COROUTINE_METHODS = ('__await__', 'send', 'throw', 'close')


def iscoroutine(obj):
    """Return True if obj is a coroutine object."""
    t = type(obj)
    known = _iscoroutine_typecache.get(t)
    if known is not None:
        return known
    if isinstance(obj, (types.CoroutineType, types.GeneratorType)):
        result = True
    else:
        result = all(getattr(t, name, None) is not None for name in _COROUTINE_METHODS)
    if len(_iscoroutine_typecache) < 100:
        _iscoroutine_typecache[t] = result
    return result


def _is_debug_mode():
    import sys
    flags = getattr(sys, 'flags', None)
    if flags is not None and getattr(flags, 'dev_mode', False):
        return True
    import os
    return bool(os.environ.get('PYTHONASYNCIODEBUG'))
