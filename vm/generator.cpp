// vm/generator.cpp: generator, coroutine and async generator objects: a frame moved into
// the object by RETURN_GENERATOR and resumed by send/throw/close (or inline by the eval
// loop's FOR_ITER and SEND: generator_enter_inline/generator_exit_inline); yield-from
// delegation; PEP 479; async generators' asend/athrow awaitables and wrapped values;
// sys.set_asyncgen_hooks; and finalization: a suspended generator that is collected is
// closed (its finally blocks run), an unawaited coroutine warns.
#include "vm/generator.h"

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>

#include "runtime/runtime.h"
#include "runtime/typeobject.h"
#include "vm/eval.h"
#include "vm/frame_object.h"
#include "vm/interpreter.h"
#include "vm/opcodes.h"

namespace gilpy::vm {

using namespace rt;

Type GeneratorType;
Type CoroutineType;
Type AsyncGeneratorType;
Type CoroWrapperType;

static bool is_coroutine(Generator* g) { return g->type == &CoroutineType; }
static const char* kind_name(Generator* g) {
  return g->type == &CoroutineType ? "coroutine" : g->type == &AsyncGeneratorType ? "async generator" : "generator";
}

// What an async generator keeps after its frame.
struct AsyncGenTail {
  // Null until its first asend/athrow/aclose, then the finalizer hook of that moment or None.
  Value finalizer;
  // 1 + its index in the interpreter's registry of tracked async generators, or 0.
  size_t registry_place;
};
Ref generator_from_frame(Frame* f) {
  Code* co = f->code;
  size_t fbytes = frame_size(co);
  Type* t = (co->flags & kCoCoroutine) ? &CoroutineType
            : (co->flags & kCoAsyncGenerator) ? &AsyncGeneratorType
                                              : &GeneratorType;
  // An async generator keeps its finalizer hook and registry place after the frame.
  size_t extra = t == &AsyncGeneratorType ? sizeof(AsyncGenTail) : 0;
  auto* g = static_cast<Generator*>(alloc_object(t, sizeof(Generator) + fbytes + extra));
  Frame* gf = g->frame();
  size_t used = static_cast<size_t>(f->sp - f->localsplus);
  std::memcpy(static_cast<void*>(gf), f, sizeof(Frame) + sizeof(Value) * used);
  gf->sp = gf->localsplus + used;
  gf->in_arena = false;
  gf->gen = g;
  gf->previous = nullptr;
  gf->is_entry = true;
  incref(co);
  // The arena frame gave its references to the generator's copy: the caller pops it
  // without releasing anything but its code (RETURN_GENERATOR).
  // The names are the function's as they are now (a later rename does not change them).
  Function* fn = gf->func;
  if (fn && (fn->name != co->name || fn->qualname != co->qualname))
    g->names = tuple_from({Value::from_obj(fn->name), Value::from_obj(fn->qualname)}).release();
  g->state = GenState::Created;
  return Ref::steal(Value::from_obj(g));
}

// Releases what a finished generator's frame still holds (its code stays for gi_code).
rt::Str* Generator::name() {
  return names ? names->items[0].as<rt::Str>() : frame()->code->name;
}
rt::Str* Generator::qualname() {
  return names ? names->items[1].as<rt::Str>() : frame()->code->qualname;
}

static void finish_frame(Generator* g) {
  Frame* f = g->frame();
  if (!f->code) return;
  clear_frame_values(f);
  // The globals are borrowed from the function, or owned by a frame without one (module
  // code with top-level await, run by exec or eval), as by an arena frame (release_frame).
  // Both fields are cleared: this runs again when a finished generator is freed.
  Function* fn = f->func;
  Dict* globals = f->globals;
  f->func = nullptr;
  f->globals = nullptr;
  if (!fn) xdecref(globals);
  xdecref(fn);
  Object* locals = f->locals;
  f->locals = nullptr;
  xdecref(locals);
}

// PEP 479: a StopIteration escaping a generator becomes a RuntimeError.
static void pep479_convert(Generator* g) {
  bool async_gen = g->type == &AsyncGeneratorType;
  if (error_matches(&StopIterationType) || (async_gen && error_matches(&StopAsyncIterationType))) {
    Ref cause = fetch_error();
    std::string what = async_gen && is_instance_of_type(cause.get(), &StopAsyncIterationType)
                           ? "async generator raised StopAsyncIteration"
                           : strfmt("%s raised StopIteration", kind_name(g));
    Ref rt_err = new_exception(&RuntimeErrorType, what);
    auto* e = rt_err.as<ExceptionObject>();
    incref(cause.get());
    e->cause = cause.get();
    incref(cause.get());
    e->context = cause.get();
    e->suppress_context = true;
    restore_error(std::move(rt_err));
  }
}

SendResult generator_send(Generator* g, Value value, bool throwing, Ref* out) {
  ThreadState* ts = ThreadState::current();
  if (g->state == GenState::Running) {
    raisef(&ValueErrorType, "%s already executing", kind_name(g));
    return SendResult::Error;
  }
  if (g->state == GenState::Completed) {
    if (throwing) return SendResult::Error;
    if (is_coroutine(g)) {
      raise(&RuntimeErrorType, "cannot reuse already awaited coroutine");
      return SendResult::Error;
    }
    *out = Ref::none();
    return SendResult::Return;
  }
  if (g->state == GenState::Created && !throwing && !value.is_none()) {
    raisef(&TypeErrorType, "can't send non-None value to a just-started %s", kind_name(g));
    return SendResult::Error;
  }
  if (ts->recursion_depth >= ts->interp->recursion_limit || native_stack_exhausted(ts)) {
    raise(&RecursionErrorType, "maximum recursion depth exceeded");
    return SendResult::Error;
  }
  Frame* f = g->frame();
  if (!throwing) {
    incref(value);
    *f->sp++ = value;
  } else if (g->state != GenState::Created) {
    // Thrown in at a yield: the stack holds the last sent value there, as after a send.
    *f->sp++ = Value::none();
  }
  Ref hold = Ref::borrow(Value::from_obj(g));
  g->state = GenState::Running;
  ts->outer_handled.push_back(ts->handled_exc);
  ts->handled_exc = g->handled_exc;
  g->handled_exc = Value();
  ++ts->recursion_depth;
  Ref result = eval_frame(ts, f, throwing);
  --ts->recursion_depth;
  g->handled_exc = ts->handled_exc;
  ts->handled_exc = ts->outer_handled.back();
  ts->outer_handled.pop_back();
  if (g->state == GenState::Suspended) {
    *out = std::move(result);
    return SendResult::Yield;
  }
  g->state = GenState::Completed;
  set_owned(&g->handled_exc, Value());
  finish_frame(g);
  if (result) {
    *out = std::move(result);
    return SendResult::Return;
  }
  pep479_convert(g);
  return SendResult::Error;
}

Frame* generator_enter_inline(ThreadState* ts, Generator* g, Value sent, uint32_t exit) {
  Frame* f = g->frame();
  *f->sp++ = sent;
  g->state = GenState::Running;
  g->resume_exit = exit;
  ts->outer_handled.push_back(ts->handled_exc);
  ts->handled_exc = g->handled_exc;
  g->handled_exc = Value();
  ++ts->recursion_depth;
  return f;
}

void generator_exit_inline(ThreadState* ts, Generator* g, bool error) {
  --ts->recursion_depth;
  g->handled_exc = ts->handled_exc;
  ts->handled_exc = ts->outer_handled.back();
  ts->outer_handled.pop_back();
  g->state = GenState::Completed;
  set_owned(&g->handled_exc, Value());
  finish_frame(g);
  if (error) pep479_convert(g);
}

// The sub-iterator a suspended generator is delegating to (yield from / await), or null.
static Value yield_from_target(Generator* g) {
  if (g->state != GenState::Suspended) return Value();
  Frame* f = g->frame();
  uint32_t next = *f->ip;
  if (instr_op(next) != Op::JUMP_BACKWARD) return Value();
  uint32_t target = instr_arg(next);
  if (target >= f->code->code.size() || instr_op(f->code->code[target]) != Op::SEND) return Value();
  return f->sp[-1];
}

Value generator_yield_from(Generator* g) { return yield_from_target(g); }

static Ref send_result_to_value(SendResult r, Ref out) {
  if (r == SendResult::Yield) return out;
  if (r == SendResult::Return) return raise_stop_iteration(out.get().is_none() ? Value() : out.get());
  return nullptr;
}

Ref generator_close(Generator* g);

static Ref throw_into(Generator* g, Value exc) {
  restore_error(Ref::borrow(exc));
  Ref out;
  SendResult r = generator_send(g, Value::none(), true, &out);
  return send_result_to_value(r, std::move(out));
}

Ref generator_throw(Generator* g, Value exc) {
  Value yf = yield_from_target(g);
  if (!yf.is_null()) {
    Ref sub = Ref::borrow(yf);
    if (is_instance_of_type(exc, &GeneratorExitType)) {
      // Close the delegate first, then raise GeneratorExit here.
      g->state = GenState::Running;
      Ref r = is_generator_like(sub.get()) ? generator_close(sub.as<Generator>()) : nullptr;
      if (!is_generator_like(sub.get())) {
        Ref close = getattr_opt(sub.get(), intern("close"));
        r = close ? call0(close.get()) : (error_pending() ? nullptr : Ref::none());
      }
      g->state = GenState::Suspended;
      if (!r) return throw_into(g, fetch_error().get());
      return throw_into(g, exc);
    }
    Ref r;
    g->state = GenState::Running;
    if (is_generator_like(sub.get())) {
      r = generator_throw(sub.as<Generator>(), exc);
    } else {
      Ref meth = getattr_opt(sub.get(), intern("throw"));
      if (!meth) {
        g->state = GenState::Suspended;
        if (error_pending()) return throw_into(g, fetch_error().get());
        return throw_into(g, exc);
      }
      r = call1(meth.get(), exc);
    }
    g->state = GenState::Suspended;
    if (r) return r;  // the delegate yielded: so do we
    // The delegate finished (StopIteration) or failed: that goes into our frame, where
    // CLEANUP_THROW turns StopIteration into the value of the yield from.
    return throw_into(g, fetch_error().get());
  }
  return throw_into(g, exc);
}

Ref generator_close(Generator* g) {
  if (g->state == GenState::Created || g->state == GenState::Completed) {
    g->state = GenState::Completed;
    finish_frame(g);
    return Ref::none();
  }
  Ref exc = call0(Value::from_obj(&GeneratorExitType));
  if (!exc) return nullptr;
  Ref r = generator_throw(g, exc.get());
  if (r) {
    return raisef(&RuntimeErrorType, "%s ignored GeneratorExit", kind_name(g));
  }
  if (error_matches(&GeneratorExitType) || error_matches(&StopIterationType)) {
    clear_error();
    return Ref::none();
  }
  return nullptr;
}

// ---- methods ------------------------------------------------------------------------------------

// The iternext slot: exhaustion is null without an error (the slot convention), so that
// every native consumer ends its loop; next() and SEND, which need a return value, call
// generator_send themselves.
static Ref gen_iternext(Value self) {
  Ref out;
  SendResult r = generator_send(self.as<Generator>(), Value::none(), false, &out);
  if (r == SendResult::Yield) return out;
  return nullptr;
}

// Like gen_iternext, but a return value travels as StopIteration(value), as CPython's
// gen_iternext does: for next(), __next__ and coroutine wrappers.
Ref generator_next(Generator* g) {
  Ref out;
  SendResult r = generator_send(g, Value::none(), false, &out);
  if (r == SendResult::Yield) return out;
  if (r == SendResult::Return && !out.get().is_none()) return raise_stop_iteration(out.get());
  return nullptr;
}
static Ref gen_next_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("__next__", nargs, 0, 0)) return nullptr;
  Ref r = generator_next(self.as<Generator>());
  if (!r && !error_pending()) raise_value(Value::from_obj(&StopIterationType));
  return r;
}

