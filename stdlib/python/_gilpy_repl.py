"""The REPL: gilpy with no program on a terminal, after one with -i, and `gilpy -m asyncio`.

cli/repl.cpp calls interact(); this module owns the loop around it:

- reading: on a terminal through the line editor (_lineedit, cli/line_editor.cpp: libedit,
  history, completion), elsewhere from sys.stdin with the prompts on stderr, as CPython;
- deciding when a statement is complete with the compiler, as CPython's codeop does: an
  unclosed bracket or triple-quoted string, a backslash or a block header asks for more
  ("incomplete input", compile flag 0x4000), and a compound statement goes on until a
  blank line;
- running it in __main__ ("single" code: expression values go through sys.displayhook
  into builtins._), errors printed by sys.excepthook with the traceback trimmed to the
  typed code (File "<stdin>"), kept in sys.last_type/last_value/last_traceback;
- top-level await (compile flag 0x2000: the code is a coroutine): once asyncio is imported
  (or a statement awaits), one event loop persists across inputs and runs while input is
  read (the line editor's fd is one of its readers, the GIL is released in its epoll
  wait), so tasks created at one prompt run on while the next line is typed; at the prompt
  get_running_loop() returns it (asyncio._set_prompt_loop), asyncio.run() still works;
- Ctrl-C: cancels the line being typed, or interrupts the statement (KeyboardInterrupt);
  Ctrl-D on an empty line, exit, quit, exit() and quit() leave.
"""

import builtins
import sys

import _gilpy_repl_native as _native

try:
    import _lineedit
except ImportError:  # gilpy embedded without the command line's modules
    _lineedit = None

_CF_TOP_LEVEL_AWAIT = 0x2000
_CF_INCOMPLETE_INPUT = 0x4000
_CO_COROUTINE = 0x80

KEYWORDS = [
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
    'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global',
    'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
    'return', 'try', 'while', 'with', 'yield',
]
_COMPOUND = ('if', 'while', 'for', 'try', 'with', 'def', 'class', 'async', 'match')


# ---- completeness (codeop) -----------------------------------------------------------------

def _opens_compound(line):
    s = line.lstrip()
    if s.startswith('@'):
        return True
    word = ''
    for ch in s:
        if ch.isalnum() or ch == '_':
            word += ch
        else:
            break
    if word == 'match':  # a soft keyword: `match = 3` is an assignment
        return s.split('#', 1)[0].rstrip().endswith(':')
    return word in _COMPOUND


def _continues_after_blank(exc):
    """An error a blank line does not end: inside brackets or a triple-quoted string."""
    msg = exc.msg or ''
    return msg.endswith('was never closed') or msg.startswith('unterminated triple-quoted')


def compile_input(lines, filename='<stdin>'):
    """The code of the statement typed as `lines`, None while more lines are needed, or
    'empty' for blank lines and comments. Raises SyntaxError."""
    if all(not l.strip() or l.strip().startswith('#') for l in lines):
        return 'empty'
    source = '\n'.join(lines)
    blank_end = len(lines) > 1 and not lines[-1].strip()
    try:
        code = compile(source, filename, 'single', _CF_TOP_LEVEL_AWAIT | _CF_INCOMPLETE_INPUT)
    except SyntaxError as e:
        if e.msg != 'incomplete input':
            raise
        if not blank_end:
            return None
        try:
            return compile(source, filename, 'single', _CF_TOP_LEVEL_AWAIT)
        except SyntaxError as e2:
            if _continues_after_blank(e2):
                return None
            raise
    if not blank_end and _opens_compound(lines[0]):
        return None
    return code


# ---- colour ------------------------------------------------------------------------------------

def _env(name):
    import os
    return os.getenv(name)


def can_colorize(stream_fd=1):
    if _env('NO_COLOR'):
        return False
    if not _isatty(stream_fd):
        return False
    if _env('FORCE_COLOR'):
        return True
    term = _env('TERM') or ''
    return term != 'dumb'


_MAGENTA = '\x1b[35m'
_BOLD_MAGENTA = '\x1b[1;35m'
_RED = '\x1b[31m'
_BOLD_RED = '\x1b[1;31m'
_RESET = '\x1b[0m'


