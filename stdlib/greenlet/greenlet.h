// stdlib/greenlet/greenlet.h: greenlets, stackful coroutines on fibers (DESIGN decision 10),
// with the public API of the `greenlet` package (python3-greenlet 2.0 is the reference).
//
// A greenlet is a fiber (runtime/fiber.h: its own native stack, with its own Python frame
// arena beside it) plus the parts of the thread state that belong to one line of
// execution: the frame stack, the exception being handled, the recursion depths, the
// stack limit and the contextvars context. A switch saves those of the running greenlet
// into it, loads the target's and jumps: no GIL operation (every greenlet of a thread runs
// under that thread's hold), no allocation on the common path. Each thread has its own
// GreenletThread (ThreadState::greenlets): its main greenlet (the thread's own stack), the
// running one, and the pool its greenlets' stacks come from.
#pragma once

#include <vector>

#include "runtime/fiber.h"
#include "runtime/object.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace gilpy::stdlib::greenlet {

enum class GreenletState : uint8_t {
  kUnstarted,  // made, run not yet called
  kActive,     // started and not finished (running or suspended); a main greenlet always
  kDead,       // run returned or raised
};

struct GreenletThread;

struct Greenlet : rt::Object {
  rt::Dict* dict;           // the instance __dict__ (owned, may be null)
  rt::Value run;                // owned: the run given to greenlet() or assigned, until it starts
  Greenlet* parent;         // owned; null for a main greenlet
  GreenletThread* thread;   // the thread it belongs to (counted in thread->greenlets)
  GreenletState state;
  bool is_main;
  size_t stack_size;        // of its native stack, fixed when it is made

  // While it does not run: what the thread state holds while it does (see the top).
  vm::ThreadFrames* frames;  // its frame stack: own_frames, or the thread's for a main greenlet
  rt::Value handled_exc;         // owned
  std::vector<rt::Value> outer_handled;  // owned
  int recursion_depth;
  int native_depth;
  char* stack_limit;
  rt::Value context;             // the contextvars.Context (owned), gr_context

  // The fiber, from the start to the end of its run.
  rt::FiberContext resume_point;  // where to resume it while it is suspended
  rt::FiberStack stack;
  rt::FiberSanitizerState sanitizer;
  // What run is called with, from the start until run returns: held here, not on the
  // fiber's stack, so that a greenlet abandoned suspended (its thread ended; the stack never
  // resumes) still releases them with its other fields.
  rt::Value run_callable;        // owned: the run it was started with
  rt::Value run_args;            // owned: the positional arguments' tuple, or with run_single the one argument
  rt::Value run_kwargs;          // owned dict, or null
  bool run_single;
  vm::ThreadFrames own_frames;
};

// What a switch hands over: the arguments of switch() (or what run returned), taken by
// the greenlet that lands. Empty with an exception pending: a throw.
struct SwitchArgs {
  rt::Value args;    // owned: the tuple of positional arguments, or with `single` the one value
  rt::Value kwargs;  // owned dict, or null
  bool single = false;
};

struct GreenletThread {
  rt::ThreadState* ts;       // null once the thread ended
  Greenlet* main;            // owned
  Greenlet* current;         // owned: the greenlet running on this thread
  int greenlets = 0;         // greenlets that point here: it lives while any does
  rt::Value trace;               // greenlet.settrace's callback (owned), or null
  SwitchArgs in_flight;
  Greenlet* switching_from = nullptr;  // owned: released by the greenlet that lands
  // Greenlets of this thread whose last reference went on another thread (owned): they
  // are killed here, at this thread's next switch.
  std::vector<Greenlet*> pending_kills;
  rt::FiberStackPool stacks;
};

// The calling thread's greenlets (made with its main greenlet on first use); null with
// MemoryError pending if the thread's stack cannot be found.
GreenletThread* thread_greenlets(rt::ThreadState* ts);
// A thread is ending (stdlib/thread_module.cpp, before its state goes): its greenlets can
// never run again.
void greenlet_thread_exit(rt::ThreadState* ts);

}  // namespace gilpy::stdlib::greenlet
