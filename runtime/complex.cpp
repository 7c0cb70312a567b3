// runtime/complex.cpp: the complex type (see complex.h).
//
// Follows CPython 3.11's Objects/complexobject.c: products are the schoolbook formula,
// quotients Smith's algorithm (scaling by the larger part of the divisor), `**` with a
// small integral exponent (|n| <= 100) is repeated squaring and otherwise the polar form,
// and both report domain and range errors through errno as CPython does. The string
// parser accepts exactly CPython's forms: <float>, <float>j, <float><signed-float>j and
// the legacy <float><sign>j, <sign>j, j, optionally in parentheses and surrounded by
// whitespace, with underscores only between digits.
#include "runtime/complex.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/int.h"
#include "runtime/misc_types.h"
#include "runtime/numeric_format.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"
#include "runtime/unicode_data.h"

namespace gilpy::rt {

Type ComplexType;

namespace {
inline Ref not_impl() { return Ref::borrow(not_implemented()); }
}  // namespace

bool is_complex(Value v) {
  if (!v.is_obj()) return false;
  Type* t = v.obj()->type;
  return t == &ComplexType || is_subtype(t, &ComplexType);
}

Ref make_complex(double real, double imag) {
  Complex* c = alloc<Complex>(&ComplexType);
  c->c = {real, imag};
  return Ref::steal(Value::from_obj(c));
}

static Ref complex_subtype_from_doubles(Type* type, double real, double imag) {
  if (type == &ComplexType) return make_complex(real, imag);
  auto* c = static_cast<Complex*>(alloc_object(type, type->basic_size));
  c->c = {real, imag};
  return Ref::steal(Value::from_obj(c));
}

bool complex_operand(Value v, CDouble* out, bool* error) {
  *error = false;
  if (is_complex(v)) { *out = complex_value(v); return true; }
  if (is_int(v)) {
    bool ovf;
    double d = v.is_bool() ? (v.is_true() ? 1.0 : 0.0) : int_to_double(v, &ovf);
    if (!v.is_bool() && ovf) {
      raise(&OverflowErrorType, "int too large to convert to float");
      *error = true;
      return false;
    }
    *out = {d, 0.0};
    return true;
  }
  if (is_float_like(v)) { *out = {float_value(v), 0.0}; return true; }
  return false;
}

// The result of __complex__, or null with no error when the type has none.
static Ref try_complex_special_method(Value v, bool* failed) {
  *failed = false;
  static Str* name = intern("__complex__");
  Value m = type_lookup(type_of(v), name);
  if (m.is_null()) return nullptr;
  Ref r = call(m, &v, 1);
  if (!r) { *failed = true; return nullptr; }
  if (!is_complex(r.get())) {
    *failed = true;
    raisef(&TypeErrorType, "__complex__ returned non-complex (type %.200s)", type_name(r.get()));
    return nullptr;
  }
  return r;
}

bool as_cdouble(Value v, CDouble* out) {
  if (is_complex(v)) { *out = complex_value(v); return true; }
  bool failed;
  Ref r = try_complex_special_method(v, &failed);
  if (failed) return false;
  if (r) { *out = complex_value(r.get()); return true; }
  double d;
  if (!as_double(v, &d)) return false;
  *out = {d, 0.0};
  return true;
}

// ---------------------------------------------------------------------------------------
// Arithmetic on CDouble

static CDouble c_prod(CDouble a, CDouble b) {
  return {a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real};
}

CDouble complex_quot(CDouble a, CDouble b, bool* zero_div) {
  *zero_div = false;
  const double abs_breal = b.real < 0 ? -b.real : b.real;
  const double abs_bimag = b.imag < 0 ? -b.imag : b.imag;
  if (abs_breal >= abs_bimag) {
    if (abs_breal == 0.0) {
      *zero_div = true;
      return {0.0, 0.0};
    }
    const double ratio = b.imag / b.real;
    const double denom = b.real + b.imag * ratio;
    return {(a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom};
  }
  if (abs_bimag >= abs_breal) {
    const double ratio = b.real / b.imag;
    const double denom = b.real * ratio + b.imag;
    return {(a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom};
  }
  return {NAN, NAN};  // at least one part of b is a NaN
}

// errno-style status of the pow helpers: EDOM (0 to a negative or complex power) or 0.
static CDouble c_pow(CDouble a, CDouble b, int* err) {
  if (b.real == 0.0 && b.imag == 0.0) return {1.0, 0.0};
  if (a.real == 0.0 && a.imag == 0.0) {
    if (b.imag != 0.0 || b.real < 0.0) *err = EDOM;
    return {0.0, 0.0};
  }
  double vabs = std::hypot(a.real, a.imag);
  double len = std::pow(vabs, b.real);
  double at = std::atan2(a.imag, a.real);
  double phase = at * b.real;
  if (b.imag != 0.0) {
    len /= std::exp(at * b.imag);
    phase += b.imag * std::log(vabs);
  }
  return {len * std::cos(phase), len * std::sin(phase)};
}

static CDouble c_powu(CDouble x, long n) {
  CDouble r = {1.0, 0.0}, p = x;
  long mask = 1;
  while (mask > 0 && n >= mask) {
    if (n & mask) r = c_prod(r, p);
    mask <<= 1;
    p = c_prod(p, p);
  }
  return r;
}

static CDouble c_powi(CDouble x, long n, int* err) {
  if (n > 0) return c_powu(x, n);
  bool zero;
  CDouble r = complex_quot({1.0, 0.0}, c_powu(x, -n), &zero);
  if (zero) *err = EDOM;
  return r;
}

Ref complex_pow_values(CDouble a, CDouble b) {
  int err = 0;
  errno = 0;
  CDouble p;
  if (b.imag == 0.0 && b.real == std::floor(b.real) && std::fabs(b.real) <= 100.0)
    p = c_powi(a, long(b.real), &err);
  else
    p = c_pow(a, b, &err);
  if (err == 0) err = errno;
  // _Py_ADJUST_ERANGE2: an infinite part is an overflow; an underflow is not an error.
  if (std::isinf(p.real) || std::isinf(p.imag)) {
    if (err == 0) err = ERANGE;
  } else if (err == ERANGE) {
    err = 0;
  }
  if (err == EDOM) return raise(&ZeroDivisionErrorType, "0.0 to a negative or complex power");
  if (err == ERANGE) return raise(&OverflowErrorType, "complex exponentiation");
  return make_complex(p.real, p.imag);
}

static Ref complex_binary_op(BinOp op, Value a, Value b) {
  CDouble x, y;
  bool err;
  if (!complex_operand(a, &x, &err)) return err ? nullptr : not_impl();
  if (!complex_operand(b, &y, &err)) return err ? nullptr : not_impl();
  switch (op) {
    case BinOp::Add: return make_complex(x.real + y.real, x.imag + y.imag);
    case BinOp::Sub: return make_complex(x.real - y.real, x.imag - y.imag);
    case BinOp::Mul: {
      CDouble p = c_prod(x, y);
      return make_complex(p.real, p.imag);
    }
    case BinOp::TrueDiv: {
      bool zero;
      CDouble q = complex_quot(x, y, &zero);
      if (zero) return raise(&ZeroDivisionErrorType, "complex division by zero");
      return make_complex(q.real, q.imag);
    }
    case BinOp::Pow: return complex_pow_values(x, y);
    default: return not_impl();
  }
}

template <int op>
static Ref complex_binary_slot(Value a, Value b) {
  return complex_binary_op(static_cast<BinOp>(op), a, b);
}

static Ref complex_power3(Value a, Value b, Value m) {
  if (!m.is_null() && !m.is_none()) return raise(&ValueErrorType, "complex modulo");
  return complex_binary_op(BinOp::Pow, a, b);
}

// ---------------------------------------------------------------------------------------
// repr, hash, comparison

std::string complex_repr_text(CDouble c) {
  if (c.real == 0.0 && !std::signbit(c.real))
    return double_to_string(c.imag, 'r', 0) + "j";
  return "(" + double_to_string(c.real, 'r', 0) +
         double_to_string(c.imag, 'r', 0, false, false, true) + "j)";
}

static Ref complex_repr_slot(Value v) {
  return str_from_ascii(complex_repr_text(complex_value(v))).into_ref();
}

static int64_t hash_part(Value self, double d) {
  if (std::isnan(d)) {  // CPython: _Py_HashPointer(obj)
    uint64_t y = uint64_t(reinterpret_cast<uintptr_t>(self.obj()));
    y = (y >> 4) | (y << 60);
    int64_t h = int64_t(y);
    return h == -1 ? -2 : h;
  }
  return float_hash(d);
}

static int64_t complex_hash_slot(Value v) {
  CDouble c = complex_value(v);
  uint64_t hr = uint64_t(hash_part(v, c.real));
  uint64_t hi = uint64_t(hash_part(v, c.imag));
  // hash(x + 0j) == hash(x): the imaginary hash is weighted by 1000003 (_PyHASH_IMAG).
  int64_t h = int64_t(hr + 1000003u * hi);
  return h == -1 ? -2 : h;
}

static Ref complex_richcompare(Value a, Value b, CompareOp op) {
  if (op != CompareOp::Eq && op != CompareOp::Ne) return not_impl();
  if (!is_complex(a)) std::swap(a, b);
  CDouble i = complex_value(a);
  bool equal;
  if (is_int(b)) {
    if (i.imag == 0.0) {
      Ref j = make_float(i.real);
      return rich_compare(j.get(), b, op);
    }
    equal = false;
  } else if (is_float_like(b)) {
    equal = i.real == float_value(b) && i.imag == 0.0;
  } else if (is_complex(b)) {
    CDouble j = complex_value(b);
    equal = i.real == j.real && i.imag == j.imag;
  } else {
    return not_impl();
  }
  return Ref::boolean(equal == (op == CompareOp::Eq));
}

// ---------------------------------------------------------------------------------------
// Unary slots

static Ref complex_negative(Value v) {
  CDouble c = complex_value(v);
  return make_complex(-c.real, -c.imag);
}
static Ref complex_positive(Value v) {
  if (v.obj()->type == &ComplexType) return Ref::borrow(v);
  CDouble c = complex_value(v);
  return make_complex(c.real, c.imag);
}
static Ref complex_absolute(Value v) {
  CDouble c = complex_value(v);
  double r;
  if (!std::isfinite(c.real) || !std::isfinite(c.imag)) {
    // An infinite part wins over a NaN: abs(complex(inf, nan)) is inf.
    if (std::isinf(c.real)) r = std::fabs(c.real);
    else if (std::isinf(c.imag)) r = std::fabs(c.imag);
    else r = NAN;
  } else {
    r = std::hypot(c.real, c.imag);
    if (std::isinf(r)) return raise(&OverflowErrorType, "absolute value too large");
  }
  return make_float(r);
}
static int complex_to_bool(Value v) {
  CDouble c = complex_value(v);
  return c.real != 0.0 || c.imag != 0.0;
}

// ---------------------------------------------------------------------------------------
// Construction

// Parses a float at s[i...] as PyOS_string_to_double without an overflow exception:
// [sign] (digits [. digits] | . digits) [e [sign] digits] | [sign] inf | infinity | nan.
// Returns the end position, or i when nothing parses.
static size_t parse_double_prefix(const std::string& s, size_t i, double* out) {
  size_t p = i;
  bool neg = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) { neg = s[p] == '-'; p++; }
  auto word = [&](const char* w) {
    size_t n = std::strlen(w);
    if (s.size() - p < n) return false;
    for (size_t k = 0; k < n; k++)
      if ((s[p + k] | 0x20) != w[k]) return false;
    return true;
  };
  if (word("infinity")) { *out = neg ? -HUGE_VAL : HUGE_VAL; return p + 8; }
  if (word("inf")) { *out = neg ? -HUGE_VAL : HUGE_VAL; return p + 3; }
  if (word("nan")) { *out = neg ? -NAN : NAN; return p + 3; }
  size_t start = p, digits = 0;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') { p++; digits++; }
  if (p < s.size() && s[p] == '.') {
    p++;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') { p++; digits++; }
  }
  if (digits == 0) return i;
  if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    size_t q = p + 1;
    if (q < s.size() && (s[q] == '+' || s[q] == '-')) q++;
    if (q < s.size() && s[q] >= '0' && s[q] <= '9') {
      while (q < s.size() && s[q] >= '0' && s[q] <= '9') q++;
      p = q;
    }
  }
  std::string text = s.substr(start, p - start);
  double d = std::strtod(text.c_str(), nullptr);
  *out = neg ? -d : d;
  return p;
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// complex_from_string_inner: s is ASCII without underscores.
static bool parse_complex_ascii(const std::string& s, double* x_out, double* y_out) {
  double x = 0.0, y = 0.0, z;
  size_t i = 0, n = s.size();
  bool got_bracket = false;
  while (i < n && is_space(s[i])) i++;
  if (i < n && s[i] == '(') {
    got_bracket = true;
    i++;
    while (i < n && is_space(s[i])) i++;
  }
  auto is_j = [&](size_t k) { return k < n && (s[k] == 'j' || s[k] == 'J'); };
  size_t end = parse_double_prefix(s, i, &z);
  if (end != i) {
    i = end;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      x = z;
      end = parse_double_prefix(s, i, &y);
      if (end != i) {
        i = end;
      } else {
        y = s[i] == '+' ? 1.0 : -1.0;
        i++;
      }
      if (!is_j(i)) return false;
      i++;
    } else if (is_j(i)) {
      i++;
      y = z;
    } else {
      x = z;
    }
  } else {
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      y = s[i] == '+' ? 1.0 : -1.0;
      i++;
    } else {
      y = 1.0;
    }
    if (!is_j(i)) return false;
    i++;
  }
  while (i < n && is_space(s[i])) i++;
  if (got_bracket) {
    if (i >= n || s[i] != ')') return false;
    i++;
    while (i < n && is_space(s[i])) i++;
  }
  if (i != n) return false;
  *x_out = x;
  *y_out = y;
  return true;
}

