// stdlib/binascii_module.cpp: the binascii module, the codecs under base64.py, quopri,
// uu and email: hex (hexlify/unhexlify, b2a_hex/a2b_hex with sep), base64 (b2a_base64 with
// newline=, a2b_base64 with strict_mode=), quoted-printable (b2a_qp/a2b_qp), uuencode
// (b2a_uu/a2b_uu), the CRC-32 of zlib and the CRC-CCITT of binhex, and the exceptions
// binascii.Error (a ValueError) and binascii.Incomplete.
//
// The decoders (a2b_*) take bytes-like objects or ASCII-only str; the encoders (b2a_*)
// take bytes-like objects only; both return bytes, as CPython's. Each function holds its
// argument's buffer while it reads it and converts every other argument first.
#include <cstring>
#include <string>

#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "runtime/bytes_methods.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

Type* binascii_error;       // binascii.Error (made once and kept, like the static types)
Type* binascii_incomplete;  // binascii.Incomplete

Ref raise_error(std::string_view message) { return raise(binascii_error, message); }

Ref bytes_of(const std::string& s) { return bytes_new(s).into_ref(); }

// The input of a decoder: an ASCII str, or any bytes-like object (CPython's
// ascii_buffer_converter). `text` holds a str's bytes; `buf` a buffer's export.
struct AsciiInput {
  Buffer buf;
  std::string text;
  bool from_str = false;
  std::string_view view() const { return from_str ? std::string_view(text) : buf.view(); }
};

bool ascii_input(Value v, AsciiInput* in) {
  if (is_str(v)) {
    Str* s = v.as<Str>();
    std::string utf8 = str_to_utf8(s);
    for (unsigned char c : utf8) {
      if (c >= 0x80) {
        raise(&ValueErrorType, "string argument should contain only ASCII characters");
        return false;
      }
    }
    in->text = std::move(utf8);
    in->from_str = true;
    return true;
  }
  if (!is_bytes_like(v)) {
    raisef(&TypeErrorType, "argument should be bytes, buffer or ASCII string, not '%s'", type_name(v));
    return false;
  }
  return buffer_get(v, &in->buf);
}

// ---- hex ----------------------------------------------------------------------------------------
const char kHexLower[] = "0123456789abcdef";
const char kHexUpper[] = "0123456789ABCDEF";

// hexlify(data, sep=..., bytes_per_sep=1): CPython's _Py_strhex with bytes output (a
// separator group counts from the right when bytes_per_sep > 0, from the left when < 0).
Ref hexlify_impl(const char* fname, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, sep, per_sep;
  if (!bind_args(fname, args, nargs, kwnames, {"data", "sep", "bytes_per_sep"}, 1, {&data, &sep, &per_sep}))
    return nullptr;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  std::string out;
  if (!hex_with_separator(std::string_view(reinterpret_cast<const char*>(in.data), size_t(in.len)), sep, per_sep,
                          true, &out))
    return nullptr;
  return bytes_of(out);
}

Ref f_b2a_hex(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return hexlify_impl("b2a_hex", args, nargs, kwnames);
}
Ref f_hexlify(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return hexlify_impl("hexlify", args, nargs, kwnames);
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Ref unhexlify_impl(const char* fname, const Value* args, size_t nargs, Tuple* kwnames) {
  Value hexstr;
  if (!bind_args(fname, args, nargs, kwnames, {"hexstr", "/"}, 1, {&hexstr})) return nullptr;
  AsciiInput in;
  if (!ascii_input(hexstr, &in)) return nullptr;
  std::string_view s = in.view();
  if (s.size() % 2) return raise_error("Odd-length string");
  std::string out(s.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); i++) {
    int hi = hex_value(uint8_t(s[2 * i])), lo = hex_value(uint8_t(s[2 * i + 1]));
    if (hi < 0 || lo < 0) return raise_error("Non-hexadecimal digit found");
    out[i] = char(hi << 4 | lo);
  }
  return bytes_of(out);
}

