// stdlib/math.cpp: the math module, with CPython 3.11's special cases and messages.
//
// Float functions follow CPython's math_1/math_2 rules: a NaN result from non-NaN input
// is "math domain error" (ValueError); an infinite result from finite input is
// "math range error" (OverflowError) for functions that can overflow, a domain error for
// the others. Integer functions (factorial, gcd, lcm, comb, perm, isqrt) are exact, on GMP.
// log and friends accept ints of any size (log of 10**400 works).
#include <gmp.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

// --- conversions -----------------------------------------------------------------------

// PyFloat_AsDouble: float, int (OverflowError when too big), __float__, __index__.
bool to_double(Value v, double* out) {
  if (is_float(v)) {
    *out = v.as<Float>()->v;
    return true;
  }
  if (v.is_small_int()) {
    *out = double(v.small_int());
    return true;
  }
  if (v.is_bool()) {
    *out = v.is_true() ? 1.0 : 0.0;
    return true;
  }
  if (is_int(v)) {
    bool overflow = false;
    *out = int_to_double(v, &overflow);
    if (overflow) {
      raise(&OverflowErrorType, "int too large to convert to float");
      return false;
    }
    return true;
  }
  Type* t = type_of(v);
  if (t->number && (t->number->to_float || t->number->index)) {
    Ref r = t->number->to_float ? t->number->to_float(v) : t->number->index(v);
    if (!r) return false;
    return to_double(r.get(), out);
  }
  raisef(&TypeErrorType, "must be real number, not %s", t->name);
  return false;
}

// An int-like Value (__index__) as an mpz (initialised by the caller).
bool to_mpz(Value v, mpz_t out) {
  if (is_int(v)) {
    int_to_mpz(v, out);
    return true;
  }
  Type* t = type_of(v);
  if (t->number && t->number->index) {
    Ref r = t->number->index(v);
    if (!r) return false;
    if (!is_int(r.get())) {
      raisef(&TypeErrorType, "__index__ returned non-int (type %s)", type_name(r.get()));
      return false;
    }
    int_to_mpz(r.get(), out);
    return true;
  }
  raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", t->name);
  return false;
}

struct Mpz {
  mpz_t z;
  Mpz() { mpz_init(z); }
  ~Mpz() { mpz_clear(z); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

Ref domain_error() { return raise(&ValueErrorType, "math domain error"); }
Ref range_error() { return raise(&OverflowErrorType, "math range error"); }

bool one_arg(const char* name, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "math.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs != 1) {
    raisef(&TypeErrorType, "math.%s() takes exactly one argument (%zu given)", name, nargs);
    return false;
  }
  return true;
}

bool n_args(const char* name, size_t nargs, Tuple* kwnames, size_t min, size_t max) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs < min || nargs > max) {
    const char* how = min == max ? "" : nargs < min ? "at least " : "at most ";
    size_t n = nargs < min ? min : max;
    raisef(&TypeErrorType, "%s expected %s%zu argument%s, got %zu", name, how, n, n == 1 ? "" : "s", nargs);
    return false;
  }
  return true;
}

