// stdlib/asyncio/asyncio_module.cpp: the `_asyncio` module, the native half of asyncio
// (stdlib/python/asyncio/ is the Python half, which imports this): its types, the
// running-loop functions, the current task, all_tasks, and the small natives the Python
// half's hot paths use (the awaitable behind sleep(0), a coroutine's repr).
#include "runtime/typeobject.h"
#include "stdlib/asyncio/event_loop.h"
#include "stdlib/asyncio/handle.h"
#include "stdlib/asyncio/task.h"
#include "stdlib/common.h"
#include "stdlib/modules.h"
#include "vm/generator.h"
#include "vm/import.h"
#include "vm/interpreter.h"

namespace gilpy::stdlib {

namespace aio {

using namespace rt;

AsyncioState& state() {
  vm::Interpreter* interp = vm::current_interpreter();
  if (!interp->asyncio_state) interp->asyncio_state = new AsyncioState();
  return *static_cast<AsyncioState*>(interp->asyncio_state);
}

void init_native_base_type(Type& t, const char* name, const MethodDef* methods) {
  static_type_init(t, name, sizeof(Object), &ObjectType);
  t.methods = methods;
  ready_type(&t);
}

Value python_helper(const char* name) {
  AsyncioState& st = state();
  if (st.format_helpers.is_null()) {
    Ref m = vm::import_module("asyncio.format_helpers");
    if (!m) return Value();
    st.format_helpers = m.release();
  }
  Ref f = getattr(st.format_helpers, name);
  if (!f) return Value();
  // The module keeps the function alive: hand out a borrowed reference.
  return f.get();
}

Ref raise_invalid_state(const char* message) {
  Ref e = new_exception(state().invalid_state_error.as<Type>(), message);
  if (e) raise_value(e.get());
  return nullptr;
}

bool is_cancelled_error(Value exc) { return is_instance_of_type(exc, state().cancelled_error.as<Type>()); }

Ref new_cancelled_error(Value msg) {
  Value type = state().cancelled_error;
  if (msg.is_null() || msg.is_none()) return call0(type);
  return call1(type, msg);
}

Ref get_event_loop() {
  Value loop = running_loop();
  if (!loop.is_null()) return Ref::borrow(loop);
  Ref events = vm::import_module("asyncio.events");
  if (!events) return nullptr;
  Ref policy = call_method0(events.get(), "get_event_loop_policy");
  if (!policy) return nullptr;
  return call_method0(policy.get(), "get_event_loop");
}

namespace {

// ---- sleep(0): one bare yield, without a coroutine ----------------------------------------------

// The awaitable `await _sleep0()` stands for: the first next() yields None (the task
// runs again in the next iteration), the second finishes.
struct Sleep0Object : Object {
  bool yielded;
};
Type Sleep0Type;

SendStatus sleep0_send_slot(Value self, Value, Ref* out) {
  auto* s = self.as<Sleep0Object>();
  *out = Ref::none();
  if (s->yielded) return SendStatus::kReturn;
  s->yielded = true;
  return SendStatus::kYield;
}
Ref sleep0_await(Value self, const Value*, size_t, Tuple*) { return Ref::borrow(self); }
Ref sleep0_iternext(Value self) {
  auto* s = self.as<Sleep0Object>();
  if (s->yielded) return nullptr;
  s->yielded = true;
  return Ref::none();
}
Ref sleep0_self(Value self) { return Ref::borrow(self); }
Ref sleep0_send(Value self, const Value*, size_t, Tuple*) {
  Ref r = sleep0_iternext(self);
  if (!r) raise_stop_iteration(Value::none());
  return r;
}
Ref sleep0_throw(Value, const Value* args, size_t nargs, Tuple*) {
  if (nargs < 1) return raise(&TypeErrorType, "throw expected at least 1 argument, got 0");
  return raise_value(args[0]);
}
Ref sleep0_close(Value, const Value*, size_t, Tuple*) { return Ref::none(); }
const MethodDef sleep0_methods[] = {
    {"__await__", sleep0_await, 0, nullptr},
    {"send", sleep0_send, 0, nullptr},
    {"throw", sleep0_throw, 0, nullptr},
    {"close", sleep0_close, 0, nullptr},
    {nullptr}};

void init_sleep0_type() {
  static_type_init(Sleep0Type, "_Sleep0", sizeof(Sleep0Object), &ObjectType, 0);
  Sleep0Type.iter = sleep0_self;
  Sleep0Type.iternext = sleep0_iternext;
  Sleep0Type.dealloc = [](Object* o) { free_object(o); };
  Sleep0Type.methods = sleep0_methods;
  Sleep0Type.send = sleep0_send_slot;
  ready_type(&Sleep0Type);
}

// ---- module functions ---------------------------------------------------------------------------

Ref f_sleep0(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_sleep0", nargs, kwnames)) return nullptr;
  return Ref::steal(Value::from_obj(alloc<Sleep0Object>(&Sleep0Type)));
}

Ref f_get_running_loop(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_running_loop", nargs, kwnames)) return nullptr;
  return aio::get_running_loop();
}

Ref f_private_get_running_loop(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("_get_running_loop", nargs, kwnames)) return nullptr;
  Value loop = running_loop();
  return Ref::borrow(loop.is_null() ? Value::none() : loop);
}

Ref f_set_running_loop(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_set_running_loop", nargs, kwnames)) return nullptr;
  ThreadState::current()->running_loop = args[0].is_none() ? Value() : args[0];
  return Ref::none();
}

Ref f_set_prompt_loop(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_set_prompt_loop", nargs, kwnames)) return nullptr;
  AsyncioState& st = state();
  Value old = st.prompt_loop;
  st.prompt_loop = Value();
  if (!args[0].is_none()) {
    incref(args[0]);
    st.prompt_loop = args[0];
  }
  st.prompt_thread = ThreadState::current();
  if (!old.is_null()) decref(old);
  return Ref::none();
}

Ref f_get_event_loop(Value, const Value*, size_t nargs, Tuple* kwnames) {
  if (!no_args("get_event_loop", nargs, kwnames)) return nullptr;
  return aio::get_event_loop();
}

Ref resolve_loop(Value loop) {
  if (loop.is_null() || loop.is_none()) return aio::get_running_loop();
  return Ref::borrow(loop);
}

Ref f_current_task(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value loop = Value::none();
  if (!bind_args("current_task", args, nargs, kwnames, {"loop"}, 0, {&loop})) return nullptr;
  Ref l = resolve_loop(loop);
  if (!l) return nullptr;
  Value t = loop_current_task(l.get());
  return Ref::borrow(t.is_null() ? Value::none() : t);
}

Ref f_all_tasks(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value loop = Value::none();
  if (!bind_args("all_tasks", args, nargs, kwnames, {"loop"}, 0, {&loop})) return nullptr;
  Ref l = resolve_loop(loop);
  if (!l) return nullptr;
  return all_tasks_of(l.get());
}

Ref f_enter_task(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_enter_task", kwnames) || !check_nargs("_enter_task", nargs, 2, 2)) return nullptr;
  Value current = loop_current_task(args[0]);
  if (!current.is_null()) {
    Ref a = repr(args[1]);
    Ref b = a ? repr(current) : Ref();
    if (!b) return nullptr;
    return raisef(&RuntimeErrorType, "Cannot enter into task %s while another task %s is being executed.",
                  utf8_of(a.get()).c_str(), utf8_of(b.get()).c_str());
  }
  if (!loop_set_current_task(args[0], args[1])) return nullptr;
  return Ref::none();
}

Ref f_leave_task(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_leave_task", kwnames) || !check_nargs("_leave_task", nargs, 2, 2)) return nullptr;
  Value current = loop_current_task(args[0]);
  if (current != args[1]) {
    Ref a = repr(args[1]);
    Ref b = a ? repr(current.is_null() ? Value::none() : current) : Ref();
    if (!b) return nullptr;
    return raisef(&RuntimeErrorType, "Leaving task %s does not match the current task %s.", utf8_of(a.get()).c_str(),
                  utf8_of(b.get()).c_str());
  }
  if (!loop_set_current_task(args[0], Value())) return nullptr;
  return Ref::none();
}

// _coro_location(coro) -> (filename, line, suspended_or_running): the line a coroutine
// is at (its frame's), or its first line when it is done; what CPython's
// coroutines._format_coroutine reads from cr_frame.f_lineno.
Ref f_coro_location(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_coro_location", nargs, kwnames)) return nullptr;
  if (!vm::is_generator_like(args[0])) return Ref::none();
  auto* g = args[0].as<vm::Generator>();
  vm::Frame* f = g->frame();
  if (!f->code) return Ref::none();
  bool live = g->state != vm::GenState::Completed;
  int line = live ? (g->state == vm::GenState::Created ? f->code->firstlineno : f->line()) : f->code->firstlineno;
  return make_tuple(Ref::borrow(Value::from_obj(f->code->filename)), make_int(line), Ref::boolean(live));
}

// _format_exception(exc): the traceback text CPython's traceback.format_exception gives
// (for the default exception handler, which has no traceback module to call).
Ref f_format_exception(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_format_exception", nargs, kwnames)) return nullptr;
  return new_str(vm::format_exception(args[0]));
}

// asyncio.create_task(coro, *, name=None, context=None): on the running loop. As in 3.11
// the task first gets a default name (the counter moves on), then the name given.
Ref f_create_task(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  Value coro, name = Value::none(), context = Value::none();
  if (!bind_args("create_task", args, nargs, kwnames, {"coro", "*", "name", "context"}, 1, {&coro, &name, &context}))
    return nullptr;
  Ref loop = aio::get_running_loop();
  if (!loop) return nullptr;
  Ref task = loop_create_task(loop.get(), coro, Value::none(), context);
  if (!task) return nullptr;
  if (!name.is_none()) {
    Ref set_name = getattr_opt(task.get(), intern("set_name"));
    if (!set_name && error_pending()) return nullptr;
    if (set_name && !call1(set_name.get(), name)) return nullptr;
  }
  return task;
}

// The loop's set of live async generators (CPython's BaseEventLoop._asyncgens WeakSet),
// kept by the vm (vm/generator.h) so that freeing a generator takes it out.
vm::Generator* async_generator_arg(const char* fname, Value v) {
  if (v.is_obj() && v.obj()->type == &vm::AsyncGeneratorType) return v.as<vm::Generator>();
  raisef(&TypeErrorType, "%s() argument must be an async generator, not %s", fname, type_name(v));
  return nullptr;
}

Ref f_asyncgen_track(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_no_kwargs("_asyncgen_track", kwnames) || !check_nargs("_asyncgen_track", nargs, 2, 2)) return nullptr;
  vm::Generator* g = async_generator_arg("_asyncgen_track", args[0]);
  if (!g || !args[1].is_obj()) return g ? raise(&TypeErrorType, "_asyncgen_track() needs a loop") : nullptr;
  vm::asyncgen_track(g, args[1].obj());
  return Ref::none();
}

Ref f_asyncgen_untrack(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_asyncgen_untrack", nargs, kwnames)) return nullptr;
  vm::Generator* g = async_generator_arg("_asyncgen_untrack", args[0]);
  if (!g) return nullptr;
  vm::asyncgen_untrack(g);
  return Ref::none();
}

Ref f_asyncgens_count(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_asyncgens_count", nargs, kwnames)) return nullptr;
  return make_int(args[0].is_obj() ? static_cast<int64_t>(vm::asyncgen_count(args[0].obj())) : 0);
}

Ref f_asyncgens_take(Value, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!one_arg("_asyncgens_take", nargs, kwnames)) return nullptr;
  if (!args[0].is_obj()) return Ref::steal(Value::from_obj(list_new().release()));
  return vm::asyncgen_take(args[0].obj());
}

