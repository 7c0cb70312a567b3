// runtime/float.cpp: the float type (see float.h).
//
// A float is a boxed IEEE double (Float); instances of float subclasses share the layout.
// Semantics follow CPython 3.11's Objects/floatobject.c: `//` and `%` take the sign of the
// divisor, `**` sorts out the special cases before calling libm, comparisons with ints
// are exact whatever the int's size, hash(x) == hash(int(x)) for integral x (reduction
// modulo 2**61 - 1), and repr is the shortest round-trip text laid out by
// runtime/numeric_format.cpp. round(x, n) is correctly rounded: glibc's printf is exact,
// so "%.*f" gives the decimal rounding and strtod reads it back.
// A negative base raised to a non-integral power gives a complex (runtime/complex.cpp).
#include "runtime/float.h"

#include <gmp.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "runtime/abstract.h"
#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "runtime/complex.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/misc_types.h"
#include "runtime/numeric_format.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"
#include "runtime/unicode_data.h"

namespace gilpy::rt {

Type FloatType;

namespace {
constexpr uint64_t kHashModulus = (uint64_t{1} << 61) - 1;
constexpr int kHashBits = 61;
inline Ref not_impl() { return Ref::borrow(not_implemented()); }
}  // namespace

FloatFreeList float_free_list;

Float* float_alloc_slow() { return alloc<Float>(&FloatType); }

bool is_float_like(Value v) {
  if (!v.is_obj()) return false;
  Type* t = v.obj()->type;
  return t == &FloatType || is_subtype(t, &FloatType);
}

// Converts an int or float operand; false (no error) when v is neither, false with an
// error when an int is too large.
static bool operand(Value v, double* out, bool* error) {
  *error = false;
  if (v.is_small_int()) { *out = double(v.small_int()); return true; }
  if (v.is_obj()) {
    Type* t = v.obj()->type;
    if (t == &FloatType) { *out = v.as<Float>()->v; return true; }
    if (type_has(t, kTypeIntSubclass)) {
      bool ovf;
      *out = int_to_double(v, &ovf);
      if (ovf) {
        raise(&OverflowErrorType, "int too large to convert to float");
        *error = true;
        return false;
      }
      return true;
    }
    if (is_subtype(t, &FloatType)) { *out = v.as<Float>()->v; return true; }
    return false;
  }
  if (v.is_bool()) { *out = v.is_true() ? 1.0 : 0.0; return true; }
  return false;
}

bool as_double(Value v, double* out) {
  bool err;
  if (operand(v, out, &err)) return true;
  if (err) return false;
  Type* t = type_of(v);
  if (t->number && t->number->to_float) {
    Ref r = t->number->to_float(v);
    if (!r) return false;
    if (!is_float_like(r.get())) {
      raisef(&TypeErrorType, "%.50s.__float__ returned non-float (type %.50s)", t->name,
             type_name(r.get()));
      return false;
    }
    *out = float_value(r.get());
    return true;
  }
  if (t->number && t->number->index) {
    Ref r = index_of(v);
    if (!r) return false;
    return operand(r.get(), out, &err);
  }
  raisef(&TypeErrorType, "must be real number, not %.50s", t->name);
  return false;
}

std::string float_repr(double d) { return double_to_string(d, 'r', 0, false, true); }

std::string format_float_printf(double d, char type, int precision, bool alt) {
  if (precision < 0) precision = 6;
  return double_to_string(d, type, precision, alt);
}

int64_t float_hash(double v) {
  if (std::isinf(v)) return v > 0 ? 314159 : -314159;
  if (std::isnan(v)) return 0;
  int e;
  double m = std::frexp(v, &e);
  int sign = 1;
  if (m < 0) { sign = -1; m = -m; }
  uint64_t x = 0;
  while (m) {
    x = ((x << 28) & kHashModulus) | x >> (kHashBits - 28);
    m *= 268435456.0;  // 2**28
    e -= 28;
    uint64_t y = uint64_t(m);
    m -= double(y);
    x += y;
    if (x >= kHashModulus) x -= kHashModulus;
  }
  e = e >= 0 ? e % kHashBits : kHashBits - 1 - ((-1 - e) % kHashBits);
  x = ((x << e) & kHashModulus) | x >> (kHashBits - e);
  int64_t h = int64_t(x) * sign;
  return h == -1 ? -2 : h;
}

// ---------------------------------------------------------------------------------------
// Arithmetic

static Ref range_error() {
  // OverflowError(34, 'Numerical result out of range'), as PyErr_SetFromErrno(ERANGE).
  Own<Str> msg = str_from_utf8(std::strerror(ERANGE));
  Ref exc = call2(Value::from_obj(&OverflowErrorType), Value::small_int(ERANGE), msg.value());
  if (!exc) return nullptr;
  return raise_value(exc.get());
}

static bool is_odd_integer(double x) { return std::fmod(std::fabs(x), 2.0) == 1.0; }

Ref float_pow_values(double iv, double iw) {
  if (iw == 0) return make_float(1.0);
  if (std::isnan(iv)) return make_float(iv);
  if (std::isnan(iw)) return make_float(iv == 1.0 ? 1.0 : iw);
  if (std::isinf(iw)) {
    iv = std::fabs(iv);
    if (iv == 1.0) return make_float(1.0);
    if ((iw > 0.0) == (iv > 1.0)) return make_float(std::fabs(iw));
    return make_float(0.0);
  }
  if (std::isinf(iv)) {
    bool odd = is_odd_integer(iw);
    if (iw > 0.0) return make_float(odd ? iv : std::fabs(iv));
    return make_float(odd ? std::copysign(0.0, iv) : 0.0);
  }
  if (iv == 0.0) {
    bool odd = is_odd_integer(iw);
    if (iw < 0.0)
      return raise(&ZeroDivisionErrorType, "0.0 cannot be raised to a negative power");
    return make_float(odd ? iv : 0.0);
  }
  bool negate = false;
  if (iv < 0.0) {
    if (iw != std::floor(iw)) return complex_pow_values({iv, 0.0}, {iw, 0.0});
    iv = -iv;
    negate = is_odd_integer(iw);
  }
  if (iv == 1.0) return make_float(negate ? -1.0 : 1.0);
  errno = 0;
  double ix = std::pow(iv, iw);
  if (std::isinf(ix)) errno = ERANGE;
  else if (errno == ERANGE && ix == 0.0) errno = 0;
  if (negate) ix = -ix;
  if (errno != 0) {
    if (errno == ERANGE) return range_error();
    return raise(&ValueErrorType, "math domain error");
  }
  return make_float(ix);
}

static double float_mod(double vx, double wx) {
  double mod = std::fmod(vx, wx);
  if (mod) {
    if ((wx < 0) != (mod < 0)) mod += wx;
  } else {
    mod = std::copysign(0.0, wx);
  }
  return mod;
}

static void float_divmod_values(double vx, double wx, double* floordiv, double* modp) {
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod) {
    if ((wx < 0) != (mod < 0)) { mod += wx; div -= 1.0; }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double fd;
  if (div) {
    fd = std::floor(div);
    if (div - fd > 0.5) fd += 1.0;
  } else {
    fd = std::copysign(0.0, vx / wx);
  }
  *floordiv = fd;
  *modp = mod;
}

// The common operands (exact floats and small ints) without a call.
static inline bool fast_operand(Value v, double* out) {
  if (v.is_small_int()) { *out = double(v.small_int()); return true; }
  if (v.is_obj() && v.obj()->type == &FloatType) { *out = v.as<Float>()->v; return true; }
  return false;
}

Ref float_binary_op(BinOp op, Value a, Value b) {
  double x, y;
  bool err;
  if (!fast_operand(a, &x) && !operand(a, &x, &err)) return err ? nullptr : not_impl();
  if (!fast_operand(b, &y) && !operand(b, &y, &err)) return err ? nullptr : not_impl();
  switch (op) {
    case BinOp::Add: return make_float(x + y);
    case BinOp::Sub: return make_float(x - y);
    case BinOp::Mul: return make_float(x * y);
    case BinOp::TrueDiv:
      if (y == 0.0) return raise(&ZeroDivisionErrorType, "float division by zero");
      return make_float(x / y);
    case BinOp::FloorDiv: {
      if (y == 0.0) return raise(&ZeroDivisionErrorType, "float floor division by zero");
      double q, r;
      float_divmod_values(x, y, &q, &r);
      return make_float(q);
    }
    case BinOp::Mod:
      if (y == 0.0) return raise(&ZeroDivisionErrorType, "float modulo");
      return make_float(float_mod(x, y));
    case BinOp::Pow: return float_pow_values(x, y);
    default: return not_impl();
  }
}

Ref float_divmod(Value a, Value b) {
  double x, y;
  bool err;
  if (!operand(a, &x, &err)) return err ? nullptr : not_impl();
  if (!operand(b, &y, &err)) return err ? nullptr : not_impl();
  if (y == 0.0) return raise(&ZeroDivisionErrorType, "float divmod()");
  double q, r;
  float_divmod_values(x, y, &q, &r);
  Ref fq = make_float(q), fr = make_float(r);
  return tuple_from({fq.get(), fr.get()}).into_ref();
}

static Ref compare_result(int c, CompareOp op) {
  bool r;
  switch (op) {
    case CompareOp::Lt: r = c < 0; break;
    case CompareOp::Le: r = c <= 0; break;
    case CompareOp::Eq: r = c == 0; break;
    case CompareOp::Ne: r = c != 0; break;
    case CompareOp::Gt: r = c > 0; break;
    default: r = c >= 0; break;
  }
  return Ref::boolean(r);
}

static Ref compare_doubles(double i, double j, CompareOp op) {
  bool r;
  switch (op) {
    case CompareOp::Lt: r = i < j; break;
    case CompareOp::Le: r = i <= j; break;
    case CompareOp::Eq: r = i == j; break;
    case CompareOp::Ne: r = i != j; break;
    case CompareOp::Gt: r = i > j; break;
    default: r = i >= j; break;
  }
  return Ref::boolean(r);
}

Ref float_int_compare(double d, Value i, CompareOp op) {
  constexpr int64_t k53 = int64_t{1} << 53;
  if (i.is_small_int() && i.small_int() >= -k53 && i.small_int() <= k53)
    return compare_doubles(d, double(i.small_int()), op);
  if (i.is_bool()) return compare_doubles(d, i.is_true() ? 1.0 : 0.0, op);
  if (std::isnan(d)) return Ref::boolean(op == CompareOp::Ne);
  if (std::isinf(d)) return compare_doubles(d, 0.0, op);
  int c;
  if (i.is_small_int()) {
    mpz_t z;
    mpz_init_set_si(z, long(i.small_int()));
    c = -mpz_cmp_d(z, d);
    mpz_clear(z);
  } else {
    c = -mpz_cmp_d(i.as<BigInt>()->z, d);
  }
  return compare_result((c > 0) - (c < 0), op);
}

static CompareOp swapped(CompareOp op) {
  switch (op) {
    case CompareOp::Lt: return CompareOp::Gt;
    case CompareOp::Le: return CompareOp::Ge;
    case CompareOp::Gt: return CompareOp::Lt;
    case CompareOp::Ge: return CompareOp::Le;
    default: return op;
  }
}

static Ref float_richcompare(Value a, Value b, CompareOp op) {
  if (!is_float_like(a)) {
    if (!is_float_like(b)) return not_impl();
    std::swap(a, b);
    op = swapped(op);
  }
  double x = float_value(a);
  if (is_float_like(b)) return compare_doubles(x, float_value(b), op);
  if (is_int(b)) return float_int_compare(x, b, op);
  return not_impl();
}

// ---------------------------------------------------------------------------------------
// Rounding

static Ref double_round(double x, int ndigits) {
  double rounded;
  if (ndigits >= 0) {
    std::string buf(size_t(ndigits) + 400, '\0');
    snprintf(buf.data(), buf.size(), "%.*f", ndigits, x);
    rounded = std::strtod(buf.c_str(), nullptr);
  } else {
    // Round to a multiple of 10**-ndigits exactly, ties to even.
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, x);
    mpz_t p, n, r, twice;
    mpz_inits(p, n, r, twice, nullptr);
    mpz_ui_pow_ui(p, 10, (unsigned long)(-ndigits));
    // n = floor(x / p) with remainder: x/p = num / (den * p)
    mpz_mul(twice, mpq_denref(q), p);  // denominator
    mpz_fdiv_qr(n, r, mpq_numref(q), twice);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, twice);
    if (c > 0 || (c == 0 && mpz_odd_p(n))) mpz_add_ui(n, n, 1);
    mpz_mul(n, n, p);
    size_t len = mpz_sizeinbase(n, 10) + 2;
    std::string s(len, '\0');
    mpz_get_str(s.data(), 10, n);
    rounded = std::strtod(s.c_str(), nullptr);
    if (rounded == 0) rounded = std::copysign(0.0, x);
    mpz_clears(p, n, r, twice, nullptr);
    mpq_clear(q);
  }
  if (std::isinf(rounded))
    return raise(&OverflowErrorType, "rounded value too large to represent");
  return make_float(rounded);
}

