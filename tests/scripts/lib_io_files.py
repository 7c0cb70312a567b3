# File objects of stdlib/io.cpp: open modes, reading, writing, buffering, errors, StringIO.
import io
import os

def t(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)

with open("a.txt", "w") as f:
    print(f.write("line one\n"), f.write("línea dos\n"), f.write("three"))
    print(f.mode, f.name, f.closed, f.readable(), f.writable())
print(f.closed)
t("closedwrite", lambda: f.write("x"))

with open("a.txt") as f:
    print(repr(f.read()))
with open("a.txt") as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()))
with open("a.txt") as f:
    print(f.readlines())
with open("a.txt") as f:
    print([line.rstrip("\n") for line in f])
with open("a.txt") as f:
    print(repr(f.read(4)), repr(f.read(7)), repr(f.read(100)), repr(f.read()))
with open("a.txt") as f:
    print(repr(f.readline(3)), repr(f.readline()), f.tell() > 0)
    f.seek(0)
    print(repr(f.readline()))

# Append mode and writelines.
with open("a.txt", "a") as f:
    f.writelines(["\nfour", "\nfive\n"])
print(open("a.txt").read().splitlines())

# Written without close(): visible once the object is gone (refcounting).
open("b.txt", "w").write("dropped at once\n")
print(open("b.txt").read(), end="")

# Buffered data reaches the file on flush().
g = open("c.txt", "w")
g.write("pending")
print(repr(open("c.txt").read()))
g.flush()
print(repr(open("c.txt").read()))
g.close()

# A big write crosses the buffer size.
with open("big.txt", "w") as f:
    for i in range(3000):
        f.write(f"{i:05d}\n")
with open("big.txt") as f:
    lines = f.readlines()
print(len(lines), lines[0], lines[-1], end="")

# Universal newlines on read.
with open("nl.txt", "w", newline="") as f:
    f.write("a\r\nb\rc\n")
print(repr(open("nl.txt").read()), repr(open("nl.txt", newline="").read()))

# r+ and w+
with open("rw.txt", "w+") as f:
    f.write("hello world")
    f.seek(0)
    print(repr(f.read()))
    f.seek(6)
    f.write("THERE")
    f.seek(0)
    print(repr(f.read()))
with open("rw.txt", "r+") as f:
    print(repr(f.read(5)))
    f.seek(0, 2)
    f.write("!")
print(repr(open("rw.txt").read()))

# Binary mode.
with open("bin.dat", "wb") as f:
    print(f.write(b"\x00\x01abc\xff"))
with open("bin.dat", "rb") as f:
    data = f.read()
    print(data, type(data).__name__, len(data))
t("binwrite_str", lambda: open("bin.dat", "wb").write("text"))
t("textwrite_bytes", lambda: open("t.txt", "w").write(b"x"))

# Errors.
t("missing", lambda: open("does_not_exist.txt"))
t("missing_type", lambda: type(open("does_not_exist.txt")))
t("isdir", lambda: open("."))
t("badmode", lambda: open("a.txt", "rw"))
t("badmode2", lambda: open("a.txt", "rr"))
t("badmode3", lambda: open("a.txt", "z"))
t("badmode4", lambda: open("a.txt", "rbt"))
t("exists", lambda: open("a.txt", "x"))
t("notreadable", lambda: open("w.txt", "w").read())
t("notwritable", lambda: open("a.txt").write("x"))
t("unsupported_type", lambda: type(open("a.txt").__class__))
t("binenc", lambda: open("a.txt", "rb", encoding="utf-8"))
t("badname", lambda: open(3.5))
try:
    open("a.txt").write("x")
except io.UnsupportedOperation as e:
    print("UnsupportedOperation is OSError:", isinstance(e, OSError), isinstance(e, ValueError))
try:
    open("nope/nope.txt", "w")
except FileNotFoundError as e:
    print("errno", e.errno, e.filename)

# Repr and iteration of a closed file.
f = open("a.txt")
print(repr(f))
f.close()
t("iterclosed", lambda: next(iter(f)))
t("readclosed", lambda: f.read())

# StringIO.
s = io.StringIO()
print(s.write("abc"), s.write("déf\n"), s.tell())
print(repr(s.getvalue()))
s.seek(0)
print(repr(s.read(2)), repr(s.readline()), repr(s.read()))
s2 = io.StringIO("x\ny\nz")
print(list(s2), s2.closed)
s3 = io.StringIO("hello")
s3.seek(1)
s3.write("EL")
print(s3.getvalue())
print("hello", "io", sep="-", file=s)
print(repr(s.getvalue()))

os.remove("a.txt")
print(os.path.exists("a.txt"), os.path.exists("b.txt"))
