# The import system: packages, relative imports, namespace packages, __spec__, circular
# imports, sys.modules on failure, importlib, and CPython's ImportError messages.
import os, sys, importlib, importlib.util

root = '/tmp/gilpy_imp_%d' % os.getpid()

def write(rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)

write('pkg/__init__.py', "print('pkg init', __name__, __package__)\nfrom . import a\nfrom .a import f\nVALUE = 'pkg'\n")
write('pkg/a.py', "print('a init', __name__, __package__, __spec__.parent)\ndef f(): return 'f from a'\n")
write('pkg/sub/__init__.py', "from .. import a\nfrom ..a import f as g\nfrom . import leaf\n")
write('pkg/sub/leaf.py', "from .. import VALUE\nprint('leaf sees', VALUE)\n")
write('ns/inner/mod.py', "x = 42\n")
write('circ_a.py', "import circ_b\nA = 1\n")
write('circ_b.py', "from circ_a import A\n")
write('circ_c.py', "import circ_d\nC = 1\n")
write('circ_d.py', "import circ_c\ndef later(): return circ_c.C\n")
write('broken.py', "X = 1\nraise ValueError('broken at import')\n")
write('beyond.py', "from .. import nothing\n")
write('reloadme.py', "counter = globals().get('counter', 0) + 1\n")
sys.path.insert(0, root)

def show(p):
    return p.replace(root, '<tmp>') if isinstance(p, str) else p

import pkg, pkg.sub
print(pkg.f(), pkg.sub.g(), pkg.sub.leaf.VALUE)
print(show(pkg.__file__), [show(p) for p in pkg.__path__], pkg.__spec__.name, pkg.__spec__.parent)
print(show(pkg.a.__spec__.origin), pkg.a.__spec__.submodule_search_locations, pkg.a.__package__)
print(type(pkg.__loader__).__name__, pkg.__spec__.has_location, show(pkg.__spec__.origin))

import ns.inner.mod
print(ns.inner.mod.x, ns.__spec__.origin, ns.__file__ if hasattr(ns, '__file__') else 'no __file__')

import circ_c
print(circ_c.C, circ_c.circ_d.later())
try:
    import circ_a
except ImportError as e:
    print(type(e).__name__, show(str(e)))

try:
    import broken
except ValueError as e:
    print('ValueError', e, 'broken' in sys.modules)

for stmt in ['from pkg import nothere', 'import pkg.nothere', 'import pkg.a.deeper',
             'import nonexistent_module_xyz', 'import beyond', 'from . import x',
             'from .. import y']:
    try:
        exec(stmt, {'__name__': '__main__'})
    except ImportError as e:
        print(stmt, '->', type(e).__name__, show(str(e)), getattr(e, 'name', None))

print(importlib.import_module('pkg.a').__name__, importlib.import_module('.a', 'pkg').__name__)
print(importlib.import_module('..a', 'pkg.sub').__name__)
try:
    importlib.import_module('.a')
except TypeError as e:
    print('TypeError', e)
print(__import__('pkg.sub', fromlist=['leaf']).__name__, __import__('pkg.sub').__name__)
print(__import__('a', globals={'__package__': 'pkg'}, fromlist=['f'], level=1).__name__)

import reloadme
print(reloadme.counter, importlib.reload(reloadme).counter, reloadme.counter)
print(importlib.util.find_spec('pkg.a').name, importlib.util.find_spec('no_such_mod_abc'))
print(importlib.util.resolve_name('..x', 'pkg.sub'))

sys.modules['blocked'] = None
try:
    import blocked
except ImportError as e:
    print(type(e).__name__, e)


def remove_tree(path):
    for name in os.listdir(path):
        full = os.path.join(path, name)
        if os.path.isdir(full):
            remove_tree(full)
        else:
            os.unlink(full)
    os.rmdir(path)
remove_tree(root)
print('done')
