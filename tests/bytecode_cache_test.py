#!/usr/bin/env python3
"""The bytecode cache (vm/bytecode_cache.h; issue 12, acceptance 3): an import writes
__pycache__/NAME.gilpy-011.pyc, a second run reads it instead of compiling, a stale or
corrupt entry is recompiled and rewritten, -B and PYTHONDONTWRITEBYTECODE write nothing,
-O has its own entry, and a directory where __pycache__ cannot be made falls back to
$XDG_CACHE_HOME/gilpy; -X pycache_prefix / PYTHONPYCACHEPREFIX move it to a tree of their
own, and the standard library's cache compiled at build time (tools/precompile_stdlib.py,
read only, GILPY_STDLIB_CACHE) is read even when nothing may be written.
Usage: bytecode_cache_test.py GILPY PRECOMPILE_SCRIPT"""
import os
import shutil
import subprocess
import sys
import tempfile

GILPY = os.path.abspath(sys.argv[1])
PRECOMPILE = os.path.abspath(sys.argv[2])
failures = []


def check(what, cond, detail=''):
    print(('ok   ' if cond else 'FAIL ') + what + (f' ({detail})' if detail and not cond else ''))
    if not cond:
        failures.append(what)


def run(workdir, *flags, env_extra=None, code='import mod; print(mod.VALUE)'):
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONDONTWRITEBYTECODE'}
    env['XDG_CACHE_HOME'] = os.path.join(workdir, 'xdg')
    env.update(env_extra or {})
    p = subprocess.run([GILPY, *flags, '-c', code], cwd=workdir, env=env, capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def write_source(path, value, mtime=None):
    with open(path, 'w') as f:
        f.write(f"VALUE = {value!r}\n")
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))


