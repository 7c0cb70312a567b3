// stdlib/array_module.cpp: the array module: array.array, a typed sequence of C numbers
// (typecodes b B u h H i I l L q Q f d), its iterator, and array.typecodes.
//
// Layout: `data` holds `allocated` items of the descriptor's itemsize, `size` of them
// live, in the machine's byte order (tobytes/frombytes are a copy). Growing
// over-allocates as CPython's array_resize does; a new array is allocated exactly.
//
// Conversions into an item follow CPython 3.11's setitem functions, each with its messages:
// the integer codes go through __index__ and the C range of the type ("signed char is
// greater than maximum", "unsigned int is greater than maximum", "int too big to
// convert"...), 'f'/'d' through float(), 'u' takes a str of one character. An item is
// converted before anything is stored, so a failed conversion leaves the array unchanged.
//
// The buffer protocol exports the items' bytes (format 'B': runtime/buffer.h views are
// of bytes), so bytes(a), memoryview(a) and the binascii/struct functions read an array.
// While an export is held the array refuses to resize (BufferError "cannot resize an
// array that is exporting buffers").
//
// Only Python code may run in item conversions (__index__, __float__), comparisons and
// the iteration of an argument; the array is re-read after each of them.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "runtime/buffer.h"
#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

struct Descr {
  char code;
  int itemsize;
};

const Descr kDescrs[] = {{'b', 1}, {'B', 1}, {'u', int(sizeof(wchar_t))}, {'h', 2}, {'H', 2}, {'i', 4},
                         {'I', 4}, {'l', int(sizeof(long))}, {'L', int(sizeof(long))}, {'q', 8}, {'Q', 8},
                         {'f', 4}, {'d', 8}};
constexpr char kTypecodes[] = "bBuhHiIlLqQfd";

const Descr* find_descr(char32_t c) {
  for (const Descr& d : kDescrs)
    if (char32_t(d.code) == c) return &d;
  return nullptr;
}

Type ArrayType;
Type ArrayIterType;

struct ArrayObject : Object {
  char* data;          // `allocated` items (mem_alloc), or null
  int64_t size;        // live items
  int64_t allocated;   // items the block holds
  const Descr* descr;
  int64_t exports;     // buffer exports held
};

struct ArrayIterObject : Object {
  ArrayObject* array;  // owned; null once exhausted
  int64_t index;
};

inline bool is_array(Value v) { return v.is_obj() && is_subtype(v.obj()->type, &ArrayType); }
inline ArrayObject* as_array(Value v) { return v.as<ArrayObject>(); }
inline char* item_ptr(ArrayObject* a, int64_t i) { return a->data + i * a->descr->itemsize; }

// ---- storage ------------------------------------------------------------------------------------

void set_block(ArrayObject* a, int64_t allocated) {
  size_t isz = size_t(a->descr->itemsize);
  char* block = allocated ? static_cast<char*>(mem_alloc(size_t(allocated) * isz)) : nullptr;
  if (a->size) std::memcpy(block, a->data, size_t(std::min(a->size, allocated)) * isz);
  if (a->data) mem_free(a->data, size_t(a->allocated) * isz);
  a->data = block;
  a->allocated = allocated;
}

// Sets the size to n items (new ones uninitialised); false with BufferError while
// exported, MemoryError past any allocation.
bool resize(ArrayObject* a, int64_t n) {
  if (a->exports > 0 && n != a->size) {
    raise(&BufferErrorType, "cannot resize an array that is exporting buffers");
    return false;
  }
  if (n > (INT64_MAX / 2) / a->descr->itemsize) {
    raise_no_memory();
    return false;
  }
  if (a->allocated >= n && a->size < n + 16 && a->data) {
    a->size = n;
    return true;
  }
  if (n == 0) {
    set_block(a, 0);
    a->size = 0;
    return true;
  }
  // CPython's growth pattern: 0, 4, 8, 16, 25, 34, 46, 56, 67, 79, ...
  int64_t allocated = (n >> 4) + (a->size < 8 ? 3 : 7) + n;
  set_block(a, allocated);
  a->size = n;
  return true;
}

ArrayObject* array_alloc(Type* type, const Descr* d, int64_t n) {
  auto* a = alloc<ArrayObject>(type, type == &ArrayType ? sizeof(ArrayObject) : type->basic_size);
  a->descr = d;
  if (n > 0) {
    set_block(a, n);
    a->size = n;
  }
  return a;
}

// ---- items --------------------------------------------------------------------------------------

Ref get_item_value(const Descr* d, const char* p) {
  switch (d->code) {
    case 'b': return make_int(*reinterpret_cast<const signed char*>(p));
    case 'B': return make_int(*reinterpret_cast<const unsigned char*>(p));
    case 'u': {
      wchar_t c;
      std::memcpy(&c, p, sizeof c);
      return str_from_char(char32_t(c)).into_ref();
    }
    case 'h': { int16_t v; std::memcpy(&v, p, 2); return make_int(v); }
    case 'H': { uint16_t v; std::memcpy(&v, p, 2); return make_int(v); }
    case 'i': { int32_t v; std::memcpy(&v, p, 4); return make_int(v); }
    case 'I': { uint32_t v; std::memcpy(&v, p, 4); return make_int(int64_t(v)); }
    case 'l': { long v; std::memcpy(&v, p, sizeof v); return make_int(int64_t(v)); }
    case 'L': { unsigned long v; std::memcpy(&v, p, sizeof v); return make_int_u64(uint64_t(v)); }
    case 'q': { int64_t v; std::memcpy(&v, p, 8); return make_int(v); }
    case 'Q': { uint64_t v; std::memcpy(&v, p, 8); return make_int_u64(v); }
    case 'f': { float v; std::memcpy(&v, p, 4); return make_float(double(v)); }
    default: { double v; std::memcpy(&v, p, 8); return make_float(v); }
  }
}

