// runtime/bytes_methods.cpp: the methods and slots bytes and bytearray share (see
// runtime/bytes_methods.h): searching, splitting, stripping, padding, case mapping, the
// is*() predicates, join, replace, translate, hex/fromhex, decode, with CPython 3.11's
// argument rules and messages (which name the receiver's family: "bytearray.upper()
// takes no arguments (1 given)").
#include "runtime/bytes_methods.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/abstract.h"
#include "runtime/buffer.h"
#include "runtime/errors.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/repeat.h"
#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

Ref bytes_family_new(Value like, std::string_view data) {
  if (like.obj()->type != &BytesType && is_bytearray(like)) return bytearray_new(data).into_ref();
  return bytes_new(data).into_ref();
}

// For exact bytes, CPython returns the receiver itself when a method changes nothing.
static Ref unchanged(Value self) {
  if (self.obj()->type == &BytesType) return Ref::borrow(self);
  return bytes_family_new(self, bytes_family_view(self));
}

// ---------------------------------------------------------------------------------------
// Argument checks, in CPython's several styles (each method names the one it uses).

static bool no_kw_named(Value self, const char* name, Tuple* kw) {
  if (kw && kw->size > 0) {
    raisef(&TypeErrorType, "%s.%s() takes no keyword arguments", bytes_family_name(self), name);
    return false;
  }
  return true;
}

// METH_NOARGS: "bytes.upper() takes no arguments (1 given)".
static bool args_none(Value self, const char* name, size_t nargs, Tuple* kw) {
  if (!no_kw_named(self, name, kw)) return false;
  if (nargs) {
    raisef(&TypeErrorType, "%s.%s() takes no arguments (%zu given)", bytes_family_name(self), name, nargs);
    return false;
  }
  return true;
}

// METH_O: "bytes.join() takes exactly one argument (0 given)".
static bool args_one(Value self, const char* name, size_t nargs, Tuple* kw) {
  if (!no_kw_named(self, name, kw)) return false;
  if (nargs != 1) {
    raisef(&TypeErrorType, "%s.%s() takes exactly one argument (%zu given)", bytes_family_name(self), name, nargs);
    return false;
  }
  return true;
}

// Argument Clinic, positional only: "center expected at least 1 argument, got 0".
static bool args_clinic(Value self, const char* name, size_t nargs, Tuple* kw, size_t min, size_t max) {
  if (!no_kw_named(self, name, kw)) return false;
  return check_nargs(name, nargs, min, max);
}

