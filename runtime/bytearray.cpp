// runtime/bytearray.cpp: the bytearray type: storage and resizing (CPython's growth
// policy, and the offset that makes `del b[:n]` O(1)), the export count, construction,
// item and slice assignment and deletion (extended slices too), the mutating methods
// (append, extend, insert, pop, remove, clear, copy, reverse, +=, *=), iteration and
// repr. Every method bytes also has is shared with it (runtime/bytes_methods.cpp).
#include "runtime/bytearray.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "runtime/buffer.h"
#include "runtime/bytes_methods.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/repeat.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type ByteArrayType;
Type ByteArrayIterType;

static ByteArray* BA(Value v) { return v.as<ByteArray>(); }

// ---------------------------------------------------------------------------------------
// Storage

static bool can_resize(ByteArray* b) {
  if (b->exports > 0) {
    raise(&BufferErrorType, "Existing exports of data: object cannot be re-sized");
    return false;
  }
  return true;
}

// CPython's PyByteArray_Resize, policy included (so __alloc__ agrees): shrinking within
// the block is free unless the live part would use under half of it; growing
// over-allocates by 1/8 when the request is near the current block, exactly otherwise.
// A new block always starts the live bytes at offset 0.
bool bytearray_resize(ByteArray* b, int64_t n) {
  if (n == b->size) return true;
  if (!can_resize(b)) return false;
  if (n < 0) {
    raise(&SystemErrorType, "negative bytearray size");
    return false;
  }
  if (n > (INT64_MAX >> 2)) {  // before the growth arithmetic below, which would overflow
    raise_no_memory();
    return false;
  }
  int64_t alloc = b->capacity;
  if (n + b->start + 1 <= alloc) {
    if (n >= alloc / 2) {
      b->size = n;
      b->storage[b->start + n] = '\0';
      return true;
    }
    alloc = n + 1;  // a major downsize: give the memory back
  } else if (double(n) <= double(alloc) * 1.125) {
    alloc = n + (n >> 3) + (n < 9 ? 3 : 6);
  } else {
    alloc = n + 1;
  }
  char* block;
  if (b->start == 0 && b->storage) {
    block = static_cast<char*>(mem_realloc(b->storage, size_t(b->capacity), size_t(alloc)));
  } else {
    block = static_cast<char*>(mem_alloc(size_t(alloc)));
    if (b->storage) {
      std::memcpy(block, b->storage + b->start, size_t(std::min(n, b->size)));
      mem_free(b->storage, size_t(b->capacity));
    }
  }
  b->storage = block;
  b->capacity = alloc;
  b->start = 0;
  b->size = n;
  block[n] = '\0';
  return true;
}

static Own<ByteArray> new_of_type(Type* type) {
  return Own<ByteArray>::steal(static_cast<ByteArray*>(alloc_object(type, type->basic_size)));
}

Own<ByteArray> bytearray_new(std::string_view data) {
  Own<ByteArray> b = new_of_type(&ByteArrayType);
  if (!data.empty()) {
    // CPython's PyByteArray_FromStringAndSize: an exact block plus the NUL.
    b->capacity = int64_t(data.size()) + 1;
    b->storage = static_cast<char*>(mem_alloc(size_t(b->capacity)));
    std::memcpy(b->storage, data.data(), data.size());
    b->storage[data.size()] = '\0';
    b->size = int64_t(data.size());
  }
  return b;
}

// Replaces bytes [lo, hi) with `needed` bytes from src (CPython's
// bytearray_setslice_linear). src must not point into b. Deleting a prefix only moves
// `start`.
static bool setslice_linear(ByteArray* b, int64_t lo, int64_t hi, const char* src, int64_t needed) {
  if (hi < lo) hi = lo;
  int64_t avail = hi - lo;
  int64_t growth = needed - avail;
  int64_t old_size = b->size;
  if (growth < 0) {
    if (!can_resize(b)) return false;
    if (lo == 0) {
      // Drop the prefix by advancing the logical start; bytearray_resize then keeps the
      // block unless the live part fell under half of it.
      b->start -= growth;
      if (!bytearray_resize(b, old_size + growth)) {
        b->start += growth;
        return false;
      }
    } else {
      std::memmove(b->data() + lo + needed, b->data() + hi, size_t(old_size - hi));
      if (!bytearray_resize(b, old_size + growth)) return false;
    }
  } else if (growth > 0) {
    if (old_size > INT64_MAX - growth) {
      raise_no_memory();
      return false;
    }
    if (!bytearray_resize(b, old_size + growth)) return false;
    std::memmove(b->data() + lo + needed, b->data() + hi, size_t(old_size - hi));
  }
  if (needed > 0) std::memcpy(b->data() + lo, src, size_t(needed));
  return true;
}