// CPython's math_1.
Ref math_1(const char* name, const Value* args, size_t nargs, Tuple* kwnames, double (*fn)(double),
           bool can_overflow) {
  if (!one_arg(name, nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  errno = 0;
  double r = fn(x);
  if (std::isnan(r) && !std::isnan(x)) return domain_error();
  if (std::isinf(r) && std::isfinite(x)) return can_overflow ? range_error() : domain_error();
  return make_float(r);
}

// CPython's math_2.
Ref math_2(const char* name, const Value* args, size_t nargs, Tuple* kwnames, double (*fn)(double, double)) {
  if (!n_args(name, nargs, kwnames, 2, 2)) return nullptr;
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  double r = fn(x, y);
  if (std::isnan(r)) {
    if (!std::isnan(x) && !std::isnan(y)) return domain_error();
  } else if (std::isinf(r)) {
    if (std::isfinite(x) && std::isfinite(y)) return range_error();
  }
  return make_float(r);
}

#define MATH_1(pyname, cfn, overflow)                                              \
  Ref m_##pyname(Value self, const Value* args, size_t nargs, Tuple* kwnames) {   \
    return math_1(#pyname, args, nargs, kwnames, [](double x) { return cfn(x); }, overflow); \
  }

MATH_1(acos, std::acos, false)
MATH_1(acosh, std::acosh, false)
MATH_1(asin, std::asin, false)
MATH_1(asinh, std::asinh, false)
MATH_1(atan, std::atan, false)
MATH_1(atanh, std::atanh, false)
MATH_1(cbrt, std::cbrt, false)
MATH_1(cos, std::cos, false)
MATH_1(cosh, std::cosh, true)
MATH_1(erf, std::erf, false)
MATH_1(erfc, std::erfc, false)
MATH_1(exp, std::exp, true)
MATH_1(exp2, std::exp2, true)
MATH_1(expm1, std::expm1, true)
MATH_1(fabs, std::fabs, false)
MATH_1(log1p, std::log1p, false)
MATH_1(sin, std::sin, false)
MATH_1(sinh, std::sinh, true)
MATH_1(sqrt, std::sqrt, false)
MATH_1(tan, std::tan, false)
MATH_1(tanh, std::tanh, false)
#undef MATH_1

bool is_nonpositive_integer(double x) { return x <= 0 && std::floor(x) == x; }

Ref m_gamma(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("gamma", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isnan(x)) return make_float(x);
  if (std::isinf(x)) {
    if (x > 0) return make_float(x);
    return domain_error();
  }
  if (is_nonpositive_integer(x)) return domain_error();
  double r = std::tgamma(x);
  if (std::isinf(r)) return range_error();
  return make_float(r);
}

Ref m_lgamma(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("lgamma", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isnan(x)) return make_float(x);
  if (std::isinf(x)) return make_float(HUGE_VAL);
  if (is_nonpositive_integer(x)) return domain_error();
  double r = std::lgamma(x);
  if (std::isinf(r)) return range_error();
  return make_float(r);
}

// --- logarithms (any int size) ---------------------------------------------------------

// log of x with `fn` (log, log2, log10); big ints via their mantissa and exponent.
bool log_helper(Value v, double (*fn)(double), double* out) {
  if (is_int(v)) {
    if (int_sign(v) <= 0) {
      domain_error();
      return false;
    }
    bool overflow = false;
    double d = int_to_double(v, &overflow);
    if (!overflow) {
      *out = fn(d);
      return true;
    }
    Mpz z;
    int_to_mpz(v, z.z);
    signed long e;
    double m = mpz_get_d_2exp(&e, z.z);
    *out = fn(m) + fn(2.0) * double(e);
    return true;
  }
  double x;
  if (!to_double(v, &x)) return false;
  if (std::isnan(x) || (std::isinf(x) && x > 0)) {
    *out = x;
    return true;
  }
  if (x <= 0) {
    domain_error();
    return false;
  }
  *out = fn(x);
  return true;
}

double ln(double x) { return std::log(x); }
double lg2(double x) { return std::log2(x); }
double lg10(double x) { return std::log10(x); }

Ref m_log(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "log() takes no keyword arguments");
  if (nargs < 1 || nargs > 2) return raise(&TypeErrorType, "math.log requires 1 to 2 arguments");
  double num;
  if (!log_helper(args[0], ln, &num)) return nullptr;
  if (nargs == 1) return make_float(num);
  double den;
  if (!log_helper(args[1], ln, &den)) return nullptr;
  if (den == 0.0) return raise(&ZeroDivisionErrorType, "float division by zero");
  return make_float(num / den);
}

Ref m_log2(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("log2", nargs, kwnames)) return nullptr;
  double r;
  if (!log_helper(args[0], lg2, &r)) return nullptr;
  return make_float(r);
}

Ref m_log10(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("log10", nargs, kwnames)) return nullptr;
  double r;
  if (!log_helper(args[0], lg10, &r)) return nullptr;
  return make_float(r);
}

// --- rounding to ints ------------------------------------------------------------------

Ref double_to_int(double d) {
  if (std::isinf(d)) return raise(&OverflowErrorType, "cannot convert float infinity to integer");
  if (std::isnan(d)) return raise(&ValueErrorType, "cannot convert float NaN to integer");
  if (std::fabs(d) < 9.0e18) return make_int(int64_t(d));
  Mpz z;
  mpz_set_d(z.z, d);
  return make_int_mpz(z.z);
}

