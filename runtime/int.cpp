// runtime/int.cpp: the int and bool types (see int.h).
//
// Representation: a tagged small int (63 bits) or a BigInt holding a GMP mpz_t. The
// invariant "a value in the small range is always small" holds for exact ints; instances
// of int subclasses (class MyInt(int)) are BigInt-layout objects whose mpz holds any value.
// Bools are the tagged True/False. Every operation first tries the all-small path with
// plain 64-bit arithmetic and falls back to GMP.
//
// Numeric semantics follow CPython 3.11's Objects/longobject.c: floor division and
// modulo round toward negative infinity, true division is correctly rounded for ints of
// any size, `**` with a negative exponent gives a float, pow(a, b, m) takes a negative b
// as a modular inverse, hashes are reductions modulo 2**61 - 1, and conversions to and
// from decimal text are limited to int_max_str_digits digits.
#include "runtime/int.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "runtime/abstract.h"
#include "runtime/args.h"
#include "runtime/buffer.h"
#include "runtime/bytearray.h"
#include "runtime/bytes.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/gc.h"
#include "runtime/misc_types.h"
#include "runtime/numeric_format.h"
#include "runtime/str.h"
#include "runtime/tuple.h"
#include "runtime/typeobject.h"
#include "runtime/unicode_data.h"

