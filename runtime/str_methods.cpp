// runtime/str_methods.cpp: the named methods of str (str.split, str.join, str.upper, ...).
//
// Each method follows CPython 3.11's behaviour and messages, including the argument
// convention CPython uses for it (see str_internal.h). ASCII (kind 1) strs take byte
// loops; other strs go through the Unicode tables (runtime/unicode_data.h), with the
// full case mappings (one character may become several) and the Final_Sigma rule.
#include <cstring>
#include <string>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/int.h"
#include "runtime/list.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/str_tokens.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"
#include "runtime/unicode_data.h"

namespace gilpy::rt {

namespace u = unicode;

static inline Str* self_str(Value v) { return v.as<Str>(); }
static inline Ref ref_of(Own<Str> s) { return s.into_ref(); }
static Ref str_self_or_copy(Str* s) {
  if (s->type == &StrType) return Ref::borrow(Value::from_obj(s));
  return str_substr(s, 0, s->length).into_ref();  // exact copy of a subclass instance
}

static bool want_str(Value v, const char* prefix) {
  if (is_str(v)) return true;
  if (prefix) raisef(&TypeErrorType, "%s must be str, not %s", prefix, type_name(v));
  else raisef(&TypeErrorType, "must be str, not %s", type_name(v));
  return false;
}

// A width, count or maxsplit: Argument Clinic's Py_ssize_t converter (int.h), the one
// that every size from Python goes through.
static bool want_ssize(Value v, int64_t* out) {
  auto i = clinic_ssize_arg(v);
  if (!i) return false;
  *out = *i;
  return true;
}

int unicode_decimal_value(char32_t c) { return u::decimal_value(c); }
bool unicode_isspace(char32_t c) { return u::has(c, u::kSpace); }

static inline bool is_space(char32_t c) {
  if (c < 128) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
  return u::has(c, u::kSpace);
}

// ---------------------------------------------------------------------------------------
// Case mapping

static bool is_final_sigma(const Str* s, int64_t i) {
  int64_t j;
  char32_t c = 0;
  for (j = i - 1; j >= 0; j--) {
    c = s->at(j);
    if (!u::has(c, u::kCaseIgnorable)) break;
  }
  bool final_sigma = j >= 0 && u::has(c, u::kCased);
  if (final_sigma && i + 1 < s->length) {
    for (j = i + 1; j < s->length; j++) {
      c = s->at(j);
      if (!u::has(c, u::kCaseIgnorable)) break;
    }
    final_sigma = j == s->length || !u::has(c, u::kCased);
  }
  return final_sigma;
}

static void push_lower(StrBuilder& b, const Str* s, int64_t i, char32_t c) {
  if (c == 0x3A3) { b.push(is_final_sigma(s, i) ? 0x3C2 : 0x3C3); return; }
  char32_t m[3];
  int n = u::to_lower_full(c, m);
  for (int k = 0; k < n; k++) b.push(m[k]);
}

static void push_map(StrBuilder& b, int (*fn)(char32_t, char32_t*), char32_t c) {
  char32_t m[3];
  int n = fn(c, m);
  for (int k = 0; k < n; k++) b.push(m[k]);
}

static Ref ascii_map(const Str* s, int mode) {  // 0 lower, 1 upper, 2 swapcase
  Own<Str> r = str_new_raw(s->length, 1);
  const char* p = s->ascii();
  char* d = r->ascii_mut();
  for (int64_t i = 0; i < s->length; i++) {
    char c = p[i];
    bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
    if (mode == 0) d[i] = up ? char(c + 32) : c;
    else if (mode == 1) d[i] = lo ? char(c - 32) : c;
    else d[i] = up ? char(c + 32) : lo ? char(c - 32) : c;
  }
  if (s->length <= 1) return str_from_ascii(r->ascii_view());
  return r;
}

static Ref str_lower_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("lower", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  if (s->kind == 1) return ascii_map(s, 0);
  StrBuilder b;
  for (int64_t i = 0; i < s->length; i++) push_lower(b, s, i, s->ucs4()[i]);
  return b.finish();
}

static Ref str_casefold_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("casefold", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  if (s->kind == 1) return ascii_map(s, 0);
  StrBuilder b;
  for (int64_t i = 0; i < s->length; i++) push_map(b, u::to_fold_full, s->ucs4()[i]);
  return b.finish();
}

static Ref str_upper_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("upper", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  if (s->kind == 1) return ascii_map(s, 1);
  StrBuilder b;
  for (int64_t i = 0; i < s->length; i++) push_map(b, u::to_upper_full, s->ucs4()[i]);
  return b.finish();
}

static Ref str_swapcase_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("swapcase", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  if (s->kind == 1) return ascii_map(s, 2);
  StrBuilder b;
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->ucs4()[i];
    if (u::has(c, u::kUpper)) push_lower(b, s, i, c);
    else if (u::has(c, u::kLower)) push_map(b, u::to_upper_full, c);
    else b.push(c);
  }
  return b.finish();
}