Ref round_to_int(const char* name, const char* dunder, Value v, double (*fn)(double)) {
  if (is_float(v)) return double_to_int(fn(v.as<Float>()->v));
  if (is_int(v) && type_of(v)->number == IntType.number) {
    if (v.is_bool()) return make_int(v.is_true());
    return Ref::borrow(v);
  }
  Value method = type_lookup(type_of(v), intern(dunder));
  if (method) {
    Ref keep = Ref::borrow(method);
    return call1(keep.get(), v);
  }
  double x;
  if (!to_double(v, &x)) return nullptr;
  return double_to_int(fn(x));
}

double floor_d(double x) { return std::floor(x); }
double ceil_d(double x) { return std::ceil(x); }

Ref m_floor(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("floor", nargs, kwnames)) return nullptr;
  return round_to_int("floor", "__floor__", args[0], floor_d);
}

Ref m_ceil(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("ceil", nargs, kwnames)) return nullptr;
  return round_to_int("ceil", "__ceil__", args[0], ceil_d);
}

Ref m_trunc(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("trunc", nargs, kwnames)) return nullptr;
  Value v = args[0];
  if (is_float(v)) return double_to_int(std::trunc(v.as<Float>()->v));
  if (is_int(v) && type_of(v)->number == IntType.number) {
    if (v.is_bool()) return make_int(v.is_true());
    return Ref::borrow(v);
  }
  Value method = type_lookup(type_of(v), intern("__trunc__"));
  if (!method) return raisef(&TypeErrorType, "type %s doesn't define __trunc__ method", type_name(v));
  Ref keep = Ref::borrow(method);
  return call1(keep.get(), v);
}

// --- two-argument float functions ------------------------------------------------------

Ref m_atan2(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return math_2("atan2", args, nargs, kwnames, [](double y, double x) { return std::atan2(y, x); });
}
Ref m_copysign(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return math_2("copysign", args, nargs, kwnames, [](double x, double y) { return std::copysign(x, y); });
}
Ref m_remainder(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return math_2("remainder", args, nargs, kwnames, [](double x, double y) {
    if (std::isinf(y) && std::isfinite(x)) return x;
    return std::remainder(x, y);
  });
}
Ref m_nextafter(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("nextafter", nargs, kwnames, 2, 2)) return nullptr;
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  return make_float(std::nextafter(x, y));
}

Ref m_fmod(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("fmod", nargs, kwnames, 2, 2)) return nullptr;
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  if (std::isinf(y) && std::isfinite(x)) return make_float(x);
  double r = std::fmod(x, y);
  if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error();
  return make_float(r);
}

Ref m_pow(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("pow", nargs, kwnames, 2, 2)) return nullptr;
  double x, y, r;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  if (!std::isfinite(x) || !std::isfinite(y)) {
    if (std::isnan(x)) {
      r = y == 0.0 ? 1.0 : x;
    } else if (std::isnan(y)) {
      r = x == 1.0 ? 1.0 : y;
    } else if (std::isinf(x)) {
      bool odd_y = std::isfinite(y) && std::fmod(std::fabs(y), 2.0) == 1.0;
      if (x > 0) r = y > 0 ? x : 0.0;
      else r = y > 0 ? (odd_y ? x : std::fabs(x)) : (odd_y ? std::copysign(0.0, x) : 0.0);
    } else {  // y is infinite
      if (std::fabs(x) == 1.0) r = 1.0;
      else if (y > 0 && std::fabs(x) > 1.0) r = y;
      else if (y < 0 && std::fabs(x) < 1.0) r = -y;
      else r = 0.0;
    }
    return make_float(r);
  }
  r = std::pow(x, y);
  if (std::isnan(r)) return domain_error();
  if (std::isinf(r)) return x == 0.0 ? domain_error() : range_error();
  return make_float(r);
}

Ref m_ldexp(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("ldexp", nargs, kwnames, 2, 2)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (!is_int(args[1])) return raise(&TypeErrorType, "Expected an int as second argument to ldexp.");
  int64_t e;
  auto v = int_as_int64(args[1]);
  if (!v) {
    clear_error();
    e = int_sign(args[1]) > 0 ? INT32_MAX : INT32_MIN;
  } else {
    e = *v;
  }
  if (x == 0.0 || !std::isfinite(x)) return make_float(x);
  if (e > INT32_MAX) e = INT32_MAX;
  if (e < INT32_MIN) e = INT32_MIN;
  double r = std::ldexp(x, int(e));
  if (std::isinf(r)) return range_error();
  return make_float(r);
}