const MethodDef module_functions[] = {
    {"get_running_loop", f_get_running_loop, 0, "Return the running event loop.  Raise a RuntimeError if there is none."},
    {"_get_running_loop", f_private_get_running_loop, 0, "Return the running event loop or None."},
    {"_set_running_loop", f_set_running_loop, 0, "Set the running event loop."},
    {"_set_prompt_loop", f_set_prompt_loop, 0, "Set the REPL's loop (get_running_loop() at the prompt)."},
    {"get_event_loop", f_get_event_loop, 0, "Return an asyncio event loop."},
    {"current_task", f_current_task, 0, "Return a currently executed task."},
    {"all_tasks", f_all_tasks, 0, "Return a set of all tasks for the loop."},
    {"_enter_task", f_enter_task, 0, nullptr},
    {"_leave_task", f_leave_task, 0, nullptr},
    {"_sleep0", f_sleep0, 0, nullptr},
    {"_coro_location", f_coro_location, 0, nullptr},
    {"_format_exception", f_format_exception, 0, nullptr},
    {"create_task", f_create_task, 0, "Schedule the execution of a coroutine object in a spawn task."},
    {"_asyncgen_track", f_asyncgen_track, 0, nullptr},
    {"_asyncgen_untrack", f_asyncgen_untrack, 0, nullptr},
    {"_asyncgens_count", f_asyncgens_count, 0, nullptr},
    {"_asyncgens_take", f_asyncgens_take, 0, nullptr},
    {nullptr}};

