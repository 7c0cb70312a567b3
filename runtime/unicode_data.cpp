// runtime/unicode_data.cpp: lookups over the generated tables (runtime/unicode_data.h):
// properties and case mappings for str, and the unicodedata database (records, numeric
// values, decompositions, names, normalization as UAX #15 describes it).
#include "runtime/unicode_data.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace gilpy::rt::unicode {

uint16_t flags_slow(char32_t c) {
  int lo = 0, hi = kPropRunCount - 1;  // find the last run starting at or before c
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (kPropRuns[mid].start <= c) lo = mid; else hi = mid - 1;
  }
  return kPropRuns[lo].flags;
}

int decimal_value(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c < 128) return -1;
  int lo = 0, hi = kDecimalZeroCount - 1;
  if (c < kDecimalZeros[0]) return -1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (kDecimalZeros[mid] <= c) lo = mid; else hi = mid - 1;
  }
  uint32_t d = c - kDecimalZeros[lo];
  return d < 10 ? int(d) : -1;
}

static int case_map(const CaseRun* runs, int nruns, const SpecialCase* sp, int nsp,
                    char32_t c, char32_t out[3]) {
  if (nsp > 0 && c >= sp[0].cp) {
    int lo = 0, hi = nsp - 1;
    while (lo <= hi) {
      int mid = (lo + hi) / 2;
      if (sp[mid].cp == c) {
        for (uint32_t i = 0; i < sp[mid].len; i++) out[i] = sp[mid].chars[i];
        return int(sp[mid].len);
      }
      if (sp[mid].cp < c) lo = mid + 1; else hi = mid - 1;
    }
  }
  out[0] = c;
  if (c < runs[0].start) return 1;
  int lo = 0, hi = nruns - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (runs[mid].start <= c) lo = mid; else hi = mid - 1;
  }
  const CaseRun& r = runs[lo];
  if (c <= r.end && (c - r.start) % uint32_t(r.stride) == 0) out[0] = char32_t(int32_t(c) + r.delta);
  return 1;
}

int to_lower_full(char32_t c, char32_t out[3]) {
  if (c < 128) { out[0] = (c >= 'A' && c <= 'Z') ? c + 32 : c; return 1; }
  return case_map(kLowerRuns, kLowerRunCount, kLowerSpecial, kLowerSpecialCount, c, out);
}
int to_upper_full(char32_t c, char32_t out[3]) {
  if (c < 128) { out[0] = (c >= 'a' && c <= 'z') ? c - 32 : c; return 1; }
  return case_map(kUpperRuns, kUpperRunCount, kUpperSpecial, kUpperSpecialCount, c, out);
}
int to_title_full(char32_t c, char32_t out[3]) {
  if (c < 128) { out[0] = (c >= 'a' && c <= 'z') ? c - 32 : c; return 1; }
  return case_map(kTitleRuns, kTitleRunCount, kTitleSpecial, kTitleSpecialCount, c, out);
}
int to_fold_full(char32_t c, char32_t out[3]) {
  if (c < 128) { out[0] = (c >= 'A' && c <= 'Z') ? c + 32 : c; return 1; }
  return case_map(kFoldRuns, kFoldRunCount, kFoldSpecial, kFoldSpecialCount, c, out);
}
char32_t to_lower(char32_t c) {
  char32_t out[3];
  return to_lower_full(c, out) == 1 ? out[0] : c;
}
char32_t to_upper(char32_t c) {
  char32_t out[3];
  return to_upper_full(c, out) == 1 ? out[0] : c;
}

// ---------------------------------------------------------------------------------------
// The unicodedata database

const UcdRecord& record(char32_t c) {
  if (c >= 0x110000) return kUcdRecords[0];
  uint32_t block = kUcdIndex1[c >> kUcdShift];
  return kUcdRecords[kUcdIndex2[(block << kUcdShift) + (c & ((1u << kUcdShift) - 1))]];
}

// The entry of a table sorted by cp whose cp is c, or null.
template <typename T>
static const T* find_cp(const T* table, int count, char32_t c) {
  const T* end = table + count;
  const T* it = std::lower_bound(table, end, c, [](const T& e, char32_t v) { return e.cp < v; });
  return it != end && it->cp == c ? it : nullptr;
}

const NumericEntry* numeric_entry(char32_t c) { return find_cp(kNumericValues, kNumericValueCount, c); }

const uint32_t* decomposition(char32_t c, int* tag, int* count) {
  const DecompEntry* e = find_cp(kDecompIndex, kDecompCount, c);
  if (!e) return nullptr;
  uint32_t head = kDecompData[e->offset];
  *tag = int(head >> 8);
  *count = int(head & 0xFF);
  return kDecompData + e->offset + 1;
}

