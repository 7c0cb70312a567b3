// stdlib/asyncio/future.cpp: asyncio.Future and its iterator (see future.h), following
// CPython 3.11's _asynciomodule.c: the same states, errors, callback order and logging of
// exceptions nobody retrieved.
#include "stdlib/asyncio/future.h"

#include "runtime/typeobject.h"
#include "stdlib/asyncio/task.h"
#include "stdlib/common.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type FutureType;
Type FutureIterType;

namespace {

bool check_initialized(FutureObject* fut) {
  if (!fut->loop.is_null()) return true;
  raise(&RuntimeErrorType, "uninitialized Future object");
  return false;
}

void release_callback(FutureCallback& cb) {
  Value fn = cb.fn, ctx = cb.context();
  cb = FutureCallback{};
  if (!fn.is_null()) decref(fn);
  if (!ctx.is_null()) decref(ctx);
}

// Schedules one done callback with the future `fut`.
bool schedule_callback(Value loop, const FutureCallback& cb, Value fut) {
  switch (cb.kind()) {
    case CallbackKind::kCallable: return loop_call_soon(loop, cb.fn, fut, cb.context());
    case CallbackKind::kTaskWakeup: return loop_schedule_task_wakeup(loop, cb.fn.as<TaskObject>(), fut, Value());
    case CallbackKind::kGatherChild: return loop_schedule_gather_child(loop, cb.fn, fut);
  }
  return false;
}

// Calls every done callback soon, in the order they were added, and forgets them
// (CPython's future_schedule_callbacks: on an error the rest are dropped).
bool schedule_callbacks(FutureObject* fut) {
  FutureCallback first = fut->first;
  fut->first = FutureCallback{};
  std::vector<FutureCallback> more;
  if (fut->extras) more.swap(fut->extras->more);
  bool ok = true;
  auto run = [&](FutureCallback& cb) {
    if (ok && !cb.fn.is_null()) {
      Value self = Value::from_obj(fut);
      ok = schedule_callback(fut->loop, cb, self);
    }
    release_callback(cb);
  };
  run(first);
  for (FutureCallback& cb : more) run(cb);
  return ok;
}

}  // namespace

// ---- the state machine ------------------------------------------------------------------------

bool future_init(FutureObject* fut, Value loop) {
  // A second __init__ starts over, as CPython's future_init does.
  future_clear(fut);
  fut->state = FutureState::kPending;
  fut->log_traceback = false;
  fut->blocking = false;
  Ref l;
  if (loop.is_null() || loop.is_none()) {
    l = get_event_loop();
    if (!l) return false;
  } else {
    l = Ref::borrow(loop);
  }
  fut->loop = l.release();
  int debug = loop_get_debug(fut->loop);
  if (debug < 0) return false;
  if (debug) {
    Value extract = python_helper("extract_stack");
    if (extract.is_null()) return false;
    Ref tb = call0(extract);
    if (!tb) return false;
    set_owned(&future_extras(fut).source_traceback, tb.release());
  }
  return true;
}

Ref future_new_for_loop(Value loop) {
  auto* fut = static_cast<FutureObject*>(alloc_object(&FutureType, FutureType.basic_size));
  Ref hold = Ref::steal(Value::from_obj(fut));
  if (!future_init(fut, loop)) return nullptr;
  return hold;
}

bool future_set_result(FutureObject* fut, Value result) {
  if (!check_initialized(fut)) return false;
  if (fut->state != FutureState::kPending) {
    raise_invalid_state("invalid state");
    return false;
  }
  incref(result);
  set_owned(&fut->value, result);
  fut->has_exception = false;
  fut->state = FutureState::kFinished;
  return schedule_callbacks(fut);
}

