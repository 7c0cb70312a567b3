"""Context variables (PEP 567): the native _contextvars module (runtime/context.cpp)."""

from _contextvars import Context, ContextVar, Token, copy_context

__all__ = ('Context', 'ContextVar', 'Token', 'copy_context')