bool bytearray_append_bytes(ByteArray* b, std::string_view data) {
  const char* p = data.data();
  if (b->storage && p >= b->storage && p < b->storage + b->capacity) {
    std::string copy(data);  // b.extend(b): the block may move
    return setslice_linear(b, b->size, b->size, copy.data(), int64_t(copy.size()));
  }
  return setslice_linear(b, b->size, b->size, p, int64_t(data.size()));
}

bool bytearray_delete_prefix(ByteArray* b, int64_t n) { return setslice_linear(b, 0, n, nullptr, 0); }

// ---------------------------------------------------------------------------------------
// Buffer export

static bool bytearray_getbuffer(Value self, Buffer* view, int) {
  ByteArray* b = BA(self);
  view->data = reinterpret_cast<uint8_t*>(b->data());
  view->len = b->size;
  view->readonly = false;
  b->exports++;
  return true;
}
static void bytearray_releasebuffer(Value self, Buffer*) { BA(self)->exports--; }
static const BufferSlots bytearray_buffer = {bytearray_getbuffer, bytearray_releasebuffer};

// ---------------------------------------------------------------------------------------
// Construction

static Ref bytearray_new_slot(Type* type, const Value*, size_t, Tuple*) { return new_of_type(type).into_ref(); }

static bool is_index_like(Value v) {
  if (v.is_small_int() || is_int(v)) return true;
  Type* t = type_of(v);
  return t->number && t->number->index;
}

static bool append_byte(ByteArray* b, uint8_t c) {
  if (!bytearray_resize(b, b->size + 1)) return false;
  b->data()[b->size - 1] = char(c);
  return true;
}

// Fills b (empty) from an iterable of ints, as bytearray(iterable) does: exact lists and
// tuples of exact ints are sized first, anything else appends byte by byte.
static bool fill_from_iterable(ByteArray* b, Value src) {
  if (is_list(src) || is_tuple(src)) {
    bool exact = type_of(src) == &ListType || type_of(src) == &TupleType;
    int64_t n = is_list(src) ? src.as<List>()->size : src.as<Tuple>()->size;
    const Value* items = is_list(src) ? src.as<List>()->items : src.as<Tuple>()->items;
    bool all_ints = exact;
    for (int64_t i = 0; all_ints && i < n; i++) all_ints = is_exact_int(items[i]);
    if (all_ints) {
      if (!bytearray_resize(b, n)) return false;
      for (int64_t i = 0; i < n; i++) {
        uint8_t c;
        if (!byte_value_arg(items[i], &c)) return false;
        b->data()[i] = char(c);
      }
      return true;
    }
  }
  Ref it = get_iter(src);
  if (!it) {
    if (error_matches(&TypeErrorType)) {
      clear_error();
      raisef(&TypeErrorType, "cannot convert '%s' object to bytearray", type_name(src));
    }
    return false;
  }
  for (;;) {
    Ref item = iter_next(it.get());
    if (!item) {
      if (error_pending() && error_matches(&StopIterationType)) clear_error();
      return !error_pending();
    }
    uint8_t c;
    if (!byte_value_arg(item.get(), &c) || !append_byte(b, c)) return false;
  }
}

