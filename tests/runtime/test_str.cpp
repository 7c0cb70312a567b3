// tests/runtime/test_str.cpp: str and bytes (runtime/str*.cpp, runtime/bytes.cpp):
// representation, hashing against CPython 3.11 with PYTHONHASHSEED=0, repr, methods, and
// the three formatting engines (format spec, str.format, %). Expected values were
// obtained by running /usr/bin/python3.11.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "runtime/bytes.h"
#include "runtime/runtime.h"
#include "runtime/str_tokens.h"
#include "runtime/unicode_data.h"

using namespace gilpy::rt;

namespace {

Ref S(const char* utf8) { return str_from_utf8(utf8).into_ref(); }

std::string U(Value v) {
  EXPECT_TRUE(is_str(v));
  return is_str(v) ? str_to_utf8(v.as<Str>()) : std::string("<not a str>");
}

// Calls obj.name(*args) and returns the result (null with the error cleared and
// remembered in last_error).
std::string last_error;
Ref M(Value obj, const char* name, std::initializer_list<Value> args = {}) {
  Ref f = getattr(obj, name);
  if (!f) return nullptr;
  std::vector<Value> a(args);
  Ref r = call(f.get(), a.data(), a.size());
  if (!r) {
    Ref e = fetch_error();
    last_error = std::string(type_name(e.get())) + ": " + U(gilpy::rt::str(e.get()).get());
  }
  return r;
}

// repr() of a method call's result, or "!! Type: message".
std::string R(Value obj, const char* name, std::initializer_list<Value> args = {}) {
  Ref r = M(obj, name, args);
  if (!r) return "!! " + last_error;
  return repr_utf8(r.get());
}

std::string Err() {
  Ref e = fetch_error();
  if (!e) return "<no error>";
  return std::string(type_name(e.get())) + ": " + U(gilpy::rt::str(e.get()).get());
}

Value I(int64_t i) { return Value::small_int(i); }

}  // namespace

TEST(Str, RepresentationInvariants) {
  Ref a = S("hello");
  EXPECT_EQ(a.as<Str>()->kind, 1);
  EXPECT_EQ(a.as<Str>()->length, 5);
  EXPECT_EQ(a.as<Str>()->ascii()[5], '\0');
  Ref b = S("h\xc3\xa9llo");  // héllo
  EXPECT_EQ(b.as<Str>()->kind, 4);
  EXPECT_EQ(b.as<Str>()->length, 5);
  EXPECT_EQ(b.as<Str>()->at(1), U'\u00e9');
  // A slice of a wide str that is all ASCII is narrowed.
  Own<Str> c = str_substr(b.as<Str>(), 2, 5);
  EXPECT_EQ(c->kind, 1);
  EXPECT_TRUE(str_equal(c.get(), str_from_ascii("llo").get()));
  EXPECT_EQ(str_empty()->length, 0);
  EXPECT_EQ(str_from_char('x').get(), str_from_char('x').get());
  EXPECT_EQ(str_from_char(0xe9).get(), str_from_char(0xe9).get());
  // Invalid UTF-8 becomes U+FFFD.
  EXPECT_EQ(str_to_utf8(str_from_utf8("a\xff" "b").get()), "a\xef\xbf\xbd" "b");
}

TEST(Str, Interning) {
  Str* a = intern("some_name");
  Str* b = intern("some_name");
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a->interned);
  Own<Str> c = intern_str(str_from_ascii("some_name"));
  EXPECT_EQ(c.get(), a);
  Own<Str> d = intern_str(str_from_utf8("n\xc3\xa4me"));
  EXPECT_EQ(intern("n\xc3\xa4me"), d.get());
}

TEST(Str, HashMatchesCPython) {
  EXPECT_EQ(str_hash(intern("abc")), -4594863902769663758LL);
  EXPECT_EQ(str_hash(str_empty()), 0);
  EXPECT_EQ(str_hash(str_from_ascii("a").get()), 4644417185603328019LL);
  EXPECT_EQ(str_hash(str_from_ascii("hello world").get()), -5642461784034726774LL);
  EXPECT_EQ(str_hash(str_from_utf8("\xc3\xa9").get()), 6047309291227476195LL);        // é
  EXPECT_EQ(str_hash(str_from_utf8("\xe2\x82\xac").get()), -5529981157763016009LL);   // €
  EXPECT_EQ(str_hash(str_from_utf8("\xf0\x9f\x98\x80").get()), -3536540696076613844LL);  // 😀
  EXPECT_EQ(str_hash(str_from_utf8("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80").get()), -1599444950681572996LL);
  EXPECT_EQ(str_hash(str_from_ascii(std::string(100, 'x')).get()), 1359644457043326220LL);
  std::string y;
  for (int i = 0; i < 20; i++) y += "\xc3\xbf";
  EXPECT_EQ(str_hash(str_from_utf8(y).get()), -6492513978079487457LL);
  Own<Bytes> hb = bytes_new("hello world");
  EXPECT_EQ(bytes_hash(hb.get()), -5642461784034726774LL);
  EXPECT_EQ(hash(S("abc").get()), -4594863902769663758LL);
}

TEST(Str, Repr) {
  EXPECT_EQ(str_repr_utf8(str_from_ascii("abc").get()), "'abc'");
  EXPECT_EQ(str_repr_utf8(str_from_ascii("it's").get()), "\"it's\"");
  EXPECT_EQ(str_repr_utf8(str_from_ascii("'\"").get()), "'\\'\"'");
  EXPECT_EQ(str_repr_utf8(str_from_ascii("a\nb\tc\\\r\x01\x7f").get()), "'a\\nb\\tc\\\\\\r\\x01\\x7f'");
  // 'a\x80\xa0\xadé\u2028\ud800😀\U000e0001'
  Ref s = S("a\xc2\x80\xc2\xa0\xc2\xad\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\xf3\xa0\x80\x81");
  EXPECT_EQ(str_repr_utf8(s.as<Str>()), "'a\\x80\\xa0\\xad\xc3\xa9\\u2028\xf0\x9f\x98\x80\\U000e0001'");
  EXPECT_EQ(repr_utf8(S("x").get()), "'x'");
}

TEST(Str, CompareConcatRepeat) {
  EXPECT_LT(str_compare(str_from_ascii("abc").get(), str_from_ascii("abd").get()), 0);
  EXPECT_LT(str_compare(str_from_ascii("ab").get(), str_from_ascii("abc").get()), 0);
  EXPECT_GT(str_compare(str_from_utf8("\xc3\xa9").get(), str_from_ascii("z").get()), 0);
  Ref r = binary_op(S("ab").get(), S("c\xc3\xa9").get(), BinOp::Add);
  EXPECT_EQ(U(r.get()), "abc\xc3\xa9");
  EXPECT_FALSE(binary_op(S("a").get(), I(1), BinOp::Add));
  EXPECT_EQ(Err(), "TypeError: can only concatenate str (not \"int\") to str");
  EXPECT_EQ(U(binary_op(S("ab").get(), I(3), BinOp::Mul).get()), "ababab");
  EXPECT_EQ(U(binary_op(I(2), S("x\xc3\xa9").get(), BinOp::Mul).get()), "x\xc3\xa9x\xc3\xa9");
  EXPECT_EQ(U(binary_op(S("ab").get(), I(-1), BinOp::Mul).get()), "");
  EXPECT_FALSE(binary_op(S("a").get(), S("b").get(), BinOp::Mul));
  EXPECT_EQ(Err(), "TypeError: can't multiply sequence by non-int of type 'str'");
  EXPECT_EQ(rich_compare_bool(S("a").get(), S("b").get(), CompareOp::Lt), 1);
  EXPECT_EQ(equals(S("abc").get(), S("abc").get()), 1);
}