static Ref complex_from_str(Type* type, Str* s) {
  // Non-ASCII decimal digits and whitespace become ASCII first (as CPython's
  // _PyUnicode_TransformDecimalAndSpaceToASCII); anything else non-ASCII cannot parse.
  std::string ascii;
  for (int64_t k = 0; k < s->length; k++) {
    char32_t c = s->at(k);
    if (c < 128) { ascii.push_back(char(c)); continue; }
    if (unicode::has(c, unicode::kSpace)) { ascii.push_back(' '); continue; }
    int d = unicode::decimal_value(c);
    ascii.push_back(d >= 0 ? char('0' + d) : '?');
  }
  auto malformed = [] { return raise(&ValueErrorType, "complex() arg is a malformed string"); };
  if (ascii.find('\0') != std::string::npos) return malformed();
  if (ascii.find('_') != std::string::npos) {
    // _Py_string_to_number_with_underscores: each '_' must sit between two digits.
    std::string clean;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (size_t k = 0; k < ascii.size(); k++) {
      if (ascii[k] == '_') {
        if (k == 0 || !digit(ascii[k - 1]) || k + 1 >= ascii.size() || !digit(ascii[k + 1]))
          return raisef(&ValueErrorType, "could not convert string to complex: %s",
                        str_repr_utf8(s).c_str());
        continue;
      }
      clean.push_back(ascii[k]);
    }
    ascii = std::move(clean);
  }
  double x, y;
  if (!parse_complex_ascii(ascii, &x, &y)) return malformed();
  return complex_subtype_from_doubles(type, x, y);
}

