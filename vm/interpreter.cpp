// vm/interpreter.cpp: the interpreter object, running modules (importing is vm/import.cpp), and printing
// uncaught exceptions the way CPython's default excepthook does (exception groups and
// notes included).
#include "vm/interpreter.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "runtime/exception_group.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "runtime/weakref.h"
#include "vm/eval.h"
#include "vm/frame_object.h"
#include "vm/function.h"
#include "vm/generator.h"
#include "vm/gil_sites.h"
#include "vm/bytecode_cache.h"
#include "vm/import.h"
#include "vm/marshal.h"
#include "vm/pending.h"
#include "vm/signals.h"

namespace gilpy::vm {

using namespace rt;

static Interpreter* the_interpreter = nullptr;

void init_code_type();
void init_function_types();
void init_generator_types();
void init_vm_builtins_support();
static void write_unraisable_to_stderr(Ref exc, Value obj, const char* context);

// list[int] and int | str (runtime/typeobject.h): the classes live in the frozen
// `_gilpy_generic_alias` (stdlib/python/), where CPython's types.py finds them.
static Ref call_generic_alias_function(const char* name, Value a, Value b) {
  Ref module = import_module("_gilpy_generic_alias");
  if (!module) return nullptr;
  Ref fn = getattr(module.get(), intern(name));
  if (!fn) return nullptr;
  return call2(fn.get(), a, b);
}
static Ref make_generic_alias(Value origin, Value item) { return call_generic_alias_function("GenericAlias", origin, item); }
static Ref make_type_union(Value a, Value b) { return call_generic_alias_function("_union_or", a, b); }

Interpreter* interpreter_create(const NativeModuleDef* native_modules) {
  init_runtime();
  init_code_type();
  init_function_types();
  init_generator_types();
  init_frame_object_type();
  for (Type* t : {&FunctionType, &CodeType, &GeneratorType, &CoroutineType, &AsyncGeneratorType}) allow_weakrefs(t);
  generic_alias_hook = make_generic_alias;
  type_union_hook = make_type_union;
  import_module_hook = [](const char* name) { return import_module(name); };
  current_globals_hook = []() -> Dict* {
    Frame* f = thread_frames().current;
    return f ? f->globals : nullptr;
  };
  auto* interp = new Interpreter();
  interp->native_modules = native_modules;
  interp->modules = dict_new();
  the_interpreter = interp;
  auto* ts = new ThreadState();
  ts->interp = interp;
  ThreadState::set_current(ts);
  ts->thread_id = static_cast<uint64_t>(pthread_self());
  gc_request_hook = request_eval_break;
  unraisable_hook = write_unraisable_to_stderr;
  // Threads (issue 3): the main thread takes the GIL for good. Signals: SIGINT raises
  // KeyboardInterrupt until a Python handler replaces it; SIGPIPE is ignored.
  gil_drop_request_hook = request_gil_drop;
  install_gil_meter_hooks();
  signal_request_hook = request_signals;
  signal_dispatch_hook = run_signal_handlers;
  mark_main_thread();
  gil_acquire(ts);
  install_default_signal_handlers();
  init_vm_builtins_support();
  return interp;
}

Interpreter* current_interpreter() { return the_interpreter; }

Ref run_code(Code* code, Dict* globals, Object* locals, Tuple* closure) {
  ThreadState* ts = ThreadState::current();
  if (dict_get_cstr(globals, "__builtins__").is_null() &&
      !dict_set_str(globals, "__builtins__", ts->interp->builtins.value()))
    return nullptr;
  Frame* f = make_frame_for_code(ts, code, globals, locals == globals ? nullptr : locals, nullptr, closure);
  if (!f) return nullptr;
  if (!locals || locals == globals) {
    incref(globals);
    f->locals = globals;
  }
  f->is_entry = true;
  return eval_frame(ts, f, false);
}

static bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// ---- printing exceptions ---------------------------------------------------------------------

static std::map<std::string, std::vector<std::string>> source_cache;

// As linecache: a name in angle brackets ("<string>", "<stdin>", "<frozen os>") is not a
// file, whatever the current directory holds, and has no lines to show.
static bool is_pseudo_file(std::string_view filename) {
  return filename.size() >= 2 && filename.front() == '<' && filename.back() == '>';
}

static std::string source_line(const std::string& filename, int lineno) {
  if (is_pseudo_file(filename)) return "";
  auto it = source_cache.find(filename);
  if (it == source_cache.end()) {
    std::vector<std::string> lines;
    std::string text;
    if (read_file(filename, &text)) {
      std::string cur;
      for (char c : text) {
        if (c == '\n') {
          lines.push_back(cur);
          cur.clear();
        } else {
          cur += c;
        }
      }
      if (!cur.empty()) lines.push_back(cur);
    }
    it = source_cache.emplace(filename, std::move(lines)).first;
  }
  if (lineno < 1 || lineno > static_cast<int>(it->second.size())) return "";
  std::string line = it->second[lineno - 1];
  size_t a = line.find_first_not_of(" \t\f\r");
  size_t b = line.find_last_not_of(" \t\f\r\n");
  if (a == std::string::npos) return "";
  return line.substr(a, b - a + 1);
}

std::string source_text_line(const std::string& filename, int lineno) { return source_line(filename, lineno); }

void remember_source(const std::string& filename, const std::string& source) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : source) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  source_cache[filename] = std::move(lines);
}

