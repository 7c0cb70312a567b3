// stdlib/asyncio/task.cpp: asyncio.Task (see task.h): creation, the step and wake-up
// state machine of CPython 3.11's task_step_impl and task_wakeup, cancellation
// (cancel / cancelling / uncancel), names, the registry behind all_tasks(), and the
// "Task was destroyed but it is pending!" report.
#include "stdlib/asyncio/task.h"

#include "runtime/typeobject.h"
#include "stdlib/common.h"
#include "vm/generator.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type TaskType;

namespace {

TaskObject* as_task(Value v) { return v.as<TaskObject>(); }
Value task_value(TaskObject* t) { return Value::from_obj(t); }

// ---- the registry -------------------------------------------------------------------------------

void register_task(TaskObject* t) {
  if (t->registry_slot) return;
  std::vector<TaskObject*>& tasks = state().tasks;
  tasks.push_back(t);
  t->registry_slot = uint32_t(tasks.size());
}

void unregister_task(TaskObject* t) {
  if (!t->registry_slot) return;
  std::vector<TaskObject*>& tasks = state().tasks;
  size_t i = t->registry_slot - 1;
  TaskObject* last = tasks.back();
  tasks[i] = last;
  last->registry_slot = uint32_t(i + 1);
  tasks.pop_back();
  t->registry_slot = 0;
}

// ---- entering and leaving (CPython's _enter_task / _leave_task) -------------------------------

bool enter_task(TaskObject* task) {
  Value loop = task->loop;
  Value current = loop_current_task(loop);
  if (!current.is_null()) {
    Ref a = repr(task_value(task));
    Ref b = a ? repr(current) : Ref();
    if (!b) return false;
    raisef(&RuntimeErrorType, "Cannot enter into task %s while another task %s is being executed.",
           utf8_of(a.get()).c_str(), utf8_of(b.get()).c_str());
    return false;
  }
  return loop_set_current_task(loop, task_value(task));
}

bool leave_task(TaskObject* task) {
  Value loop = task->loop;
  Value current = loop_current_task(loop);
  if (current != task_value(task)) {
    Ref a = repr(task_value(task));
    Ref b = a ? repr(current.is_null() ? Value::none() : current) : Ref();
    if (!b) return false;
    raisef(&RuntimeErrorType, "Leaving task %s does not match the current task %s.", utf8_of(a.get()).c_str(),
           utf8_of(b.get()).c_str());
    return false;
  }
  return loop_set_current_task(loop, Value());
}

// ---- the step ---------------------------------------------------------------------------------------

// The message of a cancel() that could not be passed on yet, None when there is none.
Value pending_cancel_msg(TaskObject* task) {
  Value m = extras_field(task, &FutureExtras::task_cancel_msg);
  return m.is_null() ? Value::none() : m;
}

// Schedules a step that raises `type(message)` into the coroutine (task_set_error_soon).
bool step_soon_with_error(TaskObject* task, const std::string& message) {
  Ref exc = new_exception(&RuntimeErrorType, message);
  if (!exc) return false;
  return loop_schedule_task_step(task->loop, task, exc.get());
}

std::string repr_text(Value v) {
  Ref r = repr(v);
  if (!r) {
    clear_error();
    return "<object repr() failed>";
  }
  return utf8_of(r.get());
}

}  // namespace

int resume_coro(Value coro, Value exc, Ref* out) {
  if (exc.is_null() && (type_of(coro) == &vm::CoroutineType || type_of(coro) == &vm::GeneratorType)) {
    vm::SendResult r = vm::generator_send(coro.as<vm::Generator>(), Value::none(), false, out);
    if (r == vm::SendResult::Yield) return 0;
    if (r == vm::SendResult::Return) return 1;
    return -1;
  }
  if (exc.is_null()) {
    if (SendFn send = type_of(coro)->send) {
      SendStatus st = send(coro, Value::none(), out);
      return st == SendStatus::kYield ? 0 : st == SendStatus::kReturn ? 1 : -1;
    }
  }
  Ref r;
  if (exc.is_null()) {
    r = call_method1(coro, "send", Value::none());
  } else if (type_of(coro) == &vm::CoroutineType || type_of(coro) == &vm::GeneratorType) {
    r = vm::generator_throw(coro.as<vm::Generator>(), exc);
  } else {
    r = call_method1(coro, "throw", exc);
  }
  if (r) {
    *out = std::move(r);
    return 0;
  }
  if (error_matches(&StopIterationType)) {
    Ref e = fetch_error();
    Value v = e.as<ExceptionObject>()->value;
    *out = Ref::borrow(v.is_null() ? Value::none() : v);
    return 1;
  }
  return -1;
}

