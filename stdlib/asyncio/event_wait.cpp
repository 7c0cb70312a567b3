// stdlib/asyncio/event_wait.cpp: `_asyncio._EventWaiter`, what asyncio.Event.wait()
// returns: a waiter that is its own future (self_waiter.h), doing CPython's steps
//
//   if event._value: return True
//   (be a future of event._get_loop()); event._waiters.append(self)
//   try: yield until done; return True        (raises CancelledError if cancelled)
//   finally: event._waiters.remove(self)
//
// Event.set() resolves it with set_result(True), as it resolves CPython's futures. A
// waiting task costs a third of what CPython's coroutine, future and iterator cost.
#include "stdlib/asyncio/self_waiter.h"
#include "stdlib/common.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type EventWaiterType;

namespace {

// Leaves event._waiters (the `finally:` of the coroutine); false on error.
bool leave_event(SelfWaiterObject* w) {
  static Str* waiters_name = intern("_waiters");
  Ref waiters = getattr(w->owner, waiters_name);
  if (!waiters) return false;
  return bool(call_method1(waiters.get(), "remove", Value::from_obj(w)));
}

// One step of the coroutine (its am_send): the waiter itself while it must wait (the
// task adds its wake-up to it), else True returned, or the CancelledError raised.
SendStatus waiter_send_slot(Value self, Value, Ref* out) {
  auto* w = self.as<SelfWaiterObject>();
  switch (w->stage()) {
    case WaitStage::kCreated: {
      static Str* value_name = intern("_value");
      Ref value = getattr(w->owner, value_name);
      if (!value) return SendStatus::kError;
      int set = truthy(value.get());
      if (set < 0) return SendStatus::kError;
      if (set) {
        w->set_stage(WaitStage::kFinished);
        *out = Ref::boolean(true);
        return SendStatus::kReturn;
      }
      Ref loop = call_method0(w->owner, "_get_loop");
      if (!loop) return SendStatus::kError;
      static Str* waiters_name = intern("_waiters");
      Ref waiters = getattr(w->owner, waiters_name);
      if (!waiters || !call_method1(waiters.get(), "append", self)) return SendStatus::kError;
      return self_waiter_wait(w, loop.get(), out);
    }
    case WaitStage::kWaiting: {
      SendStatus status = self_waiter_resume(w, out);
      if (status == SendStatus::kReturn) *out = Ref::boolean(true);
      return status;
    }
    case WaitStage::kFinished:
      raise(&RuntimeErrorType, "cannot reuse already awaited coroutine");
      return SendStatus::kError;
  }
  return SendStatus::kError;
}

Ref waiter_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_EventWaiter", nargs, kwnames)) return nullptr;
  return Ref::steal(Value::from_obj(self_waiter_new(*type, args[0])));
}

const SelfWaiterKind kEventWait = {waiter_send_slot, leave_event, "Event.wait", "wait"};

}  // namespace

void init_event_waiter_type() {
  init_self_waiter_type(EventWaiterType, "_asyncio._EventWaiter", sizeof(SelfWaiterObject), waiter_new,
                        &kEventWait);
}

}  // namespace gilpy::stdlib::aio
