"""importlib.util: utility code for importers (gilpy's own; the subset of CPython's that
scripts use: find_spec, module_from_spec, spec_from_file_location, resolve_name,
cache_from_source)."""
import sys
import _gilpy_imp
from importlib.machinery import ModuleSpec, SourceFileLoader, _spec_for_location

MAGIC_NUMBER = b'GPYP'


def resolve_name(name, package):
    """Resolve a relative module name to an absolute one."""
    if not name.startswith('.'):
        return name
    elif not package:
        raise ImportError(f'no package specified for {repr(name)} '
                          '(required for relative module names)')
    level = 0
    for character in name:
        if character != '.':
            break
        level += 1
    return _gilpy_imp.resolve_name(name[level:], package, level)


def cache_from_source(path, debug_override=None, *, optimization=None):
    """Given the path to a .py file, return the path to its cache file."""
    return _gilpy_imp.cache_from_source(path)


def decode_source(source_bytes):
    """Decode bytes representing source code and return the string."""
    return source_bytes.decode('utf-8').replace('\r\n', '\n').replace('\r', '\n')


def _find_spec_from_path(name, path=None):
    if name not in sys.modules:
        found = _gilpy_imp.find(name)
        return None if found is None else _spec_for_location(name, *found, '')
    module = sys.modules[name]
    if module is None:
        return None
    try:
        spec = module.__spec__
    except AttributeError:
        raise ValueError('{}.__spec__ is not set'.format(name)) from None
    if spec is None:
        raise ValueError('{}.__spec__ is None'.format(name))
    return spec


def find_spec(name, package=None):
    """Return the spec for the specified module, or None if it cannot be found.

    A dotted name has its parent packages imported first."""
    fullname = resolve_name(name, package) if name.startswith('.') else name
    if fullname not in sys.modules:
        parent_name = fullname.rpartition('.')[0]
        if parent_name:
            parent = __import__(parent_name, fromlist=['__path__'])
            try:
                parent_path = parent.__path__
            except AttributeError as e:
                raise ModuleNotFoundError(
                    f"__path__ attribute not found on {parent_name!r} "
                    f"while trying to find {fullname!r}", name=fullname) from e
        return _find_spec_from_path(fullname)
    return _find_spec_from_path(fullname)


def spec_from_file_location(name, location=None, *, loader=None,
                            submodule_search_locations=None):
    """Return a module spec based on a file location."""
    location = str(location) if location is not None else '<unknown>'
    if loader is None:
        loader = SourceFileLoader(name, location)
    spec = ModuleSpec(name, loader, origin=location)
    spec._set_fileattr = True
    if submodule_search_locations is not None:
        spec.submodule_search_locations = list(submodule_search_locations)
    elif hasattr(loader, 'is_package') and loader.is_package(name):
        spec.submodule_search_locations = [location.rpartition('/')[0]]
    return spec


def module_from_spec(spec):
    """Create a module based on the provided spec."""
    module = None
    if hasattr(spec.loader, 'create_module'):
        module = spec.loader.create_module(spec)
    elif hasattr(spec.loader, 'exec_module'):
        raise ImportError('loaders that define exec_module() '
                          'must also define create_module()')
    if module is None:
        module = type(sys)(spec.name)
    module.__spec__ = spec
    module.__loader__ = spec.loader
    module.__package__ = spec.parent
    if spec.submodule_search_locations is not None:
        module.__path__ = spec.submodule_search_locations
    if spec.has_location:
        module.__file__ = spec.origin
        if spec.cached is not None:
            module.__cached__ = spec.cached
    return module