namespace {

// The coroutine yielded `result`: decide what the task waits for (CPython's
// task_step_impl after the send).
bool handle_yield(TaskObject* task, Value result) {
  if (result == task_value(task)) {
    return step_soon_with_error(task, "Task cannot await on itself: " + repr_text(task_value(task)));
  }
  if (is_future_exact(result)) {
    FutureObject* fut = as_future(result);
    if (fut->loop != task->loop) {
      return step_soon_with_error(task, "Task " + repr_text(task_value(task)) + " got Future " + repr_text(result) +
                                            " attached to a different loop");
    }
    if (!fut->blocking) {
      return step_soon_with_error(task, "yield was used instead of yield from in task " + repr_text(task_value(task)) +
                                            " with " + repr_text(result));
    }
    fut->blocking = false;
    // The wake-up runs in the task's own context (task_enter_context): none is stored.
    if (!future_add_callback(fut, task_value(task), Value(), CallbackKind::kTaskWakeup)) return false;
    incref(result);
    set_owned(&task->fut_waiter, result);
    if (task->must_cancel) {
      int r = future_cancel(fut, pending_cancel_msg(task));
      if (r < 0) return false;
      if (r) task->must_cancel = false;
    }
    return true;
  }
  if (result.is_none()) return loop_schedule_task_step(task->loop, task, Value());  // a bare yield
  // A future-like object of another kind (it has _asyncio_future_blocking).
  static Str* blocking_name = intern("_asyncio_future_blocking");
  Ref blocking = getattr_opt(result, blocking_name);
  if (!blocking && error_pending()) return false;
  if (blocking && !blocking.get().is_none()) {
    Ref loop = call_method0(result, "get_loop");
    if (!loop) {
      if (!error_matches(&AttributeErrorType)) return false;
      clear_error();
      loop = getattr(result, "_loop");
      if (!loop) return false;
    }
    if (loop.get() != task->loop) {
      return step_soon_with_error(task, "Task " + repr_text(task_value(task)) + " got Future " + repr_text(result) +
                                            " attached to a different loop");
    }
    int b = truthy(blocking.get());
    if (b < 0) return false;
    if (!b) {
      return step_soon_with_error(task, "yield was used instead of yield from in task " + repr_text(task_value(task)) +
                                            " with " + repr_text(result));
    }
    if (setattr(result, blocking_name, Value::false_()) < 0) return false;
    Ref wakeup = task_method_wakeup(task);
    if (!wakeup) return false;
    static Str* kw_context = intern("context");
    Own<Tuple> kwnames = tuple_new(1);
    incref(Value::from_obj(kw_context));
    kwnames->items[0] = Value::from_obj(kw_context);
    Ref add = getattr(result, "add_done_callback");
    if (!add) return false;
    Value argv[2] = {wakeup.get(), task_context(task)};
    if (!call(add.get(), argv, 1, kwnames.get())) return false;
    incref(result);
    set_owned(&task->fut_waiter, result);
    if (task->must_cancel) {
      Ref r = call_method1(result, "cancel", pending_cancel_msg(task));
      if (!r) return false;
      int t = truthy(r.get());
      if (t < 0) return false;
      if (t) task->must_cancel = false;
    }
    return true;
  }
  if (type_of(result) == &vm::GeneratorType) {
    return step_soon_with_error(task, "yield was used instead of yield from for generator in task " +
                                          repr_text(task_value(task)) + " with " + repr_text(result));
  }
  return step_soon_with_error(task, "Task got bad yield: " + repr_text(result));
}

bool step_impl(TaskObject* task, Value exc_in) {
  Ref exc = Ref::borrow(exc_in);
  if (task->state != FutureState::kPending) {
    std::string a = repr_text(task_value(task));
    std::string b = repr_text(exc.is_null() ? Value::none() : exc.get());
    Value ise = state().invalid_state_error;
    Ref e = new_exception(ise.as<Type>(), "_step(): already done: " + a + " " + b);
    if (e) raise_value(e.get());
    return false;
  }
  if (task->must_cancel) {
    if (exc && !is_cancelled_error(exc.get())) exc.reset();
    if (!exc) {
      exc = future_make_cancelled_error(task);
      if (!exc) return false;
    }
    task->must_cancel = false;
  }
  set_owned(&task->fut_waiter, Value());
  Ref coro = Ref::borrow(task->coro);
  Ref result;
  int r = resume_coro(coro.get(), exc.get(), &result);
  exc.reset();
  if (r == 1) {
    if (task->must_cancel) {
      // Cancelled right before the coroutine returned.
      task->must_cancel = false;
      return future_cancel(task, pending_cancel_msg(task)) >= 0;
    }
    return future_set_result(task, result.get());
  }
  if (r < 0) {
    if (error_matches(state().cancelled_error.as<Type>())) {
      // The coroutine let a CancelledError escape: the task is cancelled, and result()
      // will raise that same exception.
      Ref e = fetch_error();
      set_owned(&future_extras(task).cancelled_exc, e.release());
      return future_cancel(task, Value()) >= 0;
    }
    Ref e = fetch_error();
    bool fatal = is_instance_of_type(e.get(), &KeyboardInterruptType) || is_instance_of_type(e.get(), &SystemExitType);
    if (!future_set_exception(task, e.get())) return false;
    if (fatal) {
      restore_error(std::move(e));
      return false;
    }
    return true;
  }
  return handle_yield(task, result.get());
}

}  // namespace

