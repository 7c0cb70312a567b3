"""importlib: gilpy's own (the import system itself is native, vm/import.cpp): import_module,
reload and invalidate_caches as CPython's importlib has them."""
import _gilpy_imp

__all__ = ['__import__', 'import_module', 'invalidate_caches', 'reload']

__import__ = __import__


def import_module(name, package=None):
    """Import a module.

    The 'package' argument is required when performing a relative import. It
    specifies the package to use as the anchor point from which to resolve the
    relative import to an absolute import.

    """
    level = 0
    if name.startswith('.'):
        if not package:
            msg = ("the 'package' argument is required to perform a relative "
                   "import for {!r}")
            raise TypeError(msg.format(name))
        for character in name:
            if character != '.':
                break
            level += 1
    return _gilpy_imp.gcd_import(name[level:], package, level)


def invalidate_caches():
    """Call the invalidate_caches() method on all meta path finders stored in
    sys.meta_path (where implemented)."""
    # gilpy's finder keeps no directory caches: nothing to invalidate.


def reload(module):
    """Reload the module and return it.

    The module must have been successfully imported before.

    """
    try:
        name = module.__spec__.name
    except AttributeError:
        try:
            name = module.__name__
        except AttributeError:
            raise TypeError("reload() argument must be a module")
    return _gilpy_imp.reload(module)
