// tests/runtime/test_numbers.cpp: int, bool and float (runtime/int.cpp, runtime/float.cpp,
// runtime/numeric_format.cpp): conversions, repr, arithmetic edge cases, hashing and the
// format-spec mini-language. Expected values were obtained from /usr/bin/python3.11.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "runtime/numeric_format.h"
#include "runtime/runtime.h"

using namespace gilpy::rt;

namespace {

std::string last_error;

std::string U(Value v) {
  return is_str(v) ? str_to_utf8(v.as<Str>()) : std::string("<not a str>");
}

// Remembers and clears the pending error ("Type: message").
void take_error() {
  Ref e = fetch_error();
  if (!e) { last_error = "<no error>"; return; }
  Ref s = gilpy::rt::str(e.get());
  last_error = std::string(type_name(e.get())) + ": " + (s ? U(s.get()) : "?");
}

// repr of a result, or "!Type: message" when it failed.
std::string R(Ref r) {
  if (!r) { take_error(); return "!" + last_error; }
  Ref s = repr(r.get());
  if (!s) { take_error(); return "!" + last_error; }
  return U(s.get());
}

Ref I(const char* text) { return int_from_string(text, 10); }
Ref F(double d) { return make_float(d); }
Ref S(const char* utf8) { return str_from_utf8(utf8).into_ref(); }

std::string op(Value a, BinOp o, Value b) { return R(binary_op(a, b, o)); }
std::string fmt(Value v, const char* spec) { return R(format(v, S(spec).get())); }
Ref call_type(Type* t, std::initializer_list<Value> args) {
  std::vector<Value> a(args);
  return call(Value::from_obj(t), a.data(), a.size());
}

}  // namespace

TEST(Int, SmallAndBigInvariant) {
  Ref a = make_int(Value::kSmallIntMax);
  EXPECT_TRUE(a.get().is_small_int());
  Ref b = make_int(Value::kSmallIntMax + 1);
  EXPECT_TRUE(is_bigint(b.get()));
  Ref c = binary_op(b.get(), Value::small_int(1), BinOp::Sub);
  EXPECT_TRUE(c.get().is_small_int());
  EXPECT_EQ(R(make_int_u64(UINT64_MAX)), "18446744073709551615");
  EXPECT_EQ(R(make_int(INT64_MIN)), "-9223372036854775808");
}

TEST(Int, FromString) {
  EXPECT_EQ(R(int_from_string("  -42  ", 10)), "-42");
  EXPECT_EQ(R(int_from_string("1_000", 10)), "1000");
  EXPECT_EQ(R(int_from_string("0x_ff", 0)), "255");
  EXPECT_EQ(R(int_from_string("0b101", 0)), "5");
  EXPECT_EQ(R(int_from_string("0o17", 0)), "15");
  EXPECT_EQ(R(int_from_string("0x1f", 16)), "31");
  EXPECT_EQ(R(int_from_string("z", 36)), "35");
  EXPECT_EQ(R(int_from_string("00", 0)), "0");
  EXPECT_EQ(R(int_from_string("010", 10)), "10");
  EXPECT_EQ(R(int_from_string("123456789012345678901234567890", 10)),
            "123456789012345678901234567890");
  EXPECT_EQ(R(int_from_string("١٢", 10)), "12");
  EXPECT_EQ(R(int_from_string("abc", 10)), "!ValueError: invalid literal for int() with base 10: 'abc'");
  EXPECT_EQ(R(int_from_string("010", 0)), "!ValueError: invalid literal for int() with base 0: '010'");
  EXPECT_EQ(R(int_from_string("1__0", 10)), "!ValueError: invalid literal for int() with base 10: '1__0'");
  EXPECT_EQ(R(int_from_string("_1", 10)), "!ValueError: invalid literal for int() with base 10: '_1'");
  EXPECT_EQ(R(int_from_string("0x", 16)), "!ValueError: invalid literal for int() with base 16: '0x'");
  EXPECT_EQ(R(int_from_string("12", 2)), "!ValueError: invalid literal for int() with base 2: '12'");
  EXPECT_EQ(R(int_from_string("1", 37)), "!ValueError: int() base must be >= 2 and <= 36, or 0");
  EXPECT_EQ(R(int_from_string("\x0b" "12\x0c", 10)), "12");
  EXPECT_EQ(R(int_from_string("\xc2\xa0" "12", 10)), "12");
  EXPECT_EQ(R(int_from_string("\x1c" "12", 10)), "!ValueError: invalid literal for int() with base 10: '\\x1c12'");
  std::string many(5000, '1');
  EXPECT_EQ(R(int_from_string(many, 10)),
            "!ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has "
            "5000 digits; use sys.set_int_max_str_digits() to increase the limit");
}

