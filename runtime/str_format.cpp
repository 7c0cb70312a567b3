// runtime/str_format.cpp: str's three formatting engines, as CPython 3.11's:
//
//   1. format(s, spec) / str.__format__: the format-spec mini-language (parse_format_spec
//      is shared with the numeric types' __format__), then padding/truncation for 's'.
//   2. str.format / str.format_map: the replacement-field grammar ({0.attr[key]!r:spec},
//      nested fields in the spec, {{ }}), automatic vs manual numbering; every field is
//      rendered by rt::format(value, spec), i.e. the value's __format__.
//   3. fmt % args: printf-style conversions (Objects/unicodeobject.c's PyUnicode_Format),
//      with its argument rules (tuple vs single value vs mapping) and its messages.
#include <gmp.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "runtime/abstract.h"
#include "runtime/dict.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/int.h"
#include "runtime/str.h"
#include "runtime/str_internal.h"
#include "runtime/tuple.h"
#include "runtime/unicode_data.h"

namespace gilpy::rt {

// ---------------------------------------------------------------------------------------
// 1. Format specs

static std::string char_for_message(char32_t c) {
  if (c > 32 && c < 128) return std::string(1, char(c));
  return strfmt("\\x%x", unsigned(c));
}

// Reads decimal digits (any Unicode decimal, as CPython's get_integer) at *pos.
// Returns the number consumed, or -1 with ValueError set on overflow.
static int64_t read_integer(const Str* s, int64_t* pos, int64_t end, int64_t* out) {
  int64_t accum = 0, consumed = 0;
  for (; *pos < end; ++*pos, ++consumed) {
    int d = unicode::decimal_value(s->at(*pos));
    if (d < 0) break;
    if (accum > (INT64_MAX - d) / 10) {
      raise(&ValueErrorType, "Too many decimal digits in format string");
      return -1;
    }
    accum = accum * 10 + d;
  }
  *out = accum;
  return consumed;
}

static bool is_align(char32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

bool parse_format_spec(const Str* spec, const char* type_name, char default_type,
                       FormatSpec* out) {
  // CPython initialises align from the caller's default; 0 here means "not given".
  int64_t pos = 0, end = spec->length;
  bool fill_given = false, align_given = false;
  *out = FormatSpec();
  out->type = char32_t(default_type);
  if (end - pos >= 2 && is_align(spec->at(pos + 1))) {
    out->align = char(spec->at(pos + 1));
    out->fill = spec->at(pos);
    fill_given = align_given = true;
    pos += 2;
  } else if (end - pos >= 1 && is_align(spec->at(pos))) {
    out->align = char(spec->at(pos));
    align_given = true;
    pos++;
  }
  if (end - pos >= 1) {
    char32_t c = spec->at(pos);
    if (c == '+' || c == '-' || c == ' ') { out->sign = char(c); pos++; }
  }
  if (end - pos >= 1 && spec->at(pos) == 'z') { out->no_neg_zero = true; pos++; }
  if (end - pos >= 1 && spec->at(pos) == '#') { out->alternate = true; pos++; }
  if (!fill_given && end - pos >= 1 && spec->at(pos) == '0') {
    out->fill = '0';
    out->zero_pad = true;
    if (!align_given) out->align = 0;  // the caller applies '=' for numbers
    pos++;
  }
  int64_t consumed = read_integer(spec, &pos, end, &out->width);
  if (consumed < 0) return false;
  if (consumed == 0) out->width = -1;
  if (end - pos > 0 && spec->at(pos) == ',') { out->grouping = ','; pos++; }
  if (end - pos > 0 && spec->at(pos) == '_') {
    if (out->grouping) { raise(&ValueErrorType, "Cannot specify both ',' and '_'."); return false; }
    out->grouping = '_';
    pos++;
  }
  if (end - pos > 0 && spec->at(pos) == ',' && out->grouping == '_') {
    raise(&ValueErrorType, "Cannot specify both ',' and '_'.");
    return false;
  }
  if (end - pos > 0 && spec->at(pos) == '.') {
    pos++;
    consumed = read_integer(spec, &pos, end, &out->precision);
    if (consumed < 0) return false;
    if (consumed == 0) { raise(&ValueErrorType, "Format specifier missing precision"); return false; }
  }
  if (end - pos > 1) {
    raisef(&ValueErrorType, "Invalid format specifier '%s' for object of type '%s'",
           str_to_utf8(spec).c_str(), type_name);
    return false;
  }
  if (end - pos == 1) out->type = spec->at(pos);
  if (out->grouping) {
    switch (out->type) {
      case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
        break;
      case 'b': case 'o': case 'x': case 'X':
        if (out->grouping == '_') break;
        [[fallthrough]];
      default:
        raisef(&ValueErrorType, "Cannot specify '%c' with '%s'.", out->grouping,
               char_for_message(out->type).c_str());
        return false;
    }
  }
  return true;
}

Own<Str> format_pad(const Str* body, const FormatSpec& spec, char default_align) {
  int64_t len = body->length;
  if (spec.width <= len) return Own<Str>::borrow(const_cast<Str*>(body));
  char align = spec.align ? spec.align : default_align;
  int64_t total = spec.width, left;
  if (align == '>') left = total - len;
  else if (align == '^') left = (total - len) / 2;
  else left = 0;
  StrBuilder b;
  b.reserve(size_t(total));
  b.push_repeat(spec.fill, left);
  b.push_str(body);
  b.push_repeat(spec.fill, total - len - left);
  return b.finish();
}

Ref str_format_spec(const Str* s, const Str* spec) {
  if (spec->length == 0) {
    if (s->type == &StrType) return Ref::borrow(Value::from_obj(const_cast<Str*>(s)));
    return str_substr(s, 0, s->length).into_ref();
  }
  FormatSpec f;
  if (!parse_format_spec(spec, s->type->name, 's', &f)) return nullptr;
  if (f.type != 's')
    return raisef(&ValueErrorType, "Unknown format code '%s' for object of type '%s'",
                  char_for_message(f.type).c_str(), s->type->name);
  if (f.sign == ' ') return raise(&ValueErrorType, "Space not allowed in string format specifier");
  if (f.sign) return raise(&ValueErrorType, "Sign not allowed in string format specifier");
  if (f.no_neg_zero)
    return raise(&ValueErrorType, "Negative zero coercion (z) not allowed in string format specifier");
  if (f.alternate)
    return raise(&ValueErrorType, "Alternate form (#) not allowed in string format specifier");
  if (f.align == '=')
    return raise(&ValueErrorType, "'=' alignment not allowed in string format specifier");
  Own<Str> body = f.precision >= 0 && f.precision < s->length
                      ? str_substr(s, 0, f.precision)
                      : (s->type == &StrType ? Own<Str>::borrow(const_cast<Str*>(s))
                                             : str_substr(s, 0, s->length));
  return format_pad(body.get(), f, '<');
}

Ref str_dunder_format_method(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("__format__", nargs, kw)) return nullptr;
  if (!is_str(args[0]))
    return raisef(&TypeErrorType, "__format__() argument must be str, not %s", type_name(args[0]));
  return str_format_spec(self.as<Str>(), args[0].as<Str>());
}

// ---------------------------------------------------------------------------------------
// 2. str.format

namespace {

enum class AutoNumber { Init, Auto, Manual };

struct FormatState {
  Tuple* args;      // may be null (format_map)
  Value kwargs;     // may be null
  AutoNumber an = AutoNumber::Init;
  int64_t next_auto = 0;
};

// A [start, end) range of the format string.
struct Sub {
  int64_t start, end;
  bool empty() const { return start >= end; }
};

// Returns the field's index if the text is all decimal digits, -1 if not (or -2 with
// an error pending on overflow).
int64_t sub_integer(const Str* s, Sub r) {
  if (r.empty()) return -1;
  int64_t accum = 0;
  for (int64_t i = r.start; i < r.end; i++) {
    int d = unicode::decimal_value(s->at(i));
    if (d < 0) return -1;
    if (accum > (INT64_MAX - d) / 10) {
      raise(&ValueErrorType, "Too many decimal digits in format string");
      return -2;
    }
    accum = accum * 10 + d;
  }
  return accum;
}

Ref sub_str(const Str* s, Sub r) { return str_substr(s, r.start, r.end).into_ref(); }

// Resolves the field name (arg_name ('.' attr | '[' key ']')*) to an object.
Ref get_field_object(const Str* s, Sub name, FormatState& st) {
  int64_t i = name.start;
  while (i < name.end && s->at(i) != '.' && s->at(i) != '[') i++;
  Sub first{name.start, i};
  int64_t idx = sub_integer(s, first);
  if (idx == -2) return nullptr;
  bool empty = first.empty();
  bool numeric = empty || idx != -1;
  if (numeric) {
    if (st.an == AutoNumber::Init) st.an = empty ? AutoNumber::Auto : AutoNumber::Manual;
    if (st.an == AutoNumber::Manual && empty)
      return raise(&ValueErrorType, "cannot switch from manual field specification to automatic field numbering");
    if (st.an == AutoNumber::Auto && !empty)
      return raise(&ValueErrorType, "cannot switch from automatic field numbering to manual field specification");
    if (empty) idx = st.next_auto++;
  }
  Ref obj;
  if (idx == -1) {
    Ref key = sub_str(s, first);
    if (!st.kwargs) return raise_key_error(key.get());
    obj = get_item(st.kwargs, key.get());
    if (!obj) return nullptr;
  } else {
    if (!st.args) return raise(&ValueErrorType, "Format string contains positional fields");
    if (idx >= st.args->size)
      return raisef(&IndexErrorType, "Replacement index %lld out of range for positional args tuple",
                    (long long)idx);
    obj = Ref::borrow(st.args->items[idx]);
  }
  // The rest: .attr and [key] parts.
  while (i < name.end) {
    char32_t c = s->at(i++);
    Sub part;
    bool is_attr;
    if (c == '.') {
      is_attr = true;
      part.start = i;
      while (i < name.end && s->at(i) != '.' && s->at(i) != '[') i++;
      part.end = i;
    } else if (c == '[') {
      is_attr = false;
      part.start = i;
      while (i < name.end && s->at(i) != ']') i++;
      if (i >= name.end) return raise(&ValueErrorType, "Missing ']' in format string");
      part.end = i;
      i++;  // skip ']'
    } else {
      return raise(&ValueErrorType, "Only '.' or '[' may follow ']' in format field specifier");
    }
    if (part.empty()) return raise(&ValueErrorType, "Empty attribute in format string");
    Ref next;
    if (is_attr) {
      Ref attr = sub_str(s, part);
      next = getattr(obj.get(), intern_str(Own<Str>::borrow(attr.as<Str>())).get());
    } else {
      int64_t k = sub_integer(s, part);
      if (k == -2) return nullptr;
      Ref key = k == -1 ? sub_str(s, part) : make_int(k);
      next = get_item(obj.get(), key.get());
    }
    if (!next) return nullptr;
    obj = std::move(next);
  }
  return obj;
}

bool build_string(const Str* s, Sub range, FormatState& st, int depth, StrBuilder& out);

bool render_field(const Str* s, Sub name, Sub spec, bool spec_expand, char32_t conversion,
                  FormatState& st, int depth, StrBuilder& out) {
  Ref obj = get_field_object(s, name, st);
  if (!obj) return false;
  if (conversion) {
    Ref conv;
    switch (conversion) {
      case 'r': conv = repr(obj.get()); break;
      case 's': conv = rt::str(obj.get()); break;
      case 'a': conv = ascii(obj.get()); break;
      default:
        if (conversion > 32 && conversion < 127)
          raisef(&ValueErrorType, "Unknown conversion specifier %c", char(conversion));
        else
          raisef(&ValueErrorType, "Unknown conversion specifier \\x%x", unsigned(conversion));
        return false;
    }
    if (!conv) return false;
    obj = std::move(conv);
  }
  Ref spec_str;
  if (spec_expand) {
    StrBuilder sb;
    if (!build_string(s, spec, st, depth - 1, sb)) return false;
    spec_str = sb.finish().into_ref();
  } else {
    spec_str = sub_str(s, spec);
  }
  // Fast path: an exact str with an empty spec is itself.
  if (is_exact_str(obj.get()) && spec_str.as<Str>()->length == 0) {
    out.push_str(obj.as<Str>());
    return true;
  }
  Ref r = format(obj.get(), spec_str.get());
  if (!r) return false;
  if (!is_str(r.get())) {
    raisef(&TypeErrorType, "__format__ must return a str, not %s", type_name(r.get()));
    return false;
  }
  out.push_str(r.as<Str>());
  return true;
}

bool build_string(const Str* s, Sub range, FormatState& st, int depth, StrBuilder& out) {
  if (depth <= 0) {
    raise(&ValueErrorType, "Max string recursion exceeded");
    return false;
  }
  int64_t pos = range.start, end = range.end;
  while (pos < end) {
    // Literal text up to the next '{' or '}'.
    int64_t start = pos;
    char32_t c = 0;
    bool markup = false;
    while (pos < end) {
      c = s->at(pos++);
      if (c == '{' || c == '}') { markup = true; break; }
    }
    bool at_end = pos >= end;
    int64_t len = pos - start;
    if (c == '}' && markup && (at_end || s->at(pos) != '}')) {
      raise(&ValueErrorType, "Single '}' encountered in format string");
      return false;
    }
    if (at_end && c == '{' && markup) {
      raise(&ValueErrorType, "Single '{' encountered in format string");
      return false;
    }
    if (markup) {
      if (s->at(pos) == c) { pos++; markup = false; }  // '{{' or '}}': a literal brace
      else len--;
    }
    out.push_range(s, start, start + len);
    if (!markup) continue;

    // Parse the field: name [!conv] [:spec] '}'.
    Sub name{pos, pos};
    c = 0;
    while (pos < end) {
      c = s->at(pos++);
      if (c == '{') { raise(&ValueErrorType, "unexpected '{' in field name"); return false; }
      if (c == '[') {
        while (pos < end && s->at(pos) != ']') pos++;
        continue;
      }
      if (c == '}' || c == ':' || c == '!') break;
    }
    name.end = pos - 1;
    char32_t conversion = 0;
    Sub spec{0, 0};
    bool spec_expand = false;
    if (c == '!' || c == ':') {
      if (c == '!') {
        if (pos >= end) {
          raise(&ValueErrorType, "end of string while looking for conversion specifier");
          return false;
        }
        conversion = s->at(pos++);
        if (pos < end) {
          char32_t d = s->at(pos++);
          if (d == '}') {
            if (!render_field(s, name, spec, false, conversion, st, depth, out)) return false;
            continue;
          }
          if (d != ':') {
            raise(&ValueErrorType, "expected ':' after conversion specifier");
            return false;
          }
        }
      }
      spec.start = pos;
      int count = 1;
      bool closed = false;
      while (pos < end) {
        char32_t d = s->at(pos++);
        if (d == '{') { spec_expand = true; count++; }
        else if (d == '}') {
          if (--count == 0) { spec.end = pos - 1; closed = true; break; }
        }
      }
      if (!closed) {
        raise(&ValueErrorType, "unmatched '{' in format spec");
        return false;
      }
    } else if (c != '}') {
      raise(&ValueErrorType, "expected '}' before end of string");
      return false;
    }
    if (!render_field(s, name, spec, spec_expand, conversion, st, depth, out)) return false;
  }
  return true;
}

}  // namespace

Ref str_vformat(const Str* fmt, Tuple* args, Value kwargs) {
  FormatState st{args, kwargs};
  StrBuilder out;
  out.reserve(size_t(fmt->length) + 16);
  if (!build_string(fmt, Sub{0, fmt->length}, st, 2, out)) return nullptr;
  return out.finish();
}

Ref str_format_method(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Own<Tuple> t = tuple_from_array(args, int64_t(nargs));
  Ref kwargs;
  if (kwnames && kwnames->size > 0) {
    Own<Dict> d = dict_new();
    for (int64_t i = 0; i < kwnames->size; i++)
      if (!dict_set(d.get(), kwnames->items[i], args[nargs + size_t(i)])) return nullptr;
    kwargs = d.into_ref();
  }
  return str_vformat(self.as<Str>(), t.get(), kwargs.get());
}

Ref str_format_map_method(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!str_args_one("format_map", nargs, kw)) return nullptr;
  return str_vformat(self.as<Str>(), nullptr, args[0]);
}