TEST(Str, IndexSliceContainsIter) {
  Ref s = S("h\xc3\xa9llo");
  EXPECT_EQ(U(get_item(s.get(), I(1)).get()), "\xc3\xa9");
  EXPECT_EQ(U(get_item(s.get(), I(-1)).get()), "o");
  EXPECT_FALSE(get_item(s.get(), I(5)));
  EXPECT_EQ(Err(), "IndexError: string index out of range");
  EXPECT_FALSE(get_item(s.get(), S("x").get()));
  EXPECT_EQ(Err(), "TypeError: string indices must be integers, not 'str'");
  Ref sl = slice_new(Value::none(), Value::none(), I(-1));
  EXPECT_EQ(U(get_item(s.get(), sl.get()).get()), "oll\xc3\xa9h");
  Ref sl2 = slice_new(I(2), Value::none(), Value::none());
  Ref t = get_item(s.get(), sl2.get());
  EXPECT_EQ(U(t.get()), "llo");
  EXPECT_EQ(t.as<Str>()->kind, 1);
  EXPECT_EQ(contains(s.get(), S("ll").get()), 1);
  EXPECT_EQ(contains(s.get(), S("\xc3\xa9l").get()), 1);
  EXPECT_EQ(contains(s.get(), S("x").get()), 0);
  EXPECT_EQ(contains(s.get(), I(1)), -1);
  EXPECT_EQ(Err(), "TypeError: 'in <string>' requires string as left operand, not int");
  EXPECT_EQ(length(s.get()), 5);
  std::string joined;
  EXPECT_TRUE(for_each(s.get(), [&](Value c) { joined += U(c) + "|"; return true; }));
  EXPECT_EQ(joined, "h|\xc3\xa9|l|l|o|");
}

TEST(Str, CaseMethods) {
  EXPECT_EQ(R(S("Hello World").get(), "lower"), "'hello world'");
  EXPECT_EQ(R(S("Hello World").get(), "upper"), "'HELLO WORLD'");
  EXPECT_EQ(R(S("stra\xc3\x9f" "e").get(), "upper"), "'STRASSE'");              // straße
  EXPECT_EQ(R(S("\xce\x9f\xce\x94\xce\x9f\xce\xa3").get(), "lower"), "'\xce\xbf\xce\xb4\xce\xbf\xcf\x82'");  // ΟΔΟΣ -> οδος (final sigma)
  EXPECT_EQ(R(S("hello wORLD 3rd").get(), "title"), "'Hello World 3Rd'");
  EXPECT_EQ(R(S("hELLO").get(), "capitalize"), "'Hello'");
  EXPECT_EQ(R(S("Hello").get(), "swapcase"), "'hELLO'");
  EXPECT_EQ(R(S("Stra\xc3\x9f" "e").get(), "casefold"), "'strasse'");
  EXPECT_EQ(R(S("\xc7\x86" "ab").get(), "capitalize"), "'\xc7\x85" "ab'");   // dž -> Dž (title case)
}

TEST(Str, Predicates) {
  EXPECT_EQ(R(S("abc").get(), "isalpha"), "True");
  EXPECT_EQ(R(S("").get(), "isalpha"), "False");
  EXPECT_EQ(R(S("").get(), "isascii"), "True");
  EXPECT_EQ(R(S("").get(), "isprintable"), "True");
  EXPECT_EQ(R(S("\xd9\xa3").get(), "isdecimal"), "True");  // ٣
  EXPECT_EQ(R(S("\xc2\xb2").get(), "isdigit"), "True");    // ²
  EXPECT_EQ(R(S("\xc2\xb2").get(), "isdecimal"), "False");
  EXPECT_EQ(R(S("\xc2\xbd").get(), "isnumeric"), "True");  // ½
  EXPECT_EQ(R(S(" \t\n\x1c").get(), "isspace"), "True");
  EXPECT_EQ(R(S("Hello World").get(), "istitle"), "True");
  EXPECT_EQ(R(S("Hello world").get(), "istitle"), "False");
  EXPECT_EQ(R(S("abc1").get(), "islower"), "True");
  EXPECT_EQ(R(S("ABC1").get(), "isupper"), "True");
  EXPECT_EQ(R(S("_x1").get(), "isidentifier"), "True");
  EXPECT_EQ(R(S("1x").get(), "isidentifier"), "False");
  EXPECT_EQ(R(S("a\x01").get(), "isprintable"), "False");
  EXPECT_EQ(R(S("a1").get(), "isalnum"), "True");
  EXPECT_EQ(unicode::decimal_value(U'\u0663'), 3);
}

TEST(Str, SearchMethods) {
  Ref s = S("hello world hello");
  EXPECT_EQ(R(s.get(), "find", {S("o").get()}), "4");
  EXPECT_EQ(R(s.get(), "find", {S("o").get(), I(5)}), "7");
  EXPECT_EQ(R(s.get(), "rfind", {S("hello").get()}), "12");
  EXPECT_EQ(R(s.get(), "find", {S("zz").get()}), "-1");
  EXPECT_EQ(R(s.get(), "find", {S("").get(), I(100)}), "-1");
  EXPECT_EQ(R(s.get(), "index", {S("zz").get()}), "!! ValueError: substring not found");
  EXPECT_EQ(R(s.get(), "count", {S("l").get()}), "5");
  EXPECT_EQ(R(s.get(), "count", {S("").get()}), "18");
  EXPECT_EQ(R(s.get(), "find", {I(1)}), "!! TypeError: must be str, not int");
  EXPECT_EQ(R(s.get(), "find"), "!! TypeError: find() takes at least 1 argument (0 given)");
  EXPECT_EQ(R(s.get(), "startswith", {S("hell").get()}), "True");
  EXPECT_EQ(R(s.get(), "endswith", {tuple_from({S("x").get(), S("llo").get()}).value()}), "True");
  EXPECT_EQ(R(s.get(), "startswith", {I(1)}),
            "!! TypeError: startswith first arg must be str or a tuple of str, not int");
  EXPECT_EQ(R(S("h\xc3\xa9llo").get(), "find", {S("llo").get()}), "2");
  EXPECT_EQ(R(S("h\xc3\xa9llo").get(), "rfind", {S("\xc3\xa9").get()}), "1");
}

