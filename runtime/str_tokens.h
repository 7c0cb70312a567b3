// runtime/str_tokens.h: the tokens str.split() returns, shared when they repeat.
//
// Text split into words repeats the same few words again and again: a word count over a
// million words of text may see a thousand distinct ones. CPython makes a new str for
// every token. gilpy keeps the last short ASCII tokens of each thread in a small two-way
// set-associative cache (StrTokenCache) and returns the cached str when the text matches.
// Fewer allocations, and what matters more: a dict keyed by words (or by tuples of
// them) then compares keys by identity, without reading the characters of a str
// allocated far away in memory. Which str objects are shared is not part of the language
// (`is` between equal strs is implementation-defined), so nothing a program may rely on
// changes. A slot holds a reference; the cache belongs to its thread and is freed when
// the thread ends (str_tokens_free).
#pragma once

#include <cstdint>

#include "runtime/str.h"
#include "runtime/thread_state.h"

namespace gilpy::rt {

// s[start:stop] (code point indices, 0 <= start < stop <= len(s)) for a token of split:
// the cached str when an equal short ASCII token was made recently on this thread.
Own<Str> str_token(const Str* s, int64_t start, int64_t stop);

// Releases a thread's cache (the thread is ending; GIL held).
void str_tokens_free(ThreadState* ts);

}  // namespace gilpy::rt