Ref m_modf(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("modf", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isinf(x)) return make_tuple(make_float(std::copysign(0.0, x)), make_float(x));
  double ip;
  double fp = std::modf(x, &ip);
  return make_tuple(make_float(fp), make_float(ip));
}

Ref m_frexp(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("frexp", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isnan(x) || std::isinf(x) || x == 0.0) return make_tuple(make_float(x), make_int(0));
  int e;
  double m = std::frexp(x, &e);
  return make_tuple(make_float(m), make_int(e));
}

Ref m_degrees(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("degrees", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return make_float(x * (180.0 / M_PI));
}

Ref m_radians(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("radians", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return make_float(x * (M_PI / 180.0));
}

Ref m_ulp(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("ulp", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isnan(x)) return make_float(x);
  x = std::fabs(x);
  if (std::isinf(x)) return make_float(x);
  double next = std::nextafter(x, INFINITY);
  if (std::isinf(next)) {
    double prev = std::nextafter(x, -INFINITY);
    return make_float(x - prev);
  }
  return make_float(next - x);
}

// --- predicates ------------------------------------------------------------------------

Ref m_isinf(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("isinf", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return Ref::boolean(std::isinf(x));
}
Ref m_isnan(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("isnan", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return Ref::boolean(std::isnan(x));
}
Ref m_isfinite(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("isfinite", nargs, kwnames)) return nullptr;
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return Ref::boolean(std::isfinite(x));
}

Ref m_isclose(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value av, bv, rel = Value(), abs_v = Value();
  if (!bind_args("isclose", args, nargs, kwnames, {"a", "b", "*", "rel_tol", "abs_tol"}, 2,
                 {&av, &bv, &rel, &abs_v}))
    return nullptr;
  double a, b, rel_tol = 1e-09, abs_tol = 0.0;
  if (!to_double(av, &a) || !to_double(bv, &b)) return nullptr;
  if (rel && !to_double(rel, &rel_tol)) return nullptr;
  if (abs_v && !to_double(abs_v, &abs_tol)) return nullptr;
  if (rel_tol < 0.0 || abs_tol < 0.0) return raise(&ValueErrorType, "tolerances must be non-negative");
  if (a == b) return Ref::boolean(true);
  if (std::isinf(a) || std::isinf(b)) return Ref::boolean(false);
  double diff = std::fabs(b - a);
  return Ref::boolean(diff <= std::fabs(rel_tol * b) || diff <= std::fabs(rel_tol * a) || diff <= abs_tol);
}

// --- sums and norms --------------------------------------------------------------------

// Shewchuk's exact summation, as CPython's math_fsum.
Ref m_fsum(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("fsum", nargs, kwnames)) return nullptr;
  std::vector<double> p;
  double special_sum = 0.0, inf_sum = 0.0;
  bool overflow = false;
  bool ok = for_each(args[0], [&](Value item) {
    double x;
    if (!to_double(item, &x)) return false;
    double xsave = x;
    size_t i = 0;
    for (double y : p) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      double hi = x + y;
      double yr = hi - x;
      double lo = y - yr;
      if (lo != 0.0) p[i++] = lo;
      x = hi;
    }
    p.resize(i);
    if (x != 0.0) {
      if (!std::isfinite(x)) {
        if (std::isfinite(xsave)) {
          overflow = true;
          return false;
        }
        if (std::isinf(xsave)) inf_sum += xsave;
        special_sum += xsave;
        p.clear();
      } else {
        p.push_back(x);
      }
    }
    return true;
  });
  if (overflow) return raise(&OverflowErrorType, "intermediate overflow in fsum");
  if (!ok) return nullptr;
  if (special_sum != 0.0) {
    if (std::isnan(inf_sum)) return raise(&ValueErrorType, "-inf + inf in fsum");
    return make_float(special_sum);
  }
  double hi = 0.0;
  size_t n = p.size();
  if (n > 0) {
    hi = p[--n];
    double lo = 0.0;
    while (n > 0) {
      double x = hi;
      double y = p[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return make_float(hi);
}

Ref m_prod(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value iterable, start = Value::small_int(1);
  if (!bind_args("prod", args, nargs, kwnames, {"iterable", "/", "*", "start"}, 1, {&iterable, &start}))
    return nullptr;
  Ref result = Ref::borrow(start);
  bool ok = for_each(iterable, [&](Value item) {
    Value r = result.get();
    int64_t out;
    if (r.is_small_int() && item.is_small_int() && !__builtin_mul_overflow(r.small_int(), item.small_int(), &out) &&
        Value::fits_small(out)) {
      result = Ref::steal(Value::small_int(out));
      return true;
    }
    Ref next = binary_op(r, item, BinOp::Mul);
    if (!next) return false;
    result = std::move(next);
    return true;
  });
  if (!ok) return nullptr;
  return result;
}

// Euclidean norm of a vector, scaled to avoid overflow (CPython's vector_norm in spirit).
double vector_norm(const std::vector<double>& v, double max, bool found_nan) {
  if (std::isinf(max)) return max;
  if (found_nan) return NAN;
  if (max == 0.0 || v.size() <= 1) return max;
  // Compensated sum of squares of the scaled values.
  double sum = 0.0, comp = 0.0;
  for (double x : v) {
    double s = x / max;
    double sq = s * s;
    double t = sum + sq;
    if (std::fabs(sum) >= std::fabs(sq)) comp += (sum - t) + sq;
    else comp += (sq - t) + sum;
    sum = t;
  }
  return max * std::sqrt(sum + comp);
}

Ref m_hypot(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "hypot() takes no keyword arguments");
  std::vector<double> v(nargs);
  double max = 0.0;
  bool nan = false;
  for (size_t i = 0; i < nargs; i++) {
    double x;
    if (!to_double(args[i], &x)) return nullptr;
    x = std::fabs(x);
    v[i] = x;
    if (std::isnan(x)) nan = true;
    else if (x > max) max = x;
  }
  if (nargs == 2 && !nan) return make_float(std::hypot(v[0], v[1]));
  return make_float(vector_norm(v, max, nan));
}

Ref m_dist(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("dist", nargs, kwnames, 2, 2)) return nullptr;
  Ref p = sequence_tuple(args[0]);
  if (!p) return nullptr;
  Ref q = sequence_tuple(args[1]);
  if (!q) return nullptr;
  Tuple* pt = p.as<Tuple>();
  Tuple* qt = q.as<Tuple>();
  if (pt->size != qt->size) return raise(&ValueErrorType, "both points must have the same number of dimensions");
  std::vector<double> v(size_t(pt->size));
  double max = 0.0;
  bool nan = false;
  for (int64_t i = 0; i < pt->size; i++) {
    double a, b;
    if (!to_double(pt->items[i], &a) || !to_double(qt->items[i], &b)) return nullptr;
    double x = std::fabs(a - b);
    v[size_t(i)] = x;
    if (std::isnan(x)) nan = true;
    else if (x > max) max = x;
  }
  if (v.size() == 2 && !nan) return make_float(std::hypot(v[0], v[1]));
  return make_float(vector_norm(v, max, nan));
}

// --- integer functions -----------------------------------------------------------------

Ref m_factorial(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("factorial", nargs, kwnames)) return nullptr;
  auto n = index_as_int64(args[0]);
  if (!n) {
    if (error_matches(&OverflowErrorType)) {
      clear_error();
      if (int_sign(args[0]) < 0) return raise(&ValueErrorType, "factorial() not defined for negative values");
      return raise(&OverflowErrorType, "factorial() argument should not exceed 9223372036854775807");
    }
    return nullptr;
  }
  if (*n < 0) return raise(&ValueErrorType, "factorial() not defined for negative values");
  if (*n <= 20) {
    int64_t r = 1;
    for (int64_t i = 2; i <= *n; i++) r *= i;
    return make_int(r);
  }
  // log2(n!) < n * log2(n): asked before GMP, which cannot fail softly.
  if (!int_result_fits(double(*n) * std::log2(double(*n)))) return nullptr;
  Mpz z;
  mpz_fac_ui(z.z, (unsigned long)*n);
  return make_int_mpz(z.z);
}

Ref m_gcd(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "gcd() takes no keyword arguments");
  Mpz acc, x;
  for (size_t i = 0; i < nargs; i++) {
    if (!to_mpz(args[i], x.z)) return nullptr;
    mpz_gcd(acc.z, acc.z, x.z);
  }
  return make_int_mpz(acc.z);
}

