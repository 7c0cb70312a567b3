// runtime/gil_clock.h: the GIL meter's clock. Nanoseconds on CLOCK_MONOTONIC's scale,
// read at every acquisition and release while the meter runs (runtime/gil.cpp), so its
// cost is most of what measuring costs on a workload that switches millions of times a
// second (thread_pingpong: three reads a switch).
//
// Where the kernel itself keeps time with the CPU's time-stamp counter (its clocksource
// is "tsc": constant rate, synchronised across CPUs, checked by the kernel at boot), the
// meter reads the counter directly and scales it: about a third of clock_gettime's cost
// on this project's machines (no seqlock, no serialising read). Elsewhere it reads
// clock_gettime. The scale is measured once, when the meter starts, against
// CLOCK_MONOTONIC over a quarter of a millisecond (to about 1e-4).
#pragma once

#include <time.h>

#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace gilpy::rt {

inline uint64_t monotonic_ns() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

class GilClock {
 public:
  // Decides between the counter and clock_gettime and measures the counter's rate.
  // Called once, before any thread reads the clock (gil_meter_start publishes it).
  void calibrate();

  uint64_t now_ns() const {
#if defined(__x86_64__)
    if (use_tsc_) {
      unsigned __int128 scaled = (unsigned __int128)(__rdtsc() - tsc_base_) * ns_per_tick_q32_;
      return ns_base_ + uint64_t(scaled >> 32);
    }
#endif
    return monotonic_ns();
  }

 private:
  bool use_tsc_ = false;
  uint64_t tsc_base_ = 0;
  uint64_t ns_base_ = 0;
  uint64_t ns_per_tick_q32_ = 0;  // nanoseconds per tick, times 2^32
};

}  // namespace gilpy::rt