static Ref str_capitalize_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("capitalize", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  if (s->length == 0) return str_self_or_copy(s);
  StrBuilder b;
  b.reserve(size_t(s->length));
  push_map(b, u::to_title_full, s->at(0));
  for (int64_t i = 1; i < s->length; i++) push_lower(b, s, i, s->at(i));
  return b.finish();
}

static Ref str_title_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("title", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  StrBuilder b;
  b.reserve(size_t(s->length));
  bool prev_cased = false;
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->at(i);
    if (prev_cased) push_lower(b, s, i, c);
    else push_map(b, u::to_title_full, c);
    prev_cased = u::has(c, u::kCased);
  }
  return b.finish();
}

// ---------------------------------------------------------------------------------------
// Predicates

template <class Pred>
static Ref all_chars(Str* s, Pred pred) {
  if (s->length == 0) return Ref::boolean(false);
  for (int64_t i = 0; i < s->length; i++)
    if (!pred(s->at(i))) return Ref::boolean(false);
  return Ref::boolean(true);
}

#define GILPY_STR_PRED(name, expr)                                                   \
  static Ref str_##name##_m(Value self, const Value* args, size_t nargs, Tuple* kw) { \
    if (!str_args_none(#name, nargs, kw)) return nullptr;                             \
    return all_chars(self_str(self), [](char32_t c) { return expr; });                \
  }
GILPY_STR_PRED(isalpha, u::has(c, u::kAlpha))
GILPY_STR_PRED(isalnum, u::has(c, u::kAlpha | u::kDecimal | u::kDigit | u::kNumeric))
GILPY_STR_PRED(isdecimal, u::has(c, u::kDecimal))
GILPY_STR_PRED(isdigit, u::has(c, u::kDigit))
GILPY_STR_PRED(isnumeric, u::has(c, u::kNumeric))
GILPY_STR_PRED(isspace, is_space(c))
#undef GILPY_STR_PRED

static Ref str_isascii_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("isascii", nargs, kw)) return nullptr;
  return Ref::boolean(self_str(self)->kind == 1);
}

static Ref str_isprintable_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("isprintable", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  for (int64_t i = 0; i < s->length; i++)
    if (!u::has(s->at(i), u::kPrintable)) return Ref::boolean(false);
  return Ref::boolean(true);
}

bool str_isidentifier(const Str* s) {
  if (s->length == 0) return false;
  char32_t c = s->at(0);
  if (!u::has(c, u::kXidStart) && c != '_') return false;
  for (int64_t i = 1; i < s->length; i++)
    if (!u::has(s->at(i), u::kXidContinue)) return false;
  return true;
}

static Ref str_isidentifier_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("isidentifier", nargs, kw)) return nullptr;
  return Ref::boolean(str_isidentifier(self_str(self)));
}

static Ref str_islower_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("islower", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  bool cased = false;
  for (int64_t i = 0; i < s->length; i++) {
    uint16_t f = u::flags(s->at(i));
    if (f & (u::kUpper | u::kTitle)) return Ref::boolean(false);
    if (f & u::kLower) cased = true;
  }
  return Ref::boolean(cased);
}

static Ref str_isupper_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("isupper", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  bool cased = false;
  for (int64_t i = 0; i < s->length; i++) {
    uint16_t f = u::flags(s->at(i));
    if (f & (u::kLower | u::kTitle)) return Ref::boolean(false);
    if (f & u::kUpper) cased = true;
  }
  return Ref::boolean(cased);
}

static Ref str_istitle_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("istitle", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  bool cased = false, prev_cased = false;
  for (int64_t i = 0; i < s->length; i++) {
    uint16_t f = u::flags(s->at(i));
    if (f & (u::kUpper | u::kTitle)) {
      if (prev_cased) return Ref::boolean(false);
      prev_cased = cased = true;
    } else if (f & u::kLower) {
      if (!prev_cased) return Ref::boolean(false);
      prev_cased = cased = true;
    } else {
      prev_cased = false;
    }
  }
  return Ref::boolean(cased);
}

// ---------------------------------------------------------------------------------------
// Searching

// Parses (sub[, start[, end]]) for find/rfind/index/rindex/count.
static bool parse_find_args(const char* name, const Value* args, size_t nargs, Tuple* kw,
                            Str** sub, int64_t* start, int64_t* end, int64_t len) {
  if (!str_args_tuple(name, nargs, kw, 1, 3)) return false;
  if (!want_str(args[0], nullptr)) return false;
  *sub = args[0].as<Str>();
  *start = 0;
  *end = INT64_MAX;
  if (nargs > 1 && !parse_slice_index(args[1], start)) return false;
  if (nargs > 2 && !parse_slice_index(args[2], end)) return false;
  adjust_indices(start, end, len);
  return true;
}

