// runtime/repeat.h: filling a buffer with copies of its first `unit` bytes, by doubling
// copies (log2(count) memcpy calls, not one per copy): what str, bytes and bytearray
// repetition share. A zero unit or total copies nothing, whatever the count was.
#pragma once

#include <cstddef>
#include <cstring>

namespace gilpy::rt {

// buf[0, unit) is in place; makes buf[0, total) that block repeated (total a multiple of unit).
inline void repeat_in_place(char* buf, size_t unit, size_t total) {
  if (unit == 0) return;
  for (size_t done = unit; done < total;) {
    size_t k = done < total - done ? done : total - done;
    std::memcpy(buf + done, buf, k);
    done += k;
  }
}

}  // namespace gilpy::rt
