// tests/compiler/codegen_main.cpp: the test main of test_codegen: creates the
// interpreter (runtime types, code type, the main thread's state): constants are runtime
// objects and compile errors are pending exceptions on the thread state.
#include <gtest/gtest.h>

#include "runtime/bytes.h"
#include "vm/interpreter.h"

int main(int argc, char** argv) {
  gilpy::vm::interpreter_create(nullptr);
  // bytes constants need the bytes type; ready it if start-up did not (yet).
  if (!gilpy::rt::BytesType.dealloc) gilpy::rt::init_bytes_type();
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
