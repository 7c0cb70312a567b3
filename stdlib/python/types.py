"""types: names for the built-in types (gilpy's frozen version of CPython's Lib/types.py)."""
import sys
import _gilpy_types

def _f(): pass
FunctionType = type(_f)
LambdaType = type(lambda: None)
CodeType = type(_f.__code__)
MappingProxyType = type(type.__dict__)
SimpleNamespace = None  # defined below

def _g():
    yield 1
GeneratorType = type(_g())

async def _c(): pass
_c = _c()
CoroutineType = type(_c)
_c.close()

async def _ag():
    yield
_ag = _ag()
AsyncGeneratorType = type(_ag)

class _C:
    def _m(self): pass
MethodType = type(_C()._m)

def _type_of(make):
    try:
        return type(make())
    except Exception:
        return None

BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
WrapperDescriptorType = _type_of(lambda: object.__init__)
MethodWrapperType = _type_of(lambda: object().__str__)
MethodDescriptorType = _type_of(lambda: str.join)
ClassMethodDescriptorType = _type_of(lambda: dict.__dict__['fromkeys'])
ModuleType = type(sys)

def _tb():
    try:
        raise TypeError
    except TypeError as e:
        return e.__traceback__
TracebackType = _type_of(_tb)
GetSetDescriptorType = _type_of(lambda: FunctionType.__dict__['__code__'])
MemberDescriptorType = GetSetDescriptorType
FrameType = type(sys._getframe())
NoneType = type(None)
NotImplementedType = type(NotImplemented)
EllipsisType = type(Ellipsis)

def _cell_factory():
    a = 1
    def f():
        nonlocal a
    return f.__closure__[0]
CellType = type(_cell_factory())

del sys, _f, _g, _C, _c, _ag, _tb, _cell_factory


class SimpleNamespace:
    def __init__(self, mapping_or_iterable=(), /, **kwargs):
        self.__dict__.update(mapping_or_iterable)
        self.__dict__.update(kwargs)

    def __repr__(self):
        ident = id(self)
        if ident in _repr_running:
            return f"{type(self).__name__}(...)"
        _repr_running.add(ident)
        try:
            items = (f"{k}={v!r}" for k, v in self.__dict__.items())
            name = "namespace" if type(self) is SimpleNamespace else type(self).__name__
            return f"{name}({', '.join(items)})"
        finally:
            _repr_running.discard(ident)

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None

    def __reduce__(self):
        return (type(self), (), self.__dict__)

_repr_running = set()


class DynamicClassAttribute:
    """Route attribute access on a class to __getattr__.

    This is a descriptor, used to define attributes that act differently when
    accessed through an instance and through a class.  Instance access remains
    normal, but access to an attribute through a class will be routed to the
    class's __getattr__ method; this is done by raising AttributeError.

    This allows one to have properties active on an instance, and have virtual
    attributes on the class with the same name.  (Enum used this between Python
    versions 3.4 - 3.9 .)

    Subclass from this to use a different method of accessing virtual attributes
    and still be treated properly by the inspect module. (Enum uses this since
    Python 3.10 .)

    """
    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        # The docstring of the getter, unless one was given.
        self.__doc__ = doc or fget.__doc__
        self.overwrite_doc = doc is None
        # An abstract getter makes the whole attribute abstract (inspect, abc).
        self.__isabstractmethod__ = bool(getattr(fget, '__isabstractmethod__', False))

    def __get__(self, instance, ownerclass=None):
        if instance is None:
            if self.__isabstractmethod__:
                return self
            raise AttributeError()
        elif self.fget is None:
            raise AttributeError("unreadable attribute")
        return self.fget(instance)

    def __set__(self, instance, value):
        if self.fset is None:
            raise AttributeError("can't set attribute")
        self.fset(instance, value)

    def __delete__(self, instance):
        if self.fdel is None:
            raise AttributeError("can't delete attribute")
        self.fdel(instance)

    def _copy_with(self, fget, fset, fdel):
        doc = fget.__doc__ if self.overwrite_doc else None
        result = type(self)(fget, fset, fdel, doc or self.__doc__)
        result.overwrite_doc = self.overwrite_doc
        return result

    def getter(self, fget):
        return self._copy_with(fget, self.fset, self.fdel)

    def setter(self, fset):
        return self._copy_with(self.fget, fset, self.fdel)

    def deleter(self, fdel):
        return self._copy_with(self.fget, self.fset, fdel)


