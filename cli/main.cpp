// cli/main.cpp: the `gilpy` command: parses the command line (CLI11), sets up the
// interpreter (builtins, native modules, the compiler hook, sys.argv and sys.path), and
// runs a script, `-c` code, or standard input. Exit status as CPython's: 0, 1 for an
// uncaught exception, 2 for bad usage or a missing script.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "runtime/gil.h"
#include "stdlib/frozen.h"
#include "stdlib/gil/report.h"
#include "stdlib/io.h"
#include "stdlib/registry.h"
#include "vm/code.h"
#include "vm/interpreter.h"

using namespace gilpy;

namespace {

constexpr const char* kVersion = "gilpy 0.1.0 (Python 3.11 subset)";

struct Options {
  std::string command;          // -c
  std::vector<std::string> rest;  // script (or -) and its arguments
  bool dis = false;
  std::string gil_policy;       // --gil-policy, GILPY_GIL_POLICY
  double switch_interval = 0;   // --switch-interval (seconds; 0: the default)
  int check_interval = 0;       // --check-interval (the legacy policy's; 0: the default)
};

// The GIL reports asked for, written by the interpreter's at_exit hook.
stdlib::gil::ReportOptions gil_reports;

void write_gil_reports() {
  stdlib::flush_std_streams();  // the program's output first, then the reports
  stdlib::gil::finish_reports(gil_reports);
}

void configure_gil(const Options& opt) {
  if (!opt.gil_policy.empty()) rt::gil_set_policy(opt.gil_policy.c_str());
  if (opt.switch_interval > 0) rt::gil_set_switch_interval_us(int64_t(opt.switch_interval * 1e6));
  if (opt.check_interval > 0) rt::gil_set_check_interval(opt.check_interval);
  stdlib::gil::start_reports(gil_reports);
  vm::current_interpreter()->at_exit = write_gil_reports;
}

bool read_stream(std::istream& in, std::string* out) {
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string absolute_path(const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) return p;
  return std::string(buf) + "/" + p;
}

std::string dirname_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

int setup_interpreter(const std::vector<std::string>& argv, const std::string& path0) {
  vm::Interpreter* interp = vm::interpreter_create(stdlib::native_module_table());
  interp->compile_source = compiler::compile_source;
  interp->frozen_modules = stdlib::frozen_module_table();
  interp->argv = argv;
  interp->path = {path0};
  rt::Ref builtins = stdlib::create_builtins_module();
  if (!builtins) return vm::handle_uncaught_exception();
  interp->builtins = rt::Own<rt::Module>::borrow(builtins.as<rt::Module>());
  interp->builtins_dict = rt::Own<rt::Dict>::borrow(builtins.as<rt::Module>()->dict);
  if (!vm::add_vm_builtins(interp->builtins.get())) return vm::handle_uncaught_exception();
  rt::dict_set_str(interp->modules.get(), "builtins", builtins.get());
  vm::flush_stdout_hook = stdlib::flush_std_streams;
  // sys is imported eagerly: sys.argv, sys.path and sys.modules must exist from the start.
  if (!vm::import_module("sys")) return vm::handle_uncaught_exception();
  return 0;
}

int disassemble(const std::string& source, const std::string& filename) {
  rt::Own<vm::Code> code = compiler::compile(source, filename, compiler::Mode::Exec);
  if (!code) return vm::handle_uncaught_exception();
  std::string text = vm::disassemble(code.get(), true);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

int run(const Options& opt) {
  std::string source, filename, path0;
  std::vector<std::string> argv;
  if (!opt.command.empty()) {
    source = opt.command;
    filename = "<string>";
    argv.push_back("-c");
    argv.insert(argv.end(), opt.rest.begin(), opt.rest.end());
  } else if (opt.rest.empty() || opt.rest[0] == "-") {
    read_stream(std::cin, &source);
    filename = "<stdin>";
    argv.push_back(opt.rest.empty() ? "" : "-");
    if (!opt.rest.empty()) argv.insert(argv.end(), opt.rest.begin() + 1, opt.rest.end());
  } else {
    filename = opt.rest[0];
    std::ifstream in(filename, std::ios::binary);
    if (!in) {
      int err = errno;
      std::fprintf(stderr, "gilpy: can't open file '%s': [Errno %d] %s\n", absolute_path(filename).c_str(), err,
                   std::strerror(err));
      return 2;
    }
    read_stream(in, &source);
    argv = opt.rest;
    // As CPython since 3.9: the script's code (its __file__, tracebacks) has an absolute
    // path, cwd joined to what was typed; sys.path[0] is its directory, resolved.
    filename = absolute_path(filename);
    char resolved[PATH_MAX];
    path0 = dirname_of(realpath(filename.c_str(), resolved) ? std::string(resolved) : filename);
  }
  if (int rc = setup_interpreter(argv, path0)) return rc;
  configure_gil(opt);
  int status = opt.dis ? disassemble(source, filename) : vm::run_main_source(source, filename);
  stdlib::flush_std_streams();
  return status;
}

}  // namespace

// Splits the command line as CPython does: interpreter options come first; `-c CODE`,
// the script name or `-` ends them, and everything after belongs to the program (even
// words that look like options, such as `-7` or `--verbose`).
static size_t interpreter_option_count(int argc, char** argv) {
  static const char* const kTakesValue[] = {"-c",           "--gil-trace",       "--gil-timeline", "--gil-policy",
                                            "--switch-interval", "--check-interval", "-X"};
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-" || a.empty() || a[0] != '-') break;
    if (a == "-c") return static_cast<size_t>(i + 2 <= argc ? i + 2 : argc);
    if (a.rfind("-c", 0) == 0 && a.size() > 2) return static_cast<size_t>(i + 1);  // -cCODE
    for (const char* opt : kTakesValue)
      if (a == opt) ++i;
  }
  return static_cast<size_t>(i);
}

