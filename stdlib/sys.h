// stdlib/sys.h: what the sys module shares with the rest of gilpy.
#pragma once

#include <cstdint>

namespace gilpy::stdlib {

// The thread switch interval in microseconds, as sys.setswitchinterval last set it
// (default 5000). The GIL (runtime/gil.*) reads it, or installs switch_interval_hook to
// be told at once of every change.
int64_t switch_interval_us();
extern void (*switch_interval_hook)(int64_t us);

}  // namespace gilpy::stdlib
