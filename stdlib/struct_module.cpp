// stdlib/struct_module.cpp: the _struct module under CPython's struct.py: Struct, pack,
// unpack, pack_into, unpack_from, iter_unpack, calcsize and struct.error.
//
// A format compiles once into a Struct: its byte order, its size and one Item per value
// (a repeat count gives as many items; "4s" and "4p" are one item of 4 bytes, "4x" only
// padding). The module-level functions keep the Structs of the formats they saw in a
// dict, as CPython's cache does (cleared when it reaches 100 entries).
//
// Byte orders: '@' (the default) native order, sizes and alignment (each item starts at a
// multiple of its size, as a C compiler lays out a struct on x86-64/AArch64 Linux); '='
// native order with standard sizes; '<' little-endian, '>' and '!' big-endian, both
// standard sizes, no alignment, and no 'n', 'N', 'P'.
//
// Errors follow CPython 3.11 exactly, quirks included: CPython packs '<' and '=' with its
// native routines wherever the sizes agree (b B h H i I q Q e), so their range messages are
// the native ones ("short format requires ..."), while '>' and the 4-byte 'l'/'L' give the
// generic "'h' format requires -32768 <= number <= 32767", and an 8-byte big-endian
// integer out of range is "int too large to convert".
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/buffer.h"
#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

enum class Order : uint8_t { kNative, kLittle, kBig };

struct Item {
  char code;
  int64_t offset;
  int64_t size;  // bytes: the item size, or the count of 's' / 'p'
};

struct StructObject : Object {
  Str* format;   // owned; null before __init__
  int64_t size;  // bytes packed
  int64_t nitems;
  Item* items;   // nitems (mem_alloc), or null
  Order order;
  bool native;   // '@': native sizes and alignment
};

struct UnpackIterObject : Object {
  StructObject* so;  // owned
  Bytes* data;       // owned: a copy of the buffer
  int64_t offset;
};

Type StructType;
Type UnpackIterType;
Type* struct_error_class;  // struct.error (made once and kept, like the static types)

Ref raise_struct_error(std::string_view message) { return raise(struct_error_class, message); }
Ref raise_struct_errorf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
Ref raise_struct_errorf(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return raise_struct_error(buf);
}

inline bool little_endian_host() {
  const uint16_t one = 1;
  return *reinterpret_cast<const uint8_t*>(&one) == 1;
}

// ---- compiling a format -------------------------------------------------------------------------

// The size of one item, 0 for a code the table lacks.
int64_t native_size(char c) {
  switch (c) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': return int64_t(sizeof(long));
    case 'q': case 'Q': case 'd': return 8;
    case 'n': case 'N': return int64_t(sizeof(size_t));
    case 'P': return int64_t(sizeof(void*));
    default: return 0;
  }
}

