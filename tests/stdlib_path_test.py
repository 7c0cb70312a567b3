#!/usr/bin/env python3
"""Where gilpy finds CPython 3.11's standard library (issue 12, the path): the last entry
of sys.path, GILPY_STDLIB overrides it, and without it `import json` says where gilpy
looked and how to point it elsewhere. Usage: stdlib_path_test.py GILPY"""
import os
import subprocess
import sys

GILPY = sys.argv[1]
failures = []


def check(what, cond, detail=''):
    print(('ok   ' if cond else 'FAIL ') + what + (f' ({detail})' if detail and not cond else ''))
    if not cond:
        failures.append(what)


def run(code, **env_extra):
    env = dict(os.environ, **env_extra)
    p = subprocess.run([GILPY, '-c', code], env=env, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


expected = subprocess.run(['/usr/bin/python3.11', '-S', '-c', 'import sysconfig; print(sysconfig.get_path("stdlib"))'],
                          capture_output=True, text=True).stdout.strip()
rc, out, err = run('import sys; print(sys.path[-1])')
check("sys.path ends with CPython 3.11's standard library", out == expected, f'{out!r} != {expected!r}')
rc, out, err = run('import colorsys; print(colorsys.__file__)')
check('its pure-Python modules come from there', out == os.path.join(expected, 'colorsys.py'), out + err)
rc, out, err = run('import sys; print(sys.path[-1])', GILPY_STDLIB='/opt/elsewhere')
check('GILPY_STDLIB replaces it', out == '/opt/elsewhere', out)
rc, out, err = run('import json', GILPY_STDLIB='/nonexistent/python3.11')
last = err.splitlines()[-1] if err else ''
check('without it, import json fails with ModuleNotFoundError', rc == 1 and last.startswith("ModuleNotFoundError: No module named 'json'"), last)
check('saying where gilpy looked and how to point it elsewhere',
      '/nonexistent/python3.11' in last and 'GILPY_STDLIB' in last and 'libpython3.11-stdlib' in last, last)
rc, out, err = run('import sys, threading, gil, socket, itertools, _functools; print("ok")',
                   GILPY_STDLIB='/nonexistent/python3.11')
check("gilpy's own modules need no standard library", out == 'ok', err)
# asyncio imports CPython's types (as CPython's asyncio does): without the library it
# stops there, with the message.
rc, out, err = run('import asyncio', GILPY_STDLIB='/nonexistent/python3.11')
last = err.splitlines()[-1] if err else ''
check('asyncio without it names the missing module and where gilpy looked',
      rc == 1 and last.startswith("ModuleNotFoundError: No module named 'types'") and 'GILPY_STDLIB' in last, last)

print(f'{len(failures)} failed' if failures else 'all passed')
sys.exit(1 if failures else 0)
