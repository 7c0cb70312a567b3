# CPython's ast module on gilpy's parser: ast.parse (compile with PyCF_ONLY_AST) gives
# CPython's tree, node for node and location for location; the node classes (_ast) behave
# as CPython's; literal_eval, unparse, the visitors and helpers work on them.
import ast
import copy
import pickle

PROGRAM = '''
"""Module docstring."""
from __future__ import annotations
import os.path as osp, sys
from ..pkg import (a as b, c)
from . import *

CONST: int = 0x1F
x = y = [1, 2.5, 3j, -4, 'text' 'joined', b'raw', None, True, ..., *rest]
x += 1; del x[0], y.attr


@decorator(arg)
class Klass(Base, metaclass=Meta, **extra):
    """Class docstring."""
    field: list[int] | None = None

    def method(self, a, /, b=1, *args, c, d=2, **kwargs) -> str:
        global G
        nonlocal_ = lambda p, *q, r=3, **s: (p, q, r, s)
        return f"{a!r:>{b}} {c=} {d:.2f}" if a else None


async def agen(items):
    async with lock as held, other():
        async for item in items:
            yield item
            await sleep(0)
    result = [v async for v in source()]
    return (yield)


def control(value):
    while value := next_value():
        if value > 10 and value < 20 or not value:
            break
        elif value is None:
            continue
        else:
            pass
    for i, (j, *k) in enumerate(pairs):
        assert i != j, 'message'
    else:
        raise ValueError('x') from None
    try:
        risky()
    except (KeyError, IndexError) as e:
        pass
    except Exception:
        raise
    else:
        ok = {k: v for k, v in items if v} | {s for s in strs} 
    finally:
        cleanup()
    try:
        group()
    except* TypeError as eg:
        pass
    with open('f') as fh, open('g'):
        data = fh.read()[1:2, ::3, ...]
    gen = (a @ b // c ** -d for a in range(3) if a for b in a)
    return value[1:] if value else {}


def matcher(command):
    match command:
        case [1, 2, *rest] if rest:
            pass
        case {'key': value, **others}:
            pass
        case Point(x=0, y=yy) | Point(1, 2) as p:
            pass
        case None | True | -1 | 1 + 2j | 'str' | b'b' | Color.RED:
            pass
        case (a, b) | [a, b, _]:
            pass
        case _:
            pass
'''

tree = ast.parse(PROGRAM, filename='<program>')
print(ast.dump(tree, include_attributes=True))
print(ast.dump(tree, indent=1)[:400])
print(ast.get_docstring(tree), ast.get_docstring(tree.body[9]))

# The other modes.
print(ast.dump(ast.parse('a if b else c', mode='eval'), include_attributes=True))
print(ast.dump(ast.parse('x = 1; y', mode='single')))
print(ast.dump(compile('f(x)', '<s>', 'eval', ast.PyCF_ONLY_AST)))
tree_again = compile(PROGRAM, '<p>', 'exec', flags=ast.PyCF_ONLY_AST)
print(ast.dump(tree_again) == ast.dump(tree), compile(tree, '<p>', 'exec', ast.PyCF_ONLY_AST) is tree)

# unparse gives source that parses back to the same tree.
source = ast.unparse(tree)
print(source)
print(ast.dump(ast.parse(source)) == ast.dump(tree))

# literal_eval.
for text in ["{'a': [1, 2.5, -3, (4j, None)], 'b': b'x', 'c': {1, 2}}", '1 + 2j', "-0x10", '()', 'set()',
             "f(1)", "a + 1", "[1, 2", "__import__('os')"]:
    try:
        print(repr(ast.literal_eval(text)))
    except (ValueError, SyntaxError) as e:
        print(type(e).__name__, str(e).split(' <ast.')[0])  # (the node's repr holds its address)

# Node classes.
name = ast.Name('x', ast.Load())
print(name.id, type(name.ctx).__name__, ast.Name._fields, ast.Name._attributes, ast.Name.__match_args__)
print(ast.Name.__mro__, ast.Add.__mro__, ast.AST._fields, ast.expr._fields)
print(ast.arguments().vararg, ast.Constant(5).kind, hasattr(ast.Name(), 'id'), ast.Name.__doc__)
print(ast.Constant(value=3, lineno=2).lineno, ast.Constant(1).end_lineno)
try:
    ast.Name('a', ast.Load(), 'extra')
except TypeError as e:
    print('TypeError:', e)
print(isinstance(ast.Constant(1), ast.expr), issubclass(ast.FunctionDef, ast.stmt), ast.Num(5).n)
match ast.parse('a + 1', mode='eval').body:
    case ast.BinOp(ast.Name(id=left), ast.Add(), ast.Constant(value=right)):
        print('matched', left, right)
print(ast.dump(pickle.loads(pickle.dumps(tree.body[2]))), ast.dump(copy.deepcopy(tree.body[3])) == ast.dump(tree.body[3]))


# Visitors and helpers.
class Counter(ast.NodeVisitor):
    def __init__(self):
        self.names = []

    def visit_Name(self, node):
        self.names.append(node.id)
        self.generic_visit(node)


counter = Counter()
counter.visit(tree)
print(len(counter.names), counter.names[:12])
print(sorted({type(n).__name__ for n in ast.walk(tree)}))


class Doubler(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return ast.copy_location(ast.Constant(node.value * 2), node)
        return node


doubled = ast.fix_missing_locations(Doubler().visit(ast.parse('x = 1 + 20\nprint(x, True)')))
print(ast.unparse(doubled), ast.dump(doubled.body[0].value.left, include_attributes=True))
moved = ast.increment_lineno(ast.parse('a\nb'), 10)
print([n.lineno for n in moved.body], [(name, type(value).__name__) for name, value in ast.iter_fields(ast.parse('a = 1').body[0])])
print(ast.get_source_segment(PROGRAM, tree.body[9].body[2]))

# Errors keep CPython's details.
for bad in ['x = (1,', 'def f(x)\n  pass', 'a b', 'return = 1', '1 +' * 5]:
    try:
        ast.parse(bad)
    except SyntaxError as e:
        print('SyntaxError', e.msg, e.lineno, e.offset)
# Only the parser runs: the compiler's own errors are not raised by ast.parse.
print(ast.dump(ast.parse('return 1\nawait x\nbreak')))
try:
    ast.parse('1+' * 100000 + '1')
except RecursionError as e:
    print('RecursionError', e)