// PyArg_ParseTuple: "count() takes at least 1 argument (0 given)". (Keywords are refused
// by the method descriptor, which names the type, as for a direct call b.count(x=1).)
static bool args_tuple(Value self, const char* name, size_t nargs, Tuple* kw, size_t min, size_t max) {
  if (!no_kw_named(self, name, kw)) return false;
  if (nargs < min || nargs > max) {
    const char* how = min == max ? "exactly" : nargs < min ? "at least" : "at most";
    size_t k = nargs < min ? min : max;
    raisef(&TypeErrorType, "%s() takes %s %zu argument%s (%zu given)", name, how, k, k == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

static bool is_index_like(Value v) {
  if (v.is_small_int() || is_int(v)) return true;
  Type* t = type_of(v);
  return t->number && t->number->index;
}

Ref slice_with_int_bounds(Slice* s) {
  auto plain = [](Value v) { return v.is_none() || v.is_small_int() || is_int(v); };
  if (plain(s->start) && plain(s->stop) && plain(s->step)) return Ref::borrow(Value::from_obj(s));
  Ref bounds[3];
  Value in[3] = {s->start, s->stop, s->step};
  for (int i = 0; i < 3; i++) {
    Type* t = type_of(in[i]);
    if (plain(in[i]) || !(t->number && t->number->index)) {
      bounds[i] = Ref::borrow(in[i]);  // slice_adjust reports the non-index ones
      continue;
    }
    bounds[i] = index_of(in[i]);
    if (!bounds[i]) return nullptr;
  }
  return slice_new(bounds[0].get(), bounds[1].get(), bounds[2].get());
}

bool byte_value_arg(Value v, uint8_t* out) {
  Ref r = index_of(v);
  if (!r) return false;
  if (!r.get().is_small_int() || r.get().small_int() < 0 || r.get().small_int() > 255) {
    raise(&ValueErrorType, "byte must be in range(0, 256)");
    return false;
  }
  *out = uint8_t(r.get().small_int());
  return true;
}

// The sub argument of find/count/index (CPython's parse_args_finds_byte): a bytes-like
// object, or an int naming one byte. `byte` receives the int form.
static bool sub_arg(Value v, Buffer* buf, char* byte, std::string_view* sub) {
  if (is_bytes_like(v)) {
    if (!buffer_get(v, buf)) return false;
    *sub = buf->view();
    return true;
  }
  if (!is_index_like(v)) {
    raisef(&TypeErrorType, "argument should be integer or bytes-like object, not '%s'", type_name(v));
    return false;
  }
  auto i = index_as_int64_clamped(v);
  if (!i) return false;
  if (*i < 0 || *i > 255) {
    raise(&ValueErrorType, "byte must be in range(0, 256)");
    return false;
  }
  *byte = char(*i);
  *sub = std::string_view(byte, 1);
  return true;
}

// Optional start/end of the search methods (None allowed), adjusted to len.
static bool parse_range(const Value* args, size_t nargs, int64_t* start, int64_t* end) {
  *start = 0;
  *end = INT64_MAX;
  if (nargs > 1 && !parse_slice_index(args[1], start)) return false;
  if (nargs > 2 && !parse_slice_index(args[2], end)) return false;
  return true;
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha(char c) { return is_lower(c) || is_upper(c); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static char to_upper(char c) { return is_lower(c) ? char(c - 32) : c; }
static char to_lower(char c) { return is_upper(c) ? char(c + 32) : c; }

// ---------------------------------------------------------------------------------------
// Searching

static int64_t find_sub(std::string_view h, std::string_view n, int64_t start, int64_t end, bool reverse) {
  adjust_indices(&start, &end, int64_t(h.size()));
  if (start > int64_t(h.size()) || end - start < int64_t(n.size())) return -1;
  std::string_view window = h.substr(size_t(start), size_t(end - start));
  size_t r = reverse ? window.rfind(n) : window.find(n);
  return r == std::string_view::npos ? -1 : int64_t(r) + start;
}

static Ref find_common(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, bool reverse,
                       bool raise_missing) {
  if (!args_tuple(self, name, nargs, kw, 1, 3)) return nullptr;
  int64_t start, end;
  if (!parse_range(args, nargs, &start, &end)) return nullptr;
  Buffer buf;
  char byte;
  std::string_view sub;
  if (!sub_arg(args[0], &buf, &byte, &sub)) return nullptr;
  int64_t r = find_sub(bytes_family_view(self), sub, start, end, reverse);
  if (r < 0 && raise_missing) return raise(&ValueErrorType, "subsection not found");
  return Ref::steal(Value::small_int(r));
}

static Ref m_find(Value s, const Value* a, size_t n, Tuple* kw) { return find_common("find", s, a, n, kw, false, false); }
static Ref m_rfind(Value s, const Value* a, size_t n, Tuple* kw) { return find_common("rfind", s, a, n, kw, true, false); }
static Ref m_index(Value s, const Value* a, size_t n, Tuple* kw) { return find_common("index", s, a, n, kw, false, true); }
static Ref m_rindex(Value s, const Value* a, size_t n, Tuple* kw) { return find_common("rindex", s, a, n, kw, true, true); }

static int64_t count_sub(std::string_view h, std::string_view sub, int64_t start, int64_t end) {
  adjust_indices(&start, &end, int64_t(h.size()));
  if (start > int64_t(h.size()) || end - start < int64_t(sub.size())) return 0;
  if (sub.empty()) return end - start + 1;
  std::string_view window = h.substr(0, size_t(end));
  int64_t count = 0;
  size_t i = size_t(start);
  if (sub.size() == 1) {
    for (; i < window.size(); i++) count += window[i] == sub[0];
    return count;
  }
  while ((i = window.find(sub, i)) != std::string_view::npos) {
    count++;
    i += sub.size();
  }
  return count;
}

static Ref m_count(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_tuple(self, "count", nargs, kw, 1, 3)) return nullptr;
  int64_t start, end;
  if (!parse_range(args, nargs, &start, &end)) return nullptr;
  Buffer buf;
  char byte;
  std::string_view sub;
  if (!sub_arg(args[0], &buf, &byte, &sub)) return nullptr;
  return Ref::steal(Value::small_int(count_sub(bytes_family_view(self), sub, start, end)));
}

// startswith/endswith (CPython's _Py_bytes_tailmatch).
static Ref tailmatch(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, bool suffix) {
  if (!args_tuple(self, name, nargs, kw, 1, 3)) return nullptr;
  int64_t start, end;
  if (!parse_range(args, nargs, &start, &end)) return nullptr;
  auto match = [&](const Buffer& p) {
    std::string_view s = bytes_family_view(self);
    int64_t len = int64_t(s.size()), st = start, en = end;
    adjust_indices(&st, &en, len);
    if (st > len || en - st < p.len) return false;
    int64_t off = suffix ? en - p.len : st;
    return p.len == 0 || std::memcmp(s.data() + off, p.data, size_t(p.len)) == 0;
  };
  Value arg = args[0];
  if (is_tuple(arg)) {
    Own<Tuple> hold = Own<Tuple>::borrow(arg.as<Tuple>());
    for (int64_t i = 0; i < hold->size; i++) {
      Buffer p;
      if (!buffer_get(hold->items[i], &p)) return nullptr;
      if (match(p)) return Ref::boolean(true);
    }
    return Ref::boolean(false);
  }
  Buffer p;
  if (!buffer_get(arg, &p)) {
    if (!error_matches(&TypeErrorType)) return nullptr;
    clear_error();
    return raisef(&TypeErrorType, "%s first arg must be bytes or a tuple of bytes, not %s", name, type_name(arg));
  }
  return Ref::boolean(match(p));
}

static Ref m_startswith(Value s, const Value* a, size_t n, Tuple* kw) { return tailmatch("startswith", s, a, n, kw, false); }
static Ref m_endswith(Value s, const Value* a, size_t n, Tuple* kw) { return tailmatch("endswith", s, a, n, kw, true); }

static Ref m_removeprefix(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one(self, "removeprefix", nargs, kw)) return nullptr;
  Buffer p;
  if (!buffer_get(args[0], &p)) return nullptr;
  std::string_view s = bytes_family_view(self);
  if (p.len > 0 && s.substr(0, size_t(p.len)) == p.view()) return bytes_family_new(self, s.substr(size_t(p.len)));
  return unchanged(self);
}

static Ref m_removesuffix(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one(self, "removesuffix", nargs, kw)) return nullptr;
  Buffer p;
  if (!buffer_get(args[0], &p)) return nullptr;
  std::string_view s = bytes_family_view(self);
  if (p.len > 0 && int64_t(s.size()) >= p.len && s.substr(s.size() - size_t(p.len)) == p.view())
    return bytes_family_new(self, s.substr(0, s.size() - size_t(p.len)));
  return unchanged(self);
}

// ---------------------------------------------------------------------------------------
// Splitting and joining

static Ref split_common(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, bool reverse) {
  Value out[2] = {Value::none(), Value()};
  if (!str_args_kw(name, args, nargs, kw, {"sep", "maxsplit"}, out)) return nullptr;
  int64_t maxsplit = -1;
  if (out[1]) {
    auto m = clinic_ssize_arg(out[1]);
    if (!m) return nullptr;
    maxsplit = *m;
  }
  if (maxsplit < 0) maxsplit = INT64_MAX;
  Buffer sepbuf;
  if (!out[0].is_none()) {
    if (!buffer_get(out[0], &sepbuf)) return nullptr;
    if (sepbuf.len == 0) return raise(&ValueErrorType, "empty separator");
  }
  // Parts are collected as (offset, length) first: making them allocates nothing that
  // runs Python, but keeping the arithmetic apart keeps each direction readable.
  std::string_view s = bytes_family_view(self);
  std::vector<std::pair<size_t, size_t>> parts;
  size_t n = s.size();
  if (!sepbuf.held()) {
    if (!reverse) {
      size_t i = 0;
      while (maxsplit-- > 0) {
        while (i < n && is_space(s[i])) i++;
        if (i == n) break;
        size_t j = i;
        while (i < n && !is_space(s[i])) i++;
        parts.push_back({j, i - j});
      }
      while (i < n && is_space(s[i])) i++;
      if (i < n) parts.push_back({i, n - i});
    } else {
      size_t i = n;  // one past the next byte to look at
      while (maxsplit-- > 0) {
        while (i > 0 && is_space(s[i - 1])) i--;
        if (i == 0) break;
        size_t j = i;
        while (i > 0 && !is_space(s[i - 1])) i--;
        parts.push_back({i, j - i});
      }
      while (i > 0 && is_space(s[i - 1])) i--;
      if (i > 0) parts.push_back({0, i});
    }
  } else {
    std::string_view sep = sepbuf.view();
    if (!reverse) {
      size_t i = 0;
      while (maxsplit-- > 0) {
        size_t j = s.find(sep, i);
        if (j == std::string_view::npos) break;
        parts.push_back({i, j - i});
        i = j + sep.size();
      }
      parts.push_back({i, n - i});
    } else {
      size_t i = n;
      while (maxsplit-- > 0) {
        if (i < sep.size()) break;
        size_t j = s.rfind(sep, i - sep.size());
        if (j == std::string_view::npos) break;
        parts.push_back({j + sep.size(), i - j - sep.size()});
        i = j;
      }
      parts.push_back({0, i});
    }
  }
  Own<List> l = list_new(0);
  bool same = parts.size() == 1 && parts[0].second == n && self.obj()->type == &BytesType;
  for (size_t k = 0; k < parts.size(); k++) {
    auto [off, len] = parts[reverse ? parts.size() - 1 - k : k];
    Ref part = same ? Ref::borrow(self) : bytes_family_new(self, s.substr(off, len));
    list_append(l.get(), part.get());
  }
  return l.into_ref();
}

static Ref m_split(Value s, const Value* a, size_t n, Tuple* kw) { return split_common("split", s, a, n, kw, false); }
static Ref m_rsplit(Value s, const Value* a, size_t n, Tuple* kw) { return split_common("rsplit", s, a, n, kw, true); }

static Ref m_splitlines(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[1] = {Value()};
  if (!str_args_kw("splitlines", args, nargs, kw, {"keepends"}, out)) return nullptr;
  bool keepends = false;
  if (out[0]) {
    auto k = clinic_int_arg(out[0]);
    if (!k) return nullptr;
    keepends = *k != 0;
  }
  std::string_view s = bytes_family_view(self);
  Own<List> l = list_new(0);
  size_t i = 0, n = s.size();
  while (i < n) {
    size_t j = i;
    while (i < n && s[i] != '\n' && s[i] != '\r') i++;
    size_t eol = i;
    if (i < n) {
      i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      if (keepends) eol = i;
    }
    Ref line = (j == 0 && eol == n && self.obj()->type == &BytesType) ? Ref::borrow(self)
                                                                      : bytes_family_new(self, s.substr(j, eol - j));
    list_append(l.get(), line.get());
  }
  return l.into_ref();
}

static Ref partition_common(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                            bool reverse) {
  if (!args_one(self, name, nargs, kw)) return nullptr;
  Buffer sep;
  if (!buffer_get(args[0], &sep)) return nullptr;
  if (sep.len == 0) return raise(&ValueErrorType, "empty separator");
  std::string_view s = bytes_family_view(self);
  size_t pos = reverse ? s.rfind(sep.view()) : s.find(sep.view());
  bool array = is_bytearray(self);
  Ref empty1 = bytes_family_new(self, ""), empty2 = bytes_family_new(self, "");
  if (pos == std::string_view::npos) {
    Ref whole = unchanged(self);
    if (reverse) return tuple_from({empty1.get(), empty2.get(), whole.get()}).into_ref();
    return tuple_from({whole.get(), empty1.get(), empty2.get()}).into_ref();
  }
  Ref head = bytes_family_new(self, s.substr(0, pos));
  Ref tail = bytes_family_new(self, s.substr(pos + size_t(sep.len)));
  // bytes puts the separator object itself in the middle; bytearray a new bytearray.
  Ref mid = array ? bytes_family_new(self, sep.view()) : Ref::borrow(args[0]);
  return tuple_from({head.get(), mid.get(), tail.get()}).into_ref();
}

static Ref m_partition(Value s, const Value* a, size_t n, Tuple* kw) { return partition_common("partition", s, a, n, kw, false); }
static Ref m_rpartition(Value s, const Value* a, size_t n, Tuple* kw) { return partition_common("rpartition", s, a, n, kw, true); }

static Ref m_join(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one(self, "join", nargs, kw)) return nullptr;
  Type* t = type_of(args[0]);
  if (!t->iter && !t->getitem) return raise(&TypeErrorType, "can only join an iterable");
  Ref seq = sequence_list(args[0]);
  if (!seq) return nullptr;
  List* l = seq.as<List>();
  if (l->size == 1 && self.obj()->type == &BytesType && l->items[0].is_obj() &&
      l->items[0].obj()->type == &BytesType)
    return Ref::borrow(l->items[0]);
  std::vector<Buffer> parts(size_t(l->size));
  int64_t total = 0;
  for (int64_t i = 0; i < l->size; i++) {
    if (!is_bytes_like(l->items[i]) || !buffer_get(l->items[i], &parts[size_t(i)])) {
      clear_error();
      return raisef(&TypeErrorType, "sequence item %lld: expected a bytes-like object, %s found", (long long)i,
                    type_name(l->items[i]));
    }
    total += parts[size_t(i)].len;
  }
  std::string_view sep = bytes_family_view(self);
  std::string out;
  out.reserve(size_t(total) + (l->size ? size_t(l->size - 1) * sep.size() : 0));
  for (size_t i = 0; i < parts.size(); i++) {
    if (i > 0) out.append(sep);
    out.append(parts[i].view());
  }
  return bytes_family_new(self, out);
}

// ---------------------------------------------------------------------------------------
// Stripping, padding, replacing

static Ref strip_common(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, bool left,
                        bool right) {
  if (!args_clinic(self, name, nargs, kw, 0, 1)) return nullptr;
  Buffer charsbuf;
  std::string_view chars = " \t\n\r\x0b\x0c";
  if (nargs == 1 && !args[0].is_none()) {
    if (!buffer_get(args[0], &charsbuf)) return nullptr;
    chars = charsbuf.view();
  }
  std::string_view s = bytes_family_view(self);
  size_t i = 0, j = s.size();
  if (left) while (i < j && chars.find(s[i]) != std::string_view::npos) i++;
  if (right) while (j > i && chars.find(s[j - 1]) != std::string_view::npos) j--;
  if (i == 0 && j == s.size()) return unchanged(self);
  return bytes_family_new(self, s.substr(i, j - i));
}

static Ref m_strip(Value s, const Value* a, size_t n, Tuple* kw) { return strip_common("strip", s, a, n, kw, true, true); }
static Ref m_lstrip(Value s, const Value* a, size_t n, Tuple* kw) { return strip_common("lstrip", s, a, n, kw, true, false); }
static Ref m_rstrip(Value s, const Value* a, size_t n, Tuple* kw) { return strip_common("rstrip", s, a, n, kw, false, true); }

// center/ljust/rjust(width, fillchar=b' ').
static Ref pad_common(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw, int where) {
  if (!args_clinic(self, name, nargs, kw, 1, 2)) return nullptr;
  auto width = clinic_ssize_arg(args[0]);
  if (!width) return nullptr;
  char fill = ' ';
  if (nargs == 2) {
    Value f = args[1];
    bool ok = (is_bytes_like(f) && (is_bytearray(f) || (f.is_obj() && is_subtype(type_of(f), &BytesType))));
    std::string_view fv = ok ? bytes_family_view(f) : std::string_view();
    if (!ok || fv.size() != 1)
      return raisef(&TypeErrorType, "%s() argument 2 must be a byte string of length 1, not %s", name, type_name(f));
    fill = fv[0];
  }
  std::string_view s = bytes_family_view(self);
  int64_t len = int64_t(s.size());
  if (*width <= len) return unchanged(self);
  int64_t marg = *width - len, left;
  if (where < 0) left = 0;
  else if (where > 0) left = marg;
  else left = marg / 2 + (marg & *width & 1);
  std::string out(size_t(left), fill);
  out.append(s);
  out.append(size_t(marg - left), fill);
  return bytes_family_new(self, out);
}

static Ref m_ljust(Value s, const Value* a, size_t n, Tuple* kw) { return pad_common("ljust", s, a, n, kw, -1); }
static Ref m_rjust(Value s, const Value* a, size_t n, Tuple* kw) { return pad_common("rjust", s, a, n, kw, 1); }
static Ref m_center(Value s, const Value* a, size_t n, Tuple* kw) { return pad_common("center", s, a, n, kw, 0); }

static Ref m_zfill(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_one(self, "zfill", nargs, kw)) return nullptr;
  auto width = clinic_ssize_arg(args[0]);
  if (!width) return nullptr;
  std::string_view s = bytes_family_view(self);
  if (*width <= int64_t(s.size())) return unchanged(self);
  size_t fill = size_t(*width) - s.size();
  std::string out(fill, '0');
  out.append(s);
  if (out[fill] == '+' || out[fill] == '-') {
    out[0] = out[fill];
    out[fill] = '0';
  }
  return bytes_family_new(self, out);
}

