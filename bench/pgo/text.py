# PGO training: strings, f-strings and % formatting, dicts and sets, sorting with keys,
# comprehensions, slicing, generators and yield from, closures over iteration, dicts keyed
# by tuples of strs.
import collections


def words(n):
    vowels = "aeiou"
    consonants = "bcdfghjklmnpqrstvwxyz"
    out = []
    x = 17
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        length = 2 + x % 6
        w = "".join((consonants if j % 2 == 0 else vowels)[(x >> j) % (5 if j % 2 else 21)] for j in range(length))
        out.append(w)
    return out


def pairs(it):
    prev = None
    for v in it:
        if prev is not None:
            yield prev, v
        prev = v


def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def main():
    ws = words(40000)
    counts = {}
    for w in ws:
        counts[w] = counts.get(w, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    text = " ".join(ws[:5000])
    upper = text.upper().replace("A", "4").split()
    lengths = collections.Counter(len(w) for w in ws)
    by_first = collections.defaultdict(list)
    for w in ws[:10000]:
        by_first[w[0]].append(w)
    squares = {i: i * i for i in range(1000)}
    odd = [s for s in squares.values() if s % 2]
    uniq = {w[:2] for w in ws}
    bigrams = sum(1 for a, b in pairs(ws[:20000]) if a[0] == b[0])
    follows = {}
    for a, b in pairs(text.split()):
        follows[a, b] = follows.get((a, b), 0) + 1
    repeated = sum(1 for (a, b), c in follows.items() if c > 1 and (b, a) in follows)
    nested = [[i, [i + 1, [i + 2]]] for i in range(3000)]
    flat = sum(flatten(nested))
    lines = [f"{w:>8}|{i:05d}|{i / 7:.3f}" for i, w in enumerate(ws[:20000])]
    report = ["%-10s %4d" % (w, c) for w, c in top]
    rev = ws[::-1][:3] + ws[10:20:3]
    print(top, len(upper), sorted(lengths.items()), len(by_first), len(odd), len(uniq))
    print(bigrams, len(follows), repeated, flat, lines[123], report[0], rev, "-".join(sorted(set(text[:50]))))
    print(text.count("ba"), text.find("zu"), text.startswith(ws[0]), ws[3].title(), repr(ws[7]))


main()
