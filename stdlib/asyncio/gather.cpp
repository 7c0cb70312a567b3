// stdlib/asyncio/gather.cpp: asyncio.gather() and the future it returns,
// _GatheringFuture, natively. CPython's gather (asyncio/tasks.py) keeps a dict from each
// argument to its future, a list of children and one closure per gather that every child
// calls when done; here the children are a vector in the gathering future itself, the
// arguments are told apart by identity (they are futures and coroutines), and each
// child's done callback is an entry of its callback list naming the gathering future
// (CallbackKind::kGatherChild), so gathering 100,000 tasks allocates nothing per task.
//
// The order of events is CPython's: each argument becomes a future (coroutines a task of
// the loop of the first one) and gets the completion callback in argument order; a child
// that fails ends the gather at once unless return_exceptions; the results come in
// argument order; cancelling the gathering future cancels the children.
#include <unordered_map>
#include <vector>

#include "runtime/typeobject.h"
#include "stdlib/asyncio/event_loop.h"
#include "stdlib/asyncio/task.h"
#include "stdlib/common.h"
#include "vm/generator.h"
#include "vm/import.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib::aio {

using namespace rt;

Type GatheringFutureType;

namespace {

struct GatheringFutureObject : FutureObject {
  std::vector<Value>* children;  // owned: one per argument (a future twice if given twice)
  int64_t nfuts;                 // distinct children
  int64_t nfinished;
  bool return_exceptions;
  bool cancel_requested;         // cancel() reached a child (it may swallow it)
  bool orphaned;                 // gather() failed while making it: children finish unheard
};

GatheringFutureObject* as_gathering(Value v) { return v.as<GatheringFutureObject>(); }

// Children that are native futures are read directly; any other future (a Python
// subclass of Future, a duck-typed one) through its methods, as CPython's code does.
bool is_native_child(Value f) {
  if (!f.is_obj()) return false;
  Type* t = f.obj()->type;
  return t == &FutureType || t == &TaskType || t == &GatheringFutureType;
}

int child_cancelled(Value f) {
  if (is_native_child(f)) return as_future(f)->state == FutureState::kCancelled;
  Ref r = call_method0(f, "cancelled");
  return r ? truthy(r.get()) : -1;
}

// fut.exception() (marks it retrieved): the exception or None.
Ref child_exception(Value f) {
  if (is_native_child(f)) {
    FutureObject* fut = as_future(f);
    fut->log_traceback = false;
    return Ref::borrow(fut->has_exception ? fut->value : Value::none());
  }
  return call_method0(f, "exception");
}

Ref child_result(Value f) {
  if (is_native_child(f)) return Ref::borrow(future_result(as_future(f)).is_null() ? Value::none() : future_result(as_future(f)));
  return call_method0(f, "result");
}

Ref child_make_cancelled_error(Value f) {
  if (is_native_child(f)) return future_make_cancelled_error(as_future(f));
  return call_method0(f, "_make_cancelled_error");
}

// The CancelledError gather's results hold for a cancelled child.
Ref child_cancelled_result(Value f) {
  Ref msg;
  if (is_native_child(f)) {
    Value m = extras_field(as_future(f), &FutureExtras::cancel_msg);
    msg = Ref::borrow(m.is_null() ? Value::none() : m);
  } else {
    msg = getattr(f, "_cancel_message");
    if (!msg) return nullptr;
  }
  if (msg.get().is_none()) msg = new_str("");
  return new_cancelled_error(msg.get());
}

bool outer_set_exception(GatheringFutureObject* outer, Ref exc) {
  if (!exc) return false;
  return future_set_exception(outer, exc.get());
}

}  // namespace

