# Exception-group tracebacks at CPython's limits and in its odd corners: more than 15
# sub-exceptions ("and N more exceptions"), groups nested deeper than 10
# ("... (max_group_depth is 10)"), a repeated traceback line inside a group (printed
# without a margin), a message on several lines (only the first gets a margin), notes
# that are not strings, and __notes__ that is not a sequence (printed with no newline).


def recurse(n):
    if n == 0:
        raise RecursionError("deep enough")
    recurse(n - 1)


try:
    recurse(8)
except RecursionError as e:
    repeated = e

wide = ExceptionGroup("wide", [ValueError(i) for i in range(17)])
just_wide_enough = ExceptionGroup("fifteen", [KeyError(i) for i in range(15)])
sixteen = ExceptionGroup("sixteen", [KeyError(i) for i in range(16)])

deep = KeyError("the leaf")
for level in range(12):
    deep = ExceptionGroup(f"level {level}", [deep])

two_lines = ValueError("first line\nsecond line")
odd_notes = TypeError("odd notes")
odd_notes.__notes__ = [42, "several\nlines\n", ""]
chars = TypeError("a str as __notes__")
chars.__notes__ = "ab"
not_a_sequence = TypeError("an int as __notes__")
not_a_sequence.__notes__ = 7

raise ExceptionGroup("limits", [repeated, wide, just_wide_enough, sixteen, deep, two_lines,
                                odd_notes, chars, not_a_sequence])