bool future_set_exception(FutureObject* fut, Value exc) {
  if (!check_initialized(fut)) return false;
  if (fut->state != FutureState::kPending) {
    raise_invalid_state("invalid state");
    return false;
  }
  Ref instance;
  if (is_exception_type(exc)) {
    instance = call0(exc);
    if (!instance) return false;
    if (!is_exception_instance(instance.get())) {
      raise(&TypeErrorType, "invalid exception object");
      return false;
    }
  } else {
    instance = Ref::borrow(exc);
  }
  if (!is_exception_instance(instance.get())) {
    raise(&TypeErrorType, "invalid exception object");
    return false;
  }
  if (type_of(instance.get()) == &StopIterationType) {
    raise(&TypeErrorType, "StopIteration interacts badly with generators and cannot be raised into a Future");
    return false;
  }
  Value tb = instance.as<ExceptionObject>()->traceback;
  incref(tb);
  set_owned(&future_extras(fut).exception_tb, tb);
  set_owned(&fut->value, instance.release());
  fut->has_exception = true;
  fut->state = FutureState::kFinished;
  if (!schedule_callbacks(fut)) return false;
  fut->log_traceback = true;
  return true;
}

int future_cancel(FutureObject* fut, Value msg) {
  fut->log_traceback = false;
  if (fut->state != FutureState::kPending) return 0;
  fut->state = FutureState::kCancelled;
  if (!msg.is_null() && !msg.is_none()) {
    incref(msg);
    set_owned(&future_extras(fut).cancel_msg, msg);
  }
  return schedule_callbacks(fut) ? 1 : -1;
}

Ref future_make_cancelled_error(FutureObject* fut) {
  Value saved = extras_field(fut, &FutureExtras::cancelled_exc);
  if (!saved.is_null()) {
    fut->extras->cancelled_exc = Value();
    return Ref::steal(saved);
  }
  return new_cancelled_error(extras_field(fut, &FutureExtras::cancel_msg));
}

int future_get_result(FutureObject* fut, Ref* out) {
  if (fut->state == FutureState::kCancelled) {
    Ref exc = future_make_cancelled_error(fut);
    if (exc) raise_value(exc.get());
    return -1;
  }
  if (fut->state != FutureState::kFinished) {
    raise_invalid_state("Result is not set.");
    return -1;
  }
  fut->log_traceback = false;
  if (fut->has_exception) {
    // It is raised with the traceback it had when it was set, once.
    Value tb = extras_field(fut, &FutureExtras::exception_tb);
    if (tb.is_null()) tb = Value::none();
    incref(tb);
    set_owned(&fut->value.as<ExceptionObject>()->traceback, tb);
    if (fut->extras) set_owned(&fut->extras->exception_tb, Value());
    *out = Ref::borrow(fut->value);
    return 1;
  }
  *out = Ref::borrow(fut->value.is_null() ? Value::none() : fut->value);
  return 0;
}

bool future_add_callback(FutureObject* fut, Value fn, Value context, CallbackKind kind) {
  if (!check_initialized(fut)) return false;
  if (fut->state != FutureState::kPending) {
    return schedule_callback(fut->loop, FutureCallback::make(fn, context, kind), Value::from_obj(fut));
  }
  incref(fn);
  if (kind != CallbackKind::kCallable) context = Value();
  if (!context.is_null()) incref(context);
  FutureCallback cb = FutureCallback::make(fn, context, kind);
  if (fut->first.fn.is_null() && (!fut->extras || fut->extras->more.empty())) {
    fut->first = cb;
  } else {
    future_extras(fut).more.push_back(cb);
  }
  return true;
}

// ---- lifetime ----------------------------------------------------------------------------------

void future_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* fut = static_cast<FutureObject*>(o);
  for (Value v : {fut->loop, fut->first.fn, fut->first.context(), fut->value})
    if (!v.is_null()) visit(v, ctx);
  if (FutureExtras* x = fut->extras) {
    if (x->dict) visit(Value::from_obj(x->dict), ctx);
    for (FutureCallback& cb : x->more) {
      visit(cb.fn, ctx);
      if (!cb.context().is_null()) visit(cb.context(), ctx);
    }
    for (Value v : {x->exception_tb, x->cancel_msg, x->cancelled_exc, x->source_traceback, x->task_cancel_msg})
      if (!v.is_null()) visit(v, ctx);
  }
}

