// runtime/bytes_format.cpp: printf-style formatting of bytes and bytearray (`b'%d' % n`,
// PEP 461, CPython 3.11's _PyBytes_FormatEx): the conversion specs and their argument
// rules (tuple, single value, mapping with %(key)s) are parsed here; %s/%b take a
// bytes-like object or __bytes__, %r/%a the ASCII repr, %c one byte; the numeric
// conversions are rendered by str's engine (runtime/str_format.cpp) on a one-spec format,
// so digits, signs, padding and their errors are the same as for str.
#include <cmath>
#include <string>

#include "runtime/abstract.h"
#include "runtime/buffer.h"
#include "runtime/bytes_methods.h"
#include "runtime/errors.h"
#include "runtime/float.h"
#include "runtime/int.h"
#include "runtime/misc_types.h"
#include "runtime/str.h"
#include "runtime/tuple.h"

namespace gilpy::rt {

namespace {

struct Spec {
  std::string flags;  // "-+ #0" as written ('z' is kept apart)
  bool ljust = false;
  bool no_neg_zero = false;  // 'z': -0.0 formats as 0.0
  int64_t width = -1;
  int64_t prec = -1;
};

struct Formatter {
  std::string_view fmt;
  size_t pos = 0;
  Ref args;            // the argument source: the tuple, the single value, or dict[key]
  int64_t arglen = 0;  // -1: args is a single value
  int64_t argidx = 0;
  Value dict;          // the mapping for %(key)s, or null
  std::string out;

  Value next_arg() {
    if (argidx < arglen) {
      int64_t i = argidx++;
      if (arglen < 0) return args.get();
      return args.as<Tuple>()->items[i];
    }
    raise(&TypeErrorType, "not enough arguments for format string");
    return Value();
  }

  bool incomplete() {
    raise(&ValueErrorType, "incomplete format");
    return false;
  }

  // Appends body, cut to the precision and padded to the width (%s, %b, %r, %a, %c).
  void pad(std::string_view body, const Spec& s, bool cut) {
    if (cut && s.prec >= 0 && int64_t(body.size()) > s.prec) body = body.substr(0, size_t(s.prec));
    size_t fill = s.width > int64_t(body.size()) ? size_t(s.width) - body.size() : 0;
    if (!s.ljust) out.append(fill, ' ');
    out.append(body);
    if (s.ljust) out.append(fill, ' ');
  }

  bool star(int64_t* value, bool is_width, Spec* s) {
    Value v = next_arg();
    if (!v) return false;
    if (!(v.is_small_int() || is_int(v))) {
      raise(&TypeErrorType, "* wants int");
      return false;
    }
    auto n = int_as_int64(v);
    if (!n) return false;
    *value = *n;
    if (is_width && *value < 0) {
      s->ljust = true;
      s->flags.push_back('-');
      *value = -*value;
    }
    if (!is_width && *value < 0) *value = 0;
    return true;
  }

  bool digits(int64_t* value, const char* too_big) {
    *value = 0;
    while (pos < fmt.size() && fmt[pos] >= '0' && fmt[pos] <= '9') {
      int d = fmt[pos++] - '0';
      if (*value > (INT32_MAX - d) / 10) {
        raise(&ValueErrorType, too_big);
        return false;
      }
      *value = *value * 10 + d;
    }
    return true;
  }

  // %d %i %u %o %x %X %e %E %f %F %g %G, through str's formatter.
  bool number(char ch, Value v, const Spec& s) {
    Ref hold;
    if (s.no_neg_zero && (ch == 'e' || ch == 'E' || ch == 'f' || ch == 'F' || ch == 'g' || ch == 'G') &&
        is_float(v)) {
      double d = float_value(v);
      // Negative values that round to zero print without their sign.
      std::string probe = strfmt(ch == 'g' || ch == 'G' ? "%.*g" : ch == 'e' || ch == 'E' ? "%.*e" : "%.*f",
                                 int(s.prec < 0 ? 6 : s.prec), d);
      if (std::signbit(d) && probe.find_first_of("123456789") == std::string::npos) {
        hold = make_float(0.0);
        v = hold.get();
      }
    }
    std::string spec = "%" + s.flags;
    if (s.width >= 0) spec += std::to_string(s.width);
    if (s.prec >= 0) spec += "." + std::to_string(s.prec);
    spec.push_back(ch);
    Own<Str> f = str_from_ascii(spec);
    Own<Tuple> one = tuple_from({v});
    Ref text = str_percent_format(f.get(), one.value());
    if (!text) return false;
    out.append(text.as<Str>()->ascii_view());
    return true;
  }

  bool object_bytes(Value v, const Spec& s) {
    if (is_bytes_like(v)) {
      Buffer b;
      if (!buffer_get(v, &b, kBufferStrided)) return false;
      pad(buffer_to_string(b), s, true);
      return true;
    }
    static Str* dunder_bytes = intern("__bytes__");
    if (v.is_obj() && !type_lookup(type_of(v), dunder_bytes).is_null()) {
      Ref r = bytes_from_object(v);
      if (!r) return false;
      pad(r.as<Bytes>()->view(), s, true);
      return true;
    }
    raisef(&TypeErrorType, "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
           type_name(v));
    return false;
  }

