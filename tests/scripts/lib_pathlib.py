# pathlib on gilpy's native os: pure paths, then a tree in a tempfile.mkdtemp() folder
# (only names relative to it are printed, sorted).
import os
import pathlib
import tempfile
from pathlib import Path, PurePosixPath

p = PurePosixPath("/usr/lib/python3.11/pathlib.py")
print(p.name, p.suffix, p.stem, p.suffixes, p.parent, p.anchor)
print([str(x) for x in p.parents])
print(p.with_suffix(".txt"), p.with_name("x.tar.gz").suffixes, p.with_stem("q"))
print(p.relative_to("/usr/lib"), p.is_absolute(), PurePosixPath("a/b").is_absolute())
print(PurePosixPath("a") / "b" / "c", PurePosixPath("/a", "b", "../c"), p.parts[:3])
print(PurePosixPath("a/b.py").match("*.py"), PurePosixPath("a/b.py").match("a/*.txt"))
print(repr(PurePosixPath("x/y")), PurePosixPath("x") == PurePosixPath("x"), PurePosixPath("x") < PurePosixPath("y"))
try:
    p.relative_to("/etc")
except ValueError as e:
    print("ValueError", e)
print(isinstance(Path("."), os.PathLike), os.fspath(Path("a/b")), Path("a", "b").as_posix())
print(type(Path(".")).__name__)

base = Path(tempfile.mkdtemp())
try:
    (base / "sub" / "deep").mkdir(parents=True)
    (base / "a.txt").write_text("hello\nworld\n")
    (base / "b.py").write_text("print(1)\n")
    (base / "sub" / "c.py").write_bytes(b"\x00\x01\x02")
    (base / "sub" / "deep" / "d.py").write_text("x = 1\n")
    print((base / "a.txt").read_text().splitlines(), (base / "sub" / "c.py").read_bytes())
    print((base / "a.txt").exists(), (base / "nope").exists(), (base / "sub").is_dir(), (base / "a.txt").is_file())
    print((base / "a.txt").stat().st_size, (base / "sub").is_file())
    rel = lambda ps: sorted(str(x.relative_to(base)) for x in ps)
    print(rel(base.iterdir()))
    print(rel(base.glob("*.py")), rel(base.glob("*/*.py")))
    print(rel(base.rglob("*.py")))
    print(rel(base.glob("**/")))
    with (base / "a.txt").open() as f:
        print(f.readline().strip())
    with (base / "e.txt").open("w") as f:
        f.write("written")
    print((base / "e.txt").read_text())
    (base / "e.txt").rename(base / "f.txt")
    print(rel(base.iterdir()))
    (base / "f.txt").touch()
    (base / "f.txt").unlink()
    (base / "f.txt").unlink(missing_ok=True)
    try:
        (base / "f.txt").unlink()
    except FileNotFoundError as e:
        print("FileNotFoundError", e.errno, e.strerror, Path(e.filename).name)
    try:
        (base / "sub").mkdir()
    except FileExistsError as e:
        print("FileExistsError", e.errno)
    (base / "sub").mkdir(exist_ok=True)
    print(base.resolve() == Path(os.path.realpath(base)), (base / "sub" / ".." / "a.txt").resolve().name)
    (base / "link").symlink_to(base / "a.txt")
    print((base / "link").is_symlink(), (base / "link").read_text()[:5], Path(os.readlink(base / "link")).name)
    print((base / "link").resolve().name, (base / "sub").samefile(str(base / "sub")))
    print(Path.cwd() == Path(os.getcwd()), Path("~").expanduser() == Path(os.path.expanduser("~")))
    (base / "sub" / "deep" / "d.py").unlink()
    (base / "sub" / "deep").rmdir()
    print(rel(base.rglob("*")))
finally:
    import shutil
    shutil.rmtree(base)
print(base.exists())