Ref float_round(double x, Value ndigits) {
  if (ndigits.is_null() || ndigits.is_none()) {
    double rounded = std::round(x);
    if (std::fabs(x - rounded) == 0.5) rounded = 2.0 * std::round(x / 2.0);
    return int_from_double(rounded);
  }
  Ref idx = index_of(ndigits);
  if (!idx) return nullptr;
  auto nd = index_as_int64_clamped(idx.get());
  if (!nd) return nullptr;
  if (!std::isfinite(x)) return make_float(x);
  constexpr int kMax = int((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
  constexpr int kMin = -int((DBL_MAX_EXP + 1) * 0.30103);
  if (*nd > kMax) return make_float(x);
  if (*nd < kMin) return make_float(0.0 * x);
  return double_round(x, int(*nd));
}

// ---------------------------------------------------------------------------------------
// Text to float

// Python float syntax on ASCII without underscores: [sign] (digits[.digits]|.digits)
// [(e|E)[sign]digits] or inf/infinity/nan.
static bool parse_float_ascii(std::string s, double* out) {
  size_t i = 0, n = s.size();
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (i < n && space(s[i])) i++;
  while (n > i && space(s[n - 1])) n--;
  s = s.substr(i, n - i);
  if (s.find('_') != std::string::npos) {
    std::string dup;
    char prev = 0;
    for (char c : s) {
      if (c == '_') {
        if (!(prev >= '0' && prev <= '9')) return false;
      } else {
        if (prev == '_' && !(c >= '0' && c <= '9')) return false;
        dup.push_back(c);
      }
      prev = c;
    }
    if (prev == '_') return false;
    s = dup;
  }
  n = s.size();
  i = 0;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
  std::string rest = s.substr(i);
  std::string lower;
  for (char c : rest) lower.push_back(char(std::tolower(uint8_t(c))));
  if (lower == "inf" || lower == "infinity") { *out = neg ? -HUGE_VAL : HUGE_VAL; return true; }
  if (lower == "nan") { *out = neg ? -NAN : NAN; return true; }
  size_t digits = 0;
  size_t j = i;
  while (j < n && s[j] >= '0' && s[j] <= '9') { j++; digits++; }
  if (j < n && s[j] == '.') {
    j++;
    while (j < n && s[j] >= '0' && s[j] <= '9') { j++; digits++; }
  }
  if (digits == 0) return false;
  if (j < n && (s[j] == 'e' || s[j] == 'E')) {
    j++;
    if (j < n && (s[j] == '+' || s[j] == '-')) j++;
    size_t ed = 0;
    while (j < n && s[j] >= '0' && s[j] <= '9') { j++; ed++; }
    if (ed == 0) return false;
  }
  if (j != n) return false;
  *out = std::strtod(s.c_str(), nullptr);
  return true;
}

Ref float_from_str(Str* s) {
  std::string ascii;
  if (s->kind == 1) {
    ascii = std::string(s->ascii_view());
  } else {
    for (int64_t k = 0; k < s->length; k++) {
      char32_t c = s->at(k);
      if (c < 127) { ascii.push_back(char(c)); continue; }
      if (unicode::has(c, unicode::kSpace)) { ascii.push_back(' '); continue; }
      int d = unicode::decimal_value(c);
      if (d < 0) { ascii.push_back('?'); break; }
      ascii.push_back(char('0' + d));
    }
  }
  double d;
  if (ascii.find('\0') == std::string::npos && parse_float_ascii(ascii, &d)) return make_float(d);
  return raisef(&ValueErrorType, "could not convert string to float: %s",
                str_repr_utf8(s).c_str());
}

Ref number_float(Value v) {
  if (is_float(v)) return Ref::borrow(v);
  Type* t = type_of(v);
  if (t->number && t->number->to_float) {
    Ref r = t->number->to_float(v);
    if (!r || is_float(r.get())) return r;
    if (!is_float_like(r.get()))
      return raisef(&TypeErrorType, "%.50s.__float__ returned non-float (type %.50s)", t->name,
                    type_name(r.get()));
    return make_float(float_value(r.get()));
  }
  if (t->number && t->number->index) {
    Ref r = index_of(v);
    if (!r) return nullptr;
    double d;
    bool err;
    if (!operand(r.get(), &d, &err)) return nullptr;
    return make_float(d);
  }
  if (is_float_like(v)) return make_float(float_value(v));
  if (is_str(v)) return float_from_str(v.as<Str>());
  // Any bytes-like object parses as its bytes; the message shows the object's repr.
  if (Buffer buf; is_bytes_like(v) && buffer_get(v, &buf)) {
    std::string_view text = buf.view();
    double d;
    if (text.find('\0') == std::string_view::npos && parse_float_ascii(std::string(text), &d))
      return make_float(d);
    return raisef(&ValueErrorType, "could not convert string to float: %s", repr_utf8(v).c_str());
  }
  if (error_pending()) clear_error();
  return raisef(&TypeErrorType, "float() argument must be a string or a real number, not '%s'",
                t->name);
}

// ---------------------------------------------------------------------------------------
// Slots

static Ref float_repr_slot(Value v) {
  return str_from_ascii(float_repr(float_value(v))).into_ref();
}

static int64_t float_hash_slot(Value v) {
  double d = float_value(v);
  if (std::isnan(d)) {
    // CPython: _Py_HashPointer(obj)
    uint64_t y = uint64_t(reinterpret_cast<uintptr_t>(v.obj()));
    y = (y >> 4) | (y << 60);
    int64_t h = int64_t(y);
    return h == -1 ? -2 : h;
  }
  return float_hash(d);
}

template <int op>
static Ref float_binary_slot(Value a, Value b) {
  return float_binary_op(static_cast<BinOp>(op), a, b);
}

static Ref float_power3(Value a, Value b, Value m) {
  if (!m.is_null() && !m.is_none())
    return raise(&TypeErrorType, "pow() 3rd argument not allowed unless all arguments are integers");
  return float_binary_op(BinOp::Pow, a, b);
}

static Ref float_negative(Value v) { return make_float(-float_value(v)); }
static Ref float_positive(Value v) {
  if (is_float(v)) return Ref::borrow(v);
  return make_float(float_value(v));
}
static Ref float_absolute(Value v) { return make_float(std::fabs(float_value(v))); }
static Ref float_to_int(Value v) { return int_from_double(float_value(v)); }
static int float_to_bool(Value v) { return float_value(v) != 0.0; }

static void float_dealloc(Object* o) {
  if (o->type == &FloatType && float_free_list.push(static_cast<Float*>(o))) return;
  free_object(o);
}

static Ref float_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "float() takes no keyword arguments");
  if (nargs > 1) return raisef(&TypeErrorType, "float expected at most 1 argument, got %zu", nargs);
  Ref r = nargs == 0 ? make_float(0.0) : number_float(args[0]);
  if (!r || type == &FloatType) return r;
  auto* f = static_cast<Float*>(alloc_object(type, type->basic_size));
  f->v = float_value(r.get());
  return Ref::steal(Value::from_obj(f));
}