Ref overflow(const char* message) { return raise(&OverflowErrorType, message); }

// v through __index__ as a C long (CPython's PyArg "l"/"h"/"i" converters).
bool as_clong(Value v, int64_t* out) {
  Ref n = index_of(v);
  if (!n) return false;
  auto x = int_as_int64(n.get());
  if (!x) {
    clear_error();
    overflow("Python int too large to convert to C long");
    return false;
  }
  *out = *x;
  return true;
}

// An unsigned conversion: the int, its sign checked with `negative`, then 64 bits with `too_big`.
bool as_cunsigned(Value v, uint64_t* out, const char* negative, const char* too_big) {
  Ref n = index_of(v);
  if (!n) return false;
  if (int_sign(n.get()) < 0) {
    overflow(negative);
    return false;
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(n.get(), z);
  bool fits = mpz_sizeinbase(z, 2) <= 64;
  uint64_t u = 0;
  if (fits) mpz_export(&u, nullptr, -1, sizeof u, 0, 0, z);
  mpz_clear(z);
  if (!fits) {
    overflow(too_big);
    return false;
  }
  *out = u;
  return true;
}

// Converts v and stores it at p; nothing is stored when it fails.
bool set_item_value(const Descr* d, char* p, Value v) {
  switch (d->code) {
    case 'b': case 'B': case 'h': case 'H': case 'i': {
      int64_t x;
      if (!as_clong(v, &x)) return false;
      // The C range checks of PyArg's converters, in their order.
      if (d->code == 'b' || d->code == 'h') {
        if (x < -32768) return bool(overflow("signed short integer is less than minimum"));
        if (x > 32767) return bool(overflow("signed short integer is greater than maximum"));
      }
      if (d->code == 'b') {
        if (x < -128) return bool(overflow("signed char is less than minimum"));
        if (x > 127) return bool(overflow("signed char is greater than maximum"));
        *reinterpret_cast<signed char*>(p) = static_cast<signed char>(x);
      } else if (d->code == 'B') {
        if (x < 0) return bool(overflow("unsigned byte integer is less than minimum"));
        if (x > 255) return bool(overflow("unsigned byte integer is greater than maximum"));
        *reinterpret_cast<unsigned char*>(p) = static_cast<unsigned char>(x);
      } else if (d->code == 'h') {
        int16_t s = int16_t(x);
        std::memcpy(p, &s, 2);
      } else {
        if (x < INT32_MIN) return bool(overflow("signed integer is less than minimum"));
        if (x > INT32_MAX) return bool(overflow("signed integer is greater than maximum"));
        if (d->code == 'H') {
          if (x < 0) return bool(overflow("unsigned short is less than minimum"));
          if (x > 65535) return bool(overflow("unsigned short is greater than maximum"));
          uint16_t s = uint16_t(x);
          std::memcpy(p, &s, 2);
        } else {
          int32_t s = int32_t(x);
          std::memcpy(p, &s, 4);
        }
      }
      return true;
    }
    case 'l': {
      int64_t x;
      if (!as_clong(v, &x)) return false;
      long s = long(x);
      std::memcpy(p, &s, sizeof s);
      return true;
    }
    case 'q': {
      Ref n = index_of(v);
      if (!n) return false;
      auto x = int_as_int64(n.get());
      if (!x) {
        clear_error();
        return bool(overflow("int too big to convert"));
      }
      std::memcpy(p, &*x, 8);
      return true;
    }
    case 'I': case 'L': {
      uint64_t x;
      if (!as_cunsigned(v, &x, "can't convert negative value to unsigned int",
                        "Python int too large to convert to C unsigned long"))
        return false;
      if (d->code == 'I') {
        if (x > UINT32_MAX) return bool(overflow("unsigned int is greater than maximum"));
        uint32_t s = uint32_t(x);
        std::memcpy(p, &s, 4);
      } else {
        unsigned long s = static_cast<unsigned long>(x);
        std::memcpy(p, &s, sizeof s);
      }
      return true;
    }
    case 'Q': {
      uint64_t x;
      if (!as_cunsigned(v, &x, "can't convert negative int to unsigned", "int too big to convert")) return false;
      std::memcpy(p, &x, 8);
      return true;
    }
    case 'f': case 'd': {
      double x;
      if (!as_double(v, &x)) return false;
      if (d->code == 'f') {
        float f = float(x);
        std::memcpy(p, &f, 4);
      } else {
        std::memcpy(p, &x, 8);
      }
      return true;
    }
    default: {  // 'u'
      if (!is_str(v) || v.as<Str>()->length != 1) {
        raise(&TypeErrorType, "array item must be unicode character");
        return false;
      }
      wchar_t c = wchar_t(v.as<Str>()->at(0));
      std::memcpy(p, &c, sizeof c);
      return true;
    }
  }
}

// Appends one converted item (the array is unchanged on failure).
bool append_value(ArrayObject* a, Value v) {
  char tmp[16];
  if (!set_item_value(a->descr, tmp, v)) return false;
  if (!resize(a, a->size + 1)) return false;
  std::memcpy(item_ptr(a, a->size - 1), tmp, size_t(a->descr->itemsize));
  return true;
}

// ---- bulk operations ----------------------------------------------------------------------------

bool append_bytes(ArrayObject* a, const uint8_t* data, int64_t n) {
  int isz = a->descr->itemsize;
  if (n % isz != 0) {
    raise(&ValueErrorType, "bytes length not a multiple of item size");
    return false;
  }
  int64_t old = a->size;
  if (!resize(a, old + n / isz)) return false;
  if (n) std::memcpy(item_ptr(a, old), data, size_t(n));
  return true;
}

bool frombytes_value(ArrayObject* a, Value data) {
  Buffer b;
  if (!buffer_get(data, &b)) return false;
  if (b.owner() == Value::from_obj(a)) {  // a.frombytes(a): read a copy
    std::string copy(b.view());
    b.release();
    return append_bytes(a, reinterpret_cast<const uint8_t*>(copy.data()), int64_t(copy.size()));
  }
  // Copy out first: resizing a frees the block an export of `data` might share.
  std::string copy(b.view());
  b.release();
  return append_bytes(a, reinterpret_cast<const uint8_t*>(copy.data()), int64_t(copy.size()));
}

bool fromunicode_text(ArrayObject* a, Str* s) {
  int64_t old = a->size;
  if (!resize(a, old + s->length)) return false;
  for (int64_t i = 0; i < s->length; i++) {
    wchar_t c = wchar_t(s->at(i));
    std::memcpy(item_ptr(a, old + i), &c, sizeof c);
  }
  return true;
}

// Appends another array's items: the same typecode only.
bool extend_with_array(ArrayObject* a, ArrayObject* b) {
  if (a->descr != b->descr) {
    raise(&TypeErrorType, "can only extend with array of same kind");
    return false;
  }
  int64_t n = b->size, old = a->size;
  if (!resize(a, old + n)) return false;
  if (n) std::memmove(item_ptr(a, old), b->data, size_t(n) * size_t(a->descr->itemsize));
  return true;
}

// a.extend(iterable): an array must be of the same kind; array(code, iterable) converts
// the items of an array of another kind (`any_array`).
bool extend_iterable(ArrayObject* a, Value iterable, bool any_array = false) {
  if (is_array(iterable) && !any_array) return extend_with_array(a, as_array(iterable));
  Ref it = get_iter(iterable);
  if (!it) return false;
  for (;;) {
    Ref item = iter_next(it.get());
    if (!item) return !error_pending();
    if (!append_value(a, item.get())) return false;
  }
}

Ref new_array_from(ArrayObject* like, const char* data, int64_t n) {
  ArrayObject* r = array_alloc(&ArrayType, like->descr, n);
  if (n) std::memcpy(r->data, data, size_t(n) * size_t(like->descr->itemsize));
  return Ref::steal(r);
}

// ---- construction -------------------------------------------------------------------------------

// array(typecode[, initializer]).
Ref array_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type == &ArrayType && kwnames && kwnames->size) return raise(&TypeErrorType, "array.array() takes no keyword arguments");
  if (nargs < 1) return raisef(&TypeErrorType, "array() takes at least 1 argument (%zu given)", nargs);
  if (nargs > 2) return raisef(&TypeErrorType, "array() takes at most 2 arguments (%zu given)", nargs);
  Value code = args[0];
  if (!is_str(code) || code.as<Str>()->length != 1)
    return raisef(&TypeErrorType, "array() argument 1 must be a unicode character, not %s", type_name(code));
  char32_t c = code.as<Str>()->at(0);
  const Descr* d = find_descr(c);
  if (!d) return raise(&ValueErrorType, "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
  Value init = nargs > 1 ? args[1] : Value();
  if (init && is_str(init) && d->code != 'u')
    return raisef(&TypeErrorType, "cannot use a str to initialize an array with typecode '%c'", d->code);
  if (init && is_array(init) && as_array(init)->descr->code == 'u' && d->code != 'u')
    return raisef(&TypeErrorType, "cannot use a unicode array to initialize an array with typecode '%c'", d->code);
  Ref hold = Ref::steal(array_alloc(type, d, 0));
  ArrayObject* a = as_array(hold.get());
  if (!init) return hold;
  bool ok;
  if (is_str(init)) {
    ok = fromunicode_text(a, init.as<Str>());
  } else if (init.is_obj() && (is_subtype(type_of(init), &BytesType) || is_bytearray(init))) {
    ok = frombytes_value(a, init);
  } else if (is_array(init) && as_array(init)->descr == d) {
    ArrayObject* src = as_array(init);  // allocated exactly, as CPython's newarrayobject
    set_block(a, src->size);
    a->size = src->size;
    if (src->size) std::memcpy(a->data, src->data, size_t(src->size) * size_t(d->itemsize));
    ok = true;
  } else if (is_list(init) || is_tuple(init)) {
    // Allocated exactly, then converted item by item into place (an item's __index__ may
    // shrink a list meanwhile: CPython's IndexError then).
    int64_t n = is_list(init) ? init.as<List>()->size : init.as<Tuple>()->size;
    set_block(a, n);
    a->size = n;
    if (n) std::memset(a->data, 0, size_t(n) * size_t(d->itemsize));
    ok = true;
    for (int64_t i = 0; i < n; i++) {
      int64_t now = is_list(init) ? init.as<List>()->size : init.as<Tuple>()->size;
      if (i >= now) {
        raise(&IndexErrorType, "list index out of range");
        ok = false;
        break;
      }
      Ref item = Ref::borrow(is_list(init) ? init.as<List>()->items[i] : init.as<Tuple>()->items[i]);
      if (!set_item_value(d, item_ptr(a, i), item.get())) {
        ok = false;
        break;
      }
    }
  } else {
    ok = extend_iterable(a, init, /*any_array=*/true);
  }
  if (!ok) return nullptr;
  return hold;
}

