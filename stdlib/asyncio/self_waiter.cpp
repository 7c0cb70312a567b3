// stdlib/asyncio/self_waiter.cpp: what the waiters that are their own future share (see
// self_waiter.h): the coroutine protocol (send, throw, close, __await__, iteration), the
// future methods their resolvers call, repr, and the collector's slots.
#include "stdlib/asyncio/self_waiter.h"

#include "runtime/typeobject.h"
#include "stdlib/common.h"

namespace gilpy::stdlib::aio {

using namespace rt;

namespace {

// The kinds, by type (there are two).
struct KindRow {
  Type* type;
  const SelfWaiterKind* kind;
};
KindRow kind_rows[4];
int kind_count = 0;

const SelfWaiterKind* kind_of(SelfWaiterObject* w) {
  for (int i = 0; i < kind_count; ++i)
    if (kind_rows[i].type == w->type) return kind_rows[i].kind;
  return nullptr;
}

SelfWaiterObject* as_waiter(Value v) { return v.as<SelfWaiterObject>(); }

// Runs the `finally:` once, when the waiter stops waiting.
bool leave(SelfWaiterObject* w) {
  if (w->stage() != WaitStage::kWaiting) {
    w->set_stage(WaitStage::kFinished);
    return true;
  }
  w->set_stage(WaitStage::kFinished);
  return kind_of(w)->leave(w);
}

Ref waiter_step(Value self) {
  Ref out;
  SendStatus status = self.obj()->type->send(self, Value::none(), &out);
  return step_to_iter_result(status, std::move(out));
}

Ref waiter_iternext(Value self) { return waiter_step(self); }

Ref waiter_send(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("send", nargs, kwnames)) return nullptr;
  return waiter_step(self);
}

// throw(exc): raised at the await, after the `finally:`.
Ref waiter_throw(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Ref exc = throw_argument(args, nargs, kwnames);
  if (!exc) return nullptr;
  if (!leave(as_waiter(self))) return nullptr;
  return raise_value(exc.get());
}

Ref waiter_close(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("close", nargs, kwnames)) return nullptr;
  if (!leave(as_waiter(self))) return nullptr;
  return Ref::none();
}

// The future side: done, cancelled, set_result, set_exception, cancel.
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
Ref waiter_set_exception(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_exception", nargs, kwnames)) return nullptr;
  if (!future_set_exception(as_waiter(self), args[0])) return nullptr;
  return Ref::none();
}
Ref waiter_cancel(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value msg = Value::none();
  if (!bind_args("cancel", args, nargs, kwnames, {"msg"}, 0, {&msg})) return nullptr;
  SelfWaiterObject* w = as_waiter(self);
  if (w->loop.is_null()) return Ref::boolean(false);  // not waiting yet: nothing to cancel
  int r = future_cancel(w, msg);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

// Once it has waited it is, to the task and to reprs, the future CPython's coroutine
// waits on: "<Future pending cb=[Task.task_wakeup()]>"; before that a coroutine object.
Ref waiter_repr(Value self) {
  SelfWaiterObject* w = as_waiter(self);
  if (w->loop.is_null())
    return new_str(strfmt("<coroutine object %s at %p>", kind_of(w)->qualname, static_cast<void*>(self.obj())));
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

Ref get_qualname(Value self) { return new_str(kind_of(as_waiter(self))->qualname); }
Ref get_name(Value self) { return new_str(kind_of(as_waiter(self))->name); }

void waiter_traverse(Object* o, VisitFn visit, void* ctx) {
  future_traverse(o, visit, ctx);
  auto* w = static_cast<SelfWaiterObject*>(o);
  if (!w->owner.is_null()) visit(w->owner, ctx);
}
void waiter_clear(Object* o) {
  future_clear(o);
  set_owned(&static_cast<SelfWaiterObject*>(o)->owner, Value());
}
void waiter_dealloc(Object* o) {
  gc_untrack(o);
  waiter_clear(o);
  free_object(o);
}

const MethodDef waiter_methods[] = {
    {"__await__", await_self, 0, nullptr},
    {"send", waiter_send, 0, nullptr},
    {"throw", waiter_throw, 0, nullptr},
    {"close", waiter_close, 0, nullptr},
    {"done", waiter_done, 0, nullptr},
    {"cancelled", waiter_cancelled, 0, nullptr},
    {"set_result", waiter_set_result, 0, nullptr},
    {"set_exception", waiter_set_exception, 0, nullptr},
    {"cancel", waiter_cancel, 0, nullptr},
    {nullptr}};

const GetSetDef waiter_getsets[] = {
    {"__qualname__", get_qualname, nullptr, nullptr},
    {"__name__", get_name, nullptr, nullptr},
    {nullptr}};

}  // namespace

Ref throw_argument(const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("throw", kwnames) || !check_nargs("throw", nargs, 1, 3)) return nullptr;
  if (is_exception_type(args[0])) return nargs > 1 && !args[1].is_none() ? call1(args[0], args[1]) : call0(args[0]);
  if (is_exception_instance(args[0])) return Ref::borrow(args[0]);
  return raisef(&TypeErrorType, "exceptions must be classes or instances deriving from BaseException, not %s",
                type_name(args[0]));
}

