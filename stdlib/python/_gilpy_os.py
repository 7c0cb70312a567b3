"""_gilpy_os: the parts of the native os module written in Python.

os.__getattr__ (stdlib/os.cpp) imports this module the first time one of its names is
asked for; each is then stored on os itself, so later look-ups are plain attribute reads.
"""
import abc
import os
from types import GenericAlias


class PathLike(abc.ABC):
    """Abstract base class for implementing the file system path protocol."""

    __module__ = "os"

    @abc.abstractmethod
    def __fspath__(self):
        """Return the file system path representation of the object."""
        raise NotImplementedError

    @classmethod
    def __subclasshook__(cls, subclass):
        if cls is not PathLike:
            return NotImplemented
        for klass in subclass.__mro__:
            if "__fspath__" in klass.__dict__:
                return klass.__dict__["__fspath__"] is not None or NotImplemented
        return NotImplemented

    __class_getitem__ = classmethod(GenericAlias)


def walk(top, topdown=True, onerror=None, followlinks=False):
    """Directory tree generator: yields (dirpath, dirnames, filenames) for each
    directory under top (top itself included), as os.walk does."""
    pending = [os.fspath(top)]
    while pending:
        item = pending.pop()
        if isinstance(item, tuple):
            # A bottom-up visit whose subdirectories are all done.
            yield item
            continue
        dirpath = item
        dirs, files, walk_into = [], [], []
        try:
            entries = os.scandir(dirpath)
        except OSError as error:
            if onerror is not None:
                onerror(error)
            continue
        with entries:
            while True:
                try:
                    entry = next(entries)
                except StopIteration:
                    break
                except OSError as error:
                    if onerror is not None:
                        onerror(error)
                    break
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    dirs.append(entry.name)
                else:
                    files.append(entry.name)
                if not topdown and is_dir:
                    try:
                        descend = followlinks or not entry.is_symlink()
                    except OSError:
                        descend = False
                    if descend:
                        walk_into.append(entry.path)
        if topdown:
            yield dirpath, dirs, files
            # The caller may have pruned dirs in place: descend into what is left.
            for name in reversed(dirs):
                path = os.path.join(dirpath, name)
                if followlinks or not os.path.islink(path):
                    pending.append(path)
        else:
            pending.append((dirpath, dirs, files))
            pending.extend(reversed(walk_into))


def get_exec_path(env=None):
    """Returns the sequence of directories that will be searched for the named
    executable (similar to a shell) when launching a process."""
    if env is None:
        env = os.environ
    path = env.get("PATH")
    if path is None:
        path = os.defpath
    return path.split(os.pathsep)


for _name in ("PathLike", "walk", "get_exec_path"):
    setattr(os, _name, globals()[_name])
del _name
