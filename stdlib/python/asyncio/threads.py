# asyncio.threads: to_thread(), a blocking function in the default executor's threads,
# with the caller's context (contextvars) copied into the thread.

__all__ = ('to_thread',)

from _functools import partial  # functools.partial; functools itself is CPython's library

from asyncio import events


async def to_thread(func, /, *args, **kwargs):
    """Run func(*args, **kwargs) in a separate thread and return its result."""
    loop = events.get_running_loop()
    try:
        import contextvars
    except ImportError:
        func_call = partial(func, *args, **kwargs)
    else:
        ctx = contextvars.copy_context()
        func_call = partial(ctx.run, func, *args, **kwargs)
    return await loop.run_in_executor(None, func_call)
