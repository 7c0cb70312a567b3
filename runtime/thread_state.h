// runtime/thread_state.h: per-thread interpreter state.
//
// Each OS thread that runs Python code has one ThreadState (DESIGN decision 6): its
// pending exception, the exception being handled (sys.exc_info()), its recursion depth,
// and the VM's frame stack (opaque here: vm/ owns the frame layout). A greenlet switch
// (stdlib/greenlet) swaps the parts that belong to one line of execution. The current thread's
// state is reachable through ThreadState::current(), a thread_local pointer: this is
// per-thread, not shared mutable state, and it is what lets a native deep in the runtime
// raise an error without every function taking a ThreadState parameter (the eval loop
// and the GIL still pass it explicitly where it matters).
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/object.h"

namespace gilpy::vm {
struct Interpreter;  // opaque here: vm/interpreter.h
}

namespace gilpy::rt {

struct GilThreadRecord;  // runtime/gil_meter.h
struct StrTokenCache;    // runtime/str_tokens.h

struct ThreadState;
// The calling thread's state. An inline variable with a constant initialiser, so every
// translation unit reads the TLS slot directly (no TLS wrapper function: those confuse
// UBSan in threads made after start-up).
inline thread_local ThreadState* tls_current_thread_state = nullptr;

struct ThreadState {
  vm::Interpreter* interp = nullptr;
  Value pending_exc;      // the exception being raised (owned), or null
  Value handled_exc;      // the exception being handled, sys.exc_info()[1] (owned), or null
  // While a generator runs, handled_exc is the generator's own; the callers' are saved
  // here (owned), innermost last. The exception being handled is the last non-null one.
  std::vector<Value> outer_handled;
  int recursion_depth = 0;        // Python frames on this thread
  int native_depth = 0;           // nested eval-loop entries from native code
  // Natives that recurse raise RecursionError once the native stack reaches below this
  // address (NativeDepthGuard): set for a thread by the first greenlet it makes, and
  // swapped with each greenlet switch to the bounds of that greenlet's stack. Null: only
  // native_depth is counted.
  char* stack_limit = nullptr;
  void* vm = nullptr;             // vm::ThreadFrames*, owned by vm/
  uint64_t thread_id = 0;         // threading.get_ident()
  bool is_main = false;           // the thread that created the interpreter
  GilThreadRecord* gil_record = nullptr;  // what the GIL measured of this thread (runtime/gil_meter.h)
  Value thread_object;            // the threading.Thread running on this thread (borrowed), for the meter's names
  int gil_ticks = 0;              // instructions left before the legacy policy's check-interval release
  // asyncio's running loop on this thread (stdlib/asyncio), borrowed: a loop sets it
  // while run_forever runs and clears it before returning.
  Value running_loop;
  Value context;                  // the current contextvars.Context (owned), null until first used (runtime/context.h)
  // _thread._set_sentinel()'s lock (owned), released as the thread ends, after all of its
  // Python code: Thread.join() waits for it (stdlib/thread_module.cpp).
  Value sentinel_lock;
  // The greenlets of this thread (stdlib/greenlet: its GreenletThread), made by the first
  // greenlet operation; a greenlet switch swaps frames, exceptions, depths, stack_limit and
  // context above.
  void* greenlets = nullptr;
  // The short tokens str.split() made last on this thread (owned), null until the first.
  StrTokenCache* str_tokens = nullptr;

  // sys.exc_info()[1]: the innermost exception being handled, or null.
  Value topmost_handled() const {
    if (!handled_exc.is_null() && !handled_exc.is_none()) return handled_exc;
    for (size_t i = outer_handled.size(); i-- > 0;)
      if (!outer_handled[i].is_null() && !outer_handled[i].is_none()) return outer_handled[i];
    return Value();
  }

  static ThreadState* current() { return tls_current_thread_state; }
  static void set_current(ThreadState* ts) { tls_current_thread_state = ts; }
};

}  // namespace gilpy::rt
