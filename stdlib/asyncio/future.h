// stdlib/asyncio/future.h: asyncio.Future, natively (CPython's FutureObj in
// _asynciomodule.c): a result or an exception that arrives later, and the done callbacks
// that the loop calls, each with the future, in the order they were added.
//
// Awaiting a pending future yields the future itself to the task running the coroutine
// (with _asyncio_future_blocking set): that is how the task learns what to wait for. The
// task then adds its wake-up as a done callback (task.cpp).
#pragma once

#include <vector>

#include "stdlib/asyncio/asyncio_state.h"

namespace gilpy::stdlib::aio {

enum class FutureState : uint8_t { kPending, kCancelled, kFinished };

// A done callback: fn(future) run in `context`; or one of the callbacks asyncio adds
// itself, kept without a callable object: a task's wake-up (fn is the task, CPython's
// TaskWakeupMethWrapper) and a gather() child's completion (fn is the gathering future,
// CPython's _done_callback closure; no context, it runs none of the program's code).
enum class CallbackKind : uintptr_t { kCallable = 0, kTaskWakeup = 1, kGatherChild = 2 };
struct FutureCallback {
  Value fn;          // owned; null: no callback
  uintptr_t tagged;  // a callable's Context (owned), or the kind of one of asyncio's own (they have none)

  Value context() const { return kind() == CallbackKind::kCallable ? Value::from_bits(tagged) : Value(); }
  CallbackKind kind() const {
    return tagged != 0 && tagged < 8 ? static_cast<CallbackKind>(tagged) : CallbackKind::kCallable;
  }
  // Takes the references to fn and context (null for asyncio's own kinds).
  static FutureCallback make(Value fn, Value context, CallbackKind kind) {
    return {fn, kind == CallbackKind::kCallable ? context.bits() : static_cast<uintptr_t>(kind)};
  }
};

// What few futures need, allocated on first use: the callbacks after the first, and the
// cancellation and debugging details. A future stays at five words plus its header, the
// same task after task (100,000 suspended tasks are 100,000 of them).
struct FutureExtras {
  rt::Dict* dict = nullptr;          // instance attributes (Type::dict_slot), made when set
  std::vector<FutureCallback> more;  // callbacks after the first, in order
  Value exception_tb;      // owned: the exception's traceback when it was set
  Value cancel_msg;        // owned: cancel()'s message
  Value cancelled_exc;     // owned: the CancelledError that cancelled it, for result()
  Value source_traceback;  // owned (debug mode)
  Value task_cancel_msg;   // Task: owned message of a cancel() not delivered yet
};

struct FutureObject : rt::Object {
  Value loop;             // owned; null until __init__
  FutureCallback first;   // the first callback inline (fn null: none), as CPython's callback0
  FutureExtras* extras;   // owned, null until needed
  Value value;            // owned: the result, or the exception when has_exception
  FutureState state;
  bool has_exception;
  bool log_traceback;     // an exception nobody has looked at yet (logged at collection)
  bool blocking;          // _asyncio_future_blocking
  bool finalized;
  uint8_t aux;            // a subtype's own small state (the Event waiter's stage)
  bool gather_mark;       // gather() is making a gathering future with it (gather.cpp)
};

FutureExtras& future_extras(FutureObject* fut);  // made on first use
// A field of the extras, or null when there are none.
inline Value extras_field(const FutureObject* fut, Value FutureExtras::*field) {
  return fut->extras ? fut->extras->*field : Value();
}
inline Value future_exception(const FutureObject* fut) { return fut->has_exception ? fut->value : Value(); }
inline Value future_result(const FutureObject* fut) { return fut->has_exception ? Value() : fut->value; }

// Iterating (awaiting) a future: yields it while pending, then returns its result.
struct FutureIterObject : rt::Object {
  FutureObject* future;  // owned, null when exhausted
};

inline FutureObject* as_future(Value v) { return v.as<FutureObject>(); }
inline bool is_future_instance(Value v) { return v.is_obj() && rt::is_subtype(v.obj()->type, &FutureType); }

// Initialises a future's fields (Future.__init__): loop None means get_event_loop().
bool future_init(FutureObject* fut, Value loop);
Ref future_new_for_loop(Value loop);  // loop.create_future()
// The state transitions, with CPython's errors; each schedules the done callbacks.
bool future_set_result(FutureObject* fut, Value result);
bool future_set_exception(FutureObject* fut, Value exc);
int future_cancel(FutureObject* fut, Value msg);   // 1: cancelled, 0: already done, -1: error
// result() without raising it: 0 and *out the result; 1 and *out the exception; -1 with
// CancelledError or InvalidStateError pending.
int future_get_result(FutureObject* fut, Ref* out);
// The CancelledError to raise for a cancelled future (takes the saved one if any).
Ref future_make_cancelled_error(FutureObject* fut);
// fut._callbacks: a list of (callback, context) pairs, or None when there are none.
Ref future_callbacks_list(FutureObject* fut);
// add_done_callback for native code (context must not be None).
bool future_add_callback(FutureObject* fut, Value fn, Value context, CallbackKind kind);

// The shared parts of the Future and Task types (task.cpp builds on them).
void future_traverse(rt::Object* o, rt::VisitFn visit, void* ctx);
void future_clear(rt::Object* o);
void future_finalize(rt::Object* o);
// Runs `finalize` from dealloc as CPython's PyObject_CallFinalizerFromDealloc: true when
// the object was resurrected (dealloc must stop).
bool future_finalize_from_dealloc(rt::Object* o);
// The instance dict's slot, out of line (Type::dict_slot of Future and its native subtypes).
rt::Dict** future_dict_slot(Value self, bool create);
// Releases a future's fields and frees it (the end of Future's and Task's dealloc).
void future_free(rt::Object* o);

}  // namespace gilpy::stdlib::aio