// bytearray.__init__(source=None, encoding=None, errors=None): resets the contents.
static int bytearray_init_slot(Value self, const Value* args, size_t nargs, Tuple* kw) {
  ByteArray* b = BA(self);
  Value out[3] = {Value(), Value(), Value()};
  if (!str_args_kw("bytearray", args, nargs, kw, {"source", "encoding", "errors"}, out)) return -1;
  if (out[1] && !is_str(out[1])) {
    raisef(&TypeErrorType, "bytearray() argument 'encoding' must be str, not %s", type_name(out[1]));
    return -1;
  }
  if (out[2] && !is_str(out[2])) {
    raisef(&TypeErrorType, "bytearray() argument 'errors' must be str, not %s", type_name(out[2]));
    return -1;
  }
  if (b->size != 0 && !bytearray_resize(b, 0)) return -1;
  Value src = out[0];
  auto without_string = [&]() {
    raise(&TypeErrorType, out[1] ? "encoding without a string argument" : "errors without a string argument");
    return -1;
  };
  if (!src) return (out[1] || out[2]) ? without_string() : 0;
  if (is_str(src)) {
    if (!out[1]) {
      raise(&TypeErrorType, "string argument without an encoding");
      return -1;
    }
    Ref encoded = str_encode(src.as<Str>(), str_to_utf8(out[1].as<Str>()),
                             out[2] ? str_to_utf8(out[2].as<Str>()) : std::string("strict"));
    if (!encoded) return -1;
    return bytearray_append_bytes(b, encoded.as<Bytes>()->view()) ? 0 : -1;
  }
  if (out[1] || out[2]) return without_string();
  if (is_index_like(src)) {
    auto n = index_as_int64(src);
    if (!n) {
      if (error_matches(&OverflowErrorType)) {
        clear_error();
        raisef(&OverflowErrorType, "cannot fit '%s' into an index-sized integer", type_name(src));
        return -1;
      }
      if (!error_matches(&TypeErrorType)) return -1;
      clear_error();  // fall through to the other conversions
    } else {
      if (*n < 0) {
        raise(&ValueErrorType, "negative count");
        return -1;
      }
      if (*n > 0) {
        if (!bytearray_resize(b, *n)) return -1;
        std::memset(b->data(), 0, size_t(*n));
      }
      return 0;
    }
  }
  if (is_bytes_like(src)) {
    Buffer v;
    if (!buffer_get(src, &v, kBufferStrided)) return -1;
    std::string copy = buffer_to_string(v);  // src may be b itself
    v.release();
    return bytearray_append_bytes(b, copy) ? 0 : -1;
  }
  return fill_from_iterable(b, src) ? 0 : -1;
}

static void bytearray_dealloc(Object* o) {
  ByteArray* b = static_cast<ByteArray*>(o);
  if (b->storage) mem_free(b->storage, size_t(b->capacity));
  b->storage = nullptr;
  free_object(o);
}

// ---------------------------------------------------------------------------------------
// Slots

static Ref bytearray_repr_slot(Value self) {
  ByteArray* b = BA(self);
  std::string name = str_to_utf8(type_of(self)->name_obj);
  std::string text = name + "(" + bytes_repr_text(bytearray_view(b), true) + ")";
  return str_from_utf8(text).into_ref();
}

static int64_t bytearray_len_slot(Value self) { return BA(self)->size; }

static Ref bytearray_richcompare(Value a, Value b, CompareOp op) { return bytes_family_compare(a, b, op, true); }

// A number-like or str value cannot be the source of a slice assignment (CPython's
// PyNumber_Check test, before it tries bytearray(values)).
static bool is_number_like(Value v) {
  if (v.is_small_int() || v.is_bool() || is_int(v) || is_float(v)) return true;
  Type* t = type_of(v);
  return t->number && (t->number->index || t->number->to_int || t->number->to_float);
}