Dict** future_dict_slot(Value self, bool create) {
  FutureObject* fut = as_future(self);
  if (!fut->extras && !create) return nullptr;
  return &future_extras(fut).dict;
}

FutureExtras& future_extras(FutureObject* fut) {
  if (!fut->extras) fut->extras = new FutureExtras();
  return *fut->extras;
}

void future_clear(Object* o) {
  auto* fut = static_cast<FutureObject*>(o);
  release_callback(fut->first);
  if (FutureExtras* x = fut->extras) {
    fut->extras = nullptr;  // released last: a __del__ run meanwhile must not see it
    for (FutureCallback& cb : x->more) release_callback(cb);
    if (x->dict) decref(x->dict);
    for (Value* slot : {&x->exception_tb, &x->cancel_msg, &x->cancelled_exc, &x->source_traceback, &x->task_cancel_msg})
      set_owned(slot, Value());
    delete x;
  }
  set_owned(&fut->loop, Value());
  set_owned(&fut->value, Value());
  fut->has_exception = false;
}

// Future.__del__: an exception nobody retrieved goes to the loop's exception handler.
void future_finalize(Object* o) {
  auto* fut = static_cast<FutureObject*>(o);
  fut->finalized = true;
  if (!fut->log_traceback || fut->loop.is_null()) return;
  fut->log_traceback = false;
  Ref saved = fetch_error();
  Own<Dict> context = dict_new();
  Ref message = new_str(str_to_utf8(type_of(Value::from_obj(o))->name_obj) + " exception was never retrieved");
  if (dict_set_str(context.get(), "message", message.get()) &&
      dict_set_str(context.get(), "exception", fut->value) &&
      dict_set_str(context.get(), "future", Value::from_obj(o)) &&
      (extras_field(fut, &FutureExtras::source_traceback).is_null() ||
       dict_set_str(context.get(), "source_traceback", fut->extras->source_traceback)))
    loop_report(fut->loop, context.into_ref());
  if (error_pending()) clear_error();
  if (saved) restore_error(std::move(saved));
}

bool future_finalize_from_dealloc(Object* o) {
  auto* fut = static_cast<FutureObject*>(o);
  if (fut->finalized || !o->type->finalize) return false;
  ++o->refcnt;
  o->type->finalize(o);
  fut->finalized = true;
  return --o->refcnt != 0;
}

void future_free(Object* o) {
  gc_untrack(o);
  future_clear(o);
  free_object(o);
}

namespace {

void future_dealloc(Object* o) {
  if (future_finalize_from_dealloc(o)) return;
  future_free(o);
}

Ref future_py_new(Type* type, const Value*, size_t, Tuple*) {
  return Ref::steal(Value::from_obj(alloc_object(type, type->basic_size)));
}

int future_py_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value loop = Value::none();
  if (!bind_args("Future", args, nargs, kwnames, {"*", "loop"}, 0, {&loop})) return -1;
  return future_init(as_future(self), loop) ? 0 : -1;
}

// ---- methods ------------------------------------------------------------------------------------

Ref m_result(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("result", nargs, kwnames)) return nullptr;
  Ref out;
  int r = future_get_result(as_future(self), &out);
  if (r < 0) return nullptr;
  if (r == 1) return raise_value(out.get());
  return out;
}

Ref m_exception(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("exception", nargs, kwnames)) return nullptr;
  FutureObject* fut = as_future(self);
  if (!check_initialized(fut)) return nullptr;
  if (fut->state == FutureState::kCancelled) {
    Ref exc = future_make_cancelled_error(fut);
    if (exc) raise_value(exc.get());
    return nullptr;
  }
  if (fut->state != FutureState::kFinished) return raise_invalid_state("Exception is not set.");
  fut->log_traceback = false;
  return Ref::borrow(fut->has_exception ? fut->value : Value::none());
}