void array_dealloc(Object* o) {
  auto* a = static_cast<ArrayObject*>(o);
  if (a->data) mem_free(a->data, size_t(a->allocated) * size_t(a->descr->itemsize));
  a->data = nullptr;
  free_object(o);
}

// ---- sequence slots -----------------------------------------------------------------------------

int64_t array_len(Value self) { return as_array(self)->size; }

// The index of a subscript, or -1 with IndexError when out of [0, size).
bool subscript_index(ArrayObject* a, Value key, int64_t* out, const char* range_message) {
  int64_t i;
  if (key.is_small_int()) {
    i = key.small_int();
  } else if (!cont::seq_index(key, &i)) {
    return false;
  }
  if (i < 0) i += a->size;
  if (i < 0 || i >= a->size) {
    raise(&IndexErrorType, range_message);
    return false;
  }
  *out = i;
  return true;
}

bool is_slice(Value v) { return v.is_obj() && v.obj()->type == &SliceType; }

Ref array_getitem(Value self, Value key) {
  ArrayObject* a = as_array(self);
  if (is_slice(key)) {
    int64_t start, stop, step;
    int64_t n = slice_adjust(key.as<Slice>(), a->size, &start, &stop, &step);
    if (n < 0) return nullptr;
    ArrayObject* r = array_alloc(&ArrayType, a->descr, n);
    Ref hold = Ref::steal(r);
    int isz = a->descr->itemsize;
    if (step == 1) {
      if (n) std::memcpy(r->data, item_ptr(a, start), size_t(n) * size_t(isz));
    } else {
      for (int64_t k = 0, i = start; k < n; k++, i += step) std::memcpy(item_ptr(r, k), item_ptr(a, i), size_t(isz));
    }
    return hold;
  }
  if (!cont::has_index(key)) return raise(&TypeErrorType, "array indices must be integers");
  int64_t i;
  if (!subscript_index(a, key, &i, "array index out of range")) return nullptr;
  return get_item_value(a->descr, item_ptr(a, i));
}