static int bytearray_setitem(Value self, Value key, Value values) {
  ByteArray* b = BA(self);
  if (is_index_like(key)) {
    auto i = index_as_int64(key);
    if (!i) {
      if (error_matches(&OverflowErrorType)) {
        clear_error();
        raisef(&IndexErrorType, "cannot fit '%s' into an index-sized integer", type_name(key));
      }
      return -1;
    }
    uint8_t c = 0;
    // The value first: its __index__ may change the size (CPython's gh-91153).
    if (values && !byte_value_arg(values, &c)) return -1;
    int64_t k = *i < 0 ? *i + b->size : *i;
    if (k < 0 || k >= b->size) {
      raise(&IndexErrorType, "bytearray index out of range");
      return -1;
    }
    if (!values) return setslice_linear(b, k, k + 1, nullptr, 0) ? 0 : -1;
    b->data()[k] = char(c);
    return 0;
  }
  if (!(key.is_obj() && key.obj()->type == &SliceType)) {
    raisef(&TypeErrorType, "bytearray indices must be integers or slices, not %s", type_name(key));
    return -1;
  }
  Ref bounds = slice_with_int_bounds(key.as<Slice>());
  if (!bounds) return -1;
  int64_t start, stop, step;
  if (slice_adjust(bounds.as<Slice>(), b->size, &start, &stop, &step) < 0) return -1;
  // The new bytes: an exact bytearray other than self is read in place; anything else is
  // copied first, as bytearray(values) would (and that may run Python code).
  std::string copy;
  const char* src = nullptr;
  int64_t needed = 0;
  if (values) {
    if (type_of(values) == &ByteArrayType && values != self) {
      src = BA(values)->data();
      needed = BA(values)->size;
    } else {
      if (is_number_like(values) || is_str(values)) {
        raise(&TypeErrorType, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        return -1;
      }
      Own<ByteArray> tmp = new_of_type(&ByteArrayType);
      Value arg = values;
      if (bytearray_init_slot(tmp.value(), &arg, 1, nullptr) < 0) return -1;
      copy.assign(bytearray_view(tmp.get()));
      src = copy.data();
      needed = int64_t(copy.size());
    }
  }
  // Converting values may have run Python code that resized self: resolve the slice again.
  int64_t slicelen = slice_adjust(bounds.as<Slice>(), b->size, &start, &stop, &step);
  if (slicelen < 0) return -1;
  if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;  // b[5:2] = x inserts at 5
  if (step == 1) return setslice_linear(b, start, stop, src, needed) ? 0 : -1;
  if (needed == 0) {
    // Deleting an extended slice (CPython deletes for an empty value too).
    if (!can_resize(b)) return -1;
    if (slicelen == 0) return 0;
    if (step < 0) {  // the same items, visited upwards
      start = start + step * (slicelen - 1);
      step = -step;
    }
    char* buf = b->data();
    int64_t w = start, next = start, removed = 0;
    for (int64_t r = start; r < b->size; r++) {
      if (removed < slicelen && r == next) {
        removed++;
        next += step;
        continue;
      }
      buf[w++] = buf[r];
    }
    return bytearray_resize(b, b->size - slicelen) ? 0 : -1;
  }
  if (needed != slicelen) {
    raisef(&ValueErrorType, "attempt to assign bytes of size %lld to extended slice of size %lld",
           (long long)needed, (long long)slicelen);
    return -1;
  }
  char* buf = b->data();
  for (int64_t cur = start, i = 0; i < slicelen; cur += step, i++) buf[cur] = src[i];
  return 0;
}

static Ref bytearray_iadd(Value self, Value other) {
  Buffer v;
  if (!is_bytes_like(other) || !buffer_get(other, &v)) {
    if (error_pending()) clear_error();
    return raisef(&TypeErrorType, "can't concat %s to %s", type_name(other), type_name(self));
  }
  ByteArray* b = BA(self);
  int64_t old = b->size;
  if (!bytearray_resize(b, old + v.len)) return nullptr;
  if (v.len) std::memcpy(b->data() + old, v.data, size_t(v.len));
  return Ref::borrow(self);
}

static Ref bytearray_imul(Value self, Value n) {
  if (!is_index_like(n))
    return raisef(&TypeErrorType, "can't multiply sequence by non-int of type '%s'", type_name(n));
  auto k = index_as_int64(n);
  if (!k) return nullptr;
  ByteArray* b = BA(self);
  int64_t count = *k < 0 ? 0 : *k;
  int64_t len = b->size;
  if (count > 0 && len > INT64_MAX / 8 / count) return raise_no_memory();
  if (!bytearray_resize(b, len * count)) return nullptr;
  repeat_in_place(b->data(), size_t(len), size_t(len * count));
  return Ref::borrow(self);
}

// ---------------------------------------------------------------------------------------
// Methods of bytearray alone

static bool no_kw(const char* name, Tuple* kw) {
  if (kw && kw->size > 0) {
    raisef(&TypeErrorType, "bytearray.%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}
static bool args_none(const char* name, size_t nargs, Tuple* kw) {
  if (!no_kw(name, kw)) return false;
  if (nargs) {
    raisef(&TypeErrorType, "bytearray.%s() takes no arguments (%zu given)", name, nargs);
    return false;
  }
  return true;
}
static bool args_one(const char* name, size_t nargs, Tuple* kw) {
  if (!no_kw(name, kw)) return false;
  if (nargs != 1) {
    raisef(&TypeErrorType, "bytearray.%s() takes exactly one argument (%zu given)", name, nargs);
    return false;
  }
  return true;
}

static Ref m_append(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one("append", nargs, kw)) return nullptr;
  uint8_t c;
  if (!byte_value_arg(args[0], &c) || !append_byte(BA(self), c)) return nullptr;
  return Ref::none();
}

static Ref m_extend(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one("extend", nargs, kw)) return nullptr;
  Value src = args[0];
  ByteArray* b = BA(self);
  if (is_bytes_like(src)) {
    Buffer v;
    if (!buffer_get(src, &v)) {
      clear_error();
      return raisef(&TypeErrorType, "can't set bytearray slice from %s", type_name(src));
    }
    if (src == self) {
      std::string copy(v.view());
      v.release();
      if (!bytearray_append_bytes(b, copy)) return nullptr;
    } else if (!setslice_linear(b, b->size, b->size, reinterpret_cast<const char*>(v.data), v.len)) {
      return nullptr;
    }
    return Ref::none();
  }
  Ref it = get_iter(src);
  if (!it) {
    if (error_matches(&TypeErrorType)) {
      clear_error();
      return raisef(&TypeErrorType, "can't extend bytearray with %s", type_name(src));
    }
    return nullptr;
  }
  std::string items;
  for (;;) {
    Ref item = iter_next(it.get());
    if (!item) {
      if (error_pending() && error_matches(&StopIterationType)) clear_error();
      if (error_pending()) return nullptr;
      break;
    }
    uint8_t c;
    if (!byte_value_arg(item.get(), &c)) return nullptr;
    items.push_back(char(c));
  }
  if (!setslice_linear(b, b->size, b->size, items.data(), int64_t(items.size()))) return nullptr;
  return Ref::none();
}

static Ref m_insert(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("insert", kw) || !check_nargs("insert", nargs, 2, 2)) return nullptr;
  auto index = clinic_ssize_arg(args[0]);
  if (!index) return nullptr;
  uint8_t c;
  if (!byte_value_arg(args[1], &c)) return nullptr;
  ByteArray* b = BA(self);
  int64_t n = b->size;
  int64_t i = *index;
  if (i < 0) i = std::max<int64_t>(0, i + n);
  if (i > n) i = n;
  char byte = char(c);
  if (!setslice_linear(b, i, i, &byte, 1)) return nullptr;
  return Ref::none();
}

static Ref m_pop(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("pop", kw) || !check_nargs("pop", nargs, 0, 1)) return nullptr;
  int64_t i = -1;
  if (nargs == 1) {
    auto k = clinic_ssize_arg(args[0]);
    if (!k) return nullptr;
    i = *k;
  }
  ByteArray* b = BA(self);
  if (b->size == 0) return raise(&IndexErrorType, "pop from empty bytearray");
  if (i < 0) i += b->size;
  if (i < 0 || i >= b->size) return raise(&IndexErrorType, "pop index out of range");
  if (!can_resize(b)) return nullptr;
  uint8_t c = uint8_t(b->data()[i]);
  if (!setslice_linear(b, i, i + 1, nullptr, 0)) return nullptr;
  return Ref::steal(Value::small_int(c));
}

