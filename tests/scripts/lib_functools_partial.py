# functools.partial (native in gilpy's _functools, as in CPython's): calls, flattening,
# keywords merged and overridden, repr, pickling, __dict__, subclasses, errors.
import copy
import functools
import pickle


def show(*args, **kwargs):
    return f"args={args} kwargs={dict(sorted(kwargs.items()))}"


p = functools.partial(show, 1, 2, a='x')
print(p(3, b='y'))
print(p(a='override'))
print(p.func is show, p.args, p.keywords)
print(type(p), type(p).__module__, type(p).__qualname__)
print(repr(functools.partial(len))[:28])
print(repr(functools.partial(max, 1, key=abs)))

# A partial of a plain partial is flattened.
q = functools.partial(p, 4, c='z')
print(q.func is show, q.args, sorted(q.keywords.items()))
print(q())

# No stored arguments: the call passes straight through.
r = functools.partial(show)
print(r(), r(1, k=2))

# __dict__, attributes of its own, and then no flattening.
p.note = 'kept'
print(p.__dict__, functools.partial(p, 9).func is p)

# Read-only fields.
for name in ('func', 'args', 'keywords'):
    try:
        setattr(p, name, None)
    except AttributeError as e:
        print('AttributeError', name)

# Errors.
for make in (lambda: functools.partial(), lambda: functools.partial(1), lambda: functools.partial(show).__setstate__(())):
    try:
        make()
    except TypeError as e:
        print('TypeError:', e)

# Pickling, copying, and the reduce tuple.
def add(a, b, c=0):
    return a + b + c


s = functools.partial(add, 1, c=10)
s.attr = 5
t = pickle.loads(pickle.dumps(s))
print(t(2), t.args, t.keywords, t.__dict__)
print(copy.copy(s)(3), copy.deepcopy(s)(4))
print(s.__reduce__()[1][0] is add, s.__reduce__()[2][1:])


# A subclass: its repr names it, its dict is its own, and it is not flattened.
class Tagged(functools.partial):
    tag = 'T'


u = Tagged(add, 1)
print(repr(u).split('(')[0], u(2), u.tag, isinstance(u, functools.partial))
print(functools.partial(u, 2).func is u)
print(functools.partial[int])

# Recursion in repr.
rec = functools.partial(show)
rec.__setstate__((show, (None,), {}, None))
print(rec.args)
loop = functools.partial(show, [])
loop.args[0].append(loop)
print(repr(loop)[-9:])

# Weak references and methods.
import weakref
w = weakref.ref(s)
print(w() is s)


class Box:
    def scale(self, factor, by=1):
        return factor * by


print(functools.partial(Box().scale, by=3)(5))
print(sorted([3, 1, 2], key=functools.partial(lambda x, sign: sign * x, sign=-1)))

# Keywords given to __setstate__ must still be strings at the call; the reduce tuple keeps
# an empty keywords dict; the descriptors' qualified names.
def takes_any(a=0, **k):
    return k


bad = functools.partial(takes_any)
bad.__setstate__((takes_any, (), {1: 2}, None))
try:
    bad()
except TypeError as e:
    print('TypeError:', e)
print(functools.partial(print).__reduce__()[2], functools.partial.func.__qualname__)
