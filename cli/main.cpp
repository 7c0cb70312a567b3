// cli/main.cpp: the `gilpy` command: parses the command line (cli/options.cpp, CPython's
// grammar), sets up the interpreter (builtins, native modules, the compiler hook,
// sys.argv, sys.path and sys.flags), and runs a script, `-c` code, `-m` a module, standard
// input, or the REPL (cli/repl.cpp): with no program on a terminal, and after the program
// with -i. Exit status as CPython's: 0, 1 for an uncaught exception, 2 for bad usage or a
// missing script.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/embed.h"
#include "cli/options.h"
#include "cli/repl.h"
#include "compiler/compiler.h"
#include "runtime/gc.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "stdlib/frozen.h"
#include "stdlib/gil/report.h"
#include "stdlib/io.h"
#include "stdlib/modules.h"
#include "stdlib/registry.h"
#include "vm/code.h"
#include "vm/import.h"
#include "vm/interpreter.h"

using namespace gilpy;

namespace {

// The GIL reports asked for, written by the interpreter's at_exit hook.
stdlib::gil::ReportOptions gil_reports;

void write_gil_reports() {
  stdlib::flush_std_streams();  // the program's output first, then the reports
  stdlib::gil::finish_reports(gil_reports);
}

void configure_gil(const cli::Options& opt) {
  if (!opt.gil_policy.empty()) rt::gil_set_policy(opt.gil_policy.c_str());
  if (opt.switch_interval > 0) rt::gil_set_switch_interval_us(int64_t(opt.switch_interval * 1e6));
  if (opt.check_interval > 0) rt::gil_set_check_interval(opt.check_interval);
  gil_reports = opt.gil_reports;
  stdlib::gil::start_reports(gil_reports);
  vm::current_interpreter()->at_exit = write_gil_reports;
}

// Reads what is left of a file descriptor; false (errno set) if a read fails. Plain
// read(2), not iostreams: <iostream>'s static initialiser and the locales it builds would
// be most of this file's share of start-up.
bool read_all(int fd, std::string* out) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    out->append(buf, size_t(n));
  }
}