Ref m_set_result(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_result", nargs, kwnames)) return nullptr;
  if (!future_set_result(as_future(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_set_exception(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_exception", nargs, kwnames)) return nullptr;
  if (!future_set_exception(as_future(self), args[0])) return nullptr;
  return Ref::none();
}

Ref m_cancel(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value msg = Value::none();
  if (!bind_args("cancel", args, nargs, kwnames, {"msg"}, 0, {&msg})) return nullptr;
  FutureObject* fut = as_future(self);
  if (!check_initialized(fut)) return nullptr;
  int r = future_cancel(fut, msg);
  if (r < 0) return nullptr;
  return Ref::boolean(r);
}

Ref m_cancelled(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("cancelled", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_future(self)->state == FutureState::kCancelled);
}

Ref m_done(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("done", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_future(self)->state != FutureState::kPending);
}

Ref m_add_done_callback(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value fn, context = Value::none();
  if (!bind_args("add_done_callback", args, nargs, kwnames, {"fn", "/", "*", "context"}, 1, {&fn, &context}))
    return nullptr;
  Ref ctx;
  if (context.is_none()) {
    ctx = copy_current_context();
    if (!ctx) return nullptr;
    context = ctx.get();
  }
  if (!future_add_callback(as_future(self), fn, context, CallbackKind::kCallable)) return nullptr;
  return Ref::none();
}

// The callable a callback entry stands for (a task's wake-up becomes a bound method).
Ref callback_callable(const FutureCallback& cb) {
  switch (cb.kind()) {
    case CallbackKind::kCallable: break;
    case CallbackKind::kTaskWakeup: return task_method_wakeup(cb.fn.as<TaskObject>());
    case CallbackKind::kGatherChild: return gather_method_done(cb.fn);
  }
  return Ref::borrow(cb.fn);
}

Ref m_remove_done_callback(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("remove_done_callback", nargs, kwnames)) return nullptr;
  FutureObject* fut = as_future(self);
  if (!check_initialized(fut)) return nullptr;
  Value fn = args[0];
  int64_t removed = 0;
  auto matches = [&](const FutureCallback& cb) -> int {
    if (cb.fn.is_null()) return 0;
    Ref c = callback_callable(cb);
    if (!c) return -1;
    return rich_compare_bool(c.get(), fn, CompareOp::Eq);
  };
  int m = matches(fut->first);
  if (m < 0) return nullptr;
  if (m) {
    release_callback(fut->first);
    removed++;
  }
  if (fut->extras) {
    std::vector<FutureCallback>& more = fut->extras->more;
    std::vector<FutureCallback> kept;
    for (size_t i = 0; i < more.size(); ++i) {
      int k = matches(more[i]);
      if (k < 0) {
        // Keep what was not looked at yet.
        kept.insert(kept.end(), more.begin() + long(i), more.end());
        more.swap(kept);
        return nullptr;
      }
      if (k) {
        release_callback(more[i]);
        removed++;
      } else {
        kept.push_back(more[i]);
      }
    }
    more.swap(kept);
    // Keep "first" the earliest remaining callback.
    if (fut->first.fn.is_null() && !more.empty()) {
      fut->first = more.front();
      more.erase(more.begin());
    }
  }
  return make_int(removed);
}

Ref m_get_loop(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_loop", nargs, kwnames)) return nullptr;
  FutureObject* fut = as_future(self);
  if (fut->loop.is_null()) return raise(&RuntimeErrorType, "Future object is not initialized.");
  return Ref::borrow(fut->loop);
}

Ref m_make_cancelled_error(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_make_cancelled_error", nargs, kwnames)) return nullptr;
  return future_make_cancelled_error(as_future(self));
}

Ref m_await(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("__await__", nargs, kwnames)) return nullptr;
  FutureObject* fut = as_future(self);
  if (!check_initialized(fut)) return nullptr;
  auto* it = alloc<FutureIterObject>(&FutureIterType);
  incref(fut);
  it->future = fut;
  return Ref::steal(Value::from_obj(it));
}

Ref m_repr_info(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_repr_info", nargs, kwnames)) return nullptr;
  Value f = python_helper("_future_repr_info");
  if (f.is_null()) return nullptr;
  return call1(f, self);
}

Ref m_class_getitem(Value cls, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("__class_getitem__", nargs, kwnames)) return nullptr;
  return Ref::borrow(cls);
}

Ref future_repr(Value self) {
  Value f = python_helper("_future_repr");
  if (f.is_null()) return nullptr;
  return call1(f, self);
}

// ---- attributes ---------------------------------------------------------------------------------

Ref get_state(Value self) {
  switch (as_future(self)->state) {
    case FutureState::kPending: return new_str("PENDING");
    case FutureState::kCancelled: return new_str("CANCELLED");
    case FutureState::kFinished: return new_str("FINISHED");
  }
  return Ref::none();
}
Ref or_none(Value v) { return Ref::borrow(v.is_null() ? Value::none() : v); }
Ref get_loop_attr(Value self) { return or_none(as_future(self)->loop); }
Ref get_result_attr(Value self) { return or_none(future_result(as_future(self))); }
Ref get_exception_attr(Value self) { return or_none(future_exception(as_future(self))); }
Ref get_source_traceback(Value self) { return or_none(extras_field(as_future(self), &FutureExtras::source_traceback)); }
Ref get_cancel_message(Value self) { return or_none(extras_field(as_future(self), &FutureExtras::cancel_msg)); }
int set_cancel_message(Value self, Value v) {
  if (v.is_null()) return raise(&AttributeErrorType, "cannot delete attribute"), -1;
  incref(v);
  set_owned(&future_extras(as_future(self)).cancel_msg, v);
  return 0;
}
Ref get_callbacks(Value self) { return future_callbacks_list(as_future(self)); }

}  // namespace