TEST(Str, SplitJoinStrip) {
  EXPECT_EQ(R(S("  a b\t c  ").get(), "split"), "['a', 'b', 'c']");
  EXPECT_EQ(R(S("a,b,,c").get(), "split", {S(",").get()}), "['a', 'b', '', 'c']");
  EXPECT_EQ(R(S("a,b,,c").get(), "split", {S(",").get(), I(1)}), "['a', 'b,,c']");
  EXPECT_EQ(R(S("a,b,,c").get(), "rsplit", {S(",").get(), I(1)}), "['a,b,', 'c']");
  EXPECT_EQ(R(S("  a b c  ").get(), "rsplit", {Value::none(), I(1)}), "['  a b', 'c']");
  EXPECT_EQ(R(S("a").get(), "split", {S("").get()}), "!! ValueError: empty separator");
  EXPECT_EQ(R(S("a\nb\r\nc\rd").get(), "splitlines"), "['a', 'b', 'c', 'd']");
  EXPECT_EQ(R(S("a\nb\r\n").get(), "splitlines", {Value::true_()}), "['a\\n', 'b\\r\\n']");
  EXPECT_EQ(R(S("-").get(), "join", {tuple_from({S("a").get(), S("b").get()}).value()}), "'a-b'");
  EXPECT_EQ(R(S("-").get(), "join", {tuple_from({S("a").get(), I(1)}).value()}),
            "!! TypeError: sequence item 1: expected str instance, int found");
  EXPECT_EQ(R(S("  x  ").get(), "strip"), "'x'");
  EXPECT_EQ(R(S("xxaxx").get(), "lstrip", {S("x").get()}), "'axx'");
  EXPECT_EQ(R(S("xxaxx").get(), "rstrip", {S("x").get()}), "'xxa'");
  EXPECT_EQ(R(S("a=b=c").get(), "partition", {S("=").get()}), "('a', '=', 'b=c')");
  EXPECT_EQ(R(S("a=b=c").get(), "rpartition", {S("=").get()}), "('a=b', '=', 'c')");
  EXPECT_EQ(R(S("abc").get(), "rpartition", {S("=").get()}), "('', '', 'abc')");
}

TEST(Str, PadReplaceMisc) {
  EXPECT_EQ(R(S("ab").get(), "center", {I(7), S("*").get()}), "'***ab**'");
  EXPECT_EQ(R(S("abc").get(), "center", {I(6)}), "' abc  '");
  EXPECT_EQ(R(S("ab").get(), "ljust", {I(4)}), "'ab  '");
  EXPECT_EQ(R(S("ab").get(), "rjust", {I(4), S("0").get()}), "'00ab'");
  EXPECT_EQ(R(S("a").get(), "center", {I(5), S("ab").get()}),
            "!! TypeError: The fill character must be exactly one character long");
  EXPECT_EQ(R(S("-42").get(), "zfill", {I(6)}), "'-00042'");
  EXPECT_EQ(R(S("a\tbc\td").get(), "expandtabs", {I(4)}), "'a   bc  d'");
  EXPECT_EQ(R(S("aaa").get(), "replace", {S("a").get(), S("bb").get(), I(2)}), "'bbbba'");
  EXPECT_EQ(R(S("ab").get(), "replace", {S("").get(), S("-").get()}), "'-a-b-'");
  EXPECT_EQ(R(S("prefix_x").get(), "removeprefix", {S("prefix_").get()}), "'x'");
  EXPECT_EQ(R(S("x.py").get(), "removesuffix", {S(".py").get()}), "'x'");
  EXPECT_EQ(R(S("\xc3\xa9").get(), "encode"), "b'\\xc3\\xa9'");
  Ref table = M(S("").get(), "maketrans", {S("ab").get(), S("xy").get(), S("c").get()});
  ASSERT_TRUE(table);
  EXPECT_EQ(R(S("abcd").get(), "translate", {table.get()}), "'xyd'");
}

TEST(Str, FormatSpec) {
  auto F = [](const char* s, const char* spec) -> std::string {
    Ref r = str_format_spec(str_from_utf8(s).get(), str_from_utf8(spec).get());
    if (!r) return "!! " + Err();
    return U(r.get());
  };
  EXPECT_EQ(F("abc", ""), "abc");
  EXPECT_EQ(F("abc", "6"), "abc   ");
  EXPECT_EQ(F("abc", ">6"), "   abc");
  EXPECT_EQ(F("abc", "*^6"), "*abc**");
  EXPECT_EQ(F("abcdef", ".2"), "ab");
  EXPECT_EQ(F("a", "05"), "a0000");
  EXPECT_EQ(F("a", "+"), "!! ValueError: Sign not allowed in string format specifier");
  EXPECT_EQ(F("a", "="), "!! ValueError: '=' alignment not allowed in string format specifier");
  EXPECT_EQ(F("a", "#"), "!! ValueError: Alternate form (#) not allowed in string format specifier");
  EXPECT_EQ(F("a", ","), "!! ValueError: Cannot specify ',' with 's'.");
  EXPECT_EQ(F("a", "d"), "!! ValueError: Unknown format code 'd' for object of type 'str'");
  EXPECT_EQ(F("a", "xx<5"), "!! ValueError: Invalid format specifier 'xx<5' for object of type 'str'");
  EXPECT_EQ(F("a", "."), "!! ValueError: Format specifier missing precision");
}

TEST(Str, FormatMethod) {
  auto F = [](const char* fmt, std::initializer_list<Value> args) -> std::string {
    Ref r = M(str_from_utf8(fmt).into_ref().get(), "format", args);
    if (!r) return "!! " + last_error;
    return U(r.get());
  };
  EXPECT_EQ(F("{} and {}", {S("a").get(), I(1)}), "a and 1");
  EXPECT_EQ(F("{1}{0}{1}", {S("a").get(), S("b").get()}), "bab");
  EXPECT_EQ(F("{{}} {}", {I(1)}), "{} 1");
  EXPECT_EQ(F("{0!r:>5}|{0!s}|{0!a}", {S("\xc3\xa9").get()}), "  '\xc3\xa9'|\xc3\xa9|'\\xe9'");
  EXPECT_EQ(F("{:{}}|", {S("a").get(), I(3)}), "a  |");
  EXPECT_EQ(F("{0[1]}", {tuple_from({I(5), I(6)}).value()}), "6");
  EXPECT_EQ(F("{}{0}", {I(1)}),
            "!! ValueError: cannot switch from automatic field numbering to manual field specification");
  EXPECT_EQ(F("{0}{}", {I(1)}),
            "!! ValueError: cannot switch from manual field specification to automatic field numbering");
  EXPECT_EQ(F("{1}", {I(1)}), "!! IndexError: Replacement index 1 out of range for positional args tuple");
  EXPECT_EQ(F("{a}", {}), "!! KeyError: 'a'");
  EXPECT_EQ(F("{", {}), "!! ValueError: Single '{' encountered in format string");
  EXPECT_EQ(F("}", {}), "!! ValueError: Single '}' encountered in format string");
  EXPECT_EQ(F("{0", {I(1)}), "!! ValueError: expected '}' before end of string");
  EXPECT_EQ(F("{!x}", {I(1)}), "!! ValueError: Unknown conversion specifier x");
  EXPECT_EQ(F("{:{:{}}}", {I(1), I(2), I(3)}), "!! ValueError: Max string recursion exceeded");
  EXPECT_EQ(F("{0.}", {I(1)}), "!! ValueError: Empty attribute in format string");
  EXPECT_EQ(F("{0[0]x}", {tuple_from({I(1)}).value()}), "!! ValueError: Only '.' or '[' may follow ']' in format field specifier");
  // Keywords and format_map.
  Own<Dict> d = dict_new();
  dict_set(d.get(), S("name").get(), S("bob").get());
  Ref r = str_vformat(str_from_ascii("hi {name}!").get(), tuple_empty(), d.value());
  EXPECT_EQ(U(r.get()), "hi bob!");
  EXPECT_EQ(R(S("{name}").get(), "format_map", {d.value()}), "'bob'");
  EXPECT_EQ(R(S("{}").get(), "format_map", {d.value()}), "!! ValueError: Format string contains positional fields");
}

