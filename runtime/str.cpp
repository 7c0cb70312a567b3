// runtime/str.cpp: the str type's representation and core protocols.
//
// Owns: allocation and the constructors of str.h, the cached empty and one-character
// strs, the intern table, CPython's string hash (siphash13, zero key = PYTHONHASHSEED=0),
// equality/ordering/concatenation/slicing, repr, the UTF-8 codec, the type's slots
// (repr, hash, compare, len, getitem, contains, iter, +, *, %), str.__new__ and the
// str iterators. Methods live in str_methods.cpp, the formatting engines in
// str_format.cpp.
//
// Invariant: kind 1 if and only if every character is ASCII. So two equal strs have
// the same kind, a kind-1 str is its own UTF-8, and any function that builds a kind-4
// str from parts (slices, joins) must narrow it when the result is all ASCII.
#include "runtime/str.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/misc_types.h"
#include "runtime/repeat.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"
#include "runtime/unicode_data.h"

namespace gilpy::rt {

Type StrType;
Type StrIterType;       // "str_iterator" (kind 4)
Type StrAsciiIterType;  // "str_ascii_iterator" (kind 1)

// ---------------------------------------------------------------------------------------
// Allocation and constructors

static size_t str_alloc_size(int64_t length, uint8_t kind) {
  return var_object_size(sizeof(Str) + (kind == 1 ? 1 : 0), length, kind);
}

Own<Str> str_new_raw(int64_t length, uint8_t kind) {
  Str* s = alloc<Str>(&StrType, str_alloc_size(length, kind));
  s->length = length;
  s->hash = -1;
  s->kind = kind;
  s->interned = false;
  if (kind == 1) s->ascii_mut()[length] = '\0';
  return Own<Str>::steal(s);
}

static Str* g_empty = nullptr;
static Str* g_chars[256];

static Str* make_immortal(Own<Str> s) {
  Str* p = s.release();
  p->refcnt = kImmortal;
  return p;
}

Str* str_empty() {
  if (!g_empty) g_empty = make_immortal(str_new_raw(0, 1));
  return g_empty;
}

static Str* intern_cached_char(Own<Str> s);

// The one-character strs of Latin-1 are cached and interned, as in CPython, but made on
// first use: most programs touch a few dozen of the 256, and start-up pays for each one made.
Own<Str> str_from_char(char32_t c) {
  if (c < 256) {
    Str* s = g_chars[c];
    if (!s) {
      Own<Str> n = str_new_raw(1, c < 128 ? 1 : 4);
      if (c < 128) n->ascii_mut()[0] = char(c); else n->ucs4_mut()[0] = c;
      s = g_chars[c] = intern_cached_char(std::move(n));
    }
    return Own<Str>::borrow(s);
  }
  Own<Str> n = str_new_raw(1, 4);
  n->ucs4_mut()[0] = c;
  return n;
}

Own<Str> str_from_ascii(std::string_view a) {
  if (a.size() <= 1) {
    if (a.empty()) return Own<Str>::borrow(str_empty());
    return str_from_char(uint8_t(a[0]));
  }
  Own<Str> s = str_new_raw(int64_t(a.size()), 1);
  std::memcpy(s->ascii_mut(), a.data(), a.size());
  return s;
}

Own<Str> str_from_ucs4(const char32_t* chars, int64_t n) {
  char32_t maxc = 0;
  for (int64_t i = 0; i < n; i++) maxc |= chars[i];
  if (n <= 1) {
    if (n == 0) return Own<Str>::borrow(str_empty());
    return str_from_char(chars[0]);
  }
  if (maxc < 128) {
    Own<Str> s = str_new_raw(n, 1);
    char* d = s->ascii_mut();
    for (int64_t i = 0; i < n; i++) d[i] = char(chars[i]);
    return s;
  }
  Own<Str> s = str_new_raw(n, 4);
  std::memcpy(s->ucs4_mut(), chars, size_t(n) * 4);
  return s;
}

static bool all_ascii(const char* p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < n; i++)
    if (uint8_t(p[i]) >= 0x80) return false;
  return true;
}

// Decodes one UTF-8 sequence at p[0..n). Returns its length (>= 1) and the code point,
// or 0 with *err set to the CPython reason and *errlen to the bytes it covers.
static int utf8_decode_one(const uint8_t* p, size_t n, char32_t* cp, const char** err,
                           size_t* errlen) {
  uint8_t c = p[0];
  if (c < 0x80) { *cp = c; return 1; }
  int need;
  char32_t v;
  char32_t lo2 = 0x80, hi2 = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) { need = 1; v = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) {
    need = 2; v = c & 0x0F;
    if (c == 0xE0) lo2 = 0xA0;
    if (c == 0xED) hi2 = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3; v = c & 0x07;
    if (c == 0xF0) lo2 = 0x90;
    if (c == 0xF4) hi2 = 0x8F;
  } else {
    *err = "invalid start byte"; *errlen = 1; return 0;
  }
  for (int i = 1; i <= need; i++) {
    if (size_t(i) >= n) { *err = "unexpected end of data"; *errlen = size_t(i); return 0; }
    uint8_t b = p[i];
    char32_t lo = i == 1 ? lo2 : 0x80, hi = i == 1 ? hi2 : 0xBF;
    if (b < lo || b > hi) { *err = "invalid continuation byte"; *errlen = size_t(i); return 0; }
    v = (v << 6) | (b & 0x3F);
  }
  *cp = v;
  return need + 1;
}