int64_t standard_size(char c) {
  switch (c) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'l': case 'L': case 'f': return 4;
    case 'q': case 'Q': case 'd': return 8;
    default: return 0;
  }
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Parses `fmt` into so's order, size and items; false with struct.error set.
bool compile_format(StructObject* so, std::string_view fmt) {
  size_t pos = 0;
  Order order = Order::kNative;
  bool native = true;
  if (!fmt.empty()) {
    switch (fmt[0]) {
      case '@': pos = 1; break;
      case '=': order = Order::kNative; native = false; pos = 1; break;
      case '<': order = Order::kLittle; native = false; pos = 1; break;
      case '>': case '!': order = Order::kBig; native = false; pos = 1; break;
      default: break;
    }
  }
  if (order == Order::kNative) order = little_endian_host() ? Order::kLittle : Order::kBig;
  constexpr int64_t kMax = INT64_MAX;
  std::vector<Item> items;
  int64_t size = 0;
  while (pos < fmt.size()) {
    char c = fmt[pos++];
    if (is_space(c)) continue;
    int64_t num = 1;
    if (c >= '0' && c <= '9') {
      num = c - '0';
      for (;;) {
        if (pos >= fmt.size()) {
          raise_struct_error("repeat count given without format specifier");
          return false;
        }
        c = fmt[pos++];
        if (c < '0' || c > '9') break;
        if (num > (kMax - (c - '0')) / 10) {
          raise_struct_error("total struct size too long");
          return false;
        }
        num = num * 10 + (c - '0');
      }
    }
    int64_t isize = native ? native_size(c) : standard_size(c);
    if (isize == 0) {
      raise_struct_error("bad char in struct format");
      return false;
    }
    if (native && isize > 1 && c != 's' && c != 'p' && c != 'x' && size > 0) {
      int64_t extra = (isize - 1) - (size - 1) % isize;
      if (extra > kMax - size) {
        raise_struct_error("total struct size too long");
        return false;
      }
      size += extra;
    }
    if (c == 's' || c == 'p') {
      if (num > kMax - size) {
        raise_struct_error("total struct size too long");
        return false;
      }
      items.push_back({c, size, num});
      size += num;
      continue;
    }
    if (num > (kMax - size) / isize) {
      raise_struct_error("total struct size too long");
      return false;
    }
    if (c != 'x') {
      for (int64_t i = 0; i < num; i++) items.push_back({c, size + i * isize, isize});
    }
    size += num * isize;
  }
  if (so->items) mem_free(so->items, size_t(so->nitems) * sizeof(Item));
  so->items = nullptr;
  so->nitems = int64_t(items.size());
  if (!items.empty()) {
    so->items = static_cast<Item*>(mem_alloc(items.size() * sizeof(Item)));
    std::memcpy(so->items, items.data(), items.size() * sizeof(Item));
  }
  so->size = size;
  so->order = order;
  so->native = native;
  return true;
}

// ---- packing ------------------------------------------------------------------------------------

void store_uint(uint8_t* p, uint64_t x, int64_t n, bool big) {
  for (int64_t i = 0; i < n; i++) {
    uint8_t byte = uint8_t(x >> (8 * i));
    p[big ? n - 1 - i : i] = byte;
  }
}

uint64_t load_uint(const uint8_t* p, int64_t n, bool big) {
  uint64_t x = 0;
  for (int64_t i = 0; i < n; i++) x |= uint64_t(p[big ? n - 1 - i : i]) << (8 * i);
  return x;
}

// CPython's get_pylong: an int, or an object with __index__; else struct.error.
Ref get_pylong(Value v) {
  if (is_int(v)) return Ref::borrow(v);
  if (cont::has_index(v)) return index_of(v);
  return raise_struct_error("required argument is not an integer");
}

// The int value of v as int64 / uint64: false with struct.error "argument out of range"
// (or `too_large` when given) for a value that does not fit.
bool get_signed(Value v, int64_t* out, const char* too_large = "argument out of range") {
  Ref n = get_pylong(v);
  if (!n) return false;
  mpz_t z;
  mpz_init(z);
  int_to_mpz(n.get(), z);
  bool fits = mpz_fits_slong_p(z);
  if (fits) *out = mpz_get_si(z);
  mpz_clear(z);
  if (!fits) raise_struct_error(too_large);
  return fits;
}

bool get_unsigned(Value v, uint64_t* out, const char* too_large = "argument out of range") {
  Ref n = get_pylong(v);
  if (!n) return false;
  mpz_t z;
  mpz_init(z);
  int_to_mpz(n.get(), z);
  bool fits = mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
  if (fits) {
    uint64_t u = 0;
    mpz_export(&u, nullptr, -1, sizeof u, 0, 0, z);
    *out = u;
  }
  mpz_clear(z);
  if (!fits) raise_struct_error(too_large);
  return fits;
}

bool range_error(char code, int64_t size, bool is_unsigned) {
  uint64_t ulargest = ~uint64_t(0) >> ((8 - size) * 8);
  if (is_unsigned) {
    raise_struct_errorf("'%c' format requires 0 <= number <= %llu", code, (unsigned long long)ulargest);
  } else {
    int64_t largest = int64_t(ulargest >> 1);
    raise_struct_errorf("'%c' format requires %lld <= number <= %lld", code, (long long)~largest, (long long)largest);
  }
  return false;
}

