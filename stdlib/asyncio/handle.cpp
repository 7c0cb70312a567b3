// stdlib/asyncio/handle.cpp: Handle and TimerHandle (see handle.h): construction, cancel,
// running a callback in its context with errors sent to the loop's exception handler,
// the comparisons that order timers, and the reprs CPython prints.
#include "stdlib/asyncio/handle.h"

#include "runtime/typeobject.h"
#include "stdlib/asyncio/event_loop.h"
#include "stdlib/asyncio/task.h"
#include "stdlib/common.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type HandleType;
Type TimerHandleType;

namespace {

HandleObject* as_handle(Value v) { return v.as<HandleObject>(); }

Own<HandleObject> alloc_handle(Type* type) {
  auto* h = static_cast<HandleObject*>(alloc_object(type, type->basic_size));
  h->context = Value::none();
  return Own<HandleObject>::steal(h);
}

}  // namespace

Own<HandleObject> handle_new(Type* type, HandleKind kind, Value callback, Ref args, Value loop, Value context) {
  Own<HandleObject> h = alloc_handle(type);
  h->kind = kind;
  incref(callback);
  h->callback = callback;
  if (args) {
    h->args = args.release().as<Tuple>();
  } else {
    h->args = tuple_empty();
    incref(h->args);
  }
  incref(loop);
  h->loop = loop;
  if (!context.is_null()) {
    incref(context);
    h->context = context;
  }
  return h;
}

bool handle_cancelled(HandleObject* h) { return h->cancelled; }
double timer_when(HandleObject* h) { return h->when_seconds; }
void timer_set_scheduled(HandleObject* h, bool scheduled) { h->scheduled = scheduled; }

// The callback as CPython's format_helpers._format_callback_source shows it.
static Ref callback_source(HandleObject* h) {
  Value fmt = python_helper("_format_callback_source");
  if (fmt.is_null()) return nullptr;
  Ref cb;
  switch (h->kind) {
    case HandleKind::kCallback: cb = Ref::borrow(h->callback); break;
    case HandleKind::kTaskStep: cb = task_method_step(h->callback.as<TaskObject>()); break;
    case HandleKind::kTaskWakeup: cb = task_method_wakeup(h->callback.as<TaskObject>()); break;
  }
  if (!cb) return nullptr;
  return call2(fmt, cb.get(), Value::from_obj(h->args));
}

// Handle._run's except clause: SystemExit and KeyboardInterrupt go on (false); anything
// else becomes "Exception in callback ..." for the loop's exception handler.
static bool report_callback_error(HandleObject* h) {
  if (error_matches(&SystemExitType) || error_matches(&KeyboardInterruptType)) return false;
  Ref exc = fetch_error();
  Ref source = callback_source(h);
  if (!source) {
    clear_error();
    source = new_str("<callback>");
  }
  Own<Dict> context = dict_new();
  Ref message = new_str("Exception in callback " + utf8_of(source.get()));
  if (!dict_set_str(context.get(), "message", message.get()) || !dict_set_str(context.get(), "exception", exc.get()) ||
      !dict_set_str(context.get(), "handle", Value::from_obj(h)))
    return false;
  loop_report(h->loop, context.into_ref());
  return true;
}

static bool run_task_kind(HandleKind kind, TaskObject* task, Value arg) {
  return kind == HandleKind::kTaskStep ? task_step(task, arg) : task_wakeup(task, arg);
}

bool handle_run(HandleObject* h) {
  ThreadState* ts = ThreadState::current();
  Ref keep = Ref::borrow(Value::from_obj(h));
  if (!enter_context(ts, h->context)) return false;
  bool ok;
  if (h->kind == HandleKind::kCallback) {
    ok = bool(call(h->callback, h->args->items, size_t(h->args->size)));
  } else {
    ok = run_task_kind(h->kind, h->callback.as<TaskObject>(), h->args->size ? h->args->items[0] : Value());
  }
  exit_context(ts, h->context);
  return ok || report_callback_error(h);
}

bool run_done_callback(Value loop, Value fn, Value fut, Value context) {
  ThreadState* ts = ThreadState::current();
  if (!enter_context(ts, context)) return false;
  bool ok = bool(call1(fn, fut));
  exit_context(ts, context);
  if (ok) return true;
  Ref pending = fetch_error();
  Own<HandleObject> h = handle_new(&HandleType, HandleKind::kCallback, fn, make_tuple(Ref::borrow(fut)), loop, context);
  restore_error(std::move(pending));
  return report_callback_error(h.get());
}