static Ref gen_send_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("send", nargs, 1, 1)) return nullptr;
  Ref out;
  SendResult r = generator_send(self.as<Generator>(), args[0], false, &out);
  return send_result_to_value(r, std::move(out));
}

// The exception throw(typ[, val[, tb]]) raises: CPython's _gen_throw argument rules.
static Ref make_throw_exc(const char* fname, const Value* args, size_t nargs) {
  if (!check_nargs(fname, nargs, 1, 3)) return nullptr;
  Value typ = args[0];
  Ref exc;
  if (is_exception_type(typ)) {
    Value val = nargs >= 2 ? args[1] : Value::none();
    if (is_exception_instance(val) && is_instance_of_type(val, typ.as<Type>())) exc = Ref::borrow(val);
    else if (val.is_none()) exc = call0(typ);
    else if (is_tuple(val)) exc = call(typ, val.as<Tuple>()->items, static_cast<size_t>(val.as<Tuple>()->size));
    else exc = call1(typ, val);
    if (!exc) return nullptr;
  } else if (is_exception_instance(typ)) {
    if (nargs >= 2 && !args[1].is_none())
      return raise(&TypeErrorType, "instance exception may not have a separate value");
    exc = Ref::borrow(typ);
  } else {
    return raisef(&TypeErrorType, "exceptions must be classes or instances deriving from BaseException, not %s",
                  type_name(typ));
  }
  if (nargs == 3 && !args[2].is_none()) {
    if (type_of(args[2]) != &TracebackType)
      return raise(&TypeErrorType, "throw() third argument must be a traceback object");
    if (setattr(exc.get(), "__traceback__", args[2]) < 0) return nullptr;
  }
  return exc;
}