Ref step_to_iter_result(SendStatus status, Ref out) {
  switch (status) {
    case SendStatus::kYield: return out;
    case SendStatus::kReturn:  // None travels as a bare StopIteration, as a coroutine's does
      return raise_stop_iteration(out.get().is_none() ? Value() : out.get());
    case SendStatus::kError: return nullptr;
  }
  return nullptr;
}

Ref await_self(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("__await__", nargs, kwnames)) return nullptr;
  return Ref::borrow(self);
}

Ref iter_self(Value self) { return Ref::borrow(self); }

bool is_self_waiter(Value v) {
  if (!v.is_obj()) return false;
  for (int i = 0; i < kind_count; ++i)
    if (kind_rows[i].type == v.obj()->type) return true;
  return false;
}

SelfWaiterObject* self_waiter_new(Type& t, Value owner) {
  auto* w = static_cast<SelfWaiterObject*>(alloc_object(&t, t.basic_size));
  incref(owner);
  w->owner = owner;
  return w;
}

SendStatus self_waiter_wait(SelfWaiterObject* w, Value loop, Ref* out) {
  // A second wait makes it a pending future again (Future.__init__ run again): nobody
  // else holds it as a future once it was resolved and its waiting ended.
  if (!future_init(w, loop)) return SendStatus::kError;
  w->set_stage(WaitStage::kWaiting);
  w->blocking = true;
  *out = Ref::borrow(Value::from_obj(w));
  return SendStatus::kYield;
}

SendStatus self_waiter_resume(SelfWaiterObject* w, Ref* out) {
  if (w->state == FutureState::kPending) {
    w->blocking = true;
    *out = Ref::borrow(Value::from_obj(w));
    return SendStatus::kYield;
  }
  Ref result;
  int r = future_get_result(w, &result);
  Ref pending = r < 0 ? fetch_error() : Ref();
  if (!leave(w)) return SendStatus::kError;
  if (r < 0) {
    restore_error(std::move(pending));
    return SendStatus::kError;
  }
  if (r == 1) {
    raise_value(result.get());
    return SendStatus::kError;
  }
  *out = std::move(result);
  return SendStatus::kReturn;
}

void init_self_waiter_type(Type& t, const char* tp_name, size_t basic_size, NewFn new_fn,
                           const SelfWaiterKind* kind) {
  kind_rows[kind_count++] = {&t, kind};
  static_type_init(t, tp_name, basic_size, &ObjectType, kTypeGc);
  t.new_ = new_fn;
  t.repr = waiter_repr;
  t.iter = iter_self;
  t.iternext = waiter_iternext;
  t.traverse = waiter_traverse;
  t.clear = waiter_clear;
  t.dealloc = waiter_dealloc;
  t.methods = waiter_methods;
  t.send = kind->step;
  t.getsets = waiter_getsets;
  ready_type(&t);
}

}  // namespace gilpy::stdlib::aio
