// stdlib/cmath.cpp: the cmath module, mathematical functions for complex numbers, with
// CPython 3.11's results and errors.
//
// For finite arguments each function is the formula CPython's Modules/cmathmodule.c uses
// (its rescalings near overflow and underflow included), so results agree to the bit.
// For an infinite or NaN part CPython looks its answer up in tables that transcribe C99
// Annex G; glibc's complex functions implement the same annex, so those cases call them.
// Errors follow CPython's errno protocol: EDOM gives ValueError("math domain error"),
// ERANGE OverflowError("math range error").
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <complex.h>

#include "runtime/complex.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

#undef I  // <complex.h>'s imaginary unit; nothing here uses it

namespace gilpy::stdlib {

using namespace rt;

namespace {

constexpr double kLargeDouble = DBL_MAX / 4.0;                // CM_LARGE_DOUBLE
const double kSqrtLargeDouble = std::sqrt(kLargeDouble);      // CM_SQRT_LARGE_DOUBLE
const double kLogLargeDouble = std::log(kLargeDouble);        // CM_LOG_LARGE_DOUBLE
const double kSqrtDblMin = std::sqrt(DBL_MIN);                // CM_SQRT_DBL_MIN
constexpr int kScaleUp = 2 * (DBL_MANT_DIG / 2) + 1;          // CM_SCALE_UP
constexpr int kScaleDown = -(kScaleUp + 1) / 2;               // CM_SCALE_DOWN

inline bool finite(CDouble z) { return std::isfinite(z.real) && std::isfinite(z.imag); }
// The sign of a NaN carries no meaning for CPython (its tables are indexed by the kind of
// value), so glibc, which lets it choose the sign of a neighbouring zero or infinity, gets
// positive NaNs.
inline double _Complex to_c(CDouble z) {
  double _Complex c;
  __real__ c = std::isnan(z.real) ? std::fabs(z.real) : z.real;
  __imag__ c = std::isnan(z.imag) ? std::fabs(z.imag) : z.imag;
  return c;
}
inline CDouble from_c(double _Complex c) { return {__real__ c, __imag__ c}; }

// Each c_ function sets err to 0, EDOM or ERANGE.
CDouble c_sqrt(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) return from_c(csqrt(to_c(z)));
  if (z.real == 0.0 && z.imag == 0.0) return {0.0, z.imag};
  double ax = std::fabs(z.real), ay = std::fabs(z.imag), s;
  if (ax < DBL_MIN && ay < DBL_MIN) {  // hypot(ax, ay) would be subnormal
    ax = std::ldexp(ax, kScaleUp);
    s = std::ldexp(std::sqrt(ax + std::hypot(ax, std::ldexp(ay, kScaleUp))), kScaleDown);
  } else {
    ax /= 8.0;
    s = 2.0 * std::sqrt(ax + std::hypot(ax, ay / 8.0));
  }
  double d = ay / (2.0 * s);
  if (z.real >= 0.0) return {s, std::copysign(d, z.imag)};
  return {d, std::copysign(s, z.imag)};
}

CDouble c_exp(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    // Where Annex G leaves signs open, CPython's table picks these.
    CDouble r = z.real == -HUGE_VAL && std::isinf(z.imag) ? CDouble{0.0, 0.0}
                                                            : from_c(cexp(to_c(z)));
    if (std::isinf(z.imag) && (std::isfinite(z.real) || (std::isinf(z.real) && z.real > 0)))
      *err = EDOM;
    return r;
  }
  CDouble r;
  if (z.real > kLogLargeDouble) {
    double l = std::exp(z.real - 1.0);
    r = {l * std::cos(z.imag) * M_E, l * std::sin(z.imag) * M_E};
  } else {
    double l = std::exp(z.real);
    r = {l * std::cos(z.imag), l * std::sin(z.imag)};
  }
  if (std::isinf(r.real) || std::isinf(r.imag)) *err = ERANGE;
  return r;
}