static Ref gen_throw_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  Ref exc = make_throw_exc("throw", args, nargs);
  if (!exc) return nullptr;
  return generator_throw(self.as<Generator>(), exc.get());
}

static Ref gen_close_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  if (!check_nargs("close", nargs, 0, 0)) return nullptr;
  return generator_close(self.as<Generator>());
}

static Ref gen_iter(Value self) { return Ref::borrow(self); }

static Ref gen_repr(Value self) {
  auto* g = self.as<Generator>();
  const char* kind = g->type == &CoroutineType ? "coroutine" : g->type == &AsyncGeneratorType ? "async_generator" : "generator";
  return str_from_utf8(strfmt("<%s object %s at %p>", kind, str_to_utf8(g->qualname()).c_str(), static_cast<void*>(g)))
      .into_ref();
}

static Ref gen_running(Value self) { return Ref::boolean(self.as<Generator>()->state == GenState::Running); }
static Ref gen_suspended(Value self) { return Ref::boolean(self.as<Generator>()->state == GenState::Suspended); }
// gi_frame / cr_frame / ag_frame: a frame object of the generator's frame (vm/frame_object.h,
// a snapshot of its locals and line), None once it is done. A suspended generator has no
// caller (f_back None, as in CPython); its frame's link to the last one is stale.
static Ref gen_frame(Value self) {
  auto* g = self.as<Generator>();
  if (g->state == GenState::Completed) return Ref::none();
  Frame* f = g->frame();
  if (g->state != GenState::Running) f->previous = nullptr;
  return frame_object_for(f);
}
static Ref gen_code(Value self) { return Ref::borrow(Value::from_obj(self.as<Generator>()->frame()->code)); }
static Ref gen_yieldfrom(Value self) {
  Value yf = yield_from_target(self.as<Generator>());
  return Ref::borrow(yf.is_null() ? Value::none() : yf);
}
static Ref gen_name(Value self) { return Ref::borrow(Value::from_obj(self.as<Generator>()->name())); }
static Ref gen_qualname(Value self) { return Ref::borrow(Value::from_obj(self.as<Generator>()->qualname())); }