TEST(Str, PercentFormat) {
  auto P = [](const char* fmt, Value args) -> std::string {
    Ref r = str_percent_format(str_from_utf8(fmt).get(), args);
    if (!r) return "!! " + Err();
    return U(r.get());
  };
  EXPECT_EQ(P("%s-%r", tuple_from({S("a").get(), S("b").get()}).value()), "a-'b'");
  EXPECT_EQ(P("%d%%", I(50)), "50%");
  EXPECT_EQ(P("%.2s|%5s|%-5s|", tuple_from({S("abc").get(), S("a").get(), S("b").get()}).value()), "ab|    a|b    |");
  EXPECT_EQ(P("%#x %#o %+d % d %05d %-5d| %x %X",
              tuple_from({I(255), I(8), I(3), I(3), I(-42), I(7), I(-255), I(255)}).value()),
            "0xff 0o10 +3  3 -0042 7    | -ff FF");
  EXPECT_EQ(P("%+.3d|%.3x|%#.5o|%#05x|%#5x|", tuple_from({I(-5), I(255), I(8), I(255), I(255)}).value()),
            "-005|0ff|0o00010|0x0ff| 0xff|");
  EXPECT_EQ(P("%5.3d|%.0f|%e|%g|%G|%10.4f|%-10.2e|",
              tuple_from({I(7), make_float(2.5).get(), make_float(1e10).get(), make_float(1e-5).get(),
                          make_float(1e20).get(), make_float(3.14159).get(), make_float(12345.678).get()}).value()),
            "  007|2|1.000000e+10|1e-05|1E+20|    3.1416|1.23e+04  |");
  EXPECT_EQ(P("%c%c", tuple_from({I(65), S("b").get()}).value()), "Ab");
  EXPECT_EQ(P("%*d|%-*d|", tuple_from({I(4), I(1), I(3), I(2)}).value()), "   1|2  |");
  Own<Dict> d = dict_new();
  dict_set(d.get(), S("a").get(), I(1));
  EXPECT_EQ(P("%(a)s-%(a)03d", d.value()), "1-001");
  EXPECT_EQ(P("%s", d.value()), "{'a': 1}");
  EXPECT_EQ(P("%s %s", tuple_from({I(1)}).value()), "!! TypeError: not enough arguments for format string");
  EXPECT_EQ(P("%s", tuple_from({I(1), I(2)}).value()),
            "!! TypeError: not all arguments converted during string formatting");
  EXPECT_EQ(P("abc", I(5)), "!! TypeError: not all arguments converted during string formatting");
  EXPECT_EQ(P("%d", S("x").get()), "!! TypeError: %d format: a real number is required, not str");
  EXPECT_EQ(P("%x", make_float(1.5).get()), "!! TypeError: %x format: an integer is required, not float");
  EXPECT_EQ(P("%(a)s", I(1)), "!! TypeError: format requires a mapping");
  EXPECT_EQ(P("%", I(1)), "!! ValueError: incomplete format");
  EXPECT_EQ(P("%y", I(1)), "!! ValueError: unsupported format character 'y' (0x79) at index 1");
  EXPECT_EQ(P("%c", I(0x110000)), "!! OverflowError: %c arg not in range(0x110000)");
  EXPECT_EQ(P("%c", S("ab").get()), "!! TypeError: %c requires int or char");
}