bool task_step(TaskObject* task, Value exc) {
  Ref keep = Ref::borrow(task_value(task));
  if (!enter_task(task)) return false;
  bool ok = step_impl(task, exc);
  if (!ok) {
    Ref pending = fetch_error();
    leave_task(task);
    if (error_pending()) clear_error();  // the step's own error wins
    restore_error(std::move(pending));
    return false;
  }
  return leave_task(task);
}

bool task_wakeup(TaskObject* task, Value fut) {
  if (is_future_exact(fut)) {
    Ref out;
    int r = future_get_result(as_future(fut), &out);
    if (r == 0) return task_step(task, Value());
    if (r == 1) return task_step(task, out.get());
  } else {
    Ref res = call_method0(fut, "result");
    if (res) return task_step(task, Value());
  }
  Ref exc = fetch_error();
  return task_step(task, exc.get());
}

// ---- bound-method stand-ins ---------------------------------------------------------------------

namespace {

Ref m_step(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("__step", kwnames) || !check_nargs("__step", nargs, 0, 1)) return nullptr;
  if (!task_step(as_task(self), nargs && !args[0].is_none() ? args[0] : Value())) return nullptr;
  return Ref::none();
}

Ref m_wakeup(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("task_wakeup", nargs, kwnames)) return nullptr;
  if (!task_wakeup(as_task(self), args[0])) return nullptr;
  return Ref::none();
}

const MethodDef kStepDef = {"__step", m_step, 0, nullptr};
const MethodDef kWakeupDef = {"task_wakeup", m_wakeup, 0, nullptr};

}  // namespace

Ref task_method_step(TaskObject* task) { return builtin_function_new(&kStepDef, task_value(task)); }
Ref task_method_wakeup(TaskObject* task) { return builtin_function_new(&kWakeupDef, task_value(task)); }

// ---- creation -----------------------------------------------------------------------------------