with tempfile.TemporaryDirectory() as work:
    src = os.path.join(work, 'mod.py')
    cache = os.path.join(work, '__pycache__', 'mod.gilpy-011.pyc')
    write_source(src, 'one')
    rc, out, err = run(work)
    check('first import runs the source', (rc, out) == (0, 'one'), err)
    check('first import writes __pycache__/mod.gilpy-011.pyc', os.path.isfile(cache))

    # Same size and same mtime, other text: only a run that reads the cache still says 'one'.
    stamp = os.stat(src).st_mtime_ns
    write_source(src, 'two', mtime=stamp)
    rc, out, err = run(work)
    check('second run reads the cache, not the source', (rc, out) == (0, 'one'), f'{out!r} {err}')

    # A newer source makes the entry stale.
    write_source(src, 'six', mtime=stamp + 10**9)
    rc, out, err = run(work)
    check('a stale entry is recompiled', (rc, out) == (0, 'six'), f'{out!r} {err}')
    rc, out, err = run(work)
    check('and rewritten (the next run reads it)', (rc, out) == (0, 'six'))

    # Corrupt entries of every kind are ignored and rewritten, never trusted.
    good = open(cache, 'rb').read()
    for name, data in [('garbage', b'not a cache file at all'), ('truncated', good[:len(good) // 2]),
                       ('flipped payload byte', good[:-3] + bytes([good[-3] ^ 0xFF]) + good[-2:]),
                       ('empty', b'')]:
        with open(cache, 'wb') as f:
            f.write(data)
        rc, out, err = run(work)
        check(f'a {name} entry is ignored', (rc, out, err) == (0, 'six', ''), f'{rc} {out!r} {err}')
        check(f'a {name} entry is rewritten', open(cache, 'rb').read() == good)

    # -B and PYTHONDONTWRITEBYTECODE write nothing; sys.dont_write_bytecode says so.
    shutil.rmtree(os.path.join(work, '__pycache__'))
    rc, out, err = run(work, '-B', code='import sys, mod; print(mod.VALUE, sys.dont_write_bytecode)')
    check('-B runs the module', (rc, out) == (0, 'six True'), err)
    check('-B writes no cache file', not os.path.exists(os.path.join(work, '__pycache__')))
    rc, out, err = run(work, env_extra={'PYTHONDONTWRITEBYTECODE': '1'})
    check('PYTHONDONTWRITEBYTECODE writes no cache file', rc == 0 and not os.path.exists(os.path.join(work, '__pycache__')))
    rc, out, err = run(work, code='import sys; sys.dont_write_bytecode = True; import mod')
    check('sys.dont_write_bytecode = True writes no cache file', rc == 0 and not os.path.exists(os.path.join(work, '__pycache__')))

    # -O compiles differently (asserts dropped): an entry of its own.
    rc, out, err = run(work, '-O')
    check('-O writes mod.gilpy-011.opt-1.pyc',
          os.path.isfile(os.path.join(work, '__pycache__', 'mod.gilpy-011.opt-1.pyc')) and
          not os.path.exists(cache))
    rc, out, err = run(work, code='import mod; print(mod.__cached__ == mod.__spec__.cached, mod.__cached__.endswith("__pycache__/mod.gilpy-011.pyc"))')
    check('__cached__ names the entry', out == 'True True', out)

    # Where __pycache__ cannot be made (here a file is in the way; the same holds for a
    # directory without write permission), the entry goes under $XDG_CACHE_HOME/gilpy.
    other = os.path.join(work, 'other')
    os.mkdir(other)
    write_source(os.path.join(other, 'othermod.py'), 'other')
    open(os.path.join(other, '__pycache__'), 'w').close()
    code = 'import sys; sys.path.insert(0, "other"); import othermod; print(othermod.VALUE)'
    rc, out, err = run(work, code=code)
    xdg_entry = os.path.join(work, 'xdg', 'gilpy', other.lstrip('/'), 'othermod.gilpy-011.pyc')
    check('a directory without a usable __pycache__ still imports', (rc, out) == (0, 'other'), err)
    check('its entry goes under $XDG_CACHE_HOME/gilpy', os.path.isfile(xdg_entry), xdg_entry)
    write_source(os.path.join(other, 'othermod.py'), 'OTHER', mtime=os.stat(os.path.join(other, 'othermod.py')).st_mtime_ns)
    rc, out, err = run(work, code=code)
    check('and is read from there', (rc, out) == (0, 'other'), out)

    # A syntax error is reported, and nothing is cached for it.
    with open(os.path.join(work, 'bad.py'), 'w') as f:
        f.write('def f(:\n')
    rc, out, err = run(work, code='import bad')
    check('a syntax error in an imported module is a SyntaxError', rc == 1 and 'SyntaxError' in err, err)
    check('nothing is cached for it', not os.path.exists(os.path.join(work, '__pycache__', 'bad.gilpy-011.pyc')))

with tempfile.TemporaryDirectory() as work:
    # sys.pycache_prefix: the entry goes to PREFIX + the source's absolute directory, and
    # nothing beside the source; the next run reads it from there.
    prefix = os.path.join(work, 'prefix')
    src = os.path.join(work, 'mod.py')
    write_source(src, 'one')
    entry = os.path.join(prefix, work.lstrip('/'), 'mod.gilpy-011.pyc')
    code = 'import sys, mod, importlib.util; print(mod.VALUE, sys.pycache_prefix == %r, mod.__cached__ == %r, importlib.util.cache_from_source(mod.__file__) == %r)' % (prefix, entry, entry)
    rc, out, err = run(work, '-X', 'pycache_prefix=' + prefix, code=code)
    check('-X pycache_prefix sets sys.pycache_prefix and __cached__', (rc, out) == (0, 'one True True True'), f'{out!r} {err}')
    check('-X pycache_prefix writes the entry under the prefix', os.path.isfile(entry), entry)
    check('and nothing beside the source', not os.path.exists(os.path.join(work, '__pycache__')))
    write_source(src, 'two', mtime=os.stat(src).st_mtime_ns)
    rc, out, err = run(work, env_extra={'PYTHONPYCACHEPREFIX': prefix})
    check('PYTHONPYCACHEPREFIX reads the entry from the prefix', (rc, out) == (0, 'one'), f'{out!r} {err}')
    rc, out, err = run(work, '-E', env_extra={'PYTHONPYCACHEPREFIX': prefix}, code='import sys; print(sys.pycache_prefix)')
    check('-E ignores PYTHONPYCACHEPREFIX', out == 'None', out)

with tempfile.TemporaryDirectory() as work:
    # The build-time cache: precompile_stdlib.py compiles a library folder (its tests
    # left out) into a prefix tree; gilpy reads that tree when GILPY_STDLIB_CACHE names
    # it, with writing off, and never writes into it.
    lib = os.path.join(work, 'lib')
    os.makedirs(os.path.join(lib, 'pkg', 'test'))
    write_source(os.path.join(lib, 'libmod.py'), 'built')
    write_source(os.path.join(lib, 'pkg', '__init__.py'), 'pkg')
    write_source(os.path.join(lib, 'pkg', 'test', 'test_x.py'), 'test')
    with open(os.path.join(lib, 'broken.py'), 'w') as f:
        f.write('def f(:\n')
    store = os.path.join(work, 'store')
    p = subprocess.run([GILPY, '-E', '-X', 'pycache_prefix=' + store, PRECOMPILE, lib], capture_output=True,
                       text=True, timeout=60)
    check('precompile_stdlib.py compiles the folder',
          p.returncode == 0 and '2 modules' in p.stdout and '1 not compilable' in p.stdout, p.stdout + p.stderr)
    stored = os.path.join(store, lib.lstrip('/'), 'libmod.gilpy-011.pyc')
    check('the entries are in the prefix tree', os.path.isfile(stored) and
          os.path.isfile(os.path.join(store, lib.lstrip('/'), 'pkg', '__init__.gilpy-011.pyc')))
    check('tests are left out', not os.path.exists(os.path.join(store, lib.lstrip('/'), 'pkg', 'test')))
    check('nothing is written beside the library', not os.path.exists(os.path.join(lib, '__pycache__')))
    write_source(os.path.join(lib, 'libmod.py'), 'plain', mtime=os.stat(os.path.join(lib, 'libmod.py')).st_mtime_ns)
    code = 'import sys; sys.path.insert(0, %r); import libmod; print(libmod.VALUE, libmod.__cached__ == %r)' % (lib, stored)
    rc, out, err = run(work, '-B', env_extra={'GILPY_STDLIB_CACHE': store}, code=code)
    check('with -B, the module is read from GILPY_STDLIB_CACHE', (rc, out) == (0, 'built True'), f'{out!r} {err}')
    rc, out, err = run(work, '-B', env_extra={'GILPY_STDLIB_CACHE': os.path.join(work, 'none')}, code=code)
    check('without it the source is compiled', (rc, out) == (0, 'plain False'), f'{out!r} {err}')
    good = open(stored, 'rb').read()
    with open(stored, 'wb') as f:
        f.write(good[:len(good) // 2])
    rc, out, err = run(work, env_extra={'GILPY_STDLIB_CACHE': store}, code=code)
    check('a corrupt build-time entry is ignored', (rc, out.split()[0]) == (0, 'plain'), f'{out!r} {err}')
    check('and not rewritten (the build-time cache is read only)', open(stored, 'rb').read() == good[:len(good) // 2])

# The build made that cache for CPython's library: json's entry is there.
build_cache = os.path.join(os.path.dirname(GILPY), 'stdlib-cache')
stdlib = subprocess.run([GILPY, '-c', 'import sys; print(sys.path[-1])'], capture_output=True, text=True).stdout.strip()
check('the build compiled the standard library into <build>/stdlib-cache',
      os.path.isfile(os.path.join(build_cache, stdlib.lstrip('/'), 'json', '__init__.gilpy-011.pyc')), build_cache)

print(f'{len(failures)} failed' if failures else 'all passed')
sys.exit(1 if failures else 0)
