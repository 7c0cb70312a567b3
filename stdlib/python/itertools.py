"""itertools: lazy iterator building blocks (gilpy's version, written in Python).

Each tool is a class, so type(x).__name__ and the reprs CPython prints for count and
repeat match; the work is done by a generator held by the object, which is the
fastest way to iterate in gilpy.
"""

_marker = object()


class _Base:
    __slots__ = ('_it',)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._it)

    def __reduce__(self):
        raise TypeError(f"cannot pickle '{type(self).__name__}' object")


def _index(value, what):
    try:
        return value.__index__()
    except AttributeError:
        raise ValueError(what) from None


class count:
    __slots__ = ('_n', '_step')

    def __init__(self, start=0, step=1):
        for v in (start, step):
            if not hasattr(v, "__add__") or isinstance(v, (str, bytes, list, tuple)):
                raise TypeError("a number is required")
        self._n = start
        self._step = step

    def __iter__(self):
        return self

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        if type(self._step) is int and self._step == 1:
            return f"{type(self).__name__}({self._n!r})"
        return f"{type(self).__name__}({self._n!r}, {self._step!r})"


def _cycle(iterable):
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        yield from saved


class cycle(_Base):
    __slots__ = ()

    def __init__(self, iterable, /):
        self._it = _cycle(iter(iterable))


class repeat:
    __slots__ = ('_obj', '_times')

    def __init__(self, object, times=None):
        self._obj = object
        if times is not None:
            times = _index(times, "")
            if times < 0:
                times = 0
        self._times = times

    def __iter__(self):
        return self

    def __next__(self):
        t = self._times
        if t is None:
            return self._obj
        if t <= 0:
            raise StopIteration
        self._times = t - 1
        return self._obj

    def __length_hint__(self):
        if self._times is None:
            raise TypeError("len() of unsized object")
        return self._times

    def __repr__(self):
        if self._times is None:
            return f"repeat({self._obj!r})"
        return f"repeat({self._obj!r}, {self._times})"


def _chain(iterables):
    for it in iterables:
        yield from it


class chain(_Base):
    __slots__ = ()

    def __init__(self, *iterables):
        self._it = _chain(iterables)

    @classmethod
    def from_iterable(cls, iterable, /):
        self = cls.__new__(cls)
        self._it = _chain(iter(iterable))
        return self


def _islice(it, start, stop, step):
    i = 0
    nexti = start
    if stop is None:
        for element in it:
            if i == nexti:
                yield element
                nexti += step
            i += 1
        return
    if start >= stop:
        # Consume nothing beyond what CPython consumes: start items at most.
        for _ in range(stop):
            try:
                next(it)
            except StopIteration:
                return
        return
    for element in it:
        if i == nexti:
            yield element
            nexti += step
            if nexti >= stop:
                return
        i += 1
        if i >= stop:
            return


class islice(_Base):
    __slots__ = ()

    def __init__(self, iterable, *args):
        n = len(args)
        if n == 1:
            start, stop, step = None, args[0], None
        elif n == 2:
            start, stop, step = args[0], args[1], None
        elif n == 3:
            start, stop, step = args
        elif n == 0:
            raise TypeError("islice expected at least 2 arguments, got 1")
        else:
            raise TypeError(f"islice expected at most 4 arguments, got {n + 1}")
        if stop is not None:
            try:
                stop = stop.__index__()
            except AttributeError:
                raise ValueError("Stop argument for islice() must be None or an integer: "
                                 "0 <= x <= sys.maxsize.") from None
            if stop < 0:
                raise ValueError("Stop argument for islice() must be None or an integer: "
                                 "0 <= x <= sys.maxsize.")
        if start is None:
            start = 0
        else:
            try:
                start = start.__index__()
            except AttributeError:
                start = -1
            if start < 0:
                raise ValueError("Indices for islice() must be None or an integer: "
                                 "0 <= x <= sys.maxsize.")
        if step is None:
            step = 1
        else:
            try:
                step = step.__index__()
            except AttributeError:
                step = 0
            if step < 1:
                raise ValueError("Step for islice() must be a positive integer or None.")
        self._it = _islice(iter(iterable), start, stop, step)


def _takewhile(predicate, it):
    for x in it:
        if predicate(x):
            yield x
        else:
            return


class takewhile(_Base):
    __slots__ = ()

    def __init__(self, predicate, iterable, /):
        self._it = _takewhile(predicate, iter(iterable))


def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    yield from it


class dropwhile(_Base):
    __slots__ = ()

    def __init__(self, predicate, iterable, /):
        self._it = _dropwhile(predicate, iter(iterable))


def _accumulate(it, func, initial):
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    if func is None:
        for element in it:
            total = total + element
            yield total
    else:
        for element in it:
            total = func(total, element)
            yield total


class accumulate(_Base):
    __slots__ = ()

    def __init__(self, iterable, func=None, *, initial=None):
        self._it = _accumulate(iter(iterable), func, initial)


def _zip_longest(iterators, fillvalue):
    num_active = len(iterators)
    if not num_active:
        return
    while True:
        values = []
        for i, it in enumerate(iterators):
            try:
                value = next(it)
            except StopIteration:
                num_active -= 1
                if not num_active:
                    return
                iterators[i] = repeat(fillvalue)
                value = fillvalue
            values.append(value)
        yield tuple(values)


