// runtime/bytes.cpp: the bytes type (a basic subset): construction, repr, hash, compare,
// indexing and slicing, +, *, `in`, iteration, decode, hex, join and the common search,
// split and strip methods, with CPython 3.11's messages. Only bytes itself counts as
// "bytes-like" for now (no bytearray or memoryview yet).
#include "runtime/bytes.h"

#include <cstring>
#include <string>

#include "runtime/abstract.h"
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
  Bytes* b = alloc<Bytes>(&BytesType, sizeof(Bytes) + size_t(n) + 1);
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

std::string bytes_repr_utf8(const Bytes* b) {
  bool sq = false, dq = false;
  for (int64_t i = 0; i < b->size; i++) {
    if (b->data[i] == '\'') sq = true;
    else if (b->data[i] == '"') dq = true;
  }
  char quote = (sq && !dq) ? '"' : '\'';
  static const char hex[] = "0123456789abcdef";
  std::string out = "b";
  out.push_back(quote);
  for (int64_t i = 0; i < b->size; i++) {
    uint8_t c = uint8_t(b->data[i]);
    if (c == uint8_t(quote) || c == '\\') { out.push_back('\\'); out.push_back(char(c)); }
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < ' ' || c >= 0x7f) { out += "\\x"; out.push_back(hex[c >> 4]); out.push_back(hex[c & 15]); }
    else out.push_back(char(c));
  }
  out.push_back(quote);
  return out;
}

static inline Bytes* B(Value v) { return v.as<Bytes>(); }

static bool want_bytes(Value v) {
  if (is_bytes(v)) return true;
  raisef(&TypeErrorType, "a bytes-like object is required, not '%s'", type_name(v));
  return false;
}