namespace gilpy::rt {

Type IntType;
Type BoolType;
int64_t int_max_str_digits = 4300;

namespace {

constexpr uint64_t kHashModulus = (uint64_t{1} << 61) - 1;

// An initialised mpz that clears itself.
struct Mpz {
  mpz_t z;
  Mpz() { mpz_init(z); }
  ~Mpz() { mpz_clear(z); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

inline bool as_small(Value v, int64_t* out) {
  if (v.is_small_int()) { *out = v.small_int(); return true; }
  if (v.is_bool()) { *out = v.is_true() ? 1 : 0; return true; }
  return false;
}

// A read-only mpz view of any int Value (a temporary for small ints).
class MpzView {
 public:
  explicit MpzView(Value v) {
    int64_t i;
    if (as_small(v, &i)) {
      mpz_init_set_si(tmp_, long(i));
      p_ = tmp_;
      owned_ = true;
    } else {
      p_ = v.as<BigInt>()->z;
    }
  }
  ~MpzView() { if (owned_) mpz_clear(tmp_); }
  MpzView(const MpzView&) = delete;
  MpzView& operator=(const MpzView&) = delete;
  mpz_srcptr get() const { return p_; }

 private:
  mpz_t tmp_;
  mpz_srcptr p_;
  bool owned_ = false;
};

BigInt* new_bigint() {
  BigInt* b = alloc<BigInt>(&IntType);
  mpz_init(b->z);
  return b;
}

// Makes an int from z, taking its value (z is left valid but unspecified).
Ref take_mpz(mpz_t z) {
  if (mpz_fits_slong_p(z)) {
    long i = mpz_get_si(z);
    if (Value::fits_small(i)) return Ref::steal(Value::small_int(i));
  }
  BigInt* b = new_bigint();
  mpz_swap(b->z, z);
  return Ref::steal(Value::from_obj(b));
}
Ref take(Mpz& m) { return take_mpz(m.z); }

Ref from_int128(__int128 v) {
  if (v >= Value::kSmallIntMin && v <= Value::kSmallIntMax)
    return Ref::steal(Value::small_int(int64_t(v)));
  Mpz m;
  bool neg = v < 0;
  unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
  mpz_set_ui(m.z, (unsigned long)(u >> 64));
  mpz_mul_2exp(m.z, m.z, 64);
  mpz_add_ui(m.z, m.z, (unsigned long)(uint64_t)u);
  if (neg) mpz_neg(m.z, m.z);
  return take(m);
}

inline Ref not_impl() { return Ref::borrow(not_implemented()); }

}  // namespace

// ---------------------------------------------------------------------------------------
// Construction and conversion

bool is_int(Value v) {
  return v.is_small_int() || v.is_bool() ||
         (v.is_obj() && type_has(v.obj()->type, kTypeIntSubclass));
}

Ref make_int(int64_t i) {
  if (Value::fits_small(i)) return Ref::steal(Value::small_int(i));
  BigInt* b = alloc<BigInt>(&IntType);
  mpz_init_set_si(b->z, long(i));
  return Ref::steal(Value::from_obj(b));
}

Ref make_int_u64(uint64_t u) {
  if (u <= uint64_t(Value::kSmallIntMax)) return Ref::steal(Value::small_int(int64_t(u)));
  BigInt* b = alloc<BigInt>(&IntType);
  mpz_init_set_ui(b->z, (unsigned long)u);
  return Ref::steal(Value::from_obj(b));
}

Ref make_int_mpz(const mpz_t z) {
  if (mpz_fits_slong_p(z)) {
    long i = mpz_get_si(z);
    if (Value::fits_small(i)) return Ref::steal(Value::small_int(i));
  }
  BigInt* b = alloc<BigInt>(&IntType);
  mpz_init_set(b->z, z);
  return Ref::steal(Value::from_obj(b));
}

Ref int_exact_copy(Value v) {
  int64_t i;
  if (as_small(v, &i)) return Ref::steal(Value::small_int(i));
  if (is_bigint(v)) return Ref::borrow(v);
  return make_int_mpz(v.as<BigInt>()->z);
}

void int_to_mpz(Value v, mpz_t out) {
  int64_t i;
  if (as_small(v, &i)) mpz_set_si(out, long(i));
  else mpz_set(out, v.as<BigInt>()->z);
}

int int_sign(Value v) {
  int64_t i;
  if (as_small(v, &i)) return (i > 0) - (i < 0);
  return mpz_sgn(v.as<BigInt>()->z);
}

// |q| * 2**exp2 rounded to the nearest double (ties to even); `sticky` says the true
// magnitude is a little more than |q| (q then has at least 55 significant bits).
static double scaled_to_double(mpz_srcptr q, long exp2, bool sticky, bool* overflow) {
  *overflow = false;
  int sign = mpz_sgn(q);
  if (sign == 0) return 0.0;
  mpz_t a;
  mpz_roinit_n(a, mpz_limbs_read(q), long(mpz_size(q)));  // |q|, read-only view
  long n = long(mpz_sizeinbase(a, 2));
  long top = n - 1 + exp2;
  if (top > 1023) { *overflow = true; return 0.0; }
  long low = std::max(top - 52, -1074L);
  long drop = low - exp2;
  double r;
  if (drop <= 0) {
    r = std::ldexp(double(mpz_get_ui(a)), int(exp2));
  } else {
    Mpz m;
    mpz_tdiv_q_2exp(m.z, a, (unsigned long)drop);
    uint64_t mant = mpz_get_ui(m.z);
    bool half = mpz_tstbit(a, (unsigned long)(drop - 1));
    bool lower = sticky || long(mpz_scan1(a, 0)) < drop - 1;
    if (half && (lower || (mant & 1))) mant++;
    r = std::ldexp(double(mant), int(low));
  }
  if (std::isinf(r)) { *overflow = true; return 0.0; }
  return sign < 0 ? -r : r;
}

double int_to_double(Value v, bool* overflow) {
  int64_t i;
  *overflow = false;
  if (as_small(v, &i)) {
    if (i >= -(int64_t{1} << 53) && i <= (int64_t{1} << 53)) return double(i);
    Mpz m;
    mpz_set_si(m.z, long(i));
    return scaled_to_double(m.z, 0, false, overflow);
  }
  return scaled_to_double(v.as<BigInt>()->z, 0, false, overflow);
}

std::optional<int64_t> int_as_int64(Value v) {
  int64_t i;
  if (as_small(v, &i)) return i;
  Ref idx;
  if (!is_int(v)) {
    idx = index_of(v);
    if (!idx) return std::nullopt;
    v = idx.get();
    if (v.is_small_int()) return v.small_int();
  }
  mpz_srcptr z = v.as<BigInt>()->z;
  if (mpz_fits_slong_p(z)) return int64_t(mpz_get_si(z));
  raise(&OverflowErrorType, "Python int too large to convert to C long");
  return std::nullopt;
}

Ref index_of(Value v) {
  if (v.is_small_int() || is_bigint(v)) return Ref::borrow(v);
  if (is_int(v)) return int_exact_copy(v);
  Type* t = type_of(v);
  if (t->number && t->number->index) {
    Ref r = t->number->index(v);
    if (!r) return nullptr;
    if (is_exact_int(r.get())) return r;
    if (!is_int(r.get()))
      return raisef(&TypeErrorType, "__index__ returned non-int (type %s)", type_name(r.get()));
    return int_exact_copy(r.get());
  }
  return raisef(&TypeErrorType, "'%s' object cannot be interpreted as an integer", t->name);
}

std::optional<int64_t> index_as_int64(Value v) {
  if (v.is_small_int()) return v.small_int();
  Ref r = index_of(v);
  if (!r) return std::nullopt;
  if (r.get().is_small_int()) return r.get().small_int();
  mpz_srcptr z = r.as<BigInt>()->z;
  if (mpz_fits_slong_p(z)) return int64_t(mpz_get_si(z));
  raisef(&OverflowErrorType, "cannot fit '%s' into an index-sized integer", type_name(v));
  return std::nullopt;
}

std::optional<int64_t> index_as_int64_clamped(Value v) {
  if (v.is_small_int()) return v.small_int();
  Ref r = index_of(v);
  if (!r) return std::nullopt;
  if (r.get().is_small_int()) return r.get().small_int();
  mpz_srcptr z = r.as<BigInt>()->z;
  if (mpz_fits_slong_p(z)) return int64_t(mpz_get_si(z));
  return mpz_sgn(z) < 0 ? INT64_MIN : INT64_MAX;
}

static std::optional<int64_t> clinic_integer(Value v, int64_t lo, int64_t hi, const char* ctype) {
  if (v.is_small_int() && v.small_int() >= lo && v.small_int() <= hi) return v.small_int();
  Ref r = index_of(v);
  if (!r) return std::nullopt;
  if (r.get().is_small_int() && r.get().small_int() >= lo && r.get().small_int() <= hi) return r.get().small_int();
  if (!r.get().is_small_int()) {
    mpz_srcptr z = r.as<BigInt>()->z;
    if (mpz_fits_slong_p(z) && mpz_get_si(z) >= lo && mpz_get_si(z) <= hi) return int64_t(mpz_get_si(z));
  }
  raisef(&OverflowErrorType, "Python int too large to convert to C %s", ctype);
  return std::nullopt;
}
std::optional<int64_t> clinic_ssize_arg(Value v) { return clinic_integer(v, INT64_MIN, INT64_MAX, "ssize_t"); }
std::optional<int64_t> clinic_int_arg(Value v) { return clinic_integer(v, INT32_MIN, INT32_MAX, "int"); }

Ref int_from_double(double d) {
  if (std::isinf(d)) return raise(&OverflowErrorType, "cannot convert float infinity to integer");
  if (std::isnan(d)) return raise(&ValueErrorType, "cannot convert float NaN to integer");
  double t = std::trunc(d);
  if (t >= -4.6e18 && t <= 4.6e18) return make_int(int64_t(t));
  Mpz m;
  mpz_set_d(m.z, t);
  return take(m);
}

// ---------------------------------------------------------------------------------------
// Text

bool int_check_str_digits(int64_t ndigits) {
  if (int_max_str_digits > 0 && ndigits > int_max_str_digits) {
    raisef(&ValueErrorType,
           "Exceeds the limit (%lld digits) for integer string conversion; "
           "use sys.set_int_max_str_digits() to increase the limit",
           (long long)int_max_str_digits);
    return false;
  }
  return true;
}

std::string int_to_decimal(Value v) {
  int64_t i;
  if (as_small(v, &i)) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    return std::string(buf, r.ptr);
  }
  return int_to_base_digits(v, 10);
}

static Ref int_repr(Value v) {
  int64_t i;
  if (as_small(v, &i)) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    return str_from_ascii(std::string_view(buf, size_t(r.ptr - buf))).into_ref();
  }
  mpz_srcptr z = v.as<BigInt>()->z;
  // Cheap early rejection (log10(2) < 0.30103), then the exact check.
  if (int_max_str_digits > 0 &&
      double(mpz_sizeinbase(z, 2)) * 0.30103 > double(int_max_str_digits) + 2 &&
      !int_check_str_digits(int_max_str_digits + 1))
    return nullptr;
  std::string s = int_to_base_digits(v, 10);
  if (!int_check_str_digits(int64_t(s.size()) - (s[0] == '-'))) return nullptr;
  return str_from_ascii(s).into_ref();
}

static Ref bool_repr(Value v) {
  static Str* t = intern("True");
  static Str* f = intern("False");
  return Ref::borrow(Value::from_obj(v.is_true() ? t : f));
}

Ref int_to_base_str(Value v, int base) {
  std::string d = int_to_base_digits(v, base);
  const char* prefix = base == 2 ? "0b" : base == 8 ? "0o" : base == 16 ? "0x" : "";
  if (d[0] == '-') d.insert(1, prefix);
  else d.insert(0, prefix);
  return str_from_ascii(d).into_ref();
}

// Parses ASCII text (already stripped of nothing) as int() does. Returns null with no
// error for a syntax error (the caller raises with the original text's repr), or null
// with an error set (the digit limit).
static Ref parse_int_ascii(std::string_view s, int base, bool* bad) {
  *bad = false;
  size_t i = 0, n = s.size();
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (i < n && space(s[i])) i++;
  while (n > i && space(s[n - 1])) n--;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
  bool after_prefix = false;
  bool old_octal_zero = false;
  if (base == 0) {
    if (i < n && s[i] == '0') {
      char c = (i + 1 < n) ? char(s[i + 1] | 0x20) : 0;
      if (c == 'x') { base = 16; i += 2; after_prefix = true; }
      else if (c == 'o') { base = 8; i += 2; after_prefix = true; }
      else if (c == 'b') { base = 2; i += 2; after_prefix = true; }
      else { base = 10; old_octal_zero = true; }
    } else {
      base = 10;
    }
  } else if (i + 1 < n && s[i] == '0') {
    char c = char(s[i + 1] | 0x20);
    if ((base == 16 && c == 'x') || (base == 8 && c == 'o') || (base == 2 && c == 'b')) {
      i += 2;
      after_prefix = true;
    }
  }
  std::string digits;
  digits.reserve(n - i);
  bool prev_ok = after_prefix;  // an underscore may follow a digit or the base prefix
  for (; i < n; i++) {
    char c = s[i];
    if (c == '_') {
      if (!prev_ok) { *bad = true; return nullptr; }
      prev_ok = false;
      continue;
    }
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else { *bad = true; return nullptr; }
    if (d >= base) { *bad = true; return nullptr; }
    digits.push_back(c);
    prev_ok = true;
  }
  if (digits.empty() || !prev_ok) { *bad = true; return nullptr; }
  if (old_octal_zero && digits.find_first_not_of('0') != std::string::npos) {
    *bad = true;
    return nullptr;
  }
  if ((base & (base - 1)) != 0 && int_max_str_digits > 0 &&
      int64_t(digits.size()) > int_max_str_digits) {
    return raisef(&ValueErrorType,
                  "Exceeds the limit (%lld digits) for integer string conversion: value has "
                  "%zu digits; use sys.set_int_max_str_digits() to increase the limit",
                  (long long)int_max_str_digits, digits.size());
  }
  if (base == 10 && digits.size() <= 18) {
    int64_t v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return make_int(neg ? -v : v);
  }
  Mpz m;
  mpz_set_str(m.z, digits.c_str(), base);
  if (neg) mpz_neg(m.z, m.z);
  return take(m);
}

static Ref bad_literal(int base, const Str* original) {
  std::string r = str_repr_utf8(original);
  // %.200R: at most 200 characters of the repr.
  size_t chars = 0, cut = r.size();
  for (size_t k = 0; k < r.size(); k++) {
    if ((uint8_t(r[k]) & 0xC0) != 0x80) {
      if (chars == 200) { cut = k; break; }
      chars++;
    }
  }
  r.resize(cut);
  return raisef(&ValueErrorType, "invalid literal for int() with base %d: %s", base, r.c_str());
}

static bool base_ok(int64_t base) { return base == 0 || (base >= 2 && base <= 36); }

// Non-ASCII spaces become ' ', Unicode decimal digits become ASCII, anything else
// non-ASCII becomes '?' (CPython's _PyUnicode_TransformDecimalAndSpaceToASCII).
static std::string to_ascii_number(const Str* s) {
  if (s->kind == 1) return std::string(s->ascii_view());
  std::string out;
  out.reserve(size_t(s->length));
  for (int64_t i = 0; i < s->length; i++) {
    char32_t c = s->at(i);
    if (c < 127) { out.push_back(char(c)); continue; }
    if (unicode::has(c, unicode::kSpace)) { out.push_back(' '); continue; }
    int d = unicode::decimal_value(c);
    if (d < 0) { out.push_back('?'); break; }
    out.push_back(char('0' + d));
  }
  return out;
}

Ref int_from_str(Str* s, int base) {
  if (!base_ok(base)) return raise(&ValueErrorType, "int() base must be >= 2 and <= 36, or 0");
  bool bad;
  Ref r = parse_int_ascii(to_ascii_number(s), base, &bad);
  if (bad) return bad_literal(base, s);
  return r;
}

Ref int_from_string(std::string_view text, int base) {
  if (!base_ok(base)) return raise(&ValueErrorType, "int() base must be >= 2 and <= 36, or 0");
  bool ascii = true;
  for (char c : text) if (uint8_t(c) >= 0x80) { ascii = false; break; }
  if (ascii) {
    bool bad;
    Ref r = parse_int_ascii(text, base, &bad);
    if (bad) return bad_literal(base, str_from_ascii(text).get());
    return r;
  }
  Own<Str> s = str_from_utf8(text);
  return int_from_str(s.get(), base);
}

// ---------------------------------------------------------------------------------------
// Arithmetic

bool int_result_fits(double bits) {
  constexpr double kUnprobedBytes = double(int64_t{64} << 20);
  constexpr double kMaxBytes = double(uint64_t{1} << 62);
  // GMP's temporaries take about as much again as the result: probe for twice it.
  double bytes = 2 * (bits / 8 + 16);
  if (bytes < kUnprobedBytes) return true;
  if (bytes < kMaxBytes) {
    if (void* probe = std::malloc(size_t(bytes))) {  // untouched: the kernel maps nothing
      std::free(probe);
      return true;
    }
  }
  raise_no_memory();
  return false;
}

static double bit_length_of(mpz_srcptr z) { return double(mpz_sizeinbase(z, 2)); }

static Ref shift_count_error() { return raise(&ValueErrorType, "negative shift count"); }

static Ref int_true_divide(Value a, Value b) {
  int64_t x = 0, y = 0;
  constexpr int64_t k53 = int64_t{1} << 53;
  if (as_small(a, &x) && as_small(b, &y) && x >= -k53 && x <= k53 && y >= -k53 && y <= k53) {
    if (y == 0) return raise(&ZeroDivisionErrorType, "division by zero");
    return make_float(double(x) / double(y));
  }
  MpzView va(a), vb(b);
  mpz_srcptr za = va.get(), zb = vb.get();
  if (mpz_sgn(zb) == 0) return raise(&ZeroDivisionErrorType, "division by zero");
  bool negate = (mpz_sgn(za) < 0) != (mpz_sgn(zb) < 0);
  if (mpz_sgn(za) == 0) return make_float(negate ? -0.0 : 0.0);
  long na = long(mpz_sizeinbase(za, 2)), nb = long(mpz_sizeinbase(zb, 2));
  long diff = na - nb;
  if (diff > 1025)
    return raise(&OverflowErrorType, "integer division result too large for a float");
  if (diff < -1080) return make_float(negate ? -0.0 : 0.0);
  long shift = std::max(0L, nb - na + 56);
  Mpz num, den, q, r;
  mpz_abs(num.z, za);
  mpz_abs(den.z, zb);
  mpz_mul_2exp(num.z, num.z, (unsigned long)shift);
  mpz_tdiv_qr(q.z, r.z, num.z, den.z);
  bool overflow;
  double d = scaled_to_double(q.z, -shift, mpz_sgn(r.z) != 0, &overflow);
  if (overflow) return raise(&OverflowErrorType, "integer division result too large for a float");
  return make_float(negate ? -d : d);
}

static Ref int_pow2(Value a, Value b) {
  int64_t x = 0, y = 0;
  bool small_b = as_small(b, &y);
  if (small_b && y < 0) goto negative;
  if (!small_b && mpz_sgn(b.as<BigInt>()->z) < 0) goto negative;
  if (as_small(a, &x) && small_b) {
    // Square-and-multiply while it fits.
    int64_t result = 1, base = x, e = y;
    bool ok = true;
    while (e > 0) {
      if (e & 1) {
        if (__builtin_mul_overflow(result, base, &result)) { ok = false; break; }
      }
      e >>= 1;
      if (e > 0 && __builtin_mul_overflow(base, base, &base)) { ok = false; break; }
    }
    if (ok) return make_int(result);
  }
  {
    MpzView va(a);
    mpz_srcptr za = va.get();
    if (mpz_cmp_si(za, 0) == 0) return make_int(small_b && y == 0 ? 1 : 0);
    if (mpz_cmp_si(za, 1) == 0) return make_int(1);
    if (mpz_cmp_si(za, -1) == 0) {
      MpzView vb(b);
      return make_int(mpz_odd_p(vb.get()) ? -1 : 1);
    }
    if (!small_b) return raise_no_memory();  // |a| >= 2 to a power past 2**62
    if (!int_result_fits(bit_length_of(za) * double(y))) return nullptr;
    Mpz r;
    mpz_pow_ui(r.z, za, (unsigned long)y);
    return take(r);
  }
negative: {
  double da, db;
  bool ovf;
  da = int_to_double(a, &ovf);
  if (ovf) return raise(&OverflowErrorType, "int too large to convert to float");
  db = int_to_double(b, &ovf);
  if (ovf) return raise(&OverflowErrorType, "int too large to convert to float");
  return float_pow_values(da, db);
}
}

Ref int_pow3(Value a, Value b, Value m) {
  if (m.is_null() || m.is_none()) {
    if (!is_int(a) || !is_int(b)) return not_impl();
    return int_pow2(a, b);
  }
  if (!is_int(a) || !is_int(b) || !is_int(m)) return not_impl();
  MpzView va(a), vb(b), vm(m);
  if (mpz_sgn(vm.get()) == 0) return raise(&ValueErrorType, "pow() 3rd argument cannot be 0");
  bool negative_output = mpz_sgn(vm.get()) < 0;
  Mpz mod, base, r;
  mpz_abs(mod.z, vm.get());
  if (mpz_cmp_ui(mod.z, 1) == 0) return make_int(0);
  mpz_mod(base.z, va.get(), mod.z);
  Mpz e;
  mpz_set(e.z, vb.get());
  if (mpz_sgn(e.z) < 0) {
    if (!mpz_invert(base.z, base.z, mod.z))
      return raise(&ValueErrorType, "base is not invertible for the given modulus");
    mpz_neg(e.z, e.z);
  }
  mpz_powm(r.z, base.z, e.z, mod.z);
  if (negative_output && mpz_sgn(r.z) != 0) mpz_sub(r.z, r.z, mod.z);
  return take(r);
}

static Ref int_lshift(Value a, Value b) {
  int64_t x = 0, y = 0;
  if (int_sign(b) < 0) return shift_count_error();
  if (int_sign(a) == 0) return make_int(0);
  if (!as_small(b, &y)) {
    // CPython: a count whose number of 30-bit digits overflows Py_ssize_t is OverflowError;
    // anything less tries to allocate.
    Mpz digits;
    mpz_fdiv_q_ui(digits.z, b.as<BigInt>()->z, 30);
    if (mpz_fits_slong_p(digits.z)) return raise_no_memory();
    return raise(&OverflowErrorType, "too many digits in integer");
  }
  if (as_small(a, &x) && y < 62) {
    __int128 r = (__int128)x << y;
    return from_int128(r);
  }
  MpzView va(a);
  if (!int_result_fits(bit_length_of(va.get()) + double(y))) return nullptr;
  Mpz r;
  mpz_mul_2exp(r.z, va.get(), (unsigned long)y);
  return take(r);
}

static Ref int_rshift(Value a, Value b) {
  int64_t x = 0, y = 0;
  if (int_sign(b) < 0) return shift_count_error();
  bool small_b = as_small(b, &y);
  if (as_small(a, &x)) {
    if (!small_b || y >= 63) return make_int(x < 0 ? -1 : 0);
    return make_int(x >> y);
  }
  MpzView va(a);
  if (!small_b) return make_int(mpz_sgn(va.get()) < 0 ? -1 : 0);
  Mpz r;
  mpz_fdiv_q_2exp(r.z, va.get(), (unsigned long)y);
  return take(r);
}

Ref int_binary_op(BinOp op, Value a, Value b) {
  if (!is_int(a) || !is_int(b)) return not_impl();
  int64_t x = 0, y = 0;
  if (as_small(a, &x) && as_small(b, &y)) {
    switch (op) {
      case BinOp::Add: return make_int(x + y);   // 63-bit operands: no int64 overflow
      case BinOp::Sub: return make_int(x - y);
      case BinOp::Mul: return from_int128((__int128)x * y);
      case BinOp::FloorDiv:
      case BinOp::Mod: {
        if (y == 0)
          return raise(&ZeroDivisionErrorType, op == BinOp::Mod ? "integer modulo by zero"
                                                                : "integer division or modulo by zero");
        return make_int(op == BinOp::Mod ? floor_mod_small(x, y) : floor_div_small(x, y));
      }
      case BinOp::And: return make_int(x & y);
      case BinOp::Or: return make_int(x | y);
      case BinOp::Xor: return make_int(x ^ y);
      case BinOp::TrueDiv: return int_true_divide(a, b);
      case BinOp::Pow: return int_pow2(a, b);
      case BinOp::LShift: return int_lshift(a, b);
      case BinOp::RShift: return int_rshift(a, b);
      default: return not_impl();
    }
  }
  switch (op) {
    case BinOp::TrueDiv: return int_true_divide(a, b);
    case BinOp::Pow: return int_pow2(a, b);
    case BinOp::LShift: return int_lshift(a, b);
    case BinOp::RShift: return int_rshift(a, b);
    case BinOp::MatMul: return not_impl();
    default: break;
  }
  MpzView va(a), vb(b);
  if (op == BinOp::Mul && !int_result_fits(bit_length_of(va.get()) + bit_length_of(vb.get()))) return nullptr;
  Mpz r;
  switch (op) {
    case BinOp::Add: mpz_add(r.z, va.get(), vb.get()); break;
    case BinOp::Sub: mpz_sub(r.z, va.get(), vb.get()); break;
    case BinOp::Mul: mpz_mul(r.z, va.get(), vb.get()); break;
    case BinOp::FloorDiv:
      if (mpz_sgn(vb.get()) == 0)
        return raise(&ZeroDivisionErrorType, "integer division or modulo by zero");
      mpz_fdiv_q(r.z, va.get(), vb.get());
      break;
    case BinOp::Mod:
      if (mpz_sgn(vb.get()) == 0) return raise(&ZeroDivisionErrorType, "integer modulo by zero");
      mpz_fdiv_r(r.z, va.get(), vb.get());
      break;
    case BinOp::And: mpz_and(r.z, va.get(), vb.get()); break;
    case BinOp::Or: mpz_ior(r.z, va.get(), vb.get()); break;
    case BinOp::Xor: mpz_xor(r.z, va.get(), vb.get()); break;
    default: return not_impl();
  }
  return take(r);
}

Ref int_divmod(Value a, Value b) {
  if (!is_int(a) || !is_int(b)) return not_impl();
  if (int_sign(b) == 0) return raise(&ZeroDivisionErrorType, "integer division or modulo by zero");
  Ref q, r;
  int64_t x = 0, y = 0;
  if (as_small(a, &x) && as_small(b, &y)) {
    int64_t qq = x / y, rr = x % y;
    if (rr != 0 && ((rr < 0) != (y < 0))) { qq -= 1; rr += y; }
    q = make_int(qq);
    r = make_int(rr);
  } else {
    MpzView va(a), vb(b);
    Mpz mq, mr;
    mpz_fdiv_qr(mq.z, mr.z, va.get(), vb.get());
    q = take(mq);
    r = take(mr);
  }
  return tuple_from({q.get(), r.get()}).into_ref();
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

Ref int_compare(Value a, Value b, CompareOp op) {
  if (!is_int(a) || !is_int(b)) return not_impl();
  int64_t x = 0, y = 0;
  int c;
  if (as_small(a, &x) && as_small(b, &y)) {
    c = (x > y) - (x < y);
  } else {
    MpzView va(a), vb(b);
    c = mpz_cmp(va.get(), vb.get());
  }
  return compare_result(c, op);
}

int64_t int_hash(Value v) {
  int64_t i;
  if (as_small(v, &i)) {
    int64_t h;
    if (i > -int64_t(kHashModulus) && i < int64_t(kHashModulus)) h = i;
    else h = i < 0 ? -int64_t(uint64_t(-i) % kHashModulus) : int64_t(uint64_t(i) % kHashModulus);
    return h == -1 ? -2 : h;
  }
  mpz_srcptr z = v.as<BigInt>()->z;
  int64_t h = int64_t(mpz_tdiv_ui(z, (unsigned long)kHashModulus));
  if (mpz_sgn(z) < 0) h = -h;
  return h == -1 ? -2 : h;
}

Ref int_round(Value v, Value ndigits) {
  if (ndigits.is_null() || ndigits.is_none()) return int_exact_copy(v);
  auto nd = index_as_int64(ndigits);
  if (!nd) return nullptr;
  if (*nd >= 0) return int_exact_copy(v);
  MpzView va(v);
  uint64_t k = 0 - uint64_t(*nd);  // unsigned: -INT64_MIN has no int64_t
  if (k > uint64_t(mpz_sizeinbase(va.get(), 10)) + 1) return make_int(0);
  Mpz pow10, q, r, twice;
  mpz_ui_pow_ui(pow10.z, 10, (unsigned long)k);
  mpz_fdiv_qr(q.z, r.z, va.get(), pow10.z);
  mpz_mul_2exp(twice.z, r.z, 1);
  int c = mpz_cmp(twice.z, pow10.z);
  if (c > 0 || (c == 0 && mpz_odd_p(q.z))) mpz_add_ui(q.z, q.z, 1);
  mpz_mul(q.z, q.z, pow10.z);
  return take(q);
}

// ---------------------------------------------------------------------------------------
// Slots

template <int op>
static Ref int_binary_slot(Value a, Value b) {
  return int_binary_op(static_cast<BinOp>(op), a, b);
}

static Ref int_power3_slot(Value a, Value b, Value m) { return int_pow3(a, b, m); }

static Ref int_negative(Value v) {
  int64_t i;
  if (as_small(v, &i)) return make_int(-i);
  Mpz r;
  mpz_neg(r.z, v.as<BigInt>()->z);
  return take(r);
}
static Ref int_positive(Value v) { return int_exact_copy(v); }
static Ref int_invert(Value v) {
  int64_t i;
  if (as_small(v, &i)) return make_int(~i);
  Mpz r;
  mpz_com(r.z, v.as<BigInt>()->z);
  return take(r);
}
static Ref int_absolute(Value v) {
  int64_t i;
  if (as_small(v, &i)) return make_int(i < 0 ? -i : i);
  Mpz r;
  mpz_abs(r.z, v.as<BigInt>()->z);
  return take(r);
}
static Ref int_to_float_slot(Value v) {
  bool ovf;
  double d = int_to_double(v, &ovf);
  if (ovf) return raise(&OverflowErrorType, "int too large to convert to float");
  return make_float(d);
}
static int int_to_bool(Value v) { return int_sign(v) != 0; }

static Ref int_richcompare(Value a, Value b, CompareOp op) { return int_compare(a, b, op); }
static int64_t int_hash_slot(Value v) { return int_hash(v); }

static Ref bool_binary_and(Value a, Value b) {
  if (a.is_bool() && b.is_bool()) return Ref::boolean(a.is_true() && b.is_true());
  return int_binary_op(BinOp::And, a, b);
}
static Ref bool_binary_or(Value a, Value b) {
  if (a.is_bool() && b.is_bool()) return Ref::boolean(a.is_true() || b.is_true());
  return int_binary_op(BinOp::Or, a, b);
}
static Ref bool_binary_xor(Value a, Value b) {
  if (a.is_bool() && b.is_bool()) return Ref::boolean(a.is_true() != b.is_true());
  return int_binary_op(BinOp::Xor, a, b);
}

static void int_dealloc(Object* o) {
  mpz_clear(static_cast<BigInt*>(o)->z);
  free_object(o);
}

// int(b) / int(b, base) for the bytes of a bytes-like object.
static Ref int_from_bytes_text(std::string_view text, int base) {
  bool bad;
  Ref r = parse_int_ascii(text, base, &bad);
  if (bad) {
    Own<Bytes> b = bytes_new(text);
    return raisef(&ValueErrorType, "invalid literal for int() with base %d: %s", base,
                  bytes_repr_utf8(b.get()).c_str());
  }
  return r;
}

// PyNumber_Long
Ref number_long(Value v) {
  if (is_exact_int(v)) return Ref::borrow(v);
  Type* t = type_of(v);
  if (t->number && t->number->to_int) {
    Ref r = t->number->to_int(v);
    if (!r || is_exact_int(r.get())) return r;
    if (!is_int(r.get()))
      return raisef(&TypeErrorType, "__int__ returned non-int (type %s)", type_name(r.get()));
    return int_exact_copy(r.get());
  }
  if (t->number && t->number->index) return index_of(v);
  static Str* trunc_name = intern("__trunc__");
  if (!type_lookup(t, trunc_name).is_null()) {
    Ref r = call_method0(v, "__trunc__");
    if (!r || is_exact_int(r.get())) return r;
    if (is_int(r.get())) return int_exact_copy(r.get());
    Type* rt = type_of(r.get());
    if (!(rt->number && rt->number->index))
      return raisef(&TypeErrorType, "__trunc__ returned non-Integral (type %s)", rt->name);
    return index_of(r.get());
  }
  if (is_str(v)) return int_from_str(v.as<Str>(), 10);
  // Any bytes-like object parses as its bytes (the message shows them as bytes).
  if (Buffer buf; is_bytes_like(v) && buffer_get(v, &buf)) return int_from_bytes_text(buf.view(), 10);
  if (error_pending()) clear_error();
  return raisef(&TypeErrorType,
                "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                t->name);
}

static Ref int_new_exact(const Value* args, size_t nargs, Tuple* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->size) : 0;
  if (nargs + nkw > 2)
    return raisef(&TypeErrorType, "int() takes at most 2 arguments (%zu given)", nargs + nkw);
  Value x, obase;
  if (nargs >= 1) x = args[0];
  if (nargs >= 2) obase = args[1];
  for (size_t k = 0; k < nkw; k++) {
    Str* name = kwnames->items[k].as<Str>();
    if (str_to_utf8(name) != "base")
      return raisef(&TypeErrorType, "'%s' is an invalid keyword argument for int()",
                    str_to_utf8(name).c_str());
    if (nargs >= 2)
      return raise(&TypeErrorType, "argument for int() given by name ('base') and position (2)");
    obase = args[nargs + k];
  }
  if (x.is_null()) {
    if (!obase.is_null()) return raise(&TypeErrorType, "int() missing string argument");
    return make_int(0);
  }
  if (obase.is_null()) return number_long(x);
  auto base = index_as_int64(obase);
  if (!base) return nullptr;
  if (!base_ok(*base)) return raise(&ValueErrorType, "int() base must be >= 2 and <= 36, or 0");
  if (is_str(x)) return int_from_str(x.as<Str>(), int(*base));
  // With a base only str, bytes and bytearray (not other bytes-like objects), as CPython.
  if (is_bytes(x) || is_bytearray(x)) {
    Buffer buf;
    if (!buffer_get(x, &buf)) return nullptr;
    return int_from_bytes_text(buf.view(), int(*base));
  }
  return raise(&TypeErrorType, "int() can't convert non-string with explicit base");
}

static Ref int_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (type == &BoolType)
    return raise(&TypeErrorType, "int.__new__(bool) is not safe, use bool.__new__()");
  Ref v = int_new_exact(args, nargs, kwnames);
  if (!v || type == &IntType) return v;
  auto* o = static_cast<BigInt*>(alloc_object(type, type->basic_size));
  mpz_init(o->z);
  int_to_mpz(v.get(), o->z);
  return Ref::steal(Value::from_obj(o));
}

static Ref bool_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) return raise(&TypeErrorType, "bool() takes no keyword arguments");
  if (nargs > 1) return raisef(&TypeErrorType, "bool expected at most 1 argument, got %zu", nargs);
  if (nargs == 0) return Ref::boolean(false);
  int t = truthy(args[0]);
  if (t < 0) return nullptr;
  return Ref::boolean(t != 0);
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