CDouble c_log(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) return from_c(clog(to_c(z)));
  double ax = std::fabs(z.real), ay = std::fabs(z.imag);
  CDouble r;
  if (ax > kLargeDouble || ay > kLargeDouble) {
    r.real = std::log(std::hypot(ax / 2.0, ay / 2.0)) + M_LN2;
  } else if (ax < DBL_MIN && ay < DBL_MIN) {
    if (ax > 0.0 || ay > 0.0) {
      r.real = std::log(std::hypot(std::ldexp(ax, DBL_MANT_DIG), std::ldexp(ay, DBL_MANT_DIG))) -
               DBL_MANT_DIG * M_LN2;
    } else {
      r.real = -HUGE_VAL;  // log(0)
      *err = EDOM;
    }
  } else {
    double h = std::hypot(ax, ay);
    if (0.71 <= h && h <= 1.73) {
      double am = ax > ay ? ax : ay, an = ax > ay ? ay : ax;
      r.real = std::log1p((am - 1) * (am + 1) + an * an) / 2.0;
    } else {
      r.real = std::log(h);
    }
  }
  r.imag = std::atan2(z.imag, z.real);
  return r;
}

CDouble c_log10(CDouble z, int* err) {
  CDouble r = c_log(z, err);
  return {r.real / M_LN10, r.imag / M_LN10};
}

CDouble c_acos(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    if (std::isinf(z.real) && std::isnan(z.imag)) return {NAN, HUGE_VAL};  // CPython's sign
    return from_c(cacos(to_c(z)));
  }
  if (std::fabs(z.real) > kLargeDouble || std::fabs(z.imag) > kLargeDouble) {
    double big = std::log(std::hypot(z.real / 2.0, z.imag / 2.0)) + M_LN2 * 2.0;
    double im = z.real < 0 ? -std::copysign(big, z.imag) : std::copysign(big, -z.imag);
    return {std::atan2(std::fabs(z.imag), z.real), im};
  }
  int e;
  CDouble s1 = c_sqrt({1.0 - z.real, -z.imag}, &e);
  CDouble s2 = c_sqrt({1.0 + z.real, z.imag}, &e);
  return {2.0 * std::atan2(s1.real, s2.real), std::asinh(s2.real * s1.imag - s2.imag * s1.real)};
}

CDouble c_acosh(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    if (z.real == 0.0 && std::isnan(z.imag)) return {NAN, NAN};  // C99's answer (C11: i pi/2)
    return from_c(cacosh(to_c(z)));
  }
  if (std::fabs(z.real) > kLargeDouble || std::fabs(z.imag) > kLargeDouble)
    return {std::log(std::hypot(z.real / 2.0, z.imag / 2.0)) + M_LN2 * 2.0,
            std::atan2(z.imag, z.real)};
  int e;
  CDouble s1 = c_sqrt({z.real - 1.0, z.imag}, &e);
  CDouble s2 = c_sqrt({z.real + 1.0, z.imag}, &e);
  return {std::asinh(s1.real * s2.real + s1.imag * s2.imag), 2.0 * std::atan2(s1.imag, s2.real)};
}

CDouble c_asinh(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) return from_c(casinh(to_c(z)));
  if (std::fabs(z.real) > kLargeDouble || std::fabs(z.imag) > kLargeDouble) {
    double big = std::log(std::hypot(z.real / 2.0, z.imag / 2.0)) + M_LN2 * 2.0;
    double re = z.imag >= 0.0 ? std::copysign(big, z.real) : -std::copysign(big, -z.real);
    return {re, std::atan2(z.imag, std::fabs(z.real))};
  }
  int e;
  CDouble s1 = c_sqrt({1.0 + z.imag, -z.real}, &e);
  CDouble s2 = c_sqrt({1.0 - z.imag, z.real}, &e);
  return {std::asinh(s1.real * s2.imag - s2.real * s1.imag),
          std::atan2(z.imag, s1.real * s2.real - s1.imag * s2.imag)};
}

