// runtime/bytearray.h: the bytearray type: a mutable array of bytes in a separate,
// over-allocated block.
//
// Layout (as CPython's): `storage` holds `capacity` bytes; the live bytes are
// [storage + start, storage + start + size), followed by a NUL. Appending grows the block
// geometrically (CPython's policy, so __alloc__ reports the same numbers), and deleting a
// prefix (`del b[:n]`, asyncio's StreamReader does it on every read) only advances
// `start`: the rest moves when the live part falls under half the block, so a loop of
// small front deletions costs O(n) in total, not O(n^2).
//
// While a Buffer (runtime/buffer.h) or a memoryview holds the bytes, `exports` counts it,
// and every operation that would change the size raises BufferError "Existing exports of
// data: object cannot be re-sized" instead (writes that keep the size are allowed).
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/abstract.h"
#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct ByteArray : Object {
  char* storage;     // the block (mem_alloc), null while capacity is 0
  int64_t capacity;  // bytes allocated (CPython's ob_alloc)
  int64_t start;     // offset of the first live byte in storage
  int64_t size;      // live bytes
  int64_t exports;   // Buffers over the bytes; resizing is refused while > 0
  char* data() { return storage ? storage + start : empty_data(); }
  const char* data() const { return storage ? storage + start : empty_data(); }

 private:
  static char* empty_data() {
    static char nul = 0;  // read-only in practice: a size-0 array writes nothing
    return &nul;
  }
};

extern Type ByteArrayType;
extern Type ByteArrayIterType;

inline bool is_bytearray(Value v) {
  return v.is_obj() && (v.obj()->type == &ByteArrayType || is_subtype(v.obj()->type, &ByteArrayType));
}
inline std::string_view bytearray_view(const ByteArray* b) { return {b->data(), size_t(b->size)}; }

// A new bytearray holding a copy of data.
Own<ByteArray> bytearray_new(std::string_view data);
// Sets the size to n (new bytes are uninitialised). False with BufferError while exported,
// or MemoryError.
bool bytearray_resize(ByteArray* b, int64_t n);
// Appends data (b += data); false with an error pending.
bool bytearray_append_bytes(ByteArray* b, std::string_view data);
// del b[:n] in O(1) amortised (0 <= n <= size); false with BufferError while exported.
bool bytearray_delete_prefix(ByteArray* b, int64_t n);

void init_bytearray_type();

}  // namespace gilpy::rt