// ---------------------------------------------------------------------------------------
// Methods

static bool no_args(const char* name, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs != 0) {
    raisef(&TypeErrorType, "%s() takes no arguments (%zu given)", name, nargs);
    return false;
  }
  return true;
}

#define FLOAT_NOARG_METHOD(fname, pyname, expr)                                            \
  static Ref fname(Value self, const Value* args, size_t nargs, Tuple* kwnames) {         \
    if (!no_args(pyname, nargs, kwnames)) return nullptr;                                 \
    double x = float_value(self);                                                         \
    (void)x;                                                                              \
    return expr;                                                                          \
  }

FLOAT_NOARG_METHOD(float_is_integer_m, "is_integer",
                   Ref::boolean(std::isfinite(x) && std::floor(x) == x))
FLOAT_NOARG_METHOD(float_trunc_m, "__trunc__", int_from_double(x))
FLOAT_NOARG_METHOD(float_floor_m, "__floor__", int_from_double(std::floor(x)))
FLOAT_NOARG_METHOD(float_ceil_m, "__ceil__", int_from_double(std::ceil(x)))
FLOAT_NOARG_METHOD(float_conjugate_m, "conjugate", float_positive(self))
#undef FLOAT_NOARG_METHOD

static Ref float_getnewargs_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("__getnewargs__", nargs, kwnames)) return nullptr;
  Ref f = make_float(float_value(self));
  return tuple_from({f.get()}).into_ref();
}