bool run_gather_child(Value loop, Value outer, Value child) {
  if (gather_child_done(outer, child)) return true;
  Ref pending = fetch_error();
  Ref done = gather_method_done(outer);
  if (!done) return false;
  Own<HandleObject> h = handle_new(&HandleType, HandleKind::kCallback, done.get(), make_tuple(Ref::borrow(child)), loop,
                                   Value::none());
  restore_error(std::move(pending));
  return report_callback_error(h.get());
}

bool run_task_callback(HandleKind kind, TaskObject* task, Value arg) {
  ThreadState* ts = ThreadState::current();
  Ref keep = Ref::borrow(Value::from_obj(task));
  Ref context;
  if (!task_enter_context(ts, task, &context)) return false;
  bool ok = run_task_kind(kind, task, arg);
  task_leave_context(ts, task, std::move(context));
  if (ok) return true;
  // Rare: the report names a handle, so make the one that was not needed to schedule it.
  Ref pending = fetch_error();
  Ref args = arg.is_null() ? Ref() : make_tuple(Ref::borrow(arg));
  Own<HandleObject> h =
      handle_new(&HandleType, kind, Value::from_obj(task), std::move(args), task->loop, task_context(task));
  restore_error(std::move(pending));
  return report_callback_error(h.get());
}

// ---- Python-visible methods ----------------------------------------------------------------

static bool init_fields(HandleObject* h, Value callback, Value args, Value loop, Value context) {
  if (!args.is_none() && !is_tuple(args)) {
    Ref t = sequence_tuple(args);
    if (!t) return false;
    set_owned(reinterpret_cast<Value*>(&h->args), t.release());
  } else {
    Value a = args.is_none() ? Value::from_obj(tuple_empty()) : args;
    incref(a);
    set_owned(reinterpret_cast<Value*>(&h->args), a);
  }
  incref(callback);
  set_owned(&h->callback, callback);
  incref(loop);
  set_owned(&h->loop, loop);
  if (context.is_none()) {
    Ref c = copy_current_context();
    if (!c) return false;
    set_owned(&h->context, c.release());
  } else {
    incref(context);
    set_owned(&h->context, context);
  }
  h->kind = HandleKind::kCallback;
  return true;
}

static Ref handle_py_new(Type* type, const Value*, size_t, Tuple*) { return alloc_handle(type).into_ref(); }

static int handle_py_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value callback, cb_args, loop, context = Value::none();
  if (!bind_args("Handle", args, nargs, kwnames, {"callback", "args", "loop", "context"}, 3,
                 {&callback, &cb_args, &loop, &context}))
    return -1;
  return init_fields(as_handle(self), callback, cb_args, loop, context) ? 0 : -1;
}

static int timer_py_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value when, callback, cb_args, loop, context = Value::none();
  if (!bind_args("TimerHandle", args, nargs, kwnames, {"when", "callback", "args", "loop", "context"}, 4,
                 {&when, &callback, &cb_args, &loop, &context}))
    return -1;
  HandleObject* h = as_handle(self);
  double w;
  if (!as_double(when, &w)) return -1;
  incref(when);
  set_owned(&h->when, when);
  h->when_seconds = w;
  return init_fields(h, callback, cb_args, loop, context) ? 0 : -1;
}

static void handle_do_cancel(HandleObject* h) {
  if (h->cancelled) return;
  if (h->scheduled && is_native_loop(h->loop)) loop_timer_cancelled(h->loop.as<LoopObject>());
  h->cancelled = true;
  int debug = loop_get_debug(h->loop);
  if (debug < 0) clear_error();
  if (debug > 0) {
    Ref r = repr(Value::from_obj(h));
    if (r) set_owned(&h->repr_cache, r.release());
    else clear_error();
  }
  set_owned(&h->callback, Value());
  Value args = Value::from_obj(h->args);
  h->args = nullptr;
  decref(args);
}

void handle_cancel(HandleObject* h) { handle_do_cancel(h); }

static Ref handle_cancel_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("Handle.cancel", nargs, kwnames)) return nullptr;
  HandleObject* h = as_handle(self);
  // TimerHandle.cancel tells the loop first (its cancelled-timer count); a Python
  // subclass of the loop may override _timer_handle_cancelled.
  if (!h->cancelled && rt::is_subtype(type_of(self), &TimerHandleType) && !is_native_loop(h->loop)) {
    Ref r = call_method1(h->loop, "_timer_handle_cancelled", self);
    if (!r) return nullptr;
  }
  handle_do_cancel(h);
  return Ref::none();
}

