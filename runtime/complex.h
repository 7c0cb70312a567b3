// runtime/complex.h: the complex type, a boxed pair of IEEE doubles (real, imag).
//
// Semantics are CPython 3.11's Objects/complexobject.c: arithmetic with int, float and
// complex operands (`//`, `%` and divmod are not defined), == and != only, hash combining
// the two float hashes, repr "(1+2j)" / "1j" / "(-0-0j)" with the parts in float repr
// form, complex(x) from numbers, strings and objects with __complex__ / __float__ /
// __index__. The C-level helpers below are shared with the cmath module and with float's
// `**` (a negative float raised to a fractional power gives a complex).
#pragma once

#include <string>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Str;

struct CDouble {
  double real, imag;
};

struct Complex : Object {
  CDouble c;
};

extern Type ComplexType;

// An exact complex or an instance of a complex subclass (same layout).
bool is_complex(Value v);
inline CDouble complex_value(Value v) { return v.as<Complex>()->c; }
Ref make_complex(double real, double imag);

// The operand conversion of complex arithmetic: int, float, complex (and subclasses).
// Returns false without an error when v is none of them, false with OverflowError when
// an int does not fit a double.
bool complex_operand(Value v, CDouble* out, bool* error);

// PyComplex_AsCComplex: a complex, __complex__, then __float__ / __index__ (as_double's
// TypeError "must be real number, not X" otherwise).
bool as_cdouble(Value v, CDouble* out);

// a ** b as complex with CPython's errors (ZeroDivisionError "0.0 to a negative or
// complex power", OverflowError "complex exponentiation").
Ref complex_pow_values(CDouble a, CDouble b);
// Smith's division; sets *zero_div (and returns 0) when b is zero.
CDouble complex_quot(CDouble a, CDouble b, bool* zero_div);

// repr(complex) text, and format(complex, spec) (runtime/numeric_format.cpp).
std::string complex_repr_text(CDouble c);
Ref complex_format_spec(CDouble c, const Str* spec, const char* type_name);

void init_complex_type();

}  // namespace gilpy::rt
