# string, textwrap and pprint from CPython's library.
import pprint
import string
import textwrap

print(string.ascii_letters, string.digits, string.punctuation, string.hexdigits)
print(string.capwords("hello   big world"), string.capwords("a-b-c", "-"))
t = string.Template("$who likes ${what}; $$5")
print(t.substitute(who="tim", what="kung pao"), t.safe_substitute(who="x"))
try:
    t.substitute(who="only")
except KeyError as e:
    print("KeyError", e)
print(t.get_identifiers(), t.is_valid())
f = string.Formatter()
print(f.format("{0}-{name!r:>6}-{1:.2f}", "a", 3.14159, name="n"))
print(list(f.parse("x{a}y{b!s:>3}z")))

text = ("The quick brown fox jumps over the lazy dog. " * 4).strip()
print(textwrap.wrap(text, width=30))
print(textwrap.fill(text, width=40, initial_indent="> ", subsequent_indent="  "))
print(textwrap.shorten(text, width=50, placeholder=" [...]"))
print(repr(textwrap.dedent("""
    def f():
        return 1
""")))
print(textwrap.indent("a\nb\n\nc", "+ "))
print(textwrap.TextWrapper(width=12, break_long_words=True).wrap("supercalifragilistic word"))

data = {"name": "gilpy", "versions": list(range(12)), "nested": {"z": [1, {"deep": (1, 2)}], "a": None},
        "long": "x" * 30}
pprint.pprint(data)
pprint.pprint(data, width=40, sort_dicts=False)
print(pprint.pformat([list(range(5))] * 3, width=20))
print(pprint.pformat(data, depth=1), pprint.isreadable(data), pprint.saferepr([1, 2]))
r = [1]
r.append(r)
print(pprint.pformat(r).split(" with id=")[0], pprint.isrecursive(r))