Ref future_callbacks_list(FutureObject* fut) {
  if (fut->first.fn.is_null() && (!fut->extras || fut->extras->more.empty())) return Ref::none();
  Own<List> l = list_new(0);
  auto add = [&](const FutureCallback& cb) {
    if (cb.fn.is_null()) return true;
    Ref c = callback_callable(cb);
    if (!c) return false;
    Ref t = make_tuple(std::move(c), Ref::borrow(cb.context().is_null() ? Value::none() : cb.context()));
    return t && list_append(l.get(), t.get());
  };
  if (!add(fut->first)) return nullptr;
  if (fut->extras)
    for (const FutureCallback& cb : fut->extras->more)
      if (!add(cb)) return nullptr;
  return l.into_ref();
}

namespace {

Ref get_blocking(Value self) { return Ref::boolean(as_future(self)->blocking); }
int set_blocking(Value self, Value v) {
  if (v.is_null()) return raise(&AttributeErrorType, "cannot delete attribute"), -1;
  int t = truthy(v);
  if (t < 0) return -1;
  as_future(self)->blocking = t;
  return 0;
}
Ref get_log_traceback(Value self) { return Ref::boolean(as_future(self)->log_traceback); }
int set_log_traceback(Value self, Value v) {
  if (v.is_null()) return raise(&AttributeErrorType, "cannot delete attribute"), -1;
  int t = truthy(v);
  if (t < 0) return -1;
  if (t) return raise(&ValueErrorType, "_log_traceback can only be set to False"), -1;
  as_future(self)->log_traceback = false;
  return 0;
}

const MethodDef future_methods[] = {
    {"result", m_result, 0, "Return the result this future represents."},
    {"exception", m_exception, 0, "Return the exception that was set on this future."},
    {"set_result", m_set_result, 0, "Mark the future done and set its result."},
    {"set_exception", m_set_exception, 0, "Mark the future done and set an exception."},
    {"cancel", m_cancel, 0, "Cancel the future and schedule callbacks."},
    {"cancelled", m_cancelled, 0, "Return True if the future was cancelled."},
    {"done", m_done, 0, "Return True if the future is done."},
    {"add_done_callback", m_add_done_callback, 0, "Add a callback to be run when the future becomes done."},
    {"remove_done_callback", m_remove_done_callback, 0, "Remove all instances of a callback from the \"call when done\" list."},
    {"get_loop", m_get_loop, 0, "Return the event loop the Future is bound to."},
    {"_make_cancelled_error", m_make_cancelled_error, 0, nullptr},
    {"_repr_info", m_repr_info, 0, nullptr},
    {"__await__", m_await, 0, "Return an iterator to be used in await expression."},
    {"__iter__", m_await, 0, "Implement iter(self)."},
    {"__class_getitem__", m_class_getitem, kMethClass, nullptr},
    {nullptr}};

const GetSetDef future_getsets[] = {
    {"_state", get_state, nullptr, nullptr},
    {"_loop", get_loop_attr, nullptr, nullptr},
    {"_result", get_result_attr, nullptr, nullptr},
    {"_exception", get_exception_attr, nullptr, nullptr},
    {"_callbacks", get_callbacks, nullptr, nullptr},
    {"_source_traceback", get_source_traceback, nullptr, nullptr},
    {"_cancel_message", get_cancel_message, set_cancel_message, nullptr},
    {"_asyncio_future_blocking", get_blocking, set_blocking, nullptr},
    {"_log_traceback", get_log_traceback, set_log_traceback, nullptr},
    {nullptr}};

// ---- the iterator -------------------------------------------------------------------------------

// The next step of `await future` (FutureIter's am_send): the future itself while
// pending (the task waits for it), then its result returned or its exception raised.
SendStatus future_iter_send(Value self, Value, Ref* out) {
  auto* it = self.as<FutureIterObject>();
  FutureObject* fut = it->future;
  if (!fut) {
    *out = Ref::none();
    return SendStatus::kReturn;
  }
  if (fut->state == FutureState::kPending) {
    if (!fut->blocking) {
      fut->blocking = true;
      *out = Ref::borrow(Value::from_obj(fut));
      return SendStatus::kYield;
    }
    raise(&RuntimeErrorType, "await wasn't used with future");
    return SendStatus::kError;
  }
  it->future = nullptr;
  Own<FutureObject> hold = Own<FutureObject>::steal(fut);
  int r = future_get_result(fut, out);
  if (r < 0) return SendStatus::kError;
  if (r == 1) {
    raise_value(out->get());
    out->reset();
    return SendStatus::kError;
  }
  return SendStatus::kReturn;
}

// The iterator protocol on top of it: a return value travels in StopIteration.
Ref future_iter_step(FutureIterObject* it) {
  Ref out;
  switch (future_iter_send(Value::from_obj(it), Value::none(), &out)) {
    case SendStatus::kYield: return out;
    case SendStatus::kReturn:
      if (!out.get().is_none()) raise_stop_iteration(out.get());
      return nullptr;
    case SendStatus::kError: return nullptr;
  }
  return nullptr;
}

Ref iter_iternext(Value self) { return future_iter_step(self.as<FutureIterObject>()); }

Ref iter_send(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("send", nargs, kwnames)) return nullptr;
  // Whatever is sent in is ignored: the future's result is what await returns.
  Ref r = future_iter_step(self.as<FutureIterObject>());
  if (!r && !error_pending()) raise_stop_iteration(Value::none());
  return r;
}