// Packs an integer code (see the top of the file for the messages).
bool pack_integer(const StructObject* so, const Item& it, Value v, uint8_t* p) {
  bool big = so->order == Order::kBig;
  char c = it.code;
  int64_t n = it.size;
  // CPython's native routines: '@', and '<' / '=' where the sizes agree.
  bool native_routine = so->native || (!big && n == native_size(c));
  if (c == 'b' || c == 'B' || ((c == 'h' || c == 'H') && native_routine)) {
    int64_t x;
    if (!get_signed(v, &x)) return false;
    static const struct { char code; int64_t lo, hi; const char* msg; } kChecks[] = {
        {'b', -128, 127, "byte format requires -128 <= number <= 127"},
        {'B', 0, 255, "ubyte format requires 0 <= number <= 255"},
        {'h', -32768, 32767, "short format requires -32768 <= number <= 32767"},
        {'H', 0, 65535, "ushort format requires 0 <= number <= 65535"}};
    for (const auto& check : kChecks) {
      if (check.code == c && (x < check.lo || x > check.hi)) {
        raise_struct_error(check.msg);
        return false;
      }
    }
    store_uint(p, uint64_t(x), n, big);
    return true;
  }
  bool is_unsigned = c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N' || c == 'P';
  if (c == 'P') {
    // PyLong_AsVoidPtr: a negative int as a signed word, else an unsigned one.
    Ref num = get_pylong(v);
    if (!num) return false;
    if (int_sign(num.get()) < 0) {
      int64_t x;
      if (!get_signed(num.get(), &x, "int too large to convert")) return false;
      store_uint(p, uint64_t(x), n, big);
    } else {
      uint64_t x;
      if (!get_unsigned(num.get(), &x, "int too large to convert")) return false;
      store_uint(p, x, n, big);
    }
    return true;
  }
  const char* too_large = big && n == 8 ? "int too large to convert" : "argument out of range";
  if (is_unsigned) {
    uint64_t x;
    if (!get_unsigned(v, &x, too_large)) return false;
    if (n < 8 && x >= (uint64_t(1) << (8 * n))) return range_error(c, n, true);
    store_uint(p, x, n, big);
  } else {
    int64_t x;
    if (!get_signed(v, &x, too_large)) return false;
    if (n < 8) {
      int64_t hi = (int64_t(1) << (8 * n - 1)) - 1;
      if (x > hi || x < -hi - 1) return range_error(c, n, false);
    }
    store_uint(p, uint64_t(x), n, big);
  }
  return true;
}

// IEEE 754 binary16 from a double, rounding half to even (CPython's PyFloat_Pack2).
bool pack_half(double x, uint16_t* out) {
  uint16_t sign, bits;
  int e;
  if (x == 0.0) {
    sign = std::signbit(x);
    e = 0;
    bits = 0;
  } else if (std::isinf(x)) {
    sign = x < 0.0;
    e = 0x1f;
    bits = 0;
  } else if (std::isnan(x)) {
    sign = std::signbit(x);
    e = 0x1f;
    bits = 512;
  } else {
    sign = x < 0.0;
    if (sign) x = -x;
    double f = std::frexp(x, &e);
    f *= 2.0;  // [1.0, 2.0)
    e--;
    if (e >= 16) goto overflow;
    if (e < -25) {
      f = 0.0;
      e = 0;
    } else if (e < -14) {
      f = std::ldexp(f, 14 + e);
      e = 0;
    } else {
      e += 15;
      f -= 1.0;
    }
    f *= 1024.0;
    bits = uint16_t(f);
    if ((f - bits > 0.5) || ((f - bits == 0.5) && (bits % 2 == 1))) {
      ++bits;
      if (bits == 1024) {
        bits = 0;
        ++e;
        if (e == 31) goto overflow;
      }
    }
  }
  *out = uint16_t(bits | (e << 10) | (sign << 15));
  return true;
overflow:
  raise(&OverflowErrorType, "float too large to pack with e format");
  return false;
}

double unpack_half(uint16_t h) {
  int sign = h >> 15;
  int e = (h >> 10) & 0x1f;
  int f = h & 0x3ff;
  if (e == 0x1f) {
    if (f == 0) return sign ? -HUGE_VAL : HUGE_VAL;
    return sign ? -std::nan("") : std::nan("");
  }
  double x = double(f) / 1024.0;
  if (e == 0) {
    e = -14;
  } else {
    x += 1.0;
    e -= 15;
  }
  x = std::ldexp(x, e);
  return sign ? -x : x;
}

