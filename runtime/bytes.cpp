// runtime/bytes.cpp: the bytes type: construction (bytes(x) accepts any bytes-like
// object, ints, iterables of ints, str with an encoding, __bytes__), repr, hash, its
// buffer export, iteration. The methods and the slots bytes shares with bytearray
// (search, split, strip, join, +, *, `in`, indexing...) live in runtime/bytes_methods.cpp.
#include "runtime/bytes.h"

#include <cstring>
#include <string>

#include "runtime/abstract.h"
#include "runtime/buffer.h"
#include "runtime/bytes_methods.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"

namespace gilpy::rt {

Type BytesType;
Type BytesIterType;

static Bytes* g_empty_bytes = nullptr;

Own<Bytes> bytes_new_raw(int64_t n) {
  Bytes* b = alloc<Bytes>(&BytesType, var_object_size(sizeof(Bytes) + 1, n, 1));
  b->size = n;
  b->hash = -1;
  b->data[n] = '\0';
  return Own<Bytes>::steal(b);
}

Own<Bytes> bytes_new(std::string_view data) {
  if (data.empty()) {
    if (!g_empty_bytes) {
      g_empty_bytes = bytes_new_raw(0).release();
      g_empty_bytes->refcnt = kImmortal;
    }
    return Own<Bytes>::borrow(g_empty_bytes);
  }
  Own<Bytes> b = bytes_new_raw(int64_t(data.size()));
  std::memcpy(b->data, data.data(), data.size());
  return b;
}

int64_t bytes_hash(Bytes* b) {
  if (b->hash == -1) b->hash = hash_bytes(b->data, size_t(b->size));
  return b->hash;
}

std::string bytes_repr_utf8(const Bytes* b) { return bytes_repr_text(b->view(), false); }


static inline Bytes* B(Value v) { return v.as<Bytes>(); }

// ---------------------------------------------------------------------------------------
// Slots

static Ref bytes_repr_slot(Value self) { return str_from_utf8(bytes_repr_utf8(B(self))).into_ref(); }
static int64_t bytes_hash_slot(Value self) { return bytes_hash(B(self)); }
static int64_t bytes_len_slot(Value self) { return B(self)->size; }

static Ref bytes_richcompare(Value a, Value b, CompareOp op) { return bytes_family_compare(a, b, op, false); }

// bytes exports its (immutable) data: nothing to count, the Buffer's reference keeps it.
static bool bytes_getbuffer(Value self, Buffer* view, int flags) {
  if (flags & kBufferWritable) {
    raise(&BufferErrorType, "Object is not writable.");
    return false;
  }
  view->data = reinterpret_cast<uint8_t*>(B(self)->data);
  view->len = B(self)->size;
  view->readonly = true;
  return true;
}
static const BufferSlots bytes_buffer = {bytes_getbuffer, nullptr};

bool bytes_from_iterable(Value src, const char* range_msg, std::string* out) {
  return for_each(src, [&](Value item) {
    auto v = index_as_int64_clamped(item);
    if (!v) return false;
    if (*v < 0 || *v > 255) {
      raise(&ValueErrorType, range_msg);
      return false;
    }
    out->push_back(char(*v));
    return true;
  });
}

// CPython's PyBytes_FromObject: a copy of a buffer, or the bytes of an iterable of ints.
static Ref bytes_from_buffer_or_ints(Value src) {
  if (is_exact_bytes(src)) return Ref::borrow(src);
  if (is_bytes_like(src)) {
    Buffer b;
    if (!buffer_get(src, &b, kBufferStrided)) return nullptr;
    Own<Bytes> r = bytes_new_raw(b.len);
    buffer_copy(b, reinterpret_cast<uint8_t*>(r->data));
    return r;
  }
  Type* t = type_of(src);
  if (is_str(src) || (!t->iter && !t->getitem))
    return raisef(&TypeErrorType, "cannot convert '%s' object to bytes", type_name(src));
  // As CPython's _PyBytes_FromIterator: sized from the length hint first (bytearray() is
  // not: it runs the iterator).
  int64_t hint = length_hint(src, 64);
  if (hint < 0) return nullptr;
  std::string data;
  data.reserve(size_t(hint));
  if (!bytes_from_iterable(src, "bytes must be in range(0, 256)", &data)) return nullptr;
  return bytes_new(data);
}

// bytes(), bytes(int), bytes(iterable_of_ints), bytes(str, encoding[, errors]),
// bytes(bytes_like), bytes(obj with __bytes__)
static Ref exact_bytes_new(const Value* out);

static Ref bytes_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value out[3] = {Value(), Value(), Value()};
  if (!str_args_kw("bytes", args, nargs, kwnames, {"source", "encoding", "errors"}, out)) return nullptr;
  Ref result = exact_bytes_new(out);
  if (!result || type == &BytesType) return result;
  // A subclass instance: the bytes follow the header as for bytes; its __dict__ lives
  // aside (BytesType.item_size != 0), its other fields after the data.
  Bytes* b = result.as<Bytes>();
  size_t extra = type->basic_size > sizeof(Bytes) ? type->basic_size - sizeof(Bytes) : 0;
  Bytes* r = static_cast<Bytes*>(alloc_object(type, var_object_size(sizeof(Bytes) + 1 + extra, b->size, 1)));
  r->size = b->size;
  r->hash = -1;
  std::memcpy(r->data, b->data, size_t(b->size) + 1);
  return Ref::steal(Value::from_obj(r));
}

