"""signal: set handlers for asynchronous events.

gilpy's signal module: the native _signal (stdlib/signal_module.cpp) does the work; this
frozen part gives its constants the IntEnum views CPython's signal module has: Signals
(SIGINT, ...), Handlers (SIG_DFL, SIG_IGN) and Sigmasks (SIG_BLOCK, ...), and converts
what the wrapped functions return into them. gilpy has no enum module yet, so a tiny
int subclass with a metaclass stands in for IntEnum here: members repr as
<Signals.SIGINT: 2> and str() as the int (3.11's ReprEnum), Signals(2) and
Signals['SIGINT'] look members up, iterating the class gives the members by value, and
aliases (SIGIOT, SIGCLD, SIGPOLL) are the same objects as SIGABRT, SIGCHLD and SIGIO.
"""
import _signal
from _signal import *

_mappingproxy = type(type.__dict__)


class EnumType(type):
    """The metaclass of the IntEnum stand-in: lookups, iteration, containment."""

    def __call__(cls, value):
        try:
            return cls._by_value[value]
        except (KeyError, TypeError):
            raise ValueError(f"{value!r} is not a valid {cls.__qualname__}") from None

    def __getitem__(cls, name):
        return cls._by_name[name]

    def __iter__(cls):
        return iter(cls._canonical)

    def __reversed__(cls):
        return reversed(cls._canonical)

    def __len__(cls):
        return len(cls._canonical)

    def __contains__(cls, member):
        if not isinstance(member, _IntEnum):
            raise TypeError(f"unsupported operand type(s) for 'in': "
                            f"'{type(member).__qualname__}' and '{type(cls).__qualname__}'")
        return isinstance(member, cls) and member._name_ in cls._by_name

    def __repr__(cls):
        return f"<enum {cls.__name__!r}>"

    @property
    def __members__(cls):
        return _mappingproxy(cls._by_name)


class _IntEnum(int, metaclass=EnumType):
    _by_value = {}
    _by_name = {}
    _canonical = ()

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return f"<{type(self).__name__}.{self._name_}: {self._value_}>"

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __reduce_ex__(self, protocol):
        return type(self), (self._value_,)


def _make_enum(name, predicate):
    """An _IntEnum subclass whose members are the module's constants that `predicate`
    accepts; the module's constants become the members."""
    cls = EnumType(name, (_IntEnum,), {"__module__": __name__, "__qualname__": name})
    found = sorted((value, key) for key, value in vars(_signal).items() if predicate(key))
    by_value, by_name, canonical = {}, {}, []
    for value, key in found:
        member = by_value.get(value)
        if member is None:  # the first name of a value (sorted) is its canonical one
            member = int.__new__(cls, value)
            member._name_ = key
            member._value_ = value
            by_value[value] = member
            canonical.append(member)
        by_name[key] = member
    # By value, then name: an alias follows its canonical name, as enum lists them.
    cls._by_value = by_value
    cls._by_name = by_name
    cls._canonical = tuple(canonical)
    for key, member in by_name.items():
        setattr(cls, key, member)
        globals()[key] = member
    return cls


Signals = _make_enum("Signals", lambda n: n.isupper() and n.startswith("SIG") and not n.startswith("SIG_"))
Handlers = _make_enum("Handlers", lambda n: n in ("SIG_DFL", "SIG_IGN"))
Sigmasks = _make_enum("Sigmasks", lambda n: n in ("SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"))


def _int_to_enum(value, enum_klass):
    """The member of enum_klass equal to value, or value itself when there is none."""
    try:
        return enum_klass(value)
    except ValueError:
        return value


def _enum_to_int(value):
    """int(value) for anything int() takes (an enum member, a float), else value."""
    try:
        return int(value)
    except (ValueError, TypeError):
        return value


def _doc_from(native):
    def adopt(wrapper):
        wrapper.__doc__ = native.__doc__
        return wrapper
    return adopt


@_doc_from(_signal.signal)
def signal(signalnum, handler):
    handler = _signal.signal(_enum_to_int(signalnum), _enum_to_int(handler))
    return _int_to_enum(handler, Handlers)


@_doc_from(_signal.getsignal)
def getsignal(signalnum):
    return _int_to_enum(_signal.getsignal(signalnum), Handlers)


@_doc_from(_signal.pthread_sigmask)
def pthread_sigmask(how, mask):
    return set(_int_to_enum(n, Signals) for n in _signal.pthread_sigmask(how, mask))


@_doc_from(_signal.sigpending)
def sigpending():
    return {_int_to_enum(n, Signals) for n in _signal.sigpending()}


@_doc_from(_signal.sigwait)
def sigwait(sigset):
    return _int_to_enum(_signal.sigwait(sigset), Signals)


@_doc_from(_signal.valid_signals)
def valid_signals():
    return {_int_to_enum(n, Signals) for n in _signal.valid_signals()}


del _doc_from