// PyNumber_Check: the object has a numeric conversion (or is a complex).
static bool number_check(Value v) {
  if (is_complex(v)) return true;
  NumberSlots* n = type_of(v)->number;
  return n && (n->index || n->to_int || n->to_float);
}

static Ref complex_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  Value r, i;
  if (nargs > 2)
    return raisef(&TypeErrorType, "complex() takes at most 2 arguments (%zu given)", nargs);
  for (int64_t k = 0; kwnames && k < kwnames->size; k++) {
    std::string name = str_to_utf8(kwnames->items[k].as<Str>());
    if (name != "real" && name != "imag")
      return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for complex()",
                    name.c_str());
  }
  if (!bind_args("complex", args, nargs, kwnames, {"real", "imag"}, 0, {&r, &i})) return nullptr;
  if (r.is_null()) r = Value::small_int(0);
  if (is_str(r)) {
    if (!i.is_null())
      return raise(&TypeErrorType, "complex() can't take second arg if first is a string");
    return complex_from_str(type, r.as<Str>());
  }
  if (!i.is_null() && is_str(i))
    return raise(&TypeErrorType, "complex() second arg can't be a string");
  bool failed;
  Ref special = try_complex_special_method(r, &failed);
  if (failed) return nullptr;
  if (special) r = special.get();
  if (!number_check(r))
    return raisef(&TypeErrorType,
                  "complex() first argument must be a string or a number, not '%.200s'",
                  type_name(r));
  if (!i.is_null() && !number_check(i))
    return raisef(&TypeErrorType, "complex() second argument must be a number, not '%.200s'",
                  type_name(i));
  if (i.is_null() && type == &ComplexType && r.is_obj() && r.obj()->type == &ComplexType)
    return Ref::borrow(r);  // complex(z) is z, as CPython's fast path
  CDouble cr, ci = {0.0, 0.0};
  bool cr_is_complex = false, ci_is_complex = false;
  if (is_complex(r)) {
    cr = complex_value(r);
    cr_is_complex = true;
  } else {
    Ref f = number_float(r);
    if (!f) return nullptr;
    cr = {float_value(f.get()), 0.0};
  }
  if (i.is_null()) {
    ci.real = cr.imag;
  } else if (is_complex(i)) {
    ci = complex_value(i);
    ci_is_complex = true;
  } else {
    Ref f = number_float(i);
    if (!f) return nullptr;
    ci.real = float_value(f.get());
  }
  // complex(a, b) is a + b*1j even when a or b is itself complex.
  if (ci_is_complex) cr.real -= ci.imag;
  if (cr_is_complex && !i.is_null()) ci.real += cr.imag;
  return complex_subtype_from_doubles(type, cr.real, ci.real);
}

