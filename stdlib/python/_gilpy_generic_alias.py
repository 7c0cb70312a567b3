"""list[int] and int | str: types.GenericAlias and types.UnionType (PEP 585, PEP 604).

CPython has these in C (Objects/genericaliasobject.c, unionobject.c); gilpy has them here,
in Python. The built-in classes' __class_getitem__ and type's | operator call them
(vm/interpreter.cpp), and CPython's types.py finds them as type(list[int]) and
type(int | str)."""

NoneType = type(None)


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