void StrBuilder::push_utf8(std::string_view s) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    if (p[i] < 0x80 && !wide_) { a_.push_back(char(p[i++])); continue; }
    char32_t cp; const char* err; size_t elen;
    int k = utf8_decode_one(p + i, n - i, &cp, &err, &elen);
    if (k == 0 && p[i] == 0xED && i + 2 < n && p[i + 1] >= 0xA0 && p[i + 1] <= 0xBF && (p[i + 2] & 0xC0) == 0x80) {
      // A lone surrogate ('\ud800' in source): internal text keeps it, as str_to_utf8 writes it.
      push(0xD000 | char32_t(p[i + 1] & 0x3F) << 6 | char32_t(p[i + 2] & 0x3F));
      i += 3;
      continue;
    }
    if (k == 0) { push(0xFFFD); i += elen; } else { push(cp); i += size_t(k); }
  }
}

Own<Str> StrBuilder::finish() {
  if (!wide_) return str_from_ascii(a_);
  return str_from_ucs4(w_.data(), int64_t(w_.size()));
}

Own<Str> str_from_utf8(std::string_view u) {
  if (all_ascii(u.data(), u.size())) return str_from_ascii(u);
  StrBuilder b;
  b.reserve(u.size());
  b.push_utf8(u);
  return b.finish();
}

static void put_utf8(std::string* out, char32_t c) {
  if (c < 0x80) out->push_back(char(c));
  else if (c < 0x800) {
    out->push_back(char(0xC0 | (c >> 6)));
    out->push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(char(0xE0 | (c >> 12)));
    out->push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(char(0x80 | (c & 0x3F)));
  } else {
    out->push_back(char(0xF0 | (c >> 18)));
    out->push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(char(0x80 | (c & 0x3F)));
  }
}

std::string str_to_utf8(const Str* s) {
  if (s->kind == 1) return std::string(s->ascii(), size_t(s->length));
  std::string out;
  out.reserve(size_t(s->length) * 2);
  for (int64_t i = 0; i < s->length; i++) put_utf8(&out, s->ucs4()[i]);  // surrogates pass
  return out;
}

// ---------------------------------------------------------------------------------------
// Codecs (UTF-8, ASCII, Latin-1) for str.encode / bytes.decode / str(b, enc)

std::string_view normalize_encoding(std::string_view enc) {
  std::string e;
  for (char c : enc) e.push_back(c == '_' || c == ' ' ? '-' : char(std::tolower(uint8_t(c))));
  if (e == "utf-8" || e == "utf8" || e == "u8" || e == "utf") return "utf-8";
  if (e == "ascii" || e == "us-ascii" || e == "646") return "ascii";
  if (e == "latin-1" || e == "latin1" || e == "iso-8859-1" || e == "iso8859-1" ||
      e == "8859" || e == "cp819" || e == "latin" || e == "l1")
    return "latin-1";
  return "";
}

static Ref decode_error(const char* codec, const uint8_t* p, size_t pos, size_t len,
                        const char* reason) {
  if (len <= 1)
    return raisef(&UnicodeDecodeErrorType, "'%s' codec can't decode byte 0x%02x in position %zu: %s",
                  codec, p[pos], pos, reason);
  return raisef(&UnicodeDecodeErrorType, "'%s' codec can't decode bytes in position %zu-%zu: %s",
                codec, pos, pos + len - 1, reason);
}

static bool check_errors_name(std::string_view errors) {
  if (errors == "strict" || errors == "replace" || errors == "ignore" ||
      errors == "surrogateescape" || errors == "surrogatepass" || errors == "backslashreplace")
    return true;
  raisef(&LookupErrorType, "unknown error handler name '%.*s'", int(errors.size()), errors.data());
  return false;
}

Ref utf8_decode(const char* data, size_t n, std::string_view errors) {
  if (all_ascii(data, n)) return str_from_ascii(std::string_view(data, n));
  const uint8_t* p = reinterpret_cast<const uint8_t*>(data);
  StrBuilder b;
  b.reserve(n);
  size_t i = 0;
  while (i < n) {
    char32_t cp; const char* err; size_t elen;
    int k = utf8_decode_one(p + i, n - i, &cp, &err, &elen);
    if (k > 0) { b.push(cp); i += size_t(k); continue; }
    if (errors == "strict") return decode_error("utf-8", p, i, elen, err);
    if (errors == "replace") b.push(0xFFFD);
    else if (errors == "surrogateescape") {
      for (size_t j = 0; j < elen; j++) b.push(0xDC00 + p[i + j]);
    } else if (errors == "backslashreplace") {
      for (size_t j = 0; j < elen; j++) b.push_ascii(strfmt("\\x%02x", p[i + j]));
    } else if (errors != "ignore") {
      if (!check_errors_name(errors)) return nullptr;
      return decode_error("utf-8", p, i, elen, err);
    }
    i += elen;
  }
  return b.finish();
}

bool utf8_encode(const Str* s, std::string_view errors, std::string* out) {
  if (s->kind == 1) { out->append(s->ascii(), size_t(s->length)); return true; }
  out->reserve(out->size() + size_t(s->length) * 2);
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->ucs4()[i];
    if (c >= 0xD800 && c <= 0xDFFF) {
      if (errors == "surrogatepass") { put_utf8(out, c); continue; }
      if (errors == "surrogateescape" && c >= 0xDC80 && c <= 0xDCFF) { out->push_back(char(c - 0xDC00)); continue; }
      if (errors == "ignore") continue;
      if (errors == "replace") { out->push_back('?'); continue; }
      if (errors == "backslashreplace") { out->append(strfmt("\\u%04x", unsigned(c))); continue; }
      if (errors != "strict" && !check_errors_name(errors)) return false;
      int64_t j = i + 1;
      while (j < s->length && s->ucs4()[j] >= 0xD800 && s->ucs4()[j] <= 0xDFFF) j++;
      if (j - i == 1)
        raisef(&UnicodeEncodeErrorType, "'utf-8' codec can't encode character '\\u%04x' in position %lld: surrogates not allowed",
               unsigned(c), (long long)i);
      else
        raisef(&UnicodeEncodeErrorType, "'utf-8' codec can't encode characters in position %lld-%lld: surrogates not allowed",
               (long long)i, (long long)(j - 1));
      return false;
    }
    put_utf8(out, c);
  }
  return true;
}

