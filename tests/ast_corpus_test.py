#!/usr/bin/env python3
"""ast.parse on gilpy gives CPython's tree, with every location (compiler/ast_to_python.cpp):
for each script of tests/scripts, of the conformance corpus and of CPython's own library
(its top-level modules), ast.dump(ast.parse(source), include_attributes=True) under gilpy
equals the same under the reference CPython, which this test runs.
Usage: ast_corpus_test.py GILPY CPYTHON"""
import glob
import os
import subprocess
import sys

GILPY, CPYTHON = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
DUMPER = r'''
import ast, hashlib, sys
for path in sys.stdin.read().split("\n"):
    with open(path, encoding="utf-8", errors="replace") as f:
        source = f.read()
    try:
        dump = ast.dump(ast.parse(source, path), include_attributes=True)
    except SyntaxError as e:
        dump = f"SyntaxError {e.msg} {e.lineno} {e.offset}"
    print(path, hashlib.sha1(dump.encode()).hexdigest())
'''

stdlib = subprocess.run([CPYTHON, '-c', 'import sysconfig; print(sysconfig.get_path("stdlib"))'],
                        capture_output=True, text=True).stdout.strip()
files = (sorted(glob.glob(os.path.join(HERE, 'scripts', '*.py'))) +
         sorted(glob.glob(os.path.join(HERE, '..', '..', 'shared', 'conformance', '**', '*.py'), recursive=True)) +
         sorted(glob.glob(os.path.join(stdlib, '*.py'))))
listing = '\n'.join(files)


def dumps(interpreter):
    p = subprocess.run([interpreter, '-c', DUMPER], input=listing, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f'{interpreter} failed: {p.stderr[-2000:]}')
    return dict(line.rsplit(' ', 1) for line in p.stdout.splitlines())


expected, got = dumps(CPYTHON), dumps(GILPY)
differ = [path for path in files if expected.get(path) != got.get(path)]
for path in differ:
    print('FAIL', path)
print(f'{len(files) - len(differ)} of {len(files)} files parse to the same tree as CPython\'s')
sys.exit(1 if differ or len(files) < 300 else 0)