static Ref int_bit_length_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("bit_length", nargs, kwnames)) return nullptr;
  int64_t i;
  if (as_small(self, &i)) {
    uint64_t u = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    return make_int(u == 0 ? 0 : 64 - __builtin_clzll(u));
  }
  mpz_srcptr z = self.as<BigInt>()->z;
  return make_int(mpz_sgn(z) == 0 ? 0 : int64_t(mpz_sizeinbase(z, 2)));
}

static Ref int_bit_count_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("bit_count", nargs, kwnames)) return nullptr;
  int64_t i;
  if (as_small(self, &i)) {
    uint64_t u = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    return make_int(__builtin_popcountll(u));
  }
  Mpz a;
  mpz_abs(a.z, self.as<BigInt>()->z);
  return make_int(int64_t(mpz_popcount(a.z)));
}

static Ref int_conjugate_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("conjugate", nargs, kwnames)) return nullptr;
  return int_exact_copy(self);
}

static Ref int_self_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__trunc__", kwnames) || !check_nargs("__trunc__", nargs, 0, 0))
    return nullptr;
  return int_exact_copy(self);
}

static Ref int_as_integer_ratio_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("as_integer_ratio", nargs, kwnames)) return nullptr;
  Ref n = int_exact_copy(self);
  return tuple_from({n.get(), Value::small_int(1)}).into_ref();
}

