"""Compiles CPython 3.11's standard library into gilpy's bytecode cache, at build time.

Run by the build (cli/CMakeLists.txt) as
    gilpy -E -X pycache_prefix=CACHE_DIR tools/precompile_stdlib.py STDLIB_DIR
so every module's cache file lands in CACHE_DIR's mirror tree, which gilpy then reads
(read only) after the caches beside the sources and in the user's cache directory
(vm/bytecode_cache.h). It is what Debian's precompiled .pyc files are to CPython: with
PYTHONDONTWRITEBYTECODE set, an import of json or typing still does not compile them.

Nothing is imported or run: each file is only compiled. A file gilpy cannot compile is
counted and left out (its import would fail the same way at run time).
"""
import os
import sys
import _gilpy_imp

# Folders no script imports: CPython's own tests, IDLE, Tk, the 2to3 tool, installers.
SKIPPED = {'__pycache__', 'test', 'tests', 'idle_test', 'idlelib', 'tkinter', 'turtledemo',
           'lib2to3', 'ensurepip', 'pydoc_data', 'site-packages', 'dist-packages'}


def main(stdlib_dir):
    compiled = failed = 0
    for folder, subfolders, files in os.walk(stdlib_dir):
        subfolders[:] = sorted(s for s in subfolders if s not in SKIPPED and not s.startswith('config-'))
        for name in sorted(files):
            if not name.endswith('.py'):
                continue
            try:
                _gilpy_imp.source_code(os.path.join(folder, name))
                compiled += 1
            except (SyntaxError, ValueError, UnicodeDecodeError):
                failed += 1
    print(f'precompile_stdlib: {compiled} modules of {stdlib_dir} cached in {sys.pycache_prefix}'
          + (f', {failed} not compilable' if failed else ''))


if __name__ == '__main__':
    if len(sys.argv) != 2 or not sys.pycache_prefix:
        sys.exit('usage: gilpy -X pycache_prefix=CACHE_DIR precompile_stdlib.py STDLIB_DIR')
    main(sys.argv[1])