bool get_double(Value v, double* out) {
  if (!as_double(v, out)) {
    clear_error();
    raise_struct_error("required argument is not a float");
    return false;
  }
  return true;
}

bool pack_item(const StructObject* so, const Item& it, Value v, uint8_t* p) {
  bool big = so->order == Order::kBig;
  switch (it.code) {
    case 'c': {
      if (!v.is_obj() || !is_subtype(type_of(v), &BytesType) || v.as<Bytes>()->size != 1) {
        raise_struct_error("char format requires a bytes object of length 1");
        return false;
      }
      *p = uint8_t(v.as<Bytes>()->data[0]);
      return true;
    }
    case 's':
    case 'p': {
      std::string_view data;
      if (v.is_obj() && is_subtype(type_of(v), &BytesType)) data = v.as<Bytes>()->view();
      else if (is_bytearray(v)) data = bytearray_view(v.as<ByteArray>());
      else {
        raise_struct_errorf("argument for '%c' must be a bytes object", it.code);
        return false;
      }
      int64_t n = int64_t(data.size());
      if (it.code == 's') {
        if (n > it.size) n = it.size;
        std::memcpy(p, data.data(), size_t(n));
        return true;
      }
      if (n > it.size - 1) n = it.size - 1;
      if (n < 0) n = 0;
      if (n > 255) n = 255;
      if (it.size > 0) {
        std::memcpy(p + 1, data.data(), size_t(n));
        *p = uint8_t(n);
      }
      return true;
    }
    case '?': {
      int t = truthy(v);
      if (t < 0) return false;
      *p = uint8_t(t);
      return true;
    }
    case 'e': {
      double d;
      if (!get_double(v, &d)) return false;
      uint16_t h;
      if (!pack_half(d, &h)) return false;
      store_uint(p, h, 2, big);
      return true;
    }
    case 'f': {
      double d;
      if (!get_double(v, &d)) return false;
      float f = float(d);
      if (!so->native && std::isinf(f) && !std::isinf(d)) {
        raise(&OverflowErrorType, "float too large to pack with f format");
        return false;
      }
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      store_uint(p, bits, 4, big);
      return true;
    }
    case 'd': {
      double d;
      if (!get_double(v, &d)) return false;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      store_uint(p, bits, 8, big);
      return true;
    }
    default:
      return pack_integer(so, it, v, p);
  }
}

// Packs nitems values into p (so->size bytes, zeroed by the caller for the padding).
bool pack_values(const StructObject* so, const Value* args, uint8_t* p) {
  for (int64_t i = 0; i < so->nitems; i++) {
    if (!pack_item(so, so->items[i], args[i], p + so->items[i].offset)) return false;
  }
  return true;
}

Ref unpack_item(const StructObject* so, const Item& it, const uint8_t* p) {
  bool big = so->order == Order::kBig;
  switch (it.code) {
    case 'c': return bytes_new(std::string_view(reinterpret_cast<const char*>(p), 1)).into_ref();
    case 's': return bytes_new(std::string_view(reinterpret_cast<const char*>(p), size_t(it.size))).into_ref();
    case 'p': {
      int64_t n = it.size > 0 ? p[0] : 0;
      if (n >= it.size) n = it.size - 1;
      if (n < 0) n = 0;
      return bytes_new(std::string_view(reinterpret_cast<const char*>(p + 1), size_t(n))).into_ref();
    }
    case '?': return Ref::boolean(*p != 0);
    case 'e': return make_float(unpack_half(uint16_t(load_uint(p, 2, big))));
    case 'f': {
      uint32_t bits = uint32_t(load_uint(p, 4, big));
      float f;
      std::memcpy(&f, &bits, 4);
      return make_float(double(f));
    }
    case 'd': {
      uint64_t bits = load_uint(p, 8, big);
      double d;
      std::memcpy(&d, &bits, 8);
      return make_float(d);
    }
    case 'b': case 'h': case 'i': case 'l': case 'q': case 'n': {
      uint64_t u = load_uint(p, it.size, big);
      int shift = int(64 - 8 * it.size);
      int64_t x = shift ? int64_t(u << shift) >> shift : int64_t(u);
      return make_int(x);
    }
    default:  // B H I L Q N P
      return make_int_u64(load_uint(p, it.size, big));
  }
}