static Ref int_getnewargs_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("__getnewargs__", nargs, kwnames)) return nullptr;
  Ref n = int_exact_copy(self);
  return tuple_from({n.get()}).into_ref();
}

Ref int_format(Value v, Str* spec) {
  if (spec->length == 0) {
    if (is_exact_int(v)) return int_repr(v);
    return str(v);
  }
  return int_format_spec(v, spec, type_name(v));
}

static Ref int_format_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__format__", kwnames) || !check_nargs("__format__", nargs, 1, 1))
    return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "__format__() argument must be str, not %s", type_name(args[0]));
  return int_format(self, args[0].as<Str>());
}

static Ref int_round_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__round__", kwnames) || !check_nargs("__round__", nargs, 0, 1))
    return nullptr;
  return int_round(self, nargs ? args[0] : Value());
}

static Ref int_divmod_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__divmod__", kwnames) || !check_nargs("__divmod__", nargs, 1, 1))
    return nullptr;
  return int_divmod(self, args[0]);
}
static Ref int_rdivmod_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__rdivmod__", kwnames) || !check_nargs("__rdivmod__", nargs, 1, 1))
    return nullptr;
  return int_divmod(args[0], self);
}

static Ref int_sizeof_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!no_args("__sizeof__", nargs, kwnames)) return nullptr;
  // CPython: 24 bytes + 4 per 30-bit digit.
  int64_t bits, i;
  if (as_small(self, &i)) {
    uint64_t u = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    bits = u == 0 ? 0 : 64 - __builtin_clzll(u);
  } else {
    bits = int64_t(mpz_sizeinbase(self.as<BigInt>()->z, 2));
  }
  return make_int(24 + 4 * ((bits + 29) / 30));
}

