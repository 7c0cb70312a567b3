# CPython's types.py on gilpy: SimpleNamespace (native, as sys.implementation is one),
# types.coroutine (code.replace and a writable __code__), the type names, new_class and
# friends, GenericAlias and UnionType found as type(list[int]) and type(int | str).
import pickle
import sys
import types

# SimpleNamespace
ns = types.SimpleNamespace(b=1, a='x')
print(ns, ns.a, ns.b, type(ns), type(sys.implementation) is types.SimpleNamespace)
print(ns == types.SimpleNamespace(a='x', b=1), ns != types.SimpleNamespace(a='y', b=1), ns == {'a': 'x', 'b': 1})
ns.c = [1]
del ns.b
print(ns, vars(ns), ns.__reduce__())
print(pickle.loads(pickle.dumps(ns)) == ns)
ns.me = ns
print(ns)
for bad in (lambda: types.SimpleNamespace(1), lambda: hash(types.SimpleNamespace())):
    try:
        bad()
    except TypeError as e:
        print('TypeError:', e)


class Point(types.SimpleNamespace):
    def norm(self):
        return abs(self.x) + abs(self.y)


p = Point(x=3, y=-4)
print(p, p.norm(), p == types.SimpleNamespace(x=3, y=-4), isinstance(p, types.SimpleNamespace))
empty = types.SimpleNamespace()
empty.__init__(z=3)
print(empty, sys.implementation.name == 'gilpy' or sys.implementation.name == 'cpython')


# types.coroutine: a generator-based coroutine that async code can await.
@types.coroutine
def pause(value):
    got = yield value
    return got * 2


async def user():
    first = await pause('first')
    second = await pause('second')
    return first + second


print(pause.__code__.co_flags & 0x100 == 0x100, types.coroutine(user) is user)
c = user()
print(c.send(None))
print(c.send(10))
try:
    c.send(20)
except StopIteration as e:
    print('result', e.value)

# A non-generator function that returns a generator: types.coroutine wraps its result.
def _steps():
    got = yield 'from plain'
    return got + 1


@types.coroutine
def plain():
    return _steps()


async def use_plain():
    return await plain()


c = use_plain()
print(c.send(None), type(plain()).__name__)
try:
    c.send(41)
except StopIteration as e:
    print('plain done', e.value)


# __code__ assignment and code.replace.
def f():
    return 'f'


def g():
    return 'g'


f.__code__ = g.__code__
print(f(), f.__name__, f.__code__.co_name)
r = g.__code__.replace(co_name='renamed', co_qualname='Renamed.q', co_filename='other.py')
print(r.co_name, r.co_qualname, r.co_filename, g.__code__.co_name, r is g.__code__)
g.__code__ = r
print(g(), g.__code__.co_name)


def outer():
    x = 1

    def inner():
        return x
    return inner


for value, error in ((1, TypeError), (outer().__code__, ValueError)):
    try:
        f.__code__ = value
    except error as e:
        print(type(e).__name__ + ':', e)
try:
    del f.__code__
except TypeError as e:
    print('TypeError:', e)
try:
    g.__code__.replace(no_such_field=1)
except TypeError as e:
    print('TypeError:', e)

# The type names.
def gen():
    yield


async def co():
    pass


async def agen():
    yield


print(types.FunctionType, types.LambdaType, types.GeneratorType is type(gen()), types.CodeType)
c = co()
print(types.CoroutineType is type(c), types.AsyncGeneratorType is type(agen()), types.MethodType)
c.close()
print(types.BuiltinFunctionType, types.ModuleType, types.MappingProxyType, types.CellType)
print(types.NoneType, types.EllipsisType, types.NotImplementedType, types.TracebackType, types.FrameType)
print(types.GenericAlias, types.UnionType, type(list[int]) is types.GenericAlias, type(int | None) is types.UnionType)
print(types.GenericAlias(dict, (str, int)), isinstance(3, int | str))
mp = types.MappingProxyType({'k': 1})
print(mp['k'], list(mp), type(mp))

# new_class, prepare_class, resolve_bases.


class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kwds):
        return {'prepared_by': mcls.__name__, 'kwds': sorted(kwds)}

    def __new__(mcls, name, bases, ns, **kwds):
        return super().__new__(mcls, name, bases, ns)


C = types.new_class('C', (object,), {'metaclass': Meta, 'flag': True}, lambda ns: ns.update(extra=1))
print(C.__name__, type(C).__name__, C.prepared_by, C.kwds, C.extra)
meta, ns, kwds = types.prepare_class('D', (), {'metaclass': Meta})
print(meta.__name__, ns, kwds)


class Entry:
    def __mro_entries__(self, bases):
        return (int,)


print(types.resolve_bases((Entry(), str)))
E = types.new_class('E', (Entry(),))
print(E.__mro__, E.__orig_bases__[0].__class__.__name__)


# DynamicClassAttribute: a property on instances, the class's __getattr__ on the class.
class WithDynamic:
    def __getattr__(cls, name):
        return 'class-level ' + name

    @types.DynamicClassAttribute
    def value(self):
        return 'instance-level'


print(WithDynamic().value)
try:
    WithDynamic.value
except AttributeError:
    print('AttributeError on the class')

# type(name, bases, ns) takes __module__ from the calling code's globals, as a class
# statement does; types.new_class's classes are made inside types.py, so theirs is 'types'.
def make_class():
    return type('Made', (), {})


print(type('Here', (), {}).__module__, make_class().__module__, types.new_class('N').__module__,
      type('Given', (), {'__module__': 'elsewhere'}).__module__)

# A slot wrapper bound to an object is a method-wrapper, checked against its class.
bound = (1).__add__
print(type(bound).__name__, bound.__qualname__, bound.__name__, bound.__self__, bound(2), bound == (1).__add__)
print(repr(bound).split(' at ')[0], isinstance(bound, types.MethodWrapperType), isinstance(bound, types.MethodType))
try:
    dict.__setitem__.__get__([1])
except TypeError as e:
    print('TypeError:', e)
blank = types.SimpleNamespace()
setattr(blank, '', 1)
print(blank, g.__code__.replace(co_firstlineno=g.__code__.co_firstlineno).co_name)