TEST(Int, Arithmetic) {
  Ref big = I("100000000000000000000");  // 10**20
  EXPECT_EQ(op(Value::small_int(-7), BinOp::FloorDiv, Value::small_int(2)), "-4");
  EXPECT_EQ(op(Value::small_int(-7), BinOp::Mod, Value::small_int(2)), "1");
  EXPECT_EQ(op(Value::small_int(7), BinOp::Mod, Value::small_int(-2)), "-1");
  EXPECT_EQ(op(big.get(), BinOp::FloorDiv, Value::small_int(-3)), "-33333333333333333334");
  EXPECT_EQ(op(Value::small_int(1), BinOp::FloorDiv, Value::small_int(0)),
            "!ZeroDivisionError: integer division or modulo by zero");
  EXPECT_EQ(op(Value::small_int(1), BinOp::Mod, Value::small_int(0)),
            "!ZeroDivisionError: integer modulo by zero");
  EXPECT_EQ(op(Value::small_int(1), BinOp::TrueDiv, Value::small_int(0)),
            "!ZeroDivisionError: division by zero");
  EXPECT_EQ(op(Value::small_int(1), BinOp::TrueDiv, Value::small_int(3)), "0.3333333333333333");
  Ref e30 = I("1000000000000000000000000000000");
  EXPECT_EQ(op(e30.get(), BinOp::TrueDiv, Value::small_int(3)), "3.333333333333333e+29");
  Ref two = Value::small_int(2).is_small_int() ? make_int(2) : nullptr;
  Ref p1100 = binary_op(two.get(), Value::small_int(1100), BinOp::Pow);
  Ref p100 = binary_op(two.get(), Value::small_int(100), BinOp::Pow);
  EXPECT_EQ(op(p1100.get(), BinOp::TrueDiv, p100.get()), "1.0715086071862673e+301");
  Ref p1024 = binary_op(two.get(), Value::small_int(1024), BinOp::Pow);
  EXPECT_EQ(op(p1024.get(), BinOp::TrueDiv, Value::small_int(1)),
            "!OverflowError: integer division result too large for a float");
  EXPECT_EQ(op(Value::small_int(0), BinOp::TrueDiv, Value::small_int(-5)), "-0.0");
  EXPECT_EQ(op(Value::small_int(2), BinOp::Pow, Value::small_int(-1)), "0.5");
  EXPECT_EQ(op(Value::small_int(0), BinOp::Pow, Value::small_int(-1)),
            "!ZeroDivisionError: 0.0 cannot be raised to a negative power");
  EXPECT_EQ(op(Value::small_int(3), BinOp::Pow, Value::small_int(40)), "12157665459056928801");
  EXPECT_EQ(op(Value::small_int(1), BinOp::LShift, Value::small_int(-1)),
            "!ValueError: negative shift count");
  EXPECT_EQ(op(Value::small_int(1), BinOp::LShift, Value::small_int(100)),
            "1267650600228229401496703205376");
  Ref e30b = I("1000000000000000000000000000000");
  EXPECT_EQ(op(Value::small_int(1), BinOp::LShift, e30b.get()), "!OverflowError: too many digits in integer");
  EXPECT_EQ(op(Value::small_int(0), BinOp::LShift, e30b.get()), "0");
  EXPECT_EQ(op(Value::small_int(-5), BinOp::RShift, e30b.get()), "-1");
  EXPECT_EQ(op(Value::small_int(-17), BinOp::RShift, Value::small_int(1)), "-9");
  EXPECT_EQ(op(Value::small_int(-1), BinOp::RShift, Value::small_int(100)), "-1");
  Ref m = make_int(-(int64_t{1} << 62));
  EXPECT_EQ(op(m.get(), BinOp::FloorDiv, Value::small_int(-1)), "4611686018427387904");
  EXPECT_EQ(op(m.get(), BinOp::Mul, m.get()), "21267647932558653966460912964485513216");
  // bitwise on big negatives: two's complement semantics
  Ref p100n = negative(p100.get());
  EXPECT_EQ(op(p100n.get(), BinOp::RShift, Value::small_int(3)), "-158456325028528675187087900672");
  EXPECT_EQ(op(p100n.get(), BinOp::And, Value::small_int(0xFFFF)), "0");
  EXPECT_EQ(R(invert(p100.get())), "-1267650600228229401496703205377");
}

