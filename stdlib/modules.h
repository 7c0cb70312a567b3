// stdlib/modules.h: the create function of each native module (stdlib-internal; the rest
// of gilpy reaches them through stdlib/registry.h's table), and the lazy iterator types
// of builtins.
#pragma once

#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::stdlib {

rt::Ref create_builtins_module();  // builtins.cpp
rt::Ref create_sys_module();       // sys.cpp
rt::Ref create_math_module();      // math.cpp
rt::Ref create_cmath_module();     // cmath.cpp
rt::Ref create_unicodedata_module();  // unicodedata_module.cpp
rt::Ref create_time_module();      // time.cpp
rt::Ref create_gc_module();        // gc_module.cpp
rt::Ref create_atexit_module();    // atexit_module.cpp
rt::Ref create_gil_module();       // gil/gil_module.cpp
rt::Ref create_io_module();        // io.cpp (_io; io itself is stdlib/python/io.py)
rt::Ref create_os_module();        // os.cpp
rt::Ref create_os_path_module();   // os.cpp
rt::Ref create_posix_module();     // os.cpp (posix is os itself: gilpy's os is native)
// sys.get_asyncgen_hooks / sys.set_asyncgen_hooks (asyncgen_hooks.cpp, over vm/generator.h).
rt::Ref sys_get_asyncgen_hooks(rt::Value self, const rt::Value* args, size_t nargs, rt::Tuple* kwnames);
rt::Ref sys_set_asyncgen_hooks(rt::Value self, const rt::Value* args, size_t nargs, rt::Tuple* kwnames);
rt::Ref create_thread_module();    // thread_module.cpp (_thread)
rt::Ref create_asyncio_native_module();  // asyncio/asyncio_module.cpp (_asyncio, asyncio's native half)
rt::Ref create_signal_module();    // signal_module.cpp (_signal; signal itself is stdlib/python/signal.py)
rt::Ref create_contextvars_module();  // contextvars.cpp (_contextvars)
rt::Ref create_gilpy_warnings_module();  // warnings_module.cpp (warnings.py's native half)
rt::Ref create_errno_module();     // errno_module.cpp
rt::Ref create_socket_module();    // socket_module.cpp (_socket; socket.py on top)
rt::Ref create_select_module();    // select_module.cpp
rt::Ref create_collections_module();  // collections_module.cpp (_collections: deque)
rt::Ref create_functools_module();    // functools_module.cpp (_functools: partial)
rt::Type* defaultdict_type();          // collections_defaultdict.cpp (_collections.defaultdict)
// simple_namespace.cpp: types.SimpleNamespace, and one made of n attributes (sys.implementation).
rt::Type* simple_namespace_type();
rt::Ref simple_namespace_new(const char* const* names, const rt::Value* values, size_t n);
rt::Ref create_greenlet_module();  // greenlet/greenlet_module.cpp
rt::Ref create_imp_module();       // imp_module.cpp (_gilpy_imp)
rt::Ref create_weakref_module();   // weakref_module.cpp (_weakref)
rt::Ref create_sre_module();       // sre/sre_module.cpp (_sre)
rt::Ref create_codecs_module();    // codecs_module.cpp (_codecs)
rt::Ref create_random_module();    // random_module.cpp (_random)
rt::Ref create_sha512_module();    // sha512_module.cpp (_sha512)
rt::Ref create_struct_module();    // struct_module.cpp (_struct)
rt::Ref create_binascii_module();  // binascii_module.cpp
rt::Ref create_array_module();     // array_module.cpp
rt::Ref create_zlib_module();      // zlib_module.cpp (on the system's zlib)
rt::Ref create_hashlib_module();   // hashlib_module.cpp (_hashlib, on OpenSSL's libcrypto)
rt::Ref create_blake2_module();    // hashlib_module.cpp (_blake2, OpenSSL's BLAKE2 too)
// str.encode/bytes.decode for encodings without a native codec (rt::codec_fallback_hook).
rt::Ref encode_with_registry(rt::Value obj, std::string_view encoding, std::string_view errors, bool encode);

// builtins' lazy iterator types (iterators.cpp): enumerate, zip, map, filter, reversed,
// callable_iterator. init_iterator_types readies them once.
extern rt::Type EnumerateType;
extern rt::Type ZipType;
extern rt::Type MapType;
extern rt::Type FilterType;
extern rt::Type ReversedType;
extern rt::Type CallableIteratorType;
extern rt::Type AnextAwaitableType;
void init_iterator_types();
// iter(callable, sentinel).
rt::Ref callable_iterator_new(rt::Value callable, rt::Value sentinel);
// anext(iterator, default): the awaitable that turns StopAsyncIteration into default.
rt::Ref anext_awaitable_new(rt::Value iterator, rt::Value default_value);

}  // namespace gilpy::stdlib