// ---------------------------------------------------------------------------------------
// Methods and attributes

static Ref complex_conjugate_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("conjugate", kwnames) || !check_nargs("conjugate", nargs, 0, 0))
    return nullptr;
  CDouble c = complex_value(self);
  return make_complex(c.real, -c.imag);
}

static Ref complex_complex_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__complex__", kwnames) || !check_nargs("__complex__", nargs, 0, 0))
    return nullptr;
  return complex_positive(self);
}

static Ref complex_getnewargs_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__getnewargs__", kwnames) || !check_nargs("__getnewargs__", nargs, 0, 0))
    return nullptr;
  CDouble c = complex_value(self);
  Ref re = make_float(c.real), im = make_float(c.imag);
  return tuple_from({re.get(), im.get()}).into_ref();
}

static Ref complex_format_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__format__", kwnames) || !check_nargs("__format__", nargs, 1, 1))
    return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "__format__() argument must be str, not %s", type_name(args[0]));
  Str* spec = args[0].as<Str>();
  if (spec->length == 0) return str(self);
  return complex_format_spec(complex_value(self), spec, type_name(self));
}

static const MethodDef complex_methods[] = {
    {"conjugate", complex_conjugate_m, 0, "Return the complex conjugate of its argument. (3-4j).conjugate() == 3+4j."},
    {"__complex__", complex_complex_m, 0, "Convert this value to exact type complex."},
    {"__getnewargs__", complex_getnewargs_m, 0, nullptr},
    {"__format__", complex_format_m, 0, "Convert to a string according to format_spec."},
    {nullptr, nullptr, 0, nullptr}};