static Ref float_as_integer_ratio_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("as_integer_ratio", nargs, kwnames)) return nullptr;
  double x = float_value(self);
  if (std::isinf(x)) return raise(&OverflowErrorType, "cannot convert Infinity to integer ratio");
  if (std::isnan(x)) return raise(&ValueErrorType, "cannot convert NaN to integer ratio");
  int e;
  double m = std::frexp(x, &e);
  for (int i = 0; i < 300 && m != std::floor(m); i++) {
    m *= 2.0;
    e--;
  }
  mpz_t num, den;
  mpz_init_set_d(num, m);
  mpz_init_set_ui(den, 1);
  if (e > 0) mpz_mul_2exp(num, num, (unsigned long)e);
  else mpz_mul_2exp(den, den, (unsigned long)(-e));
  Ref n = make_int_mpz(num), d = make_int_mpz(den);
  mpz_clear(num);
  mpz_clear(den);
  return tuple_from({n.get(), d.get()}).into_ref();
}

static Ref float_hex_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("hex", nargs, kwnames)) return nullptr;
  double x = float_value(self);
  if (std::isnan(x) || std::isinf(x)) return float_repr_slot(self);
  if (x == 0.0)
    return str_from_ascii(std::signbit(x) ? "-0x0.0p+0" : "0x0.0p+0").into_ref();
  int e;
  double m = std::frexp(std::fabs(x), &e);
  int shift = 1 - std::max(DBL_MIN_EXP - e, 0);
  m = std::ldexp(m, shift);
  e -= shift;
  static const char hexdig[] = "0123456789abcdef";
  std::string s;
  s.push_back(hexdig[int(m)]);
  m -= int(m);
  s.push_back('.');
  for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
    m *= 16.0;
    s.push_back(hexdig[int(m)]);
    m -= int(m);
  }
  char esign = '+';
  if (e < 0) { esign = '-'; e = -e; }
  return str_from_ascii(strfmt("%s0x%sp%c%d", x < 0 ? "-" : "", s.c_str(), esign, e)).into_ref();
}

