// runtime/bytes.h: the bytes type: an immutable array of bytes, stored inline with a
// trailing NUL (so data is a C string when it holds no NUL). The hash is CPython's
// (_Py_HashBytes, equal to hash() of the same text as a str when it is ASCII), cached.
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Bytes : Object {
  int64_t size;
  int64_t hash;   // -1 until computed
  char data[];    // size bytes, then a NUL
  std::string_view view() const { return {data, size_t(size)}; }
};

extern Type BytesType;
extern Type BytesIterType;

inline bool is_bytes(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeBytesSubclass); }
inline bool is_exact_bytes(Value v) { return v.is_obj() && v.obj()->type == &BytesType; }

Own<Bytes> bytes_new(std::string_view data);
// A new bytes of n uninitialised bytes (fill data, then use it).
Own<Bytes> bytes_new_raw(int64_t n);
int64_t bytes_hash(Bytes* b);
// bytes(v) as CPython's PyObject_Bytes: v itself when it is bytes, else __bytes__, a copy
// of a bytes-like object's buffer, or an iterable of ints ("cannot convert 'str' object
// to bytes" otherwise).
Ref bytes_from_object(Value v);
// repr: b'...' with CPython's quoting and escapes.
std::string bytes_repr_utf8(const Bytes* b);

void init_bytes_type();

}  // namespace gilpy::rt
