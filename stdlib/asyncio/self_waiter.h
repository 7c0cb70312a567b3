// stdlib/asyncio/self_waiter.h: native coroutines that are their own future, for the
// awaits asyncio's hot paths make most: Event.wait() (event_wait.cpp) and
// StreamReader.readline() (stream_readline.cpp). CPython's are coroutines that make a
// Future and await it (a coroutine, its frame, a future and the future's iterator); these
// do the same steps in one object of a future's size and a few fields.
//
// The layout starts with a FutureObject, and the task's step treats the object as a
// future (is_future_exact): the task waits on the object itself. To Python it is not a
// Future (no _asyncio_future_blocking, so isfuture() is False and ensure_future() wraps
// it in a task, as it does the coroutine), but it has a coroutine's methods (iscoroutine()
// is True: create_task(event.wait()) works) and, for whoever resolves it, the future
// methods done, cancelled, set_result, set_exception and cancel.
#pragma once

#include "stdlib/asyncio/future.h"

namespace gilpy::stdlib::aio {

enum class WaitStage : uint8_t { kCreated, kWaiting, kFinished };

struct SelfWaiterObject : FutureObject {
  Value owner;  // owned: the Event, the StreamReader
  // The stage is kept in FutureObject::aux: the object stays at a future's size plus one.
  WaitStage stage() const { return static_cast<WaitStage>(aux); }
  void set_stage(WaitStage s) { aux = static_cast<uint8_t>(s); }
};

// What one kind of waiter does. `step` is the type's am_send (send(), __next__ and the task
// all go through it): it returns the result, raises, or waits by self_waiter_yield.
// `leave` is the coroutine's `finally:`, run once when it stops waiting, also on throw()
// and close(); false with an error pending. `qualname` names it as a coroutine.
struct SelfWaiterKind {
  rt::SendFn step;
  bool (*leave)(SelfWaiterObject* w);
  const char* qualname;
  const char* name;
};

// Readies a waiter type (basic_size: its object's size, at least SelfWaiterObject's).
void init_self_waiter_type(Type& t, const char* tp_name, size_t basic_size, rt::NewFn new_fn,
                           const SelfWaiterKind* kind);
bool is_self_waiter(Value v);
// Allocates a waiter of type t for `owner` (stage kCreated, not yet a future of any loop).
SelfWaiterObject* self_waiter_new(Type& t, Value owner);
// The waiting of a step: (re)makes the waiter a pending future of `loop` and yields it to
// the task, as `await fut` does. Then stage kWaiting.
rt::SendStatus self_waiter_wait(SelfWaiterObject* w, Value loop, Ref* out);
// Resumed in stage kWaiting. While the future is still pending (resumed early) it waits
// on: kYield, itself in *out. Else it runs `leave` and gives what `await fut` gives: kReturn
// with the result in *out, or kError with the exception or the CancelledError pending.
rt::SendStatus self_waiter_resume(SelfWaiterObject* w, Ref* out);

// The coroutine protocol's pieces that native coroutines share (these and _Drain):
// throw()'s argument as the exception instance to throw (TypeError for anything else),
// and a step's outcome as __next__/send() give it (the return value in StopIteration).
// And __await__() and iter(), which give the object itself.
Ref throw_argument(const Value* args, size_t nargs, rt::Tuple* kwnames);
Ref step_to_iter_result(rt::SendStatus status, Ref out);
Ref await_self(Value self, const Value* args, size_t nargs, rt::Tuple* kwnames);
Ref iter_self(Value self);

}  // namespace gilpy::stdlib::aio
