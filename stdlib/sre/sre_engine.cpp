// stdlib/sre/sre_engine.cpp: the SRE matcher (see stdlib/sre/sre_engine.h).
//
// Code layouts (re._compiler's output; a skip counts words from the word holding it):
//   LITERAL c, NOT_LITERAL c and their _IGNORE forms (c already lowered)
//   IN skip <set> FAILURE        set items: LITERAL c, RANGE lo hi, RANGE_UNI_IGNORE lo hi,
//                                CHARSET <8 words>, BIGCHARSET n <64 words> <n*8 words>,
//                                CATEGORY cat, NEGATE
//   AT code; ANY; ANY_ALL; CATEGORY cat; MARK i; JUMP skip; INFO skip ...
//   BRANCH (skip <alternative> JUMP skip)* 0
//   REPEAT_ONE / MIN_REPEAT_ONE / POSSESSIVE_REPEAT_ONE skip min max <one-character item> SUCCESS
//   REPEAT skip min max <item> MAX_UNTIL | MIN_UNTIL;  POSSESSIVE_REPEAT skip min max <item> SUCCESS
//   ATOMIC_GROUP skip <pattern> SUCCESS;  ASSERT / ASSERT_NOT skip back <pattern> SUCCESS
//   GROUPREF g (and _IGNORE forms);  GROUPREF_EXISTS g skip <yes> [JUMP skip <no>]
#include "stdlib/sre/sre_engine.h"

#include <pthread.h>

#include "runtime/runtime.h"
#include "runtime/unicode_data.h"