static const MethodDef gen_methods[] = {
    {"__next__", gen_next_m, 0, "Implement next(self)."},
    {"send", gen_send_m, 0, "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
    {"throw", gen_throw_m, 0, "throw(value)\nthrow(type[,value[,tb]])"},
    {"close", gen_close_m, 0, "close() -> raise GeneratorExit inside generator."},
    {nullptr}};
static const GetSetDef gen_getsets[] = {{"gi_running", gen_running, nullptr, nullptr},
                                        {"gi_suspended", gen_suspended, nullptr, nullptr},
                                        {"gi_frame", gen_frame, nullptr, nullptr},
                                        {"gi_code", gen_code, nullptr, nullptr},
                                        {"gi_yieldfrom", gen_yieldfrom, nullptr, nullptr},
                                        {"__name__", gen_name, nullptr, nullptr},
                                        {"__qualname__", gen_qualname, nullptr, nullptr},
                                        {nullptr}};
static const GetSetDef coro_getsets[] = {{"cr_running", gen_running, nullptr, nullptr},
                                         {"cr_suspended", gen_suspended, nullptr, nullptr},
                                         {"cr_frame", gen_frame, nullptr, nullptr},
                                         {"cr_code", gen_code, nullptr, nullptr},
                                         {"cr_await", gen_yieldfrom, nullptr, nullptr},
                                         {"__name__", gen_name, nullptr, nullptr},
                                         {"__qualname__", gen_qualname, nullptr, nullptr},
                                         {nullptr}};

// coroutine.__await__() returns a wrapper that iterates the coroutine.
struct CoroWrapper : Object {
  Value coro;
};
static Ref coro_await_m(Value self, const Value* args, size_t nargs, Tuple* kwnames) {
  auto* w = alloc<CoroWrapper>(&CoroWrapperType);
  incref(self);
  w->coro = self;
  return Ref::steal(Value::from_obj(w));
}
static const MethodDef coro_methods[] = {
    {"send", gen_send_m, 0, nullptr},
    {"throw", gen_throw_m, 0, nullptr},
    {"close", gen_close_m, 0, nullptr},
    {"__await__", coro_await_m, 0, "Return an iterator to be used in await expression."},
    {nullptr}};

static Ref wrapper_next(Value self) { return generator_next(self.as<CoroWrapper>()->coro.as<Generator>()); }
static Ref wrapper_send(Value self, const Value* args, size_t nargs, Tuple* kw) {
  return gen_send_m(self.as<CoroWrapper>()->coro, args, nargs, kw);
}
static Ref wrapper_throw(Value self, const Value* args, size_t nargs, Tuple* kw) {
  return gen_throw_m(self.as<CoroWrapper>()->coro, args, nargs, kw);
}
static Ref wrapper_close(Value self, const Value* args, size_t nargs, Tuple* kw) {
  return gen_close_m(self.as<CoroWrapper>()->coro, args, nargs, kw);
}
static const MethodDef wrapper_methods[] = {{"send", wrapper_send, 0, nullptr},
                                            {"throw", wrapper_throw, 0, nullptr},
                                            {"close", wrapper_close, 0, nullptr},
                                            {nullptr}};
static void wrapper_traverse(Object* o, VisitFn visit, void* ctx) { visit(static_cast<CoroWrapper*>(o)->coro, ctx); }
static void wrapper_clear(Object* o) { set_owned(&static_cast<CoroWrapper*>(o)->coro, Value()); }
static void wrapper_dealloc(Object* o) {
  gc_untrack(o);
  wrapper_clear(o);
  free_object(o);
}

// ---- async generators ------------------------------------------------------------------------------
//
// asend()/__anext__() and athrow()/aclose() return awaitables (CPython's
// async_generator_asend and async_generator_athrow): each resumes the generator once per
// send; a value the generator yields arrives wrapped (ASYNC_GEN_WRAP) and ends the await
// with StopIteration(value); an unwrapped value is an await inside the generator passing
// through to whoever drives the outer coroutine. The generator finishing is
// StopAsyncIteration.

Type AsyncGenWrappedValueType;
Type AsyncGenASendType;
Type AsyncGenAThrowType;

struct WrappedValue : Object {
  Value value;  // owned
};

Ref async_gen_wrap(Value v) {
  auto* w = alloc<WrappedValue>(&AsyncGenWrappedValueType);
  incref(v);
  w->value = v;
  return Ref::steal(Value::from_obj(w));
}
static bool is_wrapped(Value v) { return v.is_obj() && v.obj()->type == &AsyncGenWrappedValueType; }
static void wrapped_dealloc(Object* o) {
  set_owned(&static_cast<WrappedValue*>(o)->value, Value());
  free_object(o);
}

enum : uint8_t { kAwaitInit, kAwaitIter, kAwaitClosed };

// Resumes the async generator with `v`; its end is StopAsyncIteration.
static Ref agen_resume(Generator* g, Value v) {
  Ref out;
  SendResult r = generator_send(g, v, false, &out);
  if (r == SendResult::Yield) return out;
  if (r == SendResult::Return) return raise_value(Value::from_obj(&StopAsyncIterationType));
  return nullptr;
}

static Ref agen_throw(Generator* g, Value exc) {
  Ref r = generator_throw(g, exc);
  if (!r && g->state == GenState::Completed && error_matches(&StopIterationType)) {
    // The generator returned (PEP 479 turns a StopIteration raised inside into RuntimeError).
    clear_error();
    return raise_value(Value::from_obj(&StopAsyncIterationType));
  }
  return r;
}

// CPython's async_gen_unwrap_value: `r` is what resuming the generator gave (null: error).
static Ref agen_unwrap(Generator* g, Ref r) {
  if (!r) {
    if (!error_pending()) raise_value(Value::from_obj(&StopAsyncIterationType));
    if (error_matches(&StopAsyncIterationType) || error_matches(&GeneratorExitType)) g->closed = true;
    g->running_async = false;
    return nullptr;
  }
  if (is_wrapped(r.get())) {
    g->running_async = false;
    return raise_stop_iteration(static_cast<WrappedValue*>(r.get().obj())->value);
  }
  return r;
}

AsyncGenHooks& async_gen_hooks() {
  static thread_local AsyncGenHooks hooks;
  return hooks;
}

static AsyncGenTail* agen_tail(Generator* g) {
  return reinterpret_cast<AsyncGenTail*>(reinterpret_cast<char*>(g->frame()) + frame_size(g->frame()->code));
}
static Value* agen_finalizer_slot(Generator* g) { return &agen_tail(g)->finalizer; }

// ---- the registry of tracked async generators (loop.shutdown_asyncgens) ------------------
// Borrowed entries: a generator leaves when it is cleared or freed. Removal swaps the last
// entry into the hole, so the order is not the order of arrival (neither is CPython's
// WeakSet's).

void asyncgen_track(Generator* g, Object* owner) {
  AsyncGenTail* tail = agen_tail(g);
  auto& registry = current_interpreter()->tracked_async_generators;
  if (tail->registry_place) {
    registry[tail->registry_place - 1].owner = owner;
    return;
  }
  registry.push_back({g, owner});
  tail->registry_place = registry.size();
}

void asyncgen_untrack(Generator* g) {
  AsyncGenTail* tail = agen_tail(g);
  if (!tail->registry_place) return;
  auto& registry = current_interpreter()->tracked_async_generators;
  size_t i = tail->registry_place - 1;
  tail->registry_place = 0;
  if (i + 1 != registry.size()) {
    registry[i] = registry.back();
    agen_tail(registry[i].gen)->registry_place = i + 1;
  }
  registry.pop_back();
}

size_t asyncgen_count(Object* owner) {
  size_t n = 0;
  for (const TrackedAsyncGen& e : current_interpreter()->tracked_async_generators) n += e.owner == owner;
  return n;
}

Ref asyncgen_take(Object* owner) {
  auto& registry = current_interpreter()->tracked_async_generators;
  Own<List> out = list_new();
  for (size_t i = 0; i < registry.size();) {
    Generator* g = registry[i].gen;
    if (registry[i].owner != owner) {
      ++i;
      continue;
    }
    if (!list_append(out.get(), Value::from_obj(g))) return Ref();
    asyncgen_untrack(g);  // moves the last entry into place i
  }
  return Ref::steal(Value::from_obj(out.release()));
}

// CPython's async_gen_init_hooks.
static bool agen_init_hooks(Generator* g) {
  Value* slot = agen_finalizer_slot(g);
  if (!slot->is_null()) return true;
  AsyncGenHooks& h = async_gen_hooks();
  Value fin = h.finalizer.is_null() ? Value::none() : h.finalizer;
  incref(fin);
  *slot = fin;
  if (!h.firstiter.is_null() && !h.firstiter.is_none()) {
    Ref hook = Ref::borrow(h.firstiter);
    Ref r = call1(hook.get(), Value::from_obj(g));
    if (!r) return false;
  }
  return true;
}

struct AsyncGenASend : Object {
  Value gen;      // owned async generator
  Value sendval;  // owned
  uint8_t state;
};

static Ref asend_send_impl(AsyncGenASend* o, Value arg) {
  if (o->state == kAwaitClosed) return raise(&RuntimeErrorType, "cannot reuse already awaited __anext__()/asend()");
  auto* g = o->gen.as<Generator>();
  if (o->state == kAwaitInit) {
    if (g->running_async) return raise(&RuntimeErrorType, "anext(): asynchronous generator is already running");
    if (arg.is_null() || arg.is_none()) arg = o->sendval;
    o->state = kAwaitIter;
  }
  g->running_async = true;
  Ref r = agen_unwrap(g, agen_resume(g, arg));
  if (!r) o->state = kAwaitClosed;
  return r;
}
static Ref asend_send(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("send", nargs, 1, 1)) return nullptr;
  return asend_send_impl(self.as<AsyncGenASend>(), args[0]);
}
static Ref asend_next(Value self) { return asend_send_impl(self.as<AsyncGenASend>(), Value::none()); }
static Ref asend_throw(Value self, const Value* args, size_t nargs, Tuple* kw) {
  auto* o = self.as<AsyncGenASend>();
  if (o->state == kAwaitClosed) return raise(&RuntimeErrorType, "cannot reuse already awaited __anext__()/asend()");
  Ref exc = make_throw_exc("throw", args, nargs);
  if (!exc) return nullptr;
  auto* g = o->gen.as<Generator>();
  Ref r = agen_unwrap(g, agen_throw(g, exc.get()));
  if (!r) o->state = kAwaitClosed;
  return r;
}
static Ref asend_close(Value self, const Value*, size_t, Tuple*) {
  self.as<AsyncGenASend>()->state = kAwaitClosed;
  return Ref::none();
}
static Ref self_m(Value self, const Value*, size_t, Tuple*) { return Ref::borrow(self); }