static Ref m_remove(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one("remove", nargs, kw)) return nullptr;
  uint8_t c;
  if (!byte_value_arg(args[0], &c)) return nullptr;
  ByteArray* b = BA(self);
  const void* hit = b->size ? std::memchr(b->data(), c, size_t(b->size)) : nullptr;
  if (!hit) return raise(&ValueErrorType, "value not found in bytearray");
  int64_t i = static_cast<const char*>(hit) - b->data();
  if (!setslice_linear(b, i, i + 1, nullptr, 0)) return nullptr;
  return Ref::none();
}

static Ref m_clear(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!args_none("clear", nargs, kw) || !bytearray_resize(BA(self), 0)) return nullptr;
  return Ref::none();
}

static Ref m_copy(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!args_none("copy", nargs, kw)) return nullptr;
  return bytearray_new(bytearray_view(BA(self))).into_ref();
}

static Ref m_reverse(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!args_none("reverse", nargs, kw)) return nullptr;
  ByteArray* b = BA(self);
  std::reverse(b->data(), b->data() + b->size);
  return Ref::none();
}

static Ref m_alloc(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!args_none("__alloc__", nargs, kw)) return nullptr;
  return Ref::steal(Value::small_int(BA(self)->capacity));
}

// (type(self), args, __dict__ or None): args rebuild the bytes as latin-1 text for the
// old pickle protocols and as bytes from protocol 3 on, as CPython's _common_reduce.
static Ref reduce_common(Value self, int64_t proto) {
  ByteArray* b = BA(self);
  Ref state = getattr_opt(self, intern("__dict__"));
  if (!state) {
    if (error_pending()) return nullptr;
    state = Ref::none();
  }
  Ref args;
  if (b->size == 0) {
    args = Ref::borrow(Value::from_obj(tuple_empty()));
  } else if (proto < 3) {
    Ref text = str_decode(bytearray_view(b), "latin-1", "strict");
    if (!text) return nullptr;
    Ref enc = str_from_ascii("latin-1").into_ref();
    args = tuple_from({text.get(), enc.get()}).into_ref();
  } else {
    Own<Bytes> data = bytes_new(bytearray_view(b));
    args = tuple_from({data.value()}).into_ref();
  }
  return tuple_from({Value::from_obj(type_of(self)), args.get(), state.get()}).into_ref();
}