TEST(Int, Pow3) {
  EXPECT_EQ(R(power3(Value::small_int(3), Value::small_int(-1), Value::small_int(7))), "5");
  EXPECT_EQ(R(power3(Value::small_int(3), Value::small_int(4), Value::small_int(-7))), "-3");
  EXPECT_EQ(R(power3(Value::small_int(-3), Value::small_int(3), Value::small_int(7))), "1");
  EXPECT_EQ(R(power3(Value::small_int(0), Value::small_int(-1), Value::small_int(1))), "0");
  EXPECT_EQ(R(power3(Value::small_int(2), Value::small_int(-1), Value::small_int(4))),
            "!ValueError: base is not invertible for the given modulus");
  EXPECT_EQ(R(power3(Value::small_int(2), Value::small_int(3), Value::small_int(0))),
            "!ValueError: pow() 3rd argument cannot be 0");
}

TEST(Int, BoolOps) {
  EXPECT_EQ(op(Value::true_(), BinOp::And, Value::true_()), "True");
  EXPECT_EQ(op(Value::true_(), BinOp::And, Value::small_int(1)), "1");
  EXPECT_EQ(op(Value::true_(), BinOp::Add, Value::true_()), "2");
  EXPECT_EQ(op(Value::true_(), BinOp::Xor, Value::true_()), "False");
  EXPECT_EQ(R(invert(Value::true_())), "-2");
  EXPECT_EQ(R(negative(Value::true_())), "-1");
  EXPECT_EQ(R(call_type(&BoolType, {Value::small_int(5)})), "True");
  EXPECT_EQ(R(call_type(&BoolType, {Value::small_int(1), Value::small_int(2)})),
            "!TypeError: bool expected at most 1 argument, got 2");
}

TEST(Int, Compare) {
  Ref big = I("100000000000000000000");
  EXPECT_EQ(R(int_compare(big.get(), Value::small_int(5), CompareOp::Gt)), "True");
  EXPECT_EQ(R(rich_compare(Value::small_int(1), F(1.0).get(), CompareOp::Eq)), "True");
  Ref p53p1 = I("9007199254740993");
  EXPECT_EQ(R(rich_compare(p53p1.get(), F(9007199254740992.0).get(), CompareOp::Eq)), "False");
  EXPECT_EQ(R(rich_compare(p53p1.get(), F(9007199254740992.0).get(), CompareOp::Gt)), "True");
  EXPECT_EQ(R(rich_compare(F(INFINITY).get(), big.get(), CompareOp::Gt)), "True");
  EXPECT_EQ(R(rich_compare(F(NAN).get(), Value::small_int(1), CompareOp::Eq)), "False");
  EXPECT_EQ(R(rich_compare(F(NAN).get(), big.get(), CompareOp::Ne)), "True");
}

TEST(Int, Hash) {
  EXPECT_EQ(int_hash(Value::small_int(-1)), -2);
  EXPECT_EQ(int_hash(Value::small_int(5)), 5);
  Ref p61 = I("2305843009213693952");
  EXPECT_EQ(int_hash(p61.get()), 1);
  Ref m = I("2305843009213693951");
  EXPECT_EQ(int_hash(m.get()), 0);
  Ref n63 = I("-9223372036854775808");
  EXPECT_EQ(int_hash(n63.get()), -4);
  EXPECT_EQ(hash(Value::true_()), 1);
}