struct AsyncGenAThrow : Object {
  Value gen;   // owned async generator
  Value args;  // owned tuple of athrow()'s arguments; null for aclose()
  uint8_t state;
};

static Ref athrow_send_impl(AsyncGenAThrow* o, Value arg) {
  auto* g = o->gen.as<Generator>();
  bool aclose = o->args.is_null();
  Ref r;
  if (o->state == kAwaitClosed) return raise(&RuntimeErrorType, "cannot reuse already awaited aclose()/athrow()");
  if (g->state == GenState::Completed) {
    o->state = kAwaitClosed;
    return raise_value(Value::from_obj(&StopIterationType));
  }
  if (o->state == kAwaitInit) {
    if (g->running_async) {
      o->state = kAwaitClosed;
      return raise(&RuntimeErrorType, aclose ? "aclose(): asynchronous generator is already running"
                                             : "athrow(): asynchronous generator is already running");
    }
    if (g->closed) {
      o->state = kAwaitClosed;
      return raise_value(Value::from_obj(&StopAsyncIterationType));
    }
    if (!arg.is_null() && !arg.is_none())
      return raise(&RuntimeErrorType, "can't send non-None value to a just-started coroutine");
    o->state = kAwaitIter;
    g->running_async = true;
    if (aclose) {
      g->closed = true;
      Ref exc = call0(Value::from_obj(&GeneratorExitType));
      if (!exc) return nullptr;
      r = agen_throw(g, exc.get());
      if (r && is_wrapped(r.get())) goto yield_close;
    } else {
      Tuple* t = o->args.as<Tuple>();
      Ref exc = make_throw_exc("athrow", t->items, static_cast<size_t>(t->size));
      if (!exc) {
        g->running_async = false;
        return nullptr;
      }
      r = agen_unwrap(g, agen_throw(g, exc.get()));
    }
    if (!r) goto check_error;
    return r;
  }
  r = agen_resume(g, arg.is_null() ? Value::none() : arg);
  if (!aclose) return agen_unwrap(g, std::move(r));
  if (r) {
    if (is_wrapped(r.get())) goto yield_close;
    return r;
  }
  goto check_error;
yield_close:
  g->running_async = false;
  o->state = kAwaitClosed;
  return raise(&RuntimeErrorType, "async generator ignored GeneratorExit");
check_error:
  g->running_async = false;
  o->state = kAwaitClosed;
  if (aclose && (error_matches(&StopAsyncIterationType) || error_matches(&GeneratorExitType))) {
    clear_error();
    return raise_value(Value::from_obj(&StopIterationType));
  }
  return nullptr;
}
static Ref athrow_send(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("send", nargs, 1, 1)) return nullptr;
  return athrow_send_impl(self.as<AsyncGenAThrow>(), args[0]);
}
static Ref athrow_next(Value self) { return athrow_send_impl(self.as<AsyncGenAThrow>(), Value::none()); }
static Ref athrow_throw(Value self, const Value* args, size_t nargs, Tuple* kw) {
  auto* o = self.as<AsyncGenAThrow>();
  if (o->state == kAwaitClosed) return raise(&RuntimeErrorType, "cannot reuse already awaited aclose()/athrow()");
  Ref exc = make_throw_exc("throw", args, nargs);
  if (!exc) return nullptr;
  auto* g = o->gen.as<Generator>();
  Ref r = agen_throw(g, exc.get());
  if (!o->args.is_null()) return agen_unwrap(g, std::move(r));
  if (r && is_wrapped(r.get())) {
    g->running_async = false;
    o->state = kAwaitClosed;
    return raise(&RuntimeErrorType, "async generator ignored GeneratorExit");
  }
  if (!r && (error_matches(&StopAsyncIterationType) || error_matches(&GeneratorExitType))) {
    clear_error();
    return raise_value(Value::from_obj(&StopIterationType));
  }
  return r;
}
static Ref athrow_close(Value self, const Value*, size_t, Tuple*) {
  self.as<AsyncGenAThrow>()->state = kAwaitClosed;
  return Ref::none();
}

