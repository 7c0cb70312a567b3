// runtime/bytes_methods.h: what bytes and bytearray share (CPython's bytes_methods.c and
// stringlib): one implementation of every method the two types have in common, written
// over the object's (data, size) view and returning results of the receiver's family
// (bytes.split gives bytes, bytearray.split gives bytearrays), plus the slots that behave
// alike (`in`, `+`, `*`, indexing, repr, comparison). Internal to bytes.cpp,
// bytearray.cpp and memoryview.cpp; other code uses bytes.h, bytearray.h and buffer.h.
//
// A shared method takes `self` (a bytes or bytearray, or an instance of a subclass),
// converts its arguments first (which may run Python code: __index__), holds the buffers
// of its bytes-like arguments (so a bytearray argument cannot be resized meanwhile), and
// only then reads self's bytes: nothing between that read and the result runs Python.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Slice;

// self's bytes (bytes or bytearray); valid until Python code runs.
inline std::string_view bytes_family_view(Value self) {
  if (self.obj()->type != &BytesType && is_bytearray(self)) return bytearray_view(self.as<ByteArray>());
  return self.as<Bytes>()->view();
}
// "bytes" or "bytearray": the family's name in CPython's messages.
inline const char* bytes_family_name(Value self) {
  return self.obj()->type != &BytesType && is_bytearray(self) ? "bytearray" : "bytes";
}
// A new bytes, or a new bytearray when `like` is one.
Ref bytes_family_new(Value like, std::string_view data);

// The methods both types list (null-terminated; maketrans, a static method whose
// messages name the type, is each type's own), and a table of them followed by a
// type's own methods (allocated once; lives as long as the type).
extern const MethodDef kBytesSharedMethods[];
const MethodDef* bytes_methods_with(const MethodDef* own);

// Slots shared by both types.
int bytes_family_contains(Value self, Value item);
Ref bytes_family_getitem(Value self, Value key);
Ref bytes_family_concat(Value a, Value b);
Ref bytes_family_repeat(Value a, Value b);
// fmt % args (runtime/bytes_format.cpp).
Ref bytes_family_mod(Value a, Value b);
// `any_buffer`: compare with any bytes-like object (bytearray's rule) rather than with
// bytes only (bytes' rule).
Ref bytes_family_compare(Value a, Value b, CompareOp op, bool any_buffer);

// The text between b'...' quotes, CPython's choice of quote included ("b'a'", "b\"'\"").
// bytearray's repr escapes a single quote even inside double quotes, as CPython's does.
std::string bytes_repr_text(std::string_view data, bool bytearray_style);
// bytes.hex(sep, bytes_per_sep), bytearray.hex, memoryview.hex (sep/bytes_per_sep null
// when not given).
Ref bytes_hex_text(std::string_view data, Value sep, Value bytes_per_sep);
// The hex digits of data with `sep` every |bytes_per_sep| bytes (counted from the right when
// positive), as CPython's _Py_strhex; binascii allows a Latin-1 separator (`latin1_sep`).
// False with the error raised.
bool hex_with_separator(std::string_view data, Value sep, Value bytes_per_sep, bool latin1_sep, std::string* out);
// bytes.maketrans / bytearray.maketrans (static methods; `family` names the type in
// messages).
Ref bytes_maketrans(const char* family, const Value* args, size_t nargs, Tuple* kw);
// The bytes of an iterable of ints (bytes(iterable), bytearray(iterable)); false with an
// error pending. `range_msg` is the type's ValueError text for an item outside 0..255.
bool bytes_from_iterable(Value src, const char* range_msg, std::string* out);
// A slice whose bounds are None or ints: the bounds' __index__ methods run here, once, so
// that the caller can then resolve it against the length the object has *after* that
// Python code ran (CPython's PySlice_Unpack before PySlice_AdjustIndices). Returns s
// itself when there is nothing to call.
Ref slice_with_int_bounds(Slice* s);
// The parsed form of a byte value argument (CPython's _getbytevalue): int-like and in
// range(0, 256), else TypeError / ValueError "byte must be in range(0, 256)".
bool byte_value_arg(Value v, uint8_t* out);

}  // namespace gilpy::rt