Ref f_a2b_hex(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return unhexlify_impl("a2b_hex", args, nargs, kwnames);
}
Ref f_unhexlify(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return unhexlify_impl("unhexlify", args, nargs, kwnames);
}

// ---- base64 -------------------------------------------------------------------------------------

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0-63 for the alphabet's characters, 64 for any other byte.
int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return 64;
}

Ref f_b2a_base64(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, newline = Value::true_();
  if (!bind_args("b2a_base64", args, nargs, kwnames, {"data", "/", "*", "newline"}, 1, {&data, &newline}))
    return nullptr;
  int nl = truthy(newline);
  if (nl < 0) return nullptr;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  std::string out;
  out.reserve(size_t(in.len + 2) / 3 * 4 + 1);
  int64_t i = 0;
  for (; i + 3 <= in.len; i += 3) {
    uint32_t v = uint32_t(in.data[i]) << 16 | uint32_t(in.data[i + 1]) << 8 | in.data[i + 2];
    out.push_back(kBase64[v >> 18]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(kBase64[(v >> 6) & 63]);
    out.push_back(kBase64[v & 63]);
  }
  if (in.len - i == 1) {
    uint32_t v = uint32_t(in.data[i]) << 16;
    out.push_back(kBase64[v >> 18]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out += "==";
  } else if (in.len - i == 2) {
    uint32_t v = uint32_t(in.data[i]) << 16 | uint32_t(in.data[i + 1]) << 8;
    out.push_back(kBase64[v >> 18]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(kBase64[(v >> 6) & 63]);
    out.push_back('=');
  }
  if (nl) out.push_back('\n');
  return bytes_of(out);
}

// a2b_base64(data, /, *, strict_mode=False), as CPython 3.11: out of strict mode, bytes
// outside the alphabet are skipped and decoding stops at the padding that ends a quad;
// in strict mode those are errors.
Ref f_a2b_base64(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, strict = Value::false_();
  if (!bind_args("a2b_base64", args, nargs, kwnames, {"data", "/", "*", "strict_mode"}, 1, {&data, &strict}))
    return nullptr;
  int strict_mode = truthy(strict);
  if (strict_mode < 0) return nullptr;
  AsciiInput in;
  if (!ascii_input(data, &in)) return nullptr;
  std::string_view s = in.view();
  if (strict_mode && !s.empty() && s[0] == '=') return raise_error("Leading padding not allowed");
  std::string out;
  out.reserve((s.size() + 3) / 4 * 3);
  int quad_pos = 0, pads = 0;
  bool padding_started = false;
  unsigned leftchar = 0;
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char ch = uint8_t(s[i]);
    if (ch == '=') {
      padding_started = true;
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
        if (strict_mode && i + 1 < s.size()) return raise_error("Excess data after padding");
        return bytes_of(out);
      }
      continue;
    }
    int v = base64_value(ch);
    if (v >= 64) {
      if (strict_mode) return raise_error("Only base64 data is allowed");
      continue;
    }
    if (strict_mode && padding_started) return raise_error("Discontinuous padding not allowed");
    pads = 0;
    switch (quad_pos) {
      case 0:
        quad_pos = 1;
        leftchar = unsigned(v);
        break;
      case 1:
        quad_pos = 2;
        out.push_back(char((leftchar << 2) | (unsigned(v) >> 4)));
        leftchar = unsigned(v) & 0x0f;
        break;
      case 2:
        quad_pos = 3;
        out.push_back(char((leftchar << 4) | (unsigned(v) >> 2)));
        leftchar = unsigned(v) & 0x03;
        break;
      default:
        quad_pos = 0;
        out.push_back(char((leftchar << 6) | unsigned(v)));
        leftchar = 0;
        break;
    }
  }
  if (quad_pos == 1) {
    return raise(binascii_error, strfmt("Invalid base64-encoded string: number of data characters (%zu) cannot "
                                        "be 1 more than a multiple of 4",
                                        out.size() / 3 * 4 + 1));
  }
  if (quad_pos != 0) return raise_error("Incorrect padding");
  return bytes_of(out);
}

// ---- uuencode -----------------------------------------------------------------------------------

Ref f_b2a_uu(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, backtick = Value::false_();
  if (!bind_args("b2a_uu", args, nargs, kwnames, {"data", "/", "*", "backtick"}, 1, {&data, &backtick}))
    return nullptr;
  int bt = truthy(backtick);
  if (bt < 0) return nullptr;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  if (in.len > 45) return raise_error("At most 45 bytes at once");
  std::string out;
  out.push_back(bt && in.len == 0 ? '`' : char(' ' + in.len));
  uint32_t leftchar = 0;
  int leftbits = 0;
  for (int64_t i = 0, n = in.len; n > 0 || leftbits != 0; n--, i++) {
    leftchar = (leftchar << 8) | (n > 0 ? in.data[i] : 0);
    leftbits += 8;
    while (leftbits >= 6) {
      unsigned ch = (leftchar >> (leftbits - 6)) & 0x3f;
      leftbits -= 6;
      out.push_back(bt && ch == 0 ? '`' : char(ch + ' '));
    }
    leftchar &= (1u << leftbits) - 1;
  }
  out.push_back('\n');
  return bytes_of(out);
}

Ref f_a2b_uu(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data;
  if (!bind_args("a2b_uu", args, nargs, kwnames, {"data", "/"}, 1, {&data})) return nullptr;
  AsciiInput in;
  if (!ascii_input(data, &in)) return nullptr;
  std::string_view s = in.view();
  size_t pos = 0;
  // The first byte is the length (an empty line reads as NUL, as CPython's buffer does).
  int64_t bin_len = ((s.empty() ? 0 : uint8_t(s[pos++])) - ' ') & 077;
  std::string out;
  uint32_t leftchar = 0;
  int leftbits = 0;
  while (bin_len > 0) {
    unsigned ch = pos < s.size() ? uint8_t(s[pos]) : 0;
    if (ch == '\n' || ch == '\r' || pos >= s.size()) {
      ch = 0;  // spaces eaten at the end of the line
    } else {
      if (ch < ' ' || ch > ' ' + 64) return raise_error("Illegal char");
      ch = (ch - ' ') & 077;
    }
    pos++;
    leftchar = (leftchar << 6) | ch;
    leftbits += 6;
    if (leftbits >= 8) {
      leftbits -= 8;
      out.push_back(char((leftchar >> leftbits) & 0xff));
      leftchar &= (1u << leftbits) - 1;
      bin_len--;
    }
  }
  for (; pos < s.size(); pos++) {
    char ch = s[pos];
    if (ch != ' ' && ch != ' ' + 64 && ch != '\n' && ch != '\r') return raise_error("Trailing garbage");
  }
  return bytes_of(out);
}

// ---- quoted-printable ---------------------------------------------------------------------------

Ref f_a2b_qp(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, header_arg = Value::false_();
  if (!bind_args("a2b_qp", args, nargs, kwnames, {"data", "header"}, 1, {&data, &header_arg})) return nullptr;
  int header = truthy(header_arg);
  if (header < 0) return nullptr;
  AsciiInput in;
  if (!ascii_input(data, &in)) return nullptr;
  std::string_view s = in.view();
  size_t n = s.size(), i = 0;
  std::string out;
  while (i < n) {
    if (s[i] == '=') {
      i++;
      if (i >= n) break;
      if (s[i] == '\n' || s[i] == '\r') {  // a soft line break
        if (s[i] != '\n') {
          while (i < n && s[i] != '\n') i++;
        }
        if (i < n) i++;
      } else if (s[i] == '=') {  // "==", from broken encoders
        out.push_back('=');
        i++;
      } else if (i + 1 < n && hex_value(uint8_t(s[i])) >= 0 && hex_value(uint8_t(s[i + 1])) >= 0) {
        out.push_back(char(hex_value(uint8_t(s[i])) << 4 | hex_value(uint8_t(s[i + 1]))));
        i += 2;
      } else {
        out.push_back('=');
      }
    } else if (header && s[i] == '_') {
      out.push_back(' ');
      i++;
    } else {
      out.push_back(s[i++]);
    }
  }
  return bytes_of(out);
}

// b2a_qp(data, quotetabs=False, istext=True, header=False): lines of at most 76 characters
// with soft breaks; the line ends follow the first one found (CRLF or LF).
Ref f_b2a_qp(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, quotetabs_arg = Value::false_(), istext_arg = Value::true_(), header_arg = Value::false_();
  if (!bind_args("b2a_qp", args, nargs, kwnames, {"data", "quotetabs", "istext", "header"}, 1,
                 {&data, &quotetabs_arg, &istext_arg, &header_arg}))
    return nullptr;
  int quotetabs = truthy(quotetabs_arg), istext = truthy(istext_arg), header = truthy(header_arg);
  if (quotetabs < 0 || istext < 0 || header < 0) return nullptr;
  Buffer buf;
  if (!buffer_get(data, &buf)) return nullptr;
  const uint8_t* d = buf.data;
  size_t n = size_t(buf.len);
  constexpr size_t kMaxLine = 76;
  const void* nl = std::memchr(d, '\n', n);
  bool crlf = nl && nl != d && static_cast<const uint8_t*>(nl)[-1] == '\r';
  std::string out;
  auto soft_break = [&] {
    out.push_back('=');
    if (crlf) out.push_back('\r');
    out.push_back('\n');
  };
  auto put_hex = [&](uint8_t c) {
    out.push_back(kHexUpper[c >> 4]);
    out.push_back(kHexUpper[c & 15]);
  };
  size_t i = 0, linelen = 0;
  while (i < n) {
    uint8_t c = d[i];
    bool last = i + 1 == n;
    if (c > 126 || c == '=' || (header && c == '_') ||
        (c == '.' && linelen == 0 && (last || d[i + 1] == '\n' || d[i + 1] == '\r' || d[i + 1] == 0)) ||
        (!istext && (c == '\r' || c == '\n')) || ((c == '\t' || c == ' ') && last) ||
        (c < 33 && c != '\r' && c != '\n' && (quotetabs || (c != '\t' && c != ' ')))) {
      if (linelen + 3 >= kMaxLine) {
        soft_break();
        linelen = 0;
      }
      out.push_back('=');
      put_hex(c);
      i++;
      linelen += 3;
    } else if (istext && (c == '\n' || (i + 1 < n && c == '\r' && d[i + 1] == '\n'))) {
      linelen = 0;
      // Whitespace at the end of a line is protected.
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        uint8_t ws = uint8_t(out.back());
        out.back() = '=';
        put_hex(ws);
      }
      if (crlf) out.push_back('\r');
      out.push_back('\n');
      i += c == '\r' ? 2 : 1;
    } else {
      if (!last && d[i + 1] != '\n' && linelen + 1 >= kMaxLine) {
        soft_break();
        linelen = 0;
      }
      linelen++;
      out.push_back(header && c == ' ' ? '_' : char(c));
      i++;
    }
  }
  return bytes_of(out);
}