static void aw_traverse(Object* o, VisitFn visit, void* ctx) {
  // AsyncGenASend and AsyncGenAThrow share the layout of their two owned Values.
  auto* a = static_cast<AsyncGenASend*>(o);
  if (a->gen) visit(a->gen, ctx);
  if (a->sendval) visit(a->sendval, ctx);
}
static void aw_clear(Object* o) {
  auto* a = static_cast<AsyncGenASend*>(o);
  set_owned(&a->gen, Value());
  set_owned(&a->sendval, Value());
}
static void aw_dealloc(Object* o) {
  gc_untrack(o);
  aw_clear(o);
  free_object(o);
}
static_assert(offsetof(AsyncGenASend, sendval) == offsetof(AsyncGenAThrow, args));

static const MethodDef asend_methods[] = {{"send", asend_send, 0, "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
                                          {"throw", asend_throw, 0, "throw(value)\nthrow(type[,value[,tb]])"},
                                          {"close", asend_close, 0, "close() -> raise GeneratorExit inside generator."},
                                          {"__await__", self_m, 0, "Return an iterator to be used in await expression."},
                                          {nullptr}};
static const MethodDef athrow_methods[] = {{"send", athrow_send, 0, "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
                                           {"throw", athrow_throw, 0, "throw(value)\nthrow(type[,value[,tb]])"},
                                           {"close", athrow_close, 0, "close() -> raise GeneratorExit inside generator."},
                                           {"__await__", self_m, 0, "Return an iterator to be used in await expression."},
                                           {nullptr}};

static Ref new_asend(Value gen, Value sendval) {
  auto* o = alloc<AsyncGenASend>(&AsyncGenASendType);
  incref(gen);
  o->gen = gen;
  incref(sendval);
  o->sendval = sendval;
  o->state = kAwaitInit;
  return Ref::steal(Value::from_obj(o));
}
static Ref agen_asend(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("asend", nargs, 1, 1)) return nullptr;
  if (!agen_init_hooks(self.as<Generator>())) return nullptr;
  return new_asend(self, args[0]);
}
static Ref agen_anext(Value self, const Value*, size_t nargs, Tuple*) {
  if (!check_nargs("__anext__", nargs, 0, 0)) return nullptr;
  if (!agen_init_hooks(self.as<Generator>())) return nullptr;
  return new_asend(self, Value::none());
}
static Ref new_athrow(Value gen, Value args) {
  auto* o = alloc<AsyncGenAThrow>(&AsyncGenAThrowType);
  incref(gen);
  o->gen = gen;
  if (args) incref(args);
  o->args = args;
  o->state = kAwaitInit;
  return Ref::steal(Value::from_obj(o));
}
static Ref agen_athrow(Value self, const Value* args, size_t nargs, Tuple* kw) {
  if (!check_nargs("athrow", nargs, 1, 3)) return nullptr;
  if (!agen_init_hooks(self.as<Generator>())) return nullptr;
  Own<Tuple> t = tuple_from_array(args, nargs);
  return new_athrow(self, t.value());
}
static Ref agen_aclose(Value self, const Value*, size_t nargs, Tuple*) {
  if (!check_nargs("aclose", nargs, 0, 0)) return nullptr;
  if (!agen_init_hooks(self.as<Generator>())) return nullptr;
  return new_athrow(self, Value());
}
static Ref agen_running(Value self) { return Ref::boolean(self.as<Generator>()->running_async); }

static const MethodDef agen_methods[] = {
    {"asend", agen_asend, 0, "asend(v) -> send 'v' in generator."},
    {"athrow", agen_athrow, 0, "athrow(typ[,val[,tb]]) -> raise exception in generator."},
    {"aclose", agen_aclose, 0, "aclose() -> raise GeneratorExit inside generator."},
    {"__aiter__", self_m, 0, "Return an awaitable, that resolves in asynchronous iterator."},
    {"__anext__", agen_anext, 0, "Return a value or raise StopAsyncIteration."},
    {nullptr}};
static const GetSetDef agen_getsets[] = {{"ag_running", agen_running, nullptr, nullptr},
                                         {"ag_frame", gen_frame, nullptr, nullptr},
                                         {"ag_code", gen_code, nullptr, nullptr},
                                         {"ag_await", gen_yieldfrom, nullptr, nullptr},
                                         {"__name__", gen_name, nullptr, nullptr},
                                         {"__qualname__", gen_qualname, nullptr, nullptr},
                                         {nullptr}};

// ---- "coroutine ... was never awaited" ----------------------------------------------------------------


// When the program imported `warnings`, the warning goes through it (its filters, hooks and
// catch_warnings), as CPython's does: warnings._warn_unawaited_coroutine(coro). False when
// the module is not loaded.
static bool warn_unawaited_through_module(Generator* g) {
  Value warnings = dict_get_cstr(current_interpreter()->modules.get(), "warnings");
  if (warnings.is_null()) return false;
  Ref saved = fetch_error();
  Ref fn = getattr_opt(warnings, intern("_warn_unawaited_coroutine"));
  if (!fn) {
    clear_error();
    if (saved) restore_error(std::move(saved));
    return false;
  }
  Ref r = call1(fn.get(), Value::from_obj(g));
  if (!r) write_unraisable(Value::from_obj(g));
  if (saved) restore_error(std::move(saved));
  return true;
}

// CPython's _PyErr_WarnUnawaitedCoroutine under the default warning filters: printed once
// per (file, line) of the code running when the coroutine is collected.
static void warn_unawaited(Generator* g) {
  if (warn_unawaited_through_module(g)) return;
  std::string name = str_to_utf8(g->qualname());
  Frame* f = current_frame();
  std::string msg;
  if (!f || !f->code) {
    msg = "sys:1: RuntimeWarning: coroutine '" + name + "' was never awaited\n";
  } else {
    std::string file = str_to_utf8(f->code->filename);
    int line = f->line();
    static std::set<std::pair<std::string, int>> seen;  // the default filter's registry (GIL-guarded)
    if (!seen.insert({file, line}).second) return;
    msg = strfmt("%s:%d: RuntimeWarning: coroutine '%s' was never awaited\n", file.c_str(), line, name.c_str());
    std::ifstream in(file);
    std::string text;
    for (int i = 1; i <= line && std::getline(in, text); ++i) {
    }
    if (in) {
      size_t b = text.find_first_not_of(" \t\f");
      size_t e = text.find_last_not_of(" \t\r\n");
      if (b != std::string::npos) msg += "  " + text.substr(b, e - b + 1) + "\n";
    }
    msg += "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n";
  }
  std::fflush(stdout);
  std::fputs(msg.c_str(), stderr);
}

// ---- lifetime -------------------------------------------------------------------------------------

static void gen_traverse(Object* o, VisitFn visit, void* ctx) {
  auto* g = static_cast<Generator*>(o);
  visit(g->handled_exc, ctx);
  if (g->type == &AsyncGeneratorType) visit(*agen_finalizer_slot(g), ctx);
  // A running frame's saved sp is stale: its references count as external (as an arena
  // frame's do) rather than being visited.
  if (g->state == GenState::Running) return;
  Frame* f = g->frame();
  if (!f->code) return;
  if (f->func) visit(Value::from_obj(f->func), ctx);
  else if (f->globals) visit(Value::from_obj(f->globals), ctx);  // owned without a function
  if (f->locals) visit(Value::from_obj(f->locals), ctx);
  for (Value* p = f->localsplus; p < f->sp; ++p) visit(*p, ctx);
}

static void gen_clear(Object* o) {
  auto* g = static_cast<Generator*>(o);
  set_owned(&g->handled_exc, Value());
  if (g->type == &AsyncGeneratorType) {
    asyncgen_untrack(g);
    set_owned(agen_finalizer_slot(g), Value());
  }
  if (g->state != GenState::Running) finish_frame(g);
}

// An async generator whose first iteration found a finalizer hook, not yet closed.
static bool agen_has_finalizer(Generator* g) {
  if (g->type != &AsyncGeneratorType || g->closed || g->state == GenState::Completed) return false;
  Value fin = *agen_finalizer_slot(g);
  return !fin.is_null() && !fin.is_none();
}

static void gen_finalize(Object* o) {
  auto* g = static_cast<Generator*>(o);
  if (agen_has_finalizer(g)) {
    g->finalized = true;
    Ref saved = fetch_error();
    Ref fin = Ref::borrow(*agen_finalizer_slot(g));
    Ref r = call1(fin.get(), Value::from_obj(g));
    if (!r) write_unraisable(Value::from_obj(g));
    if (saved) restore_error(std::move(saved));
    return;
  }
  if (g->state == GenState::Created && is_coroutine(g)) {
    g->finalized = true;
    warn_unawaited(g);
    return;
  }
  if (g->state != GenState::Suspended) return;
  Ref saved = fetch_error();
  Ref r = generator_close(g);
  if (!r) write_unraisable(Value::from_obj(g));
  if (saved) restore_error(std::move(saved));
}

static void gen_dealloc(Object* o) {
  auto* g = static_cast<Generator*>(o);
  if ((g->state == GenState::Suspended || (g->state == GenState::Created && is_coroutine(g)) || agen_has_finalizer(g)) &&
      !g->finalized) {
    g->finalized = true;
    ++o->refcnt;
    gen_finalize(o);
    if (--o->refcnt != 0) return;  // resurrected by a finally block
  }
  gc_untrack(o);
  gen_clear(o);
  Frame* f = g->frame();
  if (f->code) {
    decref(f->code);
    f->code = nullptr;
  }
  xdecref(g->names);
  free_object(o);
}

void init_generator_types() {
  static_type_init(GeneratorType, "generator", sizeof(Generator), &ObjectType, kTypeGc);
  GeneratorType.iter = gen_iter;
  GeneratorType.iternext = gen_iternext;
  GeneratorType.repr = gen_repr;
  GeneratorType.traverse = gen_traverse;
  GeneratorType.clear = gen_clear;
  GeneratorType.dealloc = gen_dealloc;
  GeneratorType.finalize = gen_finalize;
  GeneratorType.methods = gen_methods;
  GeneratorType.getsets = gen_getsets;
  ready_type(&GeneratorType);

  static_type_init(CoroutineType, "coroutine", sizeof(Generator), &ObjectType, kTypeGc);
  CoroutineType.repr = gen_repr;
  CoroutineType.traverse = gen_traverse;
  CoroutineType.clear = gen_clear;
  CoroutineType.dealloc = gen_dealloc;
  CoroutineType.finalize = gen_finalize;
  CoroutineType.methods = coro_methods;
  CoroutineType.getsets = coro_getsets;
  ready_type(&CoroutineType);

  static_type_init(AsyncGeneratorType, "async_generator", sizeof(Generator), &ObjectType, kTypeGc);
  AsyncGeneratorType.repr = gen_repr;
  AsyncGeneratorType.traverse = gen_traverse;
  AsyncGeneratorType.clear = gen_clear;
  AsyncGeneratorType.dealloc = gen_dealloc;
  AsyncGeneratorType.finalize = gen_finalize;
  AsyncGeneratorType.getsets = agen_getsets;
  AsyncGeneratorType.methods = agen_methods;
  ready_type(&AsyncGeneratorType);

  static_type_init(AsyncGenWrappedValueType, "async_generator_wrapped_value", sizeof(WrappedValue), &ObjectType, 0);
  AsyncGenWrappedValueType.dealloc = wrapped_dealloc;
  ready_type(&AsyncGenWrappedValueType);

  static_type_init(AsyncGenASendType, "async_generator_asend", sizeof(AsyncGenASend), &ObjectType, kTypeGc);
  AsyncGenASendType.iter = gen_iter;
  AsyncGenASendType.iternext = asend_next;
  AsyncGenASendType.methods = asend_methods;
  AsyncGenASendType.traverse = aw_traverse;
  AsyncGenASendType.clear = aw_clear;
  AsyncGenASendType.dealloc = aw_dealloc;
  ready_type(&AsyncGenASendType);

  static_type_init(AsyncGenAThrowType, "async_generator_athrow", sizeof(AsyncGenAThrow), &ObjectType, kTypeGc);
  AsyncGenAThrowType.iter = gen_iter;
  AsyncGenAThrowType.iternext = athrow_next;
  AsyncGenAThrowType.methods = athrow_methods;
  AsyncGenAThrowType.traverse = aw_traverse;
  AsyncGenAThrowType.clear = aw_clear;
  AsyncGenAThrowType.dealloc = aw_dealloc;
  ready_type(&AsyncGenAThrowType);

  static_type_init(CoroWrapperType, "coroutine_wrapper", sizeof(CoroWrapper), &ObjectType, kTypeGc);
  CoroWrapperType.iter = gen_iter;
  CoroWrapperType.iternext = wrapper_next;
  CoroWrapperType.methods = wrapper_methods;
  CoroWrapperType.traverse = wrapper_traverse;
  CoroWrapperType.clear = wrapper_clear;
  CoroWrapperType.dealloc = wrapper_dealloc;
  ready_type(&CoroWrapperType);
}

}  // namespace gilpy::vm