TEST(Bytes, Basics) {
  Own<Bytes> b = bytes_new(std::string_view("a'\n\x00\xff", 5));
  EXPECT_EQ(bytes_repr_utf8(b.get()), "b\"a'\\n\\x00\\xff\"");
  EXPECT_EQ(length(b.value()), 5);
  EXPECT_EQ(repr_utf8(get_item(b.value(), I(4)).get()), "255");
  Ref sl = slice_new(I(1), I(3), Value::none());
  EXPECT_EQ(repr_utf8(get_item(b.value(), sl.get()).get()), "b\"'\\n\"");
  Own<Bytes> x = bytes_new("hello");
  EXPECT_EQ(R(x.value(), "decode"), "'hello'");
  EXPECT_EQ(R(x.value(), "hex"), "'68656c6c6f'");
  EXPECT_EQ(R(x.value(), "find", {I('l')}), "2");
  EXPECT_EQ(R(x.value(), "split", {bytes_new("l").value()}), "[b'he', b'', b'o']");
  Own<Bytes> bad = bytes_new("\xff");
  EXPECT_EQ(R(bad.value(), "decode"),
            "!! UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
  EXPECT_EQ(repr_utf8(binary_op(x.value(), bytes_new("!").value(), BinOp::Add).get()), "b'hello!'");
  EXPECT_EQ(contains(x.value(), bytes_new("ell").value()), 1);
  EXPECT_EQ(contains(x.value(), I('z')), 0);
}

// Cases generated from /usr/bin/python3.11 (each expected value is CPython's repr of the
// result, or "!! Type: message").
namespace {
std::string GP(const char* fmt, Value args) {
  Ref r = str_percent_format(str_from_utf8(fmt).get(), args);
  if (!r) return "!! " + Err();
  return repr_utf8(r.get());
}
std::string GF(const char* s, const char* spec) {
  Ref r = str_format_spec(str_from_utf8(s).get(), str_from_utf8(spec).get());
  if (!r) return "!! " + Err();
  return repr_utf8(r.get());
}
}  // namespace

TEST(Str, CPythonCases) {
  EXPECT_EQ(GP("%s", S("x").get()), "'x'") << "%s";
  EXPECT_EQ(GP("%5.2f|", make_float(3.14159).get()), "' 3.14|'") << "%5.2f|";
  EXPECT_EQ(GP("%-8.3e|", make_float(-1234.5).get()), "'-1.234e+03|'") << "%-8.3e|";
  EXPECT_EQ(GP("%+g", make_float(1e-07).get()), "'+1e-07'") << "%+g";
  EXPECT_EQ(GP("%#x", I(0)), "'0x0'") << "%#x";
  EXPECT_EQ(GP("%#o", I(0)), "'0o0'") << "%#o";
  EXPECT_EQ(GP("%05.1f", make_float(NAN).get()), "'00nan'") << "%05.1f";
  EXPECT_EQ(GP("%+f", make_float(INFINITY).get()), "'+inf'") << "%+f";
  EXPECT_EQ(GP("%010.3F", make_float(-INFINITY).get()), "'-000000INF'") << "%010.3F";
  EXPECT_EQ(GP("%3c|", I(97)), "'  a|'") << "%3c|";
  EXPECT_EQ(GP("%-3c|", S("\xc3""\xa9""").get()), "'\xc3""\xa9""  |'") << "%-3c|";
  EXPECT_EQ(GP("%.1c", I(98)), "'b'") << "%.1c";
  EXPECT_EQ(GP("%x", Value::boolean(true)), "'1'") << "%x";
  EXPECT_EQ(GP("% x", I(255)), "' ff'") << "% x";
  EXPECT_EQ(GP("%+X", I(255)), "'+FF'") << "%+X";
  EXPECT_EQ(GP("%#010x", I(-255)), "'-0x00000ff'") << "%#010x";
  EXPECT_EQ(GP("%-#10o|", I(8)), "'0o10      |'") << "%-#10o|";
  EXPECT_EQ(GP("%.0e", make_float(12345.0).get()), "'1e+04'") << "%.0e";
  EXPECT_EQ(GP("%#.3g", make_float(1.0).get()), "'1.00'") << "%#.3g";
  EXPECT_EQ(GP("%g", make_float(1e+100).get()), "'1e+100'") << "%g";
  EXPECT_EQ(GP("%G", make_float(1.5e-300).get()), "'1.5E-300'") << "%G";
  EXPECT_EQ(GP("%.20f", make_float(0.1).get()), "'0.10000000000000000555'") << "%.20f";
  EXPECT_EQ(GP("%10s|", S("h\xc3""\xa9""llo").get()), "'     h\xc3""\xa9""llo|'") << "%10s|";
  EXPECT_EQ(GP("%-10r|", S("\xc3""\xa9""").get()), "\x22""'\xc3""\xa9""'       |\x22""") << "%-10r|";
  EXPECT_EQ(GP("%a", S("\xc3""\xbc""").get()), "\x22""'\x5c""\x5c""xfc'\x22""") << "%a";
  EXPECT_EQ(GP("%s %s", tuple_from({S("a").get(), S("b").get()}).value()), "'a b'") << "%s %s";
  EXPECT_EQ(GP("%s", tuple_from({}).value()), "!! TypeError: not enough arguments for format string") << "%s";
  EXPECT_EQ(GP("%d %s", tuple_from({I(1), S("x").get(), I(3)}).value()), "!! TypeError: not all arguments converted during string formatting") << "%d %s";
  EXPECT_EQ(GP("%(", tuple_from({}).value()), "!! TypeError: format requires a mapping") << "%(";
  EXPECT_EQ(GP("%.", I(1)), "!! ValueError: incomplete format") << "%.";
  EXPECT_EQ(GP("%5", I(1)), "!! ValueError: incomplete format") << "%5";
  EXPECT_EQ(GP("%-", I(1)), "!! ValueError: incomplete format") << "%-";
  EXPECT_EQ(GP("%d", make_float(2.9).get()), "'2'") << "%d";
  EXPECT_EQ(GP("%d", make_float(-0.5).get()), "'0'") << "%d";
  EXPECT_EQ(GP("%i", Value::boolean(true)), "'1'") << "%i";
  EXPECT_EQ(GP("%u", I(-3)), "'-3'") << "%u";
  EXPECT_EQ(GP("%.3d", I(5)), "'005'") << "%.3d";
  EXPECT_EQ(GP("%5.3x", I(255)), "'  0ff'") << "%5.3x";
  EXPECT_EQ(GP("%-+5d|", I(3)), "'+3   |'") << "%-+5d|";
  EXPECT_EQ(GP("%0-5d|", I(3)), "'3    |'") << "%0-5d|";
  EXPECT_EQ(GP("%05d", I(-3)), "'-0003'") << "%05d";
  EXPECT_EQ(GP("%+05x", I(255)), "'+00ff'") << "%+05x";
  EXPECT_EQ(GP("%#+x", I(255)), "'+0xff'") << "%#+x";
  EXPECT_EQ(GP("%#+.4x", I(255)), "'+0x00ff'") << "%#+.4x";
  EXPECT_EQ(GP("%s", make_float(1.5).get()), "'1.5'") << "%s";
  EXPECT_EQ(GP("%r", make_float(2.25).get()), "'2.25'") << "%r";
  EXPECT_EQ(GP("%r", Value::none()), "'None'") << "%r";
  EXPECT_EQ(GP("%s%%%s", tuple_from({I(1), I(2)}).value()), "'1%2'") << "%s%%%s";
  EXPECT_EQ(GP("%%%s", I(1)), "'%1'") << "%%%s";
  EXPECT_EQ(GP("100%%", tuple_from({}).value()), "'100%'") << "100%%";
  EXPECT_EQ(GP("%c", I(233)), "'\xc3""\xa9""'") << "%c";
  EXPECT_EQ(GP("%3c", I(128512)), "'  \xf0""\x9f""\x98""\x80""'") << "%3c";
  EXPECT_EQ(GP("%e", make_float(0.0).get()), "'0.000000e+00'") << "%e";
  EXPECT_EQ(GP("%.2e", make_float(9.999).get()), "'1.00e+01'") << "%.2e";
  EXPECT_EQ(GP("%.1f", make_float(0.25).get()), "'0.2'") << "%.1f";
  EXPECT_EQ(GP("%.1f", make_float(0.35).get()), "'0.3'") << "%.1f";
  EXPECT_EQ(GP("%.0f", make_float(0.5).get()), "'0'") << "%.0f";
  EXPECT_EQ(GP("%.0f", make_float(1.5).get()), "'2'") << "%.0f";
  EXPECT_EQ(GF("ab", ""), "'ab'") << "";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", ""), "'h\xc3""\xa9""llo'") << "";
  EXPECT_EQ(GF("ab", "5"), "'ab   '") << "5";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "5"), "'h\xc3""\xa9""llo'") << "5";
  EXPECT_EQ(GF("ab", ">5"), "'   ab'") << ">5";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", ">5"), "'h\xc3""\xa9""llo'") << ">5";
  EXPECT_EQ(GF("ab", "^5"), "' ab  '") << "^5";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "^5"), "'h\xc3""\xa9""llo'") << "^5";
  EXPECT_EQ(GF("ab", "^6"), "'  ab  '") << "^6";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "^6"), "'h\xc3""\xa9""llo '") << "^6";
  EXPECT_EQ(GF("ab", "*<4"), "'ab**'") << "*<4";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "*<4"), "'h\xc3""\xa9""llo'") << "*<4";
  EXPECT_EQ(GF("ab", "\xc3""\xa9"">4"), "'\xc3""\xa9""\xc3""\xa9""ab'") << "\xc3""\xa9"">4";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "\xc3""\xa9"">4"), "'h\xc3""\xa9""llo'") << "\xc3""\xa9"">4";
  EXPECT_EQ(GF("ab", "0"), "'ab'") << "0";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "0"), "'h\xc3""\xa9""llo'") << "0";
  EXPECT_EQ(GF("ab", "010"), "'ab00000000'") << "010";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "010"), "'h\xc3""\xa9""llo00000'") << "010";
  EXPECT_EQ(GF("ab", "<010"), "'ab00000000'") << "<010";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "<010"), "'h\xc3""\xa9""llo00000'") << "<010";
  EXPECT_EQ(GF("ab", ".0"), "''") << ".0";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", ".0"), "''") << ".0";
  EXPECT_EQ(GF("ab", ".3"), "'ab'") << ".3";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", ".3"), "'h\xc3""\xa9""l'") << ".3";
  EXPECT_EQ(GF("ab", "10.3"), "'ab        '") << "10.3";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "10.3"), "'h\xc3""\xa9""l       '") << "10.3";
  EXPECT_EQ(GF("ab", "=5"), "!! ValueError: '=' alignment not allowed in string format specifier") << "=5";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "=5"), "!! ValueError: '=' alignment not allowed in string format specifier") << "=5";
  EXPECT_EQ(GF("ab", "+"), "!! ValueError: Sign not allowed in string format specifier") << "+";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "+"), "!! ValueError: Sign not allowed in string format specifier") << "+";
  EXPECT_EQ(GF("ab", " "), "!! ValueError: Space not allowed in string format specifier") << " ";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", " "), "!! ValueError: Space not allowed in string format specifier") << " ";
  EXPECT_EQ(GF("ab", "#"), "!! ValueError: Alternate form (#) not allowed in string format specifier") << "#";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "#"), "!! ValueError: Alternate form (#) not allowed in string format specifier") << "#";
  EXPECT_EQ(GF("ab", "s"), "'ab'") << "s";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "s"), "'h\xc3""\xa9""llo'") << "s";
  EXPECT_EQ(GF("ab", "r"), "!! ValueError: Unknown format code 'r' for object of type 'str'") << "r";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "r"), "!! ValueError: Unknown format code 'r' for object of type 'str'") << "r";
  EXPECT_EQ(GF("ab", "_"), "!! ValueError: Cannot specify '_' with 's'.") << "_";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "_"), "!! ValueError: Cannot specify '_' with 's'.") << "_";
  EXPECT_EQ(GF("ab", ","), "!! ValueError: Cannot specify ',' with 's'.") << ",";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", ","), "!! ValueError: Cannot specify ',' with 's'.") << ",";
  EXPECT_EQ(GF("ab", "1.1s"), "'a'") << "1.1s";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "1.1s"), "'h'") << "1.1s";
  EXPECT_EQ(GF("ab", "\x01"""), "!! ValueError: Unknown format code '\x5c""x1' for object of type 'str'") << "\x01""";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "\x01"""), "!! ValueError: Unknown format code '\x5c""x1' for object of type 'str'") << "\x01""";
  EXPECT_EQ(GF("ab", "\xc3""\xa9"""), "!! ValueError: Unknown format code '\x5c""xe9' for object of type 'str'") << "\xc3""\xa9""";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "\xc3""\xa9"""), "!! ValueError: Unknown format code '\x5c""xe9' for object of type 'str'") << "\xc3""\xa9""";
  EXPECT_EQ(GF("ab", "5."), "!! ValueError: Format specifier missing precision") << "5.";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "5."), "!! ValueError: Format specifier missing precision") << "5.";
  EXPECT_EQ(GF("ab", ".."), "!! ValueError: Format specifier missing precision") << "..";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", ".."), "!! ValueError: Format specifier missing precision") << "..";
  EXPECT_EQ(GF("ab", "z<3"), "'abz'") << "z<3";
  EXPECT_EQ(GF("h\xc3""\xa9""llo", "z<3"), "'h\xc3""\xa9""llo'") << "z<3";
  EXPECT_EQ(R(S("ab cd  ef").get(), "split", {}), "['ab', 'cd', 'ef']") << "ab cd  ef.split";
  EXPECT_EQ(R(S("ab cd  ef").get(), "split", {Value::none(), I(1)}), "['ab', 'cd  ef']") << "ab cd  ef.split";
  EXPECT_EQ(R(S("  ab cd  ").get(), "rsplit", {Value::none(), I(1)}), "['  ab', 'cd']") << "  ab cd  .rsplit";
  EXPECT_EQ(R(S("a--b--").get(), "split", {S("--").get()}), "['a', 'b', '']") << "a--b--.split";
  EXPECT_EQ(R(S("a--b--").get(), "rsplit", {S("--").get()}), "['a', 'b', '']") << "a--b--.rsplit";
  EXPECT_EQ(R(S("a--b--").get(), "rsplit", {S("--").get(), I(1)}), "['a--b', '']") << "a--b--.rsplit";
  EXPECT_EQ(R(S("").get(), "split", {}), "[]") << ".split";
  EXPECT_EQ(R(S("").get(), "split", {S("x").get()}), "['']") << ".split";
  EXPECT_EQ(R(S("   ").get(), "split", {}), "[]") << "   .split";
  EXPECT_EQ(R(S("\xe3""\x80""\x80""a\xc2""\x85""b\xe2""\x80""\xa8""").get(), "split", {}), "['a', 'b']") << "\xe3""\x80""\x80""a\xc2""\x85""b\xe2""\x80""\xa8"".split";
  EXPECT_EQ(R(S("a\x1c""b\xc2""\x85""c\xe2""\x80""\xa9""d").get(), "splitlines", {}), "['a', 'b', 'c', 'd']") << "a\x1c""b\xc2""\x85""c\xe2""\x80""\xa9""d.splitlines";
  EXPECT_EQ(R(S("\x0a""").get(), "splitlines", {}), "['']") << "\x0a"".splitlines";
  EXPECT_EQ(R(S("a\x0a""\x0a""b").get(), "splitlines", {Value::boolean(true)}), "['a\x5c""n', '\x5c""n', 'b']") << "a\x0a""\x0a""b.splitlines";
  EXPECT_EQ(R(S("h\xc3""\xa9""llo w\xc3""\xb6""rld").get(), "title", {}), "'H\xc3""\xa9""llo W\xc3""\xb6""rld'") << "h\xc3""\xa9""llo w\xc3""\xb6""rld.title";
  EXPECT_EQ(R(S("\xc7""\x85""a").get(), "lower", {}), "'\xc7""\x86""a'") << "\xc7""\x85""a.lower";
  EXPECT_EQ(R(S("\xc4""\xb0""stanbul").get(), "lower", {}), "'i\xcc""\x87""stanbul'") << "\xc4""\xb0""stanbul.lower";
  EXPECT_EQ(R(S("\xef""\xac""\x81""ne").get(), "upper", {}), "'FINE'") << "\xef""\xac""\x81""ne.upper";
  EXPECT_EQ(R(S("\xef""\xac""\x81""ne").get(), "title", {}), "'Fine'") << "\xef""\xac""\x81""ne.title";
  EXPECT_EQ(R(S("\xef""\xac""\x81""ne").get(), "capitalize", {}), "'Fine'") << "\xef""\xac""\x81""ne.capitalize";
  EXPECT_EQ(R(S("\xc3""\x9f""").get(), "swapcase", {}), "'SS'") << "\xc3""\x9f"".swapcase";
  EXPECT_EQ(R(S("\xce""\xa3""\xce""\x91""\xce""\xa3""").get(), "lower", {}), "'\xcf""\x83""\xce""\xb1""\xcf""\x82""'") << "\xce""\xa3""\xce""\x91""\xce""\xa3"".lower";
  EXPECT_EQ(R(S("\xce""\xa3""").get(), "lower", {}), "'\xcf""\x83""'") << "\xce""\xa3"".lower";
  EXPECT_EQ(R(S("a\xce""\xa3"" b").get(), "lower", {}), "'a\xcf""\x82"" b'") << "a\xce""\xa3"" b.lower";
  EXPECT_EQ(R(S("a\xce""\xa3""'").get(), "lower", {}), "\x22""a\xcf""\x82""'\x22""") << "a\xce""\xa3""'.lower";
  EXPECT_EQ(R(S("a\xce""\xa3""'b").get(), "lower", {}), "\x22""a\xcf""\x83""'b\x22""") << "a\xce""\xa3""'b.lower";
  EXPECT_EQ(R(S("\xc7""\x89""").get(), "istitle", {}), "False") << "\xc7""\x89"".istitle";
  EXPECT_EQ(R(S("\xc7""\x88""").get(), "istitle", {}), "True") << "\xc7""\x88"".istitle";
  EXPECT_EQ(R(S("\xc7""\x87""").get(), "isupper", {}), "True") << "\xc7""\x87"".isupper";
  EXPECT_EQ(R(S("\xe2""\x85""\xb7""").get(), "islower", {}), "True") << "\xe2""\x85""\xb7"".islower";
  EXPECT_EQ(R(S("\xe2""\x85""\xb7""").get(), "isnumeric", {}), "True") << "\xe2""\x85""\xb7"".isnumeric";
  EXPECT_EQ(R(S("\xe2""\x85""\xb7""").get(), "isdigit", {}), "False") << "\xe2""\x85""\xb7"".isdigit";
  EXPECT_EQ(R(S("\xe2""\x85""\xb7""").get(), "isalpha", {}), "False") << "\xe2""\x85""\xb7"".isalpha";
  EXPECT_EQ(R(S("a\xcc""\x81""").get(), "isalpha", {}), "False") << "a\xcc""\x81"".isalpha";
  EXPECT_EQ(R(S("\xc2""\xa0""").get(), "isspace", {}), "True") << "\xc2""\xa0"".isspace";
  EXPECT_EQ(R(S("\xc2""\xa0""").get(), "isprintable", {}), "False") << "\xc2""\xa0"".isprintable";
  EXPECT_EQ(R(S("\xe2""\x80""\x8b""").get(), "isprintable", {}), "False") << "\xe2""\x80""\x8b"".isprintable";
  EXPECT_EQ(R(S("x\xcc""\x81""y").get(), "isidentifier", {}), "True") << "x\xcc""\x81""y.isidentifier";
  EXPECT_EQ(R(S("\xe2""\x84""\x98""x").get(), "isidentifier", {}), "True") << "\xe2""\x84""\x98""x.isidentifier";
  EXPECT_EQ(R(S("hello").get(), "center", {I(10), S("\xc3""\xa9""").get()}), "'\xc3""\xa9""\xc3""\xa9""hello\xc3""\xa9""\xc3""\xa9""\xc3""\xa9""'") << "hello.center";
  EXPECT_EQ(R(S("hello").get(), "center", {I(4)}), "'hello'") << "hello.center";
  EXPECT_EQ(R(S("h\xc3""\xa9""llo").get(), "zfill", {I(8)}), "'000h\xc3""\xa9""llo'") << "h\xc3""\xa9""llo.zfill";
  EXPECT_EQ(R(S("-").get(), "zfill", {I(3)}), "'-00'") << "-.zfill";
  EXPECT_EQ(R(S("x").get(), "zfill", {I(-1)}), "'x'") << "x.zfill";
  EXPECT_EQ(R(S("\x09""ab\x09""").get(), "expandtabs", {I(0)}), "'ab'") << "\x09""ab\x09"".expandtabs";
  EXPECT_EQ(R(S("ab\x0d""\x09""c").get(), "expandtabs", {I(3)}), "'ab\x5c""r   c'") << "ab\x0d""\x09""c.expandtabs";
  EXPECT_EQ(R(S("aaaa").get(), "replace", {S("aa").get(), S("b").get()}), "'bb'") << "aaaa.replace";
  EXPECT_EQ(R(S("h\xc3""\xa9""h\xc3""\xa9""").get(), "replace", {S("\xc3""\xa9""").get(), S("e").get()}), "'hehe'") << "h\xc3""\xa9""h\xc3""\xa9"".replace";
  EXPECT_EQ(R(S("h\xc3""\xa9""h\xc3""\xa9""").get(), "replace", {S("h").get(), S("").get()}), "'\xc3""\xa9""\xc3""\xa9""'") << "h\xc3""\xa9""h\xc3""\xa9"".replace";
  EXPECT_EQ(R(S("abc").get(), "replace", {S("").get(), S("\xc3""\xa9""").get(), I(2)}), "'\xc3""\xa9""a\xc3""\xa9""bc'") << "abc.replace";
  EXPECT_EQ(R(S("abab").get(), "count", {S("ab").get(), I(1)}), "1") << "abab.count";
  EXPECT_EQ(R(S("abab").get(), "count", {S("").get(), I(1), I(3)}), "3") << "abab.count";
  EXPECT_EQ(R(S("abc").get(), "find", {S("").get(), I(3)}), "3") << "abc.find";
  EXPECT_EQ(R(S("abc").get(), "find", {S("").get(), I(4)}), "-1") << "abc.find";
  EXPECT_EQ(R(S("abc").get(), "rfind", {S("").get()}), "3") << "abc.rfind";
  EXPECT_EQ(R(S("abc").get(), "rfind", {S("b").get(), I(-2), I(-1)}), "1") << "abc.rfind";
  EXPECT_EQ(R(S("abc").get(), "find", {S("c").get(), Value::none(), Value::none()}), "2") << "abc.find";
  EXPECT_EQ(R(S("abc").get(), "startswith", {S("").get(), I(3)}), "True") << "abc.startswith";
  EXPECT_EQ(R(S("abc").get(), "startswith", {S("").get(), I(4)}), "False") << "abc.startswith";
  EXPECT_EQ(R(S("abc").get(), "endswith", {S("bc").get(), I(-2)}), "True") << "abc.endswith";
  EXPECT_EQ(R(S("abc").get(), "endswith", {tuple_from({}).value()}), "False") << "abc.endswith";
  EXPECT_EQ(R(S("h\xc3""\xa9""llo").get(), "endswith", {S("llo").get()}), "True") << "h\xc3""\xa9""llo.endswith";
  EXPECT_EQ(R(S("h\xc3""\xa9""llo").get(), "startswith", {S("h\xc3""\xa9""").get()}), "True") << "h\xc3""\xa9""llo.startswith";
  EXPECT_EQ(R(S("xyx").get(), "strip", {S("xy").get()}), "''") << "xyx.strip";
  EXPECT_EQ(R(S("\xc3""\xa9""a\xc3""\xa9""").get(), "strip", {S("\xc3""\xa9""").get()}), "'a'") << "\xc3""\xa9""a\xc3""\xa9"".strip";
  EXPECT_EQ(R(S("abc").get(), "strip", {Value::none()}), "'abc'") << "abc.strip";
  EXPECT_EQ(R(S("\xe2""\x80""\x83""a\xe2""\x80""\x83""").get(), "strip", {}), "'a'") << "\xe2""\x80""\x83""a\xe2""\x80""\x83"".strip";
  EXPECT_EQ(R(S("aXbXc").get(), "partition", {S("X").get()}), "('a', 'X', 'bXc')") << "aXbXc.partition";
  EXPECT_EQ(R(S("h\xc3""\xa9""llo").get(), "rpartition", {S("l").get()}), "('h\xc3""\xa9""l', 'l', 'o')") << "h\xc3""\xa9""llo.rpartition";
  EXPECT_EQ(R(S("a").get(), "join", {tuple_from({S("\xc3""\xa9""").get(), S("\xc3""\xbc""").get()}).value()}), "'\xc3""\xa9""a\xc3""\xbc""'") << "a.join";
  EXPECT_EQ(R(S("").get(), "join", {tuple_from({}).value()}), "''") << ".join";
  EXPECT_EQ(R(S("hello").get(), "removeprefix", {S("").get()}), "'hello'") << "hello.removeprefix";
  EXPECT_EQ(R(S("hello").get(), "removesuffix", {S("lo").get()}), "'hel'") << "hello.removesuffix";
  EXPECT_EQ(R(S("hello").get(), "index", {S("l").get(), I(-2)}), "3") << "hello.index";
  EXPECT_EQ(R(S("hello").get(), "rindex", {S("z").get()}), "!! ValueError: substring not found") << "hello.rindex";
  EXPECT_EQ(R(S("abc").get(), "isascii", {}), "True") << "abc.isascii";
  EXPECT_EQ(R(S("\xc3""\xa9""").get(), "isascii", {}), "False") << "\xc3""\xa9"".isascii";
  EXPECT_EQ(R(S("Ab1").get(), "isalnum", {}), "True") << "Ab1.isalnum";
  EXPECT_EQ(R(S("ab").get(), "casefold", {}), "'ab'") << "ab.casefold";
  EXPECT_EQ(R(S("\xce""\xa3""\xce""\x91""\xce""\xa3""").get(), "casefold", {}), "'\xcf""\x83""\xce""\xb1""\xcf""\x83""'") << "\xce""\xa3""\xce""\x91""\xce""\xa3"".casefold";
  EXPECT_EQ(R(S("\xc5""\x89""").get(), "upper", {}), "'\xca""\xbc""N'") << "\xc5""\x89"".upper";
  EXPECT_EQ(R(S("\xef""\xac""\x83""").get(), "casefold", {}), "'ffi'") << "\xef""\xac""\x83"".casefold";
}

