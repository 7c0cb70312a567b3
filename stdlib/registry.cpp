// stdlib/registry.cpp: the one table of native modules (see registry.h).
#include "stdlib/registry.h"

#include "stdlib/modules.h"

namespace gilpy::stdlib {

namespace {

// Every native module, by import name. The VM creates each on its first import and
// keeps it in sys.modules.
const vm::NativeModuleDef kNativeModules[] = {
    {"builtins", create_builtins_module},
    {"sys", create_sys_module},
    {"math", create_math_module},
    {"cmath", create_cmath_module},
    {"unicodedata", create_unicodedata_module},
    {"time", create_time_module},
    {"gc", create_gc_module},
    {"atexit", create_atexit_module},
    {"gil", create_gil_module},
    {"_io", create_io_module},
    {"os", create_os_module},
    {"os.path", create_os_path_module},
    {"posix", create_posix_module},
    {"_thread", create_thread_module},
    {"_signal", create_signal_module},
    {"_asyncio", create_asyncio_native_module},
    {"_contextvars", create_contextvars_module},
    {"_gilpy_warnings", create_gilpy_warnings_module},
    {"errno", create_errno_module},
    {"_socket", create_socket_module},
    {"select", create_select_module},
    {"_collections", create_collections_module},
    {"_functools", create_functools_module},
    {"greenlet", create_greenlet_module},
    {"_gilpy_imp", create_imp_module},
    {"_weakref", create_weakref_module},
    {"_sre", create_sre_module},
    {"_codecs", create_codecs_module},
    {"_random", create_random_module},
    {"_sha512", create_sha512_module},
    {"_struct", create_struct_module},
    {"binascii", create_binascii_module},
    {"array", create_array_module},
    {"zlib", create_zlib_module},
    {"_hashlib", create_hashlib_module},
    {"_blake2", create_blake2_module},
    {nullptr, nullptr}};

}  // namespace

const vm::NativeModuleDef* native_module_table() { return kNativeModules; }

}  // namespace gilpy::stdlib