CDouble c_asin(CDouble z, int* err) {  // asin(z) = -i asinh(iz)
  CDouble s = c_asinh({-z.imag, z.real}, err);
  return {s.imag, -s.real};
}

CDouble c_atanh(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) return from_c(catanh(to_c(z)));
  if (z.real < 0.0) {  // odd function: work with a non-negative real part
    CDouble r = c_atanh({-z.real, -z.imag}, err);
    return {-r.real, -r.imag};
  }
  double ay = std::fabs(z.imag);
  if (z.real > kSqrtLargeDouble || ay > kSqrtLargeDouble) {
    double h = std::hypot(z.real / 2.0, z.imag / 2.0);  // safe from overflow
    return {z.real / 4.0 / h / h, -std::copysign(M_PI / 2.0, -z.imag)};
  }
  if (z.real == 1.0 && ay < kSqrtDblMin) {
    if (ay == 0.0) {  // C99: atanh(1 +- 0i) is inf +- 0i, a domain error for Python
      *err = EDOM;
      return {HUGE_VAL, z.imag};
    }
    return {-std::log(std::sqrt(ay) / std::sqrt(std::hypot(ay, 2.0))),
            std::copysign(std::atan2(2.0, -ay) / 2, z.imag)};
  }
  return {std::log1p(4.0 * z.real / ((1 - z.real) * (1 - z.real) + ay * ay)) / 4.0,
          -std::atan2(-2.0 * z.imag, (1 - z.real) * (1 + z.real) - ay * ay) / 2.0};
}

CDouble c_atan(CDouble z, int* err) {  // atan(z) = -i atanh(iz)
  CDouble s = c_atanh({-z.imag, z.real}, err);
  return {s.imag, -s.real};
}

CDouble c_cosh(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    CDouble r = std::isnan(z.real) && z.imag == 0.0 ? CDouble{NAN, 0.0}  // CPython's sign
                                                    : from_c(ccosh(to_c(z)));
    if (std::isinf(z.imag) && !std::isnan(z.real)) *err = EDOM;
    return r;
  }
  CDouble r;
  if (std::fabs(z.real) > kLogLargeDouble) {
    double x_minus_one = z.real - std::copysign(1.0, z.real);
    r = {std::cos(z.imag) * std::cosh(x_minus_one) * M_E,
         std::sin(z.imag) * std::sinh(x_minus_one) * M_E};
  } else {
    r = {std::cos(z.imag) * std::cosh(z.real), std::sin(z.imag) * std::sinh(z.real)};
  }
  if (std::isinf(r.real) || std::isinf(r.imag)) *err = ERANGE;
  return r;
}

CDouble c_sinh(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    CDouble r = z.real == 0.0 && std::isnan(z.imag) ? CDouble{0.0, NAN}  // CPython's sign
                                                    : from_c(csinh(to_c(z)));
    if (std::isinf(z.imag) && !std::isnan(z.real)) *err = EDOM;
    return r;
  }
  CDouble r;
  if (std::fabs(z.real) > kLogLargeDouble) {
    double x_minus_one = z.real - std::copysign(1.0, z.real);
    r = {std::cos(z.imag) * std::sinh(x_minus_one) * M_E,
         std::sin(z.imag) * std::cosh(x_minus_one) * M_E};
  } else {
    r = {std::cos(z.imag) * std::sinh(z.real), std::sin(z.imag) * std::cosh(z.real)};
  }
  if (std::isinf(r.real) || std::isinf(r.imag)) *err = ERANGE;
  return r;
}

