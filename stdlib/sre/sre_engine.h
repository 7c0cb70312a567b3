// stdlib/sre/sre_engine.h: the matcher under _sre (stdlib/sre/sre_module.cpp): runs the
// code that CPython's re._compiler makes of a pattern (the SRE instruction set of
// re._constants, MAGIC 20220615) against a str or a bytes-like subject.
//
// A backtracking interpreter: match() runs the code from an instruction to the SUCCESS
// that ends it, trying alternatives and repeat counts by recursion; a sub-pattern (an
// assertion, an atomic group, a possessive repeat's item) is matched by a nested call that
// stops at its own SUCCESS. Group marks are saved before each alternative and restored
// when it fails. Recursion is bounded by the thread's native stack limit: a pattern too
// deep for it raises RecursionError instead of overflowing the stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gilpy::stdlib::sre {

// The opcodes, at-codes and categories of CPython 3.11's re._constants.
enum Op : uint32_t {
  kFailure = 0, kSuccess, kAny, kAnyAll, kAssert, kAssertNot, kAt, kBranch, kCategory, kCharset,
  kBigCharset, kGroupref, kGrouprefExists, kIn, kInfo, kJump, kLiteral, kMark, kMaxUntil, kMinUntil,
  kNotLiteral, kNegate, kRange, kRepeat, kRepeatOne, kSubpattern, kMinRepeatOne, kAtomicGroup,
  kPossessiveRepeat, kPossessiveRepeatOne, kGrouprefIgnore, kInIgnore, kLiteralIgnore,
  kNotLiteralIgnore, kGrouprefLocIgnore, kInLocIgnore, kLiteralLocIgnore, kNotLiteralLocIgnore,
  kGrouprefUniIgnore, kInUniIgnore, kLiteralUniIgnore, kNotLiteralUniIgnore, kRangeUniIgnore,
};

constexpr uint32_t kMagic = 20220615;
constexpr uint32_t kMaxRepeat = 0xFFFFFFFFu;
constexpr uint32_t kMaxGroups = 0x7FFFFFFFu / 2;

// The subject: code points of a str (1 or 4 bytes each) or bytes.
struct Subject {
  const void* data = nullptr;
  int width = 1;  // 1 or 4
  int64_t length = 0;
  uint32_t at(int64_t i) const {
    return width == 1 ? static_cast<const uint8_t*>(data)[i] : static_cast<const uint32_t*>(data)[i];
  }
};

// One match attempt's state. marks[2*g], marks[2*g+1]: the span of group g+1, -1 unset.
struct MatchState {
  const uint32_t* code = nullptr;
  size_t code_size = 0;
  Subject subject;
  int64_t start = 0, end = 0;   // the slice the match may see (pos, endpos)
  std::vector<int64_t> marks;
  int64_t lastmark = -1;        // the highest mark set
  int64_t lastindex = -1;       // the last group closed (Match.lastindex)
  bool full = false;            // fullmatch: the top-level SUCCESS must be at `end`
  int64_t must_advance_from = -1;  // an empty match at this position is refused (findall, sub, split)
  struct Repeat;
  Repeat* repeat = nullptr;     // the innermost REPEAT running
  bool error = false;           // a Python exception is pending (RecursionError)
};

// Matches the pattern at `pos` exactly (match/fullmatch); true with *end_out set.
bool match_at(MatchState& st, int64_t pos, int64_t* end_out);
// The first position from `pos` where the pattern matches (search); -1 if none.
int64_t search_from(MatchState& st, int64_t pos, int64_t* end_out);

// Case mapping and classes, as _sre's helpers and the engine use them.
uint32_t ascii_lower(uint32_t ch);
uint32_t unicode_lower(uint32_t ch);
uint32_t unicode_upper(uint32_t ch);
bool ascii_iscased(uint32_t ch);
bool unicode_iscased(uint32_t ch);

}  // namespace gilpy::stdlib::sre