// Removes the items [lo, hi).
bool delete_range(ArrayObject* a, int64_t lo, int64_t hi) {
  if (hi <= lo) return true;
  if (a->exports > 0) {
    raise(&BufferErrorType, "cannot resize an array that is exporting buffers");
    return false;
  }
  int isz = a->descr->itemsize;
  std::memmove(item_ptr(a, lo), item_ptr(a, hi), size_t(a->size - hi) * size_t(isz));
  return resize(a, a->size - (hi - lo));
}

// a[start:stop:step] = v (an array of the same kind) or del a[...] (v null), as CPython's
// array_ass_subscr: a simple slice may change the size; an extended one takes an array of
// its own size, or an empty one, which deletes the items it selects.
int assign_slice(ArrayObject* a, Slice* s, Value v) {
  int64_t start, stop, step;
  int64_t n = slice_adjust(s, a->size, &start, &stop, &step);
  if (n < 0) return -1;
  const size_t isz = size_t(a->descr->itemsize);
  Ref other;  // the source array; a copy when it is `a` itself
  if (v) {
    if (!is_array(v)) {
      raisef(&TypeErrorType, "can only assign array (not \"%s\") to array slice", type_name(v));
      return -1;
    }
    if (as_array(v)->descr != a->descr) {
      raise(&TypeErrorType, "bad argument type for built-in operation");
      return -1;
    }
    other = v == Value::from_obj(a) ? new_array_from(a, a->data, a->size) : Ref::borrow(v);
  }
  int64_t needed = other ? as_array(other.get())->size : 0;
  if ((step > 0 && stop < start) || (step < 0 && stop > start)) stop = start;  // a[2:1] = ... inserts at 2
  if ((needed == 0 || n != needed) && a->exports > 0) {
    raise(&BufferErrorType, "cannot resize an array that is exporting buffers");
    return -1;
  }
  if (step == 1) {
    int64_t old = a->size;
    if (n > needed) {
      std::memmove(item_ptr(a, start + needed), item_ptr(a, stop), size_t(old - stop) * isz);
      if (!resize(a, old + needed - n)) return -1;
    } else if (n < needed) {
      if (!resize(a, old + needed - n)) return -1;
      std::memmove(item_ptr(a, start + needed), item_ptr(a, stop), size_t(old - stop) * isz);
    }
    if (needed) std::memcpy(item_ptr(a, start), as_array(other.get())->data, size_t(needed) * isz);
    return 0;
  }
  if (needed == 0) {
    if (n == 0) return 0;
    if (step < 0) {  // the same items, walked upwards
      start += step * (n - 1);
      step = -step;
    }
    int64_t w = start;
    for (int64_t i = start, k = 0; i < a->size; i++) {
      if (k < n && i == start + k * step) {
        k++;
        continue;
      }
      std::memmove(item_ptr(a, w), item_ptr(a, i), isz);
      w++;
    }
    return resize(a, w) ? 0 : -1;
  }
  if (needed != n) {
    raisef(&ValueErrorType, "attempt to assign array of size %lld to extended slice of size %lld", (long long)needed,
           (long long)n);
    return -1;
  }
  ArrayObject* src = as_array(other.get());
  for (int64_t k = 0, i = start; k < n; k++, i += step) std::memcpy(item_ptr(a, i), item_ptr(src, k), isz);
  return 0;
}

int array_setitem(Value self, Value key, Value v) {
  ArrayObject* a = as_array(self);
  if (is_slice(key)) return assign_slice(a, key.as<Slice>(), v);
  if (!cont::has_index(key)) {
    raise(&TypeErrorType, "array indices must be integers");
    return -1;
  }
  int64_t i;
  if (!subscript_index(a, key, &i, "array assignment index out of range")) return -1;
  if (!v) return delete_range(a, i, i + 1) ? 0 : -1;
  char tmp[16];
  if (!set_item_value(a->descr, tmp, v)) return -1;
  if (i >= a->size) {  // __index__ or __float__ shrank the array meanwhile
    raise(&IndexErrorType, "array assignment index out of range");
    return -1;
  }
  std::memcpy(item_ptr(a, i), tmp, size_t(a->descr->itemsize));
  return 0;
}

int array_contains(Value self, Value item) {
  ArrayObject* a = as_array(self);
  for (int64_t i = 0; i < a->size; i++) {
    Ref x = get_item_value(a->descr, item_ptr(a, i));
    int cmp = rich_compare_bool(x.get(), item, CompareOp::Eq);
    if (cmp != 0) return cmp;
  }
  return 0;
}

