#!/usr/bin/env python3
"""The method fuzzer (issue 11): calls every builtin function and every method of the
built-in types with arguments drawn from a set of hostile values (huge and negative ints,
2**63, NaN, empty and huge strings, None, wrong types, objects whose __eq__, __hash__,
__index__, __len__ or __iter__ raise or mutate their container), in gilpy subprocesses.
Any death by a signal fails the run and is reported with the call that caused it. A
Python exception is the expected outcome; a group that runs past its time limit is
listed, not failed (some calls are legitimately long: 10**100 * 'x' is a MemoryError,
but pow(2**63, 2**63) is a very long computation in CPython too).

usage: method_fuzz.py GILPY [--calls N] [--seed S] [--jobs J]
  --calls N   random combinations of two or three arguments per callable, after no
              argument and every hostile value alone (default 40; CI uses 8)
"""
import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

# The program each gilpy subprocess runs: the callables of its share of the targets,
# each called with combinations of hostile values. Before every call it writes the call
# to the progress file, so the parent knows what was running when a signal struck.
CHILD = r'''
import sys

PROGRESS = open(sys.argv[1], "w")
targets = sys.argv[2].split(",")
calls_per_target = int(sys.argv[3])
seed = int(sys.argv[4])


class Raises(Exception):
    pass


class Hostile:
    """Every protocol method raises."""
    def __eq__(self, other): raise Raises("eq")
    def __lt__(self, other): raise Raises("lt")
    def __hash__(self): raise Raises("hash")
    def __index__(self): raise Raises("index")
    def __int__(self): raise Raises("int")
    def __float__(self): raise Raises("float")
    def __len__(self): raise Raises("len")
    def __iter__(self): raise Raises("iter")
    def __getitem__(self, i): raise Raises("getitem")
    def __str__(self): raise Raises("str")
    def __repr__(self): raise Raises("repr")
    def __bool__(self): raise Raises("bool")
    def __contains__(self, x): raise Raises("contains")


class Mutator:
    """Compares, hashes and iterates while emptying the container it was put in."""
    def __init__(self, victim):
        self.victim = victim
    def _mutate(self):
        try:
            self.victim.clear()
        except Exception:
            pass
    def __eq__(self, other):
        self._mutate()
        return False
    def __lt__(self, other):
        self._mutate()
        return True
    def __hash__(self):
        self._mutate()
        return 1
    def __index__(self):
        self._mutate()
        return 1
    def __len__(self):
        self._mutate()
        return 2
    def __iter__(self):
        self._mutate()
        return iter([1, 2])


class LyingLen:
    def __len__(self): return 2**62
    def __iter__(self): return iter([1])
    def __index__(self): return -2**63


def hostile_values():
    victim_list, victim_dict, victim_set = [1, 2, 3], {1: 2, 3: 4}, {1, 2}
    values = [
        0, 1, -1, 2, 7, 2**31 - 1, 2**31, -2**31, 2**32, 2**40, 2**62, -2**62, 2**63 - 1, 2**63, -2**63,
        2**64, -2**64,
        10**100, -10**100, True, False, 0.0, -0.0, 1.5, 1e308, -1e308, 5e-324,
        float("nan"), float("inf"), float("-inf"), "", "x", "abc", "x" * 10000, "\x00", "\udcff",
        "\U0010ffff", "%s%d%(x)s", "{}{0}{x}", b"", b"x", b"\xff" * 100, bytearray(b"ab"),
        None, [], [1, [2]], (), (1, 2), {}, {"a": 1}, set(), frozenset({1}), range(10),
        range(-2**63, 2**63, 2**60), slice(None), slice(-2**63, 2**63, -1), object(), type, int,
        len, print, Hostile(), LyingLen(), Mutator(victim_list), Mutator(victim_dict),
        Mutator(victim_set), iter([1, 2]), (x for x in range(3)), memoryview(b"abc"),
        victim_list, victim_dict, victim_set, NotImplemented, Ellipsis,
    ]
    values.append(values)  # a list that contains itself
    return values


VALUES = hostile_values()


class Rng:  # a small LCG: the same calls on every interpreter and run
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF
    def below(self, n):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state % n


def resolve(target):
    import builtins
    if "." not in target:
        return getattr(builtins, target)
    owner, name = target.split(".", 1)
    return getattr(getattr(builtins, owner), name)


def receivers(owner):
    import builtins
    t = getattr(builtins, owner)
    samples = {
        "int": [0, -1, 2**63, 10**100], "float": [0.0, float("nan"), 1e308], "bool": [True],
        "str": ["", "abc", "x" * 1000, "\udcff"], "bytes": [b"", b"abc"], "bytearray": [bytearray(b"abc")],
        "list": [[], [1, "a", None], [3, 1, 2]], "tuple": [(), (1, 2)], "dict": [{}, {1: 2, "a": [3]}],
        "set": [set(), {1, 2}], "frozenset": [frozenset(), frozenset({1})], "range": [range(0), range(-5, 5, 2)],
        "slice": [slice(1, 2, 3)], "memoryview": [memoryview(b"abcd")], "complex": [],
        "object": [object()], "type": [int, type],
    }
    return samples.get(owner, [])


def show(v):
    try:
        text = repr(v)
    except BaseException:
        text = "<%s>" % type(v).__name__
    return text if len(text) < 60 else text[:57] + "..."


rng = Rng(seed)
for target in targets:
    try:
        fn = resolve(target)
    except Exception:
        continue
    owner = target.split(".")[0] if "." in target else None
    selves = receivers(owner) if owner else [None]
    # No argument, then every value alone, then random combinations of two and three.
    combos = [[]] + [[v] for v in VALUES]
    for _ in range(calls_per_target):
        combos.append([VALUES[rng.below(len(VALUES))] for _ in range(2 + rng.below(2))])
    for args in combos:
        for self in selves or [None]:
            call_args = args if self is None else [self] + args
            PROGRESS.write("%s(%s)\n" % (target, ", ".join(show(a) for a in call_args)))
            PROGRESS.flush()
            try:
                fn(*call_args)
            except BaseException:
                pass
PROGRESS.write("done\n")
'''