// ---- checksums ----------------------------------------------------------------------------------

// The 32-bit bitwise-masked value of an unsigned int argument ('I' with bitwise=True).
bool crc_arg(Value v, uint32_t* out) {
  if (!is_int(v)) {
    Ref n = index_of(v);
    if (!n) return false;
    return crc_arg(n.get(), out);
  }
  mpz_t z, m;
  mpz_init(z);
  mpz_init_set_ui(m, 0xffffffffu);
  int_to_mpz(v, z);
  mpz_and(z, z, m);  // two's complement for negative values, as the C cast
  *out = uint32_t(mpz_get_ui(z));
  mpz_clear(z);
  mpz_clear(m);
  return true;
}

uint32_t crc32_table[256];
uint16_t crc_hqx_table[256];

void init_crc_tables() {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc32_table[i] = c;
    uint32_t h = i << 8;
    for (int k = 0; k < 8; k++) h = h & 0x8000 ? (h << 1) ^ 0x1021 : h << 1;
    crc_hqx_table[i] = uint16_t(h);
  }
}

Ref f_crc32(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, crc_v;
  if (!bind_args("crc32", args, nargs, kwnames, {"data", "crc", "/"}, 1, {&data, &crc_v})) return nullptr;
  uint32_t crc = 0;
  if (crc_v && !crc_arg(crc_v, &crc)) return nullptr;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  crc = ~crc;
  for (int64_t i = 0; i < in.len; i++) crc = crc32_table[(crc ^ in.data[i]) & 0xff] ^ (crc >> 8);
  return make_int(int64_t(~crc & 0xffffffffu));
}