// Encodes with a named codec into a bytes object.
Ref (*codec_fallback_hook)(Value obj, std::string_view encoding, std::string_view errors, bool encode) = nullptr;

Ref str_encode(const Str* s, std::string_view encoding, std::string_view errors) {
  std::string_view enc = normalize_encoding(encoding);
  if (enc.empty() && codec_fallback_hook)
    return codec_fallback_hook(Value::from_obj(const_cast<Str*>(s)), encoding, errors, true);
  if (enc.empty())
    return raisef(&LookupErrorType, "unknown encoding: %.*s", int(encoding.size()), encoding.data());
  if (enc == "utf-8" || s->kind == 1) {
    if (s->kind == 1) return bytes_new(s->ascii_view());
    std::string out;
    if (!utf8_encode(s, errors, &out)) return nullptr;
    return bytes_new(out);
  }
  char32_t limit = enc == "ascii" ? 128 : 256;
  std::string out;
  out.reserve(size_t(s->length));
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->ucs4()[i];
    if (c < limit) { out.push_back(char(c)); continue; }
    if (errors == "ignore") continue;
    if (errors == "replace") { out.push_back('?'); continue; }
    if (errors == "backslashreplace") {
      out += c <= 0xff ? strfmt("\\x%02x", unsigned(c)) : c <= 0xffff ? strfmt("\\u%04x", unsigned(c)) : strfmt("\\U%08x", unsigned(c));
      continue;
    }
    if (errors != "strict" && !check_errors_name(errors)) return nullptr;
    int64_t j = i + 1;
    while (j < s->length && s->ucs4()[j] >= limit) j++;
    const char* codec = enc == "ascii" ? "ascii" : "latin-1";
    const char* why = enc == "ascii" ? "ordinal not in range(128)" : "ordinal not in range(256)";
    if (j - i == 1) {
      std::string ch = c <= 0xff ? strfmt("\\x%02x", unsigned(c)) : c <= 0xffff ? strfmt("\\u%04x", unsigned(c)) : strfmt("\\U%08x", unsigned(c));
      return raisef(&UnicodeEncodeErrorType, "'%s' codec can't encode character '%s' in position %lld: %s",
                    codec, ch.c_str(), (long long)i, why);
    }
    return raisef(&UnicodeEncodeErrorType, "'%s' codec can't encode characters in position %lld-%lld: %s",
                  codec, (long long)i, (long long)(j - 1), why);
  }
  return bytes_new(out);
}

Ref str_decode(std::string_view data, std::string_view encoding, std::string_view errors) {
  std::string_view enc = normalize_encoding(encoding);
  if (enc.empty() && codec_fallback_hook) {
    Own<Bytes> b = bytes_new(data);
    return codec_fallback_hook(b.value(), encoding, errors, false);
  }
  if (enc.empty())
    return raisef(&LookupErrorType, "unknown encoding: %.*s", int(encoding.size()), encoding.data());
  if (enc == "utf-8") return utf8_decode(data.data(), data.size(), errors);
  if (all_ascii(data.data(), data.size())) return str_from_ascii(data);
  StrBuilder b;
  for (size_t i = 0; i < data.size(); i++) {
    uint8_t c = uint8_t(data[i]);
    if (c < 128 || enc == "latin-1") { b.push(c); continue; }
    if (errors == "ignore") continue;
    if (errors == "replace") { b.push(0xFFFD); continue; }
    if (errors == "surrogateescape") { b.push(0xDC00 + c); continue; }
    if (errors != "strict" && !check_errors_name(errors)) return nullptr;
    return raisef(&UnicodeDecodeErrorType, "'ascii' codec can't decode byte 0x%02x in position %zu: ordinal not in range(128)",
                  c, i);
  }
  return b.finish();
}

// ---------------------------------------------------------------------------------------
// Hashing: CPython 3.11's _Py_HashBytes (siphash13) with the zero key of PYTHONHASHSEED=0,
// over the PEP 393 canonical form (1, 2 or 4 bytes a character).

static inline uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

#define GILPY_HALF_ROUND(a, b, c, d, s, t) \
  a += b; c += d; b = rotl(b, s) ^ a; d = rotl(d, t) ^ c; a = rotl(a, 32);
#define GILPY_SINGLE_ROUND(v0, v1, v2, v3)   \
  GILPY_HALF_ROUND(v0, v1, v2, v3, 13, 16); \
  GILPY_HALF_ROUND(v2, v1, v0, v3, 17, 21);