bool types_ready = false;

}  // namespace
}  // namespace aio

rt::Ref create_asyncio_native_module() {
  using namespace rt;
  if (!aio::types_ready) {
    aio::init_handle_types();
    aio::init_loop_type();
    aio::init_future_types();
    aio::init_task_type();
    aio::init_sleep0_type();
    aio::init_event_waiter_type();
    aio::init_stream_reader_types();
    aio::init_stream_writer_types();
    aio::init_socket_transport_type();
    aio::init_gather_types();
    aio::types_ready = true;
  }
  aio::AsyncioState& st = aio::state();
  if (st.cancelled_error.is_null()) {
    Ref exceptions = vm::import_module("asyncio.exceptions");
    if (!exceptions) return nullptr;
    Ref cancelled = getattr(exceptions.get(), "CancelledError");
    Ref invalid = cancelled ? getattr(exceptions.get(), "InvalidStateError") : Ref();
    if (!invalid) return nullptr;
    st.cancelled_error = cancelled.release();
    st.invalid_state_error = invalid.release();
  }
  Own<Module> m = module_new("_asyncio");
  if (!module_add_functions(m.get(), aio::module_functions) || !module_add_function(m.get(), &aio::kGatherDef))
    return nullptr;
  struct {
    const char* name;
    Type* type;
  } types[] = {{"Loop", &aio::LoopType},     {"Handle", &aio::HandleType}, {"TimerHandle", &aio::TimerHandleType},
               {"Future", &aio::FutureType}, {"Task", &aio::TaskType},     {"FutureIter", &aio::FutureIterType},
               {"_EventWaiter", &aio::EventWaiterType}, {"_LineReader", &aio::LineReaderType},
               {"_StreamReaderBase", &aio::StreamReaderBaseType}, {"_StreamWriterBase", &aio::StreamWriterBaseType},
               {"_Drain", &aio::DrainType}, {"_StreamReaderProtocolBase", &aio::StreamReaderProtocolBaseType},
               {"_SocketTransportBase", &aio::SocketTransportBaseType},
               {"_GatheringFuture", &aio::GatheringFutureType}};
  for (auto& t : types)
    if (!module_add(m.get(), t.name, Value::from_obj(t.type))) return nullptr;
  return m.into_ref();
}

}  // namespace gilpy::stdlib
