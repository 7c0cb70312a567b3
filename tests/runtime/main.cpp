// tests/runtime/main.cpp: the runtime unit tests' entry point: readies the built-in types
// and gives the test thread a ThreadState (errors are reported through it).
#include <gtest/gtest.h>

#include "runtime/runtime.h"

#if defined(__SANITIZE_ADDRESS__)
// A malloc that cannot be satisfied returns null, as in an ordinary build (where the
// allocation funnel turns it into std::bad_alloc), instead of ending the process: the
// tests of MemoryError paths need it. ASAN_OPTIONS can still override it.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }
#endif

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  gilpy::rt::init_runtime();
  static gilpy::rt::ThreadState ts;
  gilpy::rt::ThreadState::set_current(&ts);
  return RUN_ALL_TESTS();
}
