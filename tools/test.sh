#!/usr/bin/env bash
# Builds gilpy and runs the whole test suite: the Release build's ctest (unit tests,
# script tests, the conformance corpus when ../shared exists), then the same suite built
# with AddressSanitizer + UndefinedBehaviorSanitizer.
#   tools/test.sh            everything
#   tools/test.sh --fast     the Release build only
# A ThreadSanitizer build (build-tsan) then runs the threading tests only (ctest -L threads),
# and the fuzz target (build-fuzz, clang) runs for 2 minutes in each mode.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${GILPY_JOBS:-2}

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

if [ "${1:-}" != "--fast" ]; then
  # Leak checking is on, for the build's tools and every gilpy the tests start (they pass
  # the environment on). What the interpreter keeps until exit stays reachable from it;
  # gilpy shows LeakSanitizer each collectable object only through real references
  # (runtime/gc.h: gc_forget_tracked_for_leak_check) and each suspended greenlet's stack
  # (runtime/fiber.h), so a report is a reference-counting leak or uncollected garbage.
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGILPY_SANITIZE=address -DGILPY_BENCH=OFF
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ctest --output-on-failure -j"$jobs")

  # ThreadSanitizer: only the tests labelled "threads" (GIL, _thread, threading, queue),
  # the stress test 10x smaller, so that CI stays well under its time budget.
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGILPY_SANITIZE=thread -DGILPY_BENCH=OFF \
        -DGILPY_STRESS_SCALE=10
  cmake --build build-tsan -j"$jobs" --target gilpy
  (cd build-tsan && ctest --output-on-failure -j"$jobs" -L threads)

  # The libFuzzer target, both modes, for 2 minutes (tools/fuzz.sh; longer runs by hand).
  tools/fuzz.sh 2
fi
