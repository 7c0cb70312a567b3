// tests/compiler/test_codegen.cpp: code generator tests.
//
//  * Golden disassembly: each tests/compiler/golden/NAME.py compiles to the text in
//    NAME.dis (vm::disassemble, recursive; addresses blanked). Regenerate after an
//    intended change with GILPY_UPDATE_GOLDEN=1 and review the diff.
//  * Every program of the shared conformance corpus (but syntax_*.py) and workloads
//    compiles, and every code object passes the structural checks below (jump targets in
//    range, conditional jumps forward, exception-table rows sane).
//  * A syntax error comes back as a pending SyntaxError with CPython's attributes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "vm/code.h"

namespace fs = std::filesystem;
using namespace gilpy;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string pending_error_text() {
  rt::Ref exc = rt::fetch_error();
  if (!exc) return "(no exception)";
  std::string s = std::string(rt::type_name(exc.get())) + ": " + rt::repr_utf8(exc.get());
  for (const char* attr : {"lineno", "offset"}) {
    rt::Ref v = rt::getattr(exc.get(), attr);
    if (v) s += std::string(" ") + attr + "=" + rt::repr_utf8(v.get());
    else rt::clear_error();
  }
  return s;
}

// Structural checks of one code object and its nested ones; returns problems found.
void verify_code(vm::Code* c, std::vector<std::string>& problems) {
  std::string where = rt::str_to_utf8(c->qualname) + ": ";
  const auto& code = c->code;
  uint32_t ext = 0;
  std::vector<char> starts(code.size() + 1, 0);
  for (size_t i = 0; i < code.size();) {
    starts[i] = 1;
    vm::Op op = vm::instr_op(code[i]);
    if (int(op) >= vm::kOpCount) {
      problems.push_back(where + "bad opcode at " + std::to_string(i));
      return;
    }
    uint32_t arg = vm::instr_arg(code[i]) | ext;
    ext = op == vm::Op::EXTENDED_ARG ? arg << 24 : 0;
    if (vm::op_has_jump(op)) {
      if (arg >= code.size())
        problems.push_back(where + "jump out of range at " + std::to_string(i));
      bool backward_ok = op == vm::Op::JUMP_BACKWARD;
      if (!backward_ok && arg <= i)
        problems.push_back(where + "backward " + vm::op_info(op).name + " at " + std::to_string(i));
      if (op == vm::Op::JUMP_BACKWARD && arg > i)
        problems.push_back(where + "forward JUMP_BACKWARD at " + std::to_string(i));
    }
    i += 1 + vm::op_info(op).caches;
  }
  starts[code.size()] = 1;
  int prev_end = 0;
  for (const auto& row : c->exception_table) {
    if (row.start < prev_end || row.start >= row.end || size_t(row.end) > code.size() ||
        !starts[row.start] || !starts[row.end] || size_t(row.target) >= code.size() ||
        row.depth < 0 || row.depth > c->stacksize)
      problems.push_back(where + "bad exception table row");
    prev_end = row.end;
  }
  if (c->lines.empty() && !code.empty()) problems.push_back(where + "no line table");
  for (int64_t i = 0; i < c->consts->size; ++i) {
    if (vm::is_code(c->consts->items[i])) verify_code(c->consts->items[i].as<vm::Code>(), problems);
  }
}

