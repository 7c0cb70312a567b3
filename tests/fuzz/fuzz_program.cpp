// tests/fuzz/fuzz_program.cpp: the libFuzzer target (tools/fuzz.sh builds and runs it).
// Each input is compiled and run as a program in a fresh namespace of one long-lived
// interpreter, as `gilpy file.py` would run it; a Python exception, a SyntaxError or a
// MemoryError is a normal outcome, a crash, a sanitizer report or a leaked C++ exception
// is a finding.
//
// Two modes (GILPY_FUZZ_MODE): "bytes", libFuzzer's own mutations; "structure", which
// mutates programs as programs (deletes, duplicates or swaps lines and tokens) so that
// most inputs get past the parser into the compiler and the VM.
//
// The program is fenced in: what would touch the machine (files, processes, signals,
// sockets, threads, sleeping, reading stdin) raises OSError instead, and an alarm every
// run ends programs that loop (a BaseException the program may catch, so libFuzzer's
// -timeout is the backstop).
#include <sys/time.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cli/embed.h"
#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "stdlib/registry.h"
#include "vm/interpreter.h"

using namespace gilpy;

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

bool structure_mode = false;

// Runs before any input: blocks what a fuzzed program must not reach, arms the deadline.
const char kFence[] = R"(
import builtins, os, signal, sys, time, _thread

def _fenced(*args, **kwargs):
    raise OSError("not available in the fuzz target")

for _name in ("socket", "_socket", "select", "selectors", "subprocess", "_posixsubprocess",
              "shutil", "tempfile", "multiprocessing", "asyncio", "ctypes", "gil", "greenlet"):
    sys.modules[_name] = None
for _name in ("kill", "killpg", "_exit", "fork", "system", "execv", "execve", "execvp", "remove",
              "unlink", "rmdir", "removedirs", "rename", "renames", "replace", "mkdir", "makedirs",
              "chmod", "chdir", "close", "closerange", "dup", "dup2", "open", "write", "read", "pipe",
              "symlink", "link", "truncate", "utime", "putenv", "unsetenv", "abort", "setsid",
              "waitpid", "wait", "scandir", "listdir", "walk", "rmtree"):
    if hasattr(os, _name):
        setattr(os, _name, _fenced)
for _name in ("signal", "alarm", "setitimer", "pthread_kill", "raise_signal", "pause",
              "sigwait", "siginterrupt", "set_wakeup_fd"):
    if hasattr(signal, _name):
        setattr(signal, _name, _fenced)
import _io, io
builtins.open = builtins.input = builtins.breakpoint = _io.open = io.open = os.fdopen = _fenced
time.sleep = _thread.start_new_thread = _thread.interrupt_main = _fenced
sys.setrecursionlimit = _fenced  # a limit past what the C++ stack holds is CPython's crash too
sys.stdin = None

class _Deadline(BaseException):
    pass

def _on_deadline(signum, frame):
    raise _Deadline("the fuzz target's time for one input is up")

_signal = sys.modules["_signal"]
_signal.signal(signal.SIGALRM, _on_deadline)
for _name in dir(_signal):
    if callable(getattr(_signal, _name)) and not _name.startswith("__"):
        setattr(_signal, _name, _fenced)
)";

void run_python(const char* source) {
  rt::Own<vm::Code> code = compiler::compile(source, "<fuzz setup>", compiler::Mode::Exec);
  rt::Ref ok = code ? vm::run_code(code.get(), vm::main_module()->dict, vm::main_module()->dict) : rt::Ref();
  if (!ok) {
    vm::handle_uncaught_exception();
    std::abort();  // the fence itself must work
  }
}

void arm_deadline(long microseconds) {
  itimerval t{};
  t.it_value.tv_sec = microseconds / 1000000;
  t.it_value.tv_usec = microseconds % 1000000;
  setitimer(ITIMER_REAL, &t, nullptr);
}

// The lines of a program, and the tokens (runs of non-blanks) of one line.
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// One structural mutation: delete, duplicate or swap lines, or swap/duplicate/delete a
// token within a line (indentation kept).
std::string mutate_structure(const std::string& program, std::mt19937& rng) {
  std::vector<std::string> lines = split(program, '\n');
  if (lines.empty()) return program;
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  size_t a = pick(lines.size()), b = pick(lines.size());
  switch (pick(6)) {
    case 0: lines.erase(lines.begin() + long(a)); break;
    case 1: lines.insert(lines.begin() + long(b), lines[a]); break;
    case 2: std::swap(lines[a], lines[b]); break;
    default: {
      std::string& line = lines[a];
      size_t indent = line.find_first_not_of(' ');
      if (indent == std::string::npos) break;
      std::vector<std::string> tokens = split(line.substr(indent), ' ');
      size_t i = pick(tokens.size()), j = pick(tokens.size());
      size_t op = pick(3);
      if (op == 0) std::swap(tokens[i], tokens[j]);
      else if (op == 1) tokens.insert(tokens.begin() + long(j), tokens[i]);
      else if (tokens.size() > 1) tokens.erase(tokens.begin() + long(i));
      line = line.substr(0, indent) + join(tokens, ' ');
    }
  }
  return join(lines, '\n');
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  const char* mode = std::getenv("GILPY_FUZZ_MODE");
  structure_mode = mode && std::strcmp(mode, "structure") == 0;
  std::vector<std::string> path = {cli::stdlib_directory()};
  if (cli::create_interpreter(stdlib::native_module_table(), {"fuzz"}, path,
                              [](vm::Interpreter* interp) { interp->flags.dont_write_bytecode = true; }))
    std::abort();
  run_python(kFence);
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  std::mt19937 rng(seed);
  if (!structure_mode || rng() % 4 == 0) return LLVMFuzzerMutate(data, size, max_size);
  std::string mutated = mutate_structure(std::string(reinterpret_cast<char*>(data), size), rng);
  size_t n = std::min(mutated.size(), max_size);
  std::memcpy(data, mutated.data(), n);
  return n;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string source(reinterpret_cast<const char*>(data), size);
  rt::Own<vm::Code> code = compiler::compile(source, "<fuzz>", compiler::Mode::Exec);
  if (!code) {
    rt::clear_error();
    return 0;
  }
  rt::Own<rt::Dict> globals = rt::dict_new();
  rt::dict_set_str(globals.get(), "__name__", rt::Value::from_obj(rt::intern("__main__")));
  rt::dict_set_str(globals.get(), "__builtins__", rt::Value::from_obj(vm::current_interpreter()->builtins.get()));
  arm_deadline(200000);
  rt::Ref result = vm::run_code(code.get(), globals.get(), globals.get());
  arm_deadline(0);
  if (!result) rt::clear_error();
  rt::dict_clear(globals.get());
  return 0;
}