CDouble c_tanh(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    CDouble r;
    if (std::isinf(z.real) && std::isinf(z.imag)) r = {std::copysign(1.0, z.real), 0.0};
    else if (z.real == 0.0 && std::isnan(z.imag)) r = {NAN, NAN};  // C99's answer (C11: 0+nanj)
    else r = from_c(ctanh(to_c(z)));
    if (std::isinf(z.imag) && std::isfinite(z.real)) *err = EDOM;
    return r;
  }
  if (std::fabs(z.real) > kLogLargeDouble)
    return {std::copysign(1.0, z.real),
            4.0 * std::sin(z.imag) * std::cos(z.imag) * std::exp(-2.0 * std::fabs(z.real))};
  double tx = std::tanh(z.real), ty = std::tan(z.imag), cx = 1.0 / std::cosh(z.real);
  double txty = tx * ty, denom = 1.0 + txty * txty;
  return {tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx};
}

CDouble c_cos(CDouble z, int* err) { return c_cosh({-z.imag, z.real}, err); }  // cosh(iz)
CDouble c_sin(CDouble z, int* err) {  // -i sinh(iz)
  CDouble s = c_sinh({-z.imag, z.real}, err);
  return {s.imag, -s.real};
}
CDouble c_tan(CDouble z, int* err) {  // -i tanh(iz)
  CDouble s = c_tanh({-z.imag, z.real}, err);
  return {s.imag, -s.real};
}

Ref math_error(int err) {
  if (err == EDOM) return raise(&ValueErrorType, "math domain error");
  return raise(&OverflowErrorType, "math range error");
}

bool one_arg(const char* name, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "cmath.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs != 1) {
    raisef(&TypeErrorType, "cmath.%s() takes exactly one argument (%zu given)", name, nargs);
    return false;
  }
  return true;
}

Ref unary(const char* name, CDouble (*fn)(CDouble, int*), const Value* args, size_t nargs,
          Tuple* kwnames) {
  if (!one_arg(name, nargs, kwnames)) return nullptr;
  CDouble z;
  if (!as_cdouble(args[0], &z)) return nullptr;
  int err = 0;
  CDouble r = fn(z, &err);
  if (err) return math_error(err);
  return make_complex(r.real, r.imag);
}

#define CMATH_UNARY(fname)                                                          \
  Ref m_##fname(Value, const Value* args, size_t nargs, Tuple* kwnames) {           \
    return unary(#fname, c_##fname, args, nargs, kwnames);                          \
  }
CMATH_UNARY(sqrt)
CMATH_UNARY(exp)
CMATH_UNARY(log10)
CMATH_UNARY(acos)
CMATH_UNARY(acosh)
CMATH_UNARY(asin)
CMATH_UNARY(asinh)
CMATH_UNARY(atan)
CMATH_UNARY(atanh)
CMATH_UNARY(cos)
CMATH_UNARY(cosh)
CMATH_UNARY(sin)
CMATH_UNARY(sinh)
CMATH_UNARY(tan)
CMATH_UNARY(tanh)
#undef CMATH_UNARY

bool positional(const char* name, size_t nargs, Tuple* kwnames, size_t min, size_t max) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs < min || nargs > max) {
    if (min == max)
      raisef(&TypeErrorType, "%s expected %zu argument%s, got %zu", name, min, min == 1 ? "" : "s",
             nargs);
    else if (nargs < min)
      raisef(&TypeErrorType, "%s expected at least %zu argument%s, got %zu", name, min,
             min == 1 ? "" : "s", nargs);
    else
      raisef(&TypeErrorType, "%s expected at most %zu arguments, got %zu", name, max, nargs);
    return false;
  }
  return true;
}

Ref m_log(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "cmath.log() takes no keyword arguments");
  if (!positional("log", nargs, nullptr, 1, 2)) return nullptr;
  CDouble x;
  if (!as_cdouble(args[0], &x)) return nullptr;
  int err = 0;
  x = c_log(x, &err);
  if (nargs == 2) {
    CDouble y;
    if (!as_cdouble(args[1], &y)) return nullptr;
    int err2 = 0;
    y = c_log(y, &err2);
    bool zero;
    x = complex_quot(x, y, &zero);
    // CPython keeps one errno through both logs and the quotient: the last setter wins.
    if (zero) err = EDOM;
    else if (err2) err = err2;
  }
  if (err) return math_error(err);
  return make_complex(x.real, x.imag);
}

