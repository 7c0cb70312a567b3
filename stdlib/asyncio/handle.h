// stdlib/asyncio/handle.h: asyncio's Handle and TimerHandle: a callback with its
// arguments and context, queued on a loop's ready queue or timer heap (CPython's
// asyncio.events.Handle and TimerHandle, natively).
//
// A task's step and wake-up are handles too, of their own kinds: the handle holds the
// task instead of a bound method, so scheduling a task allocates one object, not three.
#pragma once

#include "stdlib/asyncio/asyncio_state.h"

namespace gilpy::stdlib::aio {

struct HandleObject : rt::Object {
  rt::Dict* dict;       // instance attributes of subclasses (owned, may be null)
  Value callback;       // owned; the task for kTaskStep/kTaskWakeup; null once cancelled
  Tuple* args;          // owned; null once cancelled
  Value loop;           // owned
  Value context;        // owned contextvars.Context, or None
  Value repr_cache;     // owned: the repr kept by cancel() in debug mode (CPython's _repr)
  Value when;           // TimerHandle: the deadline as given (owned)
  double when_seconds;  // TimerHandle: the same as a double, for the heap
  HandleKind kind;
  bool cancelled;
  bool scheduled;       // TimerHandle: on its loop's heap
};

inline bool is_handle(Value v) { return v.is_obj() && rt::is_subtype(v.obj()->type, &HandleType); }

}  // namespace gilpy::stdlib::aio