class zip_longest(_Base):
    __slots__ = ()

    def __init__(self, *args, fillvalue=None):
        self._it = _zip_longest([iter(it) for it in args], fillvalue)


def _product(pools):
    result = [[]]
    for pool in pools:
        result = [x + [y] for x in result for y in pool]
    for prod in result:
        yield tuple(prod)


class product(_Base):
    __slots__ = ()

    def __init__(self, *args, repeat=1):
        pools = [tuple(pool) for pool in args] * repeat
        self._it = _product(pools)


def _permutations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return


class permutations(_Base):
    __slots__ = ()

    def __init__(self, iterable, r=None):
        pool = tuple(iterable)
        if r is None:
            r = len(pool)
        else:
            r = _index(r, "r must be non-negative")
            if r < 0:
                raise ValueError("r must be non-negative")
        self._it = _permutations(pool, r)


def _combinations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


class combinations(_Base):
    __slots__ = ()

    def __init__(self, iterable, r):
        r = _index(r, "r must be non-negative")
        if r < 0:
            raise ValueError("r must be non-negative")
        self._it = _combinations(tuple(iterable), r)


def _combinations_with_replacement(pool, r):
    n = len(pool)
    if not n and r:
        return
    indices = [0] * r
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple(pool[i] for i in indices)


class combinations_with_replacement(_Base):
    __slots__ = ()

    def __init__(self, iterable, r):
        r = _index(r, "r must be non-negative")
        if r < 0:
            raise ValueError("r must be non-negative")
        self._it = _combinations_with_replacement(tuple(iterable), r)


class _grouper:
    __slots__ = ('_parent', '_tgtkey')

    def __init__(self, parent, tgtkey):
        self._parent = parent
        self._tgtkey = tgtkey

    def __iter__(self):
        return self

    def __next__(self):
        gb = self._parent
        if gb._grouper is not self:
            raise StopIteration
        if gb._currvalue is _marker:
            try:
                value = next(gb._it)
            except StopIteration:
                gb._grouper = None
                raise
            key = value if gb._keyfunc is None else gb._keyfunc(value)
            gb._currkey = key
            gb._currvalue = value
        if gb._currkey != self._tgtkey:
            raise StopIteration
        value = gb._currvalue
        gb._currvalue = _marker
        return value


class groupby:
    __slots__ = ('_it', '_keyfunc', '_tgtkey', '_currkey', '_currvalue', '_grouper')

    def __init__(self, iterable, key=None):
        self._keyfunc = key
        self._it = iter(iterable)
        self._tgtkey = self._currkey = self._currvalue = _marker
        self._grouper = None

    def __iter__(self):
        return self

    def __next__(self):
        self._grouper = None
        # Skip what is left of the current group.
        while True:
            if self._currvalue is _marker:
                value = next(self._it)
                key = value if self._keyfunc is None else self._keyfunc(value)
                self._currkey = key
                self._currvalue = value
            if self._tgtkey is _marker or self._currkey != self._tgtkey:
                break
            self._currvalue = _marker
        self._tgtkey = self._currkey
        grouper = _grouper(self, self._tgtkey)
        self._grouper = grouper
        return (self._currkey, grouper)


class _tee:
    __slots__ = ('_link', '_src', '__weakref__')

    def __init__(self, src, link):
        self._src = src          # [iterator]
        self._link = link        # [value, next_link] or [] when not filled yet

    def __iter__(self):
        return self

    def __next__(self):
        link = self._link
        if not link:
            value = next(self._src[0])
            link.append(value)
            link.append([])
        self._link = link[1]
        return link[0]

    def __copy__(self):
        return _tee(self._src, self._link)


_tee.__name__ = '_tee'


def tee(iterable, n=2, /):
    n = _index(n, "n must be >= 0")
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return ()
    it = iter(iterable)
    if isinstance(it, _tee):
        first = it.__copy__()
    else:
        first = _tee([it], [])
    result = [first] * n  # sized first, as CPython's tuple: a huge n is MemoryError at once
    for i in range(1, n):
        result[i] = first.__copy__()
    return tuple(result)


def _starmap(function, it):
    for args in it:
        yield function(*args)


class starmap(_Base):
    __slots__ = ()

    def __init__(self, function, iterable, /):
        self._it = _starmap(function, iter(iterable))


def _compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


class compress(_Base):
    __slots__ = ()

    def __init__(self, data, selectors):
        self._it = _compress(iter(data), iter(selectors))


def _filterfalse(predicate, it):
    if predicate is None:
        for x in it:
            if not x:
                yield x
    else:
        for x in it:
            if not predicate(x):
                yield x


class filterfalse(_Base):
    __slots__ = ()

    def __init__(self, function, iterable, /):
        self._it = _filterfalse(function, iter(iterable))


def _pairwise(it):
    try:
        a = next(it)
    except StopIteration:
        return
    for b in it:
        yield a, b
        a = b


class pairwise(_Base):
    __slots__ = ()

    def __init__(self, iterable, /):
        self._it = _pairwise(iter(iterable))