Ref unpack_values(const StructObject* so, const uint8_t* p) {
  Own<Tuple> t = tuple_new(so->nitems);
  for (int64_t i = 0; i < so->nitems; i++) {
    Ref v = unpack_item(so, so->items[i], p + so->items[i].offset);
    if (!v) return nullptr;
    t->items[i] = v.release();
  }
  return t.into_ref();
}

// ---- Struct -------------------------------------------------------------------------------------

inline StructObject* as_struct(Value v) { return v.as<StructObject>(); }

Ref struct_new(Type* type, const Value*, size_t, Tuple*) {
  auto* so = alloc<StructObject>(type, type == &StructType ? sizeof(StructObject) : type->basic_size);
  so->size = -1;
  return Ref::steal(so);
}

// The format's text: a str (ASCII only) or bytes; TypeError otherwise.
bool format_text(Value fmt, std::string* out) {
  if (is_str(fmt)) {
    Ref b = str_encode(fmt.as<Str>(), "ascii", "strict");
    if (!b) return false;
    *out = std::string(b.as<Bytes>()->view());
    return true;
  }
  if (fmt.is_obj() && is_subtype(type_of(fmt), &BytesType)) {
    *out = std::string(fmt.as<Bytes>()->view());
    return true;
  }
  raisef(&TypeErrorType, "Struct() argument 1 must be a str or bytes object, not %s", type_name(fmt));
  return false;
}

int struct_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fmt;
  if (!bind_args("Struct", args, nargs, kwnames, {"format"}, 1, {&fmt})) return -1;
  std::string text;
  if (!format_text(fmt, &text)) return -1;
  StructObject* so = as_struct(self);
  if (!compile_format(so, text)) return -1;
  Own<Str> s = str_from_utf8(text);
  Str* old = so->format;
  so->format = s.release();
  xdecref(old);
  return 0;
}

void struct_dealloc(Object* o) {
  auto* so = static_cast<StructObject*>(o);
  if (so->items) mem_free(so->items, size_t(so->nitems) * sizeof(Item));
  so->items = nullptr;
  xdecref(so->format);
  free_object(o);
}

bool check_ready(StructObject* so) {
  if (so->size < 0) {
    raise(&RuntimeErrorType, "Struct object is not initialized");  // __init__ never ran
    return false;
  }
  return true;
}

// pack over an already compiled Struct.
Ref do_pack(StructObject* so, const Value* args, size_t nargs) {
  if (!check_ready(so)) return nullptr;
  if (int64_t(nargs) != so->nitems)
    return raise_struct_errorf("pack expected %lld items for packing (got %zu)", (long long)so->nitems, nargs);
  Own<Bytes> out = bytes_new_raw(so->size);
  std::memset(out->data, 0, size_t(so->size));
  if (!pack_values(so, args, reinterpret_cast<uint8_t*>(out->data))) return nullptr;
  return out.into_ref();
}