static Ref exact_bytes_new(const Value* out) {
  Value src = out[0];
  if (out[1] && !is_str(out[1]))
    return raisef(&TypeErrorType, "bytes() argument 'encoding' must be str, not %s", type_name(out[1]));
  if (out[2] && !is_str(out[2]))
    return raisef(&TypeErrorType, "bytes() argument 'errors' must be str, not %s", type_name(out[2]));
  if (out[1] || out[2]) {
    if (!src || !is_str(src))
      return raise(&TypeErrorType, out[1] ? "encoding without a string argument" : "errors without a string argument");
    if (!out[1]) return raise(&TypeErrorType, "string argument without an encoding");
    return str_encode(src.as<Str>(), str_to_utf8(out[1].as<Str>()),
                      out[2] ? str_to_utf8(out[2].as<Str>()) : std::string("strict"));
  }
  if (!src) return bytes_new("");
  if (is_exact_bytes(src)) return Ref::borrow(src);
  // __bytes__ comes first, as CPython's (a bytes-like class may still define it).
  static Str* dunder_bytes = intern("__bytes__");
  if (src.is_obj() && !type_lookup(type_of(src), dunder_bytes).is_null()) {
    Ref r = call_method0(src, "__bytes__");
    if (!r) return nullptr;
    if (!(r.get().is_obj() && is_subtype(type_of(r.get()), &BytesType)))
      return raisef(&TypeErrorType, "__bytes__ returned non-bytes (type %s)", type_name(r.get()));
    return r;
  }
  if (is_str(src)) return raise(&TypeErrorType, "string argument without an encoding");
  Type* t = type_of(src);
  if (src.is_small_int() || is_int(src) || (t->number && t->number->index)) {
    auto n = index_as_int64(src);
    if (!n) {
      if (error_matches(&OverflowErrorType)) {
        clear_error();
        return raisef(&OverflowErrorType, "cannot fit '%s' into an index-sized integer", type_name(src));
      }
      if (!error_matches(&TypeErrorType)) return nullptr;
      clear_error();  // an __index__ that refuses: try the other conversions
    } else {
      if (*n < 0) return raise(&ValueErrorType, "negative count");
      // CPython's PyBytes_FromStringAndSize: past ssize_t with the header, OverflowError;
      // short of that but beyond memory, MemoryError (from bytes_new_raw).
      if (*n > INT64_MAX - int64_t(sizeof(Bytes))) return raise(&OverflowErrorType, "byte string is too large");
      Own<Bytes> r = bytes_new_raw(*n);
      std::memset(r->data, 0, size_t(*n));
      return r;
    }
  }
  return bytes_from_buffer_or_ints(src);
}

Ref bytes_from_object(Value v) {
  if (is_exact_bytes(v)) return Ref::borrow(v);
  static Str* dunder_bytes = intern("__bytes__");
  if (v.is_obj() && !type_lookup(type_of(v), dunder_bytes).is_null()) {
    Ref r = call_method0(v, "__bytes__");
    if (!r) return nullptr;
    if (!(r.get().is_obj() && is_subtype(type_of(r.get()), &BytesType)))
      return raisef(&TypeErrorType, "__bytes__ returned non-bytes (type %s)", type_name(r.get()));
    return r;
  }
  return bytes_from_buffer_or_ints(v);
}

