// tests/vm/test_vm.cpp: the VM through its public API (vm/interpreter.h): code compiled
// from source runs in a fresh module namespace; the tests read results back from it.
#include <gtest/gtest.h>

#include <string>

#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "stdlib/frozen.h"
#include "stdlib/registry.h"
#include "vm/interpreter.h"
#include "vm/opcodes.h"

using namespace gilpy;
using rt::Ref;
using rt::Value;

namespace {

class VmTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    static bool ready = false;
    if (ready) return;
    ready = true;
    vm::Interpreter* interp = vm::interpreter_create(stdlib::native_module_table());
    interp->compile_source = compiler::compile_source;
    interp->frozen_modules = stdlib::frozen_module_table();
    Ref builtins = stdlib::create_builtins_module();
    ASSERT_TRUE(builtins);
    interp->builtins = rt::Own<rt::Module>::borrow(builtins.as<rt::Module>());
    interp->builtins_dict = rt::Own<rt::Dict>::borrow(builtins.as<rt::Module>()->dict);
    ASSERT_TRUE(vm::add_vm_builtins(interp->builtins.get()));
  }

  // Runs source as a module; returns its namespace (null on an uncaught exception).
  rt::Own<rt::Dict> run(const std::string& source) {
    rt::Own<vm::Code> code = compiler::compile(source, "<test>", compiler::Mode::Exec);
    if (!code) return nullptr;
    rt::Own<rt::Dict> globals = rt::dict_new();
    Ref name = rt::str_from_utf8("__test__").into_ref();
    rt::dict_set_str(globals.get(), "__name__", name.get());
    Ref r = vm::run_code(code.get(), globals.get(), globals.get());
    if (!r) return nullptr;
    return globals;
  }

  static int64_t int_of(rt::Dict* d, const char* name) {
    Value v = rt::dict_get_cstr(d, name);
    EXPECT_TRUE(v.is_small_int()) << name;
    return v.is_small_int() ? v.small_int() : -1;
  }

  static std::string str_of(rt::Dict* d, const char* name) {
    Value v = rt::dict_get_cstr(d, name);
    if (v.is_null() || !rt::is_str(v)) return "<missing>";
    return rt::str_to_utf8(v.as<rt::Str>());
  }

  // The pending exception's formatted traceback, cleared.
  static std::string pending_traceback() {
    Ref exc = rt::fetch_error();
    if (!exc) return "";
    return vm::format_exception(exc.get());
  }
};

TEST_F(VmTest, ArithmeticAndCalls) {
  auto g = run("def f(a, b=2, *args, k=3, **kw):\n    return a + b + k + len(args) + len(kw)\n"
               "x = f(1)\ny = f(1, 1, 5, 6, k=0, z=9)\nz = (2 ** 70) // (2 ** 68)\n");
  ASSERT_TRUE(g);
  EXPECT_EQ(int_of(g.get(), "x"), 6);
  EXPECT_EQ(int_of(g.get(), "y"), 5);
  EXPECT_EQ(int_of(g.get(), "z"), 4);
}

TEST_F(VmTest, ClosuresAndClasses) {
  auto g = run("def counter():\n    n = 0\n    def bump():\n        nonlocal n\n        n += 1\n        return n\n"
               "    return bump\nc = counter(); c(); c()\nresult = c()\n"
               "class A:\n    def who(self): return 'A'\nclass B(A):\n    def who(self): return 'B' + super().who()\n"
               "name = B().who()\n");
  ASSERT_TRUE(g);
  EXPECT_EQ(int_of(g.get(), "result"), 3);
  EXPECT_EQ(str_of(g.get(), "name"), "BA");
}

TEST_F(VmTest, ExceptionsUnwindThroughFinally) {
  auto g = run("log = ''\ndef f():\n    global log\n    try:\n        1 / 0\n    finally:\n        log += 'f'\n"
               "try:\n    f()\nexcept ZeroDivisionError as e:\n    log += 'c:' + str(e)\n");
  ASSERT_TRUE(g);
  EXPECT_EQ(str_of(g.get(), "log"), "fc:division by zero");
}

TEST_F(VmTest, TracebackNamesEveryFrameAndLine) {
  auto g = run("def inner():\n    raise KeyError('k')\n\ndef outer():\n    inner()\n\nouter()\n");
  ASSERT_FALSE(g);
  std::string tb = pending_traceback();
  EXPECT_NE(tb.find("line 7, in <module>"), std::string::npos) << tb;
  EXPECT_NE(tb.find("line 5, in outer"), std::string::npos) << tb;
  EXPECT_NE(tb.find("line 2, in inner"), std::string::npos) << tb;
  EXPECT_NE(tb.find("KeyError: 'k'"), std::string::npos) << tb;
}

TEST_F(VmTest, GeneratorsSendAndReturn) {
  auto g = run("def acc():\n    total = 0\n    while True:\n        x = yield total\n        if x is None:\n"
               "            return total\n        total += x\n"
               "g = acc(); next(g); g.send(3); g.send(4)\ntry:\n    g.send(None)\nexcept StopIteration as e:\n"
               "    final = e.value\n");
  ASSERT_TRUE(g);
  EXPECT_EQ(int_of(g.get(), "final"), 7);
}

TEST_F(VmTest, RecursionLimitRaisesRecursionError) {
  auto g = run("def r(n):\n    return r(n + 1)\ntry:\n    r(0)\nexcept RecursionError as e:\n    msg = str(e)\n");
  ASSERT_TRUE(g);
  EXPECT_EQ(str_of(g.get(), "msg"), "maximum recursion depth exceeded");
}

TEST_F(VmTest, CycleCollectorFreesCycles) {
  auto g = run("import gc\nfreed = []\nclass N:\n    def __del__(self): freed.append(1)\n"
               "a = N(); b = N(); a.p = b; b.p = a\ndel a, b\nbefore = len(freed)\ngc.collect()\nafter = len(freed)\n");
  ASSERT_TRUE(g);
  EXPECT_EQ(int_of(g.get(), "before"), 0);
  EXPECT_EQ(int_of(g.get(), "after"), 2);
}

TEST_F(VmTest, UnboundLocalHasCPythonMessage) {
  auto g = run("x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n");
  ASSERT_FALSE(g);
  std::string tb = pending_traceback();
  EXPECT_NE(tb.find("UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"),
            std::string::npos)
      << tb;
}

TEST(Opcodes, TablesComeFromOneDefinition) {
  EXPECT_STREQ(vm::op_info(vm::Op::LOAD_GLOBAL).name, "LOAD_GLOBAL");
  EXPECT_EQ(vm::op_info(vm::Op::LOAD_GLOBAL).caches, 2);
  EXPECT_EQ(vm::op_stack_effect(vm::Op::BUILD_TUPLE, 3, false), -2);
  EXPECT_EQ(vm::op_stack_effect(vm::Op::FOR_ITER, 0, true), -1);
  EXPECT_TRUE(vm::op_has_jump(vm::Op::POP_JUMP_IF_FALSE));
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
