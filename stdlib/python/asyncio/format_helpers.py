# asyncio.format_helpers: how asyncio shows callbacks, futures, tasks and coroutines in
# reprs and error messages, as CPython 3.11 shows them (its format_helpers, base_futures
# and base_tasks, and reprlib's abbreviations). The native half (_asyncio) calls these
# for its reprs; nothing here is on a hot path.

from _functools import partial  # functools.partial; functools itself is CPython's library
import sys

import _asyncio

# ---- reprlib.repr's abbreviations (reprlib.Repr's default limits) ----------------------------

_MAX_LEVEL = 6
_MAX_ITEMS = {'tuple': 6, 'list': 6, 'set': 6, 'frozenset': 6, 'deque': 6, 'dict': 4}
_MAX_STRING = 30
_MAX_LONG = 40
_MAX_OTHER = 30


def _cut(s, limit):
    if len(s) <= limit:
        return s
    i = max(0, (limit - 3) // 2)
    j = max(0, limit - 3 - i)
    return s[:i] + '...' + s[len(s) - j:]


def _possibly_sorted(x):
    try:
        return sorted(x)
    except Exception:
        return list(x)


def _repr_items(items, n, level, left, right, limit, trail=''):
    if level <= 0 and n:
        body = '...'
    else:
        pieces = [_short_repr(x, level - 1) for x in items[:limit]]
        if n > limit:
            pieces.append('...')
        body = ', '.join(pieces)
        if n == 1 and trail:
            right = trail + right
    return f'{left}{body}{right}'


def _short_repr(x, level=_MAX_LEVEL):
    """reprlib.repr(x)."""
    name = type(x).__name__
    if name == 'str':
        s = repr(x[:_MAX_STRING])
        if len(s) > _MAX_STRING:
            i = max(0, (_MAX_STRING - 3) // 2)
            j = max(0, _MAX_STRING - 3 - i)
            s = repr(x[:i] + x[len(x) - j:])
            s = s[:i] + '...' + s[len(s) - j:]
        return s
    if name == 'int':
        return _cut(repr(x), _MAX_LONG)
    if name == 'tuple':
        return _repr_items(list(x), len(x), level, '(', ')', _MAX_ITEMS['tuple'], ',')
    if name == 'list':
        return _repr_items(list(x), len(x), level, '[', ']', _MAX_ITEMS['list'])
    if name == 'set':
        if not x:
            return 'set()'
        return _repr_items(_possibly_sorted(x), len(x), level, '{', '}', _MAX_ITEMS['set'])
    if name == 'frozenset':
        if not x:
            return 'frozenset()'
        return _repr_items(_possibly_sorted(x), len(x), level, 'frozenset({', '})', _MAX_ITEMS['frozenset'])
    if name == 'deque':
        return _repr_items(list(x), len(x), level, 'deque([', '])', _MAX_ITEMS['deque'])
    if name == 'dict':
        n = len(x)
        if n == 0:
            return '{}'
        if level <= 0:
            return '{...}'
        pieces = []
        for key in _possibly_sorted(x)[:_MAX_ITEMS['dict']]:
            pieces.append(f'{_short_repr(key, level - 1)}: {_short_repr(x[key], level - 1)}')
        if n > _MAX_ITEMS['dict']:
            pieces.append('...')
        return '{' + ', '.join(pieces) + '}'
    try:
        s = repr(x)
    except Exception:
        return f'<{x.__class__.__name__} instance at {id(x):#x}>'
    return _cut(s, _MAX_OTHER)


# ---- callbacks --------------------------------------------------------------------------------

def _get_function_source(func):
    import inspect  # CPython's inspect is large: loaded on first use, not by `import asyncio`
    func = inspect.unwrap(func)
    if inspect.isfunction(func):
        code = func.__code__
        return (code.co_filename, code.co_firstlineno)
    if isinstance(func, partial):
        return _get_function_source(func.func)
    return None


def _format_args_and_kwargs(args, kwargs):
    items = []
    if args:
        items.extend(_short_repr(arg) for arg in args)
    if kwargs:
        items.extend(f'{k}={_short_repr(v)}' for k, v in kwargs.items())
    return '({})'.format(', '.join(items))


def _format_callback(func, args, kwargs, suffix=''):
    if isinstance(func, partial):
        suffix = _format_args_and_kwargs(args, kwargs) + suffix
        return _format_callback(func.func, func.args, func.keywords, suffix)
    if getattr(func, '__qualname__', None):
        text = func.__qualname__
    elif getattr(func, '__name__', None):
        text = func.__name__
    else:
        text = repr(func)
    return text + _format_args_and_kwargs(args, kwargs) + suffix


def _format_callback_source(func, args):
    text = _format_callback(func, args, None)
    source = _get_function_source(func)
    if source:
        text += f' at {source[0]}:{source[1]}'
    return text


def extract_stack(f=None, limit=None):
    """The creation stack kept in debug mode: gilpy has no frame objects to walk."""
    return []


# ---- coroutines -------------------------------------------------------------------------------

def _iscoroutine(obj):
    from asyncio import coroutines
    return coroutines.iscoroutine(obj)


def _format_coroutine(coro):
    qualname = getattr(coro, '__qualname__', None) or getattr(coro, '__name__', None)
    name = f'{qualname}()' if qualname else f'<{type(coro).__name__} without __name__>'
    where = _asyncio._coro_location(coro)
    if where is None:
        running = getattr(coro, 'cr_running', None)
        if running is None:
            running = getattr(coro, 'gi_running', False)
        return f'{name} running' if running else name
    filename, lineno, live = where
    filename = filename or '<empty co_filename>'
    if live:
        return f'{name} running at {filename}:{lineno}'
    return f'{name} done, defined at {filename}:{lineno}'


# ---- futures and tasks ------------------------------------------------------------------------

def _format_callbacks(cb):
    size = len(cb)
    if not size:
        text = ''
    elif size == 1:
        text = _format_callback_source(cb[0][0], ())
    elif size == 2:
        text = '{}, {}'.format(_format_callback_source(cb[0][0], ()), _format_callback_source(cb[1][0], ()))
    else:
        text = '{}, <{} more>, {}'.format(_format_callback_source(cb[0][0], ()), size - 2,
                                         _format_callback_source(cb[-1][0], ()))
    return f'cb=[{text}]'


def _future_repr_info(future):
    info = [future._state.lower()]
    if future._state == 'FINISHED':
        if future._exception is not None:
            info.append(f'exception={future._exception!r}')
        else:
            info.append(f'result={_short_repr(future._result)}')
    if future._callbacks:
        info.append(_format_callbacks(future._callbacks))
    if future._source_traceback:
        frame = future._source_traceback[-1]
        info.append(f'created at {frame[0]}:{frame[1]}')
    return info


def _future_repr(future):
    info = ' '.join(future._repr_info())
    return f'<{future.__class__.__name__} {info}>'


def _task_repr_info(task):
    info = _future_repr_info(task)
    if task.cancelling() and not task.done():
        info[0] = 'cancelling'
    info.insert(1, 'name=%r' % task.get_name())
    info.insert(2, f'coro=<{_format_coroutine(task._coro)}>')
    if task._fut_waiter is not None:
        info.insert(3, f'wait_for={task._fut_waiter!r}')
    return info


def _task_repr(task):
    info = ' '.join(task._repr_info())
    return f'<{task.__class__.__name__} {info}>'


def _task_get_stack(task, *, limit=None):
    return []


def _task_print_stack(task, *, limit=None, file=None):
    if file is None:
        file = sys.stderr
    exc = task._exception
    if exc is None:
        print(f'No stack for {task!r}', file=file)
    else:
        print(f'Traceback for {task!r} (most recent call last):', file=file)
        print(f'{type(exc).__name__}: {exc}', file=file)