Ref array_repr(Value self) {
  ArrayObject* a = as_array(self);
  std::string_view full(type_of(self)->name);
  size_t dot = full.rfind('.');
  std::string out(dot == std::string_view::npos ? full : full.substr(dot + 1));
  out += "('";
  out += a->descr->code;
  out += '\'';
  if (a->size == 0) return new_str(out + ")");
  out += ", ";
  Ref items;
  if (a->descr->code == 'u') {
    std::u32string text(size_t(a->size), U'\0');
    for (int64_t i = 0; i < a->size; i++) {
      wchar_t c;
      std::memcpy(&c, item_ptr(a, i), sizeof c);
      text[size_t(i)] = char32_t(c);
    }
    Own<Str> s = str_from_ucs4(text.data(), int64_t(text.size()));
    items = repr(s.value());
  } else {
    Own<List> l = list_new(a->size);
    for (int64_t i = 0; i < a->size; i++) l->items[i] = get_item_value(a->descr, item_ptr(a, i)).release();
    items = repr(l.value());
  }
  if (!items) return nullptr;
  out += utf8_of(items.get());
  out += ')';
  return new_str(out);
}

// Arrays compare as sequences of their items (NotImplemented for anything else).
Ref array_richcompare(Value v, Value w, CompareOp op) {
  if (!is_array(v) || !is_array(w)) return Ref::borrow(not_implemented());
  ArrayObject* a = as_array(v);
  ArrayObject* b = as_array(w);
  if ((op == CompareOp::Eq || op == CompareOp::Ne) && a->size != b->size) return Ref::boolean(op == CompareOp::Ne);
  int64_t i = 0;
  for (; i < a->size && i < b->size; i++) {
    Ref x = get_item_value(a->descr, item_ptr(a, i));
    Ref y = get_item_value(b->descr, item_ptr(b, i));
    int eq = rich_compare_bool(x.get(), y.get(), CompareOp::Eq);
    if (eq < 0) return nullptr;
    if (!eq) {
      if (op == CompareOp::Eq) return Ref::boolean(false);
      if (op == CompareOp::Ne) return Ref::boolean(true);
      return rich_compare(x.get(), y.get(), op);
    }
  }
  int64_t vs = a->size, ws = b->size;
  bool r = false;
  switch (op) {
    case CompareOp::Lt: r = vs < ws; break;
    case CompareOp::Le: r = vs <= ws; break;
    case CompareOp::Eq: r = vs == ws; break;
    case CompareOp::Ne: r = vs != ws; break;
    case CompareOp::Gt: r = vs > ws; break;
    case CompareOp::Ge: r = vs >= ws; break;
  }
  return Ref::boolean(r);
}

// ---- operators ----------------------------------------------------------------------------------

Ref array_concat(Value a, Value b) {
  if (!is_array(a)) return Ref::borrow(not_implemented());
  if (!is_array(b)) {
    Type* tb = type_of(b);
    BinaryFn other = tb->number ? tb->number->binary[int(BinOp::Add)] : nullptr;
    if (other && other != array_concat) {
      Ref r = other(a, b);
      if (!r || !is_not_implemented(r.get())) return r;
    }
    return raisef(&TypeErrorType, "can only append array (not \"%s\") to array", tb->name);
  }
  ArrayObject* x = as_array(a);
  ArrayObject* y = as_array(b);
  if (x->descr != y->descr) return raise(&TypeErrorType, "bad argument type for built-in operation");
  if (x->size > INT64_MAX / 16 - y->size) return raise_no_memory();
  ArrayObject* r = array_alloc(&ArrayType, x->descr, x->size + y->size);
  Ref hold = Ref::steal(r);
  size_t isz = size_t(x->descr->itemsize);
  if (x->size) std::memcpy(r->data, x->data, size_t(x->size) * isz);
  if (y->size) std::memcpy(item_ptr(r, x->size), y->data, size_t(y->size) * isz);
  return hold;
}

Ref array_inplace_concat(Value a, Value b) {
  if (!is_array(a)) return Ref::borrow(not_implemented());
  if (!is_array(b))
    return raisef(&TypeErrorType, "can only extend array with array (not \"%s\")", type_name(b));
  if (!extend_with_array(as_array(a), as_array(b))) return nullptr;
  return Ref::borrow(a);
}

bool repeat_count(Value count, int64_t* n) {
  if (!cont::seq_index(count, n)) {
    if (error_matches(&IndexErrorType)) {
      clear_error();
      raise(&OverflowErrorType, "cannot fit 'int' into an index-sized integer");
    }
    return false;
  }
  return true;
}

Ref repeat_into(ArrayObject* src, int64_t n, ArrayObject* dst) {
  int64_t size = src->size;
  if (n < 0) n = 0;
  if (size && n > (INT64_MAX / 16) / size) return raise_no_memory();
  std::string pattern(src->data ? src->data : "", size_t(size) * size_t(src->descr->itemsize));
  if (!resize(dst, size * n)) return nullptr;
  for (int64_t k = 0; k < n; k++)
    if (!pattern.empty()) std::memcpy(item_ptr(dst, k * size), pattern.data(), pattern.size());
  return Ref::borrow(dst);
}

Ref array_repeat(Value a, Value b) {
  Value seq = a, count = b;
  if (!is_array(a)) {
    if (!cont::has_index(a)) {
      if (cont::is_builtin_sequence(a)) return Ref::borrow(not_implemented());
      return cont::raise_cant_multiply(a);
    }
    seq = b;
    count = a;
  } else if (!cont::has_index(b)) {
    Type* tb = type_of(b);
    BinaryFn other = tb->number ? tb->number->binary[int(BinOp::Mul)] : nullptr;
    if (other && other != array_repeat) {
      Ref r = other(a, b);
      if (!r || !is_not_implemented(r.get())) return r;
    }
    return cont::raise_cant_multiply(b);
  }
  int64_t n;
  if (!repeat_count(count, &n)) return nullptr;
  ArrayObject* src = as_array(seq);
  if (n < 0) n = 0;
  if (src->size && n > (INT64_MAX / 16) / src->size) return raise_no_memory();
  ArrayObject* r = array_alloc(&ArrayType, src->descr, src->size * n);  // exact, as CPython's
  Ref result = Ref::steal(r);
  size_t chunk = size_t(src->size) * size_t(src->descr->itemsize);
  for (int64_t k = 0; k < n && chunk; k++) std::memcpy(item_ptr(r, k * src->size), src->data, chunk);
  return result;
}