std::string normalise(std::string s) {
  static const std::regex addr("0x[0-9a-fA-F]+");
  return std::regex_replace(s, addr, "0x...");
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& ext, bool recursive) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  } else {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(Codegen, GoldenDisassembly) {
  fs::path dir = GILPY_GOLDEN_DIR;
  bool update = std::getenv("GILPY_UPDATE_GOLDEN") != nullptr;
  auto files = files_in(dir, ".py", false);
  ASSERT_FALSE(files.empty());
  for (const auto& py : files) {
    SCOPED_TRACE(py.filename().string());
    std::string src = read_file(py);
    rt::Own<vm::Code> co = compiler::compile(src, py.filename().string(), compiler::Mode::Exec);
    ASSERT_TRUE(co) << pending_error_text();
    std::vector<std::string> problems;
    verify_code(co.get(), problems);
    EXPECT_TRUE(problems.empty()) << problems[0];
    std::string text = normalise(vm::disassemble(co.get(), true));
    fs::path golden = py;
    golden.replace_extension(".dis");
    if (update) {
      std::ofstream(golden, std::ios::binary) << text;
      continue;
    }
    // A missing golden file fails: writing it here would let any output pass.
    if (!fs::exists(golden)) {
      ADD_FAILURE() << "no golden file " << golden.string()
                    << ": write it with GILPY_UPDATE_GOLDEN=1 build/tests/compiler/test_codegen, review it, commit it";
      continue;
    }
    EXPECT_EQ(text, read_file(golden));
  }
}

TEST(Codegen, CompilesCorpus) {
  fs::path shared = GILPY_SHARED_DIR;
  std::vector<fs::path> files = files_in(shared / "conformance", ".py", true);
  for (const auto& p : files_in(shared / "workloads", ".py", false)) files.push_back(p);
  ASSERT_FALSE(files.empty());
  int failures = 0;
  for (const auto& p : files) {
    if (p.filename().string().rfind("syntax_", 0) == 0) continue;
    std::string src = read_file(p);
    rt::Own<vm::Code> co = compiler::compile(src, p.string(), compiler::Mode::Exec);
    if (!co) {
      ADD_FAILURE() << p << ": " << pending_error_text();
      ++failures;
      continue;
    }
    std::vector<std::string> problems;
    verify_code(co.get(), problems);
    if (!problems.empty()) ADD_FAILURE() << p << ": " << problems[0];
  }
  EXPECT_EQ(failures, 0);
}

TEST(Codegen, SyntaxErrorAttributes) {
  rt::Own<vm::Code> co =
      compiler::compile("x = 1\nif x\n    pass\n", "bad.py", compiler::Mode::Exec);
  ASSERT_FALSE(co);
  ASSERT_TRUE(rt::error_pending());
  rt::Ref exc = rt::fetch_error();
  EXPECT_STREQ(rt::type_name(exc.get()), "SyntaxError");
  auto attr = [&](const char* name) {
    rt::Ref v = rt::getattr(exc.get(), name);
    if (!v) {
      rt::clear_error();
      return std::string("<missing>");
    }
    return rt::repr_utf8(v.get());
  };
  EXPECT_EQ(attr("msg"), "\"expected ':'\"");
  EXPECT_EQ(attr("filename"), "'bad.py'");
  EXPECT_EQ(attr("lineno"), "2");
  EXPECT_EQ(attr("offset"), "5");
  EXPECT_EQ(attr("text"), "'if x\\n'");
  EXPECT_EQ(attr("end_lineno"), "2");
  // args mirrors the attributes.
  EXPECT_EQ(attr("args"), "(\"expected ':'\", ('bad.py', 2, 5, 'if x\\n', 2, " +
                              attr("end_offset") + "))");

  // An error found by the code generator: the range of the offending keyword.
  co = compiler::compile("def f():\n    f(x=1, x=2)\n", "bad.py", compiler::Mode::Exec);
  ASSERT_FALSE(co);
  exc = rt::fetch_error();
  ASSERT_TRUE(exc);
  EXPECT_STREQ(rt::type_name(exc.get()), "SyntaxError");
  EXPECT_EQ(attr("msg"), "'keyword argument repeated: x'");
  EXPECT_EQ(attr("lineno"), "2");
  EXPECT_EQ(attr("offset"), "12");
  EXPECT_EQ(attr("end_lineno"), "2");
  EXPECT_EQ(attr("end_offset"), "15");
  EXPECT_EQ(attr("text"), "'    f(x=1, x=2)\\n'");
}

TEST(Codegen, CodegenErrors) {
  struct Case {
    const char* src;
    const char* msg;
    int lineno;
  } cases[] = {
      {"a, *b, *c = x\n", "multiple starred expressions in assignment", 1},
      {"*a = x\n", "starred assignment target must be in a list or tuple", 1},
      {"def f():\n    f(x=1, x=2)\n", "keyword argument repeated: x", 2},
      {"def f():\n    yield from g()\n    return 1\nasync def h():\n    yield from g()\n",
       "'yield from' inside async function", 5},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.src);
    rt::Own<vm::Code> co = compiler::compile(c.src, "e.py", compiler::Mode::Exec);
    ASSERT_FALSE(co);
    rt::Ref exc = rt::fetch_error();
    ASSERT_TRUE(exc);
    EXPECT_STREQ(rt::type_name(exc.get()), "SyntaxError");
    rt::Ref msg = rt::getattr(exc.get(), "msg");
    ASSERT_TRUE(msg);
    EXPECT_EQ(rt::str_to_utf8(msg.as<rt::Str>()), c.msg);
    rt::Ref lineno = rt::getattr(exc.get(), "lineno");
    ASSERT_TRUE(lineno);
    EXPECT_EQ(rt::repr_utf8(lineno.get()), std::to_string(c.lineno));
  }
}

TEST(Codegen, EvalAndSingleModes) {
  rt::Own<vm::Code> co = compiler::compile("1 + x", "<string>", compiler::Mode::Eval);
  ASSERT_TRUE(co) << pending_error_text();
  std::string text = vm::disassemble(co.get(), false);
  EXPECT_NE(text.find("RETURN_VALUE"), std::string::npos);
  co = compiler::compile("x\n", "<stdin>", compiler::Mode::Single);
  ASSERT_TRUE(co) << pending_error_text();
  text = vm::disassemble(co.get(), false);
  EXPECT_NE(text.find("PRINT_EXPR"), std::string::npos);
}