Ref m_lcm(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "lcm() takes no keyword arguments");
  Mpz acc, x;
  mpz_set_ui(acc.z, 1);
  for (size_t i = 0; i < nargs; i++) {
    if (!to_mpz(args[i], x.z)) return nullptr;
    mpz_lcm(acc.z, acc.z, x.z);
  }
  return make_int_mpz(acc.z);
}

Ref m_isqrt(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("isqrt", nargs, kwnames)) return nullptr;
  Mpz n;
  if (!to_mpz(args[0], n.z)) return nullptr;
  if (mpz_sgn(n.z) < 0) return raise(&ValueErrorType, "isqrt() argument must be nonnegative");
  mpz_sqrt(n.z, n.z);
  return make_int_mpz(n.z);
}

// n!/(n-k)! (perm) or its quotient by k! (comb), for 0 <= k <= n.
Ref comb_perm(const char* name, Value nv, Value kv, bool comb) {
  Mpz n, k, r;
  if (!to_mpz(nv, n.z)) return nullptr;
  if (!to_mpz(kv, k.z)) return nullptr;
  if (mpz_sgn(n.z) < 0) return raise(&ValueErrorType, "n must be a non-negative integer");
  if (mpz_sgn(k.z) < 0) return raise(&ValueErrorType, "k must be a non-negative integer");
  if (mpz_cmp(k.z, n.z) > 0) return make_int(0);
  if (comb) {
    Mpz nk;
    mpz_sub(nk.z, n.z, k.z);
    if (mpz_cmp(nk.z, k.z) < 0) mpz_set(k.z, nk.z);
    if (!mpz_fits_ulong_p(k.z))
      return raisef(&OverflowErrorType, "min(n - k, k) must not exceed %lld", (long long)INT64_MAX);
    mpz_bin_ui(r.z, n.z, mpz_get_ui(k.z));
    return make_int_mpz(r.z);
  }
  if (!mpz_fits_ulong_p(k.z)) return raisef(&OverflowErrorType, "k must not exceed %lld", (long long)INT64_MAX);
  unsigned long kk = mpz_get_ui(k.z);
  mpz_set_ui(r.z, 1);
  Mpz f;
  mpz_set(f.z, n.z);
  for (unsigned long i = 0; i < kk; i++) {
    mpz_mul(r.z, r.z, f.z);
    mpz_sub_ui(f.z, f.z, 1);
  }
  return make_int_mpz(r.z);
}