static Ref m_reduce(Value self, const Value*, size_t nargs, Tuple* kw) {
  if (!args_none("__reduce__", nargs, kw)) return nullptr;
  return reduce_common(self, 2);
}

static Ref m_reduce_ex(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("__reduce_ex__", kw) || !check_nargs("__reduce_ex__", nargs, 0, 1)) return nullptr;
  int64_t proto = 0;
  if (nargs == 1) {
    auto p = clinic_int_arg(args[0]);
    if (!p) return nullptr;
    proto = *p;
  }
  return reduce_common(self, proto);
}

static Ref m_maketrans(Value, const Value* args, size_t nargs, Tuple* kw) {
  return bytes_maketrans("bytearray", args, nargs, kw);
}

static const MethodDef bytearray_own_methods[] = {
    {"__alloc__", m_alloc, 0, "B.__alloc__() -> int\n\nReturn the number of bytes actually allocated."},
    {"__reduce__", m_reduce, 0, "Return state information for pickling."},
    {"__reduce_ex__", m_reduce_ex, 0, "Return state information for pickling."},
    {"append", m_append, 0, "Append a single item to the end of the bytearray."},
    {"clear", m_clear, 0, "Remove all items from the bytearray."},
    {"copy", m_copy, 0, "Return a copy of B."},
    {"extend", m_extend, 0, "Append all the items from the iterator or sequence to the end of the bytearray."},
    {"insert", m_insert, 0, "Insert a single item into the bytearray before the given index."},
    {"maketrans", m_maketrans, kMethStatic,
     "Return a translation table useable for the bytes or bytearray translate method."},
    {"pop", m_pop, 0, "Remove and return a single item from B."},
    {"remove", m_remove, 0, "Remove the first occurrence of a value in the bytearray."},
    {"reverse", m_reverse, 0, "Reverse the order of the values in B in place."},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------------
// Iterator: reads the current contents at each step (the array may change meanwhile).

struct ByteArrayIter : Object {
  ByteArray* array;  // owned; null when exhausted
  int64_t index;
};

static Ref bytearray_iter(Value self) {
  auto* it = alloc<ByteArrayIter>(&ByteArrayIterType);
  incref(self);
  it->array = BA(self);
  it->index = 0;
  return Ref::steal(Value::from_obj(it));
}

static Ref bytearray_iter_next(Value self) {
  auto* it = self.as<ByteArrayIter>();
  ByteArray* b = it->array;
  if (!b) return nullptr;
  if (it->index < b->size) return Ref::steal(Value::small_int(uint8_t(b->data()[it->index++])));
  it->array = nullptr;
  decref(b);
  return nullptr;
}

static Ref bytearray_iter_self(Value self) { return Ref::borrow(self); }

static void bytearray_iter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* it = static_cast<ByteArrayIter*>(o);
  if (it->array) visit(Value::from_obj(it->array), ctx);
}
static void bytearray_iter_clear(Object* o) {
  auto* it = static_cast<ByteArrayIter*>(o);
  ByteArray* b = it->array;
  it->array = nullptr;
  xdecref(b);
}
static void bytearray_iter_dealloc(Object* o) {
  bytearray_iter_clear(o);
  free_object(o);
}