// ---- split tokens (runtime/str_tokens.h) ----

namespace {

// The items of text.split(*args), as a list.
Ref split_of(const char* text, std::initializer_list<Value> args = {}) {
  Ref words = M(S(text).get(), "split", args);
  EXPECT_TRUE(words && is_list(words.get()));
  return words;
}

Value item(const Ref& list, int64_t i) { return list.get().as<List>()->items[i]; }

}  // namespace

TEST(StrTokens, RepeatedShortTokensAreOneStr) {
  Ref words = split_of("alpha beta alpha  beta gamma alpha");
  ASSERT_EQ(words.get().as<List>()->size, 6);
  EXPECT_EQ(item(words, 0).obj(), item(words, 2).obj());
  EXPECT_EQ(item(words, 0).obj(), item(words, 5).obj());
  EXPECT_EQ(item(words, 1).obj(), item(words, 3).obj());
  EXPECT_EQ(U(item(words, 4)), "gamma");
  // Another split, with a separator, returns the same strs.
  Ref again = split_of("gamma,alpha", {S(",").get()});
  EXPECT_EQ(item(again, 1).obj(), item(words, 0).obj());
  EXPECT_EQ(item(again, 0).obj(), item(words, 4).obj());
  // rsplit too.
  Ref right = M(S("beta alpha").get(), "rsplit", {});
  EXPECT_EQ(item(right, 0).obj(), item(words, 1).obj());
}