int main(int argc, char** argv) {
  CLI::App app{"gilpy: a Python 3.11 subset with a real GIL", "gilpy"};
  Options opt;
  app.add_option("-c", opt.command, "program passed in as string (terminates option list)");
  app.add_flag("--dis", opt.dis, "print the bytecode of the program and of every nested code object, then exit");
  app.set_version_flag("-V,--version", kVersion);
  app.add_option("--gil-stats", gil_reports.stats_format,
                 "at exit, print GIL statistics to stderr; --gil-stats=json prints them as JSON, "
                 "--gil-stats=FILE writes the JSON to FILE")
      ->expected(0, 1);
  app.add_option("--gil-trace", gil_reports.trace_path, "write a Chrome trace-event file of the GIL (opens in Perfetto)");
  app.add_option("--gil-timeline", gil_reports.timeline_path, "write an SVG timeline of the GIL, one lane a thread");
  app.add_option("--gil-policy", opt.gil_policy, "GIL policy: cpython (default), legacy, fifo or priority")
      ->check(CLI::IsMember({"cpython", "legacy", "fifo", "priority"}))
      ->envname("GILPY_GIL_POLICY");
  app.add_option("--switch-interval", opt.switch_interval, "GIL switch interval in seconds (sys.setswitchinterval)")
      ->check(CLI::PositiveNumber);
  app.add_option("--check-interval", opt.check_interval,
                 "legacy policy: instructions between GIL releases (default 100)")
      ->check(CLI::PositiveNumber);
  app.footer("usage: gilpy [option] ... [-c cmd | file | -] [arg] ...\n"
             "Arguments after the script (or after -c CODE) are passed to the program in sys.argv.");
  size_t n = interpreter_option_count(argc, argv);
  try {
    app.parse(static_cast<int>(n), argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << kVersion << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "gilpy: " << e.what() << "\n" << "usage: gilpy [option] ... [-c cmd | file | -] [arg] ...\n"
              << "Try `gilpy -h' for more information.\n";
    return 2;
  }
  gil_reports.stats = app.count("--gil-stats") > 0;
  for (size_t i = n; i < static_cast<size_t>(argc); ++i) opt.rest.push_back(argv[i]);
  return run(opt);
}
