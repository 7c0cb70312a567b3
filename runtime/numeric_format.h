// runtime/numeric_format.h: text for numbers: CPython's float-to-text conversion
// (PyOS_double_to_string / format_float_short) and the format-spec mini-language for
// int and float (Python/formatter_unicode.c), shared by int.cpp, float.cpp and the str
// team's `%` formatting.
//
// Floats are turned into digits by std::to_chars (shortest round-trip, mode 'r') or by
// glibc's printf (correctly rounded at any precision, modes 'e' 'f' 'g'); the digits are
// then laid out exactly as CPython's format_float_short does, so every repr, f-string
// and `%` conversion of a float matches CPython byte for byte.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/object.h"

namespace gilpy::rt {

struct Str;

// PyOS_double_to_string: `type` is one of e E f F g G r (r: repr, precision ignored);
// `precision` as in printf (for 'g' 0 means 1). Flags as CPython's Py_DTSF_*: alt ('#'),
// add_dot_0 (repr's "1.0"), always_sign ('+'), no_neg_0 (the 'z' option).
std::string double_to_string(double d, char type, int precision, bool alt = false,
                             bool add_dot_0 = false, bool always_sign = false,
                             bool no_neg_0 = false);

// The `format_spec` of int.__format__ / float.__format__. `type_name` names the object
// in error messages ("Unknown format code 'd' for object of type 'float'").
// int_format_spec: v is any int (bool, subclass); float_format_spec: the value d.
Ref int_format_spec(Value v, const Str* spec, const char* type_name);
Ref float_format_spec(double d, const Str* spec, const char* type_name);

// Digits of an int in base 2, 8, 10 or 16 (lowercase), with a leading '-' when negative
// and no prefix. Does not apply the int_max_str_digits limit.
std::string int_to_base_digits(Value v, int base);

}  // namespace gilpy::rt
