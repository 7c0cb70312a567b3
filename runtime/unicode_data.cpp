// runtime/unicode_data.cpp: lookups over the generated tables (runtime/unicode_data.h).
#include "runtime/unicode_data.h"

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

}  // namespace gilpy::rt::unicode
