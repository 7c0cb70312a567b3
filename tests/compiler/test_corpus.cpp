// Corpus test: every Python file of ../shared/conformance and ../shared/workloads
// goes through the front-end (parse + symtable) without error, except the three
// deliberately broken syntax_*.py files, which must fail with exactly the last
// line recorded in their .err file. Also parses a large synthetic file (timing
// is printed, not asserted: performance targets live in bench/).
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/parser.h"
#include "compiler/symtable.h"

using namespace gilpy::compiler;
namespace fs = std::filesystem;

#ifndef GILPY_SHARED_DIR
#define GILPY_SHARED_DIR "/work/shared"
#endif

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const char* sub : {"conformance", "workloads"}) {
    fs::path dir = fs::path(GILPY_SHARED_DIR) / sub;
    if (!fs::exists(dir)) continue;
    for (auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".py") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(Corpus, ParsesEverySharedFile) {
  if (!fs::exists(GILPY_SHARED_DIR)) GTEST_SKIP() << GILPY_SHARED_DIR << " is absent";
  auto files = corpus_files();
  ASSERT_FALSE(files.empty());
  int broken = 0;
  for (const fs::path& p : files) {
    std::string src = read_file(p);
    std::string name = p.filename().string();
    bool expect_error = name.rfind("syntax_", 0) == 0;
    std::optional<CompileError> err;
    try {
      auto m = parse(src, p.string());
      SymbolTable::build(*m, p.string(), src);
    } catch (const CompileError& e) {
      err = e;
    }
    if (!expect_error) {
      EXPECT_FALSE(err.has_value()) << p << ":" << (err ? err->lineno : 0) << ": "
                                    << (err ? err->summary() : "");
      continue;
    }
    ++broken;
    fs::path errfile = p;
    errfile.replace_extension(".err");
    ASSERT_TRUE(err.has_value()) << p << " should not compile";
    if (fs::exists(errfile)) {
      EXPECT_EQ(err->summary(), last_line(read_file(errfile))) << p;
    }
  }
  EXPECT_EQ(broken, 3);
}

TEST(Corpus, LargeFile) {
  std::string chunk =
      "def f(a, b=1, *args, **kw):\n"
      "    x = [i * 2 for i in range(a) if i % 3]\n"
      "    d = {'k': x, **kw}\n"
      "    s = f\"{a!r:>10} {b=}\"\n"
      "    try:\n"
      "        return a + b * (x[0] if x else -1) ** 2\n"
      "    except (ValueError, KeyError) as e:\n"
      "        raise RuntimeError(str(e)) from e\n"
      "class C(Base, metaclass=M):\n"
      "    def m(self):\n"
      "        return super().m(lambda y: y + self.z)\n";
  std::string src;
  while (std::count(src.begin(), src.end(), '\n') < 10000) src += chunk;
  std::clock_t c0 = std::clock();  // CPU time: the machine may be shared
  auto m = parse(src, "big.py");
  auto st = SymbolTable::build(*m, "big.py", src);
  std::clock_t c1 = std::clock();
  double ms = 1000.0 * static_cast<double>(c1 - c0) / CLOCKS_PER_SEC;
  std::printf("[ info ] parse + symtable of %zu lines: %.2f ms CPU\n",
              static_cast<size_t>(std::count(src.begin(), src.end(), '\n')), ms);
  EXPECT_GT(m->body.size(), 1000u);
}