TEST(Int, Constructor) {
  EXPECT_EQ(R(call_type(&IntType, {})), "0");
  EXPECT_EQ(R(call_type(&IntType, {S(" 12 ").get()})), "12");
  EXPECT_EQ(R(call_type(&IntType, {F(-3.9).get()})), "-3");
  EXPECT_EQ(R(call_type(&IntType, {F(1e20).get()})), "100000000000000000000");
  EXPECT_EQ(R(call_type(&IntType, {F(INFINITY).get()})),
            "!OverflowError: cannot convert float infinity to integer");
  EXPECT_EQ(R(call_type(&IntType, {F(NAN).get()})), "!ValueError: cannot convert float NaN to integer");
  EXPECT_EQ(R(call_type(&IntType, {Value::true_()})), "1");
  EXPECT_EQ(R(call_type(&IntType, {S("ff").get(), Value::small_int(16)})), "255");
  EXPECT_EQ(R(call_type(&IntType, {Value::small_int(1), Value::small_int(2)})),
            "!TypeError: int() can't convert non-string with explicit base");
  EXPECT_EQ(R(call_type(&IntType, {Value::small_int(1), Value::small_int(2), Value::small_int(3)})),
            "!TypeError: int() takes at most 2 arguments (3 given)");
  Ref lst = sequence_list(tuple_empty() ? Value::from_obj(tuple_empty()) : Value());
  EXPECT_EQ(R(call_type(&IntType, {lst.get()})),
            "!TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'");
}

TEST(Int, ReprLimit) {
  Ref ten = make_int(10);
  Ref big = binary_op(ten.get(), Value::small_int(5000), BinOp::Pow);
  EXPECT_EQ(R(gilpy::rt::str(big.get())),
            "!ValueError: Exceeds the limit (4300 digits) for integer string conversion; use "
            "sys.set_int_max_str_digits() to increase the limit");
  EXPECT_EQ(int_to_decimal(big.get()).size(), 5001u);
}

TEST(Int, Methods) {
  Ref big = I("18446744073709551616");
  EXPECT_EQ(R(call_method0(big.get(), "bit_length")), "65");
  Ref m5 = make_int(-5);
  EXPECT_EQ(R(call_method0(m5.get(), "bit_count")), "2");
  EXPECT_EQ(R(call_method0(Value::small_int(6), "as_integer_ratio")), "(6, 1)");
  EXPECT_EQ(R(call_method1(Value::small_int(1250), "__round__", Value::small_int(-2))), "1200");
  EXPECT_EQ(R(call_method1(Value::small_int(1350), "__round__", Value::small_int(-2))), "1400");
  Ref m1250 = make_int(-1250);
  EXPECT_EQ(R(call_method1(m1250.get(), "__round__", Value::small_int(-2))), "-1200");
  EXPECT_EQ(R(call_method1(Value::small_int(15), "__round__", Value::small_int(-1))), "20");
  EXPECT_EQ(R(call_method1(Value::small_int(25), "__round__", Value::small_int(-1))), "20");
  EXPECT_EQ(R(getattr(Value::true_(), "real")), "1");
  EXPECT_EQ(R(getattr(Value::small_int(5), "denominator")), "1");
  EXPECT_EQ(R(call_method1(Value::small_int(7), "__divmod__", Value::small_int(-2))), "(-4, -1)");
  EXPECT_EQ(R(int_to_base_str(Value::small_int(-255), 16)), "'-0xff'");
  EXPECT_EQ(R(int_to_base_str(Value::small_int(10), 2)), "'0b1010'");
  Ref little = S("little");  // must outlive the call below
  std::vector<Value> a = {Value::small_int(2), little.get()};
  Ref f = getattr(Value::small_int(12), "to_bytes");
  EXPECT_EQ(R(call(f.get(), a.data(), a.size())), "b'\\x0c\\x00'");
}

TEST(Int, IndexConversion) {
  Ref s = S("x");
  EXPECT_FALSE(index_as_int64(s.get()).has_value());
  take_error();
  EXPECT_EQ(last_error, "TypeError: 'str' object cannot be interpreted as an integer");
  Ref big = I("100000000000000000000");
  EXPECT_FALSE(index_as_int64(big.get()).has_value());
  take_error();
  EXPECT_EQ(last_error, "OverflowError: cannot fit 'int' into an index-sized integer");
  EXPECT_EQ(*index_as_int64_clamped(big.get()), INT64_MAX);
  EXPECT_EQ(*index_as_int64(Value::true_()), 1);
}

