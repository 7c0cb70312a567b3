// cli/line_editor.cpp: the REPL's line editor, on libedit's readline-compatible API
// (<editline/readline.h>), as the native module `_lineedit` that the REPL's Python half
// (stdlib/python/_gilpy_repl.py) drives.
//
// It owns: libedit's set-up (no signal handling of its own: SIGINT stays the runtime's,
// so Ctrl-C raises KeyboardInterrupt), the history (read at start, an entry a statement,
// a multi-line block as one entry with its newlines, written back at exit), completion
// (libedit asks, the Python completer answers; Tab with only blanks before the cursor
// inserts indentation instead; libedit's own Tab binding does both, so that it redraws
// the line), and reading a line through libedit's callback interface:
// start(prompt, text) shows the prompt, each feed() handles the keys that are there and
// returns the line once Enter was pressed, stop() ends it. Between feeds the caller waits
// for fd 0 without the GIL: wait() here, or the REPL's asyncio loop watching the fd, so
// that tasks run while a line is typed.
//
// While a prompt is shown, it registers itself with the interpreter as the terminal's
// owner (Interpreter::terminal_output_begin/end): a thread or a task that prints clears
// the edited line first, and the prompt and the partial line are redrawn after the output.
// The GIL serialises that with the key handling (feed runs under it; the writer holds it).
//
// libedit's readline emulation is one editor per process, so the state below is too.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

// clang-format off
#include <editline/readline.h>
// clang-format on

#include "cli/repl.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/signals.h"
#include "vm/interpreter.h"