static uint64_t siphash13(uint64_t k0, uint64_t k1, const void* src, size_t src_sz) {
  uint64_t b = uint64_t(src_sz) << 56;
  const uint8_t* in = static_cast<const uint8_t*>(src);
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
  uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
  uint64_t v3 = k1 ^ 0x7465646279746573ULL;
  while (src_sz >= 8) {
    uint64_t mi;
    std::memcpy(&mi, in, 8);  // little-endian host (x86-64, aarch64)
    in += 8;
    src_sz -= 8;
    v3 ^= mi;
    GILPY_SINGLE_ROUND(v0, v1, v2, v3);
    v0 ^= mi;
  }
  uint64_t t = 0;
  for (size_t i = 0; i < src_sz; i++) t |= uint64_t(in[i]) << (8 * i);
  b |= t;
  v3 ^= b;
  GILPY_SINGLE_ROUND(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  GILPY_SINGLE_ROUND(v0, v1, v2, v3);
  GILPY_SINGLE_ROUND(v0, v1, v2, v3);
  GILPY_SINGLE_ROUND(v0, v1, v2, v3);
  return (v0 ^ v1) ^ (v2 ^ v3);
}
#undef GILPY_HALF_ROUND
#undef GILPY_SINGLE_ROUND

int64_t hash_bytes(const void* data, size_t n) {
  if (n == 0) return 0;
  int64_t x = int64_t(siphash13(0, 0, data, n));
  return x == -1 ? -2 : x;
}

static int64_t str_hash_compute(const Str* s) {
  if (s->kind == 1) return hash_bytes(s->ascii(), size_t(s->length));
  const char32_t* u = s->ucs4();
  size_t n = size_t(s->length);
  char32_t maxc = 0;
  for (size_t i = 0; i < n; i++) maxc = u[i] > maxc ? u[i] : maxc;
  if (maxc >= 0x10000) return hash_bytes(u, n * 4);
  int width = maxc < 256 ? 1 : 2;
  uint8_t small[512];
  std::vector<uint8_t> big;
  uint8_t* buf = small;
  if (n * width > sizeof small) { big.resize(n * width); buf = big.data(); }
  if (width == 1) {
    for (size_t i = 0; i < n; i++) buf[i] = uint8_t(u[i]);
  } else {
    for (size_t i = 0; i < n; i++) {
      uint16_t c = uint16_t(u[i]);
      std::memcpy(buf + 2 * i, &c, 2);
    }
  }
  return hash_bytes(buf, n * width);
}

int64_t str_hash_slow(Str* s) {
  s->hash = str_hash_compute(s);
  return s->hash;
}

// ---------------------------------------------------------------------------------------
// Comparison, concatenation, slicing

bool str_equal(const Str* a, const Str* b) {
  if (a == b) return true;
  if (a->length != b->length || a->kind != b->kind) return false;
  if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
  return std::memcmp(a + 1, b + 1, size_t(a->length) * a->kind) == 0;
}

int str_compare(const Str* a, const Str* b) {
  if (a == b) return 0;
  int64_t n = a->length < b->length ? a->length : b->length;
  if (a->kind == 1 && b->kind == 1) {
    int r = std::memcmp(a->ascii(), b->ascii(), size_t(n));
    if (r != 0) return r;
  } else {
    for (int64_t i = 0; i < n; i++) {
      char32_t x = a->at(i), y = b->at(i);
      if (x != y) return x < y ? -1 : 1;
    }
  }
  return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}

Own<Str> str_concat(const Str* a, const Str* b) {
  if (a->length == 0) return Own<Str>::borrow(const_cast<Str*>(b));
  if (b->length == 0) return Own<Str>::borrow(const_cast<Str*>(a));
  int64_t n = a->length + b->length;
  if (a->kind == 1 && b->kind == 1) {
    Own<Str> r = str_new_raw(n, 1);
    std::memcpy(r->ascii_mut(), a->ascii(), size_t(a->length));
    std::memcpy(r->ascii_mut() + a->length, b->ascii(), size_t(b->length));
    return r;
  }
  Own<Str> r = str_new_raw(n, 4);
  char32_t* d = r->ucs4_mut();
  for (const Str* s : {a, b}) {
    if (s->kind == 4) std::memcpy(d, s->ucs4(), size_t(s->length) * 4);
    else for (int64_t i = 0; i < s->length; i++) d[i] = uint8_t(s->ascii()[i]);
    d += s->length;
  }
  return r;
}

Own<Str> str_substr(const Str* s, int64_t start, int64_t stop) {
  if (start < 0) start = 0;
  if (stop > s->length) stop = s->length;
  if (stop <= start) return Own<Str>::borrow(str_empty());
  if (start == 0 && stop == s->length && s->type == &StrType)
    return Own<Str>::borrow(const_cast<Str*>(s));
  if (s->kind == 1) return str_from_ascii(std::string_view(s->ascii() + start, size_t(stop - start)));
  return str_from_ucs4(s->ucs4() + start, stop - start);
}

// ---------------------------------------------------------------------------------------
// Interning: an open-addressing set of immortal strs keyed by hash and text.

namespace {
struct InternTable {
  Str** slots = nullptr;
  size_t mask = 0;
  size_t used = 0;

  void grow() {
    size_t ncap = slots ? (mask + 1) * 2 : 1024;
    Str** ns = static_cast<Str**>(std::calloc(ncap, sizeof(Str*)));
    for (size_t i = 0; slots && i <= mask; i++) {
      Str* s = slots[i];
      if (!s) continue;
      size_t j = size_t(s->hash) & (ncap - 1);
      while (ns[j]) j = (j + 1) & (ncap - 1);
      ns[j] = s;
    }
    std::free(slots);
    slots = ns;
    mask = ncap - 1;
  }
  // Returns the slot for an ASCII text (found or the empty one to insert into).
  Str** find_ascii(std::string_view a, int64_t h) {
    if (!slots) grow();
    size_t j = size_t(h) & mask;
    while (Str* s = slots[j]) {
      if (s->hash == h && s->kind == 1 && size_t(s->length) == a.size() &&
          std::memcmp(s->ascii(), a.data(), a.size()) == 0)
        return &slots[j];
      j = (j + 1) & mask;
    }
    return &slots[j];
  }
  Str** find(Str* key) {
    if (!slots) grow();
    int64_t h = str_hash(key);
    size_t j = size_t(h) & mask;
    while (Str* s = slots[j]) {
      if (s->hash == h && str_equal(s, key)) return &slots[j];
      j = (j + 1) & mask;
    }
    return &slots[j];
  }
  void insert_at(Str** slot, Str* s) {
    *slot = s;
    s->interned = true;
    s->refcnt = kImmortal;
    if (++used * 3 > (mask + 1) * 2) grow();
  }
};
InternTable g_interned;
}  // namespace

Str* intern(std::string_view utf8) {
  if (!all_ascii(utf8.data(), utf8.size())) {
    Own<Str> s = intern_str(str_from_utf8(utf8));
    return s.get();  // immortal: the table keeps it alive
  }
  int64_t h = hash_bytes(utf8.data(), utf8.size());
  Str** slot = g_interned.find_ascii(utf8, h);
  if (*slot) return *slot;
  Own<Str> s = utf8.size() <= 1 ? str_from_ascii(utf8) : str_new_raw(int64_t(utf8.size()), 1);
  if (utf8.size() > 1) std::memcpy(s->ascii_mut(), utf8.data(), utf8.size());
  s->hash = h;
  Str* p = s.release();
  if (p->interned) return p;  // a cached one-character str already in the table
  g_interned.insert_at(slot, p);
  return p;
}

// A one-character Latin-1 str is interned as the cached one, so that the table and
// str_from_char agree on which object 'a' is.
static bool is_cacheable_char(const Str* s) {
  return s->length == 1 && s->at(0) < 256;
}

static Str* intern_cached_char(Own<Str> s) {
  Str** slot = g_interned.find(s.get());
  if (*slot) return *slot;  // (not expected: intern_str sends one-character strs here first)
  Str* p = s.release();
  g_interned.insert_at(slot, p);  // (may grow the table: slot is stale after it)
  return p;
}

Own<Str> intern_str(Own<Str> s) {
  if (s->interned || s->type != &StrType) return s;
  if (is_cacheable_char(s.get())) return str_from_char(s->at(0));
  Str** slot = g_interned.find(s.get());
  if (*slot) return Own<Str>::borrow(*slot);
  incref(s.get());  // the table's reference (the str becomes immortal anyway)
  g_interned.insert_at(slot, s.get());
  return s;
}

// ---------------------------------------------------------------------------------------
// repr

template <class Out>
static void repr_into(const Str* s, Out&& put) {
  bool has_sq = false, has_dq = false;
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->at(i);
    if (c == '\'') has_sq = true; else if (c == '"') has_dq = true;
  }
  char quote = (has_sq && !has_dq) ? '"' : '\'';
  static const char hex[] = "0123456789abcdef";
  put(char32_t(quote));
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->at(i);
    if (c == char32_t(quote) || c == '\\') { put('\\'); put(c); }
    else if (c == '\t') { put('\\'); put('t'); }
    else if (c == '\n') { put('\\'); put('n'); }
    else if (c == '\r') { put('\\'); put('r'); }
    else if (c < ' ' || c == 0x7f) { put('\\'); put('x'); put(hex[c >> 4]); put(hex[c & 15]); }
    else if (c < 0x7f) put(c);
    else if (unicode::has(c, unicode::kPrintable)) put(c);
    else if (c <= 0xff) { put('\\'); put('x'); put(hex[c >> 4]); put(hex[c & 15]); }
    else if (c <= 0xffff) {
      put('\\'); put('u');
      for (int sh = 12; sh >= 0; sh -= 4) put(hex[(c >> sh) & 15]);
    } else {
      put('\\'); put('U');
      for (int sh = 28; sh >= 0; sh -= 4) put(hex[(c >> sh) & 15]);
    }
  }
  put(char32_t(quote));
}