Ref iter_next_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("__next__", nargs, kwnames)) return nullptr;
  Ref r = future_iter_step(self.as<FutureIterObject>());
  if (!r && !error_pending()) raise_stop_iteration(Value::none());
  return r;
}

// throw(exc) raises exc at the await (CPython's FutureIter_throw), after dropping the future.
Ref iter_throw(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("throw", kwnames) || !check_nargs("throw", nargs, 1, 3)) return nullptr;
  Value type = args[0], val = nargs > 1 ? args[1] : Value::none(), tb = nargs > 2 ? args[2] : Value::none();
  Ref exc;
  if (is_exception_type(type)) {
    if (is_exception_instance(val) && is_instance_of_type(val, type.as<Type>())) {
      exc = Ref::borrow(val);
    } else {
      exc = val.is_none() ? call0(type) : call1(type, val);
      if (!exc) return nullptr;
    }
  } else if (is_exception_instance(type)) {
    if (!val.is_none()) return raise(&TypeErrorType, "instance exception may not have a separate value");
    exc = Ref::borrow(type);
  } else {
    return raisef(&TypeErrorType, "exceptions must be classes deriving BaseException not %s", type_name(type));
  }
  if (!tb.is_none()) {
    incref(tb);
    set_owned(&exc.as<ExceptionObject>()->traceback, tb);
  }
  auto* it = self.as<FutureIterObject>();
  if (it->future) {
    FutureObject* fut = it->future;
    it->future = nullptr;
    decref(fut);
  }
  return raise_value(exc.get());
}