// abs(z) as _Py_c_abs: an infinite part gives inf even beside a NaN; ERANGE on overflow.
double c_abs(CDouble z, int* err) {
  *err = 0;
  if (!finite(z)) {
    if (std::isinf(z.real)) return std::fabs(z.real);
    if (std::isinf(z.imag)) return std::fabs(z.imag);
    return NAN;
  }
  double r = std::hypot(z.real, z.imag);
  if (!std::isfinite(r)) *err = ERANGE;
  return r;
}

Ref m_phase(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("phase", nargs, kwnames)) return nullptr;
  CDouble z;
  if (!as_cdouble(args[0], &z)) return nullptr;
  return make_float(std::atan2(z.imag, z.real));
}

Ref m_polar(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("polar", nargs, kwnames)) return nullptr;
  CDouble z;
  if (!as_cdouble(args[0], &z)) return nullptr;
  int err;
  double r = c_abs(z, &err);
  if (err) return math_error(err);
  Ref a = make_float(r), p = make_float(std::atan2(z.imag, z.real));
  return tuple_from({a.get(), p.get()}).into_ref();
}

Ref m_rect(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!positional("rect", nargs, kwnames, 2, 2)) return nullptr;
  double r, phi;
  if (!as_double(args[0], &r) || !as_double(args[1], &phi)) return nullptr;
  CDouble z;
  int err = 0;
  if (!std::isfinite(r) || !std::isfinite(phi)) {
    if (std::isinf(r) && std::isfinite(phi) && phi != 0.0) {
      double s = r > 0 ? 1.0 : -1.0;
      z = {s * std::copysign(HUGE_VAL, std::cos(phi)), s * std::copysign(HUGE_VAL, std::sin(phi))};
    } else {
      // rect(r, phi) is r * exp(i phi), which Annex G pins down for the remaining cases;
      // the sign choices are CPython's table's.
      if (std::isinf(r) && phi == 0.0) z = {r, r > 0 ? phi : -phi};
      else if (std::isinf(r) && std::isnan(phi)) z = {HUGE_VAL, NAN};
      else if (std::isnan(r) && phi == 0.0) z = {r, 0.0};
      else if (r == 0.0 && !std::isfinite(phi)) z = {0.0, 0.0};
      else z = from_c(to_c({r, 0.0}) * cexp(to_c({0.0, phi})));
    }
    if (r != 0.0 && !std::isnan(r) && std::isinf(phi)) err = EDOM;
  } else if (phi == 0.0) {
    z = {r, r * phi};
  } else {
    z = {r * std::cos(phi), r * std::sin(phi)};
  }
  if (err) return math_error(err);
  return make_complex(z.real, z.imag);
}