// ---------------------------------------------------------------------------------------
// 3. printf-style formatting

namespace {

constexpr int kLJust = 1, kSign = 2, kBlank = 4, kAlt = 8, kZero = 16;

struct PctArg {
  char32_t ch = 0;
  int flags = 0;
  int64_t width = -1;
  int64_t prec = -1;
  bool sign = false;
};

struct PctCtx {
  const Str* fmt;
  int64_t pos = 0;
  int64_t cnt = 0;    // characters left after pos (CPython's fmtcnt)
  Ref args;           // the current argument source (the tuple, the value, or dict[key])
  int64_t arglen = 0;
  int64_t argidx = 0;
  Value dict;         // the mapping for %(key)s, or null
  StrBuilder out;
};

Value next_arg(PctCtx& c) {
  int64_t i = c.argidx;
  if (i < c.arglen) {
    c.argidx++;
    if (c.arglen < 0) return c.args.get();
    return c.args.as<Tuple>()->items[i];
  }
  raise(&TypeErrorType, "not enough arguments for format string");
  return Value();
}

// TODO(numbers): use format_float_printf from runtime/float.h once it exists.
std::string float_printf(double d, char type, int prec, bool alt) {
  bool upper = type == 'E' || type == 'F' || type == 'G';
  if (std::isnan(d)) return upper ? "NAN" : "nan";
  if (std::isinf(d)) return d < 0 ? (upper ? "-INF" : "-inf") : (upper ? "INF" : "inf");
  char fmt[16];
  snprintf(fmt, sizeof fmt, "%%%s.%d%c", alt ? "#" : "", prec, type);
  int n = snprintf(nullptr, 0, fmt, d);
  std::string s(size_t(n), '\0');
  snprintf(s.data(), size_t(n) + 1, fmt, d);
  return s;
}

// Converts v for %d/%i/%u (int(v)) or %o/%x/%X (v.__index__()) into an mpz.
bool pct_int(Value v, char32_t type, mpz_t z) {
  bool index_only = type == 'o' || type == 'x' || type == 'X';
  auto wrong = [&]() {
    if (index_only)
      raisef(&TypeErrorType, "%%%c format: an integer is required, not %s", char(type), type_name(v));
    else
      raisef(&TypeErrorType, "%%%c format: a real number is required, not %s", char(type), type_name(v));
    return false;
  };
  if (v.is_small_int() || is_int(v)) { int_to_mpz(v, z); return true; }
  Type* t = type_of(v);
  NumberSlots* nb = t->number;
  if (!nb || (!nb->index && !nb->to_int && !nb->to_float)) return wrong();
  if (index_only) {
    if (!nb->index) return wrong();
    Ref r = nb->index(v);
    if (!r) return false;
    int_to_mpz(r.get(), z);
    return true;
  }
  if (is_float(v)) {
    double d = static_cast<Float*>(v.obj())->v;
    if (std::isnan(d)) { raise(&ValueErrorType, "cannot convert float NaN to integer"); return false; }
    if (std::isinf(d)) { raise(&OverflowErrorType, "cannot convert float infinity to integer"); return false; }
    mpz_set_d(z, d);
    return true;
  }
  UnaryFn conv = nb->index ? nb->index : nb->to_int;
  if (!conv) return wrong();
  Ref r = conv(v);
  if (!r) {
    if (error_matches(&TypeErrorType)) { clear_error(); return wrong(); }
    return false;
  }
  int_to_mpz(r.get(), z);
  return true;
}

// CPython's _PyUnicode_FormatLong: sign, "0x"/"0o" prefix when alt, digits padded to prec.
std::string format_long(mpz_t z, bool alt, int64_t prec, char32_t type) {
  int base = (type == 'o') ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
  bool neg = mpz_sgn(z) < 0;
  mpz_t a;
  mpz_init(a);
  mpz_abs(a, z);
  std::string digits(mpz_sizeinbase(a, base) + 2, '\0');
  mpz_get_str(digits.data(), base, a);
  digits.resize(std::strlen(digits.c_str()));
  mpz_clear(a);
  std::string r;
  if (neg) r.push_back('-');
  if (alt && base != 10) r += base == 8 ? "0o" : "0x";
  if (prec > int64_t(digits.size())) r.append(size_t(prec) - digits.size(), '0');
  r += digits;
  if (type == 'X')
    for (char& ch : r) ch = char(std::toupper(uint8_t(ch)));
  return r;
}

// unicode_format_arg_output: sign, "0x" prefix, zero or space padding.
void output_arg(PctCtx& c, PctArg& a, const Str* str) {
  char32_t fill = (a.sign && (a.flags & kZero)) ? '0' : ' ';
  int64_t len = str->length;
  if ((a.width == -1 || a.width <= len) && (a.prec == -1 || a.prec >= len) &&
      !(a.flags & (kSign | kBlank))) {
    c.out.push_str(str);
    return;
  }
  if (a.ch == 's' || a.ch == 'r' || a.ch == 'a')
    if (a.prec >= 0 && len > a.prec) len = a.prec;
  int64_t pindex = 0;
  char32_t signchar = 0;
  if (a.sign) {
    char32_t ch = len > 0 ? str->at(0) : 0;
    if (ch == '-' || ch == '+') { signchar = ch; len--; pindex++; }
    else if (a.flags & kSign) signchar = '+';
    else if (a.flags & kBlank) signchar = ' ';
    else a.sign = false;
  }
  if (a.width < len) a.width = len;
  if (a.sign) {
    if (fill != ' ') c.out.push(signchar);
    if (a.width > len) a.width--;
  }
  bool prefix = (a.flags & kAlt) && (a.ch == 'x' || a.ch == 'X' || a.ch == 'o');
  if (prefix) {
    if (fill != ' ') {
      c.out.push(str->at(pindex));
      c.out.push(str->at(pindex + 1));
      pindex += 2;
    }
    a.width -= 2;
    if (a.width < 0) a.width = 0;
    len -= 2;
  }
  if (a.width > len && !(a.flags & kLJust)) {
    c.out.push_repeat(fill, a.width - len);
    a.width = len;
  }
  if (fill == ' ') {
    if (a.sign) c.out.push(signchar);
    if (prefix) {
      c.out.push(str->at(pindex));
      c.out.push(str->at(pindex + 1));
      pindex += 2;
    }
  }
  if (len > 0) c.out.push_range(str, pindex, pindex + len);
  if (a.width > len) c.out.push_repeat(' ', a.width - len);
}

// Parses one conversion after '%' and writes it. Returns false on error.
bool format_one(PctCtx& c) {
  const Str* f = c.fmt;
  PctArg a;
  if (c.pos >= f->length) { raise(&ValueErrorType, "incomplete format"); return false; }
  a.ch = f->at(c.pos);
  if (a.ch == '%') {
    c.pos++;
    c.cnt--;
    c.out.push('%');
    return true;
  }
  if (a.ch == '(') {
    if (!c.dict) { raise(&TypeErrorType, "format requires a mapping"); return false; }
    ++c.pos;
    --c.cnt;
    int64_t keystart = c.pos;
    int pcount = 1;
    while (pcount > 0 && --c.cnt >= 0) {
      a.ch = f->at(c.pos);
      if (a.ch == ')') --pcount;
      else if (a.ch == '(') ++pcount;
      c.pos++;
    }
    int64_t keylen = c.pos - keystart - 1;
    if (c.cnt < 0 || pcount > 0) { raise(&ValueErrorType, "incomplete format key"); return false; }
    Ref key = str_substr(f, keystart, keystart + keylen).into_ref();
    Ref v = get_item(c.dict, key.get());
    if (!v) return false;
    c.args = std::move(v);
    c.arglen = -1;
    c.argidx = -2;
  }
  while (--c.cnt >= 0) {
    a.ch = f->at(c.pos++);
    switch (a.ch) {
      case '-': a.flags |= kLJust; continue;
      case '+': a.flags |= kSign; continue;
      case ' ': a.flags |= kBlank; continue;
      case '#': a.flags |= kAlt; continue;
      case '0': a.flags |= kZero; continue;
    }
    break;
  }
  auto star = [&](int64_t* out, bool is_width) {
    Value v = next_arg(c);
    if (!v) return false;
    if (!(v.is_small_int() || is_int(v))) { raise(&TypeErrorType, "* wants int"); return false; }
    auto n = int_as_int64(v);
    if (!n) return false;
    *out = *n;
    if (is_width && *out < 0) { a.flags |= kLJust; *out = -*out; }
    if (!is_width && *out < 0) *out = 0;
    if (--c.cnt >= 0) a.ch = f->at(c.pos++);
    return true;
  };
  if (a.ch == '*') {
    if (!star(&a.width, true)) return false;
  } else if (a.ch >= '0' && a.ch <= '9') {
    a.width = a.ch - '0';
    while (--c.cnt >= 0) {
      a.ch = f->at(c.pos++);
      if (a.ch < '0' || a.ch > '9') break;
      if (a.width > (INT64_MAX - int64_t(a.ch - '0')) / 10) {
        raise(&ValueErrorType, "width too big");
        return false;
      }
      a.width = a.width * 10 + (a.ch - '0');
    }
  }
  if (a.ch == '.') {
    a.prec = 0;
    if (--c.cnt >= 0) a.ch = f->at(c.pos++);
    if (a.ch == '*') {
      if (!star(&a.prec, false)) return false;
    } else if (a.ch >= '0' && a.ch <= '9') {
      a.prec = a.ch - '0';
      while (--c.cnt >= 0) {
        a.ch = f->at(c.pos++);
        if (a.ch < '0' || a.ch > '9') break;
        if (a.prec > (INT32_MAX - int64_t(a.ch - '0')) / 10) {
          raise(&ValueErrorType, "precision too big");
          return false;
        }
        a.prec = a.prec * 10 + (a.ch - '0');
      }
    }
  }
  if (c.cnt >= 0 && (a.ch == 'h' || a.ch == 'l' || a.ch == 'L')) {
    if (--c.cnt >= 0) a.ch = f->at(c.pos++);
  }
  if (c.cnt < 0) { raise(&ValueErrorType, "incomplete format"); return false; }

  Value v = next_arg(c);
  if (!v) return false;
  Ref str;
  switch (a.ch) {
    case 's': case 'r': case 'a':
      if (a.ch == 's' && is_exact_str(v)) str = Ref::borrow(v);
      else str = a.ch == 's' ? rt::str(v) : a.ch == 'r' ? repr(v) : ascii(v);
      if (!str) return false;
      break;
    case 'i': case 'd': case 'u': case 'o': case 'x': case 'X': {
      if (v.is_small_int() && a.width == -1 && a.prec == -1 && !(a.flags & (kSign | kBlank | kAlt)) &&
          (a.ch != 'o' && a.ch != 'x' && a.ch != 'X')) {
        char buf[24];
        snprintf(buf, sizeof buf, "%lld", (long long)v.small_int());
        c.out.push_ascii(buf);
        return true;
      }
      mpz_t z;
      mpz_init(z);
      if (!pct_int(v, a.ch, z)) { mpz_clear(z); return false; }
      std::string s = format_long(z, a.flags & kAlt, a.prec, a.ch);
      mpz_clear(z);
      str = str_from_ascii(s).into_ref();
      a.sign = true;
      break;
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      double d;
      if (!as_double(v, &d)) return false;
      std::string s = float_printf(d, char(a.ch), a.prec < 0 ? 6 : int(a.prec), a.flags & kAlt);
      if (a.width == -1 && a.prec == -1 && !(a.flags & (kSign | kBlank))) {
        c.out.push_ascii(s);
        return true;
      }
      str = str_from_ascii(s).into_ref();
      a.sign = true;
      break;
    }
    case 'c': {
      char32_t ch;
      if (is_str(v)) {
        if (v.as<Str>()->length != 1) { raise(&TypeErrorType, "%c requires int or char"); return false; }
        ch = v.as<Str>()->at(0);
      } else {
        Type* t = type_of(v);
        if (!(v.is_small_int() || is_int(v) || (t->number && t->number->index))) {
          raise(&TypeErrorType, "%c requires int or char");
          return false;
        }
        auto n = index_as_int64(v);
        if (!n) {
          if (!error_matches(&OverflowErrorType)) {
            clear_error();
            raise(&TypeErrorType, "%c requires int or char");
            return false;
          }
          clear_error();
          n = -1;
        }
        if (*n < 0 || *n > 0x10FFFF) {
          raise(&OverflowErrorType, "%c arg not in range(0x110000)");
          return false;
        }
        ch = char32_t(*n);
      }
      if (a.width == -1 && a.prec == -1) { c.out.push(ch); return true; }
      str = str_from_char(ch).into_ref();
      break;
    }
    default:
      raisef(&ValueErrorType, "unsupported format character '%c' (0x%x) at index %lld",
             (a.ch >= 31 && a.ch <= 126) ? char(a.ch) : '?', unsigned(a.ch), (long long)(c.pos - 1));
      return false;
  }
  if (!is_str(str.get())) {
    raisef(&TypeErrorType, "__str__ returned non-string (type %s)", type_name(str.get()));
    return false;
  }
  output_arg(c, a, str.as<Str>());
  return true;
}

}  // namespace

