# glob and fnmatch on gilpy's native os, over a tree in a tempfile.mkdtemp() folder;
# results are printed relative to it, sorted.
import fnmatch
import glob
import os
import shutil
import tempfile

base = tempfile.mkdtemp()
try:
    for rel in ["a.py", "b.py", "c.txt", ".hidden.py", "pkg/__init__.py", "pkg/mod.py",
                "pkg/sub/deep.py", "pkg/sub/data.json", "docs/readme.md", "x1.log", "x2.log", "x10.log"]:
        path = os.path.join(base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(rel)

    def show(pattern, **kw):
        found = glob.glob(os.path.join(base, pattern), **kw)
        print(pattern, kw or "", sorted(os.path.relpath(p, base) for p in found))

    show("*.py")
    show("*")
    show("*.py", include_hidden=True)
    show("x?.log")
    show("x[0-9].log")
    show("x[!1].log")
    show("*/*.py")
    show("**/*.py")
    show("**/*.py", recursive=True)
    show("**", recursive=True)
    show("pkg/**/", recursive=True)
    show("nothing*")
    show("pkg")
    show("pkg/sub/*.json")
    print(sorted(glob.glob("*.py", root_dir=base)))
    print(sorted(glob.glob("**/*.json", root_dir=base, recursive=True)))
    print(sorted(os.path.relpath(p, base) for p in glob.iglob(os.path.join(base, "pkg", "*"))))
    print(glob.escape("a[b]*?"), glob.has_magic("a*"), glob.has_magic("abc"))
    print(fnmatch.fnmatch("foo.py", "*.py"), fnmatch.fnmatch("foo.PY", "*.py"), fnmatch.fnmatchcase("a.b", "a?b"))
    print(fnmatch.filter(["a.py", "b.txt", "c.py"], "*.py"), fnmatch.translate("*.py"))
    print(sorted(glob.glob(os.path.join(base, b"*.py".decode()).encode())) ==
          sorted(os.fsencode(p) for p in glob.glob(os.path.join(base, "*.py"))))
finally:
    shutil.rmtree(base)
print(os.path.exists(base))