namespace gilpy::stdlib::sre {

using namespace rt;

struct MatchState::Repeat {
  const uint32_t* pc;  // the REPEAT instruction
  int64_t count;
  int64_t last_pos;    // where the last iteration started (an empty iteration ends the loop)
  Repeat* prev;
};

// ---- characters -----------------------------------------------------------------------

uint32_t ascii_lower(uint32_t ch) { return ch < 128 && ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }
uint32_t unicode_lower(uint32_t ch) { return ch > 0x10FFFF ? ch : unicode::to_lower(char32_t(ch)); }
uint32_t unicode_upper(uint32_t ch) { return ch > 0x10FFFF ? ch : unicode::to_upper(char32_t(ch)); }
bool ascii_iscased(uint32_t ch) { return ch < 128 && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')); }
bool unicode_iscased(uint32_t ch) { return ch != unicode_lower(ch) || ch != unicode_upper(ch); }

static bool ascii_word(uint32_t ch) {
  return ch < 128 && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_');
}
static bool uni_has(uint32_t ch, uint16_t f) { return ch <= 0x10FFFF && unicode::has(char32_t(ch), f); }
static bool uni_word(uint32_t ch) {
  return ch == '_' || uni_has(ch, unicode::kAlpha | unicode::kDecimal | unicode::kDigit | unicode::kNumeric);
}

static bool category(uint32_t cat, uint32_t ch) {
  switch (cat) {
    case 0: return ch >= '0' && ch <= '9';
    case 1: return !(ch >= '0' && ch <= '9');
    case 2: return ch == ' ' || (ch >= 9 && ch <= 13);
    case 3: return !(ch == ' ' || (ch >= 9 && ch <= 13));
    case 4: case 8: return ascii_word(ch);
    case 5: case 9: return !ascii_word(ch);
    case 6: return ch == '\n';
    case 7: return ch != '\n';
    case 10: return uni_has(ch, unicode::kDecimal);
    case 11: return !uni_has(ch, unicode::kDecimal);
    case 12: return uni_has(ch, unicode::kSpace);
    case 13: return !uni_has(ch, unicode::kSpace);
    case 14: return uni_word(ch);
    case 15: return !uni_word(ch);
    case 16: return uni_has(ch, unicode::kLineBreak);
    case 17: return !uni_has(ch, unicode::kLineBreak);
  }
  return false;
}

// Whether ch is in the set starting at `set` (items up to FAILURE).
static bool in_set(const uint32_t* set, uint32_t ch) {
  bool negated = false;
  for (;;) {
    switch (*set++) {
      case kFailure: return negated;
      case kLiteral:
        if (ch == *set) return !negated;
        set += 1;
        break;
      case kCategory:
        if (category(*set, ch)) return !negated;
        set += 1;
        break;
      case kCharset:
        if (ch < 256 && (set[ch >> 5] & (1u << (ch & 31)))) return !negated;
        set += 8;
        break;
      case kRange:
        if (set[0] <= ch && ch <= set[1]) return !negated;
        set += 2;
        break;
      case kRangeUniIgnore: {
        if (set[0] <= ch && ch <= set[1]) return !negated;
        uint32_t up = unicode_upper(ch);
        if (set[0] <= up && up <= set[1]) return !negated;
        set += 2;
        break;
      }
      case kNegate: negated = !negated; break;
      case kBigCharset: {
        uint32_t count = *set++;
        if (ch < 65536) {
          const uint8_t* index = reinterpret_cast<const uint8_t*>(set);
          uint32_t block = index[ch >> 8];
          const uint32_t* bits = set + 64 + block * 8;
          if (bits[(ch & 255) >> 5] & (1u << (ch & 31))) return !negated;
        }
        set += 64 + count * 8;
        break;
      }
      default: return false;  // a set the compiler never makes
    }
  }
}

// ---- the matcher ----------------------------------------------------------------------

namespace {

// The lowest address this thread's recursion may reach (its stack's bottom plus a margin).
thread_local char* stack_floor = nullptr;

char* find_stack_floor() {
  pthread_attr_t attr;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
  }
  if (!addr) return static_cast<char*>(__builtin_frame_address(0)) - (512 << 10);
  return static_cast<char*>(addr) + std::min<size_t>(size / 4, 256 << 10);
}

struct Matcher {
  MatchState& st;
  const Subject& s;
  char* floor;

  uint32_t ch(int64_t i) const { return s.at(i); }

  bool out_of_stack() {
    char* floor_now = ThreadState::current()->stack_limit ? ThreadState::current()->stack_limit : floor;
    if (static_cast<char*>(__builtin_frame_address(0)) > floor_now) return false;
    if (!st.error) raise(&RecursionErrorType, "maximum recursion limit exceeded");
    st.error = true;
    return true;
  }

  bool at(uint32_t code, int64_t pos) const {
    bool this_word, that_word;
    switch (code) {
      case 0: case 2: return pos == st.start;  // AT_BEGINNING, AT_BEGINNING_STRING
      case 1: return pos == st.start || ch(pos - 1) == '\n';
      case 5: return pos == st.end || (pos + 1 == st.end && ch(pos) == '\n');
      case 6: return pos == st.end || ch(pos) == '\n';
      case 7: return pos == st.end;
      case 3: case 4: case 8: case 9:
        if (st.start == st.end) return false;  // (CPython: neither a boundary nor not one)
        that_word = pos > st.start && ascii_word(ch(pos - 1));
        this_word = pos < st.end && ascii_word(ch(pos));
        return (code == 3 || code == 8) ? this_word != that_word : this_word == that_word;
      case 10: case 11:
        if (st.start == st.end) return false;
        that_word = pos > st.start && uni_word(ch(pos - 1));
        this_word = pos < st.end && uni_word(ch(pos));
        return code == 10 ? this_word != that_word : this_word == that_word;
    }
    return false;
  }

  // Whether the one-character item at pc matches at pos (REPEAT_ONE's items, and the
  // single-character opcodes in the main loop).
  bool one_char(const uint32_t* pc, int64_t pos) const {
    if (pos >= st.end) return false;
    uint32_t c = ch(pos);
    switch (pc[0]) {
      case kAny: return c != '\n';
      case kAnyAll: return true;
      case kLiteral: return c == pc[1];
      case kNotLiteral: return c != pc[1];
      case kLiteralIgnore: case kLiteralLocIgnore: return ascii_lower(c) == pc[1];
      case kNotLiteralIgnore: case kNotLiteralLocIgnore: return ascii_lower(c) != pc[1];
      case kLiteralUniIgnore: return unicode_lower(c) == pc[1];
      case kNotLiteralUniIgnore: return unicode_lower(c) != pc[1];
      case kIn: return in_set(pc + 2, c);
      case kInIgnore: case kInLocIgnore: return in_set(pc + 2, ascii_lower(c));
      case kInUniIgnore: return in_set(pc + 2, unicode_lower(c));
      case kCategory: return category(pc[1], c);
    }
    return false;
  }

  // How many times the one-character item at pc matches from pos, at most `most`.
  int64_t count_chars(const uint32_t* pc, int64_t pos, int64_t most) const {
    int64_t limit = std::min<int64_t>(st.end - pos, most);
    int64_t n = 0;
    while (n < limit && one_char(pc, pos + n)) ++n;
    return n;
  }

  void set_mark(int64_t i, int64_t pos) {
    if (i >= int64_t(st.marks.size())) st.marks.resize(size_t(i) + 1, -1);
    if (i & 1) st.lastindex = i / 2 + 1;
    if (i > st.lastmark) st.lastmark = i;
    st.marks[size_t(i)] = pos;
  }

  struct SavedMarks {
    std::vector<int64_t> marks;
    int64_t lastmark, lastindex;
  };
  SavedMarks save() const { return {st.marks, st.lastmark, st.lastindex}; }
  void restore(const SavedMarks& m) {
    st.marks = m.marks;
    st.lastmark = m.lastmark;
    st.lastindex = m.lastindex;
  }

  bool group_span(uint32_t g, int64_t* a, int64_t* b) const {
    size_t i = size_t(g) * 2;
    if (i + 1 >= st.marks.size()) return false;
    *a = st.marks[i];
    *b = st.marks[i + 1];
    return *a >= 0 && *b >= 0 && *a <= *b;
  }

  // Runs the code from pc at pos up to the SUCCESS that ends it; `top`: that SUCCESS ends
  // the whole pattern. True with *end set where it matched.
  bool run(const uint32_t* pc, int64_t pos, bool top, int64_t* end) {
    if (out_of_stack()) return false;
    for (;;) {
      switch (pc[0]) {
        case kFailure: return false;
        case kSuccess:
          if (top) {
            if (st.full && pos != st.end) return false;
            if (pos == st.must_advance_from && match_start == pos) return false;
          }
          *end = pos;
          return true;
        case kAny: case kAnyAll: case kLiteral: case kNotLiteral: case kLiteralIgnore: case kNotLiteralIgnore:
        case kLiteralLocIgnore: case kNotLiteralLocIgnore: case kLiteralUniIgnore: case kNotLiteralUniIgnore:
        case kCategory:
          if (!one_char(pc, pos)) return false;
          ++pos;
          pc += pc[0] == kAny || pc[0] == kAnyAll ? 1 : 2;
          break;
        case kIn: case kInIgnore: case kInLocIgnore: case kInUniIgnore:
          if (!one_char(pc, pos)) return false;
          ++pos;
          pc += 1 + pc[1];
          break;
        case kAt:
          if (!at(pc[1], pos)) return false;
          pc += 2;
          break;
        case kInfo: pc += 1 + pc[1]; break;
        case kJump: pc += 1 + pc[1]; break;
        case kMark:
          set_mark(pc[1], pos);
          pc += 2;
          break;
        case kBranch: {
          const uint32_t* alt = pc + 1;
          while (alt[0]) {
            // A literal first character that cannot match skips the alternative.
            if (!(alt[1] == kLiteral && (pos >= st.end || ch(pos) != alt[2]))) {
              SavedMarks saved = save();
              if (run(alt + 1, pos, top, end)) return true;
              if (st.error) return false;
              restore(saved);
            }
            alt += alt[0];
          }
          return false;
        }
        case kRepeatOne: case kMinRepeatOne: case kPossessiveRepeatOne: {
          uint32_t skip = pc[1];
          int64_t lo = pc[2], hi = pc[3] == kMaxRepeat ? INT64_MAX : int64_t(pc[3]);
          const uint32_t* item = pc + 4;
          const uint32_t* next = pc + 1 + skip;
          if (pos + lo > st.end) return false;
          if (pc[0] == kMinRepeatOne) {
            int64_t n = count_chars(item, pos, lo);
            if (n < lo) return false;
            for (;;) {
              if (next[0] == kSuccess && !(top && st.full && pos + n != st.end) &&
                  !(top && pos + n == st.must_advance_from && match_start == pos + n)) {
                *end = pos + n;
                return true;
              }
              SavedMarks saved = save();
              if (run(next, pos + n, top, end)) return true;
              if (st.error) return false;
              restore(saved);
              if (n >= hi || !one_char(item, pos + n)) return false;
              ++n;
            }
          }
          int64_t n = count_chars(item, pos, hi);
          if (n < lo) return false;
          if (pc[0] == kPossessiveRepeatOne) {
            pos += n;
            pc = next;
            break;
          }
          if (next[0] == kSuccess && !(top && st.full) && !(top && pos + n == st.must_advance_from && match_start == pos + n)) {
            *end = pos + n;  // nothing follows: the longest run wins
            return true;
          }
          bool literal_next = next[0] == kLiteral;
          for (; n >= lo; --n) {
            if (literal_next && (pos + n >= st.end || ch(pos + n) != next[1])) continue;
            SavedMarks saved = save();
            if (run(next, pos + n, top, end)) return true;
            if (st.error) return false;
            restore(saved);
          }
          return false;
        }
        case kRepeat: {
          MatchState::Repeat rep{pc, -1, -1, st.repeat};
          st.repeat = &rep;
          bool ok = run(pc + 1 + pc[1], pos, top, end);  // the MAX_UNTIL / MIN_UNTIL
          st.repeat = rep.prev;
          return ok;
        }
        case kMaxUntil: case kMinUntil: {
          MatchState::Repeat* rep = st.repeat;
          if (!rep) return false;
          const uint32_t* rpc = rep->pc;
          int64_t lo = rpc[2], hi = rpc[3] == kMaxRepeat ? INT64_MAX : int64_t(rpc[3]);
          const uint32_t* item = rpc + 4;
          int64_t count = rep->count + 1;
          if (count < lo) {
            rep->count = count;
            if (run(item, pos, top, end)) return true;
            rep->count = count - 1;
            return false;
          }
          auto try_item = [&]() -> bool {
            if (count >= hi || pos == rep->last_pos) return false;
            SavedMarks saved = save();
            int64_t old_last = rep->last_pos;
            rep->count = count;
            rep->last_pos = pos;
            if (run(item, pos, top, end)) return true;
            rep->count = count - 1;
            rep->last_pos = old_last;
            if (!st.error) restore(saved);
            return false;
          };
          auto try_tail = [&]() -> bool {
            st.repeat = rep->prev;
            SavedMarks saved = save();
            bool ok = run(pc + 1, pos, top, end);
            st.repeat = rep;
            if (!ok && !st.error) restore(saved);
            return ok;
          };
          if (pc[0] == kMaxUntil) return try_item() || (!st.error && try_tail());
          return try_tail() || (!st.error && try_item());
        }
        case kPossessiveRepeat: {
          int64_t lo = pc[2], hi = pc[3] == kMaxRepeat ? INT64_MAX : int64_t(pc[3]);
          const uint32_t* item = pc + 4;
          int64_t count = 0;
          while (count < hi) {
            int64_t item_end;
            SavedMarks saved = save();
            if (!run(item, pos, false, &item_end)) {
              if (st.error) return false;
              restore(saved);
              break;
            }
            ++count;
            if (item_end == pos) break;  // an empty iteration would repeat forever
            pos = item_end;
          }
          if (count < lo) return false;
          pc += 1 + pc[1];
          break;
        }
        case kAtomicGroup: {
          int64_t group_end;
          if (!run(pc + 2, pos, false, &group_end)) return false;
          pos = group_end;
          pc += 1 + pc[1];
          break;
        }
        case kAssert: case kAssertNot: {
          int64_t back = pc[2];
          int64_t from = pos - back;
          bool matched = false;
          int64_t sub_end;
          SavedMarks saved = save();
          if (from >= st.start) {
            matched = run(pc + 3, from, false, &sub_end);
            if (st.error) return false;
          }
          if (pc[0] == kAssert) {
            if (!matched) return false;
          } else {
            restore(saved);
            if (matched) return false;
          }
          pc += 1 + pc[1];
          break;
        }
        case kGroupref: case kGrouprefIgnore: case kGrouprefLocIgnore: case kGrouprefUniIgnore: {
          int64_t a, b;
          if (!group_span(pc[1], &a, &b)) return false;
          if (pos + (b - a) > st.end) return false;
          for (int64_t i = 0; i < b - a; ++i) {
            uint32_t x = ch(a + i), y = ch(pos + i);
            if (pc[0] == kGroupref ? x != y
                : pc[0] == kGrouprefUniIgnore ? unicode_lower(x) != unicode_lower(y)
                                              : ascii_lower(x) != ascii_lower(y))
              return false;
          }
          pos += b - a;
          pc += 2;
          break;
        }
        case kGrouprefExists: {
          int64_t a, b;
          pc += group_span(pc[1], &a, &b) ? 3 : 1 + pc[2];
          break;
        }
        default:
          return false;  // an opcode the compiler does not emit here
      }
    }
  }

  int64_t match_start = 0;
};

}  // namespace

bool match_at(MatchState& st, int64_t pos, int64_t* end_out) {
  if (!stack_floor) stack_floor = find_stack_floor();
  Matcher m{st, st.subject, stack_floor};
  m.match_start = pos;
  st.marks.assign(st.marks.size(), -1);
  st.lastmark = st.lastindex = -1;
  st.repeat = nullptr;
  return m.run(st.code, pos, true, end_out);
}

int64_t search_from(MatchState& st, int64_t pos, int64_t* end_out) {
  // A pattern starting with a literal character is only tried where that character is.
  const uint32_t* pc = st.code;
  if (pc[0] == kInfo) pc += 1 + pc[1];
  bool literal_first = pc[0] == kLiteral;
  for (int64_t p = pos; p <= st.end; ++p) {
    if (literal_first) {
      while (p < st.end && st.subject.at(p) != pc[1]) ++p;
      if (p >= st.end) return -1;
    }
    if (match_at(st, p, end_out)) return p;
    if (st.error) return -1;
  }
  return -1;
}

}  // namespace gilpy::stdlib::sre
