// vm/gil_sites.cpp: the GIL meter's view of Python frames (vm/gil_sites.h).
//
// A thread blocked in queue.get() is, at its innermost frame, inside threading's
// Condition.wait: true, but useless to whoever reads the report. So a site is the
// innermost frame of the user's own code, skipping the frames of the library's modules
// (gilpy's frozen ones, "<frozen NAME>", and CPython's under Interpreter::stdlib_dir);
// only when every frame is the library's does the innermost one stand. The same library frames tell a lock wait's purpose.
#include "vm/gil_sites.h"

#include <atomic>
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

[[gnu::noinline]] int8_t classify_library_code(Code* code) {
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
  std::atomic_ref<int8_t>(code->library_kind).store(kind, std::memory_order_relaxed);
  return kind;
}

// Classified once per code object: the meter asks at every blocking call. Without the GIL
// (see gil_site_hook), so two threads may classify the same code at once: both find the
// same kind, and the field is read and written atomically.
inline int8_t library_kind(Code* code) {
  int8_t kind = std::atomic_ref<int8_t>(code->library_kind).load(std::memory_order_relaxed);
  return kind ? kind : classify_library_code(code);
}

// One walk out from the innermost frame (the hooks run on the thread itself, whose frames
// are thread_frames()) to the first frame of the user's code: that frame is the site (the
// innermost one when all are the library's). When `reason` says a lock wait, the library
// frames within the first eight on the way say what the lock is for: an executor's
// future, a queue, a join.
GilSite site_of(ThreadState* ts, BlockReason* reason) {
  (void)ts;
  Frame* top = thread_frames().current;
  if (!top) return {};
  Frame* chosen = top;
  bool executor = false, queue = false, join = false;
  int depth = 0;
  for (Frame* f = top; f; f = f->previous, ++depth) {
    int8_t kind = library_kind(f->code);
    if (kind == kUserCode) {
      chosen = f;
      break;
    }
    if (depth < 8) {
      executor |= kind == kExecutorCode;
      queue |= kind == kQueueCode;
      join |= kind == kThreadingJoin;
    }
  }
  if (reason && *reason == BlockReason::kLock)
    *reason = executor ? BlockReason::kExecutor : queue ? BlockReason::kQueue : join ? BlockReason::kJoin : BlockReason::kLock;
  return {chosen->code, chosen->lasti};
}

}  // namespace

void install_gil_meter_hooks() {
  gil_site_hook = site_of;
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
