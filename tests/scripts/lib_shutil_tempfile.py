# shutil and tempfile on gilpy's native os: copies, trees, moves and removals inside a
# tempfile.mkdtemp() folder; only names relative to it are printed, sorted.
import os
import shutil
import stat
import tempfile


def tree(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        for name in dirnames:
            out.append(os.path.normpath(os.path.join(rel, name)) + "/")
        for name in filenames:
            out.append(os.path.normpath(os.path.join(rel, name)))
    return sorted(out)


print(os.path.isdir(tempfile.gettempdir()), os.path.isabs(tempfile.gettempdir()))
base = tempfile.mkdtemp(prefix="gilpy-shutil-")
print(os.path.basename(base).startswith("gilpy-shutil-"), oct(stat.S_IMODE(os.stat(base).st_mode)))
try:
    src = os.path.join(base, "src")
    os.makedirs(os.path.join(src, "a", "b"))
    with open(os.path.join(src, "one.txt"), "w") as f:
        f.write("one\n" * 1000)
    with open(os.path.join(src, "a", "two.bin"), "wb") as f:
        f.write(bytes(range(256)) * 300)
    with open(os.path.join(src, "a", "b", "three.txt"), "w") as f:
        f.write("three")
    os.chmod(os.path.join(src, "one.txt"), 0o640)
    os.utime(os.path.join(src, "one.txt"), (1_000_000_000, 1_000_000_000))
    print(tree(src))

    # copyfile, copy, copy2
    dst = shutil.copyfile(os.path.join(src, "one.txt"), os.path.join(base, "c1.txt"))
    print(os.path.basename(dst), os.path.getsize(dst))
    shutil.copy(os.path.join(src, "one.txt"), os.path.join(base, "c2.txt"))
    print(oct(stat.S_IMODE(os.stat(os.path.join(base, "c2.txt")).st_mode)))
    shutil.copy2(os.path.join(src, "one.txt"), os.path.join(base, "c3.txt"))
    st = os.stat(os.path.join(base, "c3.txt"))
    print(int(st.st_mtime), st.st_mtime_ns, oct(stat.S_IMODE(st.st_mode)))
    try:
        shutil.copyfile(os.path.join(base, "c1.txt"), os.path.join(base, "c1.txt"))
    except shutil.SameFileError as e:
        print("SameFileError")
    try:
        shutil.copyfile(os.path.join(base, "missing"), os.path.join(base, "x"))
    except FileNotFoundError as e:
        print("FileNotFoundError", e.errno, os.path.basename(e.filename))

    # copytree (with ignore), move, rmtree
    shutil.copytree(src, os.path.join(base, "copy"))
    print(tree(os.path.join(base, "copy")))
    shutil.copytree(src, os.path.join(base, "copy2"), ignore=shutil.ignore_patterns("*.bin"))
    print(tree(os.path.join(base, "copy2")))
    with open(os.path.join(base, "copy", "a", "two.bin"), "rb") as f:
        print(f.read() == bytes(range(256)) * 300)
    shutil.move(os.path.join(base, "copy2"), os.path.join(base, "moved"))
    shutil.move(os.path.join(base, "c1.txt"), os.path.join(base, "moved"))
    print(tree(os.path.join(base, "moved")))
    shutil.rmtree(os.path.join(base, "copy"))
    print(sorted(os.listdir(base)))
    try:
        shutil.rmtree(os.path.join(base, "nothing"))
    except FileNotFoundError as e:
        print("FileNotFoundError", e.errno)
    shutil.rmtree(os.path.join(base, "nothing"), ignore_errors=True)
    print(shutil.which("sh") is not None, shutil.disk_usage(base).total > 0)

    # tempfile's other makers, all inside base
    fd, name = tempfile.mkstemp(suffix=".dat", dir=base)
    os.write(fd, b"mkstemp data")
    os.close(fd)
    with open(name, "rb") as f:
        print(name.endswith(".dat"), f.read(), oct(stat.S_IMODE(os.stat(name).st_mode)))
    d = tempfile.mkdtemp(dir=base)
    print(os.path.isdir(d), os.path.dirname(d) == base)
    with tempfile.NamedTemporaryFile("w+", dir=base, suffix=".txt", delete=True) as f:
        f.write("named")
        f.flush()
        f.seek(0)
        print(f.read(), os.path.exists(f.name), os.path.dirname(f.name) == base)
        kept = f.name
    print(os.path.exists(kept))
    with tempfile.NamedTemporaryFile(dir=base, delete=False) as f:
        f.write(b"bytes")
    print(os.path.getsize(f.name))
    os.unlink(f.name)
    with tempfile.TemporaryDirectory(dir=base) as t:
        open(os.path.join(t, "inner"), "w").close()
        os.mkdir(os.path.join(t, "subdir"))
        print(sorted(os.listdir(t)))
    print(os.path.exists(t))
    with tempfile.TemporaryFile(dir=base) as f:
        f.write(b"anonymous")
        f.seek(0)
        print(f.read())
finally:
    shutil.rmtree(base)
print(os.path.exists(base))