static Ref float_fromhex_m(Value cls, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("fromhex", kwnames) || !check_nargs("fromhex", nargs, 1, 1)) return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "fromhex() argument must be str, not %s", type_name(args[0]));
  std::string s = str_to_utf8(args[0].as<Str>());
  size_t i = 0, n = s.size();
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (i < n && space(s[i])) i++;
  while (n > i && space(s[n - 1])) n--;
  std::string t = s.substr(i, n - i);
  bool neg = false;
  size_t k = 0;
  if (k < t.size() && (t[k] == '+' || t[k] == '-')) { neg = t[k] == '-'; k++; }
  std::string body = t.substr(k);
  std::string lower;
  for (char c : body) lower.push_back(char(std::tolower(uint8_t(c))));
  double d;
  auto invalid = [] { return raise(&ValueErrorType, "invalid hexadecimal floating-point string"); };
  if (lower == "inf" || lower == "infinity") {
    d = HUGE_VAL;
  } else if (lower == "nan") {
    d = NAN;
  } else {
    if (lower.rfind("0x", 0) == 0) lower = lower.substr(2);
    // hex digits [. hex digits] [p [sign] digits]
    size_t j = 0, nd = 0;
    while (j < lower.size() && std::isxdigit(uint8_t(lower[j]))) { j++; nd++; }
    if (j < lower.size() && lower[j] == '.') {
      j++;
      while (j < lower.size() && std::isxdigit(uint8_t(lower[j]))) { j++; nd++; }
    }
    if (nd == 0) return invalid();
    if (j < lower.size() && lower[j] == 'p') {
      j++;
      if (j < lower.size() && (lower[j] == '+' || lower[j] == '-')) j++;
      size_t ed = 0;
      while (j < lower.size() && std::isdigit(uint8_t(lower[j]))) { j++; ed++; }
      if (ed == 0) return invalid();
    }
    if (j != lower.size()) return invalid();
    std::string text = "0x" + lower;
    errno = 0;
    d = std::strtod(text.c_str(), nullptr);
    if (std::isinf(d))
      return raise(&OverflowErrorType, "hexadecimal value too large to represent as a float");
  }
  if (neg) d = -d;
  Ref r = make_float(d);
  if (cls.as<Object>() == &FloatType) return r;
  return call1(cls, r.get());
}

