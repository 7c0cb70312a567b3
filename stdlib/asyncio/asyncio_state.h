// stdlib/asyncio/asyncio_state.h: what the native half of asyncio (the `_asyncio` module:
// the event loop, Handle, Future, Task) shares between its files.
//
// The loop core is native (DESIGN decision 7): the ready queue, the timer heap, epoll,
// and the Future/Task state machines, which follow CPython 3.11's _asynciomodule.c step
// for step because programs observe the order callbacks run in. Everything that is not
// on a hot path (reprs, the default exception handler, servers, streams) is written in
// Python in stdlib/python/asyncio/ and reached from here through AsyncioState.
//
// State: the process-wide part (the task-name counter, cached exception classes and
// Python helpers) lives in one AsyncioState per interpreter; the running loop is per
// thread (rt::ThreadState::running_loop); the current task belongs to its loop.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/context.h"
#include "runtime/runtime.h"

namespace gilpy::stdlib::aio {

using rt::Own;
using rt::Ref;
using rt::Tuple;
using rt::Type;
using rt::Value;
using rt::cont::no_args;   // argument checks with CPython's messages (runtime/tuple.h)
using rt::cont::one_arg;

struct LoopObject;
struct FutureObject;
struct TaskObject;
struct HandleObject;

extern Type LoopType;
extern Type HandleType;
extern Type TimerHandleType;
extern Type FutureType;
extern Type FutureIterType;
extern Type TaskType;
extern Type EventWaiterType;
extern Type LineReaderType;
extern Type StreamReaderBaseType;
extern Type StreamReaderProtocolBaseType;
extern Type SocketTransportBaseType;
extern Type DrainType;
extern Type StreamWriterBaseType;
extern Type GatheringFutureType;

// The interpreter's asyncio state, created with the `_asyncio` module.
struct AsyncioState {
  uint64_t task_name_counter = 0;   // "Task-N" (shared by every loop, as CPython's)
  // From asyncio.exceptions (imported when `_asyncio` is created; owned).
  Value cancelled_error;
  Value invalid_state_error;
  // Python helpers from asyncio.format_helpers, imported on first use (owned).
  Value format_helpers;
  // Every live task (all_tasks), borrowed: a task leaves when it is freed.
  std::vector<TaskObject*> tasks;
  // The REPL's loop (_set_prompt_loop, stdlib/python/_gilpy_repl.py): it persists across
  // inputs and runs while a line is read; while a statement typed at the prompt runs on
  // the REPL's thread, get_running_loop() returns it, so that asyncio.create_task() works
  // there. _get_running_loop() does not: asyncio.run() and run_until_complete() still
  // work at the prompt (owned; null when none).
  Value prompt_loop;
  rt::ThreadState* prompt_thread = nullptr;
};
AsyncioState& state();

// A helper function of the Python half (asyncio.format_helpers.NAME), for reprs and
// error messages: borrowed, or null with an error pending.
Value python_helper(const char* name);

// Raises asyncio.CancelledError / InvalidStateError(message).
Ref raise_invalid_state(const char* message);
bool is_cancelled_error(Value exc);
// A new CancelledError(msg) (no argument when msg is null or None).
Ref new_cancelled_error(Value msg);

// ---- contexts (contextvars, runtime/context.h) -----------------------------------------------
// Every callback and task step runs in a contextvars.Context, as CPython's Handle._run
// does context.run; None (a handle made with no context at all) runs in the current one.
inline Ref copy_current_context() { return rt::context_copy_current(); }
inline bool enter_context(rt::ThreadState* ts, Value ctx) { return ctx.is_none() || rt::context_enter(ts, ctx); }
inline void exit_context(rt::ThreadState* ts, Value ctx) {
  if (!ctx.is_none()) rt::context_exit(ts, ctx);
}

// ---- the loop (event_loop.cpp) --------------------------------------------------------------
bool is_native_loop(Value v);
// loop.call_soon(callback, *args, context=context) for any loop; the native loop's fast
// path when `loop` is one whose call_soon is not overridden. Returns false on error.
bool loop_call_soon(Value loop, Value callback, Value arg, Value context);
// Schedules task.__step(exc) (exc may be null) or task.__wakeup(fut) without a bound method.
bool loop_schedule_task_step(Value loop, TaskObject* task, Value exc);
bool loop_schedule_task_wakeup(Value loop, TaskObject* task, Value fut, Value context);
// Schedules gather()'s completion callback for one of its children (gather.cpp runs it).
bool loop_schedule_gather_child(Value loop, Value outer, Value child);
// loop.get_debug() (the flag itself for a native loop).
int loop_get_debug(Value loop);
// loop.call_exception_handler(context) with errors reported, never raised.
void loop_report(Value loop, Ref context_dict);
// The loop's current task slot (tasks' enter/leave), borrowed; null when none.
Value loop_current_task(Value loop);
bool loop_set_current_task(Value loop, Value task);  // task may be null

// The running loop of this thread (borrowed, may be null).
Value running_loop();
Ref get_running_loop();                // RuntimeError: no running event loop
Ref get_event_loop();                  // the running loop, else the policy's

// ---- handles (handle.cpp) --------------------------------------------------------------------
// What a handle runs: a callback, or a task's step or wake-up without a bound method.
enum class HandleKind : uint8_t { kCallback, kTaskStep, kTaskWakeup };
Own<HandleObject> handle_new(Type* type, HandleKind kind, Value callback, Ref args, Value loop, Value context);
// Runs a handle that was not cancelled: its callback in its context, errors to the
// loop's exception handler. False only for SystemExit/KeyboardInterrupt (pending).
bool handle_run(HandleObject* h);
// The same for a task's step (exc may be null) or wake-up queued without a handle, and for
// a future's done callback fn(fut) in `context`.
bool run_task_callback(HandleKind kind, TaskObject* task, Value arg);
bool run_done_callback(Value loop, Value fn, Value fut, Value context);
bool run_gather_child(Value loop, Value outer, Value child);
bool handle_cancelled(HandleObject* h);
void handle_cancel(HandleObject* h);      // Handle.cancel(), without the loop's timer count
// TimerHandle: the deadline (a double, for the heap) and whether it is on the heap.
double timer_when(HandleObject* h);
void timer_set_scheduled(HandleObject* h, bool scheduled);

// ---- futures and tasks (future.cpp, task.cpp) --------------------------------------------------
// Sends None into a coroutine, or throws `exc` (not null) into it: 0 yielded (*out), 1
// returned (*out), -1 raised (task.cpp; the task's step and _Drain use it).
int resume_coro(Value coro, Value exc, Ref* out);
bool is_future_exact(Value v);   // exactly _asyncio.Future or Task, or a self waiter (a future inside)
bool is_self_waiter(Value v);     // self_waiter.cpp: an Event or readline waiter
// Task.__step / __wakeup (task.cpp), run by handles.
bool task_step(TaskObject* task, Value exc);
bool task_wakeup(TaskObject* task, Value fut);
Ref task_method_step(TaskObject* task);     // bound-method stand-ins for introspection
Ref task_method_wakeup(TaskObject* task);

// gather() (gather.cpp): the completion of one child, and its callable stand-in.
bool gather_child_done(Value outer, Value child);
Ref gather_method_done(Value outer);
Ref gather_new(const Value* args, size_t nargs, bool return_exceptions);
extern const rt::MethodDef kGatherDef;  // asyncio.gather

void init_handle_types();
void init_loop_type();
void init_future_types();
void init_task_type();
void init_event_waiter_type();
// Readies a native base class with no layout of its own for a Python class of asyncio's
// to derive from (StreamReader's, ...): `methods` are its natively done methods.
void init_native_base_type(Type& t, const char* name, const rt::MethodDef* methods);
void init_stream_reader_types();
void init_stream_writer_types();
void init_socket_transport_type();
void init_gather_types();

}  // namespace gilpy::stdlib::aio
