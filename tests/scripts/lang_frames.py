# Frame objects: sys._getframe, f_back chains, f_locals, f_globals, tb_frame.
import sys

def inner(a, b=2):
    c = a + b
    frame = sys._getframe()
    print(frame.f_code.co_name, sorted(frame.f_locals))
    print('caller line', frame.f_back.f_lineno)
    print(frame.f_back.f_code.co_name, sys._getframe(1).f_code.co_name, frame.f_globals is globals())
    print(frame.f_code.co_filename == __file__, frame.f_code.co_firstlineno)
    return frame

def outer():
    x = 'outer local'
    return inner(1)

f = outer()
names = []
while f is not None:
    names.append(f.f_code.co_name)
    f = f.f_back
print(names)
try:
    sys._getframe(1000)
except ValueError as e:
    print('ValueError', e)

def closure():
    captured = 10
    def use():
        return captured, sys._getframe().f_locals
    return use()
print(closure())

class Body:
    here = sys._getframe().f_code.co_name
    names_seen = sorted(k for k in sys._getframe().f_locals if not k.startswith('__'))
print(Body.here, Body.names_seen)

def failing():
    local_value = 'x'
    raise KeyError('k')
try:
    failing()
except KeyError as e:
    tb = e.__traceback__
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_name, tb.tb_lineno, tb.tb_frame.f_globals is globals()))
        tb = tb.tb_next
    print(frames)
print(type(sys._getframe()).__name__, sys._getframe().f_back)

def caller_module():
    return sys._getframe(1).f_globals['__name__']
print(caller_module())
