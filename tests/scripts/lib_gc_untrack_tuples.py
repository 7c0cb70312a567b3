# The collector stops tracking tuples that hold only atoms (numbers, strings, tuples it
# stopped tracking), as CPython's does after a collection, and keeps tracking the others;
# a tuple reused by dict.items() iteration is tracked again when it holds a list.
import gc

atoms = ("a" + str(1), 1, 2.5, None, True, b"x")
print(gc.is_tracked(atoms))
holds_list = ([], 1)
nested = (atoms, "y")
nested_mutable = (holds_list, "z")
gc.collect()
print(gc.is_tracked(atoms), gc.is_tracked(holds_list), gc.is_tracked(nested), gc.is_tracked(nested_mutable))
print(gc.is_tracked(()), gc.is_tracked((1, 2)))

# A cycle through a list inside a formerly atomic tuple position is still found.
d = {"k": 1}
seen = []
for item in d.items():
    seen.append(item)
gc.collect()
cyc = []
cyc.append(cyc)
d["k"] = cyc
for item in d.items():
    print(type(item[1]).__name__, gc.is_tracked(item))
del cyc, item, seen
d.clear()
print(gc.collect() >= 1)