static Ref find_impl(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                     bool reverse, bool raise_missing) {
  Str* s = self_str(self);
  Str* sub;
  int64_t start, end;
  if (!parse_find_args(name, args, nargs, kw, &sub, &start, &end, s->length)) return nullptr;
  int64_t r = -1;
  if (start <= s->length)
    r = reverse ? str_rfind_sub(s, sub, start, end) : str_find_sub(s, sub, start, end);
  if (r < 0 && raise_missing) return raise(&ValueErrorType, "substring not found");
  return Ref::steal(Value::small_int(r));
}

static Ref str_find_m(Value self, const Value* a, size_t n, Tuple* kw) { return find_impl("find", self, a, n, kw, false, false); }
static Ref str_rfind_m(Value self, const Value* a, size_t n, Tuple* kw) { return find_impl("rfind", self, a, n, kw, true, false); }
static Ref str_index_m(Value self, const Value* a, size_t n, Tuple* kw) { return find_impl("index", self, a, n, kw, false, true); }
static Ref str_rindex_m(Value self, const Value* a, size_t n, Tuple* kw) { return find_impl("rindex", self, a, n, kw, true, true); }

static Ref str_count_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Str* s = self_str(self);
  Str* sub;
  int64_t start, end;
  if (!parse_find_args("count", args, nargs, kw, &sub, &start, &end, s->length)) return nullptr;
  if (start > s->length) return Ref::steal(Value::small_int(0));
  return Ref::steal(Value::small_int(str_count_sub(s, sub, start, end, -1)));
}

static bool tail_match(const Str* s, const Str* sub, int64_t start, int64_t end, bool suffix) {
  if (end - start < sub->length || start > s->length) return false;
  if (sub->length == 0) return true;
  int64_t off = suffix ? end - sub->length : start;
  if (s->kind == 1 && sub->kind == 1)
    return std::memcmp(s->ascii() + off, sub->ascii(), size_t(sub->length)) == 0;
  for (int64_t i = 0; i < sub->length; i++)
    if (s->at(off + i) != sub->at(i)) return false;
  return true;
}

static Ref startsend(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                     bool suffix) {
  if (!str_args_tuple(name, nargs, kw, 1, 3)) return nullptr;
  Str* s = self_str(self);
  int64_t start = 0, end = INT64_MAX;
  if (nargs > 1 && !parse_slice_index(args[1], &start)) return nullptr;
  if (nargs > 2 && !parse_slice_index(args[2], &end)) return nullptr;
  adjust_indices(&start, &end, s->length);
  if (is_tuple(args[0])) {
    Tuple* t = args[0].as<Tuple>();
    for (int64_t i = 0; i < t->size; i++) {
      if (!is_str(t->items[i]))
        return raisef(&TypeErrorType, "tuple for %s must only contain str, not %s", name,
                      type_name(t->items[i]));
      if (tail_match(s, t->items[i].as<Str>(), start, end, suffix)) return Ref::boolean(true);
    }
    return Ref::boolean(false);
  }
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "%s first arg must be str or a tuple of str, not %s", name,
                  type_name(args[0]));
  return Ref::boolean(tail_match(s, args[0].as<Str>(), start, end, suffix));
}

static Ref str_startswith_m(Value self, const Value* a, size_t n, Tuple* kw) { return startsend("startswith", self, a, n, kw, false); }
static Ref str_endswith_m(Value self, const Value* a, size_t n, Tuple* kw) { return startsend("endswith", self, a, n, kw, true); }

// ---------------------------------------------------------------------------------------
// Splitting and joining

static bool append_own(List* l, Own<Str> s) { return list_append(l, s.value()); }

static Ref split_whitespace(Str* s, int64_t maxsplit) {
  Own<List> l = list_new(0);
  int64_t n = s->length, i = 0;
  while (maxsplit-- > 0) {
    while (i < n && is_space(s->at(i))) i++;
    if (i == n) break;
    int64_t j = i;
    while (i < n && !is_space(s->at(i))) i++;
    if (j == 0 && i == n && s->type == &StrType) {
      list_append(l.get(), Value::from_obj(s));
      return l.into_ref();
    }
    append_own(l.get(), str_token(s, j, i));
  }
  if (i < n) {
    while (i < n && is_space(s->at(i))) i++;
    if (i != n) append_own(l.get(), str_token(s, i, n));
  }
  return l.into_ref();
}

static Ref rsplit_whitespace(Str* s, int64_t maxsplit) {
  Own<List> l = list_new(0);
  int64_t i = s->length - 1;
  while (maxsplit-- > 0) {
    while (i >= 0 && is_space(s->at(i))) i--;
    if (i < 0) break;
    int64_t j = i;
    while (i >= 0 && !is_space(s->at(i))) i--;
    if (j == s->length - 1 && i < 0 && s->type == &StrType) {
      list_append(l.get(), Value::from_obj(s));
      return l.into_ref();
    }
    append_own(l.get(), str_token(s, i + 1, j + 1));
  }
  if (i >= 0) {
    while (i >= 0 && is_space(s->at(i))) i--;
    if (i >= 0) append_own(l.get(), str_token(s, 0, i + 1));
  }
  // Reverse in place.
  for (int64_t a = 0, b = l->size - 1; a < b; a++, b--) std::swap(l->items[a], l->items[b]);
  return l.into_ref();
}