# ---- list[int] and int | str (PEP 585, PEP 604) -------------------------------------------
# CPython has these in C (Objects/genericaliasobject.c, unionobject.c); the built-in
# classes' __class_getitem__ and type's | operator call them (runtime/typeobject.h).

def _alias_item_repr(obj):
    if obj is Ellipsis:
        return '...'
    if isinstance(obj, GenericAlias):
        return repr(obj)
    try:
        if hasattr(obj, '__origin__') and hasattr(obj, '__args__'):
            return repr(obj)
        qualname = obj.__qualname__
        module = obj.__module__
    except AttributeError:
        return repr(obj)
    if module == 'builtins':
        return qualname
    return f'{module}.{qualname}'


def _collect_parameters(args):
    """The type variables in args, in first-seen order (CPython's _Py_make_parameters)."""
    parameters = []
    for t in args:
        if isinstance(t, type):
            continue
        if hasattr(t, '__typing_subst__'):
            if t not in parameters:
                parameters.append(t)
        else:
            for p in getattr(t, '__parameters__', ()) if not isinstance(t, (list, tuple)) else _collect_parameters(t):
                if p not in parameters:
                    parameters.append(p)
    return tuple(parameters)


def _substitute(obj, params, items):
    subparams = getattr(obj, '__parameters__', None) if not isinstance(obj, type) else None
    if isinstance(subparams, tuple) and subparams:
        subargs = tuple(items[params.index(p)] if p in params else p for p in subparams)
        obj = obj[subargs]
    return obj


def _substitute_args(alias, args, item):
    params = alias.__parameters__
    if not params:
        raise TypeError(f"{alias!r} is not a generic class")
    items = item if isinstance(item, tuple) else (item,)
    for param in params:
        prepare = getattr(param, '__typing_prepare_subst__', None)
        if prepare is not None:
            items = prepare(alias, items)
    if len(items) != len(params):
        raise TypeError(f"Too {'many' if len(items) > len(params) else 'few'} arguments for {alias!r}; "
                        f"actual {len(items)}, expected {len(params)}")
    new_args = []
    for arg in args:
        if isinstance(arg, type):
            new_args.append(arg)
            continue
        subst = getattr(arg, '__typing_subst__', None)
        if subst is not None:
            arg = subst(items[params.index(arg)])
        elif isinstance(arg, (list, tuple)):
            arg = type(arg)(_substitute(a, params, items) for a in arg)
        else:
            arg = _substitute(arg, params, items)
        new_args.append(arg)
    return tuple(new_args)


_ALIAS_OWN_ATTRIBUTES = frozenset({
    '__class__', '__origin__', '__args__', '__unpacked__', '__parameters__',
    '__typing_unpacked_tuple_args__', '__mro_entries__', '__reduce_ex__', '__reduce__',
    '__copy__', '__deepcopy__'})