namespace {

// asyncio.coroutines.iscoroutine: coroutines and (in 3.11 still) generators, and objects
// with a coroutine's methods.
int is_coroutine(Value v) {
  if (type_of(v) == &vm::CoroutineType || type_of(v) == &vm::GeneratorType) return 1;
  Value f = python_helper("_iscoroutine");
  if (f.is_null()) return -1;
  Ref r = call1(f, v);
  if (!r) return -1;
  return truthy(r.get());
}

bool task_init(TaskObject* task, Value coro, Value loop, Value name, Value context) {
  if (!future_init(task, loop)) return false;
  int is_coro = is_coroutine(coro);
  if (is_coro < 0) return false;
  if (!is_coro) {
    task->log_destroy_pending = false;
    Ref r = repr(coro);
    if (!r) return false;
    raisef(&TypeErrorType, "a coroutine was expected, got %s", utf8_of(r.get()).c_str());
    return false;
  }
  if (context.is_none()) {
    Ref vars = rt::context_snapshot_current();
    set_owned(&task->context, vars.release());
    task->context_is_snapshot = true;
  } else {
    incref(context);
    set_owned(&task->context, context);
    task->context_is_snapshot = false;
  }
  set_owned(&task->fut_waiter, Value());
  task->must_cancel = false;
  task->log_destroy_pending = true;
  task->num_cancels_requested = 0;
  incref(coro);
  set_owned(&task->coro, coro);
  if (name.is_none()) {
    // "Task-N": the number is taken now, the string made when someone asks.
    set_owned(&task->name, Value::small_int(int64_t(++state().task_name_counter)));
  } else {
    Ref n = is_exact_str(name) ? Ref::borrow(name) : str(name);
    if (!n) return false;
    set_owned(&task->name, n.release());
  }
  if (!loop_schedule_task_step(task->loop, task, Value())) return false;
  register_task(task);
  return true;
}

Ref task_py_new(Type* type, const Value*, size_t, Tuple*) {
  return Ref::steal(Value::from_obj(alloc_object(type, type->basic_size)));
}

int task_py_init(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value coro, loop = Value::none(), name = Value::none(), context = Value::none();
  if (!bind_args("Task", args, nargs, kwnames, {"coro", "*", "loop", "name", "context"}, 1,
                 {&coro, &loop, &name, &context}))
    return -1;
  return task_init(as_task(self), coro, loop, name, context) ? 0 : -1;
}

void task_traverse(Object* o, VisitFn visit, void* ctx) {
  future_traverse(o, visit, ctx);
  auto* t = static_cast<TaskObject*>(o);
  for (Value v : {t->coro, t->context, t->name, t->fut_waiter})
    if (!v.is_null()) visit(v, ctx);
}

void task_clear(Object* o) {
  auto* t = static_cast<TaskObject*>(o);
  unregister_task(t);
  future_clear(o);
  for (Value* slot : {&t->coro, &t->context, &t->name, &t->fut_waiter}) set_owned(slot, Value());
}

// Task.__del__: a task collected while pending is reported; then Future.__del__.
void task_finalize(Object* o) {
  auto* t = static_cast<TaskObject*>(o);
  if (t->state == FutureState::kPending && t->log_destroy_pending && !t->loop.is_null()) {
    t->log_destroy_pending = false;
    Ref saved = fetch_error();
    Own<Dict> context = dict_new();
    Ref message = new_str("Task was destroyed but it is pending!");
    if (dict_set_str(context.get(), "message", message.get()) && dict_set_str(context.get(), "task", task_value(t)) &&
        (extras_field(t, &FutureExtras::source_traceback).is_null() ||
         dict_set_str(context.get(), "source_traceback", t->extras->source_traceback)))
      loop_report(t->loop, context.into_ref());
    if (error_pending()) clear_error();
    if (saved) restore_error(std::move(saved));
  }
  future_finalize(o);
}

void task_dealloc(Object* o) {
  if (future_finalize_from_dealloc(o)) return;
  auto* t = static_cast<TaskObject*>(o);
  unregister_task(t);
  gc_untrack(o);
  task_clear(o);
  free_object(o);
}

// ---- methods ------------------------------------------------------------------------------------

Ref task_name(TaskObject* t) {
  if (t->name.is_small_int()) {
    Ref n = new_str("Task-" + std::to_string(t->name.small_int()));
    set_owned(&t->name, n.release());
  }
  return Ref::borrow(t->name);
}

Ref m_get_name(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_name", nargs, kwnames)) return nullptr;
  return task_name(as_task(self));
}

Ref m_set_name(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("set_name", nargs, kwnames)) return nullptr;
  Ref n = is_exact_str(args[0]) ? Ref::borrow(args[0]) : str(args[0]);
  if (!n) return nullptr;
  set_owned(&as_task(self)->name, n.release());
  return Ref::none();
}