static Ref split_impl(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                      bool reverse) {
  Value out[2] = {Value::none(), Value()};
  if (!str_args_kw(name, args, nargs, kw, {"sep", "maxsplit"}, out)) return nullptr;
  Str* s = self_str(self);
  int64_t maxsplit = -1;
  if (out[1] && !want_ssize(out[1], &maxsplit)) return nullptr;
  if (maxsplit < 0) maxsplit = INT64_MAX;
  if (out[0].is_none()) return reverse ? rsplit_whitespace(s, maxsplit) : split_whitespace(s, maxsplit);
  if (!is_str(out[0]))
    return raisef(&TypeErrorType, "must be str or None, not %s", type_name(out[0]));
  Str* sep = out[0].as<Str>();
  if (sep->length == 0) return raise(&ValueErrorType, "empty separator");
  Own<List> l = list_new(0);
  if (!reverse) {
    int64_t i = 0;
    while (maxsplit-- > 0) {
      int64_t j;
      if (sep->length == 1 && s->kind == 1) {
        if (sep->kind != 1) break;
        const void* p = std::memchr(s->ascii() + i, sep->ascii()[0], size_t(s->length - i));
        j = p ? static_cast<const char*>(p) - s->ascii() : -1;
      } else {
        j = str_find_sub(s, sep, i, s->length);
      }
      if (j < 0) break;
      append_own(l.get(), str_token(s, i, j));
      i = j + sep->length;
    }
    if (i == 0 && s->type == &StrType) list_append(l.get(), Value::from_obj(s));
    else append_own(l.get(), str_token(s, i, s->length));
  } else {
    int64_t end = s->length;
    while (maxsplit-- > 0) {
      int64_t j = str_rfind_sub(s, sep, 0, end);
      if (j < 0) break;
      append_own(l.get(), str_token(s, j + sep->length, end));
      end = j;
    }
    if (end == s->length && s->type == &StrType) list_append(l.get(), Value::from_obj(s));
    else append_own(l.get(), str_token(s, 0, end));
    for (int64_t a = 0, b = l->size - 1; a < b; a++, b--) std::swap(l->items[a], l->items[b]);
  }
  return l.into_ref();
}

static Ref str_split_m(Value self, const Value* a, size_t n, Tuple* kw) { return split_impl("split", self, a, n, kw, false); }
static Ref str_rsplit_m(Value self, const Value* a, size_t n, Tuple* kw) { return split_impl("rsplit", self, a, n, kw, true); }

static Ref str_splitlines_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[1] = {Value()};
  if (!str_args_kw("splitlines", args, nargs, kw, {"keepends"}, out)) return nullptr;
  bool keepends = false;
  if (out[0]) {
    if (is_float(out[0]))
      return raise(&TypeErrorType, "'float' object cannot be interpreted as an integer");
    auto k = clinic_int_arg(out[0]);
    if (!k) return nullptr;
    keepends = *k != 0;
  }
  Str* s = self_str(self);
  Own<List> l = list_new(0);
  int64_t n = s->length, i = 0;
  while (i < n) {
    int64_t j = i;
    while (i < n && !u::has(s->at(i), u::kLineBreak)) i++;
    int64_t eol = i;
    if (i < n) {
      if (s->at(i) == '\r' && i + 1 < n && s->at(i + 1) == '\n') i += 2;
      else i++;
      if (keepends) eol = i;
    }
    if (j == 0 && eol == n && s->type == &StrType) {
      list_append(l.get(), Value::from_obj(s));
      break;
    }
    append_own(l.get(), str_substr(s, j, eol));
  }
  return l.into_ref();
}

Ref str_join(Str* sep, Value iterable) {
  Ref seq;
  const Value* items;
  int64_t n;
  if (is_exact_list(iterable) || is_exact_tuple(iterable)) {
    seq = Ref::borrow(iterable);
  } else {
    Type* t = type_of(iterable);
    if (!t->iter && !t->getitem) return raise(&TypeErrorType, "can only join an iterable");
    seq = sequence_list(iterable);
    if (!seq) return nullptr;
  }
  if (is_tuple(seq.get())) { items = seq.as<Tuple>()->items; n = seq.as<Tuple>()->size; }
  else { items = seq.as<List>()->items; n = seq.as<List>()->size; }
  return str_join_array(sep, items, n);
}