static std::string exc_type_name(Value exc) {
  Type* t = type_of(exc);
  std::string qn = t->qualname ? str_to_utf8(t->qualname) : t->name;
  std::string mod = t->module_name ? str_to_utf8(t->module_name) : "builtins";
  if (mod == "builtins" || mod == "__main__") return qn;
  return mod + "." + qn;
}

static std::string attr_text(Value exc, const char* name) {
  Ref v = getattr_opt(exc, intern(name));
  if (!v) {
    clear_error();
    return "";
  }
  if (v.get().is_none()) return "";
  Ref s = str(v.get());
  if (!s) {
    clear_error();
    return "";
  }
  return str_to_utf8(s.as<Str>());
}

// An attribute's text as a number (SyntaxError's lineno, offset...), or `otherwise` when
// it is absent or not a number (a script may set them to anything).
static long number_or(const std::string& text, long otherwise) {
  if (text.empty()) return otherwise;
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  return *end == '\0' ? v : otherwise;
}

// ---- the exception printer (CPython 3.11's Python/pythonrun.c, print_exception_recursive)
//
// One recursive walk prints an exception after its cause or context, and an exception
// group after its traceback and message as a tree of its sub-exceptions. Inside a group
// every line carries a margin: two spaces per level of nesting, then "| " (the group's
// own header line has "+ " at the first level), and each sub-exception opens with a
// "+---- N ----" line. CPython's quirks are kept: the source and caret lines of a
// SyntaxError and "[Previous line repeated ...]" get no margin, the second line of a
// multi-line message neither, and a non-sequence __notes__ is printed without a newline.

struct ExceptionPrinter {
  static constexpr int kMaxGroupWidth = 15;  // sub-exceptions shown per group
  static constexpr int kMaxGroupDepth = 10;  // nested groups shown
  std::string out;
  std::vector<Object*> seen;  // printed, or being printed, as a cause or context
  int group_depth = 0;
  bool need_close = false;    // the closing "+----" line is still owed

  std::string indent() const { return std::string(static_cast<size_t>(2 * group_depth), ' '); }
  std::string margin() const { return indent() + (group_depth ? "| " : ""); }
  bool was_seen(Value v) const {
    for (Object* o : seen)
      if (o == v.obj()) return true;
    return false;
  }
};