static bool parse_byteorder(Value v, bool* little) {
  if (!is_str(v)) {
    raisef(&TypeErrorType, "to_bytes() argument 'byteorder' must be str, not %s", type_name(v));
    return false;
  }
  std::string s = str_to_utf8(v.as<Str>());
  if (s == "little") { *little = true; return true; }
  if (s == "big") { *little = false; return true; }
  raise(&ValueErrorType, "byteorder must be either 'little' or 'big'");
  return false;
}

static Ref int_to_bytes_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value length = Value::small_int(1), byteorder, is_signed = Value::false_();
  if (!bind_args("to_bytes", args, nargs, kwnames, {"length", "byteorder", "*", "signed"}, 0,
                 {&length, &byteorder, &is_signed}))
    return nullptr;
  auto len = index_as_int64(length);
  if (!len) return nullptr;
  if (*len < 0) return raise(&ValueErrorType, "length argument must be non-negative");
  bool little = false;
  if (!byteorder.is_null() && !parse_byteorder(byteorder, &little)) return nullptr;
  int sg = truthy(is_signed);
  if (sg < 0) return nullptr;
  MpzView va(self);
  Mpz v;
  mpz_set(v.z, va.get());
  bool negative = mpz_sgn(v.z) < 0;
  if (negative && !sg)
    return raise(&OverflowErrorType, "can't convert negative int to unsigned");
  // Whether it fits, from bit lengths alone: no number of `len` bytes is built, so a
  // huge length costs only the result's own allocation (which can fail softly).
  // A negative value is written as ~(|v| - 1), its two's complement.
  if (negative) {
    mpz_neg(v.z, v.z);
    mpz_sub_ui(v.z, v.z, 1);
  }
  uint64_t bits = mpz_sgn(v.z) == 0 ? 0 : mpz_sizeinbase(v.z, 2);
  uint64_t room = uint64_t(*len) * 8;
  if (sg ? (*len == 0 ? bits > 0 : bits > room - 1) : bits > room)
    return raise(&OverflowErrorType, "int too big to convert");
  Own<Bytes> b = bytes_new_raw(*len);
  std::memset(b->data, 0, size_t(*len));
  size_t count = size_t((bits + 7) / 8);
  if (count) mpz_export(b->data + (size_t(*len) - count), nullptr, 1, 1, 1, 0, v.z);  // big-endian
  if (negative)
    for (int64_t k = 0; k < *len; ++k) b->data[k] = char(~b->data[k]);
  if (little) std::reverse(b->data, b->data + *len);
  return b.into_ref();
}