static Ref m_expandtabs(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[1] = {Value()};
  if (!str_args_kw("expandtabs", args, nargs, kw, {"tabsize"}, out)) return nullptr;
  int64_t tabsize = 8;
  if (out[0]) {
    auto t = clinic_int_arg(out[0]);
    if (!t) return nullptr;
    tabsize = *t;
  }
  std::string_view s = bytes_family_view(self);
  std::string r;
  int64_t col = 0;
  for (char c : s) {
    if (c == '\t') {
      if (tabsize > 0) {
        int64_t incr = tabsize - col % tabsize;
        r.append(size_t(incr), ' ');
        col += incr;
      }
    } else {
      r.push_back(c);
      col = (c == '\n' || c == '\r') ? 0 : col + 1;
    }
  }
  return bytes_family_new(self, r);
}

static Ref m_replace(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!args_clinic(self, "replace", nargs, kw, 2, 3)) return nullptr;
  Buffer oldb, newb;
  if (!buffer_get(args[0], &oldb) || !buffer_get(args[1], &newb)) return nullptr;
  int64_t count = -1;
  if (nargs == 3) {
    auto c = clinic_ssize_arg(args[2]);
    if (!c) return nullptr;
    count = *c;
  }
  if (count < 0) count = INT64_MAX;
  std::string_view s = bytes_family_view(self), old = oldb.view(), rep = newb.view();
  std::string out;
  size_t i = 0;
  bool changed = false;
  if (old.empty()) {
    for (; i <= s.size() && count > 0; count--, i++) {
      changed = true;
      out.append(rep);
      if (i < s.size()) out.push_back(s[i]);
    }
    if (i < s.size()) out.append(s.substr(i));
  } else {
    while (count-- > 0) {
      size_t j = s.find(old, i);
      if (j == std::string_view::npos) break;
      changed = true;
      out.append(s.substr(i, j - i));
      out.append(rep);
      i = j + old.size();
    }
    out.append(s.substr(i));
  }
  if (!changed) return unchanged(self);
  return bytes_family_new(self, out);
}

