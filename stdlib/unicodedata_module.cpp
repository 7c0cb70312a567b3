// stdlib/unicodedata_module.cpp: the unicodedata module (Unicode 14.0.0, CPython 3.11's
// answers and messages) over the database in runtime/unicode_data.h, which
// runtime/unicode_data.py generates from CPython's own unicodedata.
//
// Not provided: ucd_3_2_0 and the UCD type (the Unicode 3.2 database that only
// encodings.idna uses).
#include <cmath>
#include <string>

#include "runtime/bytes.h"
#include "runtime/unicode_data.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"

namespace gilpy::stdlib {

using namespace rt;

namespace {

namespace ucd = rt::unicode;

// The character of a one-character str argument, or -1 with CPython's TypeError.
// `argpos` 0 is a METH_O function's message, otherwise "argument N".
int64_t char_arg(const char* fname, Value v, int argpos) {
  if (is_str(v) && v.as<Str>()->length == 1) return int64_t(v.as<Str>()->at(0));
  if (argpos == 0)
    raisef(&TypeErrorType, "%s() argument must be a unicode character, not %s", fname,
           type_name(v));
  else
    raisef(&TypeErrorType, "%s() argument %d must be a unicode character, not %s", fname, argpos,
           type_name(v));
  return -1;
}

bool one_arg(const char* name, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "unicodedata.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs != 1) {
    raisef(&TypeErrorType, "unicodedata.%s() takes exactly one argument (%zu given)", name, nargs);
    return false;
  }
  return true;
}

// (chr, default=<none>, /)
bool char_and_default(const char* name, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "unicodedata.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs < 1) {
    raisef(&TypeErrorType, "%s expected at least 1 argument, got %zu", name, nargs);
    return false;
  }
  if (nargs > 2) {
    raisef(&TypeErrorType, "%s expected at most 2 arguments, got %zu", name, nargs);
    return false;
  }
  return true;
}

#define UCD_PROPERTY(fname, expr)                                                    \
  Ref u_##fname(Value, const Value* args, size_t nargs, Tuple* kwnames) {            \
    if (!one_arg(#fname, nargs, kwnames)) return nullptr;                            \
    int64_t c = char_arg(#fname, args[0], 0);                                        \
    if (c < 0) return nullptr;                                                       \
    const ucd::UcdRecord& r = ucd::record(char32_t(c));                              \
    (void)r;                                                                         \
    return expr;                                                                     \
  }
UCD_PROPERTY(category, str_from_ascii(ucd::kCategoryNames[r.category]).into_ref())
UCD_PROPERTY(bidirectional, str_from_ascii(ucd::kBidiNames[r.bidi]).into_ref())
UCD_PROPERTY(combining, make_int(r.combining))
UCD_PROPERTY(east_asian_width, str_from_ascii(ucd::kEastAsianWidthNames[r.east_asian_width]).into_ref())
UCD_PROPERTY(mirrored, make_int(r.mirrored))
UCD_PROPERTY(decomposition, str_from_ascii(ucd::decomposition_text(char32_t(c))).into_ref())
#undef UCD_PROPERTY

Ref u_name(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!char_and_default("name", nargs, kwnames)) return nullptr;
  int64_t c = char_arg("name", args[0], 1);
  if (c < 0) return nullptr;
  std::string n = ucd::char_name(char32_t(c));
  if (!n.empty()) return str_from_ascii(n).into_ref();
  if (nargs == 2) return Ref::borrow(args[1]);
  return raise(&ValueErrorType, "no such name");
}

// decimal / digit / numeric: which = 0, 1, 2.
Ref numeric_value(const char* name, int which, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!char_and_default(name, nargs, kwnames)) return nullptr;
  int64_t c = char_arg(name, args[0], 1);
  if (c < 0) return nullptr;
  const ucd::NumericEntry* e = ucd::numeric_entry(char32_t(c));
  if (e) {
    if (which == 0 && e->decimal >= 0) return make_int(e->decimal);
    if (which == 1 && e->digit >= 0) return make_int(e->digit);
    if (which == 2) return make_float(e->numeric);
  }
  if (nargs == 2) return Ref::borrow(args[1]);
  static const char* const messages[] = {"not a decimal", "not a digit", "not a numeric character"};
  return raise(&ValueErrorType, messages[which]);
}

Ref u_decimal(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return numeric_value("decimal", 0, args, nargs, kwnames);
}
Ref u_digit(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return numeric_value("digit", 1, args, nargs, kwnames);
}
Ref u_numeric(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  return numeric_value("numeric", 2, args, nargs, kwnames);
}