static bool no_kw(const char* name, Tuple* kwnames) {
  if (kwnames && kwnames->size > 0) {
    raisef(&TypeErrorType, "bytes.%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}

static bool nargs_tuple(const char* name, size_t nargs, size_t min, size_t max) {
  if (nargs < min || nargs > max) {
    const char* how = min == max ? "exactly" : nargs < min ? "at least" : "at most";
    size_t k = nargs < min ? min : max;
    raisef(&TypeErrorType, "%s() takes %s %zu argument%s (%zu given)", name, how, k, k == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Slots

static Ref bytes_repr_slot(Value self) { return str_from_utf8(bytes_repr_utf8(B(self))).into_ref(); }
static int64_t bytes_hash_slot(Value self) { return bytes_hash(B(self)); }
static int64_t bytes_len_slot(Value self) { return B(self)->size; }

static Ref bytes_richcompare(Value a, Value b, CompareOp op) {
  if (!is_bytes(a) || !is_bytes(b)) return Ref::borrow(not_implemented());
  Bytes* x = B(a);
  Bytes* y = B(b);
  if (op == CompareOp::Eq || op == CompareOp::Ne) {
    bool eq = x == y || (x->size == y->size && std::memcmp(x->data, y->data, size_t(x->size)) == 0);
    return Ref::boolean(op == CompareOp::Eq ? eq : !eq);
  }
  int c = x->view().compare(y->view());
  bool r = op == CompareOp::Lt ? c < 0 : op == CompareOp::Le ? c <= 0 : op == CompareOp::Gt ? c > 0 : c >= 0;
  return Ref::boolean(r);
}

static Ref bytes_getitem(Value self, Value key) {
  Bytes* b = B(self);
  if (key.is_obj() && key.obj()->type == &SliceType) {
    int64_t start, stop, step;
    int64_t n = slice_adjust(key.as<Slice>(), b->size, &start, &stop, &step);
    if (n < 0) return nullptr;
    if (step == 1) return bytes_new(std::string_view(b->data + start, size_t(n)));
    Own<Bytes> r = bytes_new_raw(n);
    for (int64_t i = 0, j = start; i < n; i++, j += step) r->data[i] = b->data[j];
    return r;
  }
  Type* kt = type_of(key);
  if (key.is_small_int() || is_int(key) || (kt->number && kt->number->index)) {
    auto i = index_as_int64(key);
    if (!i) {
      if (!error_matches(&OverflowErrorType)) return nullptr;
      clear_error();
      return raisef(&IndexErrorType, "cannot fit '%s' into an index-sized integer", type_name(key));
    }
    int64_t k = *i < 0 ? *i + b->size : *i;
    if (k < 0 || k >= b->size) return raise(&IndexErrorType, "index out of range");
    return Ref::steal(Value::small_int(uint8_t(b->data[k])));
  }
  return raisef(&TypeErrorType, "byte indices must be integers or slices, not %s", type_name(key));
}

static int64_t find_in(const Bytes* h, std::string_view n, int64_t start, int64_t end, bool reverse) {
  if (start > h->size || end - start < int64_t(n.size())) return -1;
  std::string_view hv(h->data + start, size_t(end - start));
  size_t r = reverse ? hv.rfind(n) : hv.find(n);
  return r == std::string_view::npos ? -1 : int64_t(r) + start;
}

static int bytes_contains(Value self, Value item) {
  Bytes* b = B(self);
  if (is_bytes(item)) return find_in(b, B(item)->view(), 0, b->size, false) >= 0;
  Type* t = type_of(item);
  if (item.is_small_int() || is_int(item) || (t->number && t->number->index)) {
    auto i = index_as_int64(item);
    if (!i || *i < 0 || *i > 255) {
      if (!i) clear_error();
      raise(&ValueErrorType, "byte must be in range(0, 256)");
      return -1;
    }
    return std::memchr(b->data, int(*i), size_t(b->size)) != nullptr;
  }
  raisef(&TypeErrorType, "a bytes-like object is required, not '%s'", type_name(item));
  return -1;
}

static Ref bytes_add(Value a, Value b) {
  if (!is_bytes(a)) return Ref::borrow(not_implemented());
  if (!is_bytes(b)) {
    if (type_has(type_of(b), kTypeHeap)) return Ref::borrow(not_implemented());
    return raisef(&TypeErrorType, "can't concat %s to bytes", type_name(b));
  }
  Bytes* x = B(a);
  Bytes* y = B(b);
  if (y->size == 0) return Ref::borrow(a);
  if (x->size == 0) return Ref::borrow(b);
  Own<Bytes> r = bytes_new_raw(x->size + y->size);
  std::memcpy(r->data, x->data, size_t(x->size));
  std::memcpy(r->data + x->size, y->data, size_t(y->size));
  return r;
}

static Ref bytes_mul(Value a, Value b) {
  Value s = is_bytes(a) ? a : b;
  Value n = is_bytes(a) ? b : a;
  if (!is_bytes(s)) return Ref::borrow(not_implemented());
  Type* nt = type_of(n);
  if (!(n.is_small_int() || is_int(n) || (nt->number && nt->number->index))) {
    if (type_has(nt, kTypeHeap) || !is_bytes(a)) return Ref::borrow(not_implemented());
    return raisef(&TypeErrorType, "can't multiply sequence by non-int of type '%s'", type_name(n));
  }
  auto k = index_as_int64(n);
  if (!k) return nullptr;
  Bytes* x = B(s);
  if (*k <= 0 || x->size == 0) return bytes_new("");
  if (*k == 1) return Ref::borrow(s);
  if (x->size > INT64_MAX / 8 / *k) return raise(&MemoryErrorType, "");
  Own<Bytes> r = bytes_new_raw(x->size * *k);
  for (int64_t i = 0; i < *k; i++) std::memcpy(r->data + i * x->size, x->data, size_t(x->size));
  return r;
}

// bytes(), bytes(int), bytes(iterable_of_ints), bytes(str, encoding[, errors]), bytes(bytes)
static Ref bytes_new_slot(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value out[3] = {Value(), Value(), Value()};
  if (!str_args_kw("bytes", args, nargs, kwnames, {"source", "encoding", "errors"}, out)) return nullptr;
  if (type != &BytesType) return raise(&TypeErrorType, "bytes subclasses are not supported yet");
  Value src = out[0];
  if (out[1] || out[2]) {
    if (!src || !is_str(src)) {
      return raise(&TypeErrorType, out[1] ? "encoding without a string argument"
                                          : "errors without a string argument");
    }
    std::string enc = "utf-8", errs = "strict";
    if (out[1]) {
      if (!is_str(out[1]))
        return raisef(&TypeErrorType, "bytes() argument 'encoding' must be str, not %s", type_name(out[1]));
      enc = str_to_utf8(out[1].as<Str>());
    }
    if (out[2]) {
      if (!is_str(out[2]))
        return raisef(&TypeErrorType, "bytes() argument 'errors' must be str, not %s", type_name(out[2]));
      errs = str_to_utf8(out[2].as<Str>());
    }
    return str_encode(src.as<Str>(), enc, errs);
  }
  if (!src) return bytes_new("");
  if (is_bytes(src)) return Ref::borrow(src);
  if (is_str(src)) return raise(&TypeErrorType, "string argument without an encoding");
  Type* t = type_of(src);
  if (src.is_small_int() || is_int(src) || (t->number && t->number->index)) {
    auto n = index_as_int64(src);
    if (!n) {
      if (error_matches(&OverflowErrorType)) {
        clear_error();
        return raisef(&OverflowErrorType, "cannot fit '%s' into an index-sized integer", type_name(src));
      }
      return nullptr;
    }
    if (*n < 0) return raise(&ValueErrorType, "negative count");
    Own<Bytes> r = bytes_new_raw(*n);
    std::memset(r->data, 0, size_t(*n));
    return r;
  }
  if (!t->iter && !t->getitem)
    return raisef(&TypeErrorType, "cannot convert '%s' object to bytes", type_name(src));
  std::string data;
  bool ok = for_each(src, [&](Value item) {
    auto v = index_as_int64(item);
    if (!v) return false;
    if (*v < 0 || *v > 255) {
      raise(&ValueErrorType, "bytes must be in range(0, 256)");
      return false;
    }
    data.push_back(char(*v));
    return true;
  });
  if (!ok) return nullptr;
  return bytes_new(data);
}

static void bytes_dealloc(Object* o) { free_object(o); }

// ---------------------------------------------------------------------------------------
// Methods

static Ref bytes_decode_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[2] = {Value(), Value()};
  if (!str_args_kw("decode", args, nargs, kw, {"encoding", "errors"}, out)) return nullptr;
  std::string enc = "utf-8", errs = "strict";
  if (out[0]) {
    if (!is_str(out[0]))
      return raisef(&TypeErrorType, "decode() argument 'encoding' must be str, not %s", type_name(out[0]));
    enc = str_to_utf8(out[0].as<Str>());
  }
  if (out[1]) {
    if (!is_str(out[1]))
      return raisef(&TypeErrorType, "decode() argument 'errors' must be str, not %s", type_name(out[1]));
    errs = str_to_utf8(out[1].as<Str>());
  }
  return str_decode(B(self)->view(), enc, errs);
}

static Ref bytes_hex_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("hex", kw) || !nargs_tuple("hex", nargs, 0, 0)) return nullptr;
  static const char hex[] = "0123456789abcdef";
  Bytes* b = B(self);
  std::string out;
  out.reserve(size_t(b->size) * 2);
  for (int64_t i = 0; i < b->size; i++) {
    uint8_t c = uint8_t(b->data[i]);
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return str_from_ascii(out).into_ref();
}

static Ref bytes_join_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("join", kw)) return nullptr;
  if (nargs != 1)
    return raisef(&TypeErrorType, "bytes.join() takes exactly one argument (%zu given)", nargs);
  Ref seq = sequence_list(args[0]);
  if (!seq) return nullptr;
  List* l = seq.as<List>();
  Bytes* sep = B(self);
  std::string out;
  for (int64_t i = 0; i < l->size; i++) {
    if (!is_bytes(l->items[i]))
      return raisef(&TypeErrorType, "sequence item %lld: expected a bytes-like object, %s found",
                    (long long)i, type_name(l->items[i]));
    if (i > 0) out.append(sep->data, size_t(sep->size));
    out.append(B(l->items[i])->view());
  }
  return bytes_new(out);
}

static bool parse_range(const Value* args, size_t nargs, int64_t len, int64_t* start, int64_t* end) {
  *start = 0;
  *end = INT64_MAX;
  if (nargs > 1 && !parse_slice_index(args[1], start)) return false;
  if (nargs > 2 && !parse_slice_index(args[2], end)) return false;
  adjust_indices(start, end, len);
  return true;
}

static bool sub_arg(Value v, std::string* out) {
  if (is_bytes(v)) { *out = std::string(B(v)->view()); return true; }
  Type* t = type_of(v);
  if (v.is_small_int() || is_int(v) || (t->number && t->number->index)) {
    auto i = index_as_int64(v);
    if (!i) return false;
    if (*i < 0 || *i > 255) { raise(&ValueErrorType, "byte must be in range(0, 256)"); return false; }
    *out = std::string(1, char(*i));
    return true;
  }
  raisef(&TypeErrorType, "argument should be integer or bytes-like object, not '%s'", type_name(v));
  return false;
}

static Ref find_impl(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                     bool reverse, bool raise_missing) {
  if (!no_kw(name, kw) || !nargs_tuple(name, nargs, 1, 3)) return nullptr;
  std::string sub;
  if (!sub_arg(args[0], &sub)) return nullptr;
  int64_t start, end;
  if (!parse_range(args, nargs, B(self)->size, &start, &end)) return nullptr;
  int64_t r = find_in(B(self), sub, start, end, reverse);
  if (r < 0 && raise_missing) return raise(&ValueErrorType, "subsection not found");
  return Ref::steal(Value::small_int(r));
}

static Ref bytes_find_m(Value s, const Value* a, size_t n, Tuple* kw) { return find_impl("find", s, a, n, kw, false, false); }
static Ref bytes_rfind_m(Value s, const Value* a, size_t n, Tuple* kw) { return find_impl("rfind", s, a, n, kw, true, false); }
static Ref bytes_index_m(Value s, const Value* a, size_t n, Tuple* kw) { return find_impl("index", s, a, n, kw, false, true); }
static Ref bytes_rindex_m(Value s, const Value* a, size_t n, Tuple* kw) { return find_impl("rindex", s, a, n, kw, true, true); }

static Ref bytes_count_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("count", kw) || !nargs_tuple("count", nargs, 1, 3)) return nullptr;
  std::string sub;
  if (!sub_arg(args[0], &sub)) return nullptr;
  int64_t start, end;
  Bytes* b = B(self);
  if (!parse_range(args, nargs, b->size, &start, &end)) return nullptr;
  if (start > b->size || end - start < int64_t(sub.size())) return Ref::steal(Value::small_int(0));
  if (sub.empty()) return Ref::steal(Value::small_int(end - start + 1));
  int64_t count = 0;
  std::string_view hv(b->data, size_t(end));
  size_t i = size_t(start);
  while ((i = hv.find(sub, i)) != std::string_view::npos) { count++; i += sub.size(); }
  return Ref::steal(Value::small_int(count));
}

