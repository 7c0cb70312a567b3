// runtime/str_tokens.cpp: the per-thread cache of short split tokens (runtime/str_tokens.h).
#include "runtime/str_tokens.h"

#include <cstring>

namespace gilpy::rt {

// Two ways a set: a set per text hash holds the two newest tokens of that hash, the
// newer first. 1024 sets (16 KiB a thread) hold a list of a few hundred words with
// few evictions; tokens of 2 to 16 characters (one-character strs are cached already,
// longer ones rarely repeat).
struct StrTokenCache {
  static constexpr int kSetBits = 10;
  static constexpr int64_t kMaxLength = 16;
  struct Set {
    Str* newer = nullptr;
    Str* older = nullptr;
  };
  Set sets[1 << kSetBits];
};

namespace {

// A cheap hash of 2 to 16 bytes: the two (overlapping) 8-byte words at the ends.
inline uint32_t token_set(const char* p, int64_t n) {
  uint64_t head = 0, tail = 0;
  if (n >= 8) {
    std::memcpy(&head, p, 8);
    std::memcpy(&tail, p + n - 8, 8);
  } else {
    std::memcpy(&head, p, size_t(n));
  }
  uint64_t h = (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ uint64_t(n);
  return uint32_t(h >> (64 - StrTokenCache::kSetBits));
}

}  // namespace

Own<Str> str_token(const Str* s, int64_t start, int64_t stop) {
  int64_t n = stop - start;
  ThreadState* ts = ThreadState::current();
  if (s->kind != 1 || n < 2 || n > StrTokenCache::kMaxLength || !ts) return str_substr(s, start, stop);
  const char* text = s->ascii() + start;
  if (!ts->str_tokens) ts->str_tokens = new StrTokenCache();
  StrTokenCache::Set& set = ts->str_tokens->sets[token_set(text, n)];
  auto matches = [&](const Str* t) { return t && t->length == n && std::memcmp(t->ascii(), text, size_t(n)) == 0; };
  if (matches(set.newer)) return Own<Str>::borrow(set.newer);
  if (matches(set.older)) {
    std::swap(set.newer, set.older);
    return Own<Str>::borrow(set.newer);
  }
  Own<Str> token = str_from_ascii(std::string_view(text, size_t(n)));
  if (set.older) decref(set.older);
  set.older = set.newer;
  set.newer = token.get();
  incref(set.newer);
  return token;
}

void str_tokens_free(ThreadState* ts) {
  StrTokenCache* cache = ts->str_tokens;
  if (!cache) return;
  ts->str_tokens = nullptr;
  for (StrTokenCache::Set& set : cache->sets) {
    if (set.newer) decref(set.newer);
    if (set.older) decref(set.older);
  }
  delete cache;
}

}  // namespace gilpy::rt
