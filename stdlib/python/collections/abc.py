"""collections.abc: the abstract base classes of CPython's _collections_abc (from its
standard library), under the name scripts import them by."""
from _collections_abc import *
from _collections_abc import __all__
from _collections_abc import _CallableGenericAlias
