# What start-up builds (the builtins and sys modules, the types' dicts) is never walked
# by a collection again (rt::gc_make_permanent). Their references still count: an object
# only they reach survives every collection, and a cycle they stop reaching is garbage.
import builtins
import gc
import sys
import weakref


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None


def cycle(name):
    a, b = Node(name + ".a"), Node(name + ".b")
    a.other, b.other = b, a
    return a


freed = []

# Reached only from start-up dicts: kept through full collections.
builtins.held_by_builtins = cycle("builtins")
sys.held_by_sys = cycle("sys")
probe_builtins = weakref.ref(builtins.held_by_builtins, lambda r: freed.append("builtins"))
probe_sys = weakref.ref(sys.held_by_sys, lambda r: freed.append("sys"))
for _ in range(3):
    gc.collect()
print("kept:", probe_builtins().other.name, probe_sys().other.name, freed)

# Dropped from them: the cycles are garbage, found by the next collection.
del builtins.held_by_builtins
del sys.held_by_sys
print("still there before collecting:", probe_builtins() is not None, probe_sys() is not None)
print("collected at least 4:", gc.collect() >= 4)
print("freed:", sorted(freed), probe_builtins(), probe_sys())

# A cycle through a start-up module's own object: sys.modules holds a module whose dict
# holds a cycle back to the module; removing it from sys.modules makes it garbage.
mod = type(sys)("scratch_module")
mod.self_ref = mod
sys.modules["scratch_module"] = mod
probe_mod = weakref.ref(mod)
del mod
gc.collect()
print("module kept by sys.modules:", probe_mod() is not None)
del sys.modules["scratch_module"]
gc.collect()
print("module collected:", probe_mod() is None)
