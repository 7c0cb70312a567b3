// vm/gil_sites.cpp: the GIL meter's view of Python frames (vm/gil_sites.h).
//
// A thread blocked in queue.get() is, at its innermost frame, inside threading's
// Condition.wait: true, but useless to whoever reads the report. So a site is the
// innermost frame of the user's own code, skipping the frames of the library's modules
// (gilpy's frozen ones, "<frozen NAME>", and CPython's under Interpreter::stdlib_dir);
// only when every frame is the library's does the innermost one stand. The same library frames tell a lock wait's purpose.
#include "vm/gil_sites.h"

#include <cstring>

#include "runtime/gil.h"
#include "runtime/str.h"
#include "vm/code.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/interpreter.h"

namespace gilpy::vm {

using namespace rt;

namespace {

// Code::library_kind values (0: not yet known).
enum LibraryKind : int8_t { kUserCode = 1, kLibraryCode, kThreadingJoin, kQueueCode, kExecutorCode };

// The dotted name of the library module a code object's file is ("" for the user's
// code): "<frozen asyncio.tasks>", or STDLIB/concurrent/futures/thread.py.
std::string library_module_of(const std::string& file) {
  if (file.rfind("<frozen ", 0) == 0) return file.substr(8, file.size() - 9);
  const std::string& stdlib = current_interpreter()->stdlib_dir;
  if (stdlib.empty() || file.size() <= stdlib.size() + 4 || file.compare(0, stdlib.size(), stdlib) != 0 ||
      file[stdlib.size()] != '/' || file.compare(file.size() - 3, 3, ".py") != 0)
    return "";
  std::string module = file.substr(stdlib.size() + 1, file.size() - stdlib.size() - 4);
  for (char& c : module)
    if (c == '/') c = '.';
  if (module.size() > 9 && module.compare(module.size() - 9, 9, ".__init__") == 0) module.resize(module.size() - 9);
  return module;
}

int8_t library_kind(Code* code) {
  if (code->library_kind) return code->library_kind;
  std::string qualname = str_to_utf8(code->qualname);
  int8_t kind = kUserCode;
  if (std::string module = library_module_of(str_to_utf8(code->filename)); !module.empty()) {
    if (module == "threading" && (qualname == "Thread.join" || qualname == "Thread._wait_for_tstate_lock"))
      kind = kThreadingJoin;
    else if (module == "queue")
      kind = kQueueCode;
    else if (module.rfind("concurrent.futures", 0) == 0 || module == "asyncio.futures")
      kind = kExecutorCode;
    else
      kind = kLibraryCode;
  }
  code->library_kind = kind;
  return kind;
}

Frame* innermost_frame(ThreadState* ts) {
  (void)ts;  // the hooks run on the thread itself, whose frames are thread_frames()
  return thread_frames().current;
}

GilSite site_of(ThreadState* ts) {
  Frame* top = innermost_frame(ts);
  if (!top) return {};
  Frame* chosen = top;
  for (Frame* f = top; f; f = f->previous) {
    if (library_kind(f->code) == kUserCode) {
      chosen = f;
      break;
    }
  }
  return {chosen->code, chosen->lasti};
}

// A lock wait under library frames only: a queue's, an executor's, a join's.
BlockReason lock_reason_of(ThreadState* ts) {
  bool queue = false, join = false;
  int depth = 0;
  for (Frame* f = innermost_frame(ts); f && depth < 8; f = f->previous, ++depth) {
    switch (library_kind(f->code)) {
      case kUserCode:
        depth = 8;  // the user's own frame: the library frames below it decide
        break;
      case kExecutorCode:
        return BlockReason::kExecutor;
      case kQueueCode:
        queue = true;
        break;
      case kThreadingJoin:
        join = true;
        break;
      default:
        break;
    }
  }
  return queue ? BlockReason::kQueue : join ? BlockReason::kJoin : BlockReason::kLock;
}

}  // namespace

void install_gil_meter_hooks() {
  gil_site_hook = site_of;
  gil_lock_reason_hook = lock_reason_of;
  gil_counting_changed_hook = set_instruction_counting;
}

SiteDescription describe_site(const GilSite& site) {
  SiteDescription d;
  if (!site.code) return d;
  auto* code = static_cast<Code*>(site.code);
  d.function = str_to_utf8(code->qualname);
  d.file = str_to_utf8(code->filename);
  d.line = code->line_for(site.instr);
  return d;
}

}  // namespace gilpy::vm
