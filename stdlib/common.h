// stdlib/common.h: small helpers shared by the native modules (stdlib-internal).
#pragma once

#include <string>
#include <string_view>

#include "runtime/runtime.h"

namespace gilpy::stdlib {

using rt::Own;
using rt::Ref;
using rt::Tuple;
using rt::Value;

// os.path.normpath of a POSIX path (stdlib/os.cpp): "/a//b/../c/." -> "/a/c".
std::string normpath_posix(const std::string& path);

inline Ref new_str(std::string_view utf8) { return rt::str_from_utf8(utf8).into_ref(); }

// The UTF-8 text of a str Value (precondition: rt::is_str(v)).
inline std::string utf8_of(Value v) {
  const rt::Str* s = v.as<rt::Str>();
  if (s->kind == 1) return std::string(s->ascii_view());
  return rt::str_to_utf8(s);
}

// A new tuple from owned Refs (steals each).
template <class... R>
Ref make_tuple(R&&... items) {
  Ref refs[] = {std::move(items)...};
  constexpr int64_t n = sizeof...(R);
  Own<Tuple> t = rt::tuple_new(n);
  for (int64_t i = 0; i < n; i++) {
    if (!refs[i]) return nullptr;
  }
  for (int64_t i = 0; i < n; i++) t->items[i] = refs[i].release();
  return t.into_ref();
}

inline Ref int_ref(int64_t i) { return rt::make_int(i); }

}  // namespace gilpy::stdlib
