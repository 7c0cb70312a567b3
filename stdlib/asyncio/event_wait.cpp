// stdlib/asyncio/event_wait.cpp: `_asyncio._EventWaiter`, what asyncio.Event.wait()
// returns: one object that is at once the coroutine the caller awaits and the future the
// task waits for. CPython's Event.wait is a coroutine that makes a Future and awaits it
// (a coroutine, a future and the future's iterator: ~350 bytes a waiting task); this
// does the same steps in one object of a future's size:
//
//   if event._value: return True
//   (be a future of event._get_loop()); event._waiters.append(self)
//   try: yield until done; return True        (raises CancelledError if cancelled)
//   finally: event._waiters.remove(self)
//
// Its layout starts with a FutureObject, and the task's step treats it as a future
// (is_future_exact); to Python it is not a Future (no _asyncio_future_blocking, so
// isfuture() is False and ensure_future() wraps it in a task, as it does the coroutine),
// but it has a coroutine's methods (iscoroutine() is True: create_task(event.wait())
// works). Event.set() resolves it with set_result(True), as it resolves CPython's futures.
#include "runtime/typeobject.h"
#include "stdlib/asyncio/future.h"
#include "stdlib/common.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type EventWaiterType;

namespace {

enum class WaitStage : uint8_t { kCreated, kWaiting, kFinished };

struct EventWaiterObject : FutureObject {
  Value event;       // owned: the asyncio.Event
  // The stage is kept in FutureObject::aux: the object stays at a future's size plus one.
  WaitStage stage() const { return static_cast<WaitStage>(aux); }
  void set_stage(WaitStage s) { aux = static_cast<uint8_t>(s); }
};

EventWaiterObject* as_waiter(Value v) { return v.as<EventWaiterObject>(); }

// Leaves event._waiters (the `finally:` of the coroutine); false on error.
bool leave_event(EventWaiterObject* w) {
  if (w->stage() != WaitStage::kWaiting) {
    w->set_stage(WaitStage::kFinished);
    return true;
  }
  w->set_stage(WaitStage::kFinished);
  static Str* waiters_name = intern("_waiters");
  Ref waiters = getattr(w->event, waiters_name);
  if (!waiters) return false;
  return bool(call_method1(waiters.get(), "remove", Value::from_obj(w)));
}

// One step of the coroutine (its am_send): the waiter itself while it must wait (the
// task adds its wake-up to it), else True returned, or the CancelledError raised.
SendStatus waiter_send_slot(Value self, Value, Ref* out) {
  EventWaiterObject* w = as_waiter(self);
  switch (w->stage()) {
    case WaitStage::kCreated: {
      static Str* value_name = intern("_value");
      Ref value = getattr(w->event, value_name);
      if (!value) return SendStatus::kError;
      int set = truthy(value.get());
      if (set < 0) return SendStatus::kError;
      if (set) {
        w->set_stage(WaitStage::kFinished);
        *out = Ref::boolean(true);
        return SendStatus::kReturn;
      }
      Ref loop = call_method0(w->event, "_get_loop");
      if (!loop || !future_init(w, loop.get())) return SendStatus::kError;
      static Str* waiters_name = intern("_waiters");
      Ref waiters = getattr(w->event, waiters_name);
      if (!waiters || !call_method1(waiters.get(), "append", self)) return SendStatus::kError;
      w->set_stage(WaitStage::kWaiting);
      w->blocking = true;
      *out = Ref::borrow(self);
      return SendStatus::kYield;
    }
    case WaitStage::kWaiting: {
      if (w->state == FutureState::kPending) {
        // Resumed before the event fired: wait again, as `await fut` would.
        w->blocking = true;
        *out = Ref::borrow(self);
        return SendStatus::kYield;
      }
      Ref result;
      int r = future_get_result(w, &result);
      Ref pending = r < 0 ? fetch_error() : Ref();
      if (!leave_event(w)) return SendStatus::kError;
      if (r < 0) {
        restore_error(std::move(pending));
        return SendStatus::kError;
      }
      if (r == 1) {
        raise_value(result.get());
        return SendStatus::kError;
      }
      *out = Ref::boolean(true);
      return SendStatus::kReturn;
    }
    case WaitStage::kFinished:
      raise(&RuntimeErrorType, "cannot reuse already awaited coroutine");
      return SendStatus::kError;
  }
  return SendStatus::kError;
}

// The iterator protocol on top of it: the return value travels in StopIteration.
Ref waiter_step(EventWaiterObject* w) {
  Ref out;
  switch (waiter_send_slot(Value::from_obj(w), Value::none(), &out)) {
    case SendStatus::kYield: return out;
    case SendStatus::kReturn: return raise_stop_iteration(out.get());
    case SendStatus::kError: return nullptr;
  }
  return nullptr;
}

Ref waiter_new(Type* type, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_EventWaiter", nargs, kwnames)) return nullptr;
  auto* w = static_cast<EventWaiterObject*>(alloc_object(type, type->basic_size));
  incref(args[0]);
  w->event = args[0];
  return Ref::steal(Value::from_obj(w));
}

Ref waiter_iternext(Value self) { return waiter_step(as_waiter(self)); }

Ref waiter_send(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("send", nargs, kwnames)) return nullptr;
  return waiter_step(as_waiter(self));
}