// ---------------------------------------------------------------------------------------
// Case mapping and predicates

template <class Fn>
static Ref map_bytes(const char* name, Value self, size_t nargs, Tuple* kw, Fn fn) {
  if (!args_none(self, name, nargs, kw)) return nullptr;
  std::string out(bytes_family_view(self));
  fn(out);
  return bytes_family_new(self, out);
}

static Ref m_upper(Value s, const Value*, size_t n, Tuple* kw) {
  return map_bytes("upper", s, n, kw, [](std::string& b) { for (char& c : b) c = to_upper(c); });
}
static Ref m_lower(Value s, const Value*, size_t n, Tuple* kw) {
  return map_bytes("lower", s, n, kw, [](std::string& b) { for (char& c : b) c = to_lower(c); });
}
static Ref m_swapcase(Value s, const Value*, size_t n, Tuple* kw) {
  return map_bytes("swapcase", s, n, kw, [](std::string& b) {
    for (char& c : b) c = is_upper(c) ? to_lower(c) : to_upper(c);
  });
}
static Ref m_capitalize(Value s, const Value*, size_t n, Tuple* kw) {
  return map_bytes("capitalize", s, n, kw, [](std::string& b) {
    for (size_t i = 0; i < b.size(); i++) b[i] = i == 0 ? to_upper(b[i]) : to_lower(b[i]);
  });
}
static Ref m_title(Value s, const Value*, size_t n, Tuple* kw) {
  return map_bytes("title", s, n, kw, [](std::string& b) {
    bool prev_cased = false;
    for (char& c : b) {
      if (is_lower(c)) {
        if (!prev_cased) c = to_upper(c);
        prev_cased = true;
      } else if (is_upper(c)) {
        if (prev_cased) c = to_lower(c);
        prev_cased = true;
      } else {
        prev_cased = false;
      }
    }
  });
}

