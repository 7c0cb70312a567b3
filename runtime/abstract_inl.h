// runtime/abstract_inl.h: template bodies for runtime/abstract.h.
#pragma once

#include "runtime/errors.h"

namespace gilpy::rt {

template <class Fn>
bool for_each(Value iterable, Fn&& fn) {
  Ref it = get_iter(iterable);
  if (!it) return false;
  for (;;) {
    Ref item = iter_next(it.get());
    if (!item) {
      // Exhausted; a generator's iternext reports a return value as StopIteration(value).
      if (error_pending() && error_matches(&StopIterationType)) clear_error();
      return !error_pending();
    }
    if (!fn(item.get())) return false;
  }
}

}  // namespace gilpy::rt