Ref m_get_coro(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_coro", nargs, kwnames)) return nullptr;
  Value c = as_task(self)->coro;
  return Ref::borrow(c.is_null() ? Value::none() : c);
}

Ref m_get_context(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_context", nargs, kwnames)) return nullptr;
  Value c = task_context(as_task(self));
  return Ref::borrow(c.is_null() ? Value::none() : c);
}

Ref m_cancel(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value msg = Value::none();
  if (!bind_args("cancel", args, nargs, kwnames, {"msg"}, 0, {&msg})) return nullptr;
  TaskObject* t = as_task(self);
  t->log_traceback = false;
  if (t->state != FutureState::kPending) return Ref::boolean(false);
  t->num_cancels_requested += 1;
  if (!t->fut_waiter.is_null()) {
    Ref waiter = Ref::borrow(t->fut_waiter);
    int cancelled;
    if (is_future_exact(waiter.get()) && waiter.get().obj()->type == &FutureType) {
      cancelled = future_cancel(as_future(waiter.get()), msg);
    } else {
      Ref r = call_method1(waiter.get(), "cancel", msg);
      cancelled = r ? truthy(r.get()) : -1;
    }
    if (cancelled < 0) return nullptr;
    if (cancelled) return Ref::boolean(true);
  }
  t->must_cancel = true;
  incref(msg);
  set_owned(&future_extras(t).task_cancel_msg, msg);
  return Ref::boolean(true);
}

Ref m_cancelling(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("cancelling", nargs, kwnames)) return nullptr;
  return make_int(as_task(self)->num_cancels_requested);
}

Ref m_uncancel(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("uncancel", nargs, kwnames)) return nullptr;
  TaskObject* t = as_task(self);
  if (t->num_cancels_requested > 0) t->num_cancels_requested -= 1;
  return make_int(t->num_cancels_requested);
}

Ref m_set_result(Value, const Value*, size_t, Tuple*) {
  return raise(&RuntimeErrorType, "Task does not support set_result operation");
}
Ref m_set_exception(Value, const Value*, size_t, Tuple*) {
  return raise(&RuntimeErrorType, "Task does not support set_exception operation");
}

Ref python_stack_helper(const char* name, Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value f = python_helper(name);
  if (f.is_null()) return nullptr;
  std::vector<Value> argv;
  argv.push_back(self);
  size_t total = nargs + (kwnames ? size_t(kwnames->size) : 0);
  for (size_t i = 0; i < total; ++i) argv.push_back(args[i]);
  return call(f, argv.data(), nargs + 1, kwnames);
}
Ref m_get_stack(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return python_stack_helper("_task_get_stack", self, args, nargs, kwnames);
}
Ref m_print_stack(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  return python_stack_helper("_task_print_stack", self, args, nargs, kwnames);
}

Ref task_repr(Value self) {
  Value f = python_helper("_task_repr");
  if (f.is_null()) return nullptr;
  return call1(f, self);
}

Ref m_repr_info(Value self, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_repr_info", nargs, kwnames)) return nullptr;
  Value f = python_helper("_task_repr_info");
  if (f.is_null()) return nullptr;
  return call1(f, self);
}

Ref or_none(Value v) { return Ref::borrow(v.is_null() ? Value::none() : v); }
Ref get_coro(Value self) { return or_none(as_task(self)->coro); }
Ref get_fut_waiter(Value self) { return or_none(as_task(self)->fut_waiter); }
Ref get_must_cancel(Value self) { return Ref::boolean(as_task(self)->must_cancel); }
Ref get_log_destroy_pending(Value self) { return Ref::boolean(as_task(self)->log_destroy_pending); }
int set_log_destroy_pending(Value self, Value v) {
  int t = v.is_null() ? 0 : truthy(v);
  if (t < 0) return -1;
  as_task(self)->log_destroy_pending = t;
  return 0;
}
Ref get_num_cancels(Value self) { return make_int(as_task(self)->num_cancels_requested); }