// The text of a script, or false (errno set) if it cannot be opened or read.
bool read_script(const std::string& filename, std::string* out) {
  int fd = ::open(filename.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = read_all(fd, out);
  int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string current_directory() {
  char buf[PATH_MAX];
  return getcwd(buf, sizeof buf) ? std::string(buf) : std::string();
}

std::string absolute_path(const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  return current_directory() + "/" + p;
}

std::string dirname_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// The native modules: the standard library's table and the command line's own (the REPL's
// line editor), ending with {nullptr}.
const vm::NativeModuleDef* native_modules() {
  static std::vector<vm::NativeModuleDef> table = [] {
    std::vector<vm::NativeModuleDef> t;
    for (const vm::NativeModuleDef* d = stdlib::native_module_table(); d->name; ++d) t.push_back(*d);
    for (const vm::NativeModuleDef* d = cli::repl_native_modules(); d->name; ++d) t.push_back(*d);
    t.push_back({nullptr, nullptr});
    return t;
  }();
  return table.data();
}

int setup_interpreter(const cli::Options& opt, const std::vector<std::string>& argv,
                      const std::vector<std::string>& path) {
  int rc = cli::create_interpreter(native_modules(), argv, path, [&](vm::Interpreter* interp) {
    interp->optimize = opt.optimize;
    vm::Interpreter::Flags& f = interp->flags;
    f.inspect = opt.inspect;
    f.quiet = opt.quiet;
    f.no_site = opt.no_site;
    f.no_user_site = opt.no_user_site || opt.isolated;
    f.ignore_environment = opt.ignore_environment || opt.isolated;
    f.isolated = opt.isolated;
    f.safe_path = opt.safe_path || opt.isolated;
    f.dont_write_bytecode = opt.dont_write_bytecode;
    f.verbose = opt.verbose;
    f.bytes_warning = opt.bytes_warning;
    interp->warnoptions = opt.warnoptions;
    interp->xoptions = opt.xoptions;
    interp->pycache_prefix = opt.pycache_prefix;
  });
  if (rc == 0 && opt.unbuffered) stdlib::set_std_streams_unbuffered();
  return rc;
}

int disassemble(const std::string& source, const std::string& filename) {
  rt::Own<vm::Code> code = compiler::compile(source, filename, compiler::Mode::Exec);
  if (!code) return vm::handle_uncaught_exception();
  std::string text = vm::disassemble(code.get(), true);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

int run(const cli::Options& opt) {
  enum class What { Command, Module, Script, Stdin, Repl } what;
  std::string source, filename, path0;
  std::vector<std::string> argv;
  bool safe_path = opt.safe_path || opt.isolated;
  if (opt.has_command) {
    what = What::Command;
    source = opt.command;
    filename = "<string>";
    argv.push_back("-c");
    argv.insert(argv.end(), opt.rest.begin(), opt.rest.end());
  } else if (!opt.module.empty()) {
    what = What::Module;
    argv.push_back(opt.module);  // the module's file once found (vm::run_main_module)
    argv.insert(argv.end(), opt.rest.begin(), opt.rest.end());
    path0 = current_directory();
  } else if (opt.rest.empty() || opt.rest[0] == "-") {
    // Standard input: the REPL on a terminal (or with -i), the program otherwise.
    what = isatty(0) || opt.inspect ? What::Repl : What::Stdin;
    argv.push_back(opt.rest.empty() ? "" : "-");
    if (!opt.rest.empty()) argv.insert(argv.end(), opt.rest.begin() + 1, opt.rest.end());
    if (what == What::Stdin) {
      if (!read_all(0, &source)) {
        std::fprintf(stderr, "gilpy: can't read standard input: [Errno %d] %s\n", errno, std::strerror(errno));
        return 2;
      }
      filename = "<stdin>";
    }
  } else {
    what = What::Script;
    filename = opt.rest[0];
    // A directory runs its __main__.py, as CPython does; its argv[0] stays the directory.
    if (is_directory(filename)) {
      std::string main_py = filename + (filename.back() == '/' ? "" : "/") + "__main__.py";
      if (::access(main_py.c_str(), F_OK) != 0) {
        std::fprintf(stderr, "gilpy: can't find '__main__' module in '%s'\n", absolute_path(filename).c_str());
        return 1;
      }
      filename = main_py;
    }
    if (!read_script(filename, &source)) {
      int err = errno;
      std::fprintf(stderr, "gilpy: can't open file '%s': [Errno %d] %s\n", absolute_path(filename).c_str(), err,
                   std::strerror(err));
      return 2;
    }
    argv = opt.rest;
    // As CPython since 3.9: the script's code (its __file__, tracebacks) has an absolute
    // path, cwd joined to what was typed; sys.path[0] is its directory, resolved.
    filename = absolute_path(filename);
    char resolved[PATH_MAX];
    path0 = dirname_of(realpath(filename.c_str(), resolved) ? std::string(resolved) : filename);
  }
  // sys.path: the program's directory (not with -P), then PYTHONPATH's entries, then
  // CPython 3.11's standard library (DESIGN decision 11), found at configure time or
  // given by GILPY_STDLIB.
  std::vector<std::string> path;
  if (!safe_path) path.push_back(path0);
  path.insert(path.end(), opt.pythonpath.begin(), opt.pythonpath.end());
  path.push_back(cli::stdlib_directory());
  if (int rc = setup_interpreter(opt, argv, path)) return rc;
  configure_gil(opt);
  int status = 0;
  bool keyboard_interrupt = false;
  if (opt.dis && what != What::Module && what != What::Repl) {
    status = disassemble(source, filename);
  } else {
    switch (what) {
      case What::Command:
      case What::Script:
      case What::Stdin: status = vm::exec_main_source(source, filename, &keyboard_interrupt); break;
      case What::Module: status = vm::run_main_module(opt.module, &keyboard_interrupt); break;
      case What::Repl: break;
    }
    // -i: the REPL after the program, even after an uncaught exception, as CPython (whose
    // status is then 0 when the REPL ends normally).
    if (what == What::Repl || opt.inspect) {
      keyboard_interrupt = false;
      status = cli::run_repl(opt, what == What::Repl ? cli::ReplStart::Banner : cli::ReplStart::AfterProgram);
    }
  }
  status = vm::finalize_main(status, keyboard_interrupt);
  stdlib::flush_std_streams();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__SANITIZE_ADDRESS__)
  // The leak check at exit sees only real references to collectable objects (runtime/gc.h).
  // Registered first, so that it runs after the atexit handlers registered later (the
  // greenlets' exposure of suspended stacks walks the generation lists) and, like them,
  // before LeakSanitizer's own, registered before main.
  std::atexit(rt::gc_forget_tracked_for_leak_check);
#endif
  cli::Options opt;
  int rc = cli::parse_command_line(argc, argv, &opt);
  if (rc >= 0) return rc;
  return run(opt);
}
