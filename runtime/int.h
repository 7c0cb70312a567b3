// runtime/int.h: the int and bool types.
//
// An int is a tagged small int (63 bits, inline in the Value) or a BigInt object holding
// a GMP integer. Invariant: a value that fits in a small int is always stored small, so
// equality of small ints is word equality and a BigInt is never in the small range.
// Arithmetic on two small ints is done inline by the eval loop; everything else comes
// here. bool is a subclass of int whose two values are the tagged True and False.
#pragma once

#include <gmp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct BigInt : Object {
  mpz_t z;
};

extern Type IntType;
extern Type BoolType;

inline bool is_bigint(Value v) { return v.is_obj() && v.obj()->type == &IntType; }
// True for small ints, bools, big ints and instances of int subclasses.
bool is_int(Value v);

Ref make_int(int64_t i);
Ref make_int_u64(uint64_t u);
Ref make_int_mpz(const mpz_t z);  // copies z; normalises to a small int when it fits
// Parses an int literal or int() argument text in `base` (0: auto as Python source).
// Returns null with ValueError set as int() would ("invalid literal for int() with base 10: 'x'").
Ref int_from_string(std::string_view text, int base);
// Converts any int-like Value to int64; std::nullopt (with OverflowError set) when it
// does not fit.
std::optional<int64_t> int_as_int64(Value v);
// Index-like conversion (`__index__`): for indices, slices, range, etc. Sets TypeError
// "'X' object cannot be interpreted as an integer" when v is not int-like.
std::optional<int64_t> index_as_int64(Value v);
// Loads v (an int or bool) into an initialised mpz.
void int_to_mpz(Value v, mpz_t out);
double int_to_double(Value v, bool* overflow);
std::string int_to_decimal(Value v);
int int_sign(Value v);

// The slow paths of the eval loop's small-int fast paths (any int operands).
Ref int_binary_op(BinOp op, Value a, Value b);
// Python's // and % on int64 operands (rounding toward minus infinity; the remainder takes
// the divisor's sign). Precondition: b != 0 and not (a == INT64_MIN and b == -1), which
// small ints (63 bits) never are.
inline int64_t floor_div_small(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t floor_mod_small(int64_t a, int64_t b) {
  int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}
Ref int_compare(Value a, Value b, CompareOp op);
int64_t int_hash(Value v);

// --- Added by the numbers area -------------------------------------------------------

struct Str;

// sys.int_info.default_max_str_digits: conversions between int and decimal text longer
// than this raise ValueError, as CPython 3.11 does (0: no limit). sys.set_int_max_str_digits
// writes it.
extern int64_t int_max_str_digits;
// False with CPython's ValueError when an int of `ndigits` decimal digits may not be
// turned into text.
bool int_check_str_digits(int64_t ndigits);
// int(s, base) for a str (Unicode digits and spaces accepted, as CPython's).
Ref int_from_str(Str* s, int base);
// PyNumber_Index: v as an exact int (int subclasses and bools copied), calling
// __index__ via the number->index slot; TypeError "'X' object cannot be interpreted as an
// integer" otherwise.
Ref index_of(Value v);
// PyNumber_AsSsize_t(v, NULL): like index_as_int64 but a too-large int clamps to
// INT64_MIN/INT64_MAX instead of raising (slice indices).
std::optional<int64_t> index_as_int64_clamped(Value v);
// GMP cannot report running out of memory (its allocation functions must not return and
// must not throw: the GMP manual's "Custom Allocation"), so every operation whose result
// may be large asks first: false with MemoryError pending when a result of about `bits`
// bits could not be allocated (beyond 2**62 bytes, or refused by malloc now: a ulimit, or
// more than the machine has). Results under 64 MiB are not probed.
bool int_result_fits(double bits);
// Argument Clinic's Py_ssize_t and int converters, for the sizes, widths and counts
// natives take: __index__, then CPython's OverflowError "Python int too large to convert to
// C ssize_t" (or "C int").
std::optional<int64_t> clinic_ssize_arg(Value v);
std::optional<int64_t> clinic_int_arg(Value v);
// int(v) with one argument (PyNumber_Long): __int__, __index__, __trunc__, str.
Ref number_long(Value v);
// int(d) for a double (truncates): OverflowError "cannot convert float infinity to
// integer", ValueError "cannot convert float NaN to integer".
Ref int_from_double(double d);
// divmod(a, b) for two ints: a tuple, or NotImplemented when either is not an int.
Ref int_divmod(Value a, Value b);
// pow(a, b, m) for ints (NotImplemented unless all three are ints).
Ref int_pow3(Value a, Value b, Value m);
// bin()/oct()/hex() text: "-0x1f", "0b101", "0o17" (base 2, 8 or 16).
Ref int_to_base_str(Value v, int base);
// format(v, spec) for an int (int.__format__).
Ref int_format(Value v, Str* spec);
// round(v, ndigits) for an int; ndigits null or None: v as an exact int.
Ref int_round(Value v, Value ndigits);
// True for small ints and BigInts of exactly type int (not bool, not subclasses).
inline bool is_exact_int(Value v) { return v.is_small_int() || is_bigint(v); }
// Exact int with the same value as any int-like (bool -> 0/1, subclass -> int).
Ref int_exact_copy(Value v);

void init_int_types();

}  // namespace gilpy::rt