template <class Fn>
static Ref predicate(const char* name, Value self, size_t nargs, Tuple* kw, Fn fn) {
  if (!args_none(self, name, nargs, kw)) return nullptr;
  return Ref::boolean(fn(bytes_family_view(self)));
}

template <bool (*Pred)(char)>
static bool all_nonempty(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!Pred(c)) return false;
  return true;
}
static bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

static Ref m_isspace(Value s, const Value*, size_t n, Tuple* kw) { return predicate("isspace", s, n, kw, all_nonempty<is_space>); }
static Ref m_isalpha(Value s, const Value*, size_t n, Tuple* kw) { return predicate("isalpha", s, n, kw, all_nonempty<is_alpha>); }
static Ref m_isalnum(Value s, const Value*, size_t n, Tuple* kw) { return predicate("isalnum", s, n, kw, all_nonempty<is_alnum>); }
static Ref m_isdigit(Value s, const Value*, size_t n, Tuple* kw) { return predicate("isdigit", s, n, kw, all_nonempty<is_digit>); }
static Ref m_isascii(Value s, const Value*, size_t n, Tuple* kw) {
  return predicate("isascii", s, n, kw, [](std::string_view v) {
    for (char c : v)
      if (uint8_t(c) >= 0x80) return false;
    return true;
  });
}
static Ref m_islower(Value s, const Value*, size_t n, Tuple* kw) {
  return predicate("islower", s, n, kw, [](std::string_view v) {
    bool cased = false;
    for (char c : v) {
      if (is_upper(c)) return false;
      cased |= is_lower(c);
    }
    return cased;
  });
}
static Ref m_isupper(Value s, const Value*, size_t n, Tuple* kw) {
  return predicate("isupper", s, n, kw, [](std::string_view v) {
    bool cased = false;
    for (char c : v) {
      if (is_lower(c)) return false;
      cased |= is_upper(c);
    }
    return cased;
  });
}
static Ref m_istitle(Value s, const Value*, size_t n, Tuple* kw) {
  return predicate("istitle", s, n, kw, [](std::string_view v) {
    bool cased = false, prev_cased = false;
    for (char c : v) {
      if (is_upper(c)) {
        if (prev_cased) return false;
        prev_cased = cased = true;
      } else if (is_lower(c)) {
        if (!prev_cased) return false;
        prev_cased = cased = true;
      } else {
        prev_cased = false;
      }
    }
    return cased;
  });
}

// ---------------------------------------------------------------------------------------
// Translation, hex, decoding

Ref bytes_maketrans(const char* family, const Value* args, size_t nargs, Tuple* kw) {
  if (kw && kw->size > 0) return raisef(&TypeErrorType, "%s.maketrans() takes no keyword arguments", family);
  if (!check_nargs("maketrans", nargs, 2, 2)) return nullptr;
  Buffer from, to;
  if (!buffer_get(args[0], &from) || !buffer_get(args[1], &to)) return nullptr;
  if (from.len != to.len) return raise(&ValueErrorType, "maketrans arguments must have same length");
  Own<Bytes> table = bytes_new_raw(256);
  for (int i = 0; i < 256; i++) table->data[i] = char(i);
  for (int64_t i = 0; i < from.len; i++) table->data[from.data[i]] = char(to.data[i]);
  return table.into_ref();
}