Ref iter_close(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("close", nargs, kwnames)) return nullptr;
  auto* it = self.as<FutureIterObject>();
  if (it->future) {
    FutureObject* fut = it->future;
    it->future = nullptr;
    decref(fut);
  }
  return Ref::none();
}

Ref iter_self(Value self) { return Ref::borrow(self); }

void iter_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* it = static_cast<FutureIterObject*>(o);
  if (it->future) visit(Value::from_obj(it->future), ctx);
}
void iter_clear(Object* o) {
  auto* it = static_cast<FutureIterObject*>(o);
  if (it->future) {
    FutureObject* fut = it->future;
    it->future = nullptr;
    decref(fut);
  }
}
void iter_dealloc(Object* o) {
  gc_untrack(o);
  iter_clear(o);
  free_object(o);
}

const MethodDef iter_methods[] = {
    {"send", iter_send, 0, nullptr},
    {"throw", iter_throw, 0, nullptr},
    {"close", iter_close, 0, nullptr},
    {"__next__", iter_next_m, 0, nullptr},
    {nullptr}};

}  // namespace

bool is_future_exact(Value v) {
  if (!v.is_obj()) return false;
  Type* t = v.obj()->type;
  return t == &FutureType || t == &TaskType || is_self_waiter(v);
}

void init_future_types() {
  static_type_init(FutureType, "_asyncio.Future", sizeof(FutureObject), &ObjectType, kTypeGc | kTypeBaseType);
  FutureType.dict_slot = future_dict_slot;
  FutureType.new_ = future_py_new;
  FutureType.init = future_py_init;
  FutureType.repr = future_repr;
  FutureType.traverse = future_traverse;
  FutureType.clear = future_clear;
  FutureType.dealloc = future_dealloc;
  FutureType.finalize = future_finalize;
  FutureType.methods = future_methods;
  FutureType.getsets = future_getsets;
  FutureType.doc = "This class is *almost* compatible with concurrent.futures.Future.";
  ready_type(&FutureType);

  static_type_init(FutureIterType, "_asyncio.FutureIter", sizeof(FutureIterObject), &ObjectType, kTypeGc);
  FutureIterType.iter = iter_self;
  FutureIterType.iternext = iter_iternext;
  FutureIterType.traverse = iter_traverse;
  FutureIterType.clear = iter_clear;
  FutureIterType.dealloc = iter_dealloc;
  FutureIterType.methods = iter_methods;
  FutureIterType.send = future_iter_send;
  ready_type(&FutureIterType);
}

}  // namespace gilpy::stdlib::aio
