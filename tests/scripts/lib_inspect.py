# CPython's inspect on gilpy: signatures of Python callables (functions, methods, classes,
# partials, wrapped functions), source retrieval, frames and the stack, generator and
# coroutine states, the predicates, members, getcallargs and bound arguments.
import abc
import asyncio
import functools
import inspect


def f(a, b=2, /, c=3, *args, d, e=5, **kwargs) -> int:
    """Docstring of f.

        Indented more.
    """
    return a


class Base(abc.ABC):
    @abc.abstractmethod
    def run(self): ...


class Klass(Base):
    """A class."""
    attr = 1

    def __init__(self, x, y: str = 'y'):
        self.x = x

    def run(self):
        return inspect.currentframe().f_code.co_name

    @classmethod
    def make(cls, n):
        return cls(n)

    @staticmethod
    def helper(z, *, flag=False):
        return z

    @property
    def prop(self):
        return self.x


class Plain:
    pass


print(inspect.signature(f))
sig = inspect.signature(f)
for name, p in sig.parameters.items():
    print(name, p.kind, p.default is p.empty, p.annotation)
print(sig.return_annotation, str(sig.replace(return_annotation=inspect.Signature.empty)))
print(inspect.signature(Klass), inspect.signature(Klass(1).run), inspect.signature(Klass.make),
      inspect.signature(Klass.helper))
print(inspect.signature(functools.partial(f, 1, d=4)))
print(inspect.signature(lambda *a, **k: None), inspect.signature(Plain))


@functools.wraps(f)
def wrapper(*args, **kwargs):
    return f(*args, **kwargs)


print(inspect.signature(wrapper), inspect.signature(wrapper, follow_wrapped=False), inspect.unwrap(wrapper) is f)
bound = sig.bind(1, 2, 3, 4, d=6, z=7)
print(bound.arguments, bound.args, bound.kwargs)
bound.apply_defaults()
print(bound)
try:
    sig.bind(1)
except TypeError as e:
    print('TypeError:', e)
print(inspect.getcallargs(f, 1, d=0))
print(inspect.getfullargspec(f))

# Source and documentation.
print(inspect.getsource(f).splitlines()[0], len(inspect.getsourcelines(Klass)[0]))
print(inspect.getdoc(f))
print(inspect.cleandoc('    first\n      second\n    third'))
print(inspect.getmodule(f).__name__, inspect.getfile(f).endswith('lib_inspect.py'), inspect.getmodulename('/a/b/mod.py'))
print(inspect.getcomments(Klass))

# Predicates.
async def coro():
    await asyncio.sleep(0)


async def agen():
    yield 1


def gen():
    yield 1


for obj in (f, Klass, Klass(1).run, len, gen, gen(), coro, agen, inspect, Klass.prop, property(), 1):
    print(type(obj).__name__, inspect.isfunction(obj), inspect.isclass(obj), inspect.ismethod(obj),
          inspect.isbuiltin(obj), inspect.isgeneratorfunction(obj), inspect.isgenerator(obj),
          inspect.iscoroutinefunction(obj), inspect.isasyncgenfunction(obj), inspect.ismodule(obj),
          inspect.isroutine(obj), inspect.isdatadescriptor(obj))
c = coro()
print(inspect.iscoroutine(c), inspect.isawaitable(c), inspect.getcoroutinestate(c))
c.close()
print(inspect.getcoroutinestate(c))
print(inspect.isabstract(Base), inspect.isabstract(Klass))

# Generator states and locals.
def counting():
    total = 0
    while True:
        total += yield total


g = counting()
print(inspect.getgeneratorstate(g))
next(g)
g.send(5)
print(inspect.getgeneratorstate(g), inspect.getgeneratorlocals(g))
g.close()
print(inspect.getgeneratorstate(g))

# Members, MRO, class tree.
print([name for name, _ in inspect.getmembers(Klass) if not name.startswith('_')])
print([name for name, _ in inspect.getmembers(Klass(2), inspect.ismethod)])
print(inspect.getmro(Klass)[:2], inspect.getattr_static(Klass(3), 'prop').__class__.__name__)
print(inspect.classify_class_attrs(Klass)[0].__class__.__name__,
      sorted(a.kind for a in inspect.classify_class_attrs(Klass) if a.defining_class is Klass and not a.name.startswith('_abc')))

# Frames and the stack.
def where():
    frame = inspect.currentframe()
    info = inspect.getframeinfo(frame)
    outer = inspect.getouterframes(frame)
    return info.function, info.lineno, outer[1].function, inspect.stack()[1].function


def caller():
    return where()


print(caller())
print(Klass(1).run())
print(inspect.getclosurevars(caller).globals.keys())
