// stdlib/codecs_module.cpp: _codecs, under CPython's codecs.py and encodings package: the
// registry of codec search functions (lookup imports `encodings` on first use, as CPython
// does at start-up), error handlers, encode/decode, and the UTF-8, ASCII and Latin-1
// codecs on gilpy's native ones (runtime/str.h). Other encodings come from CPython's
// encodings/*.py through the search functions.
#include "runtime/buffer.h"
#include "runtime/bytes.h"
#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/import.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

// The registry (process-wide, like the native codecs it sits on; used under the GIL).
struct CodecRegistry {
  Own<List> search_functions = list_new(0);
  Own<Dict> cache = dict_new();
  Own<Dict> error_handlers = dict_new();
};
CodecRegistry& registry() {
  static CodecRegistry* r = new CodecRegistry();
  return *r;
}

// CPython's normalizestring: lower case, spaces to hyphens... it keeps the rest as given.
std::string normalize(std::string name) {
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    else if (c == ' ') c = '-';
  }
  return name;
}

std::string str_arg_or(Value v, const char* otherwise) {
  return !v.is_null() && is_str(v) ? str_to_utf8(v.as<Str>()) : otherwise;
}

Ref codecs_register(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("register", kwnames) || !check_nargs("register", nargs, 1, 1)) return nullptr;
  if (!is_callable(args[0])) return raise(&TypeErrorType, "argument must be callable");
  if (!list_append(registry().search_functions.get(), args[0])) return nullptr;
  return Ref::none();
}

Ref codecs_unregister(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("unregister", kwnames) || !check_nargs("unregister", nargs, 1, 1)) return nullptr;
  List* l = registry().search_functions.get();
  for (int64_t i = 0; i < l->size; ++i) {
    if (l->items[i] == args[0]) {
      Ref r = call_method1(Value::from_obj(l), "pop", Value::small_int(i));
      if (!r) return nullptr;
      registry().cache = dict_new();
      break;
    }
  }
  return Ref::none();
}

Ref lookup(const std::string& encoding) {
  CodecRegistry& reg = registry();
  std::string name = normalize(encoding);
  Ref key = new_str(name);
  Value hit = dict_get(reg.cache.get(), key.get());
  if (!hit.is_null()) return Ref::borrow(hit);
  if (reg.search_functions->size == 0 && !vm::import_module("encodings")) return nullptr;
  List* l = reg.search_functions.get();
  for (int64_t i = 0; i < l->size; ++i) {
    Ref fn = Ref::borrow(l->items[i]);
    Ref info = call1(fn.get(), key.get());
    if (!info) return nullptr;
    if (info.get().is_none()) continue;
    if (!is_tuple(info.get()) || info.as<Tuple>()->size != 4) {
      Ref size_ok = getattr_opt(info.get(), intern("encode"));
      if (!size_ok) {
        if (!error_pending()) raise(&TypeErrorType, "codec search functions must return 4-tuples");
        return nullptr;
      }
    }
    if (!dict_set(reg.cache.get(), key.get(), info.get())) return nullptr;
    return info;
  }
  return raisef(&LookupErrorType, "unknown encoding: %s", encoding.c_str());
}

Ref codecs_lookup(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("lookup", kwnames) || !check_nargs("lookup", nargs, 1, 1)) return nullptr;
  if (!is_str(args[0])) return raisef(&TypeErrorType, "lookup() argument must be str, not %s", type_name(args[0]));
  return lookup(str_to_utf8(args[0].as<Str>()));
}

bool native_codec(const std::string& encoding) {
  std::string n = normalize(encoding);
  for (char& c : n)
    if (c == '_') c = '-';
  return n == "utf-8" || n == "utf8" || n == "ascii" || n == "latin-1" || n == "latin1" || n == "iso-8859-1";
}

