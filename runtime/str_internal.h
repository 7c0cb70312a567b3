// runtime/str_internal.h: helpers shared by the str implementation files only
// (str.cpp, str_methods.cpp, str_format.cpp, bytes.cpp). Not part of the runtime's API.
//
// StrBuilder accumulates code points and produces a str of the narrowest kind: it
// stays on a byte buffer while every character is ASCII and switches to UTF-32 at the
// first other character. The argument checkers reproduce CPython's several message
// styles (METH_NOARGS, METH_O, Argument Clinic, PyArg_ParseTuple), which differ per
// method in CPython 3.11, so each str method names the style it uses.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

class StrBuilder {
 public:
  void reserve(size_t n) { if (wide_) w_.reserve(n); else a_.reserve(n); }
  void push(char32_t c) {
    if (!wide_ && c < 128) a_.push_back(char(c));
    else push_wide(c);
  }
  void push_ascii(std::string_view s) {
    if (!wide_) a_.append(s);
    else for (char c : s) w_.push_back(char32_t(uint8_t(c)));
  }
  void push_str(const Str* s) { push_range(s, 0, s->length); }
  void push_range(const Str* s, int64_t start, int64_t stop) {
    if (s->kind == 1) {
      push_ascii(std::string_view(s->ascii() + start, size_t(stop - start)));
    } else {
      if (!wide_) widen();
      w_.append(s->ucs4() + start, size_t(stop - start));
    }
  }
  void push_utf8(std::string_view s);
  void push_repeat(char32_t c, int64_t n) {
    if (n <= 0) return;
    if (!wide_ && c < 128) a_.append(size_t(n), char(c));
    else { if (!wide_) widen(); w_.append(size_t(n), c); }
  }
  int64_t size() const { return wide_ ? int64_t(w_.size()) : int64_t(a_.size()); }
  Own<Str> finish();

 private:
  void widen() {
    wide_ = true;
    w_.reserve(a_.size() + 16);
    for (char c : a_) w_.push_back(char32_t(uint8_t(c)));
    a_.clear();
  }
  void push_wide(char32_t c) { if (!wide_) widen(); w_.push_back(c); }
  bool wide_ = false;
  std::string a_;
  std::u32string w_;
};

// Argument checks with CPython's messages. `name` is the bare method name ("find").
bool str_args_none(const char* name, size_t nargs, Tuple* kwnames);   // METH_NOARGS
bool str_args_one(const char* name, size_t nargs, Tuple* kwnames);    // METH_O
bool str_args_clinic(const char* name, size_t nargs, Tuple* kwnames, size_t min, size_t max);
bool str_args_tuple(const char* name, size_t nargs, Tuple* kwnames, size_t min, size_t max);
// Binds positional-or-keyword parameters (PyArg_ParseTupleAndKeywords messages).
bool str_args_kw(const char* name, const Value* args, size_t nargs, Tuple* kwnames,
                 std::initializer_list<const char*> names, Value* out);

// A borrowed view of a str argument, or TypeError "must be str, not int" (with prefix).
inline Str* as_str(Value v) { return v.as<Str>(); }

// CPython's ADJUST_INDICES after parsing optional start/end (None allowed).
bool parse_slice_index(Value v, int64_t* out);   // _PyEval_SliceIndex
void adjust_indices(int64_t* start, int64_t* end, int64_t len);

// Substring search on code points, within [start, end) of `h`.
int64_t str_find_sub(const Str* h, const Str* n, int64_t start, int64_t end);
int64_t str_rfind_sub(const Str* h, const Str* n, int64_t start, int64_t end);
int64_t str_count_sub(const Str* h, const Str* n, int64_t start, int64_t end, int64_t maxcount);

// Sequences of methods defined in the other files.
extern const MethodDef kStrMethods[];
Ref str_format_method(Value self, const Value* args, size_t nargs, Tuple* kwnames);
Ref str_format_map_method(Value self, const Value* args, size_t nargs, Tuple* kwnames);
Ref str_dunder_format_method(Value self, const Value* args, size_t nargs, Tuple* kwnames);

// UTF-8 codec with CPython's strict error messages (UnicodeDecodeError text). `errors`
// is "strict", "replace", "ignore" or "surrogateescape".
Ref utf8_decode(const char* p, size_t n, std::string_view errors);
// Appends s as UTF-8; lone surrogates are an error unless errors is "surrogatepass"
// (or "replace"/"ignore"). Returns false with UnicodeEncodeError pending.
bool utf8_encode(const Str* s, std::string_view errors, std::string* out);
// Normalises an encoding name as Python's codec lookup does ("UTF_8" -> "utf-8") and
// returns "utf-8", "ascii" or "latin-1", or "" when unknown.
std::string_view normalize_encoding(std::string_view enc);

}  // namespace gilpy::rt