Ref str_join_array(const Str* sep, const Value* items, int64_t n) {
  if (n == 0) return Ref::borrow(Value::from_obj(str_empty()));
  if (n == 1 && is_exact_str(items[0])) return Ref::borrow(items[0]);
  int64_t total = 0;
  bool ascii = sep->kind == 1;
  for (int64_t i = 0; i < n; i++) {
    if (!is_str(items[i]))
      return raisef(&TypeErrorType, "sequence item %lld: expected str instance, %s found",
                    (long long)i, type_name(items[i]));
    Str* s = items[i].as<Str>();
    total += s->length;
    ascii &= s->kind == 1;
  }
  total += sep->length * (n - 1);
  if (ascii) {
    Own<Str> r = str_new_raw(total, 1);
    char* d = r->ascii_mut();
    for (int64_t i = 0; i < n; i++) {
      if (i > 0 && sep->length) {
        std::memcpy(d, sep->ascii(), size_t(sep->length));
        d += sep->length;
      }
      Str* s = items[i].as<Str>();
      std::memcpy(d, s->ascii(), size_t(s->length));
      d += s->length;
    }
    if (total <= 1) return str_from_ascii(r->ascii_view());
    return r;
  }
  StrBuilder b;
  b.reserve(size_t(total));
  for (int64_t i = 0; i < n; i++) {
    if (i > 0) b.push_str(sep);
    b.push_str(items[i].as<Str>());
  }
  return b.finish();
}

static Ref str_join_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("join", nargs, kw)) return nullptr;
  return str_join(self_str(self), args[0]);
}

static Ref partition_impl(Value self, Value arg, bool reverse) {
  if (!want_str(arg, nullptr)) return nullptr;
  Str* s = self_str(self);
  Str* sep = arg.as<Str>();
  if (sep->length == 0) return raise(&ValueErrorType, "empty separator");
  int64_t j = reverse ? str_rfind_sub(s, sep, 0, s->length) : str_find_sub(s, sep, 0, s->length);
  Own<Tuple> t = tuple_new(3);
  Ref whole = str_self_or_copy(s);
  Value empty = Value::from_obj(str_empty());
  if (j < 0) {
    t->items[reverse ? 2 : 0] = whole.release();
    incref(empty); t->items[1] = empty;
    incref(empty); t->items[reverse ? 0 : 2] = empty;
    return t.into_ref();
  }
  t->items[0] = Value::from_obj(str_substr(s, 0, j).release());
  incref(sep);
  t->items[1] = Value::from_obj(sep);
  t->items[2] = Value::from_obj(str_substr(s, j + sep->length, s->length).release());
  return t.into_ref();
}

static Ref str_partition_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("partition", nargs, kw)) return nullptr;
  return partition_impl(self, args[0], false);
}
static Ref str_rpartition_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("rpartition", nargs, kw)) return nullptr;
  return partition_impl(self, args[0], true);
}

// ---------------------------------------------------------------------------------------
// Stripping, padding, replacing

static Ref strip_impl(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                      bool left, bool right) {
  if (!str_args_clinic(name, nargs, kw, 0, 1)) return nullptr;
  Str* s = self_str(self);
  int64_t i = 0, j = s->length;
  if (nargs == 0 || args[0].is_none()) {
    if (left) while (i < j && is_space(s->at(i))) i++;
    if (right) while (j > i && is_space(s->at(j - 1))) j--;
  } else {
    if (!is_str(args[0])) return raisef(&TypeErrorType, "%s arg must be None or str", name);
    Str* chars = args[0].as<Str>();
    auto in = [&](char32_t c) {
      for (int64_t k = 0; k < chars->length; k++)
        if (chars->at(k) == c) return true;
      return false;
    };
    if (left) while (i < j && in(s->at(i))) i++;
    if (right) while (j > i && in(s->at(j - 1))) j--;
  }
  if (i == 0 && j == s->length) return str_self_or_copy(s);
  return str_substr(s, i, j);
}

static Ref str_strip_m(Value self, const Value* a, size_t n, Tuple* kw) { return strip_impl("strip", self, a, n, kw, true, true); }
static Ref str_lstrip_m(Value self, const Value* a, size_t n, Tuple* kw) { return strip_impl("lstrip", self, a, n, kw, true, false); }
static Ref str_rstrip_m(Value self, const Value* a, size_t n, Tuple* kw) { return strip_impl("rstrip", self, a, n, kw, false, true); }

static bool parse_fill(Value v, char32_t* fill) {
  if (!is_str(v)) {
    raisef(&TypeErrorType, "The fill character must be a unicode character, not %s", type_name(v));
    return false;
  }
  if (v.as<Str>()->length != 1) {
    raise(&TypeErrorType, "The fill character must be exactly one character long");
    return false;
  }
  *fill = v.as<Str>()->at(0);
  return true;
}

static Ref pad(Str* s, int64_t left, int64_t right, char32_t fill) {
  if (left < 0) left = 0;
  if (right < 0) right = 0;
  if (left == 0 && right == 0) return str_self_or_copy(s);
  StrBuilder b;
  b.reserve(size_t(left + right + s->length));
  b.push_repeat(fill, left);
  b.push_str(s);
  b.push_repeat(fill, right);
  return b.finish();
}