// The type, message and (for SyntaxError) location lines of one exception.
static void format_exception_only(Value exc, std::string& out, const std::string& margin) {
  std::string tname = exc_type_name(exc);
  if (is_instance_of_type(exc, &SyntaxErrorType)) {
    std::string filename = attr_text(exc, "filename");
    std::string lineno = attr_text(exc, "lineno");
    if (!filename.empty() || !lineno.empty()) {
      out += margin + "  File \"" + (filename.empty() ? std::string("<string>") : filename) + "\", line " +
             lineno + "\n";
    }
    std::string text = attr_text(exc, "text");
    if (!text.empty()) {
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      size_t lead = text.find_first_not_of(" \t\f");
      if (lead == std::string::npos) lead = text.size();
      std::string stripped = text.substr(lead);
      out += "    " + stripped + "\n";
      std::string off = attr_text(exc, "offset");
      std::string end_off = attr_text(exc, "end_offset");
      long o = number_or(off, 0);
      long e = number_or(end_off, o + 1);
      // An error spanning lines is marked to the end of its first line; CPython reads the
      // end of the range of a SyntaxError only, not of its subclasses (one caret).
      std::string end_line = attr_text(exc, "end_lineno");
      if (type_of(exc) != &SyntaxErrorType)
        e = o + 1;
      else if (number_or(end_line, 0) > number_or(lineno, 0))
        e = static_cast<long>(text.size()) + 1;
      else if (!end_line.empty() && end_line != lineno)
        e = o + 1;
      if (o > 0) {
        long col = o - 1 - static_cast<long>(lead);
        if (col < 0) col = 0;
        long width = e > o ? e - o : 1;
        out += "    " + std::string(static_cast<size_t>(col), ' ') + std::string(static_cast<size_t>(width), '^') + "\n";
      }
    }
    std::string msg = attr_text(exc, "msg");
    out += margin + tname + (msg.empty() ? "" : ": " + msg) + "\n";
    return;
  }
  Ref s = str(exc);
  std::string text;
  if (!s) {
    clear_error();
    text = "<exception str() failed>";
  } else {
    text = str_to_utf8(s.as<Str>());
  }
  out += margin + (text.empty() ? tname + "\n" : tname + ": " + text + "\n");
}

// The notes added with add_note() (PEP 678), one line each after the message.
static void format_notes(Value exc, ExceptionPrinter& p) {
  Ref notes = getattr_opt(exc, intern("__notes__"));
  if (!notes) {
    if (error_pending()) clear_error();
    return;
  }
  Value n = notes.get();
  bool is_sequence = !is_dict(n) && type_of(n)->getitem != nullptr;
  if (!is_sequence) {
    Ref r = repr(n);
    if (!r) clear_error();
    p.out += p.margin() + (r ? str_to_utf8(r.as<Str>()) : std::string("<__notes__ repr() failed>"));
    return;
  }
  int64_t count = length(n);
  if (count < 0) {
    clear_error();
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    Ref index = make_int(i);
    Ref note = get_item(n, index.get());
    Ref text = note ? str(note.get()) : Ref();
    Ref lines = text ? call_method1(text.get(), "splitlines", Value::true_()) : Ref();
    if (!lines || !is_list(lines.get())) {
      clear_error();
      p.out += "<note str() failed>\n";
      continue;
    }
    List* l = lines.as<List>();
    for (int64_t j = 0; j < l->size; ++j)
      if (is_str(l->items[j])) p.out += p.margin() + str_to_utf8(l->items[j].as<Str>());
    p.out += "\n";
  }
}

static void format_traceback(Value tb, std::string& out, const std::string& margin) {
  std::string last_file, last_name;
  int last_line = -1, repeats = 0;
  auto flush_repeats = [&]() {
    if (repeats > 3) {
      int more = repeats - 3;
      out += strfmt("  [Previous line repeated %d more time%s]\n", more, more == 1 ? "" : "s");
    }
  };
  for (Value t = tb; !t.is_null() && !t.is_none(); t = t.as<TracebackObject>()->next) {
    auto* e = t.as<TracebackObject>();
    Code* co = e->code.as<Code>();
    std::string file = str_to_utf8(co->filename);
    std::string name = str_to_utf8(co->name);
    if (file == last_file && name == last_name && e->lineno == last_line) {
      if (++repeats > 3) continue;
    } else {
      flush_repeats();
      last_file = file;
      last_name = name;
      last_line = e->lineno;
      repeats = 1;
    }
    out += margin + strfmt("  File \"%s\", line %d, in %s\n", file.c_str(), e->lineno, name.c_str());
    std::string src = source_line(file, e->lineno);
    if (!src.empty()) out += margin + "    " + src + "\n";
  }
  flush_repeats();
}

// One exception without its chain: traceback, message, notes.
static void print_exception(ExceptionPrinter& p, Value exc) {
  auto* e = exc.as<ExceptionObject>();
  if (!e->traceback.is_null() && !e->traceback.is_none()) {
    bool group = is_exception_group(exc);
    std::string header_margin = group && p.group_depth == 1 ? p.indent() + "+ " : p.margin();
    p.out += header_margin + (group ? "Exception Group Traceback (most recent call last):\n"
                                    : "Traceback (most recent call last):\n");
    format_traceback(e->traceback, p.out, p.margin());
  }
  format_exception_only(exc, p.out, p.margin());
  format_notes(exc, p);
}