static Ref m_translate(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (nargs == 0) return raise(&TypeErrorType, "translate() takes at least 1 positional argument (0 given)");
  Value out[2] = {Value(), Value()};
  if (!str_args_kw("translate", args, nargs, kw, {"table", "delete"}, out)) return nullptr;
  Buffer table, del;
  if (!out[0].is_none()) {
    if (!buffer_get(out[0], &table)) return nullptr;
    if (table.len != 256) return raise(&ValueErrorType, "translation table must be 256 characters long");
  }
  if (out[1] && !buffer_get(out[1], &del)) return nullptr;
  bool deleted[256] = {};
  for (int64_t i = 0; i < del.len; i++) deleted[del.data[i]] = true;
  std::string_view s = bytes_family_view(self);
  std::string r;
  r.reserve(s.size());
  bool changed = false;
  for (char c : s) {
    uint8_t u = uint8_t(c);
    if (deleted[u]) {
      changed = true;
      continue;
    }
    char m = table.held() ? char(table.data[u]) : c;
    changed |= m != c;
    r.push_back(m);
  }
  if (!changed) return unchanged(self);
  return bytes_family_new(self, r);
}

bool hex_with_separator(std::string_view data, Value sep, Value bytes_per_sep, bool latin1_sep, std::string* out) {
  int64_t group = 1;
  if (bytes_per_sep) {
    auto g = clinic_int_arg(bytes_per_sep);
    if (!g) return false;
    group = *g;
  }
  char sepc = 0;
  uint32_t sep_limit = latin1_sep ? 0x100 : 0x80;
  if (sep) {
    int64_t n = length(sep);
    if (n < 0) return false;
    if (n != 1) return raise(&ValueErrorType, "sep must be length 1."), false;
    if (is_str(sep)) {
      char32_t c = sep.as<Str>()->at(0);
      if (c >= sep_limit) return raise(&ValueErrorType, "sep must be ASCII."), false;
      sepc = char(c);
    } else if (sep.is_obj() && is_subtype(type_of(sep), &BytesType)) {
      sepc = sep.as<Bytes>()->data[0];
      if (uint8_t(sepc) >= sep_limit) return raise(&ValueErrorType, "sep must be ASCII."), false;
    } else {
      return raise(&TypeErrorType, "sep must be str or bytes."), false;
    }
  }
  static const char hex[] = "0123456789abcdef";
  out->reserve(data.size() * 3);
  int64_t k = group < 0 ? -group : group;
  int64_t len = int64_t(data.size());
  for (int64_t i = 0; i < len; i++) {
    if (sep && k > 0 && i > 0 && (group > 0 ? (len - i) % k == 0 : i % k == 0)) out->push_back(sepc);
    uint8_t c = uint8_t(data[size_t(i)]);
    out->push_back(hex[c >> 4]);
    out->push_back(hex[c & 15]);
  }
  return true;
}

Ref bytes_hex_text(std::string_view data, Value sep, Value bytes_per_sep) {
  std::string out;
  if (!hex_with_separator(data, sep, bytes_per_sep, false, &out)) return nullptr;
  return str_from_ascii(out).into_ref();
}

static Ref m_hex(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[2] = {Value(), Value()};
  if (!str_args_kw("hex", args, nargs, kw, {"sep", "bytes_per_sep"}, out)) return nullptr;
  if (out[0] && out[1]) {
    // Convert the count before reading self (its __index__ may run Python).
    auto g = clinic_int_arg(out[1]);
    if (!g) return nullptr;
    Ref count = make_int(*g);
    return bytes_hex_text(bytes_family_view(self), out[0], count.get());
  }
  return bytes_hex_text(bytes_family_view(self), out[0], out[1]);
}

static int hex_digit(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'f') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return int(c - 'A' + 10);
  return -1;
}

// bytes.fromhex / bytearray.fromhex (class methods: `cls` is the class).
static Ref m_fromhex(Value cls, const Value* args, size_t nargs, Tuple* kw) {
  Type* t = cls.as<Type>();
  bool array = is_subtype(t, &ByteArrayType);
  const char* fam = array ? "bytearray" : "bytes";
  if (kw && kw->size > 0) return raisef(&TypeErrorType, "%s.fromhex() takes no keyword arguments", fam);
  if (nargs != 1) return raisef(&TypeErrorType, "%s.fromhex() takes exactly one argument (%zu given)", fam, nargs);
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "fromhex() argument must be str, not %s", type_name(args[0]));
  Str* s = args[0].as<Str>();
  std::string out;
  int64_t i = 0, n = s->length;
  auto bad = [&](int64_t pos) {
    return raisef(&ValueErrorType, "non-hexadecimal number found in fromhex() arg at position %lld", (long long)pos);
  };
  while (i < n) {
    char32_t c = s->at(i);
    if (c < 0x80 && is_space(char(c))) {
      i++;
      continue;
    }
    int hi = hex_digit(c);
    if (hi < 0) return bad(i);
    int lo = i + 1 < n ? hex_digit(s->at(i + 1)) : -1;
    if (lo < 0) return bad(i + 1);
    out.push_back(char(hi * 16 + lo));
    i += 2;
  }
  Ref r = array ? bytearray_new(out).into_ref() : bytes_new(out).into_ref();
  if (t == &BytesType || t == &ByteArrayType) return r;
  return call1(cls, r.get());
}

static Ref m_decode(Value self, const Value* args, size_t nargs, Tuple* kw) {
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
  // Decoding runs no Python code here (built-in codecs only), but keep the bytes in a
  // Buffer anyway: an error handler could one day call back.
  Buffer b;
  if (!buffer_get(self, &b)) return nullptr;
  return str_decode(b.view(), enc, errs);
}