def colorize_traceback(text):
    """CPython 3.13's colours: file names and line numbers magenta, the exception bold."""
    out = []
    lines = text.split('\n')
    last = len(lines) - 1
    while last > 0 and not lines[last]:
        last -= 1
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith('File "') and '", line ' in stripped:
            indent = line[:len(line) - len(stripped)]
            name, rest = stripped[6:].split('", line ', 1)
            where = ''
            if ', in ' in rest:
                rest, func = rest.split(', in ', 1)
                where = ', in ' + _MAGENTA + func + _RESET
            line = (indent + 'File ' + _MAGENTA + '"' + name + '"' + _RESET + ', line ' + _MAGENTA
                    + rest + _RESET + where)
        elif i == last and line and not line.startswith(' '):
            name, sep, msg = line.partition(': ')
            line = _BOLD_MAGENTA + name + _RESET + (sep + _MAGENTA + msg + _RESET if sep else '')
        out.append(line)
    return '\n'.join(out)


# ---- completion ------------------------------------------------------------------------------

class Completer:
    """Keywords, builtins and globals; attributes after a dotted name (`threading.Th`)."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.matches = []

    def complete(self, text, state):
        if state == 0:
            try:
                self.matches = self._matches(text)
            except BaseException:
                self.matches = []
        return self.matches[state] if state < len(self.matches) else None

    def _matches(self, text):
        if '.' in text:
            expr, _, attr = text.rpartition('.')
            parts = expr.split('.')
            if not all(p.isidentifier() for p in parts):
                return []
            if parts[0] in self.namespace:
                obj = self.namespace[parts[0]]
            elif hasattr(builtins, parts[0]):
                obj = getattr(builtins, parts[0])
            else:
                return []
            for p in parts[1:]:
                obj = getattr(obj, p)
            names = sorted(set(dir(obj)))
            if not attr.startswith('_'):
                names = [n for n in names if not n.startswith('_')]
            return [expr + '.' + n for n in names if n.startswith(attr)]
        seen = set()
        out = []
        for name in KEYWORDS + sorted(self.namespace) + sorted(dir(builtins)):
            if name.startswith(text) and name not in seen and (text.startswith('_') or not name.startswith('__')):
                seen.add(name)
                out.append(name)
        return out


# ---- help() --------------------------------------------------------------------------------------

def _signature(obj):
    code = getattr(obj, '__code__', None)
    if code is None:
        return None
    names = code.co_varnames
    argc = code.co_argcount
    posonly = getattr(code, 'co_posonlyargcount', 0)
    kwonly = code.co_kwonlyargcount
    defaults = getattr(obj, '__defaults__', None) or ()
    kwdefaults = getattr(obj, '__kwdefaults__', None) or {}
    parts = []
    first_default = argc - len(defaults)
    for i in range(argc):
        p = names[i]
        if i >= first_default:
            p += '=' + repr(defaults[i - first_default])
        parts.append(p)
        if posonly and i == posonly - 1:
            parts.append('/')
    i = argc + kwonly
    if code.co_flags & 0x04:
        parts.append('*' + names[i])
        i += 1
    elif kwonly:
        parts.append('*')
    for k in range(argc, argc + kwonly):
        p = names[k]
        if p in kwdefaults:
            p += '=' + repr(kwdefaults[p])
        parts.append(p)
    if code.co_flags & 0x08:
        parts.append('**' + names[i])
    return '(' + ', '.join(parts) + ')'


def _indent(doc, prefix):
    lines = doc.expandtabs().split('\n')
    # inspect.cleandoc: the common indentation of the lines after the first goes.
    margin = None
    for l in lines[1:]:
        s = l.lstrip()
        if s:
            m = len(l) - len(s)
            margin = m if margin is None else min(margin, m)
    cleaned = [lines[0].strip()] + [l[margin or 0:].rstrip() for l in lines[1:]]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return '\n'.join((prefix + l) if l else prefix.rstrip() for l in cleaned)


class _Helper:
    def __repr__(self):
        return ('Type help() for interactive help, or help(object) for help about object.')

    def __call__(self, *args):
        if not args:
            print('Type help(object) for help about object: its signature and docstring.')
            return
        obj = args[0]
        if isinstance(obj, str):
            print('No Python documentation found for %r.' % obj)
            return
        name = getattr(obj, '__qualname__', None) or getattr(obj, '__name__', None)
        module = getattr(obj, '__module__', None)
        if isinstance(obj, type):
            kind = 'class'
        elif type(obj).__name__ == 'module':
            kind = 'module'
        elif callable(obj) and name:
            kind = 'function' if hasattr(obj, '__code__') else 'built-in function'
        else:
            kind = None
        doc = getattr(obj, '__doc__', None)
        if kind is None:
            obj = type(obj)
            name = obj.__qualname__
            module = obj.__module__
            kind = 'class'
            doc = obj.__doc__
        where = ' in module ' + module if module and kind != 'module' else ''
        print('Help on %s %s%s:\n' % (kind, name, where))
        if kind == 'class':
            bases = ', '.join((b.__module__ + '.' if b.__module__ not in ('__main__',) else '') + b.__qualname__
                              for b in obj.__bases__)
            print('class %s(%s)' % (obj.__name__, bases))
            if doc:
                print(_indent(doc, ' |  '))
            methods = [(k, v) for k, v in sorted(obj.__dict__.items())
                       if callable(v) and (not k.startswith('_') or k == '__init__')]
            if methods:
                print(' |  ')
                print(' |  Methods defined here:')
                for k, v in methods:
                    print(' |  ')
                    print(' |  ' + k + (_signature(v) or '(...)'))
                    if getattr(v, '__doc__', None):
                        print(_indent(v.__doc__, ' |      '))
        elif kind == 'module':
            print('NAME\n    ' + obj.__name__)
            if doc:
                print('\nDESCRIPTION\n' + _indent(doc, '    '))
        else:
            print(obj.__name__ + (_signature(obj) or '(...)'))
            if doc:
                print(_indent(doc, '    '))
        print()


# ---- the loop --------------------------------------------------------------------------------------

class Console:
    def __init__(self, namespace, asyncio_repl=False):
        self.ns = namespace
        self.asyncio_repl = asyncio_repl
        self.terminal = _lineedit is not None and _isatty(0) and _isatty(1)
        self.color = self.terminal and can_colorize(1)
        self.loop = None
        if self.terminal:
            import os
            path = os.getenv('PYTHON_HISTORY') or os.path.join(os.path.expanduser('~'), '.gilpy_history')
            self.history_path = path
            self.completer = Completer(namespace)
            _lineedit.setup(path, self.completer.complete)

    # -- input

    def event_loop(self, create=False):
        """The loop kept across inputs: made once asyncio is imported, or for an await."""
        if self.loop is None and (create or 'asyncio' in sys.modules):
            import asyncio
            import _asyncio
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            _asyncio._set_prompt_loop(self.loop)
        if self.loop is not None:
            import asyncio
            asyncio.set_event_loop(self.loop)  # asyncio.run() at the prompt unsets it
        return self.loop

    def prompt_text(self, continuation):
        p = getattr(sys, 'ps2' if continuation else 'ps1', '... ' if continuation else '>>> ')
        p = str(p)
        if self.color and p:
            # libedit drops an invisible sequence at the very end of a prompt: the reset
            # goes before its last character.
            return '\x01' + _BOLD_MAGENTA + '\x02' + p[:-1] + '\x01' + _RESET + '\x02' + p[-1]
        return p

    def read_line(self, continuation, indent):
        prompt = self.prompt_text(continuation)
        if not self.terminal:
            sys.stderr.write(prompt)
            sys.stderr.flush()
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line[:-1] if line.endswith('\n') else line
        sys.stdout.flush()
        sys.stderr.flush()
        loop = self.event_loop()
        if loop is None or loop.is_closed():
            _lineedit.start(prompt, indent)
            try:
                while True:
                    _lineedit.wait()
                    line = _lineedit.feed()
                    if line is not None:
                        return line
            finally:
                _lineedit.stop()
        # With the event loop: it runs, and watches fd 0, until the line is complete.
        done = loop.create_future()

        def on_key():
            if done.done():
                return
            try:
                line = _lineedit.feed()
            except BaseException as e:
                done.set_exception(e)
                return
            if line is not None:
                done.set_result(line)

        _lineedit.start(prompt, indent)
        loop.add_reader(0, on_key)
        try:
            return loop.run_until_complete(done)
        finally:
            loop.remove_reader(0)
            _lineedit.stop()

    # -- running

    def show_exception(self, exc):
        _native.repl_traceback(exc)
        sys.last_type = type(exc)
        sys.last_value = exc
        sys.last_traceback = exc.__traceback__
        if hasattr(sys, 'last_exc'):
            sys.last_exc = exc
        hook = sys.excepthook
        if hook is not sys.__excepthook__:
            hook(type(exc), exc, exc.__traceback__)
            return
        sys.stdout.flush()
        text = _native.format_exception(exc)
        if self.color:
            text = colorize_traceback(text)
        sys.stderr.write(text)
        sys.stderr.flush()

    def run(self, code):
        try:
            if code.co_flags & _CO_COROUTINE:
                coro = eval(code, self.ns)
                loop = self.event_loop(create=True)
                task = loop.create_task(coro)
                try:
                    loop.run_until_complete(task)
                except BaseException:
                    if not task.done():
                        task.cancel()
                    raise
            else:
                exec(code, self.ns)
        except SystemExit:
            raise
        except BaseException as e:
            self.show_exception(e)

    def add_history(self, lines):
        if self.terminal:
            entry = '\n'.join(l for l in lines).rstrip('\n')
            if entry.strip():
                _lineedit.add_history(entry)

    def interact(self, banner=None, exitmsg=None):
        if banner:
            sys.stdout.write(banner + '\n')
            sys.stdout.flush()
        lines = []
        try:
            while True:
                try:
                    indent = ''
                    if lines and self.terminal:
                        prev = lines[-1]
                        indent = prev[:len(prev) - len(prev.lstrip())]
                        body = prev.split('#', 1)[0].rstrip() if "'" not in prev and '"' not in prev else prev.rstrip()
                        if body.endswith(':'):
                            indent += '    '
                        if not prev.strip():
                            indent = ''
                    try:
                        line = self.read_line(bool(lines), indent)
                    except EOFError:
                        if self.terminal:
                            sys.stdout.write('\n')
                        else:
                            sys.stderr.write('\n')
                        break
                    if not lines and line.strip() in ('exit', 'quit') and self.ns.get(line.strip(), getattr(builtins, line.strip(), None)) is getattr(builtins, line.strip(), None):
                        raise SystemExit
                    new = line.split('\n')
                    recalled = len(new) > 1  # a block from the history: complete as it is
                    lines.extend(new)
                    try:
                        code = compile_input(lines + [''] if recalled else lines)
                    except SyntaxError as e:
                        self.add_history(lines)
                        lines = []
                        # As CPython's REPL: the parser's error, without the frames of the
                        # REPL that compiled the input.
                        self.show_exception(e.with_traceback(None))
                        continue
                    if code is None:
                        continue
                    self.add_history(lines)
                    lines = []
                    if code == 'empty':
                        continue
                    self.run(code)
                except KeyboardInterrupt:
                    lines = []
                    sys.stdout.flush()
                    sys.stderr.write('\nKeyboardInterrupt\n')
                    sys.stderr.flush()
        finally:
            if self.terminal:
                _lineedit.save_history()
            if exitmsg:
                sys.stderr.write(exitmsg + '\n')


def _isatty(fd):
    try:
        return (sys.__stdin__, sys.__stdout__, sys.__stderr__)[fd].isatty()
    except Exception:
        return False


def _banner():
    v = sys.version_info
    return ('gilpy 0.1.0 (Python %d.%d.%d subset) on %s\n'
            'Type "help(object)" for help about an object; "exit" or Ctrl-D to leave.'
            % (v[0], v[1], v[2], sys.platform))


def _install_builtins():
    if not isinstance(getattr(builtins, 'help', None), _Helper):
        builtins.help = _Helper()


def interact(banner=True, startup=None):
    """The REPL in __main__ (cli/repl.cpp). `startup`: PYTHONSTARTUP's file, run first."""
    import __main__
    _install_builtins()
    if not hasattr(sys, 'ps1'):
        sys.ps1 = '>>> '
    if not hasattr(sys, 'ps2'):
        sys.ps2 = '... '
    console = Console(__main__.__dict__)
    if startup:
        try:
            with open(startup) as f:
                source = f.read()
            exec(compile(source, startup, 'exec'), __main__.__dict__)
        except SystemExit:
            raise
        except BaseException as e:
            console.show_exception(e)
    console.interact(_banner() if banner else None)


def interact_asyncio():
    """`gilpy -m asyncio`: the same REPL, with CPython's banner for it and asyncio imported."""
    import asyncio
    _install_builtins()
    if not hasattr(sys, 'ps1'):
        sys.ps1 = '>>> '
    if not hasattr(sys, 'ps2'):
        sys.ps2 = '... '
    ns = {'__name__': '__main__', '__package__': None, '__doc__': None,
          '__builtins__': builtins, 'asyncio': asyncio}
    console = Console(ns, asyncio_repl=True)
    console.event_loop(create=True)
    banner = ('asyncio REPL %s on %s\n'
              'Use "await" directly instead of "asyncio.run()".\n'
              'Type "help", "copyright", "credits" or "license" for more information.\n'
              '%simport asyncio' % (sys.version, sys.platform, getattr(sys, 'ps1', '>>> ')))
    console.interact(banner, exitmsg='exiting asyncio REPL...')
