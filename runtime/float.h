// runtime/float.h: the float type, a boxed IEEE double.
//
// repr(float) is the shortest text that round-trips (std::to_chars), with CPython's
// rules for when it switches to exponent form. Float objects are recycled through a
// free list (runtime/gc.cpp's size-class pools make this cheap).
#pragma once

#include <cstring>
#include <string>

#include "runtime/object.h"
#include "runtime/type.h"

namespace gilpy::rt {

struct Float : Object {
  double v;
};

extern Type FloatType;

inline bool is_float(Value v) { return v.is_obj() && v.obj()->type == &FloatType; }

// A free list of exact floats (as CPython's): float churn then costs a pointer pop. The
// next link lives in the dead object's value field. Guarded by the GIL like all counts.
// Inline, because the eval loop's float arithmetic allocates and frees on every operation.
struct FloatFreeList {
#ifdef GILPY_SANITIZER_BUILD
  static constexpr int kMax = 0;  // let ASan see every use after free
#else
  static constexpr int kMax = 256;
#endif
  Float* head = nullptr;
  int count = 0;

  // The link is copied in and out of the double's bytes (no type-punned pointer).
  static Float* next_of(Float* f) {
    Float* next;
    std::memcpy(&next, &f->v, sizeof next);
    return next;
  }
  Float* pop() {
    Float* f = head;
    if (f) {
      head = next_of(f);
      --count;
      f->refcnt = 1;
    }
    return f;
  }
  bool push(Float* f) {  // f is dead (count 0, exact float)
    if (count >= kMax) return false;
    std::memcpy(&f->v, &head, sizeof head);
    head = f;
    ++count;
    return true;
  }
};
extern FloatFreeList float_free_list;
Float* float_alloc_slow();

inline Ref make_float(double d) {
  Float* f = float_free_list.pop();
  if (!f) f = float_alloc_slow();
  f->v = d;
  return Ref::steal(Value::from_obj(f));
}
// Drops one reference to an exact float: the last one returns it to the free list.
inline void float_decref(Float* f) {
  if (--f->refcnt == 0 && !float_free_list.push(f)) dealloc(f);
}
// Converts an int or float (or __float__ object) to double; sets TypeError otherwise.
bool as_double(Value v, double* out);
std::string float_repr(double d);
int64_t float_hash(double d);
Ref float_binary_op(BinOp op, Value a, Value b);

// --- Added by the numbers area -------------------------------------------------------

struct Str;

// A float or an instance of a float subclass (same layout).
bool is_float_like(Value v);
inline double float_value(Value v) { return v.as<Float>()->v; }
// float(s) for a str: whitespace, underscores between digits, inf/infinity/nan; ValueError
// "could not convert string to float: '12,5'" otherwise.
Ref float_from_str(Str* s);
// float(v) with one argument (PyNumber_Float): __float__, __index__, str.
Ref number_float(Value v);
// format(d, spec) (float.__format__).
Ref float_format(double d, Str* spec);
// printf-style conversion of `%e %f %g %E %F %G` (str % args), CPython's exact text:
// inf/nan spelled as CPython, '#' keeps the point. precision < 0 means 6.
std::string format_float_printf(double d, char type, int precision, bool alt);
// a ** b for doubles with CPython's special cases and errors (ZeroDivisionError for
// 0.0 ** negative, OverflowError (34, 'Numerical result out of range')). A negative base
// with a non-integral exponent gives a complex, as CPython's.
Ref float_pow_values(double a, double b);
// divmod(a, b) when either is a float and the other a float or int; NotImplemented otherwise.
Ref float_divmod(Value a, Value b);
// round(d, ndigits): ndigits null or None gives an int (half to even); otherwise a float
// correctly rounded to ndigits decimal places.
Ref float_round(double d, Value ndigits);
// Exact comparison of a double with an int (CPython's float/int comparison).
Ref float_int_compare(double d, Value i, CompareOp op);

void init_float_type();

}  // namespace gilpy::rt