std::string str_repr_utf8(const Str* s) {
  std::string out;
  out.reserve(size_t(s->length) + 2);
  repr_into(s, [&](char32_t c) { put_utf8(&out, c); });
  return out;
}

Own<Str> str_repr(const Str* s) {
  StrBuilder b;
  b.reserve(size_t(s->length) + 2);
  repr_into(s, [&](char32_t c) { b.push(c); });
  return b.finish();
}

// ---------------------------------------------------------------------------------------
// Shared helpers for the method files

bool parse_slice_index(Value v, int64_t* out) {
  if (v.is_none()) return true;
  if (v.is_small_int()) { *out = v.small_int(); return true; }
  Type* t = type_of(v);
  if (is_int(v) || (t->number && t->number->index)) {
    Ref idx;
    if (!is_int(v)) {
      idx = t->number->index(v);
      if (!idx) return false;
      v = idx.get();
    }
    if (v.is_small_int()) { *out = v.small_int(); return true; }
    // A big int clamps as CPython's _PyEval_SliceIndex does.
    *out = int_sign(v) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    return true;
  }
  raise(&TypeErrorType, "slice indices must be integers or None or have an __index__ method");
  return false;
}

void adjust_indices(int64_t* start, int64_t* end, int64_t len) {
  if (*end > len) *end = len;
  else if (*end < 0) { *end += len; if (*end < 0) *end = 0; }
  if (*start < 0) { *start += len; if (*start < 0) *start = 0; }
}

static bool to_u32(const Str* n, std::u32string* buf) {
  buf->resize(size_t(n->length));
  for (int64_t i = 0; i < n->length; i++) (*buf)[size_t(i)] = n->at(i);
  return true;
}

int64_t str_find_sub(const Str* h, const Str* n, int64_t start, int64_t end) {
  if (end - start < n->length) return -1;
  if (n->length == 0) return start;
  if (h->kind == 1) {
    if (n->kind != 1) return -1;
    std::string_view hv(h->ascii(), size_t(end));
    size_t r = hv.find(n->ascii_view(), size_t(start));
    return r == std::string_view::npos ? -1 : int64_t(r);
  }
  std::u32string_view hv(h->ucs4(), size_t(end));
  size_t r;
  if (n->kind == 4) r = hv.find(std::u32string_view(n->ucs4(), size_t(n->length)), size_t(start));
  else { std::u32string buf; to_u32(n, &buf); r = hv.find(buf, size_t(start)); }
  return r == std::u32string_view::npos ? -1 : int64_t(r);
}