const MethodDef task_methods[] = {
    {"get_name", m_get_name, 0, nullptr},
    {"set_name", m_set_name, 0, nullptr},
    {"get_coro", m_get_coro, 0, nullptr},
    {"get_context", m_get_context, 0, nullptr},
    {"cancel", m_cancel, 0, "Request that this task cancel itself."},
    {"cancelling", m_cancelling, 0, "Return the count of the task's cancellation requests."},
    {"uncancel", m_uncancel, 0, "Decrement the task's count of cancellation requests."},
    {"set_result", m_set_result, 0, nullptr},
    {"set_exception", m_set_exception, 0, nullptr},
    {"get_stack", m_get_stack, 0, "Return the list of stack frames for this task's coroutine."},
    {"print_stack", m_print_stack, 0, "Print the stack or traceback for this task's coroutine."},
    {"_repr_info", m_repr_info, 0, nullptr},
    {nullptr}};

const GetSetDef task_getsets[] = {
    {"_coro", get_coro, nullptr, nullptr},
    {"_fut_waiter", get_fut_waiter, nullptr, nullptr},
    {"_must_cancel", get_must_cancel, nullptr, nullptr},
    {"_log_destroy_pending", get_log_destroy_pending, set_log_destroy_pending, nullptr},
    {"_num_cancels_requested", get_num_cancels, nullptr, nullptr},
    {nullptr}};

}  // namespace

Value task_context(TaskObject* t) {
  if (t->context_is_snapshot) {
    Ref ctx = rt::context_from_snapshot(t->context);
    set_owned(&t->context, ctx.release());
    t->context_is_snapshot = false;
  }
  return t->context;
}

bool task_enter_context(ThreadState* ts, TaskObject* t, Ref* entered) {
  if (t->context_is_snapshot) {
    *entered = rt::context_from_snapshot(t->context);
  } else {
    *entered = Ref::borrow(t->context);
    if (entered->get().is_null()) return true;
  }
  return enter_context(ts, entered->get());
}

void task_leave_context(ThreadState* ts, TaskObject* t, Ref entered) {
  if (entered.get().is_null()) return;
  exit_context(ts, entered.get());
  if (!t->context_is_snapshot) return;
  // Kept when the step wrote a variable (the dict was copied) or something else holds the
  // Context now; otherwise the snapshot stays and the Context goes.
  Value ctx = entered.get();
  if (ctx.obj()->refcnt == 1 && rt::context_has_vars(ctx, t->context)) return;
  set_owned(&t->context, entered.release());
  t->context_is_snapshot = false;
}

Ref task_new(Value coro, Value loop, Value name, Value context) {
  auto* t = static_cast<TaskObject*>(alloc_object(&TaskType, TaskType.basic_size));
  Ref hold = Ref::steal(Value::from_obj(t));
  if (!task_init(t, coro, loop, name, context)) return nullptr;
  return hold;
}

Ref all_tasks_of(Value loop) {
  Own<Set> result = set_new();
  for (TaskObject* t : state().tasks) {
    if (t->state != FutureState::kPending || t->loop != loop) continue;
    if (!set_add(result.get(), task_value(t))) return nullptr;
  }
  return result.into_ref();
}

void init_task_type() {
  static_type_init(TaskType, "_asyncio.Task", sizeof(TaskObject), &FutureType, kTypeGc | kTypeBaseType);
  TaskType.new_ = task_py_new;
  TaskType.init = task_py_init;
  TaskType.repr = task_repr;
  TaskType.traverse = task_traverse;
  TaskType.clear = task_clear;
  TaskType.dealloc = task_dealloc;
  TaskType.finalize = task_finalize;
  TaskType.methods = task_methods;
  TaskType.getsets = task_getsets;
  TaskType.doc = "A coroutine wrapped in a Future.";
  ready_type(&TaskType);
}

}  // namespace gilpy::stdlib::aio
