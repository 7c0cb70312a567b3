# exec/eval/compile with bad arguments raise TypeError (issue 11, class 3), and locals
# that are mappings but not dicts work for every name operation.


def attempt(label, thunk):
    try:
        result = thunk()
        print(label, "->", repr(result))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


def closure_of_one():
    x = 1
    return lambda: x


def closure_of_two():
    a = b = 2
    return lambda: a + b


one_free = closure_of_one().__code__
two_free = closure_of_two().__code__


class Mapping:
    """A mapping that is not a dict: only y is bound; writes are printed."""

    def __getitem__(self, key):
        if key == "y":
            return 42
        raise KeyError(key)

    def __setitem__(self, key, value):
        print("  set", key, value)

    def __delitem__(self, key):
        print("  del", key)
        raise KeyError(key)


print("-- namespaces that are not dicts or mappings")
attempt("exec None 123", lambda: exec("print(1)", None, 123))
attempt("exec {} 123", lambda: exec("print(1)", {}, 123))
attempt("exec {} 'str'", lambda: exec("print(1)", {}, "str"))
attempt("eval {} 123", lambda: eval("1", {}, 123))
attempt("eval None 123", lambda: eval("1", None, 123))
attempt("exec 123", lambda: exec("print(1)", 123))
attempt("eval 123", lambda: eval("1", 123))
attempt("eval list", lambda: eval("1", []))
attempt("exec Mapping globals", lambda: exec("print(1)", Mapping()))
attempt("eval Mapping globals", lambda: eval("1", Mapping()))

print("-- code objects with free variables")
attempt("exec one free", lambda: exec(one_free))
attempt("exec two free", lambda: exec(two_free))
attempt("eval one free", lambda: eval(one_free))
attempt("exec closure None", lambda: exec(one_free, {}, {}, closure=None))
attempt("exec closure of ints", lambda: exec(one_free, {}, {}, closure=(1,)))
attempt("exec closure list", lambda: exec(one_free, {}, {}, closure=[1]))
attempt("exec closure too short", lambda: exec(two_free, {}, {}, closure=closure_of_one().__closure__))
attempt("exec closure right", lambda: exec(one_free, {}, {}, closure=closure_of_one().__closure__))
attempt("exec closure for none", lambda: exec(compile("1", "f", "exec"), {}, {}, closure=(1,)))
attempt("exec closure with str", lambda: exec("print(1)", {}, {}, closure=(1,)))

print("-- sources")
attempt("exec int", lambda: exec(5))
attempt("eval int", lambda: eval(5))
attempt("compile int", lambda: compile(1, "f", "exec"))
attempt("compile bad mode", lambda: compile("1", "f", "bad"))
attempt("exec bytes", lambda: exec(b"print('bytes ran')"))
attempt("eval bytes", lambda: eval(b"1 + 2"))
attempt("eval null byte", lambda: eval("1\0"))
attempt("exec null byte", lambda: exec("x = 1\0"))

print("-- a mapping as locals")
attempt("exec store and load", lambda: exec("x = y + 1\nprint(x)", {}, Mapping()))
attempt("eval load", lambda: eval("y * 2", {}, Mapping()))
attempt("eval falls back to globals", lambda: eval("g", {"g": "global"}, Mapping()))
attempt("exec delete", lambda: exec("del x", {}, Mapping()))
attempt("exec annotation", lambda: exec("z: int = 3", {}, Mapping()))
attempt("exec class body", lambda: exec("class C:\n    w = y\nprint(C.w)", {}, Mapping()))
attempt("exec missing name", lambda: exec("print(q)", {}, Mapping()))
attempt("exec delete missing from dict", lambda: exec("del q", {}, {}))
namespace = {}
exec("def f(): return 7\nv = f()", {}, namespace)
print("dict locals:", sorted(namespace), namespace["v"])