namespace gilpy::cli {

using namespace rt;

namespace {

struct LineEditor {
  bool initialized = false;
  bool active = false;          // a prompt is shown (between start and stop)
  bool line_done = false;       // the handler was called for this prompt
  bool got_eof = false;         // ... with Ctrl-D on an empty line
  std::string line;             // ... with this line
  std::string history_path;     // "" : no history file
  Value completer;              // completer(text, state) -> str or None (owned)
  bool output_ended_line = true;
};

LineEditor editor;

void on_line(char* text) {
  editor.line_done = true;
  editor.got_eof = text == nullptr;
  editor.line = text ? text : "";
  std::free(text);
  // Stop libedit from reading on: the REPL installs the handler again for the next prompt.
  rl_callback_handler_remove();
}

// Completion: libedit gives the word before the cursor; the Python completer answers
// with one candidate a call (state 0, 1, ...), None when there are no more.
char* completion_generator(const char* text, int state) {
  if (editor.completer.is_null()) return nullptr;
  Ref t = str_from_utf8(text).into_ref();
  Ref st = make_int(state);
  Value args[2] = {t.get(), st.get()};
  Ref r = call(editor.completer, args, 2);
  if (!r) {
    clear_error();
    return nullptr;
  }
  if (!is_str(r.get())) return nullptr;
  return strdup(str_to_utf8(r.as<Str>()).c_str());
}

// Tab: indentation when only blanks are before the cursor (one match, "    ", that
// replaces the empty word), else the completer's candidates.
char** attempted_completion(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // no file-name completion as a fallback
  bool blank = true;
  for (int i = 0; i < start && rl_line_buffer; ++i)
    if (rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t') blank = false;
  if (blank && !*text) {
    auto** m = static_cast<char**>(std::malloc(2 * sizeof(char*)));
    m[0] = strdup("    ");
    m[1] = nullptr;
    return m;
  }
  return rl_completion_matches(text, completion_generator);
}

void initialize() {
  if (editor.initialized) return;
  editor.initialized = true;
  rl_catch_signals = 0;
  rl_catch_sigwinch = 1;
  rl_readline_name = "gilpy";
  rl_instream = stdin;
  rl_outstream = stdout;
  rl_initialize();
  using_history();
  // Word breaks for completion: not '.', so that `threading.Th` is one word.
  static char breaks[] = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";
  rl_completer_word_break_characters = breaks;
  rl_attempted_completion_function = attempted_completion;
  rl_completion_append_character = '\0';
  // Emacs keys; reverse search (^R) and the arrows are libedit's defaults.
  rl_parse_and_bind("bind ^R em-inc-search-prev");
}

// The terminal-owner hooks (see the comment at the top).
void output_begin(void*) {
  if (!editor.active) return;
  std::fflush(stdout);
  static const char clear[] = "\r\x1b[K";
  ssize_t n = ::write(1, clear, sizeof clear - 1);
  (void)n;
}

void output_end(void*) {
  if (!editor.active) return;
  rl_forced_update_display();
  std::fflush(stdout);
}

void set_terminal_owner(bool on) {
  vm::Interpreter* interp = vm::current_interpreter();
  interp->terminal_output_begin = on ? output_begin : nullptr;
  interp->terminal_output_end = on ? output_end : nullptr;
  interp->terminal_output_ctx = nullptr;
}

void stop_prompt() {
  if (!editor.active) return;
  editor.active = false;
  set_terminal_owner(false);
  if (!editor.line_done) rl_callback_handler_remove();
}

// ---- the module ------------------------------------------------------------------------------

// setup(history_path, completer): once, before the first prompt.
Ref le_setup(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value path = Value::none(), completer = Value::none();
  if (!bind_args("setup", args, nargs, kwnames, {"history_path", "completer"}, 0, {&path, &completer}))
    return nullptr;
  initialize();
  if (is_str(path)) {
    editor.history_path = str_to_utf8(path.as<Str>());
    read_history(editor.history_path.c_str());
  }
  if (!completer.is_none()) {
    incref(completer);
    if (!editor.completer.is_null()) decref(editor.completer);
    editor.completer = completer;
  }
  return Ref::none();
}

// start(prompt, text=""): shows the prompt with `text` already typed (auto-indent).
Ref le_start(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value prompt, text = Value();
  if (!bind_args("start", args, nargs, kwnames, {"prompt", "text"}, 1, {&prompt, &text})) return nullptr;
  if (!is_str(prompt)) return raise(&TypeErrorType, "start(): prompt must be str");
  initialize();
  stop_prompt();
  editor.line_done = false;
  editor.got_eof = false;
  editor.line.clear();
  std::string p = str_to_utf8(prompt.as<Str>());
  rl_callback_handler_install(p.c_str(), on_line);
  if (!text.is_null() && is_str(text) && text.as<Str>()->length > 0) {
    rl_insert_text(str_to_utf8(text.as<Str>()).c_str());
    // The prompt is on the screen already: redraw it with the text, from column 0.
    std::fputs("\r", stdout);
    rl_forced_update_display();
  }
  std::fflush(stdout);
  editor.active = true;
  set_terminal_owner(true);
  return Ref::none();
}

// feed(): handles the keys waiting on fd 0; returns the line when Enter ended it, None
// while it goes on; EOFError for Ctrl-D on an empty line.
Ref le_feed(Value, const Value*, size_t, Tuple*) {
  if (!editor.active) return raise(&RuntimeErrorType, "feed(): no prompt is shown");
  // One key a call; the rest of a burst (a paste, an escape sequence) is read while it is there.
  for (;;) {
    rl_callback_read_char();
    std::fflush(stdout);
    if (editor.line_done) break;
    struct pollfd pfd = {0, POLLIN, 0};
    if (::poll(&pfd, 1, 0) <= 0) return Ref::none();
  }
  stop_prompt();
  if (editor.got_eof) return raise(&EOFErrorType, "");
  return str_from_utf8(editor.line).into_ref();
}

// wait(): blocks until fd 0 is readable, without the GIL. Ctrl-C raises KeyboardInterrupt.
Ref le_wait(Value, const Value*, size_t, Tuple*) {
  for (;;) {
    int r;
    int err;
    {
      BlockingRegion br(BlockReason::kInput);
      struct pollfd pfd = {0, POLLIN, 0};
      r = ::poll(&pfd, 1, -1);
      err = errno;
    }
    if (r >= 0) return Ref::none();
    if (err != EINTR) return raise_os_error(err);
    if (!check_signals()) return nullptr;
  }
}

// stop(): ends the prompt (after Ctrl-C: the partial line is dropped).
Ref le_stop(Value, const Value*, size_t, Tuple*) {
  if (editor.active && !editor.line_done) {
    rl_replace_line("", 0);
    stop_prompt();
  }
  stop_prompt();
  return Ref::none();
}

// add_history(entry): one statement (a block with its newlines) as one entry.
Ref le_add_history(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value entry;
  if (!bind_args("add_history", args, nargs, kwnames, {"entry", "/"}, 1, {&entry})) return nullptr;
  if (!is_str(entry)) return raise(&TypeErrorType, "add_history(): entry must be str");
  initialize();
  add_history(str_to_utf8(entry.as<Str>()).c_str());
  return Ref::none();
}

// save_history(): writes the history file (at exit).
Ref le_save_history(Value, const Value*, size_t, Tuple*) {
  if (editor.initialized && !editor.history_path.empty()) {
    stifle_history(1000);
    write_history(editor.history_path.c_str());
  }
  return Ref::none();
}

// line_buffer(): what is typed so far (the completer's context).
Ref le_line_buffer(Value, const Value*, size_t, Tuple*) {
  return str_from_utf8(rl_line_buffer ? rl_line_buffer : "").into_ref();
}

const MethodDef kLineEditFunctions[] = {
    {"setup", le_setup, 0, "setup(history_path, completer): initialise libedit, read the history."},
    {"start", le_start, 0, "start(prompt, text=''): show a prompt, with text already typed."},
    {"feed", le_feed, 0, "feed(): handle the waiting keys; the line once Enter is pressed, else None."},
    {"wait", le_wait, 0, "wait(): block until a key is there, without the GIL."},
    {"stop", le_stop, 0, "stop(): end the prompt, dropping a partial line."},
    {"add_history", le_add_history, 0, "add_history(entry): add one history entry."},
    {"save_history", le_save_history, 0, "save_history(): write the history file."},
    {"line_buffer", le_line_buffer, 0, "line_buffer(): the line being edited."},
    {nullptr}};

Ref create_lineedit_module() {
  Own<Module> m = module_new("_lineedit");
  if (!module_add_functions(m.get(), kLineEditFunctions)) return nullptr;
  return m.into_ref();
}

}  // namespace

Ref create_lineedit_module_for_repl() { return create_lineedit_module(); }

}  // namespace gilpy::cli
