// runtime/numeric_format.cpp: float-to-text and the format-spec mini-language for
// numbers (see numeric_format.h). The layout code is a port of CPython 3.11's
// Python/pystrtod.c (format_float_short) and Python/formatter_unicode.c
// (parse_internal_render_format_spec, calc_number_widths, fill_number) and
// Objects/stringlib/localeutil.h (InsertThousandsGrouping), so that its corner cases
// (zero padding through separators, '#' with 'g', 'z', '%') come out the same.
#include "runtime/numeric_format.h"

#include <gmp.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "runtime/abstract.h"
#include "runtime/complex.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/int.h"
#include "runtime/str.h"

namespace gilpy::rt {

// ---------------------------------------------------------------------------------------
// Digits: what David Gay's _Py_dg_dtoa returns. `d` is finite and non-negative.
//   mode 0: shortest round-trip digits; mode 2: at most `nd` significant digits;
//   mode 3: digits through `nd` places after the point.
// Result: the digit string without trailing zeros and decpt (value = 0.DIGITS * 10**decpt).
// Zero gives "0" with decpt 1; a mode-3 value that rounds to zero gives "" with decpt -nd.

static void parse_sci(const char* s, size_t n, std::string* digits, int* decpt) {
  // s is "D[.DDD]e[+-]XX"
  digits->clear();
  size_t i = 0;
  for (; i < n && s[i] != 'e'; i++)
    if (s[i] != '.') digits->push_back(s[i]);
  int exp = 0;
  if (i < n) {
    size_t j = i + 1;
    bool neg = j < n && s[j] == '-';
    if (j < n && (s[j] == '-' || s[j] == '+')) j++;
    for (; j < n; j++) exp = exp * 10 + (s[j] - '0');
    if (neg) exp = -exp;
  }
  while (digits->size() > 1 && digits->back() == '0') digits->pop_back();
  if (*digits == "0") { *decpt = 1; return; }
  *decpt = exp + 1;
}

static void dtoa_digits(double d, int mode, int nd, std::string* digits, int* decpt) {
  if (d == 0) { *digits = "0"; *decpt = 1; return; }
  if (mode == 0) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    parse_sci(buf, size_t(r.ptr - buf), digits, decpt);
    return;
  }
  // A stack buffer covers the usual precisions; huge ones spill to the heap.
  char stack[512];
  std::string heap;
  char* buf = stack;
  size_t cap = sizeof stack;
  size_t need = size_t(nd < 0 ? 0 : nd) + (mode == 2 ? 32 : 330);
  if (need > cap) {
    heap.resize(need);
    buf = heap.data();
    cap = need;
  }
  if (mode == 2) {
    if (nd < 1) nd = 1;
    int n = snprintf(buf, cap, "%.*e", nd - 1, d);
    parse_sci(buf, size_t(n), digits, decpt);
    return;
  }
  // mode 3: "III.FFF" -> digits without leading zeros, decpt = integer digits - zeros skipped
  int n = snprintf(buf, cap, "%.*f", nd, d);
  digits->clear();
  int int_digits = 0;
  int skipped = 0;
  bool seen_point = false;
  for (int i = 0; i < n; i++) {
    char c = buf[i];
    if (c == '.') { seen_point = true; continue; }
    if (!seen_point) int_digits++;
    if (digits->empty() && c == '0') { skipped++; continue; }
    digits->push_back(c);
  }
  if (digits->empty()) { *decpt = -nd; return; }
  while (digits->size() > 1 && digits->back() == '0') digits->pop_back();
  *decpt = int_digits - skipped;
}