std::string decomposition_text(char32_t c) {
  int tag, count;
  const uint32_t* d = decomposition(c, &tag, &count);
  if (!d) return "";
  std::string out = kDecompTags[tag];
  for (int i = 0; i < count; i++) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%04X", out.empty() ? "" : " ", unsigned(d[i]));
    out += buf;
  }
  return out;
}

// --- names

namespace {

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
              kSCount = kLCount * kNCount;
const char* const kJamoL[kLCount] = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S",
                                     "SS", "", "J", "JJ", "C", "K", "T", "P", "H"};
const char* const kJamoV[kVCount] = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE",
                                     "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"};
const char* const kJamoT[kTCount] = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG",
                                     "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S",
                                     "SS", "NG", "J", "C", "K", "T", "P", "H"};
constexpr char kHangulPrefix[] = "HANGUL SYLLABLE ";

std::string stored_name(int index) {
  std::string out;
  for (uint32_t p = kNameIndex[index].offset; p < kNameIndex[index + 1].offset;) {
    int w = kNameBytes[p++];
    if (w >= 0x80) w = 0x80 + (((w & 0x7F) << 8) | kNameBytes[p++]);
    if (!out.empty()) out.push_back(' ');
    out += kNameWords[w];
  }
  return out;
}

// Every stored name and alias, upper case, to its character; named sequences apart.
struct NameTable {
  std::unordered_map<std::string, char32_t> chars;
  std::unordered_map<std::string, const NamedSequence*> sequences;
  NameTable() {
    chars.reserve(size_t(kNameCount + kNameAliasCount));
    for (int i = 0; i < kNameCount; i++) chars.emplace(stored_name(i), kNameIndex[i].cp);
    for (int i = 0; i < kNameAliasCount; i++) chars.emplace(kNameAliases[i].name, kNameAliases[i].cp);
    for (int i = 0; i < kNamedSequenceCount; i++)
      sequences.emplace(kNamedSequences[i].name, &kNamedSequences[i]);
  }
};

const NameTable& name_table() {
  static const NameTable table;  // built on first use (thread-safe static initialisation)
  return table;
}

// The index of the longest jamo short name in `names` that starts s at pos (the empty
// name matches when nothing else does), advancing pos.
int match_jamo(const char* const* names, int count, std::string_view s, size_t* pos) {
  int best = -1;
  size_t best_len = 0;
  for (int i = 0; i < count; i++) {
    size_t n = std::char_traits<char>::length(names[i]);
    if (s.compare(*pos, n, names[i]) == 0 && (best < 0 || n > best_len)) {
      best = i;
      best_len = n;
    }
  }
  *pos += best_len;
  return best;
}

}  // namespace

std::string char_name(char32_t c) {
  if (c >= kSBase && c < kSBase + kSCount) {
    int s = int(c - kSBase);
    return std::string(kHangulPrefix) + kJamoL[s / kNCount] + kJamoV[(s % kNCount) / kTCount] +
           kJamoT[s % kTCount];
  }
  for (int i = 0; i < kNameRangeCount; i++) {
    if (c >= kNameRanges[i].start && c <= kNameRanges[i].end) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04X", unsigned(c));
      return std::string(kNamePrefixes[kNameRanges[i].prefix]) + buf;
    }
  }
  const NameEntry* end = kNameIndex + kNameCount;
  const NameEntry* it = std::lower_bound(kNameIndex, end, c,
                                         [](const NameEntry& e, char32_t v) { return e.cp < v; });
  if (it == end || it->cp != c) return "";
  return stored_name(int(it - kNameIndex));
}