Ref u_lookup(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("lookup", nargs, kwnames)) return nullptr;
  std::string name;
  if (is_str(args[0])) {
    name = str_to_utf8(args[0].as<Str>());
  } else if (is_bytes(args[0])) {
    Bytes* b = args[0].as<Bytes>();
    name.assign(b->data, size_t(b->size));
  } else {
    return raisef(&TypeErrorType, "a bytes-like object is required, not '%s'", type_name(args[0]));
  }
  if (name.size() > 256) {  // CPython's NAME_MAXLEN
    Own<Str> msg = str_from_ascii("name too long");
    return raise_key_error(msg.value());
  }
  std::u32string out;
  if (!ucd::lookup_name(name, true, &out)) {
    Own<Str> n = str_from_utf8(name);
    Own<Str> msg = str_from_utf8("undefined character name '" + name + "'");
    return raise_key_error(msg.value());
  }
  return str_from_ucs4(out.data(), int64_t(out.size())).into_ref();
}

// The form's (compose, compat) flags; false with ValueError for an unknown form.
bool normalization_form(Value form_v, Value s, const char* fname, bool* compose, bool* compat) {
  if (!is_str(form_v)) {
    raisef(&TypeErrorType, "%s() argument 1 must be str, not %s", fname, type_name(form_v));
    return false;
  }
  if (!is_str(s)) {
    raisef(&TypeErrorType, "%s() argument 2 must be str, not %s", fname, type_name(s));
    return false;
  }
  std::string form = str_to_utf8(form_v.as<Str>());
  if (form == "NFC") { *compose = true; *compat = false; }
  else if (form == "NFKC") { *compose = true; *compat = true; }
  else if (form == "NFD") { *compose = false; *compat = false; }
  else if (form == "NFKD") { *compose = false; *compat = true; }
  else {
    raise(&ValueErrorType, "invalid normalization form");
    return false;
  }
  return true;
}

bool two_args(const char* name, size_t nargs, Tuple* kwnames) {
  if (kwnames && kwnames->size) {
    raisef(&TypeErrorType, "unicodedata.%s() takes no keyword arguments", name);
    return false;
  }
  if (nargs != 2) {
    raisef(&TypeErrorType, "%s expected 2 arguments, got %zu", name, nargs);
    return false;
  }
  return true;
}

std::u32string chars_of(const Str* s) {
  std::u32string out;
  out.reserve(size_t(s->length));
  for (int64_t i = 0; i < s->length; i++) out.push_back(s->at(i));
  return out;
}

// ASCII is invariant under every form: the common case needs no work.
bool is_ascii_str(const Str* s) { return s->kind == 1; }

Ref u_normalize(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!two_args("normalize", nargs, kwnames)) return nullptr;
  bool compose, compat;
  if (!normalization_form(args[0], args[1], "normalize", &compose, &compat)) return nullptr;
  const Str* s = args[1].as<Str>();
  if (is_ascii_str(s)) return Ref::borrow(args[1]);
  std::u32string in = chars_of(s);
  std::u32string out = ucd::normalize(in, compose, compat);
  if (out == in) return Ref::borrow(args[1]);
  return str_from_ucs4(out.data(), int64_t(out.size())).into_ref();
}

Ref u_is_normalized(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!two_args("is_normalized", nargs, kwnames)) return nullptr;
  bool compose, compat;
  if (!normalization_form(args[0], args[1], "is_normalized", &compose, &compat)) return nullptr;
  const Str* s = args[1].as<Str>();
  if (is_ascii_str(s)) return Ref::boolean(true);
  std::u32string in = chars_of(s);
  return Ref::boolean(ucd::normalize(in, compose, compat) == in);
}

const MethodDef unicodedata_functions[] = {
    {"bidirectional", u_bidirectional, 0, "Returns the bidirectional class assigned to the character chr as string."},
    {"category", u_category, 0, "Returns the general category assigned to the character chr as string."},
    {"combining", u_combining, 0, "Returns the canonical combining class assigned to the character chr as integer."},
    {"decimal", u_decimal, 0, "Converts a Unicode character into its equivalent decimal value."},
    {"decomposition", u_decomposition, 0, "Returns the character decomposition mapping assigned to the character chr as string."},
    {"digit", u_digit, 0, "Converts a Unicode character into its equivalent digit value."},
    {"east_asian_width", u_east_asian_width, 0, "Returns the east asian width assigned to the character chr as string."},
    {"is_normalized", u_is_normalized, 0, "Return whether the Unicode string unistr is in the normal form 'form'."},
    {"lookup", u_lookup, 0, "Look up character by name."},
    {"mirrored", u_mirrored, 0, "Returns the mirrored property assigned to the character chr as integer."},
    {"name", u_name, 0, "Returns the name assigned to the character chr as a string."},
    {"normalize", u_normalize, 0, "Return the normal form 'form' for the Unicode string unistr."},
    {"numeric", u_numeric, 0, "Converts a Unicode character into its equivalent numeric value."},
    {nullptr}};

}  // namespace

Ref create_unicodedata_module() {
  Own<Module> m = module_new("unicodedata");
  if (!m || !module_add_functions(m.get(), unicodedata_functions)) return nullptr;
  Own<Str> version = str_from_ascii(ucd::kUnidataVersion);
  if (!module_add(m.get(), "unidata_version", version.value())) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