int64_t str_rfind_sub(const Str* h, const Str* n, int64_t start, int64_t end) {
  if (end - start < n->length) return -1;
  if (n->length == 0) return end;
  size_t r;
  if (h->kind == 1) {
    if (n->kind != 1) return -1;
    std::string_view hv(h->ascii() + start, size_t(end - start));
    r = hv.rfind(n->ascii_view());
  } else {
    std::u32string_view hv(h->ucs4() + start, size_t(end - start));
    if (n->kind == 4) r = hv.rfind(std::u32string_view(n->ucs4(), size_t(n->length)));
    else { std::u32string buf; to_u32(n, &buf); r = hv.rfind(buf); }
  }
  return r == std::string_view::npos ? -1 : int64_t(r) + start;
}

int64_t str_count_sub(const Str* h, const Str* n, int64_t start, int64_t end, int64_t maxcount) {
  if (end - start < n->length) return 0;
  if (n->length == 0) {
    int64_t c = end - start + 1;
    return maxcount >= 0 && c > maxcount ? maxcount : c;
  }
  int64_t count = 0;
  if (h->kind == 1 && n->kind != 1) return 0;
  if (h->kind == 1 && n->length == 1) {
    char c = n->ascii()[0];
    const char* p = h->ascii();
    for (int64_t i = start; i < end; i++) count += p[i] == c;
    return maxcount >= 0 && count > maxcount ? maxcount : count;
  }
  int64_t i = start;
  while (maxcount < 0 || count < maxcount) {
    int64_t j = str_find_sub(h, n, i, end);
    if (j < 0) break;
    count++;
    i = j + n->length;
  }
  return count;
}

// ---------------------------------------------------------------------------------------
// Argument checks (messages as CPython 3.11 gives for each calling convention)

