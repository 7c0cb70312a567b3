// runtime/memoryview.h: the memoryview type: a one-dimensional window (offset, length,
// stride) onto the buffer of a bytes-like object, without copying.
//
// Each memoryview holds its own export (a Buffer) of the underlying object, `obj`: a
// slice of a view, memoryview(view) and view.cast() export `obj` again rather than
// borrowing from the parent, so releasing one view leaves the others valid (CPython's
// managed buffer gives the same behaviour), and a bytearray cannot be resized while any
// view of it is alive and unreleased. Items are single bytes in format 'B' (unsigned),
// 'b' (signed) or 'c' (bytes of length 1); cast() switches between them.
//
// A view that hands its own buffer out (b'' + view, file.write(view), ...) counts that in
// `exports` and refuses release() meanwhile (BufferError "memoryview has 1 exported
// buffer").
#pragma once

#include <cstdint>

#include "runtime/buffer.h"
#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct MemoryView : Object {
  Buffer source;     // the export of obj (placement-constructed); not held once released
  int64_t offset;    // bytes from source.data to item 0
  int64_t length;    // items
  int64_t stride;    // bytes from one item to the next (negative for [::-1])
  int64_t exports;   // Buffers taken from this view and not yet released
  int64_t hash;      // -1 until computed (read-only views only)
  bool readonly;
  bool released;
  char format[3];    // "B", "b", "c", or one of them after '@'; after cast(), any native format
  int64_t itemsize;  // bytes an item (0 taken as 1); items wider than a byte are read-only for now
};

extern Type MemoryViewType;
extern Type MemoryIterType;

inline bool is_memoryview(Value v) { return v.is_obj() && v.obj()->type == &MemoryViewType; }

// memoryview(obj): a view of the whole buffer of obj (or a copy of a view's window).
Ref memoryview_new(Value obj);

void init_memoryview_type();

}  // namespace gilpy::rt