Ref f_crc_hqx(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, crc_v;
  if (!bind_args("crc_hqx", args, nargs, kwnames, {"data", "crc", "/"}, 2, {&data, &crc_v})) return nullptr;
  uint32_t crc;
  if (!crc_arg(crc_v, &crc)) return nullptr;
  crc &= 0xffff;
  Buffer in;
  if (!buffer_get(data, &in)) return nullptr;
  for (int64_t i = 0; i < in.len; i++) crc = ((crc << 8) & 0xff00) ^ crc_hqx_table[((crc >> 8) & 0xff) ^ in.data[i]];
  return make_int(int64_t(crc));
}

const MethodDef module_functions[] = {
    {"a2b_base64", f_a2b_base64, 0, "Decode a line of base64 data."},
    {"a2b_hex", f_a2b_hex, 0, "Binary data of hexadecimal representation."},
    {"a2b_qp", f_a2b_qp, 0, "Decode a string of qp-encoded data."},
    {"a2b_uu", f_a2b_uu, 0, "Decode a line of uuencoded data."},
    {"b2a_base64", f_b2a_base64, 0, "Base64-code line of data."},
    {"b2a_hex", f_b2a_hex, 0, "Hexadecimal representation of binary data."},
    {"b2a_qp", f_b2a_qp, 0, "Encode a string using quoted-printable encoding."},
    {"b2a_uu", f_b2a_uu, 0, "Uuencode line of data."},
    {"crc32", f_crc32, 0, "Compute CRC-32 incrementally."},
    {"crc_hqx", f_crc_hqx, 0, "Compute CRC-CCITT incrementally."},
    {"hexlify", f_hexlify, 0, "Hexadecimal representation of binary data."},
    {"unhexlify", f_unhexlify, 0, "Binary data of hexadecimal representation."},
    {nullptr, nullptr, 0, nullptr}};

Type* make_class(const char* name, Type* base) {
  Own<Tuple> bases = tuple_from({Value::from_obj(base)});
  Own<Dict> ns = dict_new();
  Ref modname = new_str("binascii");
  if (!dict_set_str(ns.get(), "__module__", modname.get())) return nullptr;
  Ref cls = type_new(&TypeType, intern(name), bases.get(), ns.get());
  return cls ? cls.release().as<Type>() : nullptr;
}

}  // namespace

Ref create_binascii_module() {
  if (!binascii_error) {
    init_crc_tables();
    binascii_error = make_class("Error", &ValueErrorType);
    if (!binascii_error) return nullptr;
    binascii_incomplete = make_class("Incomplete", &ExceptionType);
    if (!binascii_incomplete) return nullptr;
  }
  Own<Module> m = module_new("binascii");
  if (!module_add_functions(m.get(), module_functions)) return nullptr;
  Ref doc = new_str("Conversion between binary data and ASCII");
  if (!module_add(m.get(), "__doc__", doc.get()) || !module_add(m.get(), "Error", Value::from_obj(binascii_error)) ||
      !module_add(m.get(), "Incomplete", Value::from_obj(binascii_incomplete)))
    return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