#define CMATH_PREDICATE(fname, expr)                                                \
  Ref m_##fname(Value, const Value* args, size_t nargs, Tuple* kwnames) {           \
    if (!one_arg(#fname, nargs, kwnames)) return nullptr;                           \
    CDouble z;                                                                      \
    if (!as_cdouble(args[0], &z)) return nullptr;                                   \
    return Ref::boolean(expr);                                                      \
  }
CMATH_PREDICATE(isfinite, std::isfinite(z.real) && std::isfinite(z.imag))
CMATH_PREDICATE(isinf, std::isinf(z.real) || std::isinf(z.imag))
CMATH_PREDICATE(isnan, std::isnan(z.real) || std::isnan(z.imag))
#undef CMATH_PREDICATE

Ref m_isclose(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value av, bv, rel, abs_v;
  if (nargs > 2)
    return raisef(&TypeErrorType, "isclose() takes exactly 2 positional arguments (%zu given)", nargs);
  if (!bind_args("isclose", args, nargs, kwnames, {"a", "b", "*", "rel_tol", "abs_tol"}, 2,
                 {&av, &bv, &rel, &abs_v}))
    return nullptr;
  CDouble a, b;
  double rel_tol = 1e-09, abs_tol = 0.0;
  if (!as_cdouble(av, &a) || !as_cdouble(bv, &b)) return nullptr;
  if (rel && !as_double(rel, &rel_tol)) return nullptr;
  if (abs_v && !as_double(abs_v, &abs_tol)) return nullptr;
  if (rel_tol < 0.0 || abs_tol < 0.0) return raise(&ValueErrorType, "tolerances must be non-negative");
  if (a.real == b.real && a.imag == b.imag) return Ref::boolean(true);
  if (std::isinf(a.real) || std::isinf(a.imag) || std::isinf(b.real) || std::isinf(b.imag))
    return Ref::boolean(false);
  int err;
  double diff = c_abs({a.real - b.real, a.imag - b.imag}, &err);
  return Ref::boolean(diff <= rel_tol * c_abs(b, &err) || diff <= rel_tol * c_abs(a, &err) ||
                      diff <= abs_tol);
}

const MethodDef cmath_functions[] = {
    {"acos", m_acos, 0, "Return the arc cosine of z."},
    {"acosh", m_acosh, 0, "Return the inverse hyperbolic cosine of z."},
    {"asin", m_asin, 0, "Return the arc sine of z."},
    {"asinh", m_asinh, 0, "Return the inverse hyperbolic sine of z."},
    {"atan", m_atan, 0, "Return the arc tangent of z."},
    {"atanh", m_atanh, 0, "Return the inverse hyperbolic tangent of z."},
    {"cos", m_cos, 0, "Return the cosine of z."},
    {"cosh", m_cosh, 0, "Return the hyperbolic cosine of z."},
    {"exp", m_exp, 0, "Return the exponential value e**z."},
    {"isclose", m_isclose, 0, "Determine whether two complex numbers are close in value."},
    {"isfinite", m_isfinite, 0, "Return True if both the real and imaginary parts of z are finite, else False."},
    {"isinf", m_isinf, 0, "Checks if the real or imaginary part of z is infinite."},
    {"isnan", m_isnan, 0, "Checks if the real or imaginary part of z not a number (NaN)."},
    {"log", m_log, 0, "log(z[, base]) -> the logarithm of z to the given base."},
    {"log10", m_log10, 0, "Return the base-10 logarithm of z."},
    {"phase", m_phase, 0, "Return argument, also known as the phase angle, of a complex."},
    {"polar", m_polar, 0, "Convert a complex from rectangular coordinates to polar coordinates."},
    {"rect", m_rect, 0, "Convert from polar coordinates to rectangular coordinates."},
    {"sin", m_sin, 0, "Return the sine of z."},
    {"sinh", m_sinh, 0, "Return the hyperbolic sine of z."},
    {"sqrt", m_sqrt, 0, "Return the square root of z."},
    {"tan", m_tan, 0, "Return the tangent of z."},
    {"tanh", m_tanh, 0, "Return the hyperbolic tangent of z."},
    {nullptr}};

}  // namespace

Ref create_cmath_module() {
  Own<Module> m = module_new("cmath");
  if (!m || !module_add_functions(m.get(), cmath_functions)) return nullptr;
  struct {
    const char* name;
    double real, imag;
    bool is_complex;
  } const constants[] = {{"pi", M_PI, 0, false},      {"e", M_E, 0, false},
                         {"tau", 2 * M_PI, 0, false}, {"inf", INFINITY, 0, false},
                         {"infj", 0.0, INFINITY, true}, {"nan", NAN, 0, false},
                         {"nanj", 0.0, NAN, true}};
  for (auto& c : constants) {
    Ref v = c.is_complex ? make_complex(c.real, c.imag) : make_float(c.real);
    if (!module_add(m.get(), c.name, v.get())) return nullptr;
  }
  return m.into_ref();
}

}  // namespace gilpy::stdlib