// The registered codec's encoder or decoder applied to obj: what it returned first.
Ref call_codec(Value obj, std::string_view encoding, std::string_view errors, bool encoding_direction) {
  Ref info = lookup(std::string(encoding));
  if (!info) return nullptr;
  Ref fn = get_item(info.get(), Value::small_int(encoding_direction ? 0 : 1));
  if (!fn) return nullptr;
  Ref e = new_str(std::string(errors));
  Ref result = call2(fn.get(), obj, e.get());
  if (!result) return nullptr;
  if (!is_tuple(result.get()) || result.as<Tuple>()->size != 2)
    return raise(&TypeErrorType, encoding_direction ? "encoder must return a tuple (object, integer)"
                                                    : "decoder must return a tuple (object,integer)");
  return Ref::borrow(result.as<Tuple>()->items[0]);
}

// encode(obj, encoding='utf-8', errors='strict') and decode(...): the codec's function.
Ref code_with(const char* fname, const Value* args, size_t nargs, Tuple* kwnames, bool encoding_direction) {
  Value obj, enc, errs;
  if (!bind_args(fname, args, nargs, kwnames, {"obj", "encoding", "errors"}, 1, {&obj, &enc, &errs})) return nullptr;
  std::string encoding = str_arg_or(enc, "utf-8"), errors = str_arg_or(errs, "strict");
  if (native_codec(encoding)) {
    if (encoding_direction && is_str(obj)) return str_encode(obj.as<Str>(), encoding, errors);
    if (!encoding_direction && is_bytes_like(obj)) {
      Buffer b;
      if (!buffer_get(obj, &b)) return nullptr;
      return str_decode(b.view(), encoding, errors);
    }
  }
  return call_codec(obj, encoding, errors, encoding_direction);
}
Ref codecs_encode(Value, const Value* a, size_t n, Tuple* k) { return code_with("encode", a, n, k, true); }
Ref codecs_decode(Value, const Value* a, size_t n, Tuple* k) { return code_with("decode", a, n, k, false); }

// xxx_encode(str, errors=None) -> (bytes, consumed) for the native codecs.
Ref native_encode(const char* fname, const char* encoding, const Value* args, size_t nargs, Tuple* kwnames) {
  Value s, errs;
  if (!bind_args(fname, args, nargs, kwnames, {"str", "errors"}, 1, {&s, &errs})) return nullptr;
  if (!is_str(s)) return raisef(&TypeErrorType, "%s() argument 1 must be str, not %s", fname, type_name(s));
  Ref out = str_encode(s.as<Str>(), encoding, str_arg_or(errs, "strict"));
  if (!out) return nullptr;
  Ref n = make_int(s.as<Str>()->length);
  return tuple_from({out.get(), n.get()}).into_ref();
}

// xxx_decode(data, errors=None, final=False) -> (str, consumed). A final=False UTF-8 call
// leaves an incomplete sequence at the end for the next call (incremental decoders).
Ref native_decode(const char* fname, const char* encoding, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, errs, final = Value::false_();
  if (!bind_args(fname, args, nargs, kwnames, {"data", "errors", "final"}, 1, {&data, &errs, &final})) return nullptr;
  Buffer b;
  if (!buffer_get(data, &b)) return nullptr;
  std::string_view bytes = b.view();
  size_t take = bytes.size();
  if (std::string_view(encoding) == "utf-8" && truthy(final) == 0) {
    // Back off over a trailing incomplete sequence (at most 3 bytes).
    size_t i = bytes.size(), back = 0;
    while (i > 0 && back < 3 && (uint8_t(bytes[i - 1]) & 0xC0) == 0x80) --i, ++back;
    if (i > 0) {
      uint8_t lead = uint8_t(bytes[i - 1]);
      size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      if (need > 1 && back + 1 < need) take = i - 1;
    }
  }
  Ref out = str_decode(bytes.substr(0, take), encoding, str_arg_or(errs, "strict"));
  if (!out) return nullptr;
  Ref n = make_int(int64_t(take));
  return tuple_from({out.get(), n.get()}).into_ref();
}

