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
//
// The same generator writes the database of the unicodedata module and of \N{...}
// escapes: a property record per code point (category, bidirectional class, canonical
// combining class, East Asian width, mirrored) through a two-level index, the numeric
// values, the decompositions with their tags, the canonical composition pairs, and the
// character names. A name is a sequence of words from one dictionary (the 128 most
// frequent coded in one byte, the rest in two); ideographs named PREFIX-<hex> and Hangul
// syllables are named by algorithm, as CPython does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

// --- the unicodedata database -----------------------------------------------------------

struct UcdRecord { uint8_t category, bidi, combining, east_asian_width, mirrored; };
struct NumericEntry { uint32_t cp; int8_t decimal, digit; double numeric; };
struct DecompEntry { uint32_t cp, offset; };  // kDecompData[offset] = tag << 8 | count
struct CompPair { uint32_t first, second, composite; };
struct NameRange { uint32_t start, end, prefix; };
struct NameEntry { uint32_t cp, offset; };
struct NameAlias { const char* name; uint32_t cp; };
struct NamedSequence { const char* name; uint32_t len; char32_t chars[4]; };

extern const char* const kCategoryNames[];
extern const char* const kBidiNames[];
extern const char* const kEastAsianWidthNames[];
extern const char* const kDecompTags[];
extern const UcdRecord kUcdRecords[];
extern const int kUcdShift;
extern const uint16_t kUcdIndex1[], kUcdIndex2[];
extern const NumericEntry kNumericValues[];
extern const int kNumericValueCount;
extern const DecompEntry kDecompIndex[];
extern const int kDecompCount;
extern const uint32_t kDecompData[];
extern const CompPair kCompPairs[];
extern const int kCompPairCount;
extern const char* const kNamePrefixes[];
extern const NameRange kNameRanges[];
extern const int kNameRangeCount;
extern const char* const kNameWords[];
extern const int kNameWordCount;
extern const NameEntry kNameIndex[];
extern const int kNameCount;
extern const uint8_t kNameBytes[];
extern const NameAlias kNameAliases[];
extern const int kNameAliasCount;
extern const NamedSequence kNamedSequences[];
extern const int kNamedSequenceCount;
extern const char kUnidataVersion[];

const UcdRecord& record(char32_t c);
// The NumericEntry of c, or null when c has no numeric value.
const NumericEntry* numeric_entry(char32_t c);
// The decomposition of c: its tag index (0: canonical) and characters; null when none.
const uint32_t* decomposition(char32_t c, int* tag, int* count);
// unicodedata.decomposition's text ("<compat> 0066 0069"), "" when none.
std::string decomposition_text(char32_t c);

// The character's name, "" when it has none.
std::string char_name(char32_t c);
// The character (or, with sequences, the named sequence) with this name, case-insensitive;
// aliases count. False when there is none.
bool lookup_name(std::string_view name, bool sequences, std::u32string* out);

// unicodedata.normalize for form "NFC", "NFD", "NFKC" or "NFKD".
std::u32string normalize(std::u32string_view s, bool compose, bool compat);

}  // namespace gilpy::rt::unicode