static Ref just_impl(const char* name, Value self, const Value* args, size_t nargs, Tuple* kw,
                     int how) {  // 0 left, 1 right, 2 center
  if (!str_args_clinic(name, nargs, kw, 1, 2)) return nullptr;
  int64_t width;
  if (!want_ssize(args[0], &width)) return nullptr;
  char32_t fill = ' ';
  if (nargs > 1 && !parse_fill(args[1], &fill)) return nullptr;
  Str* s = self_str(self);
  if (width <= s->length) return str_self_or_copy(s);  // before subtracting: width may be -2**63
  int64_t marg = width - s->length;
  if (how == 0) return pad(s, 0, marg, fill);
  if (how == 1) return pad(s, marg, 0, fill);
  int64_t left = marg / 2 + (marg & width & 1);
  return pad(s, left, marg - left, fill);
}

static Ref str_ljust_m(Value self, const Value* a, size_t n, Tuple* kw) { return just_impl("ljust", self, a, n, kw, 0); }
static Ref str_rjust_m(Value self, const Value* a, size_t n, Tuple* kw) { return just_impl("rjust", self, a, n, kw, 1); }
static Ref str_center_m(Value self, const Value* a, size_t n, Tuple* kw) { return just_impl("center", self, a, n, kw, 2); }

static Ref str_zfill_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("zfill", nargs, kw)) return nullptr;
  int64_t width;
  if (!want_ssize(args[0], &width)) return nullptr;
  Str* s = self_str(self);
  if (s->length >= width) return str_self_or_copy(s);
  int64_t fill = width - s->length;
  StrBuilder b;
  b.reserve(size_t(width));
  int64_t start = 0;
  if (s->length > 0 && (s->at(0) == '+' || s->at(0) == '-')) {
    b.push(s->at(0));
    start = 1;
  }
  b.push_repeat('0', fill);
  b.push_range(s, start, s->length);
  return b.finish();
}

static Ref str_expandtabs_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[1] = {Value()};
  if (!str_args_kw("expandtabs", args, nargs, kw, {"tabsize"}, out)) return nullptr;
  int64_t tabsize = 8;
  if (out[0]) {
    auto t = clinic_int_arg(out[0]);
    if (!t) return nullptr;
    tabsize = *t;
  }
  Str* s = self_str(self);
  bool any = false;
  for (int64_t i = 0; i < s->length && !any; i++) any = s->at(i) == '\t';
  if (!any) return str_self_or_copy(s);
  StrBuilder b;
  int64_t col = 0;
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->at(i);
    if (c == '\t') {
      if (tabsize > 0) {
        int64_t k = tabsize - (col % tabsize);
        b.push_repeat(' ', k);
        col += k;
      }
    } else {
      b.push(c);
      col++;
      if (c == '\n' || c == '\r') col = 0;
    }
  }
  return b.finish();
}

Ref str_replace(Str* s, Str* old, Str* rep, int64_t count) {
  if (count < 0) count = INT64_MAX;
  if (count == 0 || s->length < old->length) return str_self_or_copy(s);
  StrBuilder b;
  if (old->length == 0) {
    // Insert rep before every character and at the end, up to count times.
    b.reserve(size_t(s->length + rep->length * (s->length + 1)));
    int64_t i = 0;
    for (; i <= s->length && count > 0; count--) {
      b.push_str(rep);
      if (i < s->length) b.push(s->at(i));
      i++;
    }
    if (i < s->length) b.push_range(s, i, s->length);
    return b.finish();
  }
  int64_t i = 0, done = 0;
  while (done < count) {
    int64_t j = str_find_sub(s, old, i, s->length);
    if (j < 0) break;
    if (done == 0) b.reserve(size_t(s->length));
    b.push_range(s, i, j);
    b.push_str(rep);
    i = j + old->length;
    done++;
  }
  if (done == 0) return str_self_or_copy(s);
  b.push_range(s, i, s->length);
  return b.finish();
}

static Ref str_replace_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_clinic("replace", nargs, kw, 2, 3)) return nullptr;
  if (!want_str(args[0], "replace() argument 1")) return nullptr;
  if (!want_str(args[1], "replace() argument 2")) return nullptr;
  int64_t count = -1;
  if (nargs > 2 && !want_ssize(args[2], &count)) return nullptr;
  return str_replace(self_str(self), args[0].as<Str>(), args[1].as<Str>(), count);
}

static Ref str_removeprefix_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("removeprefix", nargs, kw)) return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "removeprefix() argument must be str, not %s", type_name(args[0]));
  Str* s = self_str(self);
  Str* p = args[0].as<Str>();
  if (tail_match(s, p, 0, s->length, false)) return str_substr(s, p->length, s->length);
  return str_self_or_copy(s);
}

static Ref str_removesuffix_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("removesuffix", nargs, kw)) return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "removesuffix() argument must be str, not %s", type_name(args[0]));
  Str* s = self_str(self);
  Str* p = args[0].as<Str>();
  if (p->length > 0 && tail_match(s, p, 0, s->length, true))
    return str_substr(s, 0, s->length - p->length);
  return str_self_or_copy(s);
}