// CPython's gather.<locals>._done_callback(fut).
bool gather_child_done(Value outer_value, Value fut) {
  GatheringFutureObject* outer = as_gathering(outer_value);
  Ref keep = Ref::borrow(outer_value);
  outer->nfinished += 1;
  if (outer->orphaned || outer->state != FutureState::kPending) {
    int c = child_cancelled(fut);
    if (c < 0) return false;
    if (!c) return bool(child_exception(fut));  // marks its exception retrieved
    return true;
  }
  if (!outer->return_exceptions) {
    int c = child_cancelled(fut);
    if (c < 0) return false;
    if (c) return outer_set_exception(outer, child_make_cancelled_error(fut));
    Ref exc = child_exception(fut);
    if (!exc) return false;
    if (!exc.get().is_none()) return outer_set_exception(outer, std::move(exc));
  }
  if (outer->nfinished != outer->nfuts) return true;
  std::vector<Value>& children = *outer->children;
  Own<List> results = list_new(0);
  for (Value child : children) {
    Ref res;
    int c = child_cancelled(child);
    if (c < 0) return false;
    if (c) {
      res = child_cancelled_result(child);
    } else {
      res = child_exception(child);
      if (res && res.get().is_none()) res = child_result(child);
    }
    if (!res || !list_append(results.get(), res.get())) return false;
  }
  if (outer->cancel_requested) return outer_set_exception(outer, child_make_cancelled_error(fut));
  return future_set_result(outer, results.value());
}

namespace {

Ref m_done_callback(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_done_callback", nargs, kwnames)) return nullptr;
  if (!gather_child_done(self, args[0])) return nullptr;
  return Ref::none();
}
const MethodDef kDoneCallbackDef = {"_done_callback", m_done_callback, 0, nullptr};

// The loop of a future (CPython's futures._get_loop).
Ref loop_of(Value fut) {
  if (is_future_instance(fut) || is_self_waiter(fut)) {
    Value l = as_future(fut)->loop;
    if (!l.is_null()) return Ref::borrow(l);
  }
  Ref get_loop = getattr_opt(fut, intern("get_loop"));
  if (get_loop) return call0(get_loop.get());
  if (error_pending()) return nullptr;
  return getattr(fut, "_loop");
}

// CPython's tasks._ensure_future(arg, loop=loop) for one argument; a coroutine becomes a
// task here, anything else goes to the Python function (futures of other kinds,
// awaitables, and the TypeError for the rest). *made says whether a task was made.
Ref ensure_child(Value arg, Value loop, bool* made) {
  *made = false;
  if (is_native_child(arg)) {
    if (!loop.is_null() && as_future(arg)->loop != loop)
      return raise(&ValueErrorType, "The future belongs to a different loop than the one specified as the loop argument");
    return Ref::borrow(arg);
  }
  if (type_of(arg) == &vm::CoroutineType || type_of(arg) == &vm::GeneratorType) {
    Ref l = loop.is_null() ? get_event_loop() : Ref::borrow(loop);
    if (!l) return nullptr;
    Ref task = loop_create_task(l.get(), arg, Value::none(), Value::none());
    if (!task && error_matches(&RuntimeErrorType)) {
      Ref exc = fetch_error();
      Ref r = call_method0(arg, "close");
      if (!r) clear_error();
      restore_error(std::move(exc));
    }
    *made = bool(task);
    return task;
  }
  Ref tasks = vm::import_module("asyncio.tasks");
  if (!tasks) return nullptr;
  Ref ensure = getattr(tasks.get(), "_ensure_future");
  if (!ensure) return nullptr;
  Ref fut;
  if (loop.is_null()) {
    fut = call1(ensure.get(), arg);
  } else {
    Own<Tuple> kwnames = tuple_new(1);
    Str* kw = intern("loop");
    incref(Value::from_obj(kw));
    kwnames->items[0] = Value::from_obj(kw);
    Value argv[2] = {arg, loop};
    fut = call(ensure.get(), argv, 1, kwnames.get());
  }
  *made = fut && fut.get() != arg;
  return fut;
}

// The loop gather() uses: the first argument's (a future's own, else the event loop).
Ref first_loop(Value first) {
  if (is_native_child(first)) return Ref::borrow(as_future(first)->loop);
  Ref tasks = vm::import_module("asyncio.futures");
  if (!tasks) return nullptr;
  Ref isfuture = getattr(tasks.get(), "isfuture");
  if (!isfuture) return nullptr;
  Ref is = call1(isfuture.get(), first);
  if (!is) return nullptr;
  int t = truthy(is.get());
  if (t < 0) return nullptr;
  if (t) return loop_of(first);
  return get_event_loop();
}

bool add_gather_callback(Value child, Value outer) {
  if (is_native_child(child)) return future_add_callback(as_future(child), outer, Value(), CallbackKind::kGatherChild);
  Ref done = gather_method_done(outer);
  if (!done) return false;
  return bool(call_method1(child, "add_done_callback", done.get()));
}

}  // namespace

