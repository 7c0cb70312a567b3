// runtime/str.h: the str type: immutable Unicode text indexed by code point.
//
// Layout: a header, then the characters inline. A str whose characters are all ASCII
// stores one byte a character (kind 1, and the bytes are also its UTF-8 form); any
// other str stores four bytes a character (kind 4, UTF-32). `hash` is computed once
// (CPython's siphash13 over the PEP 393 form, see str.cpp) and cached; -1 means "not yet".
// Identifiers and attribute names are interned: equal interned strs are the same object,
// so attribute lookups compare pointers first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Str : Object {
  int64_t length;   // code points
  int64_t hash;     // -1 until computed
  uint8_t kind;     // 1: ASCII bytes; 4: UTF-32 code points
  bool interned;
  // followed by length * kind bytes of data and, for kind 1, a NUL byte
  const char* ascii() const { return reinterpret_cast<const char*>(this + 1); }
  char* ascii_mut() { return reinterpret_cast<char*>(this + 1); }
  const char32_t* ucs4() const { return reinterpret_cast<const char32_t*>(this + 1); }
  char32_t* ucs4_mut() { return reinterpret_cast<char32_t*>(this + 1); }
  char32_t at(int64_t i) const { return kind == 1 ? char32_t(uint8_t(ascii()[i])) : ucs4()[i]; }
  std::string_view ascii_view() const { return {ascii(), size_t(length)}; }
};

extern Type StrType;

inline bool is_str(Value v) { return v.is_obj() && type_has(v.obj()->type, kTypeStrSubclass); }
inline bool is_exact_str(Value v) { return v.is_obj() && v.obj()->type == &StrType; }

// Makes a str from UTF-8 text (invalid sequences are replaced by U+FFFD).
Own<Str> str_from_utf8(std::string_view utf8);
Own<Str> str_from_ascii(std::string_view ascii);  // precondition: all bytes < 0x80
Own<Str> str_from_ucs4(const char32_t* chars, int64_t n);  // picks the narrowest kind
// A new, uninitialised str of `length` characters of `kind` (fill it, then use it).
Own<Str> str_new_raw(int64_t length, uint8_t kind);
// The str's text as UTF-8.
std::string str_to_utf8(const Str* s);
// Interned str for an identifier: the same object for the same text, forever alive.
Str* intern(std::string_view utf8);
Own<Str> intern_str(Own<Str> s);  // interns s in place (or returns the existing one)
// hash(s): computed once, then cached in the str (the check is inline; hot lookups use it).
int64_t str_hash_slow(Str* s);
inline int64_t str_hash(Str* s) { return s->hash != -1 ? s->hash : str_hash_slow(s); }
bool str_equal(const Str* a, const Str* b);
int str_compare(const Str* a, const Str* b);  // <0, 0, >0 by code points
Own<Str> str_concat(const Str* a, const Str* b);
Own<Str> str_substr(const Str* s, int64_t start, int64_t stop);  // code point indices
// The empty string and one-character strs are cached (as CPython's are).
Str* str_empty();
Own<Str> str_from_char(char32_t c);

// Python repr of a str: quotes chosen as CPython's, escapes for non-printables.
std::string str_repr_utf8(const Str* s);

// Formats `value` with a format spec (the `format()` builtin / f-string `:spec`), for str.
Ref str_format_spec(const Str* s, const Str* spec);
// `fmt % args` for str.
Ref str_percent_format(const Str* fmt, Value args);

// ---- Added by the str engineer (str.cpp, str_methods.cpp, str_format.cpp) ----

// CPython's _Py_HashBytes with PYTHONHASHSEED=0 (siphash13, zero key): 0 for empty
// input, never -1. hash(str) is this over the PEP 393 form (1/2/4 bytes a character).
int64_t hash_bytes(const void* data, size_t n);
// repr(s) as a str object.
Own<Str> str_repr(const Str* s);
// Codecs: "utf-8", "ascii", "latin-1" (and their aliases); errors "strict", "replace",
// "ignore", "surrogateescape", "surrogatepass", "backslashreplace". CPython's
// LookupError / UnicodeDecodeError / UnicodeEncodeError messages.
Ref str_encode(const Str* s, std::string_view encoding, std::string_view errors);  // -> bytes
// An encoding the native codecs do not know goes to the codec registry (stdlib/'s _codecs
// sets this): obj a str to encode or a bytes to decode.
extern Ref (*codec_fallback_hook)(Value obj, std::string_view encoding, std::string_view errors, bool encode);
Ref str_decode(std::string_view data, std::string_view encoding, std::string_view errors);
// The standard format-spec mini-language, parsed (shared with int/float __format__):
// [[fill]align][sign][z][#][0][width][grouping][.precision][type].
struct FormatSpec {
  char32_t fill = ' ';
  char align = 0;        // '<', '>', '^', '=' or 0 (default)
  char sign = 0;         // '+', '-', ' ' or 0
  bool no_neg_zero = false;  // 'z'
  bool alternate = false;    // '#'
  bool zero_pad = false;     // a '0' before the width: fill is '0'; numbers then use
                             // '=' alignment when align is 0 (str keeps '<')
  int64_t width = -1;
  char grouping = 0;     // ',' or '_' or 0
  int64_t precision = -1;
  char32_t type = 0;     // the presentation type or 0
};
// Parses spec for an object of type `type_name` (for the error messages); `default_type`
// is the presentation type when none is given ('s' for str, 'd' for int...).
// Returns false with ValueError set as CPython's parser does.
bool parse_format_spec(const Str* spec, const char* type_name, char default_type, FormatSpec* out);
// Pads `body` to spec.width with spec.fill per spec.align (`default_align` when none).
Own<Str> format_pad(const Str* body, const FormatSpec& spec, char default_align);
// str.format(*args, **kwargs) / format_map(mapping): `args` is a tuple (may be null
// for format_map), `kwargs` any mapping (may be null).
Ref str_vformat(const Str* fmt, Tuple* args, Value kwargs);
// sep.join(iterable) (fast for lists and tuples of strs), and s.replace(old, new, count)
// (count < 0: all). The VM's BUILD_STRING can use str_join with the empty str.
Ref str_join(Str* sep, Value iterable);
// The same over an array of n values (all must be strs, else CPython's join TypeError).
Ref str_join_array(const Str* sep, const Value* items, int64_t n);
Ref str_replace(Str* s, Str* old, Str* rep, int64_t count);
// The unicode properties used by the lexer too: identifier characters.
bool str_isidentifier(const Str* s);
// int(str) helpers: the decimal value of a Unicode digit (0-9) or -1; whether a
// character is whitespace as str.isspace says.
int unicode_decimal_value(char32_t c);
bool unicode_isspace(char32_t c);

void init_str_type();

}  // namespace gilpy::rt
