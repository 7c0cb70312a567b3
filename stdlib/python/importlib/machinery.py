"""importlib.machinery: module specs and the loaders they name (gilpy's own, in the role of
CPython's importlib._bootstrap classes). vm/import.cpp finds and loads modules and makes
each module's __spec__ with _spec_for_location."""
import _gilpy_imp

SOURCE_SUFFIXES = ['.py']
BYTECODE_SUFFIXES = ['.pyc']
DEBUG_BYTECODE_SUFFIXES = BYTECODE_SUFFIXES
OPTIMIZED_BYTECODE_SUFFIXES = BYTECODE_SUFFIXES
EXTENSION_SUFFIXES = []


def all_suffixes():
    """Returns a list of all recognized module suffixes for this process"""
    return SOURCE_SUFFIXES + BYTECODE_SUFFIXES + EXTENSION_SUFFIXES


class ModuleSpec:
    """The specification for a module, used for loading."""

    def __init__(self, name, loader, *, origin=None, loader_state=None,
                 is_package=None):
        self.name = name
        self.loader = loader
        self.origin = origin
        self.loader_state = loader_state
        self.submodule_search_locations = [] if is_package else None
        self._uninitialized_submodules = []
        self._set_fileattr = False
        self._cached = None

    def __repr__(self):
        args = [f'name={self.name!r}', f'loader={self.loader!r}']
        if self.origin is not None:
            args.append(f'origin={self.origin!r}')
        if self.submodule_search_locations is not None:
            args.append(f'submodule_search_locations={self.submodule_search_locations}')
        return f'{self.__class__.__name__}({", ".join(args)})'

    def __eq__(self, other):
        smsl = self.submodule_search_locations
        try:
            return (self.name == other.name and
                    self.loader == other.loader and
                    self.origin == other.origin and
                    smsl == other.submodule_search_locations and
                    self.cached == other.cached and
                    self.has_location == other.has_location)
        except AttributeError:
            return NotImplemented

    @property
    def cached(self):
        if self._cached is None and self.origin is not None and self._set_fileattr:
            if self.origin.endswith('.py'):
                self._cached = _gilpy_imp.cache_from_source(self.origin)
        return self._cached

    @cached.setter
    def cached(self, cached):
        self._cached = cached

    @property
    def parent(self):
        """The name of the module's parent."""
        if self.submodule_search_locations is None:
            return self.name.rpartition('.')[0]
        return self.name

    @property
    def has_location(self):
        return self._set_fileattr

    @has_location.setter
    def has_location(self, value):
        self._set_fileattr = bool(value)


class BuiltinImporter:
    """Meta path import for built-in modules."""

    _ORIGIN = "built-in"

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        found = _gilpy_imp.find(fullname)
        if found is None or found[0] != 'built-in':
            return None
        return ModuleSpec(fullname, cls, origin=cls._ORIGIN)

    @staticmethod
    def create_module(spec):
        return _gilpy_imp.gcd_import(spec.name)

    @staticmethod
    def exec_module(module):
        pass

    @classmethod
    def get_code(cls, fullname):
        return None

    @classmethod
    def get_source(cls, fullname):
        return None

    @classmethod
    def is_package(cls, fullname):
        return False


class FrozenImporter:
    """Meta path import for frozen modules."""

    _ORIGIN = "frozen"

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        found = _gilpy_imp.find(fullname)
        if found is None or found[0] != 'frozen':
            return None
        return ModuleSpec(fullname, cls, origin=cls._ORIGIN,
                          is_package=found[2] is not None)

    @staticmethod
    def create_module(spec):
        return None

    @classmethod
    def get_source(cls, fullname):
        return None

    @classmethod
    def is_package(cls, fullname):
        found = _gilpy_imp.find(fullname)
        return found is not None and found[2] is not None


class SourceFileLoader:
    """Loads a module from a .py file (compiled through gilpy's bytecode cache)."""

    def __init__(self, fullname, path):
        self.name = fullname
        self.path = path

    def __eq__(self, other):
        return (self.__class__ == other.__class__ and
                self.__dict__ == other.__dict__)

    def __hash__(self):
        return hash(self.name) ^ hash(self.path)

    def get_filename(self, name=None):
        return self.path

    def get_data(self, path):
        with open(path, 'rb') as file:
            return file.read()

    def get_source(self, fullname=None):
        with open(self.path, encoding='utf-8') as file:
            return file.read()

    def is_package(self, fullname):
        filename = self.path.rpartition('/')[2]
        return filename.rsplit('.', 1)[0] == '__init__'

    def create_module(self, spec):
        return None

    def get_code(self, fullname=None):
        return _gilpy_imp.source_code(self.path)

    def exec_module(self, module):
        exec(self.get_code(module.__name__), module.__dict__)

    def path_stats(self, path):
        import os
        st = os.stat(path)
        return {'mtime': st.st_mtime, 'size': st.st_size}


SourcelessFileLoader = None
ExtensionFileLoader = None


class NamespaceLoader:
    """The loader of a namespace package: a directory without __init__.py."""

    def __init__(self, name, path, path_finder=None):
        self._path = path

    def is_package(self, fullname):
        return True

    def get_source(self, fullname):
        return ''

    def get_code(self, fullname):
        return compile('', '<string>', 'exec', dont_inherit=True)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        pass


class PathFinder:
    """Finds modules along sys.path or a package's __path__."""

    @classmethod
    def invalidate_caches(cls):
        pass

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        found = _gilpy_imp.find(fullname)
        if found is None or found[0] not in ('source', 'namespace'):
            return None
        return _spec_for_location(fullname, found[0], found[1], found[2], '')


def _spec_for_location(name, kind, origin, locations, cached):
    """The __spec__ of a module vm/import.cpp found (kind: 'built-in', 'frozen', 'source'
    or 'namespace'; locations: a package's __path__, else None)."""
    if kind == 'built-in':
        return ModuleSpec(name, BuiltinImporter, origin='built-in')
    if kind == 'frozen':
        return ModuleSpec(name, FrozenImporter, origin='frozen',
                          is_package=locations is not None)
    if kind == 'namespace':
        spec = ModuleSpec(name, NamespaceLoader(name, locations), is_package=True)
        spec.submodule_search_locations = locations
        return spec
    spec = ModuleSpec(name, SourceFileLoader(name, origin), origin=origin,
                      is_package=locations is not None)
    if locations is not None:
        spec.submodule_search_locations = locations
    spec.cached = cached or None
    spec.has_location = True
    return spec
