// vm/interpreter.h: the interpreter: the state shared by every thread of one process
// (modules, builtins, sys settings), and the entry points the command line and the
// standard library use to run code.
//
// There is one Interpreter a process. Each thread reaches it through its ThreadState
// (runtime/thread_state.h), never through a global.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/dict.h"
#include "runtime/list.h"
#include "runtime/module.h"
#include "runtime/object.h"
#include "runtime/thread_state.h"
#include "vm/code.h"
#include "vm/frozen_module.h"
#include "vm/signals.h"

namespace gilpy::vm {

// A native module: created on first import (stdlib/registry.cpp lists them all).
struct NativeModuleDef {
  const char* name;
  rt::Ref (*create)();   // returns the new module, or null with an error pending
};

struct Generator;
struct TrackedAsyncGen {  // vm/generator.h: asyncgen_track
  Generator* gen;
  rt::Object* owner;
};

struct Interpreter {
  rt::Own<rt::Dict> modules;        // sys.modules
  rt::Own<rt::Module> builtins;     // the builtins module
  rt::Own<rt::Dict> builtins_dict;  // builtins.__dict__ (LOAD_GLOBAL's fallback)
  std::vector<std::string> argv;    // sys.argv
  std::vector<std::string> path;    // sys.path (strings; sys.path the list is the source of truth once sys exists)
  std::string stdlib_dir;           // CPython 3.11's standard library (the last entry of path), named in import errors
  std::string stdlib_cache_dir;     // its bytecode, compiled at build time: read only (vm/bytecode_cache.h)
  std::string pycache_prefix;       // -X pycache_prefix, PYTHONPYCACHEPREFIX: sys.pycache_prefix's first value
  struct ImportLocks* import_locks = nullptr;  // vm/import.cpp: which thread runs which module's code
  int recursion_limit = 1000;
  const NativeModuleDef* native_modules = nullptr;  // table ending with {nullptr}
  const FrozenModuleDef* const* frozen_modules = nullptr;  // table ending with nullptr (vm/frozen_module.h)
  SignalHandlers signal_handlers;  // each signal's Python handler (vm/signals.h)
  std::vector<TrackedAsyncGen> tracked_async_generators;  // vm/generator.h: asyncgen_track
  // Per-interpreter state of native modules, opaque here (owned by those modules).
  void* asyncio_state = nullptr;   // stdlib/asyncio: aio::AsyncioState
  size_t greenlet_stack_size = 0;  // stdlib/greenlet: native stack of new greenlets (greenlet.stack_size); 0: the default
  // Source compiler hook (compiler/ sets it): vm/ never includes compiler/. mode 0 exec,
  // 1 eval, 2 single; flags CPython's PyCF_ bits (top-level await, incomplete input);
  // optimize -1 for `optimize` below.
  rt::Ref (*compile_source)(std::string_view source, std::string_view filename, int mode, int flags,
                            int optimize) = nullptr;
  // compile(..., flags=PyCF_ONLY_AST), ast.parse: source -> a tree of the `_ast` module's
  // node classes (compiler/ast_to_python.h), the same way set.
  rt::Ref (*parse_to_ast)(std::string_view source, std::string_view filename, int mode, rt::Dict* node_classes) = nullptr;
  // The command line's settings, as sys.flags shows them (cli/options.cpp fills them).
  int optimize = 0;                 // -O (asserts dropped, __debug__ False), -OO
  struct Flags {
    bool inspect = false;             // -i
    bool interactive = false;         // the REPL runs
    bool quiet = false;               // -q
    bool no_site = false;             // -S
    bool no_user_site = false;        // -s
    bool ignore_environment = false;  // -E
    bool isolated = false;            // -I
    bool safe_path = false;           // -P
    bool dont_write_bytecode = false; // -B, PYTHONDONTWRITEBYTECODE (vm/bytecode_cache.h)
    int verbose = 0;                  // -v
    int bytes_warning = 0;            // -b
  } flags;
  std::vector<std::string> warnoptions;  // -W, PYTHONWARNINGS (sys.warnoptions)
  std::vector<std::string> xoptions;     // -X (sys._xoptions)
  // While the REPL's line editor shows a prompt (cli/line_editor.cpp), the std streams call
  // these around a write to the terminal: the editor clears the line being edited first
  // and redraws the prompt and that line after the output (ctx is the editor's).
  void (*terminal_output_begin)(void* ctx) = nullptr;
  void (*terminal_output_end)(void* ctx) = nullptr;
  void* terminal_output_ctx = nullptr;
  // Run once the program and its non-daemon threads are done, before the process ends
  // (cli/ sets it: the GIL reports asked for on the command line).
  void (*at_exit)() = nullptr;
  // atexit.register's (function, args, kwargs or None) tuples, in order; None where one
  // was unregistered (stdlib/atexit_module.cpp; run by run_atexit_callbacks).
  rt::Own<rt::List> atexit_callbacks;
};

// Creates the interpreter and the main thread's state, and makes it current.
Interpreter* interpreter_create(const NativeModuleDef* native_modules);
Interpreter* current_interpreter();

// Runs a module-level code object with `globals` and `locals` (any mapping; `globals` when
// the same or null) as its namespaces, and `closure` (one cell per free variable of code,
// else null) for its free variables. Returns the result or null with the exception pending.
rt::Ref run_code(Code* code, rt::Dict* globals, rt::Object* locals, rt::Tuple* closure = nullptr);
// Executes source as the __main__ module (the command line); returns the exit status
// after printing an uncaught exception as CPython does (1), or SystemExit's code.
int run_main_source(std::string_view source, std::string_view filename);
// The two halves of run_main_source, for -i (the REPL runs between them): runs source in
// __main__ and returns its status (an uncaught exception printed), then finalizes
// (finalize_interpreter; status 120 if a flush failed) and dies of SIGINT after an
// uncaught KeyboardInterrupt.
int exec_main_source(std::string_view source, std::string_view filename, bool* keyboard_interrupt);
int finalize_main(int status, bool keyboard_interrupt);
// -m MODULE: runs the module (a package's __main__) as __main__, as CPython's runpy: its
// file in sys.argv[0] and __file__. Errors finding it are printed as CPython's ("gilpy:
// No module named X", status 1). Returns the status as exec_main_source.
int run_main_module(const std::string& name, bool* keyboard_interrupt);
// The __main__ module (made on first use).
rt::Module* main_module();
// Prints an exception with its traceback chain to stderr, as CPython's default excepthook.
void print_exception(rt::Value exc);
// Handles an uncaught exception at top level: SystemExit gives its status, anything else
// is printed (1). Clears the pending exception.
int handle_uncaught_exception();
// What runs after the program, in CPython's order (vm/finalize.cpp): joins the non-daemon
// threads, runs the atexit callbacks and the at_exit hook, clears __main__'s globals
// (their __del__ methods run, files are flushed and closed), collects cycles, flushes
// sys.stdout and sys.stderr. False when a flush failed (the exit status is then 120).
bool finalize_interpreter();
// The atexit callbacks, last registered first (atexit._run_exitfuncs; finalize_interpreter).
void run_atexit_callbacks();

}  // namespace gilpy::vm

namespace gilpy::vm {
// Adds the VM's own builtins (__build_class__, exec, eval, ...) to the builtins module.
bool add_vm_builtins(rt::Module* builtins);
// Formats an exception with its chain and tracebacks, as print_exception writes it.
std::string format_exception(rt::Value exc);
// Lets tracebacks show lines of source that did not come from a file (-c, stdin).
void remember_source(const std::string& filename, const std::string& source);
// Line `lineno` of a source file (or of remembered source), stripped; "" when there is none.
std::string source_text_line(const std::string& filename, int lineno);
// Called before writing a traceback so stdout's buffered text comes first (stdlib sets it).
extern void (*flush_stdout_hook)();
}  // namespace gilpy::vm