  bool one_byte(Value v, const Spec& s) {
    char c;
    if (v.is_small_int() || is_int(v) || (type_of(v)->number && type_of(v)->number->index)) {
      auto n = index_as_int64_clamped(v);
      if (!n) return false;
      if (*n < 0 || *n > 255) {
        raise(&OverflowErrorType, "%c arg not in range(256)");
        return false;
      }
      c = char(*n);
    } else if ((is_bytes(v) || is_bytearray(v)) && bytes_family_view(v).size() == 1) {
      c = bytes_family_view(v)[0];
    } else {
      raise(&TypeErrorType, "%c requires an integer in range(256) or a single byte");
      return false;
    }
    pad(std::string_view(&c, 1), s, false);
    return true;
  }

  // One conversion; pos is just after its '%'.
  bool convert() {
    if (pos >= fmt.size()) return incomplete();
    if (fmt[pos] == '%') {
      out.push_back('%');
      pos++;
      return true;
    }
    if (fmt[pos] == '(') {
      if (!dict) {
        raise(&TypeErrorType, "format requires a mapping");
        return false;
      }
      size_t start = ++pos;
      int depth = 1;
      while (pos < fmt.size() && depth > 0) {
        if (fmt[pos] == ')') depth--;
        else if (fmt[pos] == '(') depth++;
        pos++;
      }
      if (depth > 0) {
        raise(&ValueErrorType, "incomplete format key");
        return false;
      }
      Own<Bytes> key = bytes_new(fmt.substr(start, pos - 1 - start));
      Ref v = get_item(dict, key.value());
      if (!v) return false;
      args = std::move(v);
      arglen = -1;
      argidx = -2;
    }
    Spec s;
    for (; pos < fmt.size(); pos++) {
      char f = fmt[pos];
      if (f == 'z') s.no_neg_zero = true;
      else if (f == '-' || f == '+' || f == ' ' || f == '#' || f == '0') s.flags.push_back(f);
      else break;
      if (f == '-') s.ljust = true;
    }
    if (pos < fmt.size() && fmt[pos] == '*') {
      pos++;
      if (!star(&s.width, true, &s)) return false;
    } else if (pos < fmt.size() && fmt[pos] >= '0' && fmt[pos] <= '9') {
      if (!digits(&s.width, "width too big")) return false;
    }
    if (pos < fmt.size() && fmt[pos] == '.') {
      pos++;
      s.prec = 0;
      if (pos < fmt.size() && fmt[pos] == '*') {
        pos++;
        if (!star(&s.prec, false, &s)) return false;
      } else if (!digits(&s.prec, "precision too big")) {
        return false;
      }
    }
    if (pos < fmt.size() && (fmt[pos] == 'h' || fmt[pos] == 'l' || fmt[pos] == 'L')) pos++;
    if (pos >= fmt.size()) return incomplete();
    char ch = fmt[pos++];
    Value v = next_arg();
    if (!v) return false;
    switch (ch) {
      case 's': case 'b':
        return object_bytes(v, s);
      case 'r': case 'a': {
        Ref text = ascii(v);
        if (!text) return false;
        pad(text.as<Str>()->ascii_view(), s, true);
        return true;
      }
      case 'c':
        return one_byte(v, s);
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        return number(ch, v, s);
      default: {
        uint8_t u = uint8_t(ch);
        raisef(&ValueErrorType, "unsupported format character '%c' (0x%x) at index %lld",
               (u >= 32 && u < 127) ? ch : '?', unsigned(u), (long long)(pos - 1));
        return false;
      }
    }
  }
};

}  // namespace

Ref bytes_family_mod(Value a, Value b) {
  if (!(is_bytearray(a) || (a.is_obj() && is_subtype(type_of(a), &BytesType)))) return Ref::borrow(not_implemented());
  // Hold the format's bytes: converting arguments may run Python code that changes a
  // bytearray format (the copy keeps the parse consistent).
  std::string fmt(bytes_family_view(a));
  Formatter f;
  f.fmt = fmt;
  f.args = Ref::borrow(b);
  if (is_tuple(b)) {
    f.arglen = b.as<Tuple>()->size;
    f.argidx = 0;
  } else {
    f.arglen = -1;
    f.argidx = -2;
  }
  Type* t = type_of(b);
  if (t->getitem && !is_tuple(b) && !is_str(b) && !is_bytes(b) && !is_bytearray(b)) f.dict = b;
  f.out.reserve(fmt.size() + 16);
  while (f.pos < fmt.size()) {
    size_t pct = fmt.find('%', f.pos);
    if (pct == std::string::npos) {
      f.out.append(fmt, f.pos, std::string::npos);
      break;
    }
    f.out.append(fmt, f.pos, pct - f.pos);
    f.pos = pct + 1;
    if (!f.convert()) return nullptr;
    if (f.dict && f.argidx < f.arglen)
      return raise(&TypeErrorType, "not all arguments converted during bytes formatting");
  }
  if (f.argidx < f.arglen && !f.dict)
    return raise(&TypeErrorType, "not all arguments converted during bytes formatting");
  return bytes_family_new(a, f.out);
}

}  // namespace gilpy::rt