class GenericAlias:
    """Represent a PEP 585 generic type

    E.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,).
    """

    def __new__(cls, origin, args, /):
        self = object.__new__(cls)
        if not isinstance(args, tuple):
            args = (args,)
        d = object.__getattribute__(self, '__dict__')
        d['__origin__'] = origin
        d['__args__'] = args
        d['__unpacked__'] = False
        return self

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError("GenericAlias() takes no keyword arguments")

    def __getattribute__(self, name):
        # Everything but the alias's own attributes is the origin's (list[int].__name__).
        if name in _ALIAS_OWN_ATTRIBUTES or name == '__dict__':
            return object.__getattribute__(self, name)
        d = object.__getattribute__(self, '__dict__')
        return getattr(d['__origin__'], name)

    @property
    def __parameters__(self):
        d = object.__getattribute__(self, '__dict__')
        params = d.get('_parameters')
        if params is None:
            params = d['_parameters'] = _collect_parameters(d['__args__'])
        return params

    @property
    def __typing_unpacked_tuple_args__(self):
        if self.__unpacked__ and self.__origin__ is tuple:
            return self.__args__
        return None

    def __repr__(self):
        args = self.__args__
        if len(args) == 0:
            inner = '()'
        else:
            inner = ', '.join(
                '[' + ', '.join(_alias_item_repr(a) for a in arg) + ']' if isinstance(arg, list)
                else _alias_item_repr(arg) for arg in args)
        prefix = '*' if self.__unpacked__ else ''
        return f'{prefix}{_alias_item_repr(self.__origin__)}[{inner}]'

    def __call__(self, *args, **kwargs):
        result = self.__origin__(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except (AttributeError, TypeError):
            pass
        return result

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __getitem__(self, item):
        alias = GenericAlias(self.__origin__, _substitute_args(self, self.__args__, item))
        object.__getattribute__(alias, '__dict__')['__unpacked__'] = self.__unpacked__
        return alias

    def __eq__(self, other):
        if not isinstance(other, GenericAlias):
            return NotImplemented
        return (self.__origin__ == other.__origin__ and self.__args__ == other.__args__
                and self.__unpacked__ == other.__unpacked__)

    def __hash__(self):
        return hash(self.__origin__) ^ hash(self.__args__)

    def __or__(self, other):
        return _union_or(self, other)

    def __ror__(self, other):
        return _union_or(other, self)

    def __instancecheck__(self, obj):
        raise TypeError("isinstance() argument 2 cannot be a parameterized generic")

    def __subclasscheck__(self, cls):
        raise TypeError("issubclass() argument 2 cannot be a parameterized generic")

    def __reduce__(self):
        return (GenericAlias, (self.__origin__, self.__args__))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __dir__(self):
        return sorted(set(dir(self.__origin__)) | _ALIAS_OWN_ATTRIBUTES)

    def __iter__(self):
        starred = GenericAlias(self.__origin__, self.__args__)
        object.__getattribute__(starred, '__dict__')['__unpacked__'] = True
        yield starred


def _unionable(obj):
    return obj is None or isinstance(obj, (type, GenericAlias, UnionType))


def _union_or(a, b):
    """a | b for classes, aliases and unions: a UnionType, or NotImplemented."""
    if not (_unionable(a) and _unionable(b)):
        return NotImplemented
    args = []
    for side in (a, b):
        for arg in (side.__args__ if isinstance(side, UnionType) else (side,)):
            if arg is None:
                arg = NoneType
            if not any(arg is seen or (type(arg) is type(seen) and arg == seen) for seen in args):
                args.append(arg)
    if len(args) == 1:
        return args[0]
    return UnionType._make(tuple(args))


class UnionType:
    """Represent a PEP 604 union type

    E.g. for int | str"""

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'types.UnionType' instances")

    @classmethod
    def _make(cls, args):
        self = object.__new__(cls)
        self.__dict__['__args__'] = args
        return self

    def __setattr__(self, name, value):
        raise AttributeError(f"'types.UnionType' object has no attribute '{name}'")

    @property
    def __parameters__(self):
        params = self.__dict__.get('_parameters')
        if params is None:
            params = self.__dict__['_parameters'] = _collect_parameters(self.__args__)
        return params

    def __repr__(self):
        return ' | '.join('None' if a is NoneType else _alias_item_repr(a) for a in self.__args__)

    def __getitem__(self, item):
        new_args = _substitute_args(self, self.__args__, item)
        result = new_args[0]
        for arg in new_args[1:]:
            result = result | arg
        return result

    def __instancecheck__(self, obj):
        for arg in self.__args__:
            if isinstance(arg, GenericAlias):
                raise TypeError("isinstance() argument 2 cannot be a parameterized generic")
        return isinstance(obj, self.__args__)

    def __subclasscheck__(self, cls):
        for arg in self.__args__:
            if isinstance(arg, GenericAlias):
                raise TypeError("issubclass() argument 2 cannot be a parameterized generic")
        return issubclass(cls, self.__args__)

    def __eq__(self, other):
        if not isinstance(other, UnionType):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __or__(self, other):
        return _union_or(self, other)

    def __ror__(self, other):
        return _union_or(other, self)


UnionType.__module__ = GenericAlias.__module__ = 'types'


def new_class(name, bases=(), kwds=None, exec_body=None):
    resolved_bases = resolve_bases(bases)
    meta, ns, kwds = prepare_class(name, resolved_bases, kwds)
    if exec_body is not None:
        exec_body(ns)
    if resolved_bases is not bases:
        ns['__orig_bases__'] = bases
    return meta(name, resolved_bases, ns, **kwds)


def resolve_bases(bases):
    new_bases = list(bases)
    updated = False
    shift = 0
    for i, base in enumerate(bases):
        if isinstance(base, type):
            continue
        if not hasattr(base, "__mro_entries__"):
            continue
        new_base = base.__mro_entries__(bases)
        updated = True
        if not isinstance(new_base, tuple):
            raise TypeError("__mro_entries__ must return a tuple")
        else:
            new_bases[i+shift:i+shift+1] = new_base
            shift += len(new_base) - 1
    if not updated:
        return bases
    return tuple(new_bases)


def prepare_class(name, bases=(), kwds=None):
    if kwds is None:
        kwds = {}
    else:
        kwds = dict(kwds)
    if 'metaclass' in kwds:
        meta = kwds.pop('metaclass')
    else:
        if bases:
            meta = type(bases[0])
        else:
            meta = type
    if hasattr(meta, '__prepare__'):
        ns = meta.__prepare__(name, bases, **kwds)
    else:
        ns = {}
    return meta, ns, kwds


class _GeneratorWrapper:
    """Wraps what a types.coroutine-decorated non-generator function returned."""
    def __init__(self, gen):
        self.__wrapped = gen
        self.__isgen = gen.__class__ is GeneratorType
        self.__name__ = getattr(gen, '__name__', None)
        self.__qualname__ = getattr(gen, '__qualname__', None)
    def send(self, val):
        return self.__wrapped.send(val)
    def throw(self, tp, *rest):
        return self.__wrapped.throw(tp, *rest)
    def close(self):
        return self.__wrapped.close()
    @property
    def gi_code(self):
        return self.__wrapped.gi_code
    @property
    def gi_frame(self):
        return self.__wrapped.gi_frame
    @property
    def gi_running(self):
        return self.__wrapped.gi_running
    @property
    def gi_yieldfrom(self):
        return self.__wrapped.gi_yieldfrom
    cr_code = gi_code
    cr_frame = gi_frame
    cr_running = gi_running
    cr_await = gi_yieldfrom
    def __next__(self):
        return next(self.__wrapped)
    def __iter__(self):
        if self.__isgen:
            return self.__wrapped
        return self
    __await__ = __iter__


def coroutine(func):
    """Convert regular generator function to a coroutine."""
    if not callable(func):
        raise TypeError('types.coroutine() expects a callable')
    if func.__class__ is FunctionType and getattr(func, '__code__', None).__class__ is CodeType:
        co_flags = func.__code__.co_flags
        # Check if 'func' is a coroutine function (CO_COROUTINE | CO_ITERABLE_COROUTINE).
        if co_flags & 0x180:
            return func
        # A generator function: mark its code as an iterable coroutine (CO_GENERATOR).
        if co_flags & 0x20:
            _gilpy_types.mark_iterable_coroutine(func)
            return func

    def wrapped(*args, **kwargs):
        coro = func(*args, **kwargs)
        if (coro.__class__ is CoroutineType or
                coro.__class__ is GeneratorType and coro.gi_code.co_flags & 0x100):
            return coro
        if coro.__class__ is GeneratorType or (
                hasattr(coro, '__next__') and hasattr(coro, 'send') and hasattr(coro, 'throw')
                and hasattr(coro, 'close') and not hasattr(coro, '__await__')):
            return _GeneratorWrapper(coro)
        return coro
    try:
        wrapped.__name__ = func.__name__
        wrapped.__qualname__ = func.__qualname__
        wrapped.__doc__ = func.__doc__
        wrapped.__wrapped__ = func
    except AttributeError:
        pass
    return wrapped


def get_original_bases(cls, /):
    try:
        return cls.__dict__.get("__orig_bases__", cls.__bases__)
    except AttributeError:
        raise TypeError(f"Expected an instance of type, not {type(cls).__name__!r}") from None


def _calculate_meta(meta, bases):
    winner = meta
    for base in bases:
        base_meta = type(base)
        if issubclass(winner, base_meta):
            continue
        if issubclass(base_meta, winner):
            winner = base_meta
            continue
        raise TypeError("metaclass conflict")
    return winner


__all__ = [n for n in globals() if n[:1] != '_']