bool lookup_name(std::string_view query, bool sequences, std::u32string* out) {
  out->clear();
  // As CPython's: Hangul syllables and CJK unified ideographs are recognised by algorithm,
  // case-sensitively (upper-case hex, 4 or 5 digits); every other name compares without
  // regard to case.
  constexpr std::string_view kCjk = "CJK UNIFIED IDEOGRAPH-";
  if (query.substr(0, sizeof kHangulPrefix - 1) == kHangulPrefix) {
    size_t pos = sizeof kHangulPrefix - 1;
    int l = match_jamo(kJamoL, kLCount, query, &pos);
    int v = match_jamo(kJamoV, kVCount, query, &pos);
    int t = match_jamo(kJamoT, kTCount, query, &pos);
    if (l >= 0 && v >= 0 && t >= 0 && pos == query.size()) {
      out->push_back(kSBase + char32_t((l * kVCount + v) * kTCount + t));
      return true;
    }
    return false;
  }
  auto parse_hex = [](std::string_view hex, uint32_t* v) {
    if (hex.size() < 4 || hex.size() > 5) return false;
    *v = 0;
    for (char ch : hex) {
      int d = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
      if (d < 0) return false;
      *v = *v * 16 + uint32_t(d);
    }
    return true;
  };
  auto in_ranges = [](std::string_view prefix, uint32_t v) {
    for (int i = 0; i < kNameRangeCount; i++)
      if (kNamePrefixes[kNameRanges[i].prefix] == prefix && v >= kNameRanges[i].start &&
          v <= kNameRanges[i].end)
        return true;
    return false;
  };
  uint32_t v;
  if (query.substr(0, kCjk.size()) == kCjk) {
    if (parse_hex(query.substr(kCjk.size()), &v) && in_ranges(kCjk, v)) {
      out->push_back(char32_t(v));
      return true;
    }
    // else fall through to the stored names, as CPython does (and finds nothing)
  }
  std::string name(query);
  for (char& ch : name)
    if (ch >= 'a' && ch <= 'z') ch = char(ch - 32);
  for (int i = 0; i < kNameRangeCount; i++) {  // the other ranges stand for stored names
    std::string_view prefix = kNamePrefixes[kNameRanges[i].prefix];
    if (prefix == kCjk || std::string_view(name).substr(0, prefix.size()) != prefix) continue;
    std::string_view hex = std::string_view(name).substr(prefix.size());
    char buf[16];
    if (parse_hex(hex, &v) && v >= kNameRanges[i].start && v <= kNameRanges[i].end &&
        hex == std::string_view(buf, size_t(std::snprintf(buf, sizeof buf, "%04X", unsigned(v))))) {
      out->push_back(char32_t(v));
      return true;
    }
  }
  const NameTable& table = name_table();
  if (auto it = table.chars.find(name); it != table.chars.end()) {
    out->push_back(it->second);
    return true;
  }
  if (sequences) {
    if (auto it = table.sequences.find(name); it != table.sequences.end()) {
      out->assign(it->second->chars, it->second->len);
      return true;
    }
  }
  return false;
}

// --- normalization

static void decompose_into(char32_t c, bool compat, std::u32string* out) {
  if (c >= kSBase && c < kSBase + kSCount) {
    int s = int(c - kSBase);
    out->push_back(kLBase + char32_t(s / kNCount));
    out->push_back(kVBase + char32_t((s % kNCount) / kTCount));
    if (s % kTCount) out->push_back(kTBase + char32_t(s % kTCount));
    return;
  }
  int tag, count;
  const uint32_t* d = decomposition(c, &tag, &count);
  if (!d || (tag != 0 && !compat)) {
    out->push_back(c);
    return;
  }
  for (int i = 0; i < count; i++) decompose_into(char32_t(d[i]), compat, out);
}

static char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + char32_t((int(a - kLBase) * kVCount + int(b - kVBase)) * kTCount);
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
      b < kTBase + kTCount)
    return a + (b - kTBase);
  const CompPair* end = kCompPairs + kCompPairCount;
  const CompPair* it = std::lower_bound(kCompPairs, end, std::make_pair(a, b),
                                        [](const CompPair& p, std::pair<char32_t, char32_t> v) {
                                          return p.first != v.first ? p.first < v.first
                                                                    : p.second < v.second;
                                        });
  return it != end && it->first == a && it->second == b ? char32_t(it->composite) : 0;
}

std::u32string normalize(std::u32string_view s, bool compose, bool compat) {
  std::u32string d;
  d.reserve(s.size());
  for (char32_t c : s) decompose_into(c, compat, &d);
  // Canonical ordering: a stable sort of each run of non-starters by combining class.
  for (size_t i = 1; i < d.size(); i++) {
    int cc = record(d[i]).combining;
    if (cc == 0) continue;
    size_t j = i;
    while (j > 0 && record(d[j - 1]).combining > cc) {
      std::swap(d[j - 1], d[j]);
      j--;
    }
  }
  if (!compose) return d;
  std::u32string r;
  r.reserve(d.size());
  size_t starter = std::u32string::npos;
  int last_cc = 0;
  for (char32_t c : d) {
    int cc = record(c).combining;
    if (starter != std::u32string::npos &&
        (r.size() - 1 == starter || (last_cc != 0 && last_cc < cc))) {
      if (char32_t comp = compose_pair(r[starter], c)) {
        r[starter] = comp;
        continue;
      }
    }
    if (cc == 0) starter = r.size();
    last_cc = cc;
    r.push_back(c);
  }
  return r;
}

}  // namespace gilpy::rt::unicode