Ref array_inplace_repeat(Value a, Value b) {
  if (!is_array(a)) return Ref::borrow(not_implemented());
  if (!cont::has_index(b)) return cont::raise_cant_multiply(b);
  int64_t n;
  if (!repeat_count(b, &n)) return nullptr;
  ArrayObject* x = as_array(a);
  if (n == 1) return Ref::borrow(a);
  return repeat_into(x, n, x);
}

// ---- buffer export ------------------------------------------------------------------------------

bool array_getbuffer(Value self, Buffer* view, int) {
  ArrayObject* a = as_array(self);
  static uint8_t empty = 0;
  view->data = a->data ? reinterpret_cast<uint8_t*>(a->data) : &empty;
  view->len = a->size * a->descr->itemsize;
  view->readonly = false;
  a->exports++;
  return true;
}

void array_releasebuffer(Value self, Buffer*) { as_array(self)->exports--; }

const BufferSlots array_buffer = {array_getbuffer, array_releasebuffer};

// ---- methods ------------------------------------------------------------------------------------

Ref m_append(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.append", nargs, kwnames)) return nullptr;
  if (!append_value(as_array(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_extend(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.extend", nargs, kwnames)) return nullptr;
  if (!extend_iterable(as_array(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_insert(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("array.insert", kwnames) || !cont::check_positional("insert", nargs, 2, 2)) return nullptr;
  auto where = clinic_ssize_arg(args[0]);
  if (!where) return nullptr;
  ArrayObject* a = as_array(self);
  char tmp[16];
  if (!set_item_value(a->descr, tmp, args[1])) return nullptr;
  int64_t n = a->size, i = *where;
  if (i < 0) {
    i += n;
    if (i < 0) i = 0;
  }
  if (i > n) i = n;
  if (!resize(a, n + 1)) return nullptr;
  size_t isz = size_t(a->descr->itemsize);
  std::memmove(item_ptr(a, i + 1), item_ptr(a, i), size_t(n - i) * isz);
  std::memcpy(item_ptr(a, i), tmp, isz);
  return Ref::none();
}

Ref m_pop(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("array.pop", kwnames) || !cont::check_positional("pop", nargs, 0, 1)) return nullptr;
  int64_t i = -1;
  if (nargs) {
    auto v = clinic_ssize_arg(args[0]);
    if (!v) return nullptr;
    i = *v;
  }
  ArrayObject* a = as_array(self);
  if (a->size == 0) return raise(&IndexErrorType, "pop from empty array");
  if (i < 0) i += a->size;
  if (i < 0 || i >= a->size) return raise(&IndexErrorType, "pop index out of range");
  Ref v = get_item_value(a->descr, item_ptr(a, i));
  if (!delete_range(a, i, i + 1)) return nullptr;
  return v;
}

// The index of the first item equal to v in [start, stop), or -1 (error pending or not).
int64_t find_value(ArrayObject* a, Value v, int64_t start, int64_t stop) {
  for (int64_t i = start; i < stop && i < a->size; i++) {
    Ref x = get_item_value(a->descr, item_ptr(a, i));
    int cmp = rich_compare_bool(x.get(), v, CompareOp::Eq);
    if (cmp < 0) return -1;
    if (cmp > 0) return i;
  }
  return -1;
}

Ref m_remove(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.remove", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  int64_t i = find_value(a, args[0], 0, a->size);
  if (i < 0) {
    if (error_pending()) return nullptr;
    return raise(&ValueErrorType, "array.remove(x): x not in array");
  }
  if (!delete_range(a, i, i + 1)) return nullptr;
  return Ref::none();
}

Ref m_index(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("array.index", kwnames) || !cont::check_positional("index", nargs, 1, 3)) return nullptr;
  ArrayObject* a = as_array(self);
  int64_t start = 0, stop = INT64_MAX;
  if (nargs > 1 && !cont::slice_index_arg(args[1], &start)) return nullptr;
  if (nargs > 2 && !cont::slice_index_arg(args[2], &stop)) return nullptr;
  if (start < 0) {
    start += a->size;
    if (start < 0) start = 0;
  }
  if (stop < 0) {
    stop += a->size;
    if (stop < 0) stop = 0;
  }
  int64_t i = find_value(a, args[0], start, stop);
  if (i < 0) {
    if (error_pending()) return nullptr;
    return raise(&ValueErrorType, "array.index(x): x not in array");
  }
  return make_int(i);
}

Ref m_count(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.count", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  int64_t count = 0;
  for (int64_t i = 0; i < a->size; i++) {
    Ref x = get_item_value(a->descr, item_ptr(a, i));
    int cmp = rich_compare_bool(x.get(), args[0], CompareOp::Eq);
    if (cmp < 0) return nullptr;
    count += cmp;
  }
  return make_int(count);
}

Ref m_reverse(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.reverse", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  size_t isz = size_t(a->descr->itemsize);
  char tmp[16];
  for (int64_t i = 0, j = a->size - 1; i < j; i++, j--) {
    std::memcpy(tmp, item_ptr(a, i), isz);
    std::memcpy(item_ptr(a, i), item_ptr(a, j), isz);
    std::memcpy(item_ptr(a, j), tmp, isz);
  }
  return Ref::none();
}

Ref m_byteswap(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.byteswap", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  int isz = a->descr->itemsize;
  for (int64_t i = 0; i < a->size; i++) std::reverse(item_ptr(a, i), item_ptr(a, i) + isz);
  return Ref::none();
}

Ref m_buffer_info(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.buffer_info", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  return make_tuple(make_int_u64(reinterpret_cast<uint64_t>(a->data)), make_int(a->size));
}

Ref m_tobytes(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.tobytes", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  return bytes_new(std::string_view(a->data ? a->data : "", size_t(a->size) * size_t(a->descr->itemsize))).into_ref();
}

Ref m_frombytes(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.frombytes", nargs, kwnames)) return nullptr;
  if (!frombytes_value(as_array(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_tolist(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.tolist", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  Own<List> l = list_new(a->size);
  for (int64_t i = 0; i < a->size; i++) l->items[i] = get_item_value(a->descr, item_ptr(a, i)).release();
  return l.into_ref();
}

// fromlist(list): all or nothing.
Ref m_fromlist(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.fromlist", nargs, kwnames)) return nullptr;
  if (!is_list(args[0])) return raise(&TypeErrorType, "arg must be list");
  ArrayObject* a = as_array(self);
  int64_t old = a->size;
  List* l = args[0].as<List>();
  for (int64_t i = 0; i < l->size; i++) {
    Ref item = Ref::borrow(l->items[i]);
    if (!append_value(a, item.get())) {
      if (a->size > old) {
        Ref exc = fetch_error();
        resize(a, old);
        restore_error(std::move(exc));
      }
      return nullptr;
    }
  }
  return Ref::none();
}

Ref m_fromunicode(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.fromunicode", nargs, kwnames)) return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "fromunicode() argument must be str, not %s", type_name(args[0]));
  ArrayObject* a = as_array(self);
  if (a->descr->code != 'u') return raise(&ValueErrorType, "fromunicode() may only be called on unicode type arrays");
  if (!fromunicode_text(a, args[0].as<Str>())) return nullptr;
  return Ref::none();
}

Ref m_tounicode(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.tounicode", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  if (a->descr->code != 'u') return raise(&ValueErrorType, "tounicode() may only be called on unicode type arrays");
  std::u32string text(size_t(a->size), U'\0');
  for (int64_t i = 0; i < a->size; i++) {
    wchar_t c;
    std::memcpy(&c, item_ptr(a, i), sizeof c);
    if (uint32_t(c) > 0x10ffff)
      return raisef(&ValueErrorType, "character U+%x is not in range [U+0000; U+10ffff]", unsigned(c));
    text[size_t(i)] = char32_t(c);
  }
  return str_from_ucs4(text.data(), int64_t(text.size())).into_ref();
}

// tofile(f): f.write in blocks of 64 KiB, as CPython.
Ref m_tofile(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.tofile", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  constexpr int64_t kBlock = 64 * 1024;
  int64_t nbytes = a->size * a->descr->itemsize;
  for (int64_t off = 0; off < nbytes; off += kBlock) {
    a = as_array(self);
    int64_t total = a->size * a->descr->itemsize;
    if (off >= total) break;
    int64_t n = std::min(kBlock, total - off);
    Ref chunk = bytes_new(std::string_view(a->data + off, size_t(n))).into_ref();
    Ref r = call_method1(args[0], "write", chunk.get());
    if (!r) return nullptr;
  }
  return Ref::none();
}

Ref m_fromfile(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("array.fromfile", kwnames) || !cont::check_positional("fromfile", nargs, 2, 2)) return nullptr;
  auto n = clinic_ssize_arg(args[1]);
  if (!n) return nullptr;
  if (*n < 0) return raise(&ValueErrorType, "negative count");
  ArrayObject* a = as_array(self);
  int isz = a->descr->itemsize;
  if (*n > INT64_MAX / isz) return raise_no_memory();
  Ref count = make_int(*n * isz);
  Ref data = call_method1(args[0], "read", count.get());
  if (!data) return nullptr;
  if (!is_bytes(data.get())) return raise(&TypeErrorType, "read() didn't return bytes");
  Bytes* b = data.as<Bytes>();
  int64_t whole = b->size / isz * isz;
  if (!append_bytes(a, reinterpret_cast<const uint8_t*>(b->data), whole)) return nullptr;
  if (b->size != *n * isz) return raise(&EOFErrorType, "read() didn't return enough bytes");
  return Ref::none();
}

Ref m_copy(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.__copy__", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  return new_array_from(a, a->data, a->size);
}

Ref m_deepcopy(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.__deepcopy__", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  return new_array_from(a, a->data, a->size);
}

// __reduce_ex__: (type(a), (typecode, items), __dict__ or None), the form CPython uses for
// pickle protocols 0-2 (gilpy uses it for all: the result unpickles the same).
Ref m_reduce_ex(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("array.__reduce_ex__", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  Ref items = m_tolist(self, nullptr, 0, nullptr);
  if (!items) return nullptr;
  char code[2] = {a->descr->code, 0};
  Ref state = getattr_opt(self, intern("__dict__"));
  if (!state && error_pending()) return nullptr;
  if (!state || (is_dict(state.get()) && state.as<Dict>()->used == 0)) state = Ref::none();
  return make_tuple(Ref::borrow(Value::from_obj(type_of(self))), make_tuple(new_str(code), std::move(items)),
                    std::move(state));
}

Ref m_sizeof(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("array.__sizeof__", nargs, kwnames)) return nullptr;
  ArrayObject* a = as_array(self);
  // CPython's sizeof(arrayobject) is 64 bytes on 64-bit builds.
  return make_int(64 + a->allocated * a->descr->itemsize);
}

Ref get_typecode(Value self) {
  char code[2] = {as_array(self)->descr->code, 0};
  return new_str(code);
}

Ref get_itemsize(Value self) { return make_int(as_array(self)->descr->itemsize); }

const MethodDef array_methods[] = {
    {"append", m_append, 0, "Append new value v to the end of the array."},
    {"buffer_info", m_buffer_info, 0,
     "Return a tuple (address, length) giving the current memory address and the length in items of the buffer "
     "used to hold array's contents."},
    {"byteswap", m_byteswap, 0, "Byteswap all items of the array."},
    {"__copy__", m_copy, 0, "Return a copy of the array."},
    {"count", m_count, 0, "Return number of occurrences of v in the array."},
    {"__deepcopy__", m_deepcopy, 0, "Return a copy of the array."},
    {"extend", m_extend, 0, "Append items to the end of the array."},
    {"frombytes", m_frombytes, 0, "Appends items from the string, interpreting it as an array of machine values."},
    {"fromfile", m_fromfile, 0, "Read n objects from the file object f and append them to the end of the array."},
    {"fromlist", m_fromlist, 0, "Append items to array from list."},
    {"fromunicode", m_fromunicode, 0, "Extends this array with data from the unicode string ustr."},
    {"index", m_index, 0, "Return index of first occurrence of v in the array."},
    {"insert", m_insert, 0, "Insert a new item v into the array before position i."},
    {"pop", m_pop, 0, "Return the i-th element and delete it from the array."},
    {"__reduce_ex__", m_reduce_ex, 0, "Return state information for pickling."},
    {"remove", m_remove, 0, "Remove the first occurrence of v in the array."},
    {"reverse", m_reverse, 0, "Reverse the order of the items in the array."},
    {"tobytes", m_tobytes, 0, "Convert the array to an array of machine values and return the bytes representation."},
    {"tofile", m_tofile, 0, "Write all items (as machine values) to the file object f."},
    {"tolist", m_tolist, 0, "Convert array to an ordinary list with the same items."},
    {"tounicode", m_tounicode, 0, "Extends this array with data from the unicode string ustr."},
    {"__sizeof__", m_sizeof, 0, "Size of the array in memory, in bytes."},
    {"__class_getitem__", generic_class_getitem, kMethClass, "See PEP 585"},
    {nullptr, nullptr, 0, nullptr}};

const GetSetDef array_getsets[] = {
    {"typecode", get_typecode, nullptr, "the typecode character used to create the array"},
    {"itemsize", get_itemsize, nullptr, "the size, in bytes, of one array item"},
    {nullptr, nullptr, nullptr, nullptr}};

// ---- iterator -----------------------------------------------------------------------------------

Ref array_iter(Value self) {
  auto* it = alloc<ArrayIterObject>(&ArrayIterType);
  incref(self);
  it->array = as_array(self);
  it->index = 0;
  return Ref::steal(it);
}

Ref arrayiter_next(Value self) {
  auto* it = self.as<ArrayIterObject>();
  ArrayObject* a = it->array;
  if (!a) return nullptr;
  if (it->index < a->size) {
    Ref v = get_item_value(a->descr, item_ptr(a, it->index));
    it->index++;
    return v;
  }
  it->array = nullptr;
  decref(a);
  return nullptr;
}

Ref arrayiter_self(Value self) { return Ref::borrow(self); }

void arrayiter_dealloc(Object* o) {
  gc_untrack(o);
  auto* it = static_cast<ArrayIterObject*>(o);
  ArrayObject* a = it->array;
  it->array = nullptr;
  xdecref(a);
  free_object(o);
}

void arrayiter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* it = static_cast<ArrayIterObject*>(o);
  if (it->array) visit(Value::from_obj(it->array), ctx);
}

NumberSlots array_number;

void init_types() {
  if (ArrayType.flags & kTypeReady) return;
  static_type_init(ArrayType, "array.array", sizeof(ArrayObject), &ObjectType, kTypeBaseType | kTypeMatchSequence);
  ArrayType.new_ = array_new;
  ArrayType.dealloc = array_dealloc;
  ArrayType.repr = array_repr;
  ArrayType.richcompare = array_richcompare;
  ArrayType.iter = array_iter;
  ArrayType.len = array_len;
  ArrayType.getitem = array_getitem;
  ArrayType.setitem = array_setitem;
  ArrayType.contains = array_contains;
  ArrayType.buffer = &array_buffer;
  array_number.binary[int(BinOp::Add)] = array_concat;
  array_number.binary[int(BinOp::Mul)] = array_repeat;
  array_number.inplace[int(BinOp::Add)] = array_inplace_concat;
  array_number.inplace[int(BinOp::Mul)] = array_inplace_repeat;
  ArrayType.number = &array_number;
  ArrayType.methods = array_methods;
  ArrayType.getsets = array_getsets;
  ArrayType.doc =
      "array(typecode [, initializer]) -> array\n\n"
      "Return a new array whose items are restricted by typecode, and\n"
      "initialized from the optional initializer value, which must be a list,\n"
      "a bytes-like object, or iterable over elements of the appropriate type.";
  ready_type(&ArrayType);
  dict_set_str(ArrayType.dict_unfilled, "__hash__", Value::none());  // unhashable, as CPython's
  type_modified(&ArrayType);
  static_type_init(ArrayIterType, "array.arrayiterator", sizeof(ArrayIterObject), &ObjectType,
                   kTypeGc | kTypeDisallowInstantiation);
  ArrayIterType.dealloc = arrayiter_dealloc;
  ArrayIterType.traverse = arrayiter_traverse;
  ArrayIterType.iter = arrayiter_self;
  ArrayIterType.iternext = arrayiter_next;
  ready_type(&ArrayIterType);
}

}  // namespace

Ref create_array_module() {
  init_types();
  Own<Module> m = module_new("array");
  Ref codes = new_str(kTypecodes);
  if (!module_add(m.get(), "array", Value::from_obj(&ArrayType)) ||
      !module_add(m.get(), "ArrayType", Value::from_obj(&ArrayType)) || !module_add(m.get(), "typecodes", codes.get()))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