static Ref handle_cancelled_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("Handle.cancelled", nargs, kwnames)) return nullptr;
  return Ref::boolean(as_handle(self)->cancelled);
}

static Ref handle_run_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("Handle._run", nargs, kwnames)) return nullptr;
  HandleObject* h = as_handle(self);
  if (h->cancelled) return Ref::none();
  if (!handle_run(h)) return nullptr;
  return Ref::none();
}

static Ref timer_when_m(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("TimerHandle.when", nargs, kwnames)) return nullptr;
  return Ref::borrow(as_handle(self)->when);
}

// CPython's Handle._repr_info / TimerHandle._repr_info, joined into "<...>".
static Ref handle_repr(Value self) {
  HandleObject* h = as_handle(self);
  if (!h->repr_cache.is_null()) return Ref::borrow(h->repr_cache);
  std::string out = "<";
  out += str_to_utf8(type_of(self)->name_obj);
  if (h->cancelled) out += " cancelled";
  if (rt::is_subtype(type_of(self), &TimerHandleType)) {
    Ref w = repr(h->when);
    if (!w) return nullptr;
    out += " when=" + utf8_of(w.get());
  }
  if (!h->callback.is_null()) {
    Ref src = callback_source(h);
    if (!src) return nullptr;
    out += " " + utf8_of(src.get());
  }
  out += ">";
  return new_str(out);
}

// TimerHandles order by deadline (heapq on the loop's _scheduled); == also compares the
// callback, its arguments and the cancelled flag, as CPython's.
static Ref timer_richcompare(Value a, Value b, CompareOp op) {
  if (!is_handle(b) || !rt::is_subtype(type_of(b), &TimerHandleType)) return Ref::borrow(not_implemented());
  HandleObject* x = as_handle(a);
  HandleObject* y = as_handle(b);
  switch (op) {
    case CompareOp::Lt: return rich_compare(x->when, y->when, CompareOp::Lt);
    case CompareOp::Gt: return rich_compare(x->when, y->when, CompareOp::Gt);
    case CompareOp::Le:
    case CompareOp::Ge: {
      Ref strict = rich_compare(x->when, y->when, op == CompareOp::Le ? CompareOp::Lt : CompareOp::Gt);
      if (!strict) return nullptr;
      int t = truthy(strict.get());
      if (t < 0) return nullptr;
      if (t) return strict;
      Ref eq = timer_richcompare(a, b, CompareOp::Eq);
      return eq;
    }
    case CompareOp::Eq:
    case CompareOp::Ne: {
      bool same = a == b;
      if (!same) {
        int w = equals(x->when, y->when);
        if (w < 0) return nullptr;
        int c = w ? (x->callback.is_null() || y->callback.is_null() ? x->callback == y->callback
                                                                    : equals(x->callback, y->callback))
                  : 0;
        if (c < 0) return nullptr;
        int g = c ? (!x->args || !y->args ? x->args == y->args
                                          : equals(Value::from_obj(x->args), Value::from_obj(y->args)))
                  : 0;
        if (g < 0) return nullptr;
        same = g && x->cancelled == y->cancelled;
      }
      return Ref::boolean(op == CompareOp::Eq ? same : !same);
    }
  }
  return Ref::borrow(not_implemented());
}

static int64_t timer_hash(Value self) { return hash(as_handle(self)->when); }