Ref utf_8_encode(Value, const Value* a, size_t n, Tuple* k) { return native_encode("utf_8_encode", "utf-8", a, n, k); }
Ref utf_8_decode(Value, const Value* a, size_t n, Tuple* k) { return native_decode("utf_8_decode", "utf-8", a, n, k); }
Ref ascii_encode(Value, const Value* a, size_t n, Tuple* k) { return native_encode("ascii_encode", "ascii", a, n, k); }
Ref ascii_decode(Value, const Value* a, size_t n, Tuple* k) { return native_decode("ascii_decode", "ascii", a, n, k); }
Ref latin_1_encode(Value, const Value* a, size_t n, Tuple* k) { return native_encode("latin_1_encode", "latin-1", a, n, k); }
Ref latin_1_decode(Value, const Value* a, size_t n, Tuple* k) { return native_decode("latin_1_decode", "latin-1", a, n, k); }

// ---- unicode_escape and raw_unicode_escape (pickle's protocol 0 uses the raw one) -----

std::u32string code_points_of(const Str* s) {
  std::string utf8 = str_to_utf8(s);
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    uint8_t c = uint8_t(utf8[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < n && i + k < utf8.size(); ++k) cp = (cp << 6) | (uint8_t(utf8[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

void append_hex_escape(std::string& out, char kind, char32_t cp, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\%c%0*x", kind, digits, static_cast<unsigned>(cp));
  out += buf;
}

// str -> bytes: `raw` escapes only what latin-1 cannot hold (\uXXXX, \UXXXXXXXX); the
// other also writes \t \n \r \\ and non-printable ASCII/latin-1 as escapes.
Ref escape_encode(const char* fname, bool raw, const Value* args, size_t nargs, Tuple* kwnames) {
  Value s, errs;
  if (!bind_args(fname, args, nargs, kwnames, {"str", "errors"}, 1, {&s, &errs})) return nullptr;
  if (!is_str(s)) return raisef(&TypeErrorType, "%s() argument 1 must be str, not %s", fname, type_name(s));
  std::string out;
  for (char32_t cp : code_points_of(s.as<Str>())) {
    if (cp >= 0x10000) append_hex_escape(out, 'U', cp, 8);
    else if (cp >= 0x100) append_hex_escape(out, 'u', cp, 4);
    else if (raw) out += char(cp);
    else if (cp == '\\') out += "\\\\";
    else if (cp == '\t') out += "\\t";
    else if (cp == '\n') out += "\\n";
    else if (cp == '\r') out += "\\r";
    else if (cp < 0x20 || cp >= 0x7f) append_hex_escape(out, 'x', cp, 2);
    else out += char(cp);
  }
  Ref bytes = bytes_new(out).into_ref();
  Ref n = make_int(s.as<Str>()->length);
  return tuple_from({bytes.get(), n.get()}).into_ref();
}

Ref escape_decode_error(const char* codec, size_t start, size_t end, const char* why) {
  return raisef(&UnicodeDecodeErrorType, "'%s' codec can't decode bytes in position %zu-%zu: %s", codec, start,
                end, why);
}

// bytes -> str, the inverse of escape_encode; bytes that are not escapes are latin-1.
Ref escape_decode(const char* fname, bool raw, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, errs, final = Value::true_();
  if (!bind_args(fname, args, nargs, kwnames, {"data", "errors", "final"}, 1, {&data, &errs, &final})) return nullptr;
  Buffer b;
  Ref encoded;
  if (is_str(data)) {
    encoded = str_encode(data.as<Str>(), "utf-8", "strict");
    if (!encoded) return nullptr;
    data = encoded.get();
  }
  if (!buffer_get(data, &b)) return nullptr;
  std::string_view in = b.view();
  const char* codec = raw ? "rawunicodeescape" : "unicodeescape";
  std::u32string out;
  auto hex = [&](size_t start, size_t at, int digits, const char* why, char32_t* cp) -> bool {
    if (at + digits > in.size()) return escape_decode_error(codec, start, in.size() - 1, why), false;
    char32_t v = 0;
    for (int k = 0; k < digits; ++k) {
      char c = in[at + k];
      int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
      if (d < 0) return escape_decode_error(codec, start, at + k - 1 < start ? start : at + k - 1, why), false;
      v = v * 16 + char32_t(d);
    }
    if (v > 0x10FFFF) return escape_decode_error(codec, start, at + digits - 1, "illegal Unicode character"), false;
    *cp = v;
    return true;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    uint8_t c = uint8_t(in[i]);
    if (c != '\\' || i + 1 >= in.size()) {
      if (c == '\\' && !raw) return escape_decode_error(codec, i, i, "\\ at end of string");
      out.push_back(c);
      continue;
    }
    char e = in[i + 1];
    char32_t cp;
    if (raw) {
      if (e != 'u' && e != 'U') {
        out.push_back(c);
        continue;
      }
      if (!hex(i, i + 2, e == 'u' ? 4 : 8, e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape", &cp))
        return nullptr;
      out.push_back(cp);
      i += 1 + (e == 'u' ? 4 : 8);
      continue;
    }
    size_t start = i;
    ++i;
    switch (e) {
      case '\n': break;
      case '\\': out.push_back('\\'); break;
      case '\'': out.push_back('\''); break;
      case '"': out.push_back('"'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      case 'x':
        if (!hex(start, i + 1, 2, "truncated \\xXX escape", &cp)) return nullptr;
        out.push_back(cp);
        i += 2;
        break;
      case 'u':
        if (!hex(start, i + 1, 4, "truncated \\uXXXX escape", &cp)) return nullptr;
        out.push_back(cp);
        i += 4;
        break;
      case 'U':
        if (!hex(start, i + 1, 8, "truncated \\UXXXXXXXX escape", &cp)) return nullptr;
        out.push_back(cp);
        i += 8;
        break;
      default:
        if (e >= '0' && e <= '7') {
          char32_t v = 0;
          size_t k = i;
          for (; k < in.size() && k < i + 3 && in[k] >= '0' && in[k] <= '7'; ++k) v = v * 8 + char32_t(in[k] - '0');
          out.push_back(v);
          i = k - 1;
        } else {
          out.push_back('\\');
          out.push_back(uint8_t(e));
        }
    }
  }
  Ref str = str_from_ucs4(out.data(), int64_t(out.size())).into_ref();
  Ref n = make_int(int64_t(in.size()));
  return tuple_from({str.get(), n.get()}).into_ref();
}

Ref unicode_escape_encode(Value, const Value* a, size_t n, Tuple* k) { return escape_encode("unicode_escape_encode", false, a, n, k); }
Ref unicode_escape_decode(Value, const Value* a, size_t n, Tuple* k) { return escape_decode("unicode_escape_decode", false, a, n, k); }
Ref raw_unicode_escape_encode(Value, const Value* a, size_t n, Tuple* k) {
  return escape_encode("raw_unicode_escape_encode", true, a, n, k);
}
Ref raw_unicode_escape_decode(Value, const Value* a, size_t n, Tuple* k) {
  return escape_decode("raw_unicode_escape_decode", true, a, n, k);
}

Ref codecs_register_error(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("register_error", kwnames) || !check_nargs("register_error", nargs, 2, 2)) return nullptr;
  if (!is_str(args[0])) return raise(&TypeErrorType, "register_error() argument 1 must be str");
  if (!is_callable(args[1])) return raise(&TypeErrorType, "handler must be callable");
  if (!dict_set(registry().error_handlers.get(), args[0], args[1])) return nullptr;
  return Ref::none();
}

// The built-in handlers by name: strict raises the exception it is given.
Ref strict_errors(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("strict_errors", kwnames) || !check_nargs("strict_errors", nargs, 1, 1)) return nullptr;
  if (!is_exception_instance(args[0])) return raise(&TypeErrorType, "codec must pass exception instance");
  restore_error(Ref::borrow(args[0]));
  return nullptr;
}
const MethodDef strict_def = {"strict_errors", strict_errors, 0, nullptr};

Ref codecs_lookup_error(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("lookup_error", kwnames) || !check_nargs("lookup_error", nargs, 1, 1)) return nullptr;
  if (!is_str(args[0])) return raise(&TypeErrorType, "lookup_error() argument must be str");
  Value h = dict_get(registry().error_handlers.get(), args[0]);
  if (!h.is_null()) return Ref::borrow(h);
  std::string name = str_to_utf8(args[0].as<Str>());
  if (name == "strict") return builtin_function_new(&strict_def, self);
  // The other built-in handlers work by name inside the native codecs, but are not callable
  // from Python yet (codecs.py then sets its *_errors names to None, as for a build without them).
  return raisef(&LookupErrorType, "unknown error handler name '%s'", name.c_str());
}

// charmap_build(decoding_table) -> the encoding map the cp*/iso8859-* codecs build at import.
Ref codecs_charmap_build(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("charmap_build", kwnames) || !check_nargs("charmap_build", nargs, 1, 1)) return nullptr;
  if (!is_str(args[0])) return raise(&TypeErrorType, "charmap_build() argument must be str");
  Str* s = args[0].as<Str>();
  Own<Dict> map = dict_new();
  for (int64_t i = 0; i < s->length; ++i) {
    Ref k = make_int(s->at(i)), v = make_int(i);
    if (!dict_set(map.get(), k.get(), v.get())) return nullptr;
  }
  return map.into_ref();
}

std::string char_repr(uint32_t c) {
  return c <= 0xff ? strfmt("\\x%02x", c) : c <= 0xffff ? strfmt("\\u%04x", c) : strfmt("\\U%08x", c);
}

// charmap_decode(data, errors=None, mapping=None): bytes through a 256-character table
// (the cp*/iso8859-* codecs' decoding_table; U+FFFE marks an undefined byte).
Ref codecs_charmap_decode(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value data, errs, mapping;
  if (!bind_args("charmap_decode", args, nargs, kwnames, {"data", "errors", "mapping"}, 1, {&data, &errs, &mapping}))
    return nullptr;
  Buffer b;
  if (!buffer_get(data, &b)) return nullptr;
  std::string errors = str_arg_or(errs, "strict");
  std::u32string out;
  std::string_view bytes = b.view();
  for (size_t i = 0; i < bytes.size(); ++i) {
    uint8_t byte = uint8_t(bytes[i]);
    if (mapping.is_null() || mapping.is_none()) {
      out.push_back(byte);
      continue;
    }
    uint32_t c = 0xFFFE;
    if (is_str(mapping)) {
      if (byte < mapping.as<Str>()->length) c = mapping.as<Str>()->at(byte);
    } else {
      Ref key = make_int(byte);
      Ref v = get_item(mapping, key.get());
      if (!v) {
        if (!error_matches(&LookupErrorType)) return nullptr;
        clear_error();
      } else if (is_int(v.get())) {
        auto x = index_as_int64(v.get());
        if (!x) return nullptr;
        c = uint32_t(*x);
      } else if (is_str(v.get()) && v.as<Str>()->length == 1) {
        c = v.as<Str>()->at(0);
      }
    }
    if (c == 0xFFFE) {
      if (errors == "ignore") continue;
      if (errors == "replace") {
        out.push_back(0xFFFD);
        continue;
      }
      return raisef(&UnicodeDecodeErrorType, "'charmap' codec can't decode byte 0x%02x in position %zu: character maps to <undefined>",
                    byte, i);
    }
    out.push_back(c);
  }
  Ref s = str_from_ucs4(out.data(), int64_t(out.size())).into_ref();
  Ref n = make_int(int64_t(bytes.size()));
  return tuple_from({s.get(), n.get()}).into_ref();
}

// charmap_encode(str, errors=None, mapping=None): characters through charmap_build's map.
Ref codecs_charmap_encode(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value s, errs, mapping;
  if (!bind_args("charmap_encode", args, nargs, kwnames, {"str", "errors", "mapping"}, 1, {&s, &errs, &mapping}))
    return nullptr;
  if (!is_str(s)) return raisef(&TypeErrorType, "charmap_encode() argument 1 must be str, not %s", type_name(s));
  std::string errors = str_arg_or(errs, "strict");
  Str* text = s.as<Str>();
  std::string out;
  for (int64_t i = 0; i < text->length; ++i) {
    uint32_t c = text->at(i);
    int64_t code = -1;
    if (mapping.is_null() || mapping.is_none()) {
      code = c < 256 ? int64_t(c) : -1;
    } else {
      Ref key = make_int(c);
      Ref v = get_item(mapping, key.get());
      if (!v) {
        if (!error_matches(&LookupErrorType)) return nullptr;
        clear_error();
      } else if (is_int(v.get())) {
        auto x = index_as_int64(v.get());
        if (!x) return nullptr;
        code = *x;
      } else if (is_bytes(v.get()) && v.as<Bytes>()->size == 1) {
        code = uint8_t(v.as<Bytes>()->data[0]);
      }
    }
    if (code < 0 || code > 255) {
      if (errors == "ignore") continue;
      if (errors == "replace") {
        out.push_back('?');
        continue;
      }
      return raisef(&UnicodeEncodeErrorType, "'charmap' codec can't encode character '%s' in position %lld: character maps to <undefined>",
                    char_repr(c).c_str(), static_cast<long long>(i));
    }
    out.push_back(char(code));
  }
  Ref bytes = bytes_new(out).into_ref();
  Ref n = make_int(text->length);
  return tuple_from({bytes.get(), n.get()}).into_ref();
}

const MethodDef codecs_functions[] = {
    {"register", codecs_register, 0, "Register a codec search function."},
    {"unregister", codecs_unregister, 0, "Unregister a codec search function and clear the registry's cache."},
    {"lookup", codecs_lookup, 0, "Looks up a codec tuple in the Python codec registry and returns a CodecInfo object."},
    {"encode", codecs_encode, 0, "Encodes obj using the codec registered for encoding."},
    {"decode", codecs_decode, 0, "Decodes obj using the codec registered for encoding."},
    {"utf_8_encode", utf_8_encode, 0, nullptr},
    {"utf_8_decode", utf_8_decode, 0, nullptr},
    {"ascii_encode", ascii_encode, 0, nullptr},
    {"ascii_decode", ascii_decode, 0, nullptr},
    {"latin_1_encode", latin_1_encode, 0, nullptr},
    {"latin_1_decode", latin_1_decode, 0, nullptr},
    {"unicode_escape_encode", unicode_escape_encode, 0, nullptr},
    {"unicode_escape_decode", unicode_escape_decode, 0, nullptr},
    {"raw_unicode_escape_encode", raw_unicode_escape_encode, 0, nullptr},
    {"raw_unicode_escape_decode", raw_unicode_escape_decode, 0, nullptr},
    {"register_error", codecs_register_error, 0, "Register the specified error handler under the name errors."},
    {"lookup_error", codecs_lookup_error, 0, "Return the error handler for the specified error handling name."},
    {"charmap_build", codecs_charmap_build, 0, nullptr},
    {"charmap_decode", codecs_charmap_decode, 0, nullptr},
    {"charmap_encode", codecs_charmap_encode, 0, nullptr},
    {nullptr}};

}  // namespace

// str.encode / bytes.decode with an encoding gilpy has no native codec for: the codec
// registry's (runtime/str.h's codec_fallback_hook).
Ref encode_with_registry(Value obj, std::string_view encoding, std::string_view errors, bool encoding_direction) {
  Ref result = call_codec(obj, encoding, errors, encoding_direction);
  if (!result) return nullptr;
  Value v = result.get();
  if (encoding_direction ? !is_bytes(v) : !is_str(v))
    return raisef(&TypeErrorType, "'%.*s' %s returned '%s' instead of '%s'; use codecs.%s() to %s to arbitrary types",
                  int(encoding.size()), encoding.data(), encoding_direction ? "encoder" : "decoder", type_name(v),
                  encoding_direction ? "bytes" : "str", encoding_direction ? "encode" : "decode",
                  encoding_direction ? "encode" : "decode");
  return result;
}

Ref create_codecs_module() {
  Own<Module> m = module_new("_codecs");
  if (!module_add_functions(m.get(), codecs_functions)) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