static Ref int_from_bytes_m(Value cls, const Value* args, size_t nargs, Tuple* kwnames) {
  Value bytes, byteorder, is_signed = Value::false_();
  if (!bind_args("from_bytes", args, nargs, kwnames, {"bytes", "byteorder", "*", "signed"}, 1,
                 {&bytes, &byteorder, &is_signed}))
    return nullptr;
  Ref hold = bytes_from_object(bytes);
  if (!hold) return nullptr;
  bytes = hold.get();
  bool little = false;
  if (!byteorder.is_null() && !parse_byteorder(byteorder, &little)) return nullptr;
  int sg = truthy(is_signed);
  if (sg < 0) return nullptr;
  Bytes* b = bytes.as<Bytes>();
  Mpz v;
  if (b->size) mpz_import(v.z, size_t(b->size), little ? -1 : 1, 1, 1, 0, b->data);
  if (sg && b->size) {
    uint8_t top = uint8_t(little ? b->data[b->size - 1] : b->data[0]);
    if (top & 0x80) {
      Mpz limit;
      mpz_set_ui(limit.z, 1);
      mpz_mul_2exp(limit.z, limit.z, (unsigned long)(b->size * 8));
      mpz_sub(v.z, v.z, limit.z);
    }
  }
  Ref r = take(v);
  if (cls.as<Object>() == &IntType) return r;
  return call1(cls, r.get());
}

