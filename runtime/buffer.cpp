// runtime/buffer.cpp: getting and releasing Buffers (runtime/buffer.h). The exporters'
// slots live with their types (bytes.cpp, bytearray.cpp, memoryview.cpp).
#include "runtime/buffer.h"

#include <cstring>

#include "runtime/abstract.h"
#include "runtime/errors.h"

namespace gilpy::rt {

void Buffer::release() {
  if (owner_.is_null()) return;
  Value owner = owner_;
  owner_ = Value();
  const BufferSlots* slots = type_of(owner)->buffer;
  if (slots && slots->release) slots->release(owner, this);
  data = nullptr;
  len = 0;
  decref(owner);
}

bool buffer_get(Value obj, Buffer* out, int flags) {
  out->release();
  if (!is_bytes_like(obj)) {
    raisef(&TypeErrorType, "a bytes-like object is required, not '%s'", type_name(obj));
    return false;
  }
  out->data = nullptr;
  out->len = 0;
  out->stride = 1;
  out->readonly = true;
  out->format = 'B';
  if (!type_of(obj)->buffer->get(obj, out, flags)) return false;
  incref(obj);
  out->owner_ = obj;
  return true;
}

bool buffer_get_writable(Value obj, Buffer* out, std::string_view what) {
  if (is_bytes_like(obj) && buffer_get(obj, out, kBufferWritable)) return true;
  if (error_pending()) clear_error();
  raisef(&TypeErrorType, "%.*s must be read-write bytes-like object, not %s", int(what.size()), what.data(),
         type_name(obj));
  return false;
}

void buffer_copy(const Buffer& b, uint8_t* dst) {
  if (b.contiguous()) {
    if (b.len) std::memcpy(dst, b.data, size_t(b.len));
    return;
  }
  const uint8_t* p = b.data;
  for (int64_t i = 0; i < b.len; i++, p += b.stride) dst[i] = *p;
}

std::string buffer_to_string(const Buffer& b) {
  std::string out(size_t(b.len), '\0');
  buffer_copy(b, reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

}  // namespace gilpy::rt