static Ref get_callback(Value self) {
  HandleObject* h = as_handle(self);
  switch (h->kind) {
    case HandleKind::kCallback: break;
    case HandleKind::kTaskStep: if (!h->callback.is_null()) return task_method_step(h->callback.as<TaskObject>()); break;
    case HandleKind::kTaskWakeup: if (!h->callback.is_null()) return task_method_wakeup(h->callback.as<TaskObject>()); break;
  }
  return Ref::borrow(h->callback.is_null() ? Value::none() : h->callback);
}
static Ref get_args(Value self) {
  HandleObject* h = as_handle(self);
  return Ref::borrow(h->args ? Value::from_obj(h->args) : Value::none());
}
static Ref get_loop(Value self) { return Ref::borrow(as_handle(self)->loop); }
static Ref get_context(Value self) { return Ref::borrow(as_handle(self)->context); }
static Ref get_cancelled(Value self) { return Ref::boolean(as_handle(self)->cancelled); }
static Ref get_repr(Value self) {
  Value r = as_handle(self)->repr_cache;
  return Ref::borrow(r.is_null() ? Value::none() : r);
}
static Ref get_source_traceback(Value) { return Ref::none(); }
static Ref get_when(Value self) { return Ref::borrow(as_handle(self)->when); }
static Ref get_scheduled(Value self) { return Ref::boolean(as_handle(self)->scheduled); }
static int set_scheduled(Value self, Value v) {
  int t = v.is_null() ? 0 : truthy(v);
  if (t < 0) return -1;
  as_handle(self)->scheduled = t;
  return 0;
}

static void handle_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* h = static_cast<HandleObject*>(o);
  if (h->dict) visit(Value::from_obj(h->dict), ctx);
  if (!h->callback.is_null()) visit(h->callback, ctx);
  if (h->args) visit(Value::from_obj(h->args), ctx);
  if (!h->loop.is_null()) visit(h->loop, ctx);
  visit(h->context, ctx);
  if (!h->repr_cache.is_null()) visit(h->repr_cache, ctx);
}

static void handle_clear(Object* o) {
  auto* h = static_cast<HandleObject*>(o);
  if (h->dict) {
    Dict* d = h->dict;
    h->dict = nullptr;
    decref(d);
  }
  set_owned(&h->callback, Value());
  if (h->args) {
    Value a = Value::from_obj(h->args);
    h->args = nullptr;
    decref(a);
  }
  set_owned(&h->loop, Value());
  set_owned(&h->context, Value::none());
  set_owned(&h->repr_cache, Value());
}

static void handle_dealloc(Object* o) {
  gc_untrack(o);
  handle_clear(o);
  set_owned(&static_cast<HandleObject*>(o)->when, Value());
  free_object(o);
}

static const MethodDef handle_methods[] = {
    {"cancel", handle_cancel_m, 0, nullptr},
    {"cancelled", handle_cancelled_m, 0, nullptr},
    {"_run", handle_run_m, 0, nullptr},
    {nullptr}};

static const GetSetDef handle_getsets[] = {
    {"_callback", get_callback, nullptr, nullptr},
    {"_args", get_args, nullptr, nullptr},
    {"_loop", get_loop, nullptr, nullptr},
    {"_context", get_context, nullptr, nullptr},
    {"_cancelled", get_cancelled, nullptr, nullptr},
    {"_repr", get_repr, nullptr, nullptr},
    {"_source_traceback", get_source_traceback, nullptr, nullptr},
    {nullptr}};

static const MethodDef timer_methods[] = {{"when", timer_when_m, 0, nullptr}, {nullptr}};

static const GetSetDef timer_getsets[] = {
    {"_when", get_when, nullptr, nullptr},
    {"_scheduled", get_scheduled, set_scheduled, nullptr},
    {nullptr}};

void init_handle_types() {
  static_type_init(HandleType, "asyncio.events.Handle", sizeof(HandleObject), &ObjectType, kTypeGc | kTypeBaseType);
  HandleType.dict_offset = offsetof(HandleObject, dict);
  HandleType.new_ = handle_py_new;
  HandleType.init = handle_py_init;
  HandleType.repr = handle_repr;
  HandleType.traverse = handle_traverse;
  HandleType.clear = handle_clear;
  HandleType.dealloc = handle_dealloc;
  HandleType.methods = handle_methods;
  HandleType.getsets = handle_getsets;
  HandleType.doc = "Object returned by callback registration methods.";
  ready_type(&HandleType);

  static_type_init(TimerHandleType, "asyncio.events.TimerHandle", sizeof(HandleObject), &HandleType, kTypeGc | kTypeBaseType);
  TimerHandleType.dict_offset = offsetof(HandleObject, dict);
  TimerHandleType.new_ = handle_py_new;
  TimerHandleType.init = timer_py_init;
  TimerHandleType.richcompare = timer_richcompare;
  TimerHandleType.hash = timer_hash;
  TimerHandleType.methods = timer_methods;
  TimerHandleType.getsets = timer_getsets;
  TimerHandleType.doc = "Object returned by timed callback registration methods.";
  ready_type(&TimerHandleType);
}

}  // namespace gilpy::stdlib::aio
