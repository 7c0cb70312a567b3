// runtime/buffer.h: the buffer protocol, CPython's in miniature: how a native reads (or
// writes) the bytes of any bytes-like object (bytes, bytearray, memoryview; later
// array.array and mmap) without knowing its type.
//
// A type exports its memory through `Type::buffer` (BufferSlots): `get` fills a Buffer
// with a pointer, a length and whether it may be written, and `release` ends the export.
// Natives never call the slots: they hold a Buffer, which buffer_get() fills and whose
// destructor releases it, so an export lasts exactly as long as the C++ scope that uses it.
//
//   Buffer in;
//   if (!buffer_get(arg, &in)) return nullptr;           // TypeError: a bytes-like object...
//   use(in.view());
//
// Invariants:
//  * While a Buffer is held, its data stays valid and its length fixed: a bytearray counts
//    its exports and refuses to resize meanwhile (BufferError "Existing exports of data:
//    object cannot be re-sized"), a memoryview refuses release() ("memoryview has 1
//    exported buffer").
//  * Items are single bytes ('B', 'b' or 'c': itemsize 1 always). A memoryview sliced with
//    a step is strided: only callers that pass kBufferStrided accept one (and must index
//    through at() or copy with buffer_copy()); others get CPython's BufferError
//    "memoryview: underlying buffer is not C-contiguous".
//  * Holding a Buffer runs no Python code and allocates nothing: take the buffers of the
//    arguments after converting the arguments that may call Python (__index__), and read
//    the data only after the last such call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

// What the caller needs from the exporter.
constexpr int kBufferSimple = 0;    // contiguous, read-only use
constexpr int kBufferWritable = 1;  // the caller writes through data (readonly exporters fail)
constexpr int kBufferStrided = 2;   // a strided view is acceptable

class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& o) noexcept { take(o); }
  Buffer& operator=(Buffer&& o) noexcept {
    if (this != &o) { release(); take(o); }
    return *this;
  }
  ~Buffer() { release(); }

  // Ends the export (idempotent).
  void release();
  bool held() const { return !owner_.is_null(); }
  // The exporter (borrowed; null when not held).
  Value owner() const { return owner_; }

  bool contiguous() const { return stride == 1 || len <= 1; }
  // The bytes as a string_view: contiguous buffers only.
  std::string_view view() const { return {reinterpret_cast<const char*>(data), size_t(len)}; }
  uint8_t at(int64_t i) const { return data[i * stride]; }

  uint8_t* data = nullptr;  // the first item
  int64_t len = 0;          // number of items (= bytes)
  int64_t stride = 1;       // bytes from one item to the next (negative for [::-1])
  bool readonly = true;
  char format = 'B';        // the struct format of the items: 'B', 'b' or 'c'

 private:
  friend bool buffer_get(Value obj, Buffer* out, int flags);
  void take(Buffer& o) {
    data = o.data; len = o.len; stride = o.stride; readonly = o.readonly; format = o.format;
    owner_ = o.owner_;
    o.owner_ = Value();
  }
  Value owner_;  // the exporter, owned while held
};

// A type's exporter. `get` fills data, len, readonly (and stride, format) or returns false
// with an exception pending; the caller already checked nothing and owns no reference
// yet. `release` (may be null) undoes what get counted.
struct BufferSlots {
  bool (*get)(Value self, Buffer* view, int flags);
  void (*release)(Value self, Buffer* view);
};

// PyObject_CheckBuffer: does obj's type export a buffer?
inline bool is_bytes_like(Value obj) {
  return obj.is_obj() && obj.obj()->type->buffer != nullptr;
}

// Fills *out (releasing what it held) with a view of obj. False with an exception pending:
// TypeError "a bytes-like object is required, not 'str'" when obj is not bytes-like, or
// the exporter's error (BufferError for a strided or read-only view not asked for,
// ValueError for a released memoryview).
bool buffer_get(Value obj, Buffer* out, int flags = kBufferSimple);
// A writable contiguous view, or TypeError "<what> must be read-write bytes-like object,
// not bytes" for anything else (CPython's 'w*' converter; `what` is e.g. "readinto()
// argument").
bool buffer_get_writable(Value obj, Buffer* out, std::string_view what = "argument");

// Copies the items (strided or not) to dst, which has room for b.len bytes.
void buffer_copy(const Buffer& b, uint8_t* dst);
std::string buffer_to_string(const Buffer& b);

}  // namespace gilpy::rt