static void print_exception_recursive(ExceptionPrinter& p, Value exc);

static void print_chained(ExceptionPrinter& p, Value exc, const char* message) {
  bool need_close = p.need_close;
  print_exception_recursive(p, exc);
  p.need_close = need_close;
  p.out += p.margin() + "\n" + p.margin() + message + p.margin() + "\n";
}

// The cause, else the context unless suppressed, each printed once.
static void print_cause_and_context(ExceptionPrinter& p, Value exc) {
  p.seen.push_back(exc.obj());
  auto* e = exc.as<ExceptionObject>();
  if (!e->cause.is_null() && !e->cause.is_none()) {
    if (!p.was_seen(e->cause))
      print_chained(p, e->cause, "The above exception was the direct cause of the following exception:\n");
    return;
  }
  if (e->suppress_context) return;
  if (!e->context.is_null() && !e->context.is_none() && !p.was_seen(e->context))
    print_chained(p, e->context, "During handling of the above exception, another exception occurred:\n");
}

static void print_exception_group(ExceptionPrinter& p, Value exc) {
  if (p.group_depth > ExceptionPrinter::kMaxGroupDepth) {
    p.out += p.margin() + strfmt("... (max_group_depth is %d)\n", ExceptionPrinter::kMaxGroupDepth);
    return;
  }
  if (p.group_depth == 0) p.group_depth = 1;
  print_exception(p, exc);
  Value excs = exc.as<ExceptionGroupObject>()->excs;
  Own<Tuple> items = Own<Tuple>::borrow(excs.is_null() ? tuple_empty() : excs.as<Tuple>());
  int64_t count = items->size;
  int64_t shown = count <= ExceptionPrinter::kMaxGroupWidth ? count : ExceptionPrinter::kMaxGroupWidth + 1;
  p.need_close = false;
  for (int64_t i = 0; i < shown; ++i) {
    bool last = i == shown - 1;
    if (last) p.need_close = true;  // a nested group may print the closing line itself
    bool truncated = i >= ExceptionPrinter::kMaxGroupWidth;
    std::string title = truncated ? "..." : std::to_string(i + 1);
    p.out += p.indent() + (i == 0 ? "+-" : "  ") + "+---------------- " + title + " ----------------\n";
    ++p.group_depth;
    if (!truncated) {
      print_exception_recursive(p, items->items[i]);
    } else {
      int64_t remaining = count - ExceptionPrinter::kMaxGroupWidth;
      p.out += p.margin() + strfmt("and %lld more exception%s\n", static_cast<long long>(remaining),
                                   remaining > 1 ? "s" : "");
    }
    if (last && p.need_close) {
      p.out += p.indent() + "+------------------------------------\n";
      p.need_close = false;
    }
    --p.group_depth;
  }
  if (p.group_depth == 1) p.group_depth = 0;
}

static void print_exception_recursive(ExceptionPrinter& p, Value exc) {
  if (!is_exception_instance(exc)) {
    p.out += p.margin() + strfmt("TypeError: print_exception(): Exception expected for value, %s found\n",
                                 type_name(exc));
    return;
  }
  NativeDepthGuard guard(" in print_exception_recursive");
  if (!guard.ok()) {
    clear_error();
    return;
  }
  print_cause_and_context(p, exc);
  if (is_exception_group(exc))
    print_exception_group(p, exc);
  else
    print_exception(p, exc);
}

std::string format_exception(Value exc) {
  ExceptionPrinter p;
  Ref saved = fetch_error();
  print_exception_recursive(p, exc);
  if (saved) restore_error(std::move(saved));
  return std::move(p.out);
}

void (*flush_stdout_hook)() = nullptr;

// An unraisable exception as CPython's default sys.unraisablehook writes it
// (write_unraisable_exc_file): its own traceback, then "Type: message", the colon even
// when the message is empty; no chain, no notes.
static std::string format_unraisable(Value exc) {
  std::string out;
  auto* e = exc.as<ExceptionObject>();
  if (!e->traceback.is_null() && !e->traceback.is_none()) {
    out += "Traceback (most recent call last):\n";
    format_traceback(e->traceback, out, "");
  }
  Ref message = str(exc);
  out += exc_type_name(exc) + ": " + (message ? str_to_utf8(message.as<Str>()) : "<exception str() failed>") + "\n";
  if (!message) clear_error();
  return out;
}

