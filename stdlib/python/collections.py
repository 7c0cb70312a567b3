"""Container datatypes: deque, defaultdict, namedtuple, Counter, OrderedDict (a subset of
CPython's Lib/collections, written in Python for gilpy)."""

__all__ = ['deque', 'defaultdict', 'namedtuple', 'Counter', 'OrderedDict']

import _thread

_deque_lock_factory = _thread.allocate_lock


class deque:
    """deque([iterable[, maxlen]]) --> deque object

    A list-like sequence optimized for data accesses near its endpoints. The items live
    in a list from index _head on; popleft advances _head and compacts now and then.
    A small lock makes each method atomic with respect to other threads, as the C
    methods of CPython's deque are under the GIL."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._items = []
        self._head = 0
        self._maxlen = maxlen
        self._lock = _deque_lock_factory()
        if iterable is not None:
            self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _view(self):
        # The items as a list starting at 0 (compacts; call with the lock held).
        if self._head:
            self._items = self._items[self._head:]
            self._head = 0
        return self._items

    def _snapshot(self):
        with self._lock:
            return self._items[self._head:]

    def _trim_left(self):
        m = self._maxlen
        if m is not None:
            while len(self._items) - self._head > m:
                self._items[self._head] = None
                self._head += 1
            self._compact()

    def _compact(self):
        h = self._head
        if h > 16 and h * 2 > len(self._items):
            del self._items[:h]
            self._head = 0

    def append(self, x):
        with self._lock:
            if self._maxlen == 0:
                return
            self._items.append(x)
            self._trim_left()

    def appendleft(self, x):
        with self._lock:
            if self._maxlen == 0:
                return
            if self._head:
                self._head -= 1
                self._items[self._head] = x
            else:
                self._items.insert(0, x)
            m = self._maxlen
            if m is not None:
                while len(self._items) - self._head > m:
                    self._items.pop()

    def pop(self):
        with self._lock:
            if len(self._items) == self._head:
                raise IndexError("pop from an empty deque")
            x = self._items.pop()
            if len(self._items) == self._head:
                self._items = []
                self._head = 0
            return x

    def popleft(self):
        with self._lock:
            h = self._head
            if len(self._items) == h:
                raise IndexError("pop from an empty deque")
            x = self._items[h]
            self._items[h] = None
            self._head = h + 1
            if self._head == len(self._items):
                self._items = []
                self._head = 0
            else:
                self._compact()
            return x

    def extend(self, iterable):
        if iterable is self:
            iterable = list(self)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(self)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        with self._lock:
            self._items = []
            self._head = 0

    def copy(self):
        return self.__class__(self, self._maxlen)

    __copy__ = copy

    def count(self, x):
        return self._snapshot().count(x)

    def index(self, x, start=0, stop=None):
        items = self._snapshot()
        if stop is None:
            stop = len(items)
        for i in range(start if start >= 0 else max(len(items) + start, 0),
                       min(stop if stop >= 0 else len(items) + stop, len(items))):
            if items[i] == x:
                return i
        raise ValueError(f"{x!r} is not in deque")

    def insert(self, i, x):
        with self._lock:
            items = self._view()
            if self._maxlen is not None and len(items) >= self._maxlen:
                raise IndexError("deque already at its maximum size")
            items.insert(i, x)

    def remove(self, value):
        with self._lock:
            items = self._view()
            for i in range(len(items)):
                if items[i] == value:
                    del items[i]
                    return
            raise ValueError(f"{value!r} is not in deque")

    def reverse(self):
        with self._lock:
            self._view().reverse()

    def rotate(self, n=1):
        with self._lock:
            items = self._view()
            k = len(items)
            if k <= 1:
                return
            n %= k
            if n:
                self._items = items[-n:] + items[:-n]

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return iter(self._snapshot())

    def __reversed__(self):
        return reversed(self._snapshot())

    def __contains__(self, x):
        return x in self._snapshot()

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        with self._lock:
            n = len(self._items) - self._head
            k = i + n if i < 0 else i
            if 0 <= k < n:
                return self._items[self._head + k]
        raise IndexError("deque index out of range")

    def __setitem__(self, i, x):
        with self._lock:
            items = self._view()
            try:
                items[i] = x
                return
            except IndexError:
                pass
        raise IndexError("deque index out of range")

    def __delitem__(self, i):
        with self._lock:
            items = self._view()
            try:
                del items[i]
                return
            except IndexError:
                pass
        raise IndexError("deque index out of range")

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._snapshot() == other._snapshot()

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._snapshot() != other._snapshot()

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._snapshot() < other._snapshot()

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._snapshot() <= other._snapshot()

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._snapshot() > other._snapshot()

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._snapshot() >= other._snapshot()

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        d = self.copy()
        d.extend(other)
        return d

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        d = self.__class__((), self._maxlen)
        for _ in range(n):
            d.extend(self._snapshot())
        return d

    def __repr__(self):
        items = ", ".join(repr(x) for x in self._snapshot())
        name = type(self).__name__
        if self._maxlen is None:
            return f"{name}([{items}])"
        return f"{name}([{items}], maxlen={self._maxlen})"


class defaultdict(dict):
    """defaultdict(default_factory=None, /, [...]) --> dict with default factory"""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def copy(self):
        return self.__class__(self.default_factory, self)

    __copy__ = copy

    def __repr__(self):
        f = self.default_factory
        fr = 'None' if f is None else repr(f)
        return f"{type(self).__name__}({fr}, {dict.__repr__(self)})"


class OrderedDict(dict):
    """Dictionary that remembers insertion order (every dict does; this adds move_to_end
    and popitem(last=))."""

    def move_to_end(self, key, last=True):
        value = self[key]
        if last:
            dict.__delitem__(self, key)
            dict.__setitem__(self, key, value)
        else:
            items = list(self.items())
            dict.clear(self)
            dict.__setitem__(self, key, value)
            for k, v in items:
                if k != key:
                    dict.__setitem__(self, k, v)

    def popitem(self, last=True):
        if not self:
            raise KeyError('dictionary is empty')
        key = next(reversed(list(self.keys()))) if last else next(iter(self.keys()))
        value = dict.pop(self, key)
        return key, value

    def __repr__(self):
        if not self:
            return f"{type(self).__name__}()"
        return f"{type(self).__name__}({dict.__repr__(self)})"


class Counter(dict):
    """Dict subclass for counting hashable items."""

    def __init__(self, iterable=None, /, **kwds):
        dict.__init__(self)
        self.update(iterable, **kwds)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        items = sorted(self.items(), key=lambda kv: kv[1], reverse=True)
        if n is None:
            return items
        return items[:n]

    def elements(self):
        out = []
        for elem, count in self.items():
            for _ in range(count):
                out.append(elem)
        return iter(out)

    def update(self, iterable=None, /, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    self[elem] = self.get(elem, 0) + count
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, /, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    self[elem] = self.get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return self.__class__(self)

    def __repr__(self):
        if not self:
            return f'{self.__class__.__name__}()'
        items = ', '.join(f'{k!r}: {v!r}' for k, v in self.most_common())
        return f'{self.__class__.__name__}({{{items}}})'

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count + other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count - other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count < 0:
                result[elem] = 0 - count
        return result


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """Returns a new subclass of tuple with named fields."""
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = tuple(map(str, field_names))
    typename = str(typename)
    num_fields = len(field_names)
    defaults = tuple(defaults) if defaults is not None else ()
    if len(defaults) > num_fields:
        raise TypeError('Got more default values than field names')

    def __new__(cls, *args, **kwargs):
        values = list(args)
        if len(values) > num_fields:
            raise TypeError(f'{typename}.__new__() takes {num_fields + 1} positional arguments '
                            f'but {len(values) + 1} were given')
        for name in field_names[len(values):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            else:
                i = field_names.index(name) - (num_fields - len(defaults))
                if i >= 0:
                    values.append(defaults[i])
                else:
                    raise TypeError(f"{typename}.__new__() missing 1 required positional argument: '{name}'")
        if kwargs:
            name = next(iter(kwargs))
            raise TypeError(f"{typename}.__new__() got an unexpected keyword argument '{name}'")
        return tuple.__new__(cls, values)

    def __repr__(self):
        inner = ', '.join(f'{n}={v!r}' for n, v in zip(field_names, self))
        return f'{self.__class__.__name__}({inner})'

    def _asdict(self):
        return dict(zip(field_names, self))

    def _replace(self, **kwds):
        values = [kwds.pop(n, v) for n, v in zip(field_names, self)]
        if kwds:
            raise ValueError(f'Got unexpected field names: {list(kwds)!r}')
        return tuple.__new__(type(self), values)

    @classmethod
    def _make(cls, iterable):
        return tuple.__new__(cls, iterable)

    def __getnewargs__(self):
        return tuple(self)

    namespace = {
        '__doc__': f'{typename}({", ".join(field_names)})',
        '__slots__': (),
        '_fields': field_names,
        '_field_defaults': dict(zip(field_names[num_fields - len(defaults):], defaults)),
        '__new__': __new__,
        '__repr__': __repr__,
        '_asdict': _asdict,
        '_replace': _replace,
        '_make': _make,
        '__getnewargs__': __getnewargs__,
        '__match_args__': field_names,
    }
    for index, name in enumerate(field_names):
        namespace[name] = property(lambda self, i=index: self[i], doc=f'Alias for field number {index}')
    result = type(typename, (tuple,), namespace)
    if module is None:
        try:
            import sys
            module = sys._getframe(1).f_globals.get('__name__', '__main__')
        except (AttributeError, ValueError):
            module = '__main__'
    result.__module__ = module
    return result