Ref float_format(double d, Str* spec) {
  if (spec->length == 0) return str_from_ascii(float_repr(d)).into_ref();
  return float_format_spec(d, spec, "float");
}

static Ref float_format_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__format__", kwnames) || !check_nargs("__format__", nargs, 1, 1))
    return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "__format__() argument must be str, not %s", type_name(args[0]));
  Str* spec = args[0].as<Str>();
  if (spec->length == 0) {
    if (is_float(self)) return float_repr_slot(self);
    return str(self);
  }
  return float_format_spec(float_value(self), spec, type_name(self));
}

static Ref float_round_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__round__", kwnames) || !check_nargs("__round__", nargs, 0, 1))
    return nullptr;
  return float_round(float_value(self), nargs ? args[0] : Value());
}

static Ref float_divmod_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__divmod__", kwnames) || !check_nargs("__divmod__", nargs, 1, 1))
    return nullptr;
  return float_divmod(self, args[0]);
}
static Ref float_rdivmod_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__rdivmod__", kwnames) || !check_nargs("__rdivmod__", nargs, 1, 1))
    return nullptr;
  return float_divmod(args[0], self);
}

static const MethodDef float_methods[] = {
    {"conjugate", float_conjugate_m, 0, "Return self, the complex conjugate of any float."},
    {"__trunc__", float_trunc_m, 0, "Return the Integral closest to x between 0 and x."},
    {"__floor__", float_floor_m, 0, "Return the floor as an Integral."},
    {"__ceil__", float_ceil_m, 0, "Return the ceiling as an Integral."},
    {"__round__", float_round_m, 0, "Return the Integral closest to x, rounding half toward even."},
    {"as_integer_ratio", float_as_integer_ratio_m, 0, "Return integer ratio."},
    {"fromhex", float_fromhex_m, kMethClass, "Create a floating-point number from a hexadecimal string."},
    {"hex", float_hex_m, 0, "Return a hexadecimal representation of a floating-point number."},
    {"is_integer", float_is_integer_m, 0, "Return True if the float is an integer."},
    {"__getnewargs__", float_getnewargs_m, 0, nullptr},
    {"__format__", float_format_m, 0, "Formats the float according to format_spec."},
    {"__divmod__", float_divmod_m, 0, "Return divmod(self, value)."},
    {"__rdivmod__", float_rdivmod_m, 0, "Return divmod(value, self)."},
    {nullptr, nullptr, 0, nullptr}};