std::string double_to_string(double d, char type, int precision, bool alt, bool add_dot_0,
                             bool always_sign, bool no_neg_0) {
  bool upper = false;
  int mode = 0;
  switch (type) {
    case 'E': upper = true; type = 'e'; [[fallthrough]];
    case 'e': mode = 2; precision++; break;
    case 'F': upper = true; type = 'f'; [[fallthrough]];
    case 'f': mode = 3; break;
    case 'G': upper = true; type = 'g'; [[fallthrough]];
    case 'g': mode = 2; if (precision == 0) precision = 1; break;
    default: type = 'r'; mode = 0; precision = 0; break;
  }
  std::string out;
  if (std::isnan(d) || std::isinf(d)) {
    if (std::isinf(d)) {
      if (d < 0) out.push_back('-');
      else if (always_sign) out.push_back('+');
      out += upper ? "INF" : "inf";
    } else {
      if (always_sign) out.push_back('+');
      out += upper ? "NAN" : "nan";
    }
    return out;
  }
  bool sign = std::signbit(d);
  std::string digits;
  int decpt;
  dtoa_digits(std::fabs(d), mode, precision, &digits, &decpt);
  if (no_neg_0 && sign && (digits.empty() || digits == "0")) sign = false;
  int64_t digits_len = int64_t(digits.size());
  int64_t vdigits_end = digits_len;
  bool use_exp = false;
  switch (type) {
    case 'e': use_exp = true; vdigits_end = precision; break;
    case 'f': vdigits_end = int64_t(decpt) + precision; break;
    case 'g':
      if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = true;
      if (alt) vdigits_end = precision;
      break;
    case 'r':
      if (decpt <= -4 || decpt > 16) use_exp = true;
      break;
  }
  int exp = 0;
  int64_t dp = decpt;
  if (use_exp) { exp = decpt - 1; dp = 1; }
  int64_t vdigits_start = dp <= 0 ? dp - 1 : 0;
  if (!use_exp && add_dot_0)
    vdigits_end = vdigits_end > dp ? vdigits_end : dp + 1;
  else
    vdigits_end = vdigits_end > dp ? vdigits_end : dp;

  if (sign) out.push_back('-');
  else if (always_sign) out.push_back('+');
  if (dp <= 0) {
    out.append(size_t(dp - vdigits_start), '0');
    out.push_back('.');
    out.append(size_t(-dp), '0');
  } else {
    out.append(size_t(-vdigits_start), '0');
  }
  if (0 < dp && dp <= digits_len) {
    out.append(digits, 0, size_t(dp));
    out.push_back('.');
    out.append(digits, size_t(dp), std::string::npos);
  } else {
    out += digits;
  }
  if (digits_len < dp) {
    out.append(size_t(dp - digits_len), '0');
    out.push_back('.');
    out.append(size_t(vdigits_end - dp), '0');
  } else {
    out.append(size_t(vdigits_end - digits_len), '0');
  }
  if (out.back() == '.' && !alt) out.pop_back();
  if (use_exp) {
    char buf[16];
    snprintf(buf, sizeof buf, "%c%+.02d", upper ? 'E' : 'e', exp);
    out += buf;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The format-spec mini-language.

namespace {

enum Locale { kNoLocale = 0, kDefaultLocale = ',', kUnderscore = '_', kUnderFour = 4, kCurrent = 'n' };

struct Spec {
  char32_t fill = ' ';
  char32_t align = '>';
  bool alternate = false;
  bool no_neg_0 = false;
  char32_t sign = 0;
  int64_t width = -1;
  int thousands = kNoLocale;
  int64_t precision = -1;
  char32_t type = 0;
};

bool is_align(char32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

// Returns the number of digits consumed, or -1 with ValueError set.
int64_t get_integer(const Str* s, int64_t* pos, int64_t end, int64_t* result) {
  int64_t acc = 0, n = 0;
  for (; *pos < end; ++*pos, ++n) {
    char32_t c = s->at(*pos);
    if (c < '0' || c > '9') break;
    if (acc > (INT64_MAX - (c - '0')) / 10) {
      raise(&ValueErrorType, "Too many decimal digits in format string");
      return -1;
    }
    acc = acc * 10 + (c - '0');
  }
  *result = acc;
  return n;
}

void push_utf8(std::string* out, char32_t c) {
  if (c < 0x80) {
    out->push_back(char(c));
  } else if (c < 0x800) {
    out->push_back(char(0xC0 | (c >> 6)));
    out->push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(char(0xE0 | (c >> 12)));
    out->push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(char(0x80 | (c & 0x3F)));
  } else {
    out->push_back(char(0xF0 | (c >> 18)));
    out->push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(char(0x80 | (c & 0x3F)));
  }
}

std::string spec_utf8(const Str* s, int64_t start, int64_t end) {
  std::string out;
  for (int64_t i = start; i < end; i++) push_utf8(&out, s->at(i));
  return out;
}

bool parse_spec(const Str* s, char32_t default_type, char32_t default_align, Spec* f,
                const char* type_name) {
  int64_t pos = 0, end = s->length;
  f->align = default_align;
  f->type = default_type;
  bool fill_specified = false, align_specified = false;
  if (end - pos >= 2 && is_align(s->at(pos + 1))) {
    f->align = s->at(pos + 1);
    f->fill = s->at(pos);
    fill_specified = align_specified = true;
    pos += 2;
  } else if (end - pos >= 1 && is_align(s->at(pos))) {
    f->align = s->at(pos);
    align_specified = true;
    ++pos;
  }
  if (end - pos >= 1 && (s->at(pos) == '+' || s->at(pos) == '-' || s->at(pos) == ' ')) {
    f->sign = s->at(pos);
    ++pos;
  }
  if (end - pos >= 1 && s->at(pos) == 'z') { f->no_neg_0 = true; ++pos; }
  if (end - pos >= 1 && s->at(pos) == '#') { f->alternate = true; ++pos; }
  if (!fill_specified && end - pos >= 1 && s->at(pos) == '0') {
    f->fill = '0';
    if (!align_specified && default_align == '>') f->align = '=';
    ++pos;
  }
  int64_t consumed = get_integer(s, &pos, end, &f->width);
  if (consumed < 0) return false;
  if (consumed == 0) f->width = -1;
  if (end - pos && s->at(pos) == ',') { f->thousands = kDefaultLocale; ++pos; }
  if (end - pos && s->at(pos) == '_') {
    if (f->thousands != kNoLocale) {
      raise(&ValueErrorType, "Cannot specify both ',' and '_'.");
      return false;
    }
    f->thousands = kUnderscore;
    ++pos;
  }
  if (end - pos && s->at(pos) == ',' && f->thousands == kUnderscore) {
    raise(&ValueErrorType, "Cannot specify both ',' and '_'.");
    return false;
  }
  if (end - pos && s->at(pos) == '.') {
    ++pos;
    consumed = get_integer(s, &pos, end, &f->precision);
    if (consumed < 0) return false;
    if (consumed == 0) {
      raise(&ValueErrorType, "Format specifier missing precision");
      return false;
    }
  }
  if (end - pos > 1) {
    raisef(&ValueErrorType, "Invalid format specifier '%s' for object of type '%s'",
           spec_utf8(s, 0, end).c_str(), type_name);
    return false;
  }
  if (end - pos == 1) f->type = s->at(pos);
  if (f->thousands) {
    switch (f->type) {
      case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
        break;
      case 'b': case 'o': case 'x': case 'X':
        if (f->thousands == kUnderscore) { f->thousands = kUnderFour; break; }
        [[fallthrough]];
      default: {
        char sep = f->thousands == kDefaultLocale ? ',' : '_';
        if (f->type > 32 && f->type < 128)
          raisef(&ValueErrorType, "Cannot specify '%c' with '%c'.", sep, char(f->type));
        else
          raisef(&ValueErrorType, "Cannot specify '%c' with '\\x%x'.", sep, unsigned(f->type));
        return false;
      }
    }
  }
  return true;
}

Ref unknown_code(char32_t type, const char* type_name) {
  if (type > 32 && type < 128)
    return raisef(&ValueErrorType, "Unknown format code '%c' for object of type '%s'", char(type),
                  type_name);
  return raisef(&ValueErrorType, "Unknown format code '\\x%x' for object of type '%s'",
                unsigned(type), type_name);
}

struct LocaleInfo {
  const char* sep;   // thousands separator
  int group;         // digits a group, 0: no grouping
};

LocaleInfo locale_for(int kind) {
  switch (kind) {
    case kDefaultLocale: return {",", 3};
    case kUnderscore: return {"_", 3};
    case kUnderFour: return {"_", 4};
    default: return {"", 0};  // none, and 'n' in the C locale
  }
}

// InsertThousandsGrouping: digits[0..n) grouped right to left, zero-padded on the left
// to at least min_width characters (separators included, as CPython does).
std::string group_digits(const char* digits, int64_t n_digits, int64_t min_width, LocaleInfo loc) {
  std::string rev;  // built backwards
  int64_t sep_len = int64_t(std::strlen(loc.sep));
  int64_t remaining = n_digits;
  int64_t pos = n_digits;
  bool use_sep = false;
  bool broken = false;
  auto fill = [&](int64_t n_chars, int64_t n_zeros) {
    if (use_sep)
      for (int64_t i = sep_len - 1; i >= 0; i--) rev.push_back(loc.sep[i]);
    for (int64_t i = 0; i < n_chars; i++) rev.push_back(digits[--pos]);
    rev.append(size_t(n_zeros), '0');
  };
  if (loc.group > 0) {
    for (;;) {
      int64_t len = loc.group;
      len = std::min(len, std::max(std::max(remaining, min_width), int64_t{1}));
      int64_t n_zeros = std::max(int64_t{0}, len - remaining);
      int64_t n_chars = std::max(int64_t{0}, std::min(remaining, len));
      fill(n_chars, n_zeros);
      use_sep = true;
      remaining -= n_chars;
      min_width -= len;
      if (remaining <= 0 && min_width <= 0) { broken = true; break; }
      min_width -= sep_len;
    }
  }
  if (!broken) {
    int64_t len = std::max(std::max(remaining, min_width), int64_t{1});
    int64_t n_zeros = std::max(int64_t{0}, len - remaining);
    int64_t n_chars = std::max(int64_t{0}, std::min(remaining, len));
    fill(n_chars, n_zeros);
  }
  return std::string(rev.rbegin(), rev.rend());
}

// calc_number_widths + fill_number. `number` is ASCII: [digits][.][remainder]; the
// caller has removed the sign (sign_char) and prefix (e.g. "0x").
std::string render_number_utf8(const Spec& f, char sign_char, const std::string& prefix,
                               const std::string& number, int64_t n_digits, bool has_decimal,
                               const std::string& remainder_utf8, int64_t remainder_len,
                               LocaleInfo loc, bool upper) {
  char sign = 0;
  int64_t n_sign = 0;
  if (f.sign == '+') { n_sign = 1; sign = sign_char == '-' ? '-' : '+'; }
  else if (f.sign == ' ') { n_sign = 1; sign = sign_char == '-' ? '-' : ' '; }
  else if (sign_char == '-') { n_sign = 1; sign = '-'; }
  int64_t n_prefix = int64_t(prefix.size());
  int64_t n_decimal = has_decimal ? 1 : 0;
  int64_t n_non_digit = n_sign + n_prefix + n_decimal + remainder_len;
  int64_t min_width = (f.fill == '0' && f.align == '=') ? f.width - n_non_digit : 0;
  std::string grouped;
  if (n_digits > 0) grouped = group_digits(number.data(), n_digits, min_width, loc);
  int64_t n_grouped = int64_t(grouped.size());
  int64_t n_lpad = 0, n_spad = 0, n_rpad = 0;
  int64_t n_padding = f.width - (n_non_digit + n_grouped);
  if (n_padding > 0) {
    switch (f.align) {
      case '<': n_rpad = n_padding; break;
      case '^': n_lpad = n_padding / 2; n_rpad = n_padding - n_lpad; break;
      case '=': n_spad = n_padding; break;
      default: n_lpad = n_padding; break;
    }
  }
  std::string fill;
  push_utf8(&fill, f.fill);
  std::string out;
  out.reserve(size_t(n_lpad + n_spad + n_rpad) * fill.size() + size_t(n_non_digit + n_grouped));
  for (int64_t i = 0; i < n_lpad; i++) out += fill;
  if (n_sign) out.push_back(sign);
  if (upper) {
    for (char c : prefix) out.push_back(char(std::toupper(uint8_t(c))));
  } else {
    out += prefix;
  }
  for (int64_t i = 0; i < n_spad; i++) out += fill;
  if (upper) {
    for (char c : grouped) out.push_back(char(std::toupper(uint8_t(c))));
  } else {
    out += grouped;
  }
  if (has_decimal) out.push_back('.');
  out += remainder_utf8;
  for (int64_t i = 0; i < n_rpad; i++) out += fill;
  return out;
}

Ref render_number(const Spec& f, char sign_char, const std::string& prefix,
                  const std::string& number, int64_t n_digits, bool has_decimal,
                  const std::string& remainder_utf8, int64_t remainder_len, LocaleInfo loc,
                  bool upper) {
  return str_from_utf8(render_number_utf8(f, sign_char, prefix, number, n_digits, has_decimal,
                                          remainder_utf8, remainder_len, loc, upper))
      .into_ref();
}

Ref format_float_internal(double val, const Spec& f, const char* type_name) {
  if (f.precision > INT_MAX) return raise(&ValueErrorType, "precision too big");
  int precision = int(f.precision);
  int default_precision = 6;
  bool add_dot_0 = false;
  char32_t type = f.type;
  if (type == 0) {
    add_dot_0 = true;
    type = 'r';
    default_precision = 0;
  }
  if (type == 'n') type = 'g';
  bool add_pct = false;
  if (type == '%') { type = 'f'; val *= 100; add_pct = true; }
  if (precision < 0) precision = default_precision;
  else if (type == 'r') type = 'g';
  std::string buf = double_to_string(val, char(type), precision, f.alternate, add_dot_0, false,
                                     f.no_neg_0);
  if (add_pct) buf.push_back('%');
  if (f.sign != '+' && f.sign != ' ' && f.width == -1 && f.type != 'n' && !f.thousands)
    return str_from_ascii(buf).into_ref();
  char sign_char = 0;
  size_t idx = 0;
  if (!buf.empty() && buf[0] == '-') { sign_char = '-'; idx = 1; }
  std::string number = buf.substr(idx);
  size_t p = 0;
  while (p < number.size() && number[p] >= '0' && number[p] <= '9') p++;
  int64_t n_digits = int64_t(p);
  bool has_decimal = p < number.size() && number[p] == '.';
  std::string remainder = number.substr(p + (has_decimal ? 1 : 0));
  return render_number(f, sign_char, "", number, n_digits, has_decimal, remainder,
                       int64_t(remainder.size()),
                       locale_for(f.type == 'n' ? int(kCurrent) : f.thousands), false);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// int

std::string int_to_base_digits(Value v, int base) {
  if (v.is_small_int() || v.is_bool()) {
    int64_t i = v.is_bool() ? (v.is_true() ? 1 : 0) : v.small_int();
    char buf[80];
    char* p = buf + sizeof buf;
    uint64_t u = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    do {
      unsigned dgt = unsigned(u % unsigned(base));
      *--p = char(dgt < 10 ? '0' + dgt : 'a' + dgt - 10);
      u /= unsigned(base);
    } while (u);
    if (i < 0) *--p = '-';
    return std::string(p, size_t(buf + sizeof buf - p));
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(v, z);
  std::string s(mpz_sizeinbase(z, base) + 2, '\0');
  mpz_get_str(s.data(), base, z);
  s.resize(std::strlen(s.c_str()));
  mpz_clear(z);
  return s;
}

Ref int_format_spec(Value v, const Str* spec, const char* type_name) {
  Spec f;
  if (!parse_spec(spec, 'd', '>', &f, type_name)) return nullptr;
  switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
      double d;
      if (!as_double(v, &d)) return nullptr;
      return format_float_internal(d, f, type_name);
    }
    default:
      return unknown_code(f.type, type_name);
  }
  if (f.precision != -1)
    return raise(&ValueErrorType, "Precision not allowed in integer format specifier");
  if (f.no_neg_0)
    return raise(&ValueErrorType,
                 "Negative zero coercion (z) not allowed in integer format specifier");
  LocaleInfo loc = locale_for(f.type == 'n' ? int(kCurrent) : f.thousands);
  if (f.type == 'c') {
    if (f.sign != 0)
      return raise(&ValueErrorType, "Sign not allowed with integer format specifier 'c'");
    if (f.alternate)
      return raise(&ValueErrorType,
                   "Alternate form (#) not allowed with integer format specifier 'c'");
    auto x = int_as_int64(v);
    if (!x) {
      if (!error_matches(&OverflowErrorType)) return nullptr;
      clear_error();
      x = -1;
    }
    if (*x < 0 || *x > 0x10ffff)
      return raise(&OverflowErrorType, "%c arg not in range(0x110000)");
    std::string ch;
    push_utf8(&ch, char32_t(*x));
    return render_number(f, 0, "", "", 0, false, ch, 1, loc, false);
  }
  int base = 10;
  const char* prefix = "";
  switch (f.type) {
    case 'b': base = 2; prefix = "0b"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'x': case 'X': base = 16; prefix = "0x"; break;
    default: break;
  }
  std::string digits = int_to_base_digits(v, base);
  if (base == 10 && !int_check_str_digits(int64_t(digits.size()) - (digits[0] == '-')))
    return nullptr;
  char sign_char = 0;
  if (digits[0] == '-') { sign_char = '-'; digits.erase(0, 1); }
  std::string pre = f.alternate ? prefix : "";
  if (f.sign != '+' && f.sign != ' ' && f.width == -1 && f.type != 'X' && f.type != 'n' &&
      !f.thousands) {
    std::string out;
    if (sign_char) out.push_back('-');
    out += pre;
    out += digits;
    return str_from_ascii(out).into_ref();
  }
  return render_number(f, sign_char, pre, digits, int64_t(digits.size()), false, "", 0, loc,
                       f.type == 'X');
}

// ---------------------------------------------------------------------------------------
// float

Ref float_format_spec(double d, const Str* spec, const char* type_name) {
  Spec f;
  if (!parse_spec(spec, 0, '>', &f, type_name)) return nullptr;
  switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
      return format_float_internal(d, f, type_name);
    default:
      return unknown_code(f.type, type_name);
  }
}

// ---------------------------------------------------------------------------------------
// complex (format_complex_internal): each part is laid out as a float without padding,
// the imaginary one always signed unless the real part is left out; then the whole
// "(re+imj)" is padded. No zero padding, no '=' alignment.

Ref complex_format_spec(CDouble c, const Str* spec, const char* type_name) {
  Spec f;
  if (!parse_spec(spec, 0, '>', &f, type_name)) return nullptr;
  switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': break;
    default: return unknown_code(f.type, type_name);
  }
  if (f.fill == '0')
    return raise(&ValueErrorType, "Zero padding is not allowed in complex format specifier");
  if (f.align == '=')
    return raise(&ValueErrorType, "'=' alignment flag is not allowed in complex format specifier");
  if (f.precision > INT_MAX) return raise(&ValueErrorType, "precision too big");
  int precision = int(f.precision);
  int default_precision = 6;
  char32_t type = f.type;
  bool add_parens = false, skip_re = false;
  if (type == 0) {
    type = 'r';
    default_precision = 0;
    if (c.real == 0.0 && !std::signbit(c.real)) skip_re = true;
    else add_parens = true;
  }
  if (type == 'n') type = 'g';
  if (precision < 0) precision = default_precision;
  else if (type == 'r') type = 'g';
  LocaleInfo loc = locale_for(f.type == 'n' ? int(kCurrent) : f.thousands);
  Spec part = f;
  part.fill = ' ';
  part.align = '<';
  part.width = -1;
  auto render = [&](double d, const Spec& ps) {
    std::string buf = double_to_string(d, char(type), precision, f.alternate, false, false,
                                       f.no_neg_0);
    char sign_char = 0;
    size_t idx = 0;
    if (!buf.empty() && buf[0] == '-') { sign_char = '-'; idx = 1; }
    std::string number = buf.substr(idx);
    size_t p = 0;
    while (p < number.size() && number[p] >= '0' && number[p] <= '9') p++;
    bool has_decimal = p < number.size() && number[p] == '.';
    std::string remainder = number.substr(p + (has_decimal ? 1 : 0));
    return render_number_utf8(ps, sign_char, "", number, int64_t(p), has_decimal, remainder,
                              int64_t(remainder.size()), loc, false);
  };
  std::string re = skip_re ? std::string() : render(c.real, part);
  if (!skip_re) part.sign = '+';
  std::string im = render(c.imag, part);
  std::string body;
  if (add_parens) body += '(';
  body += re;
  body += im;
  body += 'j';
  if (add_parens) body += ')';
  int64_t n = int64_t(body.size());  // ASCII
  int64_t lpad = 0, rpad = 0;
  if (f.width > n) {
    int64_t pad = f.width - n;
    if (f.align == '<') rpad = pad;
    else if (f.align == '^') { lpad = pad / 2; rpad = pad - lpad; }
    else lpad = pad;
  }
  std::string fill;
  push_utf8(&fill, f.fill);
  std::string out;
  for (int64_t i = 0; i < lpad; i++) out += fill;
  out += body;
  for (int64_t i = 0; i < rpad; i++) out += fill;
  return str_from_utf8(out).into_ref();
}

}  // namespace gilpy::rt