static Ref startsend(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, bool suffix) {
  if (!no_kw(name, kw) || !nargs_tuple(name, nargs, 1, 3)) return nullptr;
  Bytes* b = B(self);
  int64_t start, end;
  if (!parse_range(args, nargs, b->size, &start, &end)) return nullptr;
  auto match = [&](Bytes* p) {
    if (start > b->size || end - start < p->size) return false;
    int64_t off = suffix ? end - p->size : start;
    return std::memcmp(b->data + off, p->data, size_t(p->size)) == 0;
  };
  if (is_tuple(args[0])) {
    Tuple* t = args[0].as<Tuple>();
    for (int64_t i = 0; i < t->size; i++) {
      if (!want_bytes(t->items[i])) return nullptr;
      if (match(B(t->items[i]))) return Ref::boolean(true);
    }
    return Ref::boolean(false);
  }
  if (!is_bytes(args[0]))
    return raisef(&TypeErrorType, "%s first arg must be bytes or a tuple of bytes, not %s", name, type_name(args[0]));
  return Ref::boolean(match(B(args[0])));
}

static Ref bytes_startswith_m(Value s, const Value* a, size_t n, Tuple* kw) { return startsend("startswith", s, a, n, kw, false); }
static Ref bytes_endswith_m(Value s, const Value* a, size_t n, Tuple* kw) { return startsend("endswith", s, a, n, kw, true); }

static bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static Ref bytes_split_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[2] = {Value::none(), Value()};
  if (!str_args_kw("split", args, nargs, kw, {"sep", "maxsplit"}, out)) return nullptr;
  int64_t maxsplit = -1;
  if (out[1]) {
    auto m = index_as_int64(out[1]);
    if (!m) return nullptr;
    maxsplit = *m;
  }
  if (maxsplit < 0) maxsplit = INT64_MAX;
  Bytes* b = B(self);
  std::string_view s = b->view();
  Own<List> l = list_new(0);
  auto add = [&](std::string_view part) { Own<Bytes> x = bytes_new(part); list_append(l.get(), x.value()); };
  if (out[0].is_none()) {
    size_t i = 0, n = s.size();
    while (maxsplit-- > 0) {
      while (i < n && is_ascii_space(s[i])) i++;
      if (i == n) break;
      size_t j = i;
      while (i < n && !is_ascii_space(s[i])) i++;
      add(s.substr(j, i - j));
    }
    while (i < n && is_ascii_space(s[i])) i++;
    if (i < n) add(s.substr(i));
    return l.into_ref();
  }
  if (!want_bytes(out[0])) return nullptr;
  std::string_view sep = B(out[0])->view();
  if (sep.empty()) return raise(&ValueErrorType, "empty separator");
  size_t i = 0;
  while (maxsplit-- > 0) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) break;
    add(s.substr(i, j - i));
    i = j + sep.size();
  }
  add(s.substr(i));
  return l.into_ref();
}