const MethodDef kBytesSharedMethods[] = {
    {"capitalize", m_capitalize, 0, "B.capitalize() -> copy of B with only its first character capitalized (ASCII)."},
    {"center", m_center, 0, "Return a centered string of length width."},
    {"count", m_count, 0, "Return the number of non-overlapping occurrences of subsection sub in bytes B[start:end]."},
    {"decode", m_decode, 0, "Decode the bytes using the codec registered for encoding."},
    {"endswith", m_endswith, 0, "Return True if B ends with the specified suffix, False otherwise."},
    {"expandtabs", m_expandtabs, 0, "Return a copy where all tab characters are expanded using spaces."},
    {"find", m_find, 0, "Return the lowest index in B where subsection sub is found."},
    {"fromhex", m_fromhex, kMethClass, "Create a bytes object from a string of hexadecimal numbers."},
    {"hex", m_hex, 0, "Create a string of hexadecimal numbers from a bytes object."},
    {"index", m_index, 0, "Return the lowest index in B where subsection sub is found."},
    {"isalnum", m_isalnum, 0, "B.isalnum() -> bool"},
    {"isalpha", m_isalpha, 0, "B.isalpha() -> bool"},
    {"isascii", m_isascii, 0, "B.isascii() -> bool"},
    {"isdigit", m_isdigit, 0, "B.isdigit() -> bool"},
    {"islower", m_islower, 0, "B.islower() -> bool"},
    {"isspace", m_isspace, 0, "B.isspace() -> bool"},
    {"istitle", m_istitle, 0, "B.istitle() -> bool"},
    {"isupper", m_isupper, 0, "B.isupper() -> bool"},
    {"join", m_join, 0, "Concatenate any number of bytes objects."},
    {"ljust", m_ljust, 0, "Return a left-justified string of length width."},
    {"lower", m_lower, 0, "B.lower() -> copy of B"},
    {"lstrip", m_lstrip, 0, "Strip leading bytes contained in the argument."},
    {"partition", m_partition, 0, "Partition the bytes into three parts using the given separator."},
    {"removeprefix", m_removeprefix, 0, "Return a bytes object with the given prefix string removed if present."},
    {"removesuffix", m_removesuffix, 0, "Return a bytes object with the given suffix string removed if present."},
    {"replace", m_replace, 0, "Return a copy with all occurrences of substring old replaced by new."},
    {"rfind", m_rfind, 0, "Return the highest index in B where subsection sub is found."},
    {"rindex", m_rindex, 0, "Return the highest index in B where subsection sub is found."},
    {"rjust", m_rjust, 0, "Return a right-justified string of length width."},
    {"rpartition", m_rpartition, 0, "Partition the bytes into three parts using the given separator."},
    {"rsplit", m_rsplit, 0, "Return a list of the sections in the bytes, using sep as the delimiter."},
    {"rstrip", m_rstrip, 0, "Strip trailing bytes contained in the argument."},
    {"split", m_split, 0, "Return a list of the sections in the bytes, using sep as the delimiter."},
    {"splitlines", m_splitlines, 0, "Return a list of the lines in the bytes, breaking at line boundaries."},
    {"startswith", m_startswith, 0, "Return True if B starts with the specified prefix, False otherwise."},
    {"strip", m_strip, 0, "Strip leading and trailing bytes contained in the argument."},
    {"swapcase", m_swapcase, 0, "B.swapcase() -> copy of B"},
    {"title", m_title, 0, "B.title() -> copy of B"},
    {"translate", m_translate, 0, "Return a copy with each character mapped by the given translation table."},
    {"upper", m_upper, 0, "B.upper() -> copy of B"},
    {"zfill", m_zfill, 0, "Pad a numeric string with zeros on the left, to fill a field of the given width."},
    {nullptr, nullptr, 0, nullptr}};

const MethodDef* bytes_methods_with(const MethodDef* own) {
  size_t shared = 0, mine = 0;
  while (kBytesSharedMethods[shared].name) shared++;
  while (own && own[mine].name) mine++;
  // Allocated once per type at start-up and kept for the life of the process, as the
  // static type that points at it.
  auto* table = new MethodDef[shared + mine + 1];
  std::copy(kBytesSharedMethods, kBytesSharedMethods + shared, table);
  if (mine) std::copy(own, own + mine, table + shared);
  table[shared + mine] = {nullptr, nullptr, 0, nullptr};
  return table;
}

// ---------------------------------------------------------------------------------------
// Shared slots

int bytes_family_contains(Value self, Value item) {
  if (is_bytes_like(item)) {
    Buffer b;
    if (!buffer_get(item, &b)) return -1;
    return bytes_family_view(self).find(b.view()) != std::string_view::npos;
  }
  if (!is_index_like(item)) {
    raisef(&TypeErrorType, "a bytes-like object is required, not '%s'", type_name(item));
    return -1;
  }
  auto i = index_as_int64_clamped(item);
  if (!i) return -1;
  if (*i < 0 || *i > 255) {
    raise(&ValueErrorType, "byte must be in range(0, 256)");
    return -1;
  }
  std::string_view s = bytes_family_view(self);
  return !s.empty() && std::memchr(s.data(), int(*i), s.size()) != nullptr;
}