static const MethodDef int_methods[] = {
    {"conjugate", int_conjugate_m, 0, "Returns self, the complex conjugate of any int."},
    {"bit_length", int_bit_length_m, 0, "Number of bits necessary to represent self in binary."},
    {"bit_count", int_bit_count_m, 0, "Number of ones in the binary representation of the absolute value of self."},
    {"to_bytes", int_to_bytes_m, 0, "Return an array of bytes representing an integer."},
    {"from_bytes", int_from_bytes_m, kMethClass, "Return the integer represented by the given array of bytes."},
    {"as_integer_ratio", int_as_integer_ratio_m, 0, "Return integer ratio."},
    {"__trunc__", int_self_m, 0, "Truncating an Integral returns itself."},
    {"__floor__", int_self_m, 0, "Flooring an Integral returns itself."},
    {"__ceil__", int_self_m, 0, "Ceiling of an Integral returns itself."},
    {"__round__", int_round_m, 0, "Rounding an Integral returns itself."},
    {"__getnewargs__", int_getnewargs_m, 0, nullptr},
    {"__format__", int_format_m, 0, "Convert to a string according to format_spec."},
    {"__divmod__", int_divmod_m, 0, "Return divmod(self, value)."},
    {"__rdivmod__", int_rdivmod_m, 0, "Return divmod(value, self)."},
    {"__sizeof__", int_sizeof_m, 0, "Returns size in memory, in bytes."},
    {nullptr, nullptr, 0, nullptr}};