static void bytes_dealloc(Object* o) { free_object(o); }

// ---------------------------------------------------------------------------------------
// Methods of bytes alone (the shared ones are in bytes_methods.cpp)

static Ref bytes_bytes_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_no_kwargs("__bytes__", kw) || !check_nargs("__bytes__", nargs, 0, 0)) return nullptr;
  if (self.obj()->type == &BytesType) return Ref::borrow(self);
  return bytes_new(B(self)->view()).into_ref();
}

static Ref bytes_getnewargs_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_no_kwargs("__getnewargs__", kw) || !check_nargs("__getnewargs__", nargs, 0, 0)) return nullptr;
  Own<Bytes> copy = bytes_new(B(self)->view());
  return tuple_from({copy.value()}).into_ref();
}

static Ref bytes_maketrans_m(Value, const Value* args, size_t nargs, Tuple* kw) {
  return bytes_maketrans("bytes", args, nargs, kw);
}

static const MethodDef bytes_own_methods[] = {
    {"__bytes__", bytes_bytes_m, 0, "Convert this value to exact type bytes."},
    {"__getnewargs__", bytes_getnewargs_m, 0, nullptr},
    {"maketrans", bytes_maketrans_m, kMethStatic,
     "Return a translation table useable for the bytes or bytearray translate method."},
    {nullptr, nullptr, 0, nullptr}};

// ---------------------------------------------------------------------------------------
// Iterator

struct BytesIter : Object {
  Bytes* bytes;  // owned; null when exhausted
  int64_t index;
};

static Ref bytes_iter(Value self) {
  BytesIter* it = alloc<BytesIter>(&BytesIterType);
  incref(self);
  it->bytes = B(self);
  it->index = 0;
  return Ref::steal(Value::from_obj(it));
}

static Ref bytes_iter_next(Value self) {
  BytesIter* it = self.as<BytesIter>();
  Bytes* b = it->bytes;
  if (!b) return nullptr;
  if (it->index < b->size) return Ref::steal(Value::small_int(uint8_t(b->data[it->index++])));
  it->bytes = nullptr;
  decref(b);
  return nullptr;
}

static Ref bytes_iter_self(Value self) { return Ref::borrow(self); }

static void bytes_iter_dealloc(Object* o) {
  xdecref(static_cast<BytesIter*>(o)->bytes);
  free_object(o);
}

static NumberSlots bytes_number;

void init_bytes_type() {
  static_type_init(BytesType, "bytes", sizeof(Bytes), &ObjectType, kTypeBaseType | kTypeBytesSubclass);
  BytesType.item_size = 1;
  BytesType.dealloc = bytes_dealloc;
  BytesType.repr = bytes_repr_slot;
  BytesType.str = bytes_repr_slot;
  BytesType.hash = bytes_hash_slot;
  BytesType.richcompare = bytes_richcompare;
  BytesType.len = bytes_len_slot;
  BytesType.getitem = bytes_family_getitem;
  BytesType.contains = bytes_family_contains;
  BytesType.buffer = &bytes_buffer;
  BytesType.iter = bytes_iter;
  BytesType.new_ = bytes_new_slot;
  bytes_number.binary[int(BinOp::Add)] = bytes_family_concat;
  bytes_number.binary[int(BinOp::Mul)] = bytes_family_repeat;
  bytes_number.binary[int(BinOp::Mod)] = bytes_family_mod;
  BytesType.number = &bytes_number;
  static const MethodDef* methods = bytes_methods_with(bytes_own_methods);
  BytesType.methods = methods;
  BytesType.doc = "bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\n"
                  "bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n"
                  "bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n"
                  "bytes() -> empty bytes object";
  ready_type(&BytesType);

  static_type_init(BytesIterType, "bytes_iterator", sizeof(BytesIter), &ObjectType, 0);
  BytesIterType.dealloc = bytes_iter_dealloc;
  BytesIterType.iter = bytes_iter_self;
  BytesIterType.iternext = bytes_iter_next;
  ready_type(&BytesIterType);
}

}  // namespace gilpy::rt