Ref gather_method_done(Value outer) { return builtin_function_new(&kDoneCallbackDef, outer); }

Ref gather_new(const Value* args, size_t nargs, bool return_exceptions) {
  if (nargs == 0) {
    Ref loop = get_event_loop();
    if (!loop) return nullptr;
    Ref outer = future_new_for_loop(loop.get());
    if (!outer) return nullptr;
    Own<List> empty = list_new(0);
    if (!future_set_result(as_future(outer.get()), empty.value())) return nullptr;
    return outer;
  }
  Ref loop = first_loop(args[0]);
  if (!loop) return nullptr;
  auto* outer = static_cast<GatheringFutureObject*>(alloc_object(&GatheringFutureType, GatheringFutureType.basic_size));
  Ref hold = Ref::steal(Value::from_obj(outer));
  outer->children = new std::vector<Value>();
  outer->children->reserve(nargs);
  outer->return_exceptions = return_exceptions;
  if (!future_init(outer, loop.get())) return nullptr;
  // CPython's arg_to_fut dict, without a dict for the common case: a native future that
  // is its own child is marked while the children are made (gather_mark); only other
  // arguments (coroutines, awaitables) go in a map. Borrowed: the children hold them.
  std::unordered_map<Object*, Value> arg_to_fut;
  struct ClearMarks {
    std::vector<Value>& children;
    ~ClearMarks() {
      for (Value c : children)
        if (is_native_child(c)) as_future(c)->gather_mark = false;
    }
  } clear_marks{*outer->children};
  Value child_loop;  // CPython's `loop`: set by the first child
  for (size_t i = 0; i < nargs; ++i) {
    Value arg = args[i];
    Value fut;
    bool seen = false;
    if (is_native_child(arg)) {
      seen = as_future(arg)->gather_mark;
      if (seen) fut = arg;
    } else if (arg.is_obj()) {
      auto found = arg_to_fut.find(arg.obj());
      seen = found != arg_to_fut.end();
      if (seen) fut = found->second;
    }
    if (seen) {
      incref(fut);
    } else {
      bool made;
      Ref f = ensure_child(arg, child_loop, &made);
      if (!f) {
        outer->orphaned = true;
        return nullptr;
      }
      if (child_loop.is_null()) {
        Ref l = loop_of(f.get());
        if (!l) {
          outer->orphaned = true;
          return nullptr;
        }
        child_loop = l.get();  // the child keeps its loop alive
      }
      if (made) {
        // A task made here: its exception is reported by gather, not logged.
        if (is_task_instance(f.get())) {
          f.as<TaskObject>()->log_destroy_pending = false;
        } else if (setattr(f.get(), "_log_destroy_pending", Value::false_()) < 0) {
          outer->orphaned = true;
          return nullptr;
        }
      }
      outer->nfuts += 1;
      if (is_native_child(arg)) as_future(arg)->gather_mark = true;
      else if (arg.is_obj()) arg_to_fut[arg.obj()] = f.get();
      if (!add_gather_callback(f.get(), Value::from_obj(outer))) {
        outer->orphaned = true;
        return nullptr;
      }
      fut = f.release();
    }
    outer->children->push_back(fut);
  }
  return hold;
}