static Ref int_get_self(Value self) { return int_exact_copy(self); }
static Ref int_get_zero(Value self) { return make_int(0); }
static Ref int_get_one(Value self) { return make_int(1); }

static const GetSetDef int_getsets[] = {
    {"real", int_get_self, nullptr, "the real part of a complex number"},
    {"imag", int_get_zero, nullptr, "the imaginary part of a complex number"},
    {"numerator", int_get_self, nullptr, "the numerator of a rational number in lowest terms"},
    {"denominator", int_get_one, nullptr, "the denominator of a rational number in lowest terms"},
    {nullptr, nullptr, nullptr, nullptr}};

static NumberSlots int_number;
static NumberSlots bool_number;

template <int... I>
static void fill_int_binary(NumberSlots& n, std::integer_sequence<int, I...>) {
  ((n.binary[I] = (I == int(BinOp::MatMul)) ? nullptr : int_binary_slot<I>), ...);
}

void init_int_types() {
  fill_int_binary(int_number, std::make_integer_sequence<int, kBinOpCount>{});
  int_number.power3 = int_power3_slot;
  int_number.negative = int_negative;
  int_number.positive = int_positive;
  int_number.invert = int_invert;
  int_number.absolute = int_absolute;
  int_number.to_int = int_positive;
  int_number.to_float = int_to_float_slot;
  int_number.index = int_positive;
  int_number.to_bool = int_to_bool;

  static_type_init(IntType, "int", sizeof(BigInt), &ObjectType, kTypeBaseType | kTypeIntSubclass);
  IntType.dealloc = int_dealloc;
  IntType.repr = int_repr;
  IntType.hash = int_hash_slot;
  IntType.richcompare = int_richcompare;
  IntType.new_ = int_new;
  IntType.number = &int_number;
  IntType.methods = int_methods;
  IntType.getsets = int_getsets;
  IntType.doc =
      "int([x]) -> integer\nint(x, base=10) -> integer\n\nConvert a number or string to an "
      "integer, or return 0 if no arguments\nare given.";
  ready_type(&IntType);

  bool_number = int_number;
  bool_number.binary[int(BinOp::And)] = bool_binary_and;
  bool_number.binary[int(BinOp::Or)] = bool_binary_or;
  bool_number.binary[int(BinOp::Xor)] = bool_binary_xor;
  static_type_init(BoolType, "bool", sizeof(BigInt), &IntType, kTypeIntSubclass);
  BoolType.dealloc = int_dealloc;
  BoolType.repr = bool_repr;
  BoolType.str = bool_repr;
  BoolType.hash = int_hash_slot;
  BoolType.richcompare = int_richcompare;
  BoolType.new_ = bool_new;
  BoolType.number = &bool_number;
  BoolType.doc =
      "bool(x) -> bool\n\nReturns True when the argument x is true, False otherwise.\nThe "
      "builtins True and False are the only two instances of the class bool.\nThe class bool "
      "is a subclass of the class int, and cannot be subclassed.";
  ready_type(&BoolType);
}

}  // namespace gilpy::rt
