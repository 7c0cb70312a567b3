// tests/runtime/main.cpp: the runtime unit tests' entry point: readies the built-in types
// and gives the test thread a ThreadState (errors are reported through it).
#include <gtest/gtest.h>

#include "runtime/runtime.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  gilpy::rt::init_runtime();
  static gilpy::rt::ThreadState ts;
  gilpy::rt::ThreadState::set_current(&ts);
  return RUN_ALL_TESTS();
}