// rt::write_unraisable's output, as CPython's default sys.unraisablehook writes it.
static void write_unraisable_to_stderr(Ref exc, Value obj, const char* context) {
  std::string text = "Exception ignored ";
  text += context ? context : "in";
  if (!obj.is_null() && !obj.is_none()) {
    Ref r = repr(obj);
    text += ": ";
    text += r ? str_to_utf8(r.as<Str>()) : "<object repr() failed>";
    if (!r) clear_error();
  } else {
    text += ":";
  }
  text += "\n" + format_unraisable(exc.get());
  if (flush_stdout_hook) flush_stdout_hook();
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void print_exception(Value exc) {
  if (flush_stdout_hook) flush_stdout_hook();
  std::string text = format_exception(exc);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

int handle_uncaught_exception() {
  Ref exc = fetch_error();
  if (!exc) return 0;
  if (is_instance_of_type(exc.get(), &SystemExitType)) {
    Value code = exc.as<ExceptionObject>()->value;
    if (code.is_null() || code.is_none()) return 0;
    if (code.is_small_int()) return static_cast<int>(code.small_int() & 0xFF);
    if (code.is_bool()) return code.is_true() ? 1 : 0;
    if (flush_stdout_hook) flush_stdout_hook();
    Ref s = str(code);
    if (s) {
      std::string t = str_to_utf8(s.as<Str>()) + "\n";
      std::fwrite(t.data(), 1, t.size(), stderr);
    } else {
      clear_error();
    }
    return 1;
  }
  // sys.excepthook, if a script replaced it.
  Value sys = dict_get_cstr(current_interpreter()->modules.get(), "sys");
  if (!sys.is_null()) {
    Ref hook = getattr_opt(sys, intern("excepthook"));
    Ref orig = getattr_opt(sys, intern("__excepthook__"));
    if (hook && orig && hook.get() != orig.get()) {
      auto* e = exc.as<ExceptionObject>();
      Value args[3] = {Value::from_obj(type_of(exc.get())), exc.get(),
                       e->traceback.is_null() ? Value::none() : e->traceback};
      Ref r = call(hook.get(), args, 3);
      if (r) return 1;
      clear_error();
    }
    if (error_pending()) clear_error();
  }
  print_exception(exc.get());
  return 1;
}

Module* main_module() {
  Interpreter* interp = current_interpreter();
  Value m = dict_get_cstr(interp->modules.get(), "__main__");
  if (!m.is_null() && type_of(m) == &ModuleType) return m.as<Module>();
  Own<Module> mod = module_new("__main__");
  dict_set_str(mod->dict, "__builtins__", interp->builtins.value());
  dict_set_str(interp->modules.get(), "__main__", mod.value());
  return mod.get();  // sys.modules keeps it
}

// Runs code in __main__; an uncaught exception is printed (status 1) or is SystemExit's.
static int exec_main_code(Code* code, bool* keyboard_interrupt) {
  Module* m = main_module();
  Ref r = run_code(code, m->dict, m->dict);
  *keyboard_interrupt = !r && error_matches(&KeyboardInterruptType);
  return r ? 0 : handle_uncaught_exception();
}

int exec_main_source(std::string_view source, std::string_view filename, bool* keyboard_interrupt) {
  Interpreter* interp = current_interpreter();
  *keyboard_interrupt = false;
  // A traceback through a script shows its lines; through -c code or a program piped in
  // ("<string>", "<stdin>"), none.
  bool from_file = !is_pseudo_file(filename);
  if (from_file) remember_source(std::string(filename), std::string(source));
  Ref code = interp->compile_source(source, filename, 0, 0, -1);
  if (!code) return handle_uncaught_exception();
  Module* m = main_module();
  if (from_file) {
    Own<Str> file = str_from_utf8(filename);
    dict_set_str(m->dict, "__file__", file.value());
  }
  return exec_main_code(code.as<Code>(), keyboard_interrupt);
}

int finalize_main(int status, bool keyboard_interrupt) {
  if (!finalize_interpreter()) status = 120;
  if (keyboard_interrupt) {
    // As CPython: die of SIGINT after printing the traceback (status 130 in a shell).
    if (flush_stdout_hook) flush_stdout_hook();
    std::fflush(nullptr);
    signal(SIGINT, SIG_DFL);
    kill(getpid(), SIGINT);
  }
  return status;
}

int run_main_source(std::string_view source, std::string_view filename) {
  bool keyboard_interrupt = false;
  int status = exec_main_source(source, filename, &keyboard_interrupt);
  return finalize_main(status, keyboard_interrupt);
}

// ---- -m MODULE (CPython's runpy._run_module_as_main) ---------------------------------------

// Prints "gilpy: MESSAGE" as CPython's runpy error for -m does (status 1).
static int module_error(const std::string& message) {
  if (flush_stdout_hook) flush_stdout_hook();
  std::fprintf(stderr, "gilpy: %s\n", message.c_str());
  return 1;
}

// Finds NAME's code without running it (vm/import.h): native modules have none, frozen ones
// are read back, files compiled (through the bytecode cache). A package runs its __main__.
static int find_main_code(const std::string& name, Ref* code, std::string* origin, bool* is_package) {
  ModuleLocation loc = find_module(name);
  *is_package = loc.is_package;
  switch (loc.kind) {
    case ModuleLocation::kNotFound: return error_pending() ? handle_uncaught_exception() : -1;
    case ModuleLocation::kNative: return module_error("No code object available for " + name);
    case ModuleLocation::kNamespace: return 0;
    case ModuleLocation::kFrozen: {
      if (*is_package) return 0;
      Own<Code> c = marshal_read_code(std::string_view(loc.frozen->code, loc.frozen->code_size));
      if (!c) return handle_uncaught_exception();
      *code = c.into_ref();
      *origin = "<frozen " + name + ">";
      return 0;
    }
    case ModuleLocation::kSource: {
      if (*is_package) return 0;
      std::string path = loc.origin;
      if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) path = std::string(cwd) + "/" + path;
      }
      *code = cached_source_code(path, nullptr);
      if (!*code) return handle_uncaught_exception();
      *origin = path;
      return 0;
    }
  }
  return -1;
}