Ref bytes_family_getitem(Value self, Value key) {
  bool array = self.obj()->type != &BytesType && is_bytearray(self);
  if (key.is_obj() && key.obj()->type == &SliceType) {
    Ref bounds = slice_with_int_bounds(key.as<Slice>());
    if (!bounds) return nullptr;
    int64_t start, stop, step;
    std::string_view s = bytes_family_view(self);  // read after any __index__ ran
    int64_t n = slice_adjust(bounds.as<Slice>(), int64_t(s.size()), &start, &stop, &step);
    if (n < 0) return nullptr;
    if (step == 1) {
      if (n == int64_t(s.size()) && self.obj()->type == &BytesType) return Ref::borrow(self);
      return bytes_family_new(self, s.substr(size_t(start), size_t(n)));
    }
    std::string r(size_t(n), '\0');
    for (int64_t i = 0, j = start; i < n; i++, j += step) r[size_t(i)] = s[size_t(j)];
    return bytes_family_new(self, r);
  }
  if (is_index_like(key)) {
    auto i = index_as_int64(key);
    if (!i) {
      if (!error_matches(&OverflowErrorType)) return nullptr;
      clear_error();
      return raisef(&IndexErrorType, "cannot fit '%s' into an index-sized integer", type_name(key));
    }
    std::string_view s = bytes_family_view(self);
    int64_t k = *i < 0 ? *i + int64_t(s.size()) : *i;
    if (k < 0 || k >= int64_t(s.size()))
      return raise(&IndexErrorType, array ? "bytearray index out of range" : "index out of range");
    return Ref::steal(Value::small_int(uint8_t(s[size_t(k)])));
  }
  return raisef(&TypeErrorType, "%s indices must be integers or slices, not %s", array ? "bytearray" : "byte",
                type_name(key));
}

// A heap class on the right may define __radd__/__rmul__: give it its turn (CPython
// tries nb_add of both operands before sq_concat raises).
static bool defers_to(Value other, const char* rname) {
  Type* t = type_of(other);
  return type_has(t, kTypeHeap) && !type_lookup(t, intern(rname)).is_null();
}

Ref bytes_family_concat(Value a, Value b) {
  if (!(is_bytearray(a) || (a.is_obj() && is_subtype(type_of(a), &BytesType)))) return Ref::borrow(not_implemented());
  Buffer right;
  if (!is_bytes_like(b) || !buffer_get(b, &right)) {
    if (error_pending()) clear_error();
    if (defers_to(b, "__radd__")) return Ref::borrow(not_implemented());
    return raisef(&TypeErrorType, "can't concat %s to %s", type_name(b), type_name(a));
  }
  std::string_view left = bytes_family_view(a);
  if (!is_bytearray(a)) {
    if (right.len == 0 && a.obj()->type == &BytesType) return Ref::borrow(a);
    if (left.empty() && b.is_obj() && b.obj()->type == &BytesType) return Ref::borrow(b);
  }
  std::string out;
  out.reserve(left.size() + size_t(right.len));
  out.append(left);
  out.append(right.view());
  return bytes_family_new(a, out);
}

Ref bytes_family_repeat(Value a, Value b) {
  auto family = [](Value v) { return is_bytearray(v) || (v.is_obj() && is_subtype(type_of(v), &BytesType)); };
  Value s = family(a) ? a : b;
  Value n = family(a) ? b : a;
  if (!family(s)) return Ref::borrow(not_implemented());
  if (!is_index_like(n)) {
    if (!family(a) || defers_to(n, "__rmul__")) return Ref::borrow(not_implemented());
    return raisef(&TypeErrorType, "can't multiply sequence by non-int of type '%s'", type_name(n));
  }
  auto k = index_as_int64(n);
  if (!k) return nullptr;
  std::string_view x = bytes_family_view(s);
  bool exact_bytes = s.obj()->type == &BytesType;
  if (*k == 1 && exact_bytes) return Ref::borrow(s);
  if (*k <= 0 || x.empty()) return bytes_family_new(s, "");
  // As CPython's: a length past ssize_t is OverflowError for bytes, MemoryError for
  // bytearray; one that fits but that no allocation holds is MemoryError (from the string).
  if (int64_t(x.size()) > INT64_MAX / *k)
    return is_bytearray(s) ? raise_no_memory() : raise(&OverflowErrorType, "repeated bytes are too long");
  std::string out(x.size() * size_t(*k), '\0');
  std::memcpy(out.data(), x.data(), x.size());
  repeat_in_place(out.data(), x.size(), out.size());
  return bytes_family_new(s, out);
}

Ref bytes_family_compare(Value a, Value b, CompareOp op, bool any_buffer) {
  Buffer x, y;
  if (any_buffer) {
    if (!is_bytes_like(a) || !is_bytes_like(b)) return Ref::borrow(not_implemented());
    if (!buffer_get(a, &x) || !buffer_get(b, &y)) {
      clear_error();
      return Ref::borrow(not_implemented());
    }
  } else {
    auto is_b = [](Value v) { return v.is_obj() && is_subtype(type_of(v), &BytesType); };
    if (!is_b(a) || !is_b(b)) return Ref::borrow(not_implemented());
  }
  std::string_view l = any_buffer ? x.view() : a.as<Bytes>()->view();
  std::string_view r = any_buffer ? y.view() : b.as<Bytes>()->view();
  if (op == CompareOp::Eq || op == CompareOp::Ne) {
    bool eq = l == r;
    return Ref::boolean(op == CompareOp::Eq ? eq : !eq);
  }
  int c = l.compare(r);
  bool res = op == CompareOp::Lt ? c < 0 : op == CompareOp::Le ? c <= 0 : op == CompareOp::Gt ? c > 0 : c >= 0;
  return Ref::boolean(res);
}

std::string bytes_repr_text(std::string_view data, bool bytearray_style) {
  bool sq = data.find('\'') != std::string_view::npos;
  bool dq = data.find('"') != std::string_view::npos;
  char quote = (sq && !dq) ? '"' : '\'';
  static const char hex[] = "0123456789abcdef";
  std::string out = "b";
  out.push_back(quote);
  for (char ch : data) {
    uint8_t c = uint8_t(ch);
    if (c == uint8_t(quote) || c == '\\' || (bytearray_style && c == '\'')) {
      out.push_back('\\');
      out.push_back(char(c));
    } else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < ' ' || c >= 0x7f) {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else out.push_back(char(c));
  }
  out.push_back(quote);
  return out;
}

}  // namespace gilpy::rt
