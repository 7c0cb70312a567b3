// runtime/unicode_data.h: the Unicode character database gilpy needs for str methods:
// character properties (isalpha, isdecimal, isspace, isprintable, cased, ...), decimal
// digit values, and the full case mappings (lower, upper, title, casefold; a mapping
// may give up to three characters, as 'ß'.upper() == 'SS').
//
// The tables (runtime/unicode_data_tables.cpp) are generated once from CPython 3.11's
// unicodedata (Unicode 14.0.0) by runtime/unicode_data.py and committed; nothing is
// generated at build time. Properties are stored as runs of equal flags (binary search),
// case mappings as runs of equal deltas with a stride of 1 or 2, plus a short list of
// one-to-many mappings. ASCII is answered from a 128-entry table.
#pragma once

#include <cstdint>

namespace gilpy::rt::unicode {

// Property flags: each is the answer CPython gives for a one-character str.
enum : uint16_t {
  kAlpha = 1 << 0,          // str.isalpha
  kDecimal = 1 << 1,        // str.isdecimal
  kDigit = 1 << 2,          // str.isdigit
  kNumeric = 1 << 3,        // str.isnumeric
  kSpace = 1 << 4,          // str.isspace
  kPrintable = 1 << 5,      // str.isprintable
  kLower = 1 << 6,          // str.islower
  kUpper = 1 << 7,          // str.isupper
  kTitle = 1 << 8,          // category Lt
  kCased = 1 << 9,          // Unicode "Cased"
  kCaseIgnorable = 1 << 10, // Unicode "Case_Ignorable"
  kXidStart = 1 << 11,      // str.isidentifier of one character
  kXidContinue = 1 << 12,
  kLineBreak = 1 << 13,     // str.splitlines boundaries
};

struct PropRun { uint32_t start; uint16_t flags; };
struct CaseRun { uint32_t start, end; int32_t delta; int32_t stride; };
struct SpecialCase { uint32_t cp; uint32_t len; char32_t chars[3]; };

extern const uint16_t kAsciiFlags[128];
extern const PropRun kPropRuns[];
extern const int kPropRunCount;
extern const uint32_t kDecimalZeros[];
extern const int kDecimalZeroCount;
extern const CaseRun kLowerRuns[], kUpperRuns[], kTitleRuns[], kFoldRuns[];
extern const int kLowerRunCount, kUpperRunCount, kTitleRunCount, kFoldRunCount;
extern const SpecialCase kLowerSpecial[], kUpperSpecial[], kTitleSpecial[], kFoldSpecial[];
extern const int kLowerSpecialCount, kUpperSpecialCount, kTitleSpecialCount, kFoldSpecialCount;

uint16_t flags_slow(char32_t c);
inline uint16_t flags(char32_t c) { return c < 128 ? kAsciiFlags[c] : flags_slow(c); }
inline bool has(char32_t c, uint16_t f) { return (flags(c) & f) != 0; }

// The decimal value of a character with the Decimal property (0-9), or -1.
int decimal_value(char32_t c);

// Full case mappings: writes 1 to 3 characters to out and returns how many.
int to_lower_full(char32_t c, char32_t out[3]);
int to_upper_full(char32_t c, char32_t out[3]);
int to_title_full(char32_t c, char32_t out[3]);
int to_fold_full(char32_t c, char32_t out[3]);
// Simple (one-character) mappings: the first character of the full mapping when it is
// one-to-one, else the character itself.
char32_t to_lower(char32_t c);
char32_t to_upper(char32_t c);

}  // namespace gilpy::rt::unicode