static Ref float_get_real(Value self) { return float_positive(self); }
static Ref float_get_imag(Value self) { return make_float(0.0); }

static const GetSetDef float_getsets[] = {
    {"real", float_get_real, nullptr, "the real part of a complex number"},
    {"imag", float_get_imag, nullptr, "the imaginary part of a complex number"},
    {nullptr, nullptr, nullptr, nullptr}};

static NumberSlots float_number;

template <int... I>
static void fill_float_binary(NumberSlots& n, std::integer_sequence<int, I...>) {
  ((n.binary[I] = (I <= int(BinOp::Pow)) ? float_binary_slot<I> : nullptr), ...);
}

void init_float_type() {
  fill_float_binary(float_number, std::make_integer_sequence<int, kBinOpCount>{});
  float_number.power3 = float_power3;
  float_number.negative = float_negative;
  float_number.positive = float_positive;
  float_number.absolute = float_absolute;
  float_number.to_int = float_to_int;
  float_number.to_float = float_positive;
  float_number.to_bool = float_to_bool;

  static_type_init(FloatType, "float", sizeof(Float), &ObjectType, kTypeBaseType);
  FloatType.dealloc = float_dealloc;
  FloatType.repr = float_repr_slot;
  FloatType.hash = float_hash_slot;
  FloatType.richcompare = float_richcompare;
  FloatType.new_ = float_new;
  FloatType.number = &float_number;
  FloatType.methods = float_methods;
  FloatType.getsets = float_getsets;
  FloatType.doc = "Convert a string or number to a floating point number, if possible.";
  ready_type(&FloatType);
}

}  // namespace gilpy::rt