static Ref strip_impl(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, bool left, bool right) {
  if (!no_kw(name, kw)) return nullptr;
  if (nargs > 1) return raisef(&TypeErrorType, "%s expected at most 1 argument, got %zu", name, nargs);
  std::string_view s = B(self)->view();
  std::string_view chars = " \t\n\r\x0b\x0c";
  if (nargs == 1 && !args[0].is_none()) {
    if (!want_bytes(args[0])) return nullptr;
    chars = B(args[0])->view();
  }
  size_t i = 0, j = s.size();
  if (left) while (i < j && chars.find(s[i]) != std::string_view::npos) i++;
  if (right) while (j > i && chars.find(s[j - 1]) != std::string_view::npos) j--;
  if (i == 0 && j == s.size()) return Ref::borrow(self);
  return bytes_new(s.substr(i, j - i));
}

static Ref bytes_strip_m(Value s, const Value* a, size_t n, Tuple* kw) { return strip_impl("strip", s, a, n, kw, true, true); }
static Ref bytes_lstrip_m(Value s, const Value* a, size_t n, Tuple* kw) { return strip_impl("lstrip", s, a, n, kw, true, false); }
static Ref bytes_rstrip_m(Value s, const Value* a, size_t n, Tuple* kw) { return strip_impl("rstrip", s, a, n, kw, false, true); }

static Ref bytes_replace_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!no_kw("replace", kw)) return nullptr;
  if (nargs < 2 || nargs > 3)
    return raisef(&TypeErrorType, "replace expected %s %d arguments, got %zu", nargs < 2 ? "at least" : "at most",
                  nargs < 2 ? 2 : 3, nargs);
  if (!want_bytes(args[0]) || !want_bytes(args[1])) return nullptr;
  int64_t count = -1;
  if (nargs == 3) {
    auto c = index_as_int64(args[2]);
    if (!c) return nullptr;
    count = *c;
  }
  if (count < 0) count = INT64_MAX;
  std::string_view s = B(self)->view(), old = B(args[0])->view(), rep = B(args[1])->view();
  std::string out;
  size_t i = 0;
  if (old.empty()) {
    for (; i <= s.size() && count > 0; count--, i++) {
      out.append(rep);
      if (i < s.size()) out.push_back(s[i]);
    }
    if (i < s.size()) out.append(s.substr(i));
    return bytes_new(out);
  }
  while (count-- > 0) {
    size_t j = s.find(old, i);
    if (j == std::string_view::npos) break;
    out.append(s.substr(i, j - i));
    out.append(rep);
    i = j + old.size();
  }
  out.append(s.substr(i));
  return bytes_new(out);
}