// ---------------------------------------------------------------------------------------
// encode, translate, maketrans

static Ref str_encode_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  Value out[2] = {Value(), Value()};
  if (!str_args_kw("encode", args, nargs, kw, {"encoding", "errors"}, out)) return nullptr;
  std::string enc = "utf-8", errs = "strict";
  if (out[0]) {
    if (!is_str(out[0]))
      return raisef(&TypeErrorType, "encode() argument 'encoding' must be str, not %s", type_name(out[0]));
    enc = str_to_utf8(out[0].as<Str>());
  }
  if (out[1]) {
    if (!is_str(out[1]))
      return raisef(&TypeErrorType, "encode() argument 'errors' must be str, not %s", type_name(out[1]));
    errs = str_to_utf8(out[1].as<Str>());
  }
  return str_encode(self_str(self), enc, errs);
}

static Ref str_translate_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("translate", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  Value table = args[0];
  StrBuilder b;
  b.reserve(size_t(s->length));
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->at(i);
    Ref key = make_int(int64_t(c));
    Ref v = get_item(table, key.get());
    if (!v) {
      if (!error_matches(&LookupErrorType)) return nullptr;
      clear_error();
      b.push(c);
      continue;
    }
    if (v.get().is_none()) continue;
    if (is_str(v.get())) { b.push_str(v.as<Str>()); continue; }
    if (is_int(v.get())) {
      auto k = int_as_int64(v.get());
      if (!k || *k < 0 || *k > 0x10FFFF) {
        clear_error();
        return raise(&ValueErrorType, "character mapping must be in range(0x110000)");
      }
      b.push(char32_t(*k));
      continue;
    }
    return raise(&TypeErrorType, "character mapping must return integer, None or str");
  }
  return b.finish();
}

static Ref str_maketrans_m(Value, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_clinic("maketrans", nargs, kw, 1, 3)) return nullptr;
  Own<Dict> d = dict_new();
  if (nargs == 1) {
    if (!is_dict(args[0]))
      return raise(&TypeErrorType, "if you give only one argument to maketrans it must be a dict");
    int64_t pos = 0;
    Value k, v;
    while (dict_next(args[0].as<Dict>(), &pos, &k, &v)) {
      if (is_str(k)) {
        if (k.as<Str>()->length != 1)
          return raise(&ValueErrorType, "string keys in translate table must be of length 1");
        Ref key = make_int(int64_t(k.as<Str>()->at(0)));
        if (!dict_set(d.get(), key.get(), v)) return nullptr;
      } else if (is_int(k)) {
        if (!dict_set(d.get(), k, v)) return nullptr;
      } else {
        return raise(&TypeErrorType, "keys in translate table must be strings or integers");
      }
    }
    return d.into_ref();
  }
  if (!is_str(args[0]))
    return raise(&TypeErrorType, "first maketrans argument must be a string if there is a second argument");
  if (!is_str(args[1]))
    return raisef(&TypeErrorType, "maketrans() argument 2 must be str, not %s", type_name(args[1]));
  Str* x = args[0].as<Str>();
  Str* y = args[1].as<Str>();
  if (x->length != y->length)
    return raise(&ValueErrorType, "the first two maketrans arguments must have equal length");
  for (int64_t i = 0; i < x->length; i++) {
    Ref k = make_int(int64_t(x->at(i)));
    Ref v = make_int(int64_t(y->at(i)));
    if (!dict_set(d.get(), k.get(), v.get())) return nullptr;
  }
  if (nargs == 3) {
    if (!is_str(args[2]))
      return raisef(&TypeErrorType, "maketrans() argument 3 must be str, not %s", type_name(args[2]));
    Str* z = args[2].as<Str>();
    for (int64_t i = 0; i < z->length; i++) {
      Ref k = make_int(int64_t(z->at(i)));
      if (!dict_set(d.get(), k.get(), Value::none())) return nullptr;
    }
  }
  return d.into_ref();
}

static Ref str_getnewargs_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("__getnewargs__", nargs, kw)) return nullptr;
  Ref copy = str_substr(self_str(self), 0, self_str(self)->length).into_ref();
  Own<Tuple> t = tuple_new(1);
  t->items[0] = copy.release();
  return t.into_ref();
}

static Ref str_sizeof_m(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_none("__sizeof__", nargs, kw)) return nullptr;
  Str* s = self_str(self);
  // CPython's sizes: compact ASCII 40 + n + 1, compact UCS1/2/4 56 + (n + 1) * width.
  int64_t size;
  if (s->kind == 1) {
    size = 40 + s->length + 1;
  } else {
    char32_t maxc = 0;
    for (int64_t i = 0; i < s->length; i++) maxc = s->ucs4()[i] > maxc ? s->ucs4()[i] : maxc;
    int w = maxc < 256 ? 1 : maxc < 65536 ? 2 : 4;
    size = 56 + (s->length + 1) * w;
  }
  return make_int(size);
}