int run_main_module(const std::string& module_name, bool* keyboard_interrupt) {
  *keyboard_interrupt = false;
  std::string name = module_name;
  if (name.empty() || name[0] == '.') return module_error("Relative module names not supported");
  for (int depth = 0;; ++depth) {
    // The parent packages are imported first, as runpy does.
    size_t dot = name.rfind('.');
    if (dot != std::string::npos) {
      Ref parent = import_module(name.substr(0, dot));
      if (!parent) {
        if (error_matches(&ModuleNotFoundErrorType)) {
          Ref exc = fetch_error();
          Ref msg = str(exc.get());
          std::string text = msg ? str_to_utf8(msg.as<Str>()) : "";
          clear_error();
          return module_error("Error while finding module specification for '" + name +
                              "' (ModuleNotFoundError: " + text + ")");
        }
        return handle_uncaught_exception();
      }
    }
    Ref code;
    std::string origin;
    bool is_package = false;
    int rc = find_main_code(name, &code, &origin, &is_package);
    if (rc > 0) return rc;
    if (rc < 0) return module_error("No module named " + name);
    if (is_package) {
      if (depth > 0)
        return module_error("No module named " + name + "; '" + module_name +
                            "' is a package and cannot be directly executed");
      name += ".__main__";
      continue;
    }
    // sys.argv[0] is the module's file; __name__ is "__main__".
    Value sys = dict_get_cstr(current_interpreter()->modules.get(), "sys");
    Ref argv = sys.is_null() ? Ref() : getattr_opt(sys, intern("argv"));
    if (argv && is_list(argv.get()) && argv.as<List>()->size > 0) {
      Own<Str> a0 = str_from_utf8(origin);
      List* l = argv.as<List>();
      decref(l->items[0]);
      l->items[0] = Value::from_obj(a0.release());
    } else if (error_pending()) {
      clear_error();
    }
    Module* m = main_module();
    Own<Str> file = str_from_utf8(origin);
    dict_set_str(m->dict, "__file__", file.value());
    size_t last = name.rfind('.');
    Own<Str> package = str_from_utf8(last == std::string::npos ? "" : name.substr(0, last));
    dict_set_str(m->dict, "__package__", package.value());
    return exec_main_code(code.as<Code>(), keyboard_interrupt);
  }
}

}  // namespace gilpy::vm