// pack_into(buffer, offset, *values) over a compiled Struct; args[0] is the buffer.
Ref do_pack_into(StructObject* so, const Value* args, size_t nargs) {
  if (!check_ready(so)) return nullptr;
  if (int64_t(nargs) != so->nitems + 2) {
    if (nargs == 0) return raise_struct_error("pack_into expected buffer argument");
    if (nargs == 1) return raise_struct_error("pack_into expected offset argument");
    return raise_struct_errorf("pack_into expected %lld items for packing (got %zu)", (long long)so->nitems,
                               nargs - 2);
  }
  Buffer buf;
  if (!buffer_get_writable(args[0], &buf, "argument")) return nullptr;
  int64_t offset;
  if (!cont::has_index(args[1])) {
    raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", type_name(args[1]));
    return nullptr;
  }
  {
    Ref idx = index_of(args[1]);
    if (!idx) return nullptr;
    auto o = int_as_int64(idx.get());
    if (!o) {
      clear_error();
      return raisef(&IndexErrorType, "cannot fit 'int' into an index-sized integer");
    }
    offset = *o;
  }
  if (offset < 0) {
    if (offset + so->size > 0)
      return raise_struct_errorf("no space to pack %lld bytes at offset %lld", (long long)so->size, (long long)offset);
    if (offset + buf.len < 0)
      return raise_struct_errorf("offset %lld out of range for %lld-byte buffer", (long long)offset,
                                 (long long)buf.len);
    offset += buf.len;
  }
  if (buf.len - offset < so->size)
    return raise_struct_errorf(
        "pack_into requires a buffer of at least %llu bytes for packing %lld bytes at offset %lld (actual buffer "
        "size is %lld)",
        (unsigned long long)(so->size + offset), (long long)so->size, (long long)offset, (long long)buf.len);
  // As CPython: the bytes are zeroed, then written item by item (a failing value leaves
  // the ones before it packed).
  uint8_t* p = buf.data + offset;
  std::memset(p, 0, size_t(so->size));
  if (!pack_values(so, args + 2, p)) return nullptr;
  return Ref::none();
}

Ref do_unpack(StructObject* so, Value data) {
  if (!check_ready(so)) return nullptr;
  Buffer buf;
  if (!buffer_get(data, &buf)) return nullptr;
  if (buf.len != so->size) return raise_struct_errorf("unpack requires a buffer of %lld bytes", (long long)so->size);
  return unpack_values(so, buf.data);
}

Ref do_unpack_from(StructObject* so, Value data, Value offset_arg) {
  if (!check_ready(so)) return nullptr;
  int64_t offset = 0;
  if (!offset_arg.is_null()) {
    auto o = clinic_ssize_arg(offset_arg);
    if (!o) return nullptr;
    offset = *o;
  }
  Buffer buf;
  if (!buffer_get(data, &buf)) return nullptr;
  if (offset < 0) {
    if (offset + buf.len < 0)
      return raise_struct_errorf("offset %lld out of range for %lld-byte buffer", (long long)offset,
                                 (long long)buf.len);
    offset += buf.len;
  }
  if (buf.len - offset < so->size)
    return raise_struct_errorf(
        "unpack_from requires a buffer of at least %llu bytes for unpacking %lld bytes at offset %lld (actual "
        "buffer size is %lld)",
        (unsigned long long)(so->size + offset), (long long)so->size, (long long)offset, (long long)buf.len);
  return unpack_values(so, buf.data + offset);
}

Ref do_iter_unpack(StructObject* so, Value data) {
  if (!check_ready(so)) return nullptr;
  if (so->size == 0) return raise_struct_error("cannot iteratively unpack with a struct of length 0");
  Buffer buf;
  if (!buffer_get(data, &buf)) return nullptr;
  if (buf.len % so->size != 0)
    return raise_struct_errorf("iterative unpacking requires a buffer of a multiple of %lld bytes",
                               (long long)so->size);
  Own<Bytes> copy = bytes_new(buf.view());
  auto* it = alloc<UnpackIterObject>(&UnpackIterType);
  incref(so);
  it->so = so;
  it->data = copy.release();
  it->offset = 0;
  return Ref::steal(it);
}

Ref s_pack(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("Struct.pack", kwnames)) return nullptr;
  return do_pack(as_struct(self), args, nargs);
}

Ref s_pack_into(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("Struct.pack_into", kwnames)) return nullptr;
  return do_pack_into(as_struct(self), args, nargs);
}

Ref s_unpack(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("Struct.unpack", nargs, kwnames)) return nullptr;
  return do_unpack(as_struct(self), args[0]);
}

Ref s_unpack_from(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value buffer, offset;
  if (!bind_args("unpack_from", args, nargs, kwnames, {"buffer", "offset"}, 1, {&buffer, &offset})) return nullptr;
  return do_unpack_from(as_struct(self), buffer, offset);
}

Ref s_iter_unpack(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("Struct.iter_unpack", nargs, kwnames)) return nullptr;
  return do_iter_unpack(as_struct(self), args[0]);
}

Ref s_sizeof(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("Struct.__sizeof__", nargs, kwnames)) return nullptr;
  StructObject* so = as_struct(self);
  return make_int(int64_t(sizeof(StructObject)) + (so->nitems + 1) * int64_t(sizeof(Item)));
}