static NumberSlots bytearray_number;

void init_bytearray_type() {
  if (type_has(&ByteArrayType, kTypeReady)) return;
  static_type_init(ByteArrayType, "bytearray", sizeof(ByteArray), &ObjectType, kTypeBaseType);
  ByteArrayType.dealloc = bytearray_dealloc;
  ByteArrayType.repr = bytearray_repr_slot;
  ByteArrayType.str = bytearray_repr_slot;
  ByteArrayType.richcompare = bytearray_richcompare;
  ByteArrayType.len = bytearray_len_slot;
  ByteArrayType.getitem = bytes_family_getitem;
  ByteArrayType.setitem = bytearray_setitem;
  ByteArrayType.contains = bytes_family_contains;
  ByteArrayType.iter = bytearray_iter;
  ByteArrayType.new_ = bytearray_new_slot;
  ByteArrayType.init = bytearray_init_slot;
  ByteArrayType.buffer = &bytearray_buffer;
  bytearray_number.binary[int(BinOp::Add)] = bytes_family_concat;
  bytearray_number.binary[int(BinOp::Mul)] = bytes_family_repeat;
  bytearray_number.binary[int(BinOp::Mod)] = bytes_family_mod;
  bytearray_number.inplace[int(BinOp::Add)] = bytearray_iadd;
  bytearray_number.inplace[int(BinOp::Mul)] = bytearray_imul;
  ByteArrayType.number = &bytearray_number;
  static const MethodDef* methods = bytes_methods_with(bytearray_own_methods);
  ByteArrayType.methods = methods;
  ByteArrayType.doc =
      "bytearray(iterable_of_ints) -> bytearray\n"
      "bytearray(string, encoding[, errors]) -> bytearray\n"
      "bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n"
      "bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n"
      "bytearray() -> empty bytes array\n\n"
      "Construct a mutable bytearray object from:\n"
      "  - an iterable yielding integers in range(256)\n"
      "  - a text string encoded using the specified encoding\n"
      "  - a bytes or a buffer object\n"
      "  - any object implementing the buffer API.\n"
      "  - an integer";
  ready_type(&ByteArrayType);
  // Mutable, so unhashable: bytearray.__hash__ is None, as in CPython (subclasses inherit it).
  dict_set_str(ByteArrayType.dict_unfilled, "__hash__", Value::none());

  static_type_init(ByteArrayIterType, "bytearray_iterator", sizeof(ByteArrayIter), &ObjectType, kTypeGc);
  ByteArrayIterType.dealloc = bytearray_iter_dealloc;
  ByteArrayIterType.traverse = bytearray_iter_traverse;
  ByteArrayIterType.clear = bytearray_iter_clear;
  ByteArrayIterType.iter = bytearray_iter_self;
  ByteArrayIterType.iternext = bytearray_iter_next;
  ready_type(&ByteArrayIterType);
}

}  // namespace gilpy::rt