const MethodDef kStrMethods[] = {
    {"encode", str_encode_m, 0, "Encode the string using the codec registered for encoding."},
    {"replace", str_replace_m, 0, "Return a copy with all occurrences of substring old replaced by new."},
    {"split", str_split_m, 0, "Return a list of the substrings in the string, using sep as the separator string."},
    {"rsplit", str_rsplit_m, 0, "Return a list of the substrings in the string, using sep as the separator string."},
    {"join", str_join_m, 0, "Concatenate any number of strings."},
    {"capitalize", str_capitalize_m, 0, "Return a capitalized version of the string."},
    {"casefold", str_casefold_m, 0, "Return a version of the string suitable for caseless comparisons."},
    {"title", str_title_m, 0, "Return a version of the string where each word is titlecased."},
    {"center", str_center_m, 0, "Return a centered string of length width."},
    {"count", str_count_m, 0, "Return the number of non-overlapping occurrences of substring sub in string S[start:end]."},
    {"expandtabs", str_expandtabs_m, 0, "Return a copy where all tab characters are expanded using spaces."},
    {"find", str_find_m, 0, "Return the lowest index in S where substring sub is found."},
    {"partition", str_partition_m, 0, "Partition the string into three parts using the given separator."},
    {"index", str_index_m, 0, "Return the lowest index in S where substring sub is found."},
    {"ljust", str_ljust_m, 0, "Return a left-justified string of length width."},
    {"lower", str_lower_m, 0, "Return a copy of the string converted to lowercase."},
    {"lstrip", str_lstrip_m, 0, "Return a copy of the string with leading whitespace removed."},
    {"rfind", str_rfind_m, 0, "Return the highest index in S where substring sub is found."},
    {"rindex", str_rindex_m, 0, "Return the highest index in S where substring sub is found."},
    {"rjust", str_rjust_m, 0, "Return a right-justified string of length width."},
    {"rstrip", str_rstrip_m, 0, "Return a copy of the string with trailing whitespace removed."},
    {"rpartition", str_rpartition_m, 0, "Partition the string into three parts using the given separator."},
    {"splitlines", str_splitlines_m, 0, "Return a list of the lines in the string, breaking at line boundaries."},
    {"strip", str_strip_m, 0, "Return a copy of the string with leading and trailing whitespace removed."},
    {"swapcase", str_swapcase_m, 0, "Convert uppercase characters to lowercase and lowercase characters to uppercase."},
    {"translate", str_translate_m, 0, "Replace each character in the string using the given translation table."},
    {"upper", str_upper_m, 0, "Return a copy of the string converted to uppercase."},
    {"startswith", str_startswith_m, 0, "Return True if S starts with the specified prefix, False otherwise."},
    {"endswith", str_endswith_m, 0, "Return True if S ends with the specified suffix, False otherwise."},
    {"removeprefix", str_removeprefix_m, 0, "Return a str with the given prefix string removed if present."},
    {"removesuffix", str_removesuffix_m, 0, "Return a str with the given suffix string removed if present."},
    {"isascii", str_isascii_m, 0, "Return True if all characters in the string are ASCII, False otherwise."},
    {"islower", str_islower_m, 0, "Return True if the string is a lowercase string, False otherwise."},
    {"isupper", str_isupper_m, 0, "Return True if the string is an uppercase string, False otherwise."},
    {"istitle", str_istitle_m, 0, "Return True if the string is a title-cased string, False otherwise."},
    {"isspace", str_isspace_m, 0, "Return True if the string is a whitespace string, False otherwise."},
    {"isdecimal", str_isdecimal_m, 0, "Return True if the string is a decimal string, False otherwise."},
    {"isdigit", str_isdigit_m, 0, "Return True if the string is a digit string, False otherwise."},
    {"isnumeric", str_isnumeric_m, 0, "Return True if the string is a numeric string, False otherwise."},
    {"isalpha", str_isalpha_m, 0, "Return True if the string is an alphabetic string, False otherwise."},
    {"isalnum", str_isalnum_m, 0, "Return True if the string is an alpha-numeric string, False otherwise."},
    {"isidentifier", str_isidentifier_m, 0, "Return True if the string is a valid Python identifier, False otherwise."},
    {"isprintable", str_isprintable_m, 0, "Return True if the string is printable, False otherwise."},
    {"zfill", str_zfill_m, 0, "Pad a numeric string with zeros on the left, to fill a field of the given width."},
    {"format", str_format_method, 0, "S.format(*args, **kwargs) -> str"},
    {"format_map", str_format_map_method, 0, "S.format_map(mapping) -> str"},
    {"__format__", str_dunder_format_method, 0, "Return a formatted version of the string as described by format_spec."},
    {"maketrans", str_maketrans_m, kMethStatic, "Return a translation table usable for str.translate()."},
    {"__sizeof__", str_sizeof_m, 0, "Return the size of the string in memory, in bytes."},
    {"__getnewargs__", str_getnewargs_m, 0, nullptr},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace gilpy::rt