Ref m_comb(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("comb", nargs, kwnames, 2, 2)) return nullptr;
  return comb_perm("comb", args[0], args[1], true);
}

Ref m_perm(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!n_args("perm", nargs, kwnames, 1, 2)) return nullptr;
  if (nargs == 1 || args[1].is_none()) return m_factorial(self, args, 1, nullptr);
  return comb_perm("perm", args[0], args[1], false);
}

const MethodDef math_functions[] = {
    {"acos", m_acos, 0, "Return the arc cosine (measured in radians) of x."},
    {"acosh", m_acosh, 0, "Return the inverse hyperbolic cosine of x."},
    {"asin", m_asin, 0, "Return the arc sine (measured in radians) of x."},
    {"asinh", m_asinh, 0, "Return the inverse hyperbolic sine of x."},
    {"atan", m_atan, 0, "Return the arc tangent (measured in radians) of x."},
    {"atan2", m_atan2, 0, "Return the arc tangent (measured in radians) of y/x."},
    {"atanh", m_atanh, 0, "Return the inverse hyperbolic tangent of x."},
    {"cbrt", m_cbrt, 0, "Return the cube root of x."},
    {"ceil", m_ceil, 0, "Return the ceiling of x as an Integral."},
    {"comb", m_comb, 0, "Number of ways to choose k items from n items without repetition and without order."},
    {"copysign", m_copysign, 0, "Return a float with the magnitude (absolute value) of x but the sign of y."},
    {"cos", m_cos, 0, "Return the cosine of x (measured in radians)."},
    {"cosh", m_cosh, 0, "Return the hyperbolic cosine of x."},
    {"degrees", m_degrees, 0, "Convert angle x from radians to degrees."},
    {"dist", m_dist, 0, "Return the Euclidean distance between two points p and q."},
    {"erf", m_erf, 0, "Error function at x."},
    {"erfc", m_erfc, 0, "Complementary error function at x."},
    {"exp", m_exp, 0, "Return e raised to the power of x."},
    {"exp2", m_exp2, 0, "Return 2 raised to the power of x."},
    {"expm1", m_expm1, 0, "Return exp(x)-1."},
    {"fabs", m_fabs, 0, "Return the absolute value of the float x."},
    {"factorial", m_factorial, 0, "Find n!."},
    {"floor", m_floor, 0, "Return the floor of x as an Integral."},
    {"fmod", m_fmod, 0, "Return fmod(x, y), according to platform C."},
    {"frexp", m_frexp, 0, "Return the mantissa and exponent of x, as pair (m, e)."},
    {"fsum", m_fsum, 0, "Return an accurate floating point sum of values in the iterable seq."},
    {"gamma", m_gamma, 0, "Gamma function at x."},
    {"gcd", m_gcd, 0, "Greatest Common Divisor."},
    {"hypot", m_hypot, 0, "Multidimensional Euclidean distance from the origin to a point."},
    {"isclose", m_isclose, 0, "Determine whether two floating point numbers are close in value."},
    {"isfinite", m_isfinite, 0, "Return True if x is neither an infinity nor a NaN, and False otherwise."},
    {"isinf", m_isinf, 0, "Return True if x is a positive or negative infinity, and False otherwise."},
    {"isnan", m_isnan, 0, "Return True if x is a NaN (not a number), and False otherwise."},
    {"isqrt", m_isqrt, 0, "Return the integer part of the square root of the input."},
    {"lcm", m_lcm, 0, "Least Common Multiple."},
    {"ldexp", m_ldexp, 0, "Return x * (2**i)."},
    {"lgamma", m_lgamma, 0, "Natural logarithm of absolute value of Gamma function at x."},
    {"log", m_log, 0, "log(x, [base=math.e]) Return the logarithm of x to the given base."},
    {"log10", m_log10, 0, "Return the base 10 logarithm of x."},
    {"log1p", m_log1p, 0, "Return the natural logarithm of 1+x (base e)."},
    {"log2", m_log2, 0, "Return the base 2 logarithm of x."},
    {"modf", m_modf, 0, "Return the fractional and integer parts of x."},
    {"nextafter", m_nextafter, 0, "Return the next floating-point value after x towards y."},
    {"perm", m_perm, 0, "Number of ways to choose k items from n items without repetition and with order."},
    {"pow", m_pow, 0, "Return x**y (x to the power of y)."},
    {"prod", m_prod, 0, "Calculate the product of all the elements in the input iterable."},
    {"radians", m_radians, 0, "Convert angle x from degrees to radians."},
    {"remainder", m_remainder, 0, "Difference between x and the closest integer multiple of y."},
    {"sin", m_sin, 0, "Return the sine of x (measured in radians)."},
    {"sinh", m_sinh, 0, "Return the hyperbolic sine of x."},
    {"sqrt", m_sqrt, 0, "Return the square root of x."},
    {"tan", m_tan, 0, "Return the tangent of x (measured in radians)."},
    {"tanh", m_tanh, 0, "Return the hyperbolic tangent of x."},
    {"trunc", m_trunc, 0, "Truncates the Real x to the nearest Integral toward 0."},
    {"ulp", m_ulp, 0, "Return the value of the least significant bit of the float x."},
    {nullptr}};

}  // namespace

Ref create_math_module() {
  Own<Module> m = module_new("math");
  if (!module_add_functions(m.get(), math_functions)) return nullptr;
  struct {
    const char* name;
    double v;
  } const constants[] = {{"pi", M_PI}, {"e", M_E}, {"tau", 2 * M_PI}, {"inf", INFINITY}, {"nan", NAN}};
  for (auto& c : constants) {
    Ref f = make_float(c.v);
    if (!module_add(m.get(), c.name, f.get())) return nullptr;
  }
  return m.into_ref();
}

}  // namespace gilpy::stdlib