namespace {

// _GatheringFuture.cancel(msg=None): cancel the children; True if any was.
Ref m_cancel(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Value msg = Value::none();
  if (!bind_args("cancel", args, nargs, kwnames, {"msg"}, 0, {&msg})) return nullptr;
  GatheringFutureObject* outer = as_gathering(self);
  if (outer->state != FutureState::kPending) return Ref::boolean(false);
  bool any = false;
  std::vector<Value> children(*outer->children);  // a child's cancel may run code
  std::vector<Ref> hold;
  for (Value c : children) hold.push_back(Ref::borrow(c));
  static Str* kw_msg = intern("msg");
  Own<Tuple> kwnames2 = tuple_new(1);
  incref(Value::from_obj(kw_msg));
  kwnames2->items[0] = Value::from_obj(kw_msg);
  for (Value c : children) {
    Ref cancel = getattr(c, "cancel");
    if (!cancel) return nullptr;
    Ref r = call(cancel.get(), &msg, 0, kwnames2.get());
    if (!r) return nullptr;
    int t = truthy(r.get());
    if (t < 0) return nullptr;
    any = any || t;
  }
  // The children may swallow the cancellation: report it anyway.
  if (any) outer->cancel_requested = true;
  return Ref::boolean(any);
}

Ref get_children(Value self) {
  Own<List> l = list_new(0);
  for (Value c : *as_gathering(self)->children)
    if (!list_append(l.get(), c)) return nullptr;
  return l.into_ref();
}
Ref get_cancel_requested(Value self) { return Ref::boolean(as_gathering(self)->cancel_requested); }
int set_cancel_requested(Value self, Value v) {
  int t = v.is_null() ? 0 : truthy(v);
  if (t < 0) return -1;
  as_gathering(self)->cancel_requested = t;
  return 0;
}

Ref gathering_new(Type*, const Value*, size_t, Tuple*) {
  return raise(&TypeErrorType, "cannot create '_GatheringFuture' instances: use asyncio.gather()");
}

void gathering_traverse(Object* o, VisitFn visit, void* ctx) {
  future_traverse(o, visit, ctx);
  if (auto* children = static_cast<GatheringFutureObject*>(o)->children)
    for (Value c : *children) visit(c, ctx);
}

void gathering_clear(Object* o) {
  auto* g = static_cast<GatheringFutureObject*>(o);
  future_clear(o);
  if (std::vector<Value>* children = g->children) {
    g->children = new std::vector<Value>();
    for (Value c : *children) decref(c);
    delete children;
  }
}

void gathering_dealloc(Object* o) {
  if (future_finalize_from_dealloc(o)) return;
  gc_untrack(o);
  gathering_clear(o);
  delete static_cast<GatheringFutureObject*>(o)->children;
  free_object(o);
}

const MethodDef gathering_methods[] = {{"cancel", m_cancel, 0, nullptr}, {nullptr}};
const GetSetDef gathering_getsets[] = {
    {"_children", get_children, nullptr, nullptr},
    {"_cancel_requested", get_cancel_requested, set_cancel_requested, nullptr},
    {nullptr}};

// asyncio.gather(*coros_or_futures, return_exceptions=False).
Ref f_gather(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  bool return_exceptions = false;
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->size; ++i) {
      std::string k = str_to_utf8(kwnames->items[i].as<Str>());
      if (k != "return_exceptions")
        return raisef(&TypeErrorType, "gather() got an unexpected keyword argument '%s'", k.c_str());
      int t = truthy(args[nargs + size_t(i)]);
      if (t < 0) return nullptr;
      return_exceptions = t;
    }
  }
  return gather_new(args, nargs, return_exceptions);
}

}  // namespace

const MethodDef kGatherDef = {"gather", f_gather, 0,
                              "Return a future aggregating results from the given coroutines/futures."};

void init_gather_types() {
  static_type_init(GatheringFutureType, "asyncio.tasks._GatheringFuture", sizeof(GatheringFutureObject), &FutureType,
                   kTypeGc);
  GatheringFutureType.new_ = gathering_new;
  GatheringFutureType.init = nullptr;
  GatheringFutureType.traverse = gathering_traverse;
  GatheringFutureType.clear = gathering_clear;
  GatheringFutureType.dealloc = gathering_dealloc;
  GatheringFutureType.methods = gathering_methods;
  GatheringFutureType.getsets = gathering_getsets;
  ready_type(&GatheringFutureType);
}

}  // namespace gilpy::stdlib::aio