TEST(StrTokens, LongAndNonAsciiTokensAreNotShared) {
  Ref words = split_of("abcdefghijklmnopq abcdefghijklmnopq n\xc3\xa4me n\xc3\xa4me");
  EXPECT_NE(item(words, 0).obj(), item(words, 1).obj());
  EXPECT_EQ(U(item(words, 0)), U(item(words, 1)));
  EXPECT_NE(item(words, 2).obj(), item(words, 3).obj());
  EXPECT_EQ(U(item(words, 3)), "n\xc3\xa4me");
}

TEST(StrTokens, ManyDistinctTokensStayCorrect) {
  // Far more distinct words than the cache holds: every token still has its own text,
  // and a token evicted from the cache lives on in the list that holds it.
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "w" + std::to_string(i) + " ";
  Ref first = split_of(text.c_str());
  Ref second = split_of(text.c_str());
  ASSERT_EQ(first.get().as<List>()->size, 5000);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_EQ(U(item(first, i)), "w" + std::to_string(i));
    ASSERT_EQ(U(item(second, i)), "w" + std::to_string(i));
  }
}

TEST(StrTokens, TheCacheHoldsOneReferenceAndFreeingDropsIt) {
  Ref words = split_of("kappa kappa");
  Object* kappa = item(words, 0).obj();
  EXPECT_EQ(kappa->refcnt, 3);  // two list items and the cache's slot
  incref(kappa);
  words = Ref();
  EXPECT_EQ(kappa->refcnt, 2);
  str_tokens_free(ThreadState::current());
  EXPECT_EQ(kappa->refcnt, 1);
  decref(kappa);
  // The cache is made again on the next split.
  Ref later = split_of("kappa kappa");
  EXPECT_EQ(item(later, 0).obj(), item(later, 1).obj());
}