static Ref bytes_case_m(Value self, bool upper) {
  Bytes* b = B(self);
  Own<Bytes> r = bytes_new_raw(b->size);
  for (int64_t i = 0; i < b->size; i++) {
    char c = b->data[i];
    if (upper && c >= 'a' && c <= 'z') c = char(c - 32);
    else if (!upper && c >= 'A' && c <= 'Z') c = char(c + 32);
    r->data[i] = c;
  }
  return r;
}
static Ref bytes_upper_m(Value s, const Value* a, size_t n, Tuple* kw) {
  if (!no_kw("upper", kw)) return nullptr;
  if (n) return raisef(&TypeErrorType, "bytes.upper() takes no arguments (%zu given)", n);
  return bytes_case_m(s, true);
}
static Ref bytes_lower_m(Value s, const Value* a, size_t n, Tuple* kw) {
  if (!no_kw("lower", kw)) return nullptr;
  if (n) return raisef(&TypeErrorType, "bytes.lower() takes no arguments (%zu given)", n);
  return bytes_case_m(s, false);
}

static const MethodDef bytes_methods[] = {
    {"decode", bytes_decode_m, 0, "Decode the bytes using the codec registered for encoding."},
    {"hex", bytes_hex_m, 0, "Create a string of hexadecimal numbers from a bytes object."},
    {"join", bytes_join_m, 0, "Concatenate any number of bytes objects."},
    {"find", bytes_find_m, 0, "Return the lowest index in B where subsection sub is found."},
    {"rfind", bytes_rfind_m, 0, "Return the highest index in B where subsection sub is found."},
    {"index", bytes_index_m, 0, "Return the lowest index in B where subsection sub is found."},
    {"rindex", bytes_rindex_m, 0, "Return the highest index in B where subsection sub is found."},
    {"count", bytes_count_m, 0, "Return the number of non-overlapping occurrences of subsection sub."},
    {"startswith", bytes_startswith_m, 0, "Return True if B starts with the specified prefix, False otherwise."},
    {"endswith", bytes_endswith_m, 0, "Return True if B ends with the specified suffix, False otherwise."},
    {"split", bytes_split_m, 0, "Return a list of the sections in the bytes, using sep as the delimiter."},
    {"strip", bytes_strip_m, 0, "Strip leading and trailing bytes contained in the argument."},
    {"lstrip", bytes_lstrip_m, 0, "Strip leading bytes contained in the argument."},
    {"rstrip", bytes_rstrip_m, 0, "Strip trailing bytes contained in the argument."},
    {"replace", bytes_replace_m, 0, "Return a copy with all occurrences of substring old replaced by new."},
    {"upper", bytes_upper_m, 0, "B.upper() -> copy of B with ASCII letters uppercased."},
    {"lower", bytes_lower_m, 0, "B.lower() -> copy of B with ASCII letters lowercased."},
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
  static_type_init(BytesType, "bytes", sizeof(Bytes), &ObjectType, kTypeBaseType);
  BytesType.item_size = 1;
  BytesType.dealloc = bytes_dealloc;
  BytesType.repr = bytes_repr_slot;
  BytesType.str = bytes_repr_slot;
  BytesType.hash = bytes_hash_slot;
  BytesType.richcompare = bytes_richcompare;
  BytesType.len = bytes_len_slot;
  BytesType.getitem = bytes_getitem;
  BytesType.contains = bytes_contains;
  BytesType.iter = bytes_iter;
  BytesType.new_ = bytes_new_slot;
  bytes_number.binary[int(BinOp::Add)] = bytes_add;
  bytes_number.binary[int(BinOp::Mul)] = bytes_mul;
  BytesType.number = &bytes_number;
  BytesType.methods = bytes_methods;
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