static Ref complex_get_real(Value self) { return make_float(complex_value(self).real); }
static Ref complex_get_imag(Value self) { return make_float(complex_value(self).imag); }

static const GetSetDef complex_getsets[] = {
    {"real", complex_get_real, nullptr, "the real part of a complex number"},
    {"imag", complex_get_imag, nullptr, "the imaginary part of a complex number"},
    {nullptr, nullptr, nullptr, nullptr}};

static NumberSlots complex_number;

template <int... I>
static void fill_complex_binary(NumberSlots& n, std::integer_sequence<int, I...>) {
  ((n.binary[I] = (I == int(BinOp::Add) || I == int(BinOp::Sub) || I == int(BinOp::Mul) ||
                   I == int(BinOp::TrueDiv) || I == int(BinOp::Pow))
                      ? complex_binary_slot<I>
                      : nullptr),
   ...);
}

void init_complex_type() {
  fill_complex_binary(complex_number, std::make_integer_sequence<int, kBinOpCount>{});
  complex_number.power3 = complex_power3;
  complex_number.negative = complex_negative;
  complex_number.positive = complex_positive;
  complex_number.absolute = complex_absolute;
  complex_number.to_bool = complex_to_bool;

  static_type_init(ComplexType, "complex", sizeof(Complex), &ObjectType, kTypeBaseType);
  ComplexType.repr = complex_repr_slot;
  ComplexType.hash = complex_hash_slot;
  ComplexType.richcompare = complex_richcompare;
  ComplexType.new_ = complex_new;
  ComplexType.number = &complex_number;
  ComplexType.methods = complex_methods;
  ComplexType.getsets = complex_getsets;
  ComplexType.doc =
      "Create a complex number from a real part and an optional imaginary part.\n\n"
      "This is equivalent to (real + imag*1j) where imag defaults to 0.";
  ready_type(&ComplexType);
}

}  // namespace gilpy::rt