Ref str_percent_format(const Str* fmt, Value args) {
  PctCtx c;
  c.fmt = fmt;
  c.cnt = fmt->length;
  c.args = Ref::borrow(args);
  if (is_tuple(args)) {
    c.arglen = args.as<Tuple>()->size;
    c.argidx = 0;
  } else {
    c.arglen = -1;
    c.argidx = -2;
  }
  Type* t = type_of(args);
  if (t->getitem && !is_tuple(args) && !is_str(args)) c.dict = args;
  c.out.reserve(size_t(fmt->length) + 16);
  while (--c.cnt >= 0) {
    if (fmt->at(c.pos) != '%') {
      int64_t start = c.pos;
      while (c.pos < fmt->length && fmt->at(c.pos) != '%') c.pos++;
      c.out.push_range(fmt, start, c.pos);
      c.cnt = fmt->length - c.pos;  // the loop's decrement makes it "chars after pos"
      continue;
    }
    c.pos++;
    if (!format_one(c)) return nullptr;
    if (c.dict && c.argidx < c.arglen) {
      return raise(&TypeErrorType, "not all arguments converted during string formatting");
    }
  }
  if (c.argidx < c.arglen && !c.dict)
    return raise(&TypeErrorType, "not all arguments converted during string formatting");
  return c.out.finish();
}
}  // namespace gilpy::rt