# Builtins that read input, leave the program, or write outside the working directory.
SKIP = {"input", "open", "exit", "quit", "help", "breakpoint", "copyright", "credits", "license"}
TYPES = ["int", "float", "bool", "str", "bytes", "bytearray", "list", "tuple", "dict", "set",
         "frozenset", "range", "slice", "memoryview", "object", "type"]


def list_targets(gilpy):
    """Every builtin callable and every method of the built-in types, as gilpy lists them."""
    program = (
        "import builtins\n"
        f"skip = {sorted(SKIP)!r}\n"
        f"types = {TYPES!r}\n"
        "out = [n for n in dir(builtins) if callable(getattr(builtins, n)) and n not in skip\n"
        "       and not (isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException))]\n"
        "for t in types:\n"
        "    if hasattr(builtins, t):\n"
        "        out += [t + '.' + m for m in dir(getattr(builtins, t)) if m not in ('__init_subclass__', '__subclasshook__')]\n"
        "print(','.join(out))\n")
    return subprocess.run([gilpy, "-c", program], capture_output=True, text=True, check=True).stdout.strip().split(",")


def limit_memory():
    limit = 4 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_group(gilpy, child, group, calls, seed, timeout):
    with tempfile.TemporaryDirectory() as cwd:
        progress = os.path.join(cwd, "progress")
        try:
            p = subprocess.run([gilpy, child, progress, ",".join(group), str(calls), str(seed)], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout,
                               preexec_fn=limit_memory)
            status = p.returncode
        except subprocess.TimeoutExpired:
            status = "timeout"
        with open(progress) as f:
            lines = f.read().splitlines()
    last = lines[-1] if lines else "(before the first call)"
    return status, last, len(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gilpy")
    ap.add_argument("--calls", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    gilpy = os.path.abspath(args.gilpy)
    targets = list_targets(gilpy)
    groups = [targets[i:i + 8] for i in range(0, len(targets), 8)]
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(CHILD)
        child = f.name
    deaths, hangs, calls = [], [], 0
    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            for group, (status, last, n) in zip(groups, pool.map(
                    lambda g: run_group(gilpy, child, g, args.calls, args.seed, args.timeout), groups)):
                calls += n
                if status == "timeout":
                    hangs.append(last)
                elif status < 0:
                    deaths.append((signal.Signals(-status).name, last))
                elif status != 0:
                    deaths.append((f"exit status {status}", last))
    finally:
        os.unlink(child)
    print(f"{len(targets)} callables, {calls} calls in {len(groups)} processes")
    for last in hangs:
        print("over the time limit, last call:", last)
    for sig, last in deaths:
        print(f"DEATH ({sig}): {last}")
    print(f"{len(deaths)} deaths, {len(hangs)} groups over the time limit")
    return 1 if deaths else 0


if __name__ == "__main__":
    sys.exit(main())
