// vm/bytecode_cache.h: compiled modules kept on disk, so a big module is not recompiled at
// every start (CPython's __pycache__/*.pyc, in gilpy's own format). The importer
// (vm/import.cpp) asks here before it compiles a .py file.
//
// Where: __pycache__/NAME.gilpy-011.pyc beside the source (NAME.gilpy-011.opt-1.pyc under
// -O, .opt-2 under -OO), else, where that directory cannot be written, the same name under
// $XDG_CACHE_HOME/gilpy (~/.cache/gilpy) followed by the source's absolute directory.
// With sys.pycache_prefix set (-X pycache_prefix=DIR, PYTHONPYCACHEPREFIX), as in CPython,
// only that directory followed by the source's absolute directory.
//
// Last, read only: the standard library's cache compiled when gilpy was built
// (Interpreter::stdlib_cache_dir, the same mirror layout; tools/precompile_stdlib.py). It
// is what Debian's precompiled .pyc files are to CPython: with PYTHONDONTWRITEBYTECODE set,
// as in many containers, `import json` still does not compile json at every start.
//
// A cache file is a header, then a marshal blob (vm/marshal.h, which has its own magic,
// instruction-set fingerprint and checksum):
//
//   offset 0   "GPYP"                       magic
//          4   u32 kCacheFormatVersion
//          8   16 bytes compiler fingerprint  a hash of the compiler's and the VM's
//                                            code-format sources, made at build time, so
//                                            a rebuilt compiler never trusts old bytecode
//         24   i64 source mtime (ns)
//         32   u64 source size
//         40   marshal blob
//
// An entry whose header does not match the source, or whose blob does not read back, is
// ignored and rewritten; nothing read from the cache is trusted before it is checked.
// Writing is atomic (a temporary file renamed into place) and off with -B,
// PYTHONDONTWRITEBYTECODE or sys.dont_write_bytecode.
#pragma once

#include <string>

#include "runtime/object.h"

namespace gilpy::vm {

// The code of the source file `path` (read and compiled on a miss) as a module's code
// object, with `cached` set to the cache file used or written ("" when none).
rt::Ref cached_source_code(const std::string& path, std::string* cached);

// The cache file importlib.util.cache_from_source names, for the current optimisation
// level: beside the source, or in sys.pycache_prefix's tree when that is set.
std::string cache_path_for(const std::string& source_path);

}  // namespace gilpy::vm
