# __qualname__ of the descriptors a built-in or a slotted class keeps in its dict: the
# owner's qualified name, a dot, the attribute's name (inspect and pydoc print these).
import collections


class Outer:
    class Inner:
        __slots__ = ("y",)


class Slotted:
    __slots__ = ("x",)


descriptors = [
    list.append,                        # method_descriptor
    str.join,
    reversed.__length_hint__,
    collections.deque.appendleft,
    dict.__dict__["fromkeys"],          # classmethod_descriptor
    int.__dict__["from_bytes"],
    int.__add__,                        # wrapper_descriptor (a slot wrapper)
    object.__init__,
    type.__call__,
    (1).__add__,                        # method-wrapper
    [].append,                          # builtin method
    object.__dict__["__class__"],       # getset_descriptor
    Slotted.x,                          # member_descriptor
    Outer.Inner.y,
    len,
]
for d in descriptors:
    print(type(d).__name__, d.__name__, d.__qualname__)