// throw(exc): raised at the await, after leaving the event's waiters (the finally).
Ref waiter_throw(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("throw", kwnames) || !check_nargs("throw", nargs, 1, 3)) return nullptr;
  Ref exc;
  if (is_exception_type(args[0])) {
    exc = nargs > 1 && !args[1].is_none() ? call1(args[0], args[1]) : call0(args[0]);
    if (!exc) return nullptr;
  } else if (is_exception_instance(args[0])) {
    exc = Ref::borrow(args[0]);
  } else {
    return raisef(&TypeErrorType, "exceptions must be classes or instances deriving from BaseException, not %s",
                  type_name(args[0]));
  }
  EventWaiterObject* w = as_waiter(self);
  if (!leave_event(w)) return nullptr;
  return raise_value(exc.get());
}

Ref waiter_close(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("close", nargs, kwnames)) return nullptr;
  if (!leave_event(as_waiter(self))) return nullptr;
  return Ref::none();
}

Ref waiter_await(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("__await__", nargs, kwnames)) return nullptr;
  return Ref::borrow(self);
}

Ref waiter_self(Value self) { return Ref::borrow(self); }

// The future side, for Event.set() and the task: done, cancelled, set_result, cancel.
Ref waiter_done(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("done", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_waiter(self)->state != FutureState::kPending);
}
Ref waiter_cancelled(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("cancelled", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_waiter(self)->state == FutureState::kCancelled);
}
Ref waiter_set_result(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_result", nargs, kwnames)) return nullptr;
  if (!future_set_result(as_waiter(self), args[0])) return nullptr;
  return Ref::none();
}
Ref waiter_cancel(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value msg = Value::none();
  if (!bind_args("cancel", args, nargs, kwnames, {"msg"}, 0, {&msg})) return nullptr;
  EventWaiterObject* w = as_waiter(self);
  if (w->loop.is_null()) return Ref::boolean(false);  // not waiting yet: nothing to cancel
  int r = future_cancel(w, msg);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

// Once it has waited it is, to the task and to reprs, the future CPython's coroutine
// waits on: "<Future pending cb=[Task.task_wakeup()]>"; before that a coroutine object.
Ref waiter_repr(Value self) {
  EventWaiterObject* w = as_waiter(self);
  if (w->loop.is_null())
    return new_str(strfmt("<coroutine object Event.wait at %p>", static_cast<void*>(self.obj())));
  std::string text = "<Future ";
  text += w->state == FutureState::kPending ? "pending" : w->state == FutureState::kCancelled ? "cancelled" : "finished";
  if (w->state == FutureState::kFinished) {
    Value shorten = python_helper("_short_repr");
    if (shorten.is_null()) return nullptr;
    Ref r = w->has_exception ? repr(w->value) : call1(shorten, w->value);
    if (!r) return nullptr;
    text += (w->has_exception ? " exception=" : " result=") + utf8_of(r.get());
  }
  Ref callbacks = future_callbacks_list(w);
  if (!callbacks) return nullptr;
  if (!callbacks.get().is_none()) {
    Value format = python_helper("_format_callbacks");
    if (format.is_null()) return nullptr;
    Ref cb = call1(format, callbacks.get());
    if (!cb) return nullptr;
    text += " " + utf8_of(cb.get());
  }
  return new_str(text + ">");
}

Ref get_qualname(Value) { return new_str("Event.wait"); }
Ref get_name(Value) { return new_str("wait"); }

void waiter_traverse(Object* o, VisitFn visit, void* ctx) {
  future_traverse(o, visit, ctx);
  auto* w = static_cast<EventWaiterObject*>(o);
  if (!w->event.is_null()) visit(w->event, ctx);
}
void waiter_clear(Object* o) {
  future_clear(o);
  set_owned(&static_cast<EventWaiterObject*>(o)->event, Value());
}
void waiter_dealloc(Object* o) {
  gc_untrack(o);
  waiter_clear(o);
  free_object(o);
}

const MethodDef waiter_methods[] = {
    {"__await__", waiter_await, 0, nullptr},
    {"send", waiter_send, 0, nullptr},
    {"throw", waiter_throw, 0, nullptr},
    {"close", waiter_close, 0, nullptr},
    {"done", waiter_done, 0, nullptr},
    {"cancelled", waiter_cancelled, 0, nullptr},
    {"set_result", waiter_set_result, 0, nullptr},
    {"cancel", waiter_cancel, 0, nullptr},
    {nullptr}};

const GetSetDef waiter_getsets[] = {
    {"__qualname__", get_qualname, nullptr, nullptr},
    {"__name__", get_name, nullptr, nullptr},
    {nullptr}};

}  // namespace

bool is_event_waiter(Value v) { return v.is_obj() && v.obj()->type == &EventWaiterType; }

void init_event_waiter_type() {
  static_type_init(EventWaiterType, "_asyncio._EventWaiter", sizeof(EventWaiterObject), &ObjectType, kTypeGc);
  EventWaiterType.new_ = waiter_new;
  EventWaiterType.repr = waiter_repr;
  EventWaiterType.iter = waiter_self;
  EventWaiterType.iternext = waiter_iternext;
  EventWaiterType.traverse = waiter_traverse;
  EventWaiterType.clear = waiter_clear;
  EventWaiterType.dealloc = waiter_dealloc;
  EventWaiterType.methods = waiter_methods;
  EventWaiterType.send = waiter_send_slot;
  EventWaiterType.getsets = waiter_getsets;
  ready_type(&EventWaiterType);
}

}  // namespace gilpy::stdlib::aio
