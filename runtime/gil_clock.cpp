// runtime/gil_clock.cpp: choosing and calibrating the GIL meter's clock (gil_clock.h).
#include "runtime/gil_clock.h"

#include <fstream>
#include <string>

namespace gilpy::rt {

namespace {

bool kernel_keeps_time_with_tsc() {
  std::ifstream source("/sys/devices/system/clocksource/clocksource0/current_clocksource");
  std::string name;
  return source >> name && name == "tsc";
}

}  // namespace

void GilClock::calibrate() {
#if defined(__x86_64__)
  if (!kernel_keeps_time_with_tsc()) return;
  constexpr uint64_t kCalibrationNs = 250000;
  uint64_t ns0 = monotonic_ns(), tsc0 = __rdtsc();
  uint64_t ns1, tsc1;
  do {
    ns1 = monotonic_ns();
    tsc1 = __rdtsc();
  } while (ns1 - ns0 < kCalibrationNs);
  if (tsc1 <= tsc0) return;  // a counter that does not advance: keep clock_gettime
  ns_per_tick_q32_ = uint64_t(((unsigned __int128)(ns1 - ns0) << 32) / (tsc1 - tsc0));
  tsc_base_ = tsc1;
  ns_base_ = ns1;
  use_tsc_ = true;
#endif
}

}  // namespace gilpy::rt