Ref get_format(Value self) {
  StructObject* so = as_struct(self);
  if (!so->format) return Ref::none();
  return Ref::borrow(so->format);
}

Ref get_size(Value self) { return make_int(as_struct(self)->size); }

const MethodDef struct_methods[] = {
    {"iter_unpack", s_iter_unpack, 0,
     "Return an iterator yielding tuples.\n\nTuples are unpacked from the given bytes source, like a repeated\n"
     "invocation of unpack_from()."},
    {"pack", s_pack, 0, "S.pack(v1, v2, ...) -> bytes"},
    {"pack_into", s_pack_into, 0, "S.pack_into(buffer, offset, v1, v2, ...)"},
    {"unpack", s_unpack, 0, "Return a tuple containing unpacked values."},
    {"unpack_from", s_unpack_from, 0, "Return a tuple containing unpacked values."},
    {"__sizeof__", s_sizeof, 0, "S.__sizeof__() -> size of S in memory, in bytes"},
    {nullptr, nullptr, 0, nullptr}};

const GetSetDef struct_getsets[] = {
    {"format", get_format, nullptr, "struct format string"},
    {"size", get_size, nullptr, "struct size in bytes"},
    {nullptr, nullptr, nullptr, nullptr}};

// ---- unpack_iterator ----------------------------------------------------------------------------

Ref unpackiter_next(Value self) {
  auto* it = self.as<UnpackIterObject>();
  if (!it->so || it->offset >= it->data->size) return nullptr;
  Ref r = unpack_values(it->so, reinterpret_cast<const uint8_t*>(it->data->data) + it->offset);
  it->offset += it->so->size;
  return r;
}

Ref unpackiter_self(Value self) { return Ref::borrow(self); }

Ref unpackiter_length_hint(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("unpack_iterator.__length_hint__", nargs, kwnames)) return nullptr;
  auto* it = self.as<UnpackIterObject>();
  if (!it->so) return make_int(0);
  return make_int((it->data->size - it->offset) / it->so->size);
}

void unpackiter_dealloc(Object* o) {
  auto* it = static_cast<UnpackIterObject*>(o);
  StructObject* so = it->so;
  Bytes* data = it->data;
  it->so = nullptr;
  it->data = nullptr;
  xdecref(so);
  xdecref(data);
  free_object(o);
}

const MethodDef unpackiter_methods[] = {
    {"__length_hint__", unpackiter_length_hint, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

// ---- the module functions -----------------------------------------------------------------------

Dict* struct_cache() {
  static Dict* cache = dict_new().release();
  return cache;
}

constexpr int64_t kMaxCache = 100;

// The compiled Struct of a format (str or bytes), from the cache or new.
Ref cached_struct(Value fmt) {
  if (is_str(fmt) || (fmt.is_obj() && is_subtype(type_of(fmt), &BytesType))) {
    Value hit = dict_get(struct_cache(), fmt);
    if (!hit.is_null()) return Ref::borrow(hit);
    if (error_pending()) return nullptr;
  }
  Ref s = call1(Value::from_obj(&StructType), fmt);
  if (!s) return nullptr;
  if (struct_cache()->used >= kMaxCache) dict_clear(struct_cache());
  if (!dict_set(struct_cache(), fmt, s.get())) return nullptr;
  return s;
}

Ref f_pack(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("pack", kwnames)) return nullptr;
  if (nargs == 0) return raise(&TypeErrorType, "missing format argument");
  Ref s = cached_struct(args[0]);
  if (!s) return nullptr;
  return do_pack(as_struct(s.get()), args + 1, nargs - 1);
}

Ref f_pack_into(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("pack_into", kwnames)) return nullptr;
  if (nargs == 0) return raise(&TypeErrorType, "missing format argument");
  Ref s = cached_struct(args[0]);
  if (!s) return nullptr;
  return do_pack_into(as_struct(s.get()), args + 1, nargs - 1);
}