TEST(Float, Repr) {
  EXPECT_EQ(float_repr(1e16), "1e+16");
  EXPECT_EQ(float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(float_repr(1.5e-5), "1.5e-05");
  EXPECT_EQ(float_repr(0.0001), "0.0001");
  EXPECT_EQ(float_repr(1e-5), "1e-05");
  EXPECT_EQ(float_repr(-0.0), "-0.0");
  EXPECT_EQ(float_repr(2e16 + 8), "2.000000000000001e+16");
  EXPECT_EQ(float_repr(INFINITY), "inf");
  EXPECT_EQ(float_repr(-INFINITY), "-inf");
  EXPECT_EQ(float_repr(-NAN), "nan");
  EXPECT_EQ(float_repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(float_repr(5e-324), "5e-324");
  EXPECT_EQ(float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(float_repr(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(float_repr(100.0), "100.0");
}

TEST(Float, FromString) {
  auto P = [](const char* s) { return R(float_from_str(str_from_utf8(s).get())); };
  EXPECT_EQ(P("  -InFiNiTy "), "-inf");
  EXPECT_EQ(P("nan"), "nan");
  EXPECT_EQ(P("1_000.5"), "1000.5");
  EXPECT_EQ(P("1_0.0_1e1_0"), "100100000000.0");
  EXPECT_EQ(P(".5"), "0.5");
  EXPECT_EQ(P("5."), "5.0");
  EXPECT_EQ(P("1e400"), "inf");
  EXPECT_EQ(P("12,5"), "!ValueError: could not convert string to float: '12,5'");
  EXPECT_EQ(P("1__0"), "!ValueError: could not convert string to float: '1__0'");
  EXPECT_EQ(P("1_.0"), "!ValueError: could not convert string to float: '1_.0'");
  EXPECT_EQ(P("1e"), "!ValueError: could not convert string to float: '1e'");
  EXPECT_EQ(P("0x10"), "!ValueError: could not convert string to float: '0x10'");
  EXPECT_EQ(P("."), "!ValueError: could not convert string to float: '.'");
  EXPECT_EQ(P(""), "!ValueError: could not convert string to float: ''");
  EXPECT_EQ(P("infinity1"), "!ValueError: could not convert string to float: 'infinity1'");
}

TEST(Float, Arithmetic) {
  EXPECT_EQ(op(F(-7.5).get(), BinOp::FloorDiv, Value::small_int(2)), "-4.0");
  EXPECT_EQ(op(F(-7.5).get(), BinOp::Mod, Value::small_int(2)), "0.5");
  EXPECT_EQ(op(F(7.5).get(), BinOp::Mod, Value::small_int(-2)), "-0.5");
  EXPECT_EQ(op(F(-0.0).get(), BinOp::Mod, Value::small_int(5)), "0.0");
  EXPECT_EQ(op(F(0.0).get(), BinOp::Mod, Value::small_int(-5)), "-0.0");
  EXPECT_EQ(op(F(1.0).get(), BinOp::TrueDiv, Value::small_int(0)), "!ZeroDivisionError: float division by zero");
  EXPECT_EQ(op(F(1.0).get(), BinOp::FloorDiv, Value::small_int(0)),
            "!ZeroDivisionError: float floor division by zero");
  EXPECT_EQ(op(F(1.0).get(), BinOp::Mod, Value::small_int(0)), "!ZeroDivisionError: float modulo");
  EXPECT_EQ(R(float_divmod(Value::small_int(1), F(0.0).get())), "!ZeroDivisionError: float divmod()");
  EXPECT_EQ(R(float_divmod(F(-7.5).get(), Value::small_int(2))), "(-4.0, 0.5)");
  EXPECT_EQ(R(float_divmod(Value::small_int(7), F(-2.5).get())), "(-3.0, -0.5)");
  EXPECT_EQ(op(F(10.0).get(), BinOp::Pow, Value::small_int(400)),
            "!OverflowError: (34, 'Numerical result out of range')");
  EXPECT_EQ(op(F(0.0).get(), BinOp::Pow, Value::small_int(-1)),
            "!ZeroDivisionError: 0.0 cannot be raised to a negative power");
  EXPECT_EQ(op(F(-1.0).get(), BinOp::Pow, F(1e300).get()), "1.0");
  EXPECT_EQ(op(F(-2.0).get(), BinOp::Pow, Value::small_int(3)), "-8.0");
  EXPECT_EQ(op(F(-8.0).get(), BinOp::Pow, F(0.5).get()), "(1.7319121124709868e-16+2.8284271247461903j)");
  EXPECT_EQ(op(F(1e308).get(), BinOp::Mul, Value::small_int(10)), "inf");
  Ref big = binary_op(Value::small_int(10), Value::small_int(400), BinOp::Pow);
  EXPECT_EQ(op(big.get(), BinOp::Mul, F(1.0).get()), "!OverflowError: int too large to convert to float");
  EXPECT_EQ(op(Value::small_int(1), BinOp::Add, F(0.5).get()), "1.5");
  EXPECT_EQ(R(power3(F(2.0).get(), Value::small_int(3), Value::small_int(4))),
            "!TypeError: pow() 3rd argument not allowed unless all arguments are integers");
}

TEST(Float, Hash) {
  EXPECT_EQ(float_hash(0.5), 1152921504606846976);
  EXPECT_EQ(float_hash(1e300), 1224995262755759164);
  EXPECT_EQ(float_hash(-1.0), -2);
  EXPECT_EQ(float_hash(INFINITY), 314159);
  EXPECT_EQ(float_hash(1.5e-300), 1876877353711978326);
  EXPECT_EQ(float_hash(1.0), int_hash(Value::small_int(1)));
  Ref p64 = I("18446744073709551616");
  EXPECT_EQ(float_hash(18446744073709551616.0), int_hash(p64.get()));
}

TEST(Float, Conversions) {
  bool ovf;
  Ref a = I("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368");
  EXPECT_EQ(R(make_float(int_to_double(a.get(), &ovf))), "1.7976931348623157e+308");
  EXPECT_FALSE(ovf);
  // 2**1024 - 2**970 rounds up to 2**1024: overflow.
  Ref two = make_int(2);
  Ref p1024 = binary_op(two.get(), Value::small_int(1024), BinOp::Pow);
  Ref p970 = binary_op(two.get(), Value::small_int(970), BinOp::Pow);
  Ref d = binary_op(p1024.get(), p970.get(), BinOp::Sub);
  int_to_double(d.get(), &ovf);
  EXPECT_TRUE(ovf);
  EXPECT_EQ(R(call_type(&FloatType, {d.get()})), "!OverflowError: int too large to convert to float");
  EXPECT_EQ(R(call_type(&FloatType, {S(" 1.5\n").get()})), "1.5");
  EXPECT_EQ(R(call_type(&FloatType, {Value::small_int(1), Value::small_int(2)})),
            "!TypeError: float expected at most 1 argument, got 2");
  EXPECT_EQ(R(call_type(&FloatType, {Value::none()})),
            "!TypeError: float() argument must be a string or a real number, not 'NoneType'");
}

TEST(Float, Round) {
  EXPECT_EQ(R(float_round(2.675, Value::small_int(2))), "2.67");
  EXPECT_EQ(R(float_round(0.125, Value::small_int(2))), "0.12");
  EXPECT_EQ(R(float_round(0.375, Value::small_int(2))), "0.38");
  EXPECT_EQ(R(float_round(2.5, Value())), "2");
  EXPECT_EQ(R(float_round(-0.5, Value())), "0");
  EXPECT_EQ(R(float_round(1234.5, make_int(-1).get())), "1230.0");
  EXPECT_EQ(R(float_round(123.456, make_int(-2).get())), "100.0");
  EXPECT_EQ(R(float_round(1e308, make_int(-400).get())), "0.0");
  EXPECT_EQ(R(float_round(1e20, Value::small_int(2))), "1e+20");
  EXPECT_EQ(R(float_round(0.5e-320, Value::small_int(323))), "5e-321");
  EXPECT_EQ(R(float_round(INFINITY, Value())), "!OverflowError: cannot convert float infinity to integer");
  EXPECT_EQ(R(float_round(NAN, Value())), "!ValueError: cannot convert float NaN to integer");
  EXPECT_EQ(R(float_round(1.5, S("a").get())), "!TypeError: 'str' object cannot be interpreted as an integer");
}

TEST(Float, Methods) {
  EXPECT_EQ(R(call_method0(F(0.75).get(), "as_integer_ratio")), "(3, 4)");
  EXPECT_EQ(R(call_method0(F(INFINITY).get(), "as_integer_ratio")),
            "!OverflowError: cannot convert Infinity to integer ratio");
  EXPECT_EQ(R(call_method0(F(1.5).get(), "hex")), "'0x1.8000000000000p+0'");
  EXPECT_EQ(R(call_method1(Value::from_obj(&FloatType), "fromhex", S("0x1p3").get())), "8.0");
  EXPECT_EQ(R(call_method0(F(1.0).get(), "is_integer")), "True");
  EXPECT_EQ(R(call_method0(F(-1.5).get(), "__floor__")), "-2");
  EXPECT_EQ(R(call_method0(F(-1.5).get(), "__ceil__")), "-1");
  EXPECT_EQ(R(getattr(F(1.5).get(), "imag")), "0.0");
}

TEST(Format, Int) {
  EXPECT_EQ(fmt(Value::small_int(1234567), "010,"), "'01,234,567'");
  EXPECT_EQ(fmt(Value::small_int(255), "#_x"), "'0xff'");
  EXPECT_EQ(fmt(Value::small_int(255), "#010X"), "'0X000000FF'");
  EXPECT_EQ(fmt(Value::small_int(123456), "_b"), "'1_1110_0010_0100_0000'");
  EXPECT_EQ(fmt(Value::small_int(12), ".2%"), "'1200.00%'");
  EXPECT_EQ(fmt(Value::small_int(1234567), "n"), "'1234567'");
  EXPECT_EQ(fmt(Value::true_(), ""), "'True'");
  EXPECT_EQ(fmt(Value::true_(), "d"), "'1'");
  EXPECT_EQ(fmt(Value::small_int(65), "^5c"), "'  A  '");
  EXPECT_EQ(fmt(Value::small_int(-12), "=+8"), "'-     12'");
  EXPECT_EQ(fmt(Value::small_int(12), " "), "' 12'");
  EXPECT_EQ(fmt(Value::small_int(-5), "b"), "'-101'");
  EXPECT_EQ(fmt(Value::small_int(0xABCD), "#010x"), "'0x0000abcd'");
  EXPECT_EQ(fmt(Value::small_int(1), "abc"), "!ValueError: Invalid format specifier 'abc' for object of type 'int'");
  EXPECT_EQ(fmt(Value::small_int(1), ".2"), "!ValueError: Precision not allowed in integer format specifier");
  EXPECT_EQ(fmt(Value::small_int(1), ",c"), "!ValueError: Cannot specify ',' with 'c'.");
  EXPECT_EQ(fmt(Value::small_int(1), ",_"), "!ValueError: Cannot specify both ',' and '_'.");
  EXPECT_EQ(fmt(Value::small_int(1), "_,"), "!ValueError: Cannot specify both ',' and '_'.");
  EXPECT_EQ(fmt(Value::small_int(1), "z"),
            "!ValueError: Negative zero coercion (z) not allowed in integer format specifier");
  EXPECT_EQ(fmt(Value::small_int(1), "+c"), "!ValueError: Sign not allowed with integer format specifier 'c'");
  EXPECT_EQ(fmt(Value::small_int(-1), "c"), "!OverflowError: %c arg not in range(0x110000)");
  EXPECT_EQ(fmt(Value::small_int(5), "ы"), "!ValueError: Unknown format code '\\x44b' for object of type 'int'");
  EXPECT_EQ(fmt(Value::small_int(5), ",x"), "!ValueError: Cannot specify ',' with 'x'.");
  Ref p70 = binary_op(Value::small_int(2), Value::small_int(70), BinOp::Pow);
  EXPECT_EQ(fmt(p70.get(), ".2f"), "'1180591620717411303424.00'");
  EXPECT_EQ(fmt(p70.get(), ","), "'1,180,591,620,717,411,303,424'");
}

TEST(Format, Float) {
  EXPECT_EQ(fmt(F(1234567.125).get(), "015,.2f"), "'0,001,234,567.12'");
  EXPECT_EQ(fmt(F(-0.0001).get(), "z.2f"), "'0.00'");
  EXPECT_EQ(fmt(F(-0.0001).get(), ".2f"), "'-0.00'");
  EXPECT_EQ(fmt(F(3.0).get(), ""), "'3.0'");
  EXPECT_EQ(fmt(F(3.0).get(), ".3"), "'3.0'");
  EXPECT_EQ(fmt(F(1234.5).get(), ".3"), "'1.23e+03'");
  EXPECT_EQ(fmt(F(0.0001).get(), ".3"), "'0.0001'");
  EXPECT_EQ(fmt(F(1e16).get(), ".17"), "'1e+16'");
  EXPECT_EQ(fmt(F(1.5).get(), "%"), "'150.000000%'");
  EXPECT_EQ(fmt(F(1.5).get(), "#.0f"), "'2.'");
  EXPECT_EQ(fmt(F(1.0).get(), "#g"), "'1.00000'");
  EXPECT_EQ(fmt(F(100.0).get(), "g"), "'100'");
  EXPECT_EQ(fmt(F(1e-5).get(), "g"), "'1e-05'");
  EXPECT_EQ(fmt(F(123456789.0).get(), ","), "'123,456,789.0'");
  EXPECT_EQ(fmt(F(1e20).get(), ","), "'1e+20'");
  EXPECT_EQ(fmt(F(1.0).get(), "e"), "'1.000000e+00'");
  EXPECT_EQ(fmt(F(INFINITY).get(), "E"), "'INF'");
  EXPECT_EQ(fmt(F(INFINITY).get(), "010"), "'0000000inf'");
  EXPECT_EQ(fmt(F(-NAN).get(), "f"), "'nan'");
  EXPECT_EQ(fmt(F(1.5).get(), "=^10.3f"), "'==1.500==='");
  EXPECT_EQ(fmt(F(-1.5).get(), "010"), "'-0000001.5'");
  EXPECT_EQ(fmt(F(1.5).get(), "+"), "'+1.5'");
  EXPECT_EQ(fmt(F(1.5).get(), " 10"), "'       1.5'");
  EXPECT_EQ(fmt(F(0.1).get(), ".20"), "'0.10000000000000000555'");
  EXPECT_EQ(fmt(F(0.5).get(), ".0f"), "'0'");
  EXPECT_EQ(fmt(F(1.5).get(), ".0f"), "'2'");
  EXPECT_EQ(fmt(F(2.5).get(), ".0e"), "'2e+00'");
  EXPECT_EQ(fmt(F(1e16).get(), ".0f"), "'10000000000000000'");
  EXPECT_EQ(fmt(F(-0.0).get(), "z"), "'0.0'");
  EXPECT_EQ(fmt(F(-1e-10).get(), "z.3e"), "'-1.000e-10'");
  EXPECT_EQ(fmt(F(1.5).get(), "d"), "!ValueError: Unknown format code 'd' for object of type 'float'");
  EXPECT_EQ(fmt(F(1.0).get(), "."), "!ValueError: Format specifier missing precision");
  EXPECT_EQ(fmt(F(12345.678).get(), ".2e"), "'1.23e+04'");
  EXPECT_EQ(fmt(F(0.000123).get(), "g"), "'0.000123'");
  EXPECT_EQ(fmt(F(1e20).get(), "g"), "'1e+20'");
  EXPECT_EQ(fmt(F(3.14159).get(), "10.4f"), "'    3.1416'");
  EXPECT_EQ(fmt(F(1.5).get(), "*<8"), "'1.5*****'");
}

TEST(Format, Printf) {
  EXPECT_EQ(format_float_printf(2.0005, 'f', 3, false), "2.001");
  EXPECT_EQ(format_float_printf(12345.6789, 'e', -1, false), "1.234568e+04");
  EXPECT_EQ(format_float_printf(0.00001234, 'g', -1, false), "1.234e-05");
  EXPECT_EQ(format_float_printf(1.0, 'g', 3, true), "1.00");
  EXPECT_EQ(format_float_printf(-INFINITY, 'F', 2, false), "-INF");
  EXPECT_EQ(format_float_printf(1e100, 'f', 0, false),
            "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104");
}