static bool no_kw(const char* name, Tuple* kwnames) {
  if (kwnames && kwnames->size > 0) {
    raisef(&TypeErrorType, "str.%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}

bool str_args_none(const char* name, size_t nargs, Tuple* kwnames) {
  if (!no_kw(name, kwnames)) return false;
  if (nargs != 0) {
    raisef(&TypeErrorType, "str.%s() takes no arguments (%zu given)", name, nargs);
    return false;
  }
  return true;
}

bool str_args_one(const char* name, size_t nargs, Tuple* kwnames) {
  if (!no_kw(name, kwnames)) return false;
  if (nargs != 1) {
    raisef(&TypeErrorType, "str.%s() takes exactly one argument (%zu given)", name, nargs);
    return false;
  }
  return true;
}

bool str_args_clinic(const char* name, size_t nargs, Tuple* kwnames, size_t min, size_t max) {
  if (!no_kw(name, kwnames)) return false;
  if (nargs < min) {
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name,
           min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
    return false;
  }
  if (nargs > max) {
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name,
           min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

static bool tuple_count_check(const char* name, size_t nargs, size_t min, size_t max) {
  if (nargs < min || nargs > max) {
    const char* how = min == max ? "exactly" : nargs < min ? "at least" : "at most";
    size_t k = nargs < min ? min : max;
    raisef(&TypeErrorType, "%s() takes %s %zu argument%s (%zu given)", name, how, k,
           k == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

bool str_args_tuple(const char* name, size_t nargs, Tuple* kwnames, size_t min, size_t max) {
  return no_kw(name, kwnames) && tuple_count_check(name, nargs, min, max);
}

bool str_args_kw(const char* name, const Value* args, size_t nargs, Tuple* kwnames,
                 std::initializer_list<const char*> names, Value* out) {
  size_t nparams = names.size();
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nargs + nkw > nparams) {
    raisef(&TypeErrorType, "%s() takes at most %zu argument%s (%zu given)", name, nparams,
           nparams == 1 ? "" : "s", nargs + nkw);
    return false;
  }
  for (size_t i = 0; i < nargs; i++) out[i] = args[i];
  for (size_t k = 0; k < nkw; k++) {
    Str* kw = kwnames->items[k].as<Str>();
    size_t i = 0;
    for (const char* p : names) {
      if (kw->kind == 1 && kw->ascii_view() == p) break;
      i++;
    }
    if (i == nparams) {
      raisef(&TypeErrorType, "'%s' is an invalid keyword argument for %s()",
             str_to_utf8(kw).c_str(), name);
      return false;
    }
    if (i < nargs) {
      raisef(&TypeErrorType, "argument for %s() given by name ('%s') and position (%zu)",
             name, names.begin()[i], i + 1);
      return false;
    }
    out[i] = args[nargs + k];
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Slots

static Ref str_repr_slot(Value self) { return str_repr(self.as<Str>()); }

static Ref str_str_slot(Value self) {
  Str* s = self.as<Str>();
  if (s->type == &StrType) return Ref::borrow(self);
  if (s->kind == 1) return str_from_ascii(s->ascii_view());
  return str_from_ucs4(s->ucs4(), s->length);
}

static int64_t str_hash_slot(Value self) { return str_hash(self.as<Str>()); }

static Ref str_richcompare(Value a, Value b, CompareOp op) {
  if (!is_str(a) || !is_str(b)) return Ref::borrow(not_implemented());
  Str* x = a.as<Str>();
  Str* y = b.as<Str>();
  bool r;
  switch (op) {
    case CompareOp::Eq: r = str_equal(x, y); break;
    case CompareOp::Ne: r = !str_equal(x, y); break;
    case CompareOp::Lt: r = str_compare(x, y) < 0; break;
    case CompareOp::Le: r = str_compare(x, y) <= 0; break;
    case CompareOp::Gt: r = str_compare(x, y) > 0; break;
    default: r = str_compare(x, y) >= 0; break;
  }
  return Ref::boolean(r);
}

static int64_t str_len_slot(Value self) { return self.as<Str>()->length; }

static Ref str_index_at(Str* s, int64_t i) {
  if (i < 0) i += s->length;
  if (i < 0 || i >= s->length) return raise(&IndexErrorType, "string index out of range");
  return str_from_char(s->at(i));
}

static Ref str_getitem(Value self, Value key) {
  Str* s = self.as<Str>();
  if (key.is_small_int()) return str_index_at(s, key.small_int());
  if (key.is_obj() && key.obj()->type == &SliceType) {
    int64_t start, stop, step;
    int64_t n = slice_adjust(key.as<Slice>(), s->length, &start, &stop, &step);
    if (n < 0) return nullptr;
    if (step == 1) return str_substr(s, start, start + n);
    if (n == 0) return Ref::borrow(Value::from_obj(str_empty()));
    if (s->kind == 1) {
      Own<Str> r = str_new_raw(n, 1);
      char* d = r->ascii_mut();
      for (int64_t i = 0, j = start; i < n; i++, j += step) d[i] = s->ascii()[j];
      if (n == 1) return str_from_char(uint8_t(d[0]));
      return r;
    }
    std::u32string buf(size_t(n), 0);
    for (int64_t i = 0, j = start; i < n; i++, j += step) buf[size_t(i)] = s->ucs4()[j];
    return str_from_ucs4(buf.data(), n);
  }
  Type* kt = type_of(key);
  if (is_int(key) || (kt->number && kt->number->index)) {
    auto i = index_as_int64(key);
    if (!i) {
      if (!error_matches(&OverflowErrorType)) return nullptr;
      clear_error();
      return raise(&IndexErrorType, "cannot fit 'int' into an index-sized integer");
    }
    return str_index_at(s, *i);
  }
  return raisef(&TypeErrorType, "string indices must be integers, not '%s'", type_name(key));
}

static int str_contains(Value self, Value item) {
  if (!is_str(item)) {
    raisef(&TypeErrorType, "'in <string>' requires string as left operand, not %s", type_name(item));
    return -1;
  }
  Str* s = self.as<Str>();
  Str* n = item.as<Str>();
  if (n->length == 1 && s->kind == 1) {
    if (n->kind != 1) return 0;
    return std::memchr(s->ascii(), n->ascii()[0], size_t(s->length)) != nullptr;
  }
  return str_find_sub(s, n, 0, s->length) >= 0;
}

// Repeats s n times.
static Ref str_repeat(Str* s, int64_t n) {
  if (n <= 0 || s->length == 0) return Ref::borrow(Value::from_obj(str_empty()));
  if (n == 1 && s->type == &StrType) return Ref::borrow(Value::from_obj(s));
  // As CPython's: a length past ssize_t is OverflowError; one that fits but that no
  // allocation holds is MemoryError (from str_new_raw).
  if (s->length > INT64_MAX / n) return raise(&OverflowErrorType, "repeated string is too long");
  int64_t total = s->length * n;
  if (s->kind == 1 && s->length == 1 && total <= 1) return str_from_char(uint8_t(s->ascii()[0]));
  Own<Str> r = str_new_raw(total, s->kind);
  size_t unit = size_t(s->length) * s->kind;
  char* d = reinterpret_cast<char*>(r.get() + 1);
  if (s->kind == 1 && s->length == 1) {
    std::memset(d, s->ascii()[0], size_t(total));
  } else {
    std::memcpy(d, s + 1, unit);
    repeat_in_place(d, unit, unit * size_t(n));
  }
  return r;
}

static Ref str_add(Value a, Value b) {
  if (is_str(a)) {
    if (is_str(b)) return str_concat(a.as<Str>(), b.as<Str>());
    // The right operand may define __radd__: let the protocol try it.
    if (type_has(type_of(b), kTypeHeap)) return Ref::borrow(not_implemented());
    return raisef(&TypeErrorType, "can only concatenate str (not \"%s\") to str", type_name(b));
  }
  return Ref::borrow(not_implemented());
}

static Ref str_mul(Value a, Value b) {
  Value s = is_str(a) ? a : b;
  Value n = is_str(a) ? b : a;
  if (!is_str(s)) return Ref::borrow(not_implemented());
  Type* nt = type_of(n);
  if (n.is_small_int() || is_int(n) || (nt->number && nt->number->index)) {
    auto k = index_as_int64(n);
    if (!k) {
      if (error_matches(&OverflowErrorType)) {
        clear_error();
        return raisef(&OverflowErrorType, "cannot fit '%s' into an index-sized integer", type_name(n));
      }
      return nullptr;
    }
    return str_repeat(s.as<Str>(), *k);
  }
  // As the right operand, leave the message to binary_op (it names the left operand).
  if (type_has(nt, kTypeHeap) || !is_str(a)) return Ref::borrow(not_implemented());
  return raisef(&TypeErrorType, "can't multiply sequence by non-int of type '%s'", type_name(n));
}

static Ref str_mod(Value a, Value b) {
  if (!is_str(a)) return Ref::borrow(not_implemented());
  return str_percent_format(a.as<Str>(), b);
}

// str(object='') / str(object=b'', encoding='utf-8', errors='strict')
static Ref str_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value out[3] = {Value(), Value(), Value()};
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nargs + nkw > 3) {
    return raisef(&TypeErrorType, "str() takes at most 3 arguments (%zu given)", nargs + nkw);
  }
  if (!str_args_kw("str", args, nargs, kwnames, {"object", "encoding", "errors"}, out)) return nullptr;
  Ref result;
  if (!out[1] && !out[2]) {
    if (!out[0]) result = Ref::borrow(Value::from_obj(str_empty()));
    else result = rt::str(out[0]);
  } else {
    std::string enc = "utf-8", errs = "strict";
    if (out[1]) {
      if (!is_str(out[1]))
        return raisef(&TypeErrorType, "str() argument 'encoding' must be str, not %s", type_name(out[1]));
      enc = str_to_utf8(out[1].as<Str>());
    }
    if (out[2]) {
      if (!is_str(out[2]))
        return raisef(&TypeErrorType, "str() argument 'errors' must be str, not %s", type_name(out[2]));
      errs = str_to_utf8(out[2].as<Str>());
    }
    if (!out[0]) {
      result = Ref::borrow(Value::from_obj(str_empty()));
    } else if (is_bytes(out[0])) {
      Bytes* b = out[0].as<Bytes>();
      result = str_decode(std::string_view(b->data, size_t(b->size)), enc, errs);
    } else if (Buffer buf; is_bytes_like(out[0]) && buffer_get(out[0], &buf)) {
      result = str_decode(buf.view(), enc, errs);
    } else if (is_str(out[0])) {
      return raise(&TypeErrorType, "decoding str is not supported");
    } else {
      if (error_pending()) clear_error();  // a strided or released memoryview
      return raisef(&TypeErrorType, "decoding to str: need a bytes-like object, %s found", type_name(out[0]));
    }
  }
  if (!result || type == &StrType) return result;
  // A subclass instance: the characters follow the header as for str; any extra
  // fields of the subclass (its __dict__ slot) come after the character data.
  Str* s = result.as<Str>();
  size_t data = (size_t(s->length) * s->kind + (s->kind == 1 ? 1 : 0) + 7) & ~size_t(7);
  size_t extra = type->basic_size > sizeof(Str) ? type->basic_size - sizeof(Str) : 0;
  Str* r = static_cast<Str*>(alloc_object(type, sizeof(Str) + data + extra));
  r->length = s->length;
  r->hash = -1;
  r->kind = s->kind;
  r->interned = false;
  std::memcpy(r + 1, s + 1, size_t(s->length) * s->kind + (s->kind == 1 ? 1 : 0));
  return Ref::steal(Value::from_obj(r));
}

static void str_dealloc(Object* o) { free_object(o); }

// ---------------------------------------------------------------------------------------
// Iterators

struct StrIter : Object {
  Str* str;       // owned; null when exhausted
  int64_t index;
};

static Ref str_iter(Value self) {
  Str* s = self.as<Str>();
  StrIter* it = alloc<StrIter>(s->kind == 1 ? &StrAsciiIterType : &StrIterType);
  incref(s);
  it->str = s;
  it->index = 0;
  return Ref::steal(Value::from_obj(it));
}

static Ref str_iter_next(Value self) {
  StrIter* it = self.as<StrIter>();
  Str* s = it->str;
  if (!s) return nullptr;
  if (it->index < s->length) return str_from_char(s->at(it->index++));
  it->str = nullptr;
  decref(s);
  return nullptr;
}

static Ref str_iter_self(Value self) { return Ref::borrow(self); }

static void str_iter_dealloc(Object* o) {
  xdecref(static_cast<StrIter*>(o)->str);
  free_object(o);
}

static Ref str_iter_length_hint(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  StrIter* it = self.as<StrIter>();
  return make_int(it->str ? it->str->length - it->index : 0);
}

static const MethodDef str_iter_methods[] = {
    {"__length_hint__", str_iter_length_hint, 0, "Private method returning an estimate of len(list(it))."},
    {nullptr, nullptr, 0, nullptr}};

static NumberSlots str_number;

void init_str_type() {
  static_type_init(StrType, "str", sizeof(Str), &ObjectType, kTypeBaseType | kTypeStrSubclass);
  StrType.item_size = 1;
  StrType.dealloc = str_dealloc;
  StrType.repr = str_repr_slot;
  StrType.str = str_str_slot;
  StrType.hash = str_hash_slot;
  StrType.richcompare = str_richcompare;
  StrType.len = str_len_slot;
  StrType.getitem = str_getitem;
  StrType.contains = str_contains;
  StrType.iter = str_iter;
  StrType.new_ = str_new;
  str_number.binary[int(BinOp::Add)] = str_add;
  str_number.binary[int(BinOp::Mul)] = str_mul;
  str_number.binary[int(BinOp::Mod)] = str_mod;
  StrType.number = &str_number;
  StrType.methods = kStrMethods;
  StrType.doc =
      "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str\n\n"
      "Create a new string object from the given object. If encoding or\n"
      "errors is specified, then the object must expose a data buffer\n"
      "that will be decoded using the given encoding and error handler.\n"
      "Otherwise, returns the result of object.__str__() (if defined)\n"
      "or repr(object).\nencoding defaults to sys.getdefaultencoding().\n"
      "errors defaults to 'strict'.";
  ready_type(&StrType);

  for (Type* t : {&StrIterType, &StrAsciiIterType}) {
    static_type_init(*t, t == &StrIterType ? "str_iterator" : "str_ascii_iterator",
                     sizeof(StrIter), &ObjectType, 0);
    t->dealloc = str_iter_dealloc;
    t->iter = str_iter_self;
    t->iternext = str_iter_next;
    t->methods = str_iter_methods;
    ready_type(t);
  }
  str_empty();
  Str** slot = g_interned.find(g_empty);
  if (!*slot) g_interned.insert_at(slot, g_empty);
}

}  // namespace gilpy::rt