Ref f_unpack(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("unpack", kwnames) || !cont::check_positional("unpack", nargs, 2, 2)) return nullptr;
  Ref s = cached_struct(args[0]);
  if (!s) return nullptr;
  return do_unpack(as_struct(s.get()), args[1]);
}

Ref f_unpack_from(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fmt, buffer, offset;
  if (!bind_args("unpack_from", args, nargs, kwnames, {"format", "/", "buffer", "offset"}, 2,
                 {&fmt, &buffer, &offset}))
    return nullptr;
  Ref s = cached_struct(fmt);
  if (!s) return nullptr;
  return do_unpack_from(as_struct(s.get()), buffer, offset);
}

Ref f_iter_unpack(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::no_kwargs("iter_unpack", kwnames) || !cont::check_positional("iter_unpack", nargs, 2, 2))
    return nullptr;
  Ref s = cached_struct(args[0]);
  if (!s) return nullptr;
  return do_iter_unpack(as_struct(s.get()), args[1]);
}

Ref f_calcsize(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!cont::one_arg("calcsize", nargs, kwnames)) return nullptr;
  Ref s = cached_struct(args[0]);
  if (!s) return nullptr;
  return make_int(as_struct(s.get())->size);
}

Ref f_clearcache(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!cont::no_args("_clearcache", nargs, kwnames)) return nullptr;
  dict_clear(struct_cache());
  return Ref::none();
}

const MethodDef module_functions[] = {
    {"_clearcache", f_clearcache, 0, "Clear the internal cache."},
    {"calcsize", f_calcsize, 0, "Return size in bytes of the struct described by the format string."},
    {"iter_unpack", f_iter_unpack, 0, "Return an iterator yielding tuples unpacked from the buffer."},
    {"pack", f_pack, 0, "pack(format, v1, v2, ...) -> bytes"},
    {"pack_into", f_pack_into, 0, "pack_into(format, buffer, offset, v1, v2, ...)"},
    {"unpack", f_unpack, 0, "Return a tuple containing values unpacked according to the format string."},
    {"unpack_from", f_unpack_from, 0, "Return a tuple containing values unpacked according to the format string."},
    {nullptr, nullptr, 0, nullptr}};

const char kModuleDoc[] =
    "Functions to convert between Python values and C structs.\n"
    "Python bytes objects are used to hold the data representing the C struct\n"
    "and also as format strings (explained below) to describe the layout of data\n"
    "in the C struct.\n";

bool init_types() {
  if (StructType.flags & kTypeReady) return true;
  static_type_init(StructType, "_struct.Struct", sizeof(StructObject), &ObjectType, kTypeBaseType);
  StructType.new_ = struct_new;
  StructType.init = struct_init;
  StructType.dealloc = struct_dealloc;
  StructType.methods = struct_methods;
  StructType.getsets = struct_getsets;
  StructType.doc = "Struct(format)\n--\n\nCreate a compiled struct object.";
  ready_type(&StructType);
  static_type_init(UnpackIterType, "_struct.unpack_iterator", sizeof(UnpackIterObject), &ObjectType,
                   kTypeDisallowInstantiation);
  UnpackIterType.dealloc = unpackiter_dealloc;
  UnpackIterType.iter = unpackiter_self;
  UnpackIterType.iternext = unpackiter_next;
  UnpackIterType.methods = unpackiter_methods;
  ready_type(&UnpackIterType);
  Own<Tuple> bases = tuple_from({Value::from_obj(&ExceptionType)});
  Own<Dict> ns = dict_new();
  Ref modname = new_str("struct");
  if (!dict_set_str(ns.get(), "__module__", modname.get())) return false;
  Ref cls = type_new(&TypeType, intern("error"), bases.get(), ns.get());
  if (!cls) return false;
  struct_error_class = cls.release().as<Type>();
  return true;
}

}  // namespace

Ref create_struct_module() {
  if (!init_types()) return nullptr;
  Own<Module> m = module_new("_struct");
  if (!module_add_functions(m.get(), module_functions)) return nullptr;
  Ref doc = new_str(kModuleDoc);
  if (!module_add(m.get(), "__doc__", doc.get()) || !module_add(m.get(), "Struct", Value::from_obj(&StructType)) ||
      !module_add(m.get(), "error", Value::from_obj(struct_error_class)))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
