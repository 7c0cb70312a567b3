// vm/eval.h: the eval loop's entry points for the rest of vm/.
#pragma once

#include "runtime/object.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"
#include "vm/function.h"

namespace gilpy::vm {

// Runs `frame` (already linked: previous set, is_entry true) until it returns or yields.
// With `throwing`, the pending exception is raised at the frame's resume point first.
Ref eval_frame(rt::ThreadState* ts, Frame* frame, bool throwing);
// Makes the loop count instructions for the legacy GIL policy's check interval, or stop
// (rt::gil_counting_changed_hook). GIL held.
void set_instruction_counting(bool on);

// Allocates and fills a frame for calling `f` (arguments bound, cells made). Returns null
// with an error pending (the frame is released) on a binding error or RecursionError.
Frame* make_frame(rt::ThreadState* ts, Function* f, const Value* args, size_t nargs, rt::Tuple* kwnames);
// Allocates a frame for module/class code run with explicit namespaces (exec, class bodies):
// the globals and closure are func's when func is given (a class body), else `globals` and
// `closure` (null, or one cell per free variable of code).
Frame* make_frame_for_code(rt::ThreadState* ts, Code* code, rt::Dict* globals, rt::Object* locals,
                           Function* func, rt::Tuple* closure);
// Releases everything a frame owns and pops it from the arena if it lives there.
void release_frame(rt::ThreadState* ts, Frame* f);
// Clears a frame's locals and stack (owned values) without freeing its memory.
void clear_frame_values(Frame* f);

bool bind_arguments(Frame* frame, Function* f, const Value* args, size_t nargs, rt::Tuple* kwnames);
void init_cells(Frame* frame, rt::Tuple* closure);

// The current thread's innermost running frame (null at top level).
Frame* current_frame();

// Requests the running eval loops on this thread to run handle_pending (GC, signals).
void request_eval_break();

void init_eval();

}  // namespace gilpy::vm
